package legalreview

import (
	"strings"
	"testing"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// gongyi is a catalogue in the shape of the Gongyi one in the domain brief.
var gongyi = Catalog{UnitID: 5, Purpose: Review, Version: 1, EffectiveFrom: date("2022-01-01"), Basis: "示例〔2022〕1号",
	Rules: []Rule{
		{Kind: FineAtLeast, PartyType: Person, Amount: 10000},
		{Kind: FineAtLeast, PartyType: Org, Amount: 100000},
		{Kind: ConfiscationAtLeast, Amount: 100000},
		{Kind: Suspension}, {Kind: LicenceRevocation}, {Kind: HearingHeld}, {Kind: OutsideBenchmark},
		{Kind: MajorPublicInterest}, {Kind: ComplexCase}, {Kind: ManualReferral},
	}}

func TestCatalogRules(t *testing.T) {
	cases := []struct {
		name  string
		facts Facts
		want  []Kind
	}{
		{"small fine on a person", Facts{PartyType: Person, Fine: 9999}, nil},
		{"person at the threshold", Facts{PartyType: Person, Fine: 10000}, []Kind{FineAtLeast}},
		{"organisation below its own threshold", Facts{PartyType: Org, Fine: 50000}, nil},
		{"organisation at its threshold", Facts{PartyType: Org, Fine: 100000}, []Kind{FineAtLeast}},
		{"confiscation for any party", Facts{PartyType: Org, Confiscation: 120000}, []Kind{ConfiscationAtLeast}},
		{"licence revocation", Facts{PartyType: Org, LicenceRevocation: true}, []Kind{LicenceRevocation}},
		{"suspension", Facts{PartyType: Org, Suspension: true}, []Kind{Suspension}},
		{"hearing held", Facts{PartyType: Person, HearingHeld: true}, []Kind{HearingHeld}},
		{"outside the benchmark", Facts{PartyType: Person, OutsideBenchmark: true}, []Kind{OutsideBenchmark}},
		{"major public interest", Facts{MajorPublicInterest: true}, []Kind{MajorPublicInterest}},
		{"complex", Facts{Complex: true}, []Kind{ComplexCase}},
		{"referred", Facts{Referred: true}, []Kind{ManualReferral}},
		{"several at once", Facts{PartyType: Person, Fine: 20000, HearingHeld: true}, []Kind{FineAtLeast, HearingHeld}},
		{"ordinary procedure alone does not", Facts{Ordinary: true}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []Kind
			for _, m := range gongyi.Applies(c.facts) {
				got = append(got, m.Rule.Kind)
				if m.Reason == "" {
					t.Error("a match without a reason")
				}
			}
			if strings.Join(kindStrings(got), ",") != strings.Join(kindStrings(c.want), ",") {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	all := Catalog{Rules: []Rule{{Kind: AllOrdinary}}}
	if len(all.Applies(Facts{Ordinary: true})) != 1 || len(all.Applies(Facts{})) != 0 {
		t.Error("AllOrdinary must match exactly the ordinary-procedure cases")
	}
}

func kindStrings(ks []Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestRequiredAddsTheStatutoryHearingCase(t *testing.T) {
	if got := Required(nil, Facts{HearingHeld: true}); len(got) != 1 || got[0].Rule.Kind != HearingHeld {
		t.Errorf("without a catalogue a heard case still needs review: %v", got)
	}
	if got := Required(&gongyi, Facts{HearingHeld: true}); len(got) != 1 {
		t.Errorf("the hearing rule is listed once: %v", got)
	}
	if got := Required(nil, Facts{Fine: 1e6}); len(got) != 0 {
		t.Errorf("no catalogue, no hearing: %v", got)
	}
}

func TestInForce(t *testing.T) {
	v1 := gongyi
	v2 := gongyi
	v2.Version, v2.EffectiveFrom = 2, date("2025-03-01")
	versions := []Catalog{v2, v1}
	for _, c := range []struct {
		on   string
		want int
	}{{"2021-12-31", 0}, {"2022-01-01", 1}, {"2025-02-28", 1}, {"2025-03-01", 2}, {"2026-11-27", 2}} {
		got := InForce(versions, date(c.on))
		switch {
		case c.want == 0 && got != nil:
			t.Errorf("%s: got version %d, want none", c.on, got.Version)
		case c.want != 0 && (got == nil || got.Version != c.want):
			t.Errorf("%s: got %v, want version %d", c.on, got, c.want)
		}
	}
}

func TestCatalogValidate(t *testing.T) {
	bad := Catalog{Purpose: "x", Rules: []Rule{{Kind: FineAtLeast}, {Kind: "nope"}, {Kind: HearingHeld, Amount: 5},
		{Kind: FineAtLeast, Amount: 5, PartyType: "alien"}}}
	err := bad.Validate()
	fields := map[string]bool{}
	for _, f := range apperr.FieldsOf(err) {
		fields[f.Field] = true
	}
	for _, want := range []string{"unit_id", "purpose", "effective_from", "basis", "rules[0]", "rules[1]", "rules[2]", "rules[3]"} {
		if !fields[want] {
			t.Errorf("no error for %s (got %v)", want, fields)
		}
	}
	if err := gongyi.Validate(); err != nil {
		t.Errorf("a good catalogue: %v", err)
	}
}

func fullFindings(problem Item) []Finding {
	var out []Finding
	for _, it := range Items() {
		f := Finding{Item: it, OK: it != problem}
		if !f.OK {
			f.Comment = "证据不足"
		}
		out = append(out, f)
	}
	return out
}

func TestOpinionValidate(t *testing.T) {
	cases := []struct {
		name    string
		op      Opinion
		invalid string // a field that must be reported; "" = valid
	}{
		{"agree with nothing found", Opinion{Findings: fullFindings(""), Conclusion: Agree}, ""},
		{"problems with a finding", Opinion{Findings: fullFindings(FactsEvidence), Conclusion: Problems, Summary: "补充证据"}, ""},
		{"agree despite a finding", Opinion{Findings: fullFindings(FactsEvidence), Conclusion: Agree}, "conclusion"},
		{"problems without a finding", Opinion{Findings: fullFindings(""), Conclusion: Revise, Summary: "x"}, "conclusion"},
		{"a point left out", Opinion{Findings: fullFindings("")[1:], Conclusion: Agree}, "findings.body_officers"},
		{"a problem without a comment", Opinion{Findings: []Finding{{Item: Procedure}}, Conclusion: Problems, Summary: "x"}, "findings[0]"},
		{"no summary when not agreeing", Opinion{Findings: fullFindings(Documents), Conclusion: Problems}, "summary"},
		{"no conclusion", Opinion{Findings: fullFindings("")}, "conclusion"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.op.Validate()
			if c.invalid == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v %v", err, apperr.FieldsOf(err))
				}
				return
			}
			for _, f := range apperr.FieldsOf(err) {
				if f.Field == c.invalid {
					return
				}
			}
			t.Errorf("no error for %s: %v", c.invalid, apperr.FieldsOf(err))
		})
	}
}

func TestCheckReviewer(t *testing.T) {
	qualified := Reviewer{PersonID: 1, Name: "甲", UnitID: 5, LegalQualification: true, Active: true}
	experienced := Reviewer{PersonID: 2, Name: "乙", UnitID: 5, PriorReviews: 12, Active: true}
	novice := Reviewer{PersonID: 3, Name: "丙", UnitID: 5, Active: true}
	outsider := Reviewer{PersonID: 4, Name: "丁", UnitID: 9, LegalQualification: true, Active: true}
	cases := []struct {
		name          string
		r             Reviewer
		investigators []int64
		invited       bool
		want          apperr.Kind // 0 (Internal) = allowed
	}{
		{"qualified", qualified, []int64{7, 8}, false, 0},
		{"experienced without qualification", experienced, nil, false, 0},
		{"first time without qualification", novice, nil, false, apperr.Invalid},
		{"an investigator of the case", qualified, []int64{1, 8}, false, apperr.Conflict},
		{"another unit, not invited", outsider, nil, false, apperr.Forbidden},
		{"another unit, invited", outsider, nil, true, 0},
		{"not active", Reviewer{PersonID: 5, LegalQualification: true, UnitID: 5}, nil, false, apperr.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckReviewer(c.r, 5, c.investigators, c.invited)
			if c.want == 0 && err != nil || c.want != 0 && apperr.KindOf(err) != c.want {
				t.Errorf("got %v (%v), want %v", err, apperr.KindOf(err), c.want)
			}
		})
	}
}

func TestMaterials(t *testing.T) {
	have := []Material{Application, DraftDecision, InvestigationReport, EvidenceList}
	if m := MissingMaterials(Facts{}, have); len(m) != 0 {
		t.Errorf("complete package reported missing %v", m)
	}
	if m := MissingMaterials(Facts{HearingHeld: true}, have); len(m) != 1 || m[0] != HearingTranscript {
		t.Errorf("heard case without transcript: %v", m)
	}
}

func TestStaffing(t *testing.T) {
	for _, c := range []struct {
		reviewers, officers int
		meets               bool
		needed              int
	}{{5, 100, true, 0}, {4, 100, false, 1}, {1, 21, false, 1}, {2, 21, true, 0}, {0, 0, true, 0}} {
		s := StaffingOf(c.reviewers, c.officers, 5)
		if s.Meets != c.meets || s.Needed != c.needed {
			t.Errorf("%d of %d: %+v", c.reviewers, c.officers, s)
		}
	}
}

func TestFlowsAreValid(t *testing.T) {
	for _, d := range []interface{ Validate() error }{Flow, ApprovalFlow} {
		if err := d.Validate(); err != nil {
			t.Error(err)
		}
	}
}
