package store_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/disclosure"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// enfWorld is a market-regulation unit with three officers entitled in
// 2026, one person without a certificate, a matter with a benchmark and
// a crime threshold.
type enfWorld struct {
	*certWorld
	officers    []org.Person
	uncertified org.Person
	matter      enforcement.Matter
	bench       enforcement.Benchmark
	leader      account.Actor
}

func newEnfWorld(t *testing.T, db *sqldb.DB) *enfWorld {
	t.Helper()
	ctx := context.Background()
	w := &enfWorld{certWorld: newCertWorld(t, db)}
	e := store.ExamSession{Name: "2025年行政执法资格考试", HeldOn: d("2025-05-10")}
	if err := w.s.CreateExamSession(ctx, admin, &e); err != nil {
		t.Fatal(err)
	}
	w.examID = e.ID
	for _, name := range []string{"陈主办", "林协办", "吴三号"} {
		p := w.officer(t, name, w.market.ID, certificate.Administrative, 85)
		w.issue(t, p, "2025-07-01")
		w.officers = append(w.officers, p)
	}
	w.uncertified = w.officer(t, "郑无证", w.market.ID, certificate.Administrative, 40)
	w.matter = enforcement.Matter{UnitID: w.market.ID, Code: "330217001000", Name: "销售不符合食品安全标准的食品",
		Category: "市场监管", BasisLaw: "《中华人民共和国食品安全法》", BasisArticle: "第三十四条", PenaltyBasis: "第一百二十四条",
		PowerSource: certificate.Statutory, CrimeThreshold: enforcement.Yuan(50000), CrimeBasis: "《刑法》第一百四十三条立案追诉标准",
		Published: true, Active: true}
	if err := w.s.SaveMatter(ctx, admin, &w.matter, ""); err != nil {
		t.Fatal(err)
	}
	max1, max2 := enforcement.Yuan(50000), enforcement.Yuan(100000)
	w.bench = enforcement.Benchmark{MatterID: w.matter.ID, EffectiveFrom: d("2024-01-01"), Source: "浙江省市场监管裁量基准（2024）", Published: true,
		Tiers: []enforcement.Tier{
			{Name: "从轻处罚", Conditions: "初次违法，货值较小", PenaltyKinds: "fine", MinFine: enforcement.Yuan(10000), MaxFine: &max1},
			{Name: "一般处罚", Conditions: "一般情节", PenaltyKinds: "fine,confiscate_gains", MinFine: enforcement.Yuan(50000), MaxFine: &max2},
		}}
	if err := w.s.CreateBenchmark(ctx, admin, &w.bench); err != nil {
		t.Fatal(err)
	}
	w.leader = account.Actor{UserID: 7, Name: "罗局长", UnitID: w.market.ID, Roles: []account.Role{account.Leader, account.Officer}}
	return w
}

func (w *enfWorld) register(t *testing.T, party enforcement.PartyKind, sourceOn string) enforcement.Case {
	t.Helper()
	c := enforcement.Case{UnitID: w.market.ID, MatterID: w.matter.ID, Source: "complaint", SourceOn: d(sourceOn),
		Party: enforcement.Party{Kind: party, Name: "慈溪市某某食品有限公司", Code: "91330282MA2AAAAA0X", LegalRep: "王某"}}
	if party == enforcement.Person {
		c.Party = enforcement.Party{Kind: party, Name: "张某某", Code: "330282198001010011"}
	}
	if err := w.s.RegisterCase(context.Background(), admin, &c); err != nil {
		t.Fatalf("register: %v", err)
	}
	return c
}

