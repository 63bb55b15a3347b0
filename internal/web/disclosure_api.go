package web

// The disclosure JSON API under /api/v1: the public search and records
// (/penalties, masked) and the management of records (/disclosures, the
// internal view for the record's unit and the legal affairs office).

import (
	"net/http"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/store"
)

// penaltySearchJSON is one page of the public search.
type penaltySearchJSON struct {
	Items     []penaltyHit `json:"items"`
	Total     int          `json:"total"`
	Capped    bool         `json:"capped"`     // more than 10,000 match; total is then 10,000
	CountText string       `json:"count_text"` // "1,234" or "10,000+"
	Exact     string       `json:"exact,omitempty"`
	Limit     int          `json:"limit"`
	Offset    int          `json:"offset"`
}

func (s *Server) apiPenaltySearch(w http.ResponseWriter, r *http.Request) error {
	f, q := penaltyQueryOf(r)
	if len(f.Errors) > 0 {
		var fe apperr.Fields
		for k, v := range f.Errors {
			fe.Add(k, k, v)
		}
		return fe.Err()
	}
	if n := int(queryInt(r, "limit")); n > 0 {
		q.Limit = min(n, 100)
	}
	hits, res, err := s.penaltyResults(r.Context(), q, q.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, penaltySearchJSON{Items: items(hits), Total: res.Total, Capped: res.Capped,
		CountText: countText(res), Exact: f.Exact, Limit: q.Limit, Offset: q.Offset})
}

func (s *Server) apiPenaltyShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.publicRecord(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec.Public())
}

func (s *Server) apiPenaltyWithdrawn(w http.ResponseWriter, r *http.Request) error {
	rows, p, total, err := s.withdrawnRows(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[disclosure.Public]{items(rows), total, p.Limit, p.Offset})
}

// disclosureJSON is a record as its unit and the legal affairs office see
// it: everything, the public text beside it, and its clocks.
type disclosureJSON struct {
	Record disclosure.Record `json:"record"`
	Public disclosure.Public `json:"public"`
	Timers []store.Timer     `json:"timers,omitempty"`
}

