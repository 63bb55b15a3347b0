package legalreview

import (
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/enforcement"
)

// CaseFlags are the attributes a catalogue tests that the penalty case
// does not record itself: declared by the handling unit (major public
// interest, a difficult case) or a referral to review by the handling
// head (承办机构负责人认为需要审核).
type CaseFlags struct {
	CaseID              int64  `json:"case_id"`
	UnitID              int64  `json:"unit_id"`
	MajorPublicInterest bool   `json:"major_public_interest"`
	Complex             bool   `json:"complex"`
	Referred            bool   `json:"referred"`
	Note                string `json:"note"`
	Version             int    `json:"version"` // 0 = not declared yet
}

// suspensionKinds are the penalty kinds of the suspension rule
// (责令停产停业、责令关闭、限制从业、限制开展生产经营活动).
var suspensionKinds = []string{"suspend_business", "close", "restrict_employment", "restrict_activity"}

// FactsOf reads a case as the catalogue sees it. The intended decision is
// the heavier of the prior notice and the decision draft: a review opinion
// given on the notice must still cover a decision taken on it, and a
// decision may not exceed the notice anyway (Art. 45).
func FactsOf(c enforcement.Case, fl CaseFlags) Facts {
	party := Person
	if c.Party.Kind.Organisational() {
		party = Org
	}
	kinds := append(enforcement.SplitKinds(c.NoticeKinds), enforcement.SplitKinds(c.PenaltyKinds)...)
	return Facts{
		PartyType:           party,
		Ordinary:            c.Procedure == enforcement.Ordinary,
		Fine:                yuanOf(max(c.Fine, c.NoticeFine)),
		Confiscation:        yuanOf(max(c.Confiscation, c.NoticeConfiscation)),
		LicenceRevocation:   slices.Contains(kinds, "revoke_licence"),
		Suspension:          slices.ContainsFunc(kinds, func(k string) bool { return slices.Contains(suspensionKinds, k) }),
		HearingHeld:         c.HearingHeld,
		OutsideBenchmark:    c.OutsideBenchmark,
		MajorPublicInterest: fl.MajorPublicInterest,
		Complex:             fl.Complex || c.CollectiveRequired,
		Referred:            fl.Referred,
	}
}

// yuanOf is an amount in whole yuan, rounded down: a threshold "at or
// above N yuan" is met by N yuan and not by N-1 yuan and 99 fen.
func yuanOf(m enforcement.Money) int64 { return int64(m) / 100 }

// Reasons turns matches into the sentences a refusal and an application
// form quote: the catalogue's rule and what in the case meets it.
func Reasons(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Rule.Describe() + "：" + m.Reason
		if m.Rule.Note != "" {
			out[i] += "（" + m.Rule.Note + "）"
		}
	}
	return out
}

// FormatNumber fills a number format of the rule table ("{简称}法审〔{年}〕{序号}号").
func FormatNumber(format, short string, year, seq int) string {
	return strings.NewReplacer("{简称}", short, "{年}", fmt.Sprint(year), "{序号}", fmt.Sprint(seq)).Replace(format)
}