// act applies an act with the case's current version.
func (w *enfWorld) act(t *testing.T, id int64, a enforcement.Act) (enforcement.Case, error) {
	t.Helper()
	c, err := w.s.Case(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	a.Version = c.ItemVersion
	return w.s.ActOnCase(context.Background(), w.leader, id, a)
}

func (w *enfWorld) mustAct(t *testing.T, id int64, a enforcement.Act) enforcement.Case {
	t.Helper()
	c, err := w.act(t, id, a)
	if err != nil {
		t.Fatalf("%s: %v", a.Name, err)
	}
	return c
}

func (w *enfWorld) ids() []int64 { return []int64{w.officers[0].ID, w.officers[1].ID} }

// investigate files the case on filed and closes the investigation with
// one evidence item on reported.
func (w *enfWorld) investigate(t *testing.T, id int64, filed, reported string) enforcement.Case {
	t.Helper()
	w.mustAct(t, id, enforcement.Act{Name: enforcement.ActFile, On: d(filed), OfficerIDs: w.ids()})
	rec := enforcement.CaseRecord{CaseID: id, Kind: enforcement.RecRecord, Title: "现场检查笔录", OnDate: d(filed)}
	if err := w.s.AddCaseRecord(context.Background(), admin, &rec); err != nil {
		t.Fatal(err)
	}
	return w.mustAct(t, id, enforcement.Act{Name: enforcement.ActReport, On: d(reported), Facts: "销售过期食品",
		ViolationOn: ptr(d(filed).AddDays(-10)), AmountInvolved: enforcement.Yuan(8000), IllegalGains: enforcement.Yuan(2000)})
}

// wantRefusal checks err is a gate refusal containing want, and that a
// blocked-attempt flag was recorded for the case.
func (w *enfWorld) wantRefusal(t *testing.T, caseID int64, err error, want string) {
	t.Helper()
	r, ok := enforcement.AsRefusal(err)
	if !ok || apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("err = %v, want a gate refusal %q", err, want)
	}
	if !strings.Contains(r.Message, want) || r.Citation == "" {
		t.Fatalf("refusal %q (citation %q), want %q", r.Message, r.Citation, want)
	}
	open := true
	flags, _, err := w.s.Flags(context.Background(), store.FlagFilter{CaseID: caseID, Kind: enforcement.FlagBlocked, Open: &open})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flags {
		if f.Message == r.Message {
			return
		}
	}
	t.Fatalf("no blocked flag for %q among %+v", r.Message, flags)
}

func TestFilingNeedsTwoEntitledOfficers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newEnfWorld(t, db)
		c := w.register(t, enforcement.Organisation, "2026-01-05")
		if c.State != enforcement.Registered {
			t.Fatalf("state %s", c.State)
		}
		_, err := w.act(t, c.ID, enforcement.Act{Name: enforcement.ActFile, On: d("2026-01-06"),
			OfficerIDs: []int64{w.officers[0].ID, w.uncertified.ID}})
		w.wantRefusal(t, c.ID, err, "郑无证：该人员未取得行政执法证")
		// Nothing of the refused act was written.
		if got, _ := w.s.Case(context.Background(), c.ID); got.FiledOn != nil || got.State != enforcement.Registered {
			t.Fatalf("refused filing wrote %+v", got)
		}
		// An officer of another unit is not entitled for this one.
		other := w.officer(t, "交通执法员", w.traffic.ID, certificate.Administrative, 90)
		w.issue(t, other, "2025-07-02")
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActFile, On: d("2026-01-06"), OfficerIDs: []int64{w.officers[0].ID, other.ID}})
		w.wantRefusal(t, c.ID, err, "不是本执法单位的证件")
		// Before the certificates were issued nobody was entitled.
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActFile, On: d("2025-06-30"), OfficerIDs: w.ids()})
		if err == nil {
			t.Fatal("filing before the source day or certificates passed")
		}
		got := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActFile, On: d("2026-01-06"),
			OfficerIDs: []int64{w.officers[0].ID, w.uncertified.ID, w.officers[1].ID}})
		if got.State != enforcement.Filed || got.FilingNumber == "" || len(got.Officers) != 2 || got.Officers[0].Role != enforcement.LeadOfficer {
			t.Fatalf("filed %+v", got)
		}
		// The uncertified officer named with two entitled ones is flagged.
		flags, _, _ := w.s.Flags(context.Background(), store.FlagFilter{CaseID: c.ID, Kind: enforcement.FlagNotEntitled})
		if len(flags) != 1 || !strings.Contains(flags[0].Message, "郑无证") {
			t.Fatalf("not-entitled flags %+v", flags)
		}
		// The earlier blocked attempts of filing are cleared by the filing.
		open := true
		if blocked, _, _ := w.s.Flags(context.Background(), store.FlagFilter{CaseID: c.ID, Kind: enforcement.FlagBlocked, Open: &open}); len(blocked) != 0 {
			t.Fatalf("blocked flags still open: %+v", blocked)
		}
		item, _ := w.s.Item(context.Background(), enforcement.RecordKind, c.ID)
		timers, _ := w.s.Timers(context.Background(), item.ID)
		var decide store.Timer
		for _, tm := range timers {
			if tm.Name == enforcement.TimerDecide {
				decide = tm
			}
		}
		if decide.State != "running" || decide.DueOn != d("2026-04-07") { // 90 days from 2026-01-06 is 04-06, a rest day (清明)
			t.Fatalf("decide timer %+v", decide)
		}
	})
}