func (s *Server) apiDisclosureList(w http.ResponseWriter, r *http.Request) error {
	f, err := disclosureFilterOf(r)
	if err != nil {
		return err
	}
	recs, total, err := s.store.Disclosures(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[disclosure.Record]{items(recs), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiDisclosureShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	return s.writeDisclosure(w, r, http.StatusOK, rec)
}

func (s *Server) writeDisclosure(w http.ResponseWriter, r *http.Request, status int, rec disclosure.Record) error {
	timers, err := s.store.DisclosureTimers(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, status, disclosureJSON{Record: rec, Public: rec.Public(), Timers: timers})
}

// disclosureInput is what the API accepts to register a decision: the
// data set's fields (amounts in 万元 as strings, "1.5"); the agency and
// data source default to the unit; published_on, for decisions published
// earlier elsewhere, defaults to today.
type disclosureInput struct {
	UnitID            int64                    `json:"unit_id"`
	SourceCaseID      int64                    `json:"source_case_id"`
	PartyName         string                   `json:"party_name"`
	PartyCategory     disclosure.PartyCategory `json:"party_category"`
	CreditCode        string                   `json:"credit_code"`
	RegistrationNo    string                   `json:"registration_no"`
	OrgCode           string                   `json:"org_code"`
	TaxNo             string                   `json:"tax_no"`
	InstitutionNo     string                   `json:"institution_no"`
	SocialOrgNo       string                   `json:"social_org_no"`
	LegalRep          string                   `json:"legal_rep"`
	LegalRepIDType    disclosure.IDType        `json:"legal_rep_id_type"`
	LegalRepID        string                   `json:"legal_rep_id"`
	PartyIDType       disclosure.IDType        `json:"party_id_type"`
	PartyID           string                   `json:"party_id"`
	Minor             bool                     `json:"minor"`
	OtherPersons      []string                 `json:"other_persons"`
	DecisionNumber    string                   `json:"decision_number"`
	ViolationType     string                   `json:"violation_type"`
	Facts             string                   `json:"facts"`
	Basis             string                   `json:"basis"`
	Categories        []disclosure.Category    `json:"categories"`
	Content           string                   `json:"content"`
	Fine              disclosure.Amount        `json:"fine"`
	Confiscation      disclosure.Amount        `json:"confiscation"`
	Licence           string                   `json:"licence"`
	DecidedOn         calendar.Date            `json:"decided_on"`
	PenaltyValidUntil *calendar.Date           `json:"penalty_valid_until"`
	Agency            string                   `json:"agency"`
	AgencyCode        string                   `json:"agency_code"`
	DataSource        string                   `json:"data_source"`
	DataSourceCode    string                   `json:"data_source_code"`
	Note              string                   `json:"note"`
	PublishedOn       *calendar.Date           `json:"published_on"`
}

func (in disclosureInput) record() disclosure.Record {
	return disclosure.Record{UnitID: in.UnitID, SourceCaseID: in.SourceCaseID, PartyName: in.PartyName,
		PartyCategory: in.PartyCategory, CreditCode: in.CreditCode, RegistrationNo: in.RegistrationNo, OrgCode: in.OrgCode,
		TaxNo: in.TaxNo, InstitutionNo: in.InstitutionNo, SocialOrgNo: in.SocialOrgNo, LegalRep: in.LegalRep,
		LegalRepIDType: in.LegalRepIDType, LegalRepID: in.LegalRepID, PartyIDType: in.PartyIDType, PartyID: in.PartyID,
		Minor: in.Minor, OtherPersons: in.OtherPersons, DecisionNumber: in.DecisionNumber, ViolationType: in.ViolationType,
		Facts: in.Facts, Basis: in.Basis, Categories: in.Categories, Content: in.Content, Fine: in.Fine,
		Confiscation: in.Confiscation, Licence: in.Licence, DecidedOn: in.DecidedOn, PenaltyValidUntil: in.PenaltyValidUntil,
		Agency: in.Agency, AgencyCode: in.AgencyCode, DataSource: in.DataSource, DataSourceCode: in.DataSourceCode,
		Note: in.Note, PublishedOn: in.PublishedOn}
}

func (s *Server) apiDisclosureCreate(w http.ResponseWriter, r *http.Request) error {
	var in disclosureInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rec := in.record()
	if err := checkRegistrar(actorOf(r), rec.UnitID); err != nil {
		return err
	}
	if err := s.store.PublishDisclosure(r.Context(), actorOf(r).Audit(), &rec); err != nil {
		return err
	}
	return s.writeDisclosure(w, r, http.StatusCreated, rec)
}

func (s *Server) apiDisclosureChange(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int           `json:"version"`
		On      calendar.Date `json:"on"`
		Reason  string        `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	rec, err = s.store.RecordDecisionChange(r.Context(), actorOf(r), rec.ID, store.ChangeRequest{Version: in.Version,
		On: in.On, Reason: strings.TrimSpace(in.Reason)})
	if err != nil {
		return err
	}
	return s.writeDisclosure(w, r, http.StatusOK, rec)
}

func (s *Server) apiDisclosureWithdraw(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	var in struct {
		Version   int           `json:"version"`
		ChangedOn calendar.Date `json:"changed_on"`
		On        calendar.Date `json:"on"`
		Reason    string        `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	rec, err = s.store.WithdrawDisclosure(r.Context(), actorOf(r), rec.ID, store.WithdrawRequest{Version: in.Version,
		ChangedOn: in.ChangedOn, On: in.On, Reason: strings.TrimSpace(in.Reason)})
	if err != nil {
		return err
	}
	return s.writeDisclosure(w, r, http.StatusOK, rec)
}
