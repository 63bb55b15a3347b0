package legalreview

import (
	"time"

	"fazhi/internal/calendar"
)

// Record kinds of the audit chain and the workflow items.
const (
	ReviewKind   = "legal_review"
	ApprovalKind = "gov_approval"
	CatalogKind  = "review_catalog"
	PoolKind     = "review_reviewer"
	FlagsKind    = "review_case_flags"
)

// Submission is a case's legal review: one application that runs in
// rounds until it passes or is withdrawn. Its state is its workflow item's.
type Submission struct {
	ID          int64  `json:"id"`
	CaseID      int64  `json:"case_id"`
	CaseNumber  string `json:"case_number"`
	CaseTitle   string `json:"case_title"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	Number      string `json:"number"` // 审核编号
	State       string `json:"state"`
	StateLabel  string `json:"state_label"`
	ItemID      int64  `json:"item_id"`
	ItemVersion int    `json:"item_version"` // the version every action must carry
	// Reasons are the catalogue rules (and statutory cases) the case met
	// when it was submitted, as sentences.
	Reasons        []string      `json:"reasons"`
	CatalogID      int64         `json:"catalog_id,omitempty"`
	CatalogVersion int           `json:"catalog_version,omitempty"`
	DecisionOn     calendar.Date `json:"decision_on"` // the intended decision date the catalogue was read on
	SubmittedOn    calendar.Date `json:"submitted_on"`
	Submitter      string        `json:"submitter"`
	Round          int           `json:"round"`
	// The reviewer: a person of the case unit's pool, or of another
	// unit's when invited (cross-department collaborative review).
	ReviewerID     int64          `json:"reviewer_id,omitempty"`
	ReviewerName   string         `json:"reviewer_name,omitempty"`
	ReviewerUnitID int64          `json:"reviewer_unit_id,omitempty"`
	ReviewerUnit   string         `json:"reviewer_unit,omitempty"`
	Invited        bool           `json:"invited"`
	InviteReason   string         `json:"invite_reason,omitempty"`
	AssignedOn     *calendar.Date `json:"assigned_on,omitempty"`
	RoundOn        *calendar.Date `json:"round_on,omitempty"` // the day the current round's clock started
	PassedOn       *calendar.Date `json:"passed_on,omitempty"`
	ClosedOn       *calendar.Date `json:"closed_on,omitempty"`
	Discussion     string         `json:"discussion,omitempty"` // the collective discussion's conclusion
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// MaterialFile is one uploaded document of a submission package.
type MaterialFile struct {
	ID          int64         `json:"id"`
	ReviewID    int64         `json:"review_id"`
	Round       int           `json:"round"`
	Kind        Material      `json:"kind"`
	KindLabel   string        `json:"kind_label"`
	Filename    string        `json:"filename"`
	ContentType string        `json:"content_type"`
	Size        int64         `json:"size"`
	SHA256      string        `json:"sha256"`
	UploadedOn  calendar.Date `json:"uploaded_on"`
	UploadedBy  string        `json:"uploaded_by"`
}

// Upload is a document as submitted, with its content.
type Upload struct {
	Kind        Material `json:"kind"`
	Filename    string   `json:"filename"`
	ContentType string   `json:"content_type"`
	Data        []byte   `json:"data"` // base64 in JSON
}

// ApprovalRequest is a decision reported through the legal affairs
// office to the city government for approval. Its state is its workflow
// item's.
type ApprovalRequest struct {
	ID             int64          `json:"id"`
	CaseID         int64          `json:"case_id"`
	CaseNumber     string         `json:"case_number"`
	CaseTitle      string         `json:"case_title"`
	UnitID         int64          `json:"unit_id"`
	UnitName       string         `json:"unit_name"`
	Number         string         `json:"number"`
	State          string         `json:"state"`
	StateLabel     string         `json:"state_label"`
	ItemID         int64          `json:"item_id"`
	ItemVersion    int            `json:"item_version"`
	Reasons        []string       `json:"reasons"`
	CatalogID      int64          `json:"catalog_id,omitempty"`
	CatalogVersion int            `json:"catalog_version,omitempty"`
	Summary        string         `json:"summary"` // what the unit asks to be approved
	DraftedOn      calendar.Date  `json:"drafted_on"`
	SentOn         *calendar.Date `json:"sent_on,omitempty"`
	ForwardedOn    *calendar.Date `json:"forwarded_on,omitempty"`
	DecidedOn      *calendar.Date `json:"decided_on,omitempty"`
	OfficeOpinion  string         `json:"office_opinion,omitempty"`
	GovernmentRef  string         `json:"government_ref,omitempty"` // the government's reply number
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// PoolMember is a person designated as a legal reviewer of a unit, with
// what the qualification check needs.
type PoolMember struct {
	PersonID           int64         `json:"person_id"`
	Name               string        `json:"name"`
	UnitID             int64         `json:"unit_id"`
	UnitName           string        `json:"unit_name"`
	Post               string        `json:"post"`
	Since              calendar.Date `json:"since"`
	Active             bool          `json:"active"`
	PersonActive       bool          `json:"person_active"`
	LegalQualification bool          `json:"legal_qualification"` // from the officer record
	// PriorReviews are reviews done before the platform (registered);
	// Reviews those recorded on it.
	PriorReviews int    `json:"prior_reviews"`
	Reviews      int    `json:"reviews"`
	Note         string `json:"note"`
	Version      int    `json:"version"`
}

// Reviewer is the member as CheckReviewer sees them.
func (m PoolMember) Reviewer() Reviewer {
	return Reviewer{PersonID: m.PersonID, Name: m.Name, UnitID: m.UnitID, LegalQualification: m.LegalQualification,
		PriorReviews: m.PriorReviews + m.Reviews, Active: m.Active && m.PersonActive}
}

// Round is one submission of a review with its documents and the
// reviewer's opinion on it (nil while pending).
type Round struct {
	Round       int            `json:"round"`
	SubmittedOn calendar.Date  `json:"submitted_on"`
	Submitter   string         `json:"submitter"`
	Note        string         `json:"note,omitempty"` // what the resubmission corrected
	Materials   []MaterialFile `json:"materials"`
	Opinion     *Opinion       `json:"opinion,omitempty"`
}