func TestDecisionGatesWithHearing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newEnfWorld(t, db)
		c := w.register(t, enforcement.Person, "2026-01-05")
		w.investigate(t, c.ID, "2026-01-06", "2026-01-20")
		tier := w.bench.Tiers[0].ID

		// No decision without prior notice (Art. 62).
		_, err := w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-01-21"), PenaltyKinds: "fine", Fine: enforcement.Yuan(20000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "不得作出行政处罚决定")

		// A fine of 30,000 yuan to a person gives a right to a hearing (Art. 63).
		n := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActNotify, On: d("2026-01-21"), TierID: tier, NoticeKinds: "fine",
			NoticeFine: enforcement.Yuan(30000)})
		if !n.HearingRight || n.OutsideBenchmark || n.BenchmarkID != w.bench.ID || n.BenchmarkVersion != 1 || n.ReviewRequired {
			t.Fatalf("notified %+v", n)
		}
		// No decision while the party may still ask for a hearing (5 working days: to 01-28).
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-01-23"), PenaltyKinds: "fine", Fine: enforcement.Yuan(30000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "2026-01-28 届满")
		// A request after the 5 working days is refused.
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActRequestHearing, On: d("2026-01-29")})
		w.wantRefusal(t, c.ID, err, "已超过期限")
		w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActRequestHearing, On: d("2026-01-28")})
		// No decision before the requested hearing is held.
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-02-20"), PenaltyKinds: "fine", Fine: enforcement.Yuan(30000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "听证尚未举行")
		// The hearing notice must reach the party 7 working days ahead.
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActHoldHearing, On: d("2026-02-05"), HearingNoticeOn: ptr(d("2026-02-02"))})
		w.wantRefusal(t, c.ID, err, "最早可于 2026-02-11 举行")
		h := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActHoldHearing, On: d("2026-02-11"), HearingNoticeOn: ptr(d("2026-02-02"))})
		if h.State != enforcement.Heard || !h.ReviewRequired {
			t.Fatalf("after hearing %+v", h)
		}
		// The hearing (01-28 to 02-11, 15 days) does not count in the 90 days.
		periods, _ := w.s.CasePeriods(ctx, c.ID)
		if len(periods) != 1 || periods[0].Days != 15 || periods[0].RuleKey != "penalty.pause_hearing" {
			t.Fatalf("periods %+v", periods)
		}
		if due := timerDue(t, w.s, c.ID, enforcement.TimerDecide); due != d("2026-04-21") {
			t.Fatalf("decision due %s after the hearing pause", due)
		}
		// Legal review is required after a hearing (Art. 58(1)(2)).
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-02-12"), PenaltyKinds: "fine", Fine: enforcement.Yuan(30000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "未经法制审核")
		if _, err := w.s.MarkReviewPassed(ctx, admin, store.CaseNote{CaseID: c.ID, On: d("2026-02-12"), Note: "同意"}); err != nil {
			t.Fatal(err)
		}
		// The penalty may not rise after the defence (Art. 45).
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-02-13"), PenaltyKinds: "fine", Fine: enforcement.Yuan(35000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "不得因当事人陈述、申辩而加重处罚")
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-02-13"), PenaltyKinds: "fine,confiscate_gains", Fine: enforcement.Yuan(20000), TierID: tier})
		w.wantRefusal(t, c.ID, err, "没收违法所得")
		dec := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d("2026-02-13"), PenaltyKinds: "fine",
			Fine: enforcement.Yuan(25000), TierID: tier, PartyPresent: true, Basis: "《中华人民共和国食品安全法》第一百二十四条"})
		if dec.State != enforcement.Decided || dec.DecisionNumber == "" || dec.BenchmarkVersion != 1 {
			t.Fatalf("decided %+v", dec)
		}
		if due := timerDue(t, w.s, c.ID, enforcement.TimerDisclosure); due != d("2026-03-02") { // 7 working days after 02-13: 02-14 and 02-28 are make-up workdays of the Spring Festival
			t.Fatalf("disclosure due %s", due)
		}
		dd, err := w.s.CaseDisclosureData(ctx, c.ID)
		if err != nil || dd.DecisionNumber != dec.DecisionNumber || dd.DueOn != d("2026-03-02") || dd.FineWan != "2.500000" ||
			dd.IDNumber != "330282198001010011" || dd.Agency != "慈溪市市场监督管理局" {
			t.Fatalf("disclosure data %+v: %v", dd, err)
		}
		// The hand-off: the decision becomes a published, searchable
		// disclosure and the case's disclosure clock stops, once.
		rec, err := w.s.PublishCaseDisclosure(ctx, admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.SourceCaseID != c.ID || rec.Status != disclosure.Published || rec.PartyCategory != disclosure.Person ||
			rec.PartyID != "330282198001010011" || rec.Fine != disclosure.Amount(enforcement.Yuan(25000)) ||
			len(rec.Categories) != 1 || rec.Categories[0] != disclosure.Fine || rec.PublishDue != d("2026-03-02") {
			t.Fatalf("disclosure %+v", rec)
		}
		res, err := w.s.SearchDisclosures(ctx, search.Query{Text: dec.DecisionNumber})
		if err != nil || res.Total != 1 || res.Hits[0].ID != rec.ID {
			t.Fatalf("search for %s: %+v %v", dec.DecisionNumber, res, err)
		}
		if _, err := w.s.PublishCaseDisclosure(ctx, admin, c.ID); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("second hand-off: %v", err)
		}
		if got, _ := w.s.Case(ctx, c.ID); got.DisclosedOn == nil {
			t.Fatal("case not marked disclosed")
		}
		if running := timerRunning(t, w.s, c.ID, enforcement.TimerDisclosure); running {
			t.Fatal("the disclosure clock still runs")
		}
		x, err := w.s.CaseDocContext(ctx, dec, *dec.DecidedOn)
		if err != nil || x.Benchmark == nil || x.ReconsiderDays != 60 || len(x.Evidence) == 0 {
			t.Fatalf("doc context %+v: %v", x, err)
		}
	})
}

