package disclosure

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
	"fazhi/internal/rule"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestLifecycleIsValid(t *testing.T) {
	if err := Lifecycle.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, s := range Statuses {
		if _, ok := Lifecycle.State(string(s.Value)); !ok {
			t.Errorf("status %s is not a workflow state", s.Value)
		}
	}
}

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fen  Amount
		wan  string
		yuan string
	}{
		{"1.5", 1_500_000, "1.5", "15,000.00"},
		{"0.05", 50_000, "0.05", "500.00"},
		{"２，０００", 2_000_000_000, "2000", "20,000,000.00"},
		{"0.000123", 123, "0.000123", "1.23"},
		{"", 0, "0", "0.00"},
		{".5万元", 500_000, "0.5", "5,000.00"},
	} {
		got, err := ParseWan(tc.in)
		if err != nil || got != tc.fen || got.Wan() != tc.wan || got.Yuan() != tc.yuan {
			t.Errorf("ParseWan(%q) = %d (%s, %s), %v; want %d (%s, %s)", tc.in, got, got.Wan(), got.Yuan(), err, tc.fen, tc.wan, tc.yuan)
		}
	}
	for _, bad := range []string{"1.2345678", "-1", "abc", "1e5"} {
		if _, err := ParseWan(bad); err == nil {
			t.Errorf("ParseWan(%q) accepted", bad)
		}
	}
	b, _ := json.Marshal(struct{ Fine Amount }{1_500_000})
	if string(b) != `{"Fine":"1.5"}` {
		t.Errorf("JSON %s", b)
	}
}

func TestDecisionNumber(t *testing.T) {
	for in, want := range map[string]string{
		"慈市监罚[2024]12号":     "慈市监罚〔2024〕12号",
		"慈市监罚（２０２４）１２号":     "慈市监罚〔2024〕12号",
		" 慈市监罚 【2024】 12 号": "慈市监罚〔2024〕12号",
		"慈市监罚〔2024〕12号":     "慈市监罚〔2024〕12号",
	} {
		if got := NormalizeDecisionNumber(in); got != want {
			t.Errorf("NormalizeDecisionNumber(%q) = %q, want %q", in, got, want)
		}
		if !LooksLikeDecisionNumber(in) {
			t.Errorf("%q not taken for a decision number", in)
		}
	}
	if LooksLikeDecisionNumber("食品安全") || LooksLikeDecisionNumber("2024") {
		t.Error("plain text taken for a decision number")
	}
}

func TestCategories(t *testing.T) {
	cats, unknown := SplitCategories("罚款；没收违法所得、吊销许可证，罚款；罚金")
	if len(cats) != 3 || cats[2] != RevokeLicence || len(unknown) != 1 || unknown[0] != "罚金" {
		t.Fatalf("SplitCategories = %v %v", cats, unknown)
	}
	if p := Principal(cats); p != RevokeLicence {
		t.Errorf("Principal = %s", p)
	}
	if p := Principal([]Category{OtherPenalty, Warning}); p != Warning {
		t.Errorf("Principal of other+warning = %s", p)
	}
}

func validRecord() Record {
	return Record{PartyName: "慈溪市鑫源电器有限公司", PartyCategory: Organisation, CreditCode: company, LegalRep: "王海峰",
		DecisionNumber: "慈市监罚[2026]5号", ViolationType: "销售不合格产品", Facts: "经查……", Basis: "《中华人民共和国产品质量法》第四十九条",
		Categories: []Category{Fine, ConfiscateGains}, Content: "罚款人民币15000元，没收违法所得2000元", Fine: 15_000_00,
		Confiscation: 2_000_00, DecidedOn: day("2026-11-02")}
}

