package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

var admin = audit.Actor{UserID: 0, Name: "测试管理员"}

func newStore(t *testing.T, db *sqldb.DB) *store.Store {
	t.Helper()
	s := store.New(db)
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) }
	if _, err := s.SeedRules(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func mustUnit(t *testing.T, s *store.Store, name string, kind org.Kind) org.Unit {
	t.Helper()
	u := org.Unit{Name: name, Kind: kind}
	if err := s.CreateUnit(context.Background(), admin, &u); err != nil {
		t.Fatalf("create unit %s: %v", name, err)
	}
	return u
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("err = %v, want invalid %s", err, field)
	}
	for _, f := range apperr.FieldsOf(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("err = %v, want an error on field %s", err, field)
}

func TestUnits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		gov := mustUnit(t, s, "慈溪市人民政府", org.Government)
		dept := org.Unit{Name: "慈溪市市场监督管理局", Kind: org.Department, ParentID: gov.ID,
			CreditCode: "91350100M000100Y43", Enforcement: true}
		if err := s.CreateUnit(ctx, admin, &dept); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			unit  org.Unit
			field string
		}{
			{"bad check char", org.Unit{Name: "甲", Kind: org.Department, CreditCode: "91350100M000100Y4Z"}, "credit_code"},
			{"duplicate name", org.Unit{Name: "慈溪市人民政府", Kind: org.Government}, "name"},
			{"duplicate credit code", org.Unit{Name: "乙", Kind: org.Department, CreditCode: "91350100M000100Y43"}, "credit_code"},
			{"unknown kind", org.Unit{Name: "丙", Kind: "club"}, "kind"},
			{"missing parent", org.Unit{Name: "丁", Kind: org.Department, ParentID: 9999}, "parent_id"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantField(t, s.CreateUnit(ctx, admin, &tc.unit), tc.field)
			})
		}
		// The wrong check character names the expected one.
		err := s.CreateUnit(ctx, admin, &org.Unit{Name: "甲", Kind: org.Department, CreditCode: "91350100M000100Y4Z"})
		if !strings.Contains(apperr.Message(err), "应为 3") {
			t.Errorf("message %q does not name the expected check character", apperr.Message(err))
		}
		// A cycle in the parent chain is refused.
		gov.ParentID = dept.ID
		wantField(t, s.UpdateUnit(ctx, admin, &gov, ""), "parent_id")

		list, total, err := s.Units(ctx, store.UnitFilter{Query: "市场", Enforcement: true})
		if err != nil || total != 1 || list[0].ID != dept.ID {
			t.Fatalf("Units = %v, %d, %v", list, total, err)
		}
		hist, err := s.History(ctx, "unit", dept.ID)
		if err != nil || len(hist) != 1 || hist[0].Action != audit.Create {
			t.Fatalf("history = %v, %v", hist, err)
		}
	})
}

func TestUpdateConflict(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		u := mustUnit(t, s, "慈溪市司法局", org.Department)
		first, second := u, u
		first.Phone = "0574-63012345"
		second.Phone = "0574-63000000"
		if err := s.UpdateUnit(ctx, admin, &first, "更新电话"); err != nil {
			t.Fatal(err)
		}
		err := s.UpdateUnit(ctx, admin, &second, "更新电话")
		if apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("stale update: err = %v, want conflict", err)
		}
		got, _ := s.Unit(ctx, u.ID)
		if got.Phone != first.Phone || got.Version != 2 {
			t.Fatalf("unit = %+v, want first writer's phone at version 2", got)
		}
	})
}