// timerDue is the due day of a case's running timer.
func timerDue(t *testing.T, s *store.Store, caseID int64, name string) calendar.Date {
	t.Helper()
	item, err := s.Item(context.Background(), enforcement.RecordKind, caseID)
	if err != nil {
		t.Fatal(err)
	}
	timers, _ := s.Timers(context.Background(), item.ID)
	for _, tm := range timers {
		if tm.Name == name && tm.State == "running" {
			return tm.DueOn
		}
	}
	t.Fatalf("no running timer %s", name)
	return calendar.Date{}
}

// timerRunning reports whether the case's named timer runs.
func timerRunning(t *testing.T, s *store.Store, caseID int64, name string) bool {
	t.Helper()
	item, err := s.Item(context.Background(), enforcement.RecordKind, caseID)
	if err != nil {
		t.Fatal(err)
	}
	timers, _ := s.Timers(context.Background(), item.ID)
	for _, tm := range timers {
		if tm.Name == name && tm.State == "running" {
			return true
		}
	}
	return false
}

func TestBenchmarkDeviationDeliveryAndSurcharge(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newEnfWorld(t, db)
		c := w.register(t, enforcement.Organisation, "2026-01-05")
		w.investigate(t, c.ID, "2026-01-06", "2026-01-20")
		tier := w.bench.Tiers[0].ID // 从轻: 10,000-50,000 yuan
		// A fine below the tier needs a written reason.
		_, err := w.act(t, c.ID, enforcement.Act{Name: enforcement.ActNotify, On: d("2026-01-21"), TierID: tier, NoticeKinds: "fine", NoticeFine: enforcement.Yuan(5000)})
		w.wantRefusal(t, c.ID, err, "低于“从轻处罚”阶次下限 10,000 元")
		// No tier chosen while a benchmark is in force.
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActNotify, On: d("2026-01-21"), NoticeKinds: "fine", NoticeFine: enforcement.Yuan(20000)})
		w.wantRefusal(t, c.ID, err, "请选择适用的裁量阶次")
		n := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActNotify, On: d("2026-01-21"), TierID: tier, NoticeKinds: "fine",
			NoticeFine: enforcement.Yuan(5000), DeviationReason: "主动消除危害后果，符合减轻处罚情形"})
		if !n.OutsideBenchmark || !n.ReviewRequired || n.HearingRight {
			t.Fatalf("notified %+v", n)
		}
		open := true
		if f, _, _ := w.s.Flags(ctx, store.FlagFilter{CaseID: c.ID, Kind: enforcement.FlagOutside, Open: &open}); len(f) != 1 {
			t.Fatalf("outside flags %+v", f)
		}
		decide := enforcement.Act{Name: enforcement.ActDecide, On: d("2026-01-26"), PenaltyKinds: "fine", Fine: enforcement.Yuan(5000), TierID: tier}
		_, err = w.act(t, c.ID, decide)
		w.wantRefusal(t, c.ID, err, "拟作出的处罚超出裁量基准")
		if _, err := w.s.MarkReviewPassed(ctx, admin, store.CaseNote{CaseID: c.ID, On: d("2026-01-23"), Note: "减轻理由成立"}); err != nil {
			t.Fatal(err)
		}
		if f, _, _ := w.s.Flags(ctx, store.FlagFilter{CaseID: c.ID, Kind: enforcement.FlagOutside, Open: &open}); len(f) != 0 {
			t.Fatalf("outside flag not cleared by the review: %+v", f)
		}
		decide.PartyPresent = false
		w.mustAct(t, c.ID, decide)
		if due := timerDue(t, w.s, c.ID, enforcement.TimerDelivery); due != d("2026-02-04") {
			t.Fatalf("delivery due %s", due)
		}
		// Electronic delivery only with the party's consent (Art. 61).
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDeliver, On: d("2026-01-27"), DeliveryMethod: "electronic"})
		w.wantRefusal(t, c.ID, err, "不得以传真、电子邮件等方式送达")
		dl := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActDeliver, On: d("2026-01-27"), DeliveryMethod: "electronic", ElectronicConsent: true})
		if dl.PaymentDue == nil || *dl.PaymentDue != d("2026-02-11") {
			t.Fatalf("payment due %v", dl.PaymentDue)
		}
		// Paid 40 days late: 3 % a day would be 120 %, capped at the fine (Art. 72).
		_, err = w.act(t, c.ID, enforcement.Act{Name: enforcement.ActExecute, On: d("2026-03-23"), Paid: enforcement.Yuan(9999)})
		w.wantRefusal(t, c.ID, err, "应缴 10,000 元")
		ex := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActExecute, On: d("2026-03-23"), Paid: enforcement.Yuan(10000)})
		if ex.Surcharge != enforcement.Yuan(5000) || ex.State != enforcement.Executed {
			t.Fatalf("executed %+v", ex)
		}
		cl := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActClose, On: d("2026-03-24")})
		if cl.State != enforcement.Closed || cl.ClosedOn == nil {
			t.Fatalf("closed %+v", cl)
		}
	})
}