func TestPrepare(t *testing.T) {
	today := day("2026-11-27")
	r := validRecord()
	if err := r.Prepare(today); err != nil {
		t.Fatalf("valid record: %v", err)
	}
	if r.DecisionNumber != "慈市监罚〔2026〕5号" {
		t.Errorf("number not normalised: %s", r.DecisionNumber)
	}
	for _, tc := range []struct {
		name   string
		change func(r *Record)
		fields []string
	}{
		{"empty", func(r *Record) { *r = Record{} }, []string{"party_name", "party_category", "decision_number", "violation_type",
			"facts", "basis", "content", "categories", "decided_on"}},
		{"bad credit code", func(r *Record) { r.CreditCode = company[:17] + "Z" }, []string{"credit_code"}},
		{"org without codes", func(r *Record) { r.CreditCode = "" }, []string{"credit_code"}},
		{"org without legal rep", func(r *Record) { r.LegalRep = "" }, []string{"legal_rep"}},
		{"person without ID", func(r *Record) { r.PartyCategory = Person }, []string{"party_id"}},
		{"person with bad ID", func(r *Record) {
			r.PartyCategory, r.PartyIDType, r.PartyID = Person, ResidentIDCard, "330282198504121239"
		}, []string{"party_id"}},
		{"fine without amount", func(r *Record) { r.Fine = 0 }, []string{"fine"}},
		{"revoked without licence", func(r *Record) { r.Categories = append(r.Categories, RevokeLicence) }, []string{"licence"}},
		{"future decision", func(r *Record) { r.DecidedOn = day("2026-12-01") }, []string{"decided_on"}},
		{"number shape", func(r *Record) { r.DecisionNumber = "慈市监罚12号" }, []string{"decision_number"}},
		{"unknown category", func(r *Record) { r.Categories = []Category{"flogging"} }, []string{"categories"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := validRecord()
			tc.change(&r)
			err := r.Prepare(today)
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("err = %v", err)
			}
			got := map[string]bool{}
			for _, f := range apperr.FieldsOf(err) {
				got[f.Field] = true
			}
			for _, f := range tc.fields {
				if !got[f] {
					t.Errorf("no error on %s: %v", f, err)
				}
			}
		})
	}
}

func TestMinorOn(t *testing.T) {
	born := time.Date(2009, 6, 15, 0, 0, 0, 0, time.UTC)
	r := Record{PartyCategory: Person, PartyIDType: ResidentIDCard, PartyID: ident.MakeResidentID("330282", born, 21)}
	for _, tc := range []struct {
		on    string
		minor bool
	}{{"2027-06-14", true}, {"2027-06-15", false}, {"2024-01-01", true}} {
		if got, why := r.MinorOn(day(tc.on), 18); got != tc.minor {
			t.Errorf("on %s minor=%v (%s), want %v", tc.on, got, why, tc.minor)
		}
	}
	adult := Record{PartyCategory: Person, PartyIDType: ResidentIDCard, PartyID: idAdult}
	if m, _ := adult.MinorOn(day("2026-01-01"), 18); m {
		t.Error("an adult taken for a minor")
	}
	declared := Record{PartyCategory: Person, PartyIDType: Passport, PartyID: "E12345678", Minor: true}
	if m, _ := declared.MinorOn(day("2026-01-01"), 18); !m {
		t.Error("a declared minor was not")
	}
}

func TestDisplayUntil(t *testing.T) {
	periods := map[Category]rule.Rule{
		Warning:        {Key: DisplayKey(Warning), Value: "3", Unit: rule.Months},
		Fine:           {Key: DisplayKey(Fine), Value: "1", Unit: rule.Years},
		RevokeLicence:  {Key: DisplayKey(RevokeLicence), Value: "3", Unit: rule.Years},
		SuspendLicence: {Key: DisplayKey(SuspendLicence), Value: "3", Unit: rule.Years},
	}
	later := day("2032-01-01")
	for _, tc := range []struct {
		cats  []Category
		valid *calendar.Date
		want  string
	}{
		{[]Category{Warning}, nil, "2024-05-29"},
		{[]Category{Warning, Fine}, nil, "2025-02-28"},
		{[]Category{Fine, RevokeLicence}, nil, "2027-02-28"},
		{[]Category{SuspendLicence}, &later, "2032-01-01"},
		{[]Category{Fine}, &later, "2025-02-28"},
	} {
		got, err := DisplayUntil(day("2024-02-29"), periods, tc.cats, tc.valid)
		if err != nil || got.String() != tc.want {
			t.Errorf("%v: %s, %v; want %s", tc.cats, got, err, tc.want)
		}
	}
	if _, err := DisplayUntil(day("2024-02-29"), periods, []Category{Detention}, nil); err == nil || !strings.Contains(err.Error(), "行政拘留") {
		t.Errorf("missing rule: %v", err)
	}
}

func TestPublicViewHasNoIdentifiers(t *testing.T) {
	r := Record{ID: 9, PartyName: "张建国", PartyCategory: Person, PartyIDType: ResidentIDCard, PartyID: idAdult,
		LegalRep: "x", LegalRepID: idOther, Facts: "身份证" + idAdult, Status: Published, DecisionNumber: "慈市监罚〔2026〕5号"}
	r.Masked = &Masked{}
	*r.Masked = Mask(DefaultPolicy, r)
	b, _ := json.Marshal(r.Public())
	for _, leak := range []string{idAdult, idOther, `"legal_rep"`} {
		if strings.Contains(string(b), leak) {
			t.Errorf("public view contains %s: %s", leak, b)
		}
	}
	r.Status = Withdrawn
	if p := r.Public(); p.Facts != "" || p.DecisionNumber == "" {
		t.Errorf("withdrawn record shows facts or lacks its number: %+v", p)
	}
}
