package enforcement

import (
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Act is one step of a case: a transition of its workflow with what the
// step records. Apply copies only the fields that belong to the step,
// so a form (or an API call) cannot change anything else.
type Act struct {
	Name    string        `json:"action"`
	Version int           `json:"version"` // the workflow item version the user saw
	On      calendar.Date `json:"on"`      // the legal date of the act
	Reason  string        `json:"reason"`

	// 立案
	OfficerIDs []int64 `json:"officer_ids"` // the first is the lead officer
	// 调查终结
	ViolationType   string         `json:"violation_type"`
	Facts           string         `json:"facts"`
	EvidenceSummary string         `json:"evidence_summary"`
	ViolationOn     *calendar.Date `json:"violation_on"`
	AmountInvolved  Money          `json:"amount_involved"`
	IllegalGains    Money          `json:"illegal_gains"`
	// 告知
	TierID             int64  `json:"tier_id"`
	NoticeFine         Money  `json:"notice_fine"`
	NoticeConfiscation Money  `json:"notice_confiscation"`
	NoticeKinds        string `json:"notice_kinds"`
	DeviationReason    string `json:"deviation_reason"`
	CollectiveRequired bool   `json:"collective_required"`
	// 听证
	HearingNoticeOn *calendar.Date `json:"hearing_notice_on"`
	// 决定
	PenaltyKinds    string `json:"penalty_kinds"`
	Fine            Money  `json:"fine"`
	Confiscation    Money  `json:"confiscation"`
	LicenceAffected string `json:"licence_affected"`
	Basis           string `json:"basis"`
	NoPenaltyReason string `json:"no_penalty_reason"`
	PartyPresent    bool   `json:"party_present"`
	// 送达
	DeliveryMethod    string `json:"delivery_method"`
	ElectronicConsent bool   `json:"electronic_consent"`
	// 执行
	Paid Money `json:"paid"`
}

// Apply returns c as the act would leave it.
func Apply(c Case, a Act) Case {
	on := a.On
	d := &on
	switch a.Name {
	case ActFile:
		c.FiledOn = d
	case ActReport:
		c.ReportOn = d
		c.ViolationType, c.Facts = strings.TrimSpace(a.ViolationType), strings.TrimSpace(a.Facts)
		c.EvidenceSummary = strings.TrimSpace(a.EvidenceSummary)
		if a.ViolationOn != nil {
			c.ViolationOn = a.ViolationOn
		}
		c.AmountInvolved, c.IllegalGains = a.AmountInvolved, a.IllegalGains
	case ActNotify:
		c.NoticeOn = d
		c.TierID, c.NoticeFine, c.NoticeConfiscation = a.TierID, a.NoticeFine, a.NoticeConfiscation
		c.NoticeKinds, c.DeviationReason = normKinds(a.NoticeKinds), strings.TrimSpace(a.DeviationReason)
		c.CollectiveRequired = a.CollectiveRequired
	case ActRequestHearing:
		c.HearingRequestedOn = d
	case ActHoldHearing:
		c.HearingOn, c.HearingNoticeOn, c.HearingHeld = d, a.HearingNoticeOn, true
	case ActDecide:
		c.DecidedOn, c.Outcome = d, Penalised
		c.PenaltyKinds, c.Fine, c.Confiscation = normKinds(a.PenaltyKinds), a.Fine, a.Confiscation
		c.LicenceAffected, c.Basis = strings.TrimSpace(a.LicenceAffected), strings.TrimSpace(a.Basis)
		c.PartyPresent = a.PartyPresent
		if a.TierID != 0 {
			c.TierID = a.TierID
		}
		if r := strings.TrimSpace(a.DeviationReason); r != "" {
			c.DeviationReason = r
		}
	case ActNoPenalty:
		c.DecidedOn, c.Outcome, c.NoPenaltyReason = d, NoPenalty, a.NoPenaltyReason
		c.ClosedOn = d
	case ActNotEstablished:
		c.DecidedOn, c.Outcome, c.ClosedOn = d, NotEstablished, d
	case ActTransfer:
		c.DecidedOn, c.Outcome, c.ClosedOn = d, Transferred, d
	case ActDeliver:
		c.DeliveredOn, c.DeliveryMethod, c.ElectronicConsent = d, a.DeliveryMethod, a.ElectronicConsent
	case ActExecute:
		c.PaidOn, c.Paid = d, a.Paid
	case ActClose, ActFileSimple, ActDecline:
		c.ClosedOn = d
	}
	return c
}

// normKinds keeps the known penalty kinds, in the order of PenaltyKinds.
func normKinds(kinds string) string {
	set := map[string]bool{}
	for _, k := range SplitKinds(kinds) {
		set[k] = true
	}
	var out []string
	for _, o := range PenaltyKinds {
		if set[o.Value] {
			out = append(out, o.Value)
		}
	}
	return strings.Join(out, ",")
}

// NormKinds is normKinds for callers outside the package (forms, imports).
func NormKinds(kinds string) string { return normKinds(kinds) }

// Validate checks what every act needs: a name and a date.
func (a Act) Validate() error {
	var f apperr.Fields
	f.Required("action", "操作", a.Name)
	if a.On.IsZero() {
		f.Add("on", "日期", "必填项为空")
	}
	return f.Err()
}

// OutsideBenchmark reports whether fine lies outside the range of the
// tier the case chose in benchmark b (false when no benchmark applies).
func OutsideBenchmark(b *Benchmark, c Case, fine Money) bool {
	if b == nil {
		return false
	}
	t, ok := b.Tier(c.TierID)
	if !ok {
		return false
	}
	in, _ := t.Within(fine, c.IllegalGains)
	return !in
}