func TestNinetyDayWarningAndExtension(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newEnfWorld(t, db)
		c := w.register(t, enforcement.Organisation, "2026-01-05")
		w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActFile, On: d("2026-01-06"), OfficerIDs: w.ids()})
		warnings := func(today string) []store.Warning {
			if _, err := w.s.ScanTimers(ctx, d(today)); err != nil {
				t.Fatal(err)
			}
			ws, err := w.s.OpenWarnings(ctx, store.WarningFilter{UnitIDs: []int64{w.market.ID}})
			if err != nil {
				t.Fatal(err)
			}
			var out []store.Warning
			for _, x := range ws {
				if x.Timer.Name == enforcement.TimerDecide {
					out = append(out, x)
				}
			}
			return out
		}
		// Due 04-07 (90 days, rolled over 清明); yellow from 3 working days before.
		if ws := warnings("2026-03-31"); len(ws) != 0 {
			t.Fatalf("warning too early: %+v", ws)
		}
		if ws := warnings("2026-04-01"); len(ws) != 1 || ws[0].Level != store.Yellow {
			t.Fatalf("yellow: %+v", ws)
		}
		if ws := warnings("2026-04-08"); len(ws) != 1 || ws[0].Level != store.Red {
			t.Fatalf("red: %+v", ws)
		}
		// An extension approved by the head moves the deadline 30 days and
		// withdraws the warnings.
		p := enforcement.Period{CaseID: c.ID, RuleKey: "penalty.decide_extension", From: d("2026-04-03"), Reason: "案情复杂，经负责人批准延长"}
		if err := w.s.AddCasePeriod(ctx, admin, &p); err != nil {
			t.Fatal(err)
		}
		if p.Days != 30 || timerDue(t, w.s, c.ID, enforcement.TimerDecide) != d("2026-05-06") {
			t.Fatalf("extension %+v, due %s", p, timerDue(t, w.s, c.ID, enforcement.TimerDecide))
		}
		if ws := warnings("2026-04-08"); len(ws) != 0 {
			t.Fatalf("warnings after the extension: %+v", ws)
		}
		// A pause the rule table does not list is refused.
		bad := enforcement.Period{CaseID: c.ID, RuleKey: "penalty.pause_holiday", From: d("2026-04-09"), Reason: "x"}
		wantField(t, w.s.AddCasePeriod(ctx, admin, &bad), "rule_key")
		// A running pause moves the deadline when it ends.
		pause := enforcement.Period{CaseID: c.ID, RuleKey: "penalty.pause_testing", From: d("2026-04-10"), Reason: "送检"}
		if err := w.s.AddCasePeriod(ctx, admin, &pause); err != nil {
			t.Fatal(err)
		}
		if err := w.s.EndCasePause(ctx, admin, c.ID, pause.ID, d("2026-04-19")); err != nil {
			t.Fatal(err)
		}
		if due := timerDue(t, w.s, c.ID, enforcement.TimerDecide); due != d("2026-05-18") { // 130 days from 01-06 is Saturday 05-16
			t.Fatalf("due after the pause %s", due)
		}
	})
}

