package store_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
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

func ptr(x calendar.Date) *calendar.Date { return &x }

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
