package enforcement

import (
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/pdf"
	"fazhi/internal/rule"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWorkflowsValidate(t *testing.T) {
	for _, def := range []*struct {
		name string
		err  error
	}{{"ordinary", OrdinaryProcedure.Validate()}, {"simple", SimpleProcedure.Validate()}} {
		if def.err != nil {
			t.Errorf("%s: %v", def.name, def.err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]Money{"5000": 500000, "5,000.5": 500050, "1.2万": 1200000, "￥12元": 1200, "": 0, "0.01": 1} {
		if got, err := ParseMoney(in); err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"-1", "abc", "1e20"} {
		if _, err := ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) accepted", bad)
		}
	}
	if s := Money(123456789).String(); s != "1,234,567.89" {
		t.Errorf("String = %s", s)
	}
	if s := Yuan(12345).Wan(); s != "1.234500" {
		t.Errorf("Wan = %s", s)
	}
}

func money(y int64) *Money { m := Yuan(y); return &m }

func TestTierRanges(t *testing.T) {
	tiers := []struct {
		tier  Tier
		fine  Money
		gains Money
		in    bool
		why   string
	}{
		{Tier{Name: "从轻", MinFine: Yuan(10000), MaxFine: money(50000)}, Yuan(10000), 0, true, ""},
		{Tier{Name: "从轻", MinFine: Yuan(10000), MaxFine: money(50000)}, Yuan(50000), 0, true, ""},
		{Tier{Name: "从轻", MinFine: Yuan(10000), MaxFine: money(50000)}, Yuan(9999), 0, false, "低于"},
		{Tier{Name: "从轻", MinFine: Yuan(10000), MaxFine: money(50000)}, Yuan(50001), 0, false, "高于"},
		{Tier{Name: "从重", MinFine: Yuan(200000)}, Yuan(900000), 0, true, ""},
		// by multiples of the illegal gains: 1 to 3 times of 20,000
		{Tier{Name: "一般", MinMultiple: 100, MaxMultiple: 300}, Yuan(60000), Yuan(20000), true, ""},
		{Tier{Name: "一般", MinMultiple: 100, MaxMultiple: 300}, Yuan(60001), Yuan(20000), false, "高于"},
		{Tier{Name: "一般", MinMultiple: 100, MaxMultiple: 300}, Yuan(19999), Yuan(20000), false, "低于"},
		// figures and multiples both: the wider range applies
		{Tier{Name: "较重", MinFine: Yuan(50000), MaxFine: money(100000), MinMultiple: 300, MaxMultiple: 500}, Yuan(400000), Yuan(100000), true, ""},
		{Tier{Name: "不予处罚", NoPenalty: true}, Yuan(1), 0, false, "不予处罚"},
		{Tier{Name: "不予处罚", NoPenalty: true}, 0, 0, true, ""},
	}
	for i, tc := range tiers {
		in, why := tc.tier.Within(tc.fine, tc.gains)
		if in != tc.in || !strings.Contains(why, tc.why) {
			t.Errorf("%d: Within(%s) = %v %q; want %v %q", i, tc.fine, in, why, tc.in, tc.why)
		}
	}
	if l := (Tier{MinFine: Yuan(10000), MaxFine: money(20000)}).RangeLabel(); l != "罚款 10,000 元至 20,000 元" {
		t.Errorf("RangeLabel = %s", l)
	}
	if l := (Tier{MinMultiple: 150, MaxMultiple: 300}).RangeLabel(); l != "违法所得 1.5 倍至 3 倍罚款" {
		t.Errorf("RangeLabel = %s", l)
	}
}

func TestPickBenchmark(t *testing.T) {
	end := day("2024-12-31")
	versions := []Benchmark{
		{ID: 1, Version: 1, EffectiveFrom: day("2022-01-01"), EffectiveTo: &end},
		{ID: 2, Version: 2, EffectiveFrom: day("2025-01-01")},
	}
	for on, want := range map[string]int64{"2021-12-31": 0, "2022-01-01": 1, "2024-12-31": 1, "2025-01-01": 2, "2026-11-27": 2} {
		b, ok := PickBenchmark(versions, day(on))
		if (want == 0) == ok || (ok && b.ID != want) {
			t.Errorf("on %s: %d %v, want %d", on, b.ID, ok, want)
		}
	}
	bad := Benchmark{MatterID: 1, EffectiveFrom: day("2025-01-01"), Tiers: []Tier{{Name: "一般"}, {Name: "一般", Conditions: "x"}}}
	if err := bad.Prepare(); err == nil || !strings.Contains(err.Error(), "重复") || !strings.Contains(err.Error(), "适用条件为空") {
		t.Errorf("Prepare = %v", err)
	}
}

func TestSurchargeCappedAtTheFine(t *testing.T) {
	due := day("2026-03-01")
	for _, tc := range []struct {
		paid   string
		exempt int
		want   Money
	}{
		{"2026-03-01", 0, 0},
		{"2026-03-02", 0, Yuan(300)},   // one day: 3 % of 10,000
		{"2026-03-11", 0, Yuan(3000)},  // ten days
		{"2026-04-03", 0, Yuan(9900)},  // 33 days: 99 %
		{"2026-04-04", 0, Yuan(10000)}, // 34 days would be 102 %: capped
		{"2026-12-31", 0, Yuan(10000)},
		{"2026-03-11", 6, Yuan(1200)}, // six days of litigation not counted
	} {
		if got := Surcharge(Yuan(10000), due, day(tc.paid), 3, tc.exempt); got != tc.want {
			t.Errorf("paid %s exempt %d: %s, want %s", tc.paid, tc.exempt, got, tc.want)
		}
	}
	if got := Surcharge(Yuan(10000), due, day("2026-04-02"), 3, 0); got != Yuan(9600) {
		t.Errorf("32 days: %s", got)
	}
}

func TestHearingRight(t *testing.T) {
	person := HearingThresholds{Fine: Yuan(5000), Confiscation: Yuan(5000)}
	for _, tc := range []struct {
		c    Case
		want bool
	}{
		{Case{NoticeKinds: "fine", NoticeFine: Yuan(4999)}, false},
		{Case{NoticeKinds: "fine", NoticeFine: Yuan(5000)}, true},
		{Case{NoticeKinds: "confiscate_gains", NoticeConfiscation: Yuan(6000)}, true},
		{Case{NoticeKinds: "warning,revoke_licence"}, true},
		{Case{NoticeKinds: "warning"}, false},
	} {
		if got, _ := HearingRight(tc.c, person); got != tc.want {
			t.Errorf("%+v: %v", tc.c.NoticeKinds, got)
		}
	}
}

func TestReviewReasonsAndCrimeRisk(t *testing.T) {
	c := Case{}
	if ReviewRequired(c) {
		t.Fatal("a plain case needs no review")
	}
	for _, set := range []func(*Case){
		func(c *Case) { c.OutsideBenchmark = true }, func(c *Case) { c.HearingHeld = true },
		func(c *Case) { c.CollectiveRequired = true }, func(c *Case) { c.ReviewCatalog = true },
	} {
		x := Case{}
		set(&x)
		if !ReviewRequired(x) {
			t.Errorf("review not required for %+v", x)
		}
	}
	m := Matter{CrimeThreshold: Yuan(50000)}
	if !CrimeRisk(Case{AmountInvolved: Yuan(50000), Outcome: Penalised}, m) || CrimeRisk(Case{AmountInvolved: Yuan(50000), Outcome: Transferred}, m) ||
		CrimeRisk(Case{AmountInvolved: Yuan(49999)}, m) || CrimeRisk(Case{AmountInvolved: Yuan(90000)}, Matter{}) {
		t.Error("CrimeRisk")
	}
}

func gateWithRules() *Gate {
	g := &Gate{Rules: map[string]rule.Rule{}}
	for k, v := range map[string]string{"penalty.simple_max_person": "200", "penalty.simple_max_org": "3000", "penalty.min_officers": "2"} {
		g.Rules[k] = rule.Rule{Key: k, Value: v, Citation: "《行政处罚法》"}
	}
	return g
}

func TestCheckSimple(t *testing.T) {
	ok := []OfficerCheck{{PersonID: 1, Entitled: true}, {PersonID: 2, Entitled: true}}
	d := day("2026-02-02")
	for _, tc := range []struct {
		c        Case
		officers []OfficerCheck
		want     string
	}{
		{Case{Party: Party{Kind: Person}, PenaltyKinds: "fine", Fine: Yuan(200), DecidedOn: &d}, ok, ""},
		{Case{Party: Party{Kind: Person}, PenaltyKinds: "fine", Fine: Yuan(201), DecidedOn: &d}, ok, "200 元"},
		{Case{Party: Party{Kind: Organisation}, PenaltyKinds: "fine", Fine: Yuan(3000), DecidedOn: &d}, ok, ""},
		{Case{Party: Party{Kind: Individual}, PenaltyKinds: "fine", Fine: Yuan(3001), DecidedOn: &d}, ok, "3,000 元"},
		{Case{Party: Party{Kind: Person}, PenaltyKinds: "warning", DecidedOn: &d}, ok[:1], "至少 2 名"},
		{Case{Party: Party{Kind: Person}, PenaltyKinds: "warning", DecidedOn: &d},
			[]OfficerCheck{ok[0], {PersonID: 3, Name: "李四", Reason: "该人员未取得行政执法证"}}, "李四：该人员未取得行政执法证"},
	} {
		g := gateWithRules()
		g.Case, g.Officers, g.On = tc.c, tc.officers, d
		err := CheckSimple(g)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.c.Fine, err, tc.want)
		}
	}
}