func TestSimpleProcedureLimits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newEnfWorld(t, db)
		onSpot := func(kind enforcement.PartyKind, kinds string, fine int64) (enforcement.Case, error) {
			c := enforcement.Case{UnitID: w.market.ID, MatterID: w.matter.ID, DecidedOn: ptr(d("2026-02-02")),
				Party: enforcement.Party{Kind: kind, Name: "当事人", LegalRep: "王某"}, PenaltyKinds: kinds, Fine: enforcement.Yuan(fine),
				Facts: "占道经营", Basis: "第一百二十四条", CashCollected: fine <= 100}
			err := w.s.DecideOnTheSpot(ctx, admin, &c, w.ids())
			return c, err
		}
		for _, tc := range []struct {
			kind  enforcement.PartyKind
			kinds string
			fine  int64
			want  string
		}{
			{enforcement.Person, "fine", 201, "不得超过 200 元"},
			{enforcement.Organisation, "fine", 3001, "不得超过 3,000 元"},
			{enforcement.Person, "suspend_business", 0, "只能当场作出警告或者罚款"},
		} {
			_, err := onSpot(tc.kind, tc.kinds, tc.fine)
			if r, ok := enforcement.AsRefusal(err); !ok || !strings.Contains(r.Message, tc.want) {
				t.Errorf("%s %d: %v, want %q", tc.kind, tc.fine, err, tc.want)
			}
		}
		open := true
		if f, _, _ := w.s.Flags(ctx, store.FlagFilter{UnitID: w.market.ID, Kind: enforcement.FlagBlocked, Open: &open}); len(f) != 3 {
			t.Fatalf("blocked on-the-spot attempts flagged: %d", len(f))
		}
		c, err := onSpot(enforcement.Person, "fine", 100)
		if err != nil || c.State != enforcement.OnTheSpot || c.DecisionNumber == "" || c.Paid != enforcement.Yuan(100) {
			t.Fatalf("on the spot %+v: %v", c, err)
		}
		if due := timerDue(t, w.s, c.ID, enforcement.TimerCashHandIn); due != d("2026-02-04") {
			t.Fatalf("cash hand-in due %s", due)
		}
		if _, err := onSpot(enforcement.Organisation, "warning,fine", 3000); err != nil {
			t.Fatal(err)
		}
		filed := w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActFileSimple, On: d("2026-02-03")})
		if filed.State != enforcement.Closed {
			t.Fatalf("filed %+v", filed)
		}
	})
}