func TestPeople(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		u := mustUnit(t, s, "慈溪市公安局", org.Police)
		p := org.Person{Name: "李四", ResidentID: "513101820113001", UnitID: u.ID, Post: "民警"}
		if err := s.CreatePerson(ctx, admin, &p); err != nil {
			t.Fatal(err)
		}
		if p.ResidentID != "513101198201130014" || p.BirthDate.String() != "1982-01-13" || p.Gender != "男" {
			t.Fatalf("legacy number not converted: %+v", p)
		}
		for _, tc := range []struct {
			name   string
			person org.Person
			field  string
		}{
			{"bad check", org.Person{Name: "王五", ResidentID: "11010519491231002Y", UnitID: u.ID}, "resident_id"},
			{"duplicate", org.Person{Name: "赵六", ResidentID: "513101198201130014", UnitID: u.ID}, "resident_id"},
			{"no unit", org.Person{Name: "钱七", ResidentID: "11010519491231002X", UnitID: 9999}, "unit_id"},
			{"no name", org.Person{ResidentID: "11010519491231002X", UnitID: u.ID}, "name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantField(t, s.CreatePerson(ctx, admin, &tc.person), tc.field)
			})
		}
		list, total, err := s.People(ctx, store.PersonFilter{UnitIDs: []int64{u.ID}})
		if err != nil || total != 1 || list[0].UnitName != u.Name {
			t.Fatalf("People = %v %d %v", list, total, err)
		}
	})
}

func TestAuditChainTamper(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		for _, n := range []string{"甲局", "乙局", "丙局"} {
			mustUnit(t, s, n, org.Department)
		}
		rep, err := s.VerifyChain(ctx)
		if err != nil || rep.Events < 4 {
			t.Fatalf("intact chain: %+v %v", rep, err)
		}
		last := rep.Events
		// Alter one event's content behind the platform's back.
		if _, err := db.ExecContext(ctx, `UPDATE audit_events SET after_json = '{}' WHERE seq = $1`, last-1); err != nil {
			t.Fatal(err)
		}
		_, err = s.VerifyChain(ctx)
		var ce *audit.ChainError
		if !errors.As(err, &ce) || ce.Seq != last-1 {
			t.Fatalf("altered: err = %v, want break at %d", err, last-1)
		}
	})
}