func decidedCase() Case {
	d, n := day("2026-03-05"), day("2026-02-20")
	return Case{ID: 9, UnitID: 3, DecisionNumber: "慈市场监管局罚〔2026〕7号", Outcome: Penalised, DecidedOn: &d, NoticeOn: &n,
		Party: Party{Kind: Organisation, Name: "慈溪市某某食品有限公司", Code: "91330282MA2AAAAA0X", LegalRep: "王某",
			LegalRepID: "330282198001010011", Address: "慈溪市浒山街道某路1号"},
		MatterName: "销售不符合食品安全标准的食品", Facts: "当事人销售超过保质期的食品。", Basis: "《中华人民共和国食品安全法》第一百二十四条",
		PenaltyKinds: "fine,confiscate_gains", Fine: Yuan(25000), Confiscation: Yuan(1234), TierName: "从轻处罚", BenchmarkVersion: 2}
}

func TestDisclosure(t *testing.T) {
	got, err := Disclosure(decidedCase(), "慈溪市市场监督管理局", "11330282002000000X")
	if err != nil {
		t.Fatal(err)
	}
	if got.PartyName != "慈溪市某某食品有限公司" || got.PartyCategory != "法人及非法人组织" || got.CreditCode != "91330282MA2AAAAA0X" ||
		got.LegalRep != "王某" || got.LegalRepIDType != "身份证" || got.IDNumber != "" || got.FineWan != "2.500000" ||
		got.ConfiscationWan != "0.123400" || got.DecisionDate != "2026-03-05" || got.PenaltyCategory != "罚款、没收违法所得" ||
		got.PenaltyContent != "罚款人民币 25,000 元；没收违法所得人民币 1,234 元" || got.ViolationType != "销售不符合食品安全标准的食品" ||
		got.AgencyCode != "11330282002000000X" || got.SourceCode != got.AgencyCode {
		t.Errorf("disclosure %+v", got)
	}
	p := decidedCase()
	p.Party = Party{Kind: Person, Name: "张某", Code: "330282198001010011"}
	if got, _ := Disclosure(p, "a", "b"); got.IDType != "身份证" || got.IDNumber != p.Party.Code || got.CreditCode != "" || got.PartyCategory != "自然人" {
		t.Errorf("person disclosure %+v", got)
	}
	undecided := decidedCase()
	undecided.Outcome = NoPenalty
	if _, err := Disclosure(undecided, "a", "b"); err == nil {
		t.Error("a case without penalty was disclosed")
	}
}