func TestAuditChainDeleted(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		mustUnit(t, s, "甲局", org.Department)
		mustUnit(t, s, "乙局", org.Department)
		if _, err := db.ExecContext(ctx, `DELETE FROM audit_events WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		_, err := s.VerifyChain(ctx)
		var ce *audit.ChainError
		if !errors.As(err, &ce) || ce.Seq != 2 {
			t.Fatalf("deleted: err = %v, want break at 2", err)
		}
	})
}

func TestRuleAsOf(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		day := func(v string) calendar.Date { d, _ := calendar.ParseDate(v); return d }
		r, err := s.Rule(ctx, "penalty.decide", day("2022-01-01"))
		if err != nil || r.Value != "90" || !strings.Contains(r.Citation, "第六十条") {
			t.Fatalf("rule = %+v, %v", r, err)
		}
		if _, err := s.Rule(ctx, "penalty.decide", day("2020-01-01")); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("before the 2021 law: err = %v, want not found", err)
		}
		// A local row overrides the national one from its date on.
		local := r
		local.ID, local.Jurisdiction, local.Value, local.EffectiveFrom = 0, "慈溪市", "60", day("2026-01-01")
		if err := s.CreateRule(ctx, admin, &local); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Rule(ctx, "penalty.decide", day("2026-06-01")); got.Value != "60" {
			t.Errorf("after local rule: value %s, want 60", got.Value)
		}
		if got, _ := s.Rule(ctx, "penalty.decide", day("2025-06-01")); got.Value != "90" {
			t.Errorf("before local rule: value %s, want 90", got.Value)
		}
		// Amending needs a reason and the current version.
		local.Value = "45"
		wantField(t, s.UpdateRule(ctx, admin, &local, ""), "reason")
		stale := local
		if err := s.UpdateRule(ctx, admin, &local, "市政府文件调整"); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateRule(ctx, admin, &stale, "again"); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("stale rule update: %v", err)
		}
		// Seeding twice adds nothing.
		if n, err := s.SeedRules(ctx); err != nil || n != 0 {
			t.Fatalf("reseed added %d, %v", n, err)
		}
	})
}

func TestCalendarOverride(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		d, _ := calendar.ParseDate("2026-03-04") // a Wednesday
		if err := s.SaveCalendarOverride(ctx, admin, calendar.Override{Date: d, Kind: calendar.Holiday, Name: "防台停工"}); err == nil {
			t.Fatal("override without reason accepted")
		}
		if err := s.SaveCalendarOverride(ctx, admin, calendar.Override{Date: d, Kind: calendar.Holiday, Name: "防台停工", Reason: "市政府通知"}); err != nil {
			t.Fatal(err)
		}
		cal, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := cal.IsWorkday(d); ok {
			t.Error("override holiday is still a workday")
		}
		list, _ := s.CalendarOverrides(ctx)
		if err := s.DeleteCalendarOverride(ctx, admin, list[0].ID, "通知撤回"); err != nil {
			t.Fatal(err)
		}
		hist, _ := s.History(ctx, "calendar_override", list[0].ID)
		if len(hist) != 2 || hist[1].Action != audit.Delete {
			t.Fatalf("history = %+v", hist)
		}
	})
}

var testFlow = &workflow.Definition{
	Name: "test", Label: "测试流程", Initial: "draft",
	States: []workflow.State{{Name: "draft", Label: "起草"}, {Name: "review", Label: "审核中"}, {Name: "done", Label: "办结", Final: true}},
	Transitions: []workflow.Transition{
		{Name: "submit", Label: "提交审核", From: []string{"draft"}, To: "review", Roles: []account.Role{account.Clerk}, StartTimers: []string{"review"}},
		{Name: "approve", Label: "审核通过", From: []string{"review"}, To: "done", Roles: []account.Role{account.LegalOffice}, StopTimers: []string{"review"}},
	},
	Timers: []workflow.Timer{{Name: "review", Label: "审核期限", RuleKey: "review.opinion"}},
}

func startItem(t *testing.T, s *store.Store, unit int64) workflow.Item {
	t.Helper()
	it := workflow.Item{RecordKind: "testrec", RecordID: 1, UnitID: unit, Title: "测试事项"}
	err := s.DB.InTx(context.Background(), func(tx *sqlTx) error {
		return s.StartItem(context.Background(), tx, testFlow, admin, &it, calendar.Date{Year: 2026, Month: 3, Day: 2})
	})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestConcurrentTransition(t *testing.T) {
	if err := testFlow.Validate(); err != nil {
		t.Fatal(err)
	}
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		u := mustUnit(t, s, "甲局", org.Department)
		it := startItem(t, s, u.ID)
		clerk := account.Actor{UserID: 7, Name: "经办人", UnitID: u.ID, Roles: []account.Role{account.Clerk}}
		day := calendar.Date{Year: 2026, Month: 3, Day: 2}
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, errs[i] = s.Fire(ctx, testFlow, clerk, "testrec", 1, "submit", it.Version, "", nil, day)
			})
		}
		wg.Wait()
		wins, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case apperr.KindOf(err) == apperr.Conflict:
				conflicts++
				if !strings.Contains(apperr.Message(err), "已被他人修改") && !strings.Contains(apperr.Message(err), "不能执行") {
					t.Errorf("conflict message %q is not clear", apperr.Message(err))
				}
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if wins != 1 || conflicts != n-1 {
			t.Fatalf("wins = %d, conflicts = %d; want exactly one winner", wins, conflicts)
		}
		got, _ := s.Item(ctx, "testrec", 1)
		if got.State != "review" || got.Version != 2 {
			t.Fatalf("item = %+v", got)
		}
		hist, _ := s.History(ctx, "testrec", 1)
		if len(hist) != 2 {
			t.Fatalf("history has %d events, want start + one transition", len(hist))
		}
		if _, err := s.VerifyChain(ctx); err != nil {
			t.Fatalf("chain after concurrent writes: %v", err)
		}
	})
}

func TestTransitionPermissionsAndTimers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		u := mustUnit(t, s, "甲局", org.Department)
		other := mustUnit(t, s, "乙局", org.Department)
		it := startItem(t, s, u.ID)
		day := calendar.Date{Year: 2026, Month: 3, Day: 2}
		outsider := account.Actor{UserID: 8, UnitID: other.ID, Roles: []account.Role{account.Clerk}}
		if _, err := s.Fire(ctx, testFlow, outsider, "testrec", 1, "submit", it.Version, "", nil, day); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("clerk of another unit: err = %v, want forbidden", err)
		}
		clerk := account.Actor{UserID: 7, UnitID: u.ID, Roles: []account.Role{account.Clerk}}
		it, err := s.Fire(ctx, testFlow, clerk, "testrec", 1, "submit", it.Version, "", nil, day)
		if err != nil {
			t.Fatal(err)
		}
		timers, _ := s.Timers(ctx, it.ID)
		// 7 working days from Monday 2026-03-02 is Wednesday 2026-03-11; warned 3 working days before.
		if len(timers) != 1 || timers[0].DueOn.String() != "2026-03-11" || timers[0].WarnOn.String() != "2026-03-06" {
			t.Fatalf("timers = %+v", timers)
		}
		if !strings.Contains(timers[0].Citation, "法制审核") {
			t.Errorf("timer citation %q", timers[0].Citation)
		}
		// Scans: nothing before the warning day, yellow then red; repeated scans add nothing.
		for _, tc := range []struct {
			day   string
			want  int
			level string
		}{{"2026-03-05", 0, ""}, {"2026-03-06", 1, store.Yellow}, {"2026-03-06", 0, store.Yellow}, {"2026-03-12", 1, store.Red}} {
			d, _ := calendar.ParseDate(tc.day)
			n, err := s.ScanTimers(ctx, d)
			if err != nil || n != tc.want {
				t.Fatalf("scan %s raised %d, %v; want %d", tc.day, n, err, tc.want)
			}
			if tc.level != "" {
				ws, _ := s.OpenWarnings(ctx, store.WarningFilter{})
				if len(ws) != 1 || ws[0].Level != tc.level {
					t.Fatalf("after %s warnings = %+v", tc.day, ws)
				}
			}
		}
		office := account.Actor{UserID: 9, UnitID: other.ID, Roles: []account.Role{account.LegalOffice}}
		if _, err := s.Fire(ctx, testFlow, office, "testrec", 1, "approve", it.Version, "", nil, day); err != nil {
			t.Fatal(err)
		}
		if ws, _ := s.OpenWarnings(ctx, store.WarningFilter{}); len(ws) != 0 {
			t.Fatalf("stopped timer still warns: %+v", ws)
		}
	})
}

func TestLease(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := store.New(db)
		ok1, err1 := s.AcquireLease(ctx, "scan", "a", time.Minute)
		ok2, err2 := s.AcquireLease(ctx, "scan", "b", time.Minute)
		ok3, _ := s.AcquireLease(ctx, "scan", "a", time.Minute)
		if err1 != nil || err2 != nil || !ok1 || ok2 || !ok3 {
			t.Fatalf("lease: a=%v b=%v a again=%v (%v %v)", ok1, ok2, ok3, err1, err2)
		}
	})
}

func TestAuthenticateThrottle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		u := mustUnit(t, s, "慈溪市司法局", org.Department)
		user := account.User{Username: "fzb", DisplayName: "法制办", UnitID: u.ID, Roles: []account.Role{account.LegalOffice}}
		if err := s.CreateUser(ctx, admin, &user, "Fazhi-Demo-2026"); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if _, err := s.Authenticate(ctx, "fzb", "wrong", "10.0.0.1", 5); apperr.KindOf(err) != apperr.Unauthenticated {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, err := s.Authenticate(ctx, "fzb", "Fazhi-Demo-2026", "10.0.0.1", 5); apperr.KindOf(err) != apperr.TooMany {
			t.Fatalf("after 5 failures: err = %v, want throttled", err)
		}
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 8, 20, 0, 0, time.UTC) }
		got, err := s.Authenticate(ctx, "fzb", "Fazhi-Demo-2026", "10.0.0.1", 5)
		if err != nil || got.ID != user.ID {
			t.Fatalf("after the window: %v", err)
		}
		sess, err := s.CreateSession(ctx, got.ID, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if su, _, err := s.SessionUser(ctx, sess.Token); err != nil || su.ID != user.ID {
			t.Fatalf("session user: %v", err)
		}
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC) }
		if _, _, err := s.SessionUser(ctx, sess.Token); err == nil {
			t.Fatal("idle session still valid")
		}
	})
}