func TestDecisionDocumentHasArticle59Contents(t *testing.T) {
	c := decidedCase()
	m := Matter{Name: c.MatterName, BasisLaw: "《中华人民共和国食品安全法》", BasisArticle: "第三十四条", PenaltyBasis: "第一百二十四条"}
	x := DocContext{Agency: "慈溪市市场监督管理局", Reconsideration: "慈溪市人民政府", Court: "慈溪市人民法院", ReconsiderDays: 60,
		LitigationMonths: 6, PaymentDays: 15, SurchargeRate: 3, HearingRequestDays: 5,
		Evidence: []CaseRecord{{Kind: RecRecord, Title: "现场检查笔录", OnDate: day("2026-01-06")}}}
	text, err := pdfText(DecisionPDF(c, m, x))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"行政处罚决定书", c.DecisionNumber, "当事人：慈溪市某某食品有限公司", "统一社会信用代码", // party
		"违法事实和证据", "现场检查笔录", // facts and evidence
		"第三十四条", "第一百二十四条", "罚款人民币 25,000 元", // kind and basis
		"15日内", "百分之3", // manner and period of performance
		"60日内向慈溪市人民政府申请行政复议", "6个月内依法向慈溪市人民法院提起行政诉讼", // remedies
		"慈溪市市场监督管理局", "2026年3月5日", "印章"} { // organ, date, seal
		if !strings.Contains(text, want) {
			t.Errorf("decision lacks %q:\n%s", want, text)
		}
	}
	c.FilingNumber, c.HearingRight, c.NoticeKinds, c.NoticeFine = "市场监管局立〔2026〕3号", true, "fine", Yuan(30000)
	text, err = pdfText(NoticePDF(c, m, x))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"行政处罚事先告知书", "市场监管局告〔2026〕3号", "拟对当事人作出如下行政处罚：罚款人民币 30,000 元", "陈述和申辩", "要求听证", "5个工作日", "2026年2月20日"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q:\n%s", want, text)
		}
	}
}

// pdfText is a document's text as one line: wrapped lines joined, page
// numbers dropped.
func pdfText(b []byte) (string, error) {
	text, err := pdf.Text(b)
	var out strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "— ") && strings.HasSuffix(line, " —") {
			continue
		}
		out.WriteString(line)
	}
	return out.String(), err
}
