package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/enforcement"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
	"fazhi/internal/transfer"
)

// supWorld is a small organisation for the transfer, order and
// evaluation tests: two enforcement units (A and B) with two officers
// each, the legal affairs office, two public security organs, the
// procuratorate and the court, and an account of each kind.
type supWorld struct {
	s                          *store.Store
	a, b, office               org.Unit
	police, police2, proc, crt org.Unit
	officersA, officersB       []int64
	clerkA, leaderA, clerkB    account.Actor
	legal, cop, cop2, pros, jd account.Actor
	now                        time.Time
}

func newSupWorld(t *testing.T, db *sqldb.DB) *supWorld {
	t.Helper()
	ctx := context.Background()
	w := &supWorld{s: newStore(t, db), now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	w.s.Now = func() time.Time { return w.now }
	w.a = org.Unit{Name: "慈溪市市场监督管理局", ShortName: "市场监管局", Kind: org.Department, Enforcement: true}
	w.b = org.Unit{Name: "慈溪市交通运输局", ShortName: "交通局", Kind: org.Department, Enforcement: true}
	w.office = org.Unit{Name: "慈溪市司法局", Kind: org.Department, Enforcement: true}
	w.police = org.Unit{Name: "慈溪市公安局", Kind: org.Police}
	w.police2 = org.Unit{Name: "宁波市公安局", Kind: org.Police}
	w.proc = org.Unit{Name: "慈溪市人民检察院", Kind: org.Procuratorate}
	w.crt = org.Unit{Name: "慈溪市人民法院", Kind: org.Court}
	for _, u := range []*org.Unit{&w.a, &w.b, &w.office, &w.police, &w.police2, &w.proc, &w.crt} {
		if err := w.s.CreateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
	}
	seq := 1
	person := func(unit int64) int64 {
		seq += 2
		p := org.Person{Name: fmt.Sprintf("执法员%d", seq), ResidentID: ident.MakeResidentID("330282", time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC), seq),
			UnitID: unit, Post: "执法队员", Status: org.Active}
		if err := w.s.CreatePerson(ctx, admin, &p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	w.officersA = []int64{person(w.a.ID), person(w.a.ID)}
	w.officersB = []int64{person(w.b.ID), person(w.b.ID)}
	actor := func(id int64, unit org.Unit, role account.Role) account.Actor {
		return account.Actor{UserID: id, Name: unit.Name + string(role), UnitID: unit.ID, Roles: []account.Role{role}}
	}
	w.clerkA, w.leaderA, w.clerkB = actor(1, w.a, account.Clerk), actor(2, w.a, account.Leader), actor(3, w.b, account.Clerk)
	w.legal = actor(4, w.office, account.LegalOffice)
	w.cop, w.cop2 = actor(5, w.police, account.Partner), actor(6, w.police2, account.Partner)
	w.pros, w.jd = actor(7, w.proc, account.Partner), actor(8, w.crt, account.Partner)
	// The test accounts exist as users, for the steps' actor reference.
	for _, a := range []account.Actor{w.clerkA, w.leaderA, w.clerkB, w.legal, w.cop, w.cop2, w.pros, w.jd} {
		u := account.User{Username: fmt.Sprintf("u%d", a.UserID), DisplayName: a.Name, UnitID: a.UnitID, Roles: a.Roles}
		if err := w.s.CreateUser(ctx, admin, &u, "Test@password1"); err != nil {
			t.Fatal(err)
		}
		if u.ID != a.UserID {
			t.Fatalf("user id %d, want %d", u.ID, a.UserID)
		}
	}
	return w
}

// at sets the store's clock to noon of day (Beijing).
func (w *supWorld) at(day string) { w.now = d(day).Time().Add(4 * time.Hour) }

func (w *supWorld) newTransfer(t *testing.T, unit org.Unit, team []int64, reported string) transfer.Transfer {
	t.Helper()
	tr := transfer.Transfer{UnitID: unit.ID, PartyKind: "organisation", PartyName: "慈溪某食品有限公司",
		Matter: "生产销售不符合食品安全标准的食品", Facts: "当事人生产的月饼经检验菌落总数超标……",
		SuspectedCrime: "生产、销售不符合安全标准的食品罪", Amount: enforcement.Yuan(150_000),
		Team: []transfer.Member{{PersonID: team[0]}, {PersonID: team[1]}}, ReportedOn: d(reported),
		PoliceUnitID: w.police.ID, ProcuratorateUnitID: w.proc.ID,
		Items:     []transfer.Item{{Name: "月饼", Quantity: "1200 盒"}},
		Materials: []string{transfer.Letter, transfer.Report, transfer.Inventory}}
	clerk := w.clerkA
	if unit.ID == w.b.ID {
		clerk = w.clerkB
	}
	if err := w.s.CreateTransfer(context.Background(), clerk, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func (w *supWorld) fire(t *testing.T, a account.Actor, id int64, name, on, reason string) transfer.Transfer {
	t.Helper()
	w.at(on)
	cur, err := w.s.Transfer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := w.s.FireTransfer(context.Background(), a, id, store.TransferAct{Name: name, ItemVersion: cur.ItemVersion,
		Reason: reason, On: d(on), ReceiptNo: "回执001", ForwardedTo: "宁波市公安局"})
	if err != nil {
		t.Fatalf("%s on %s: %v", name, on, err)
	}
	return tr
}

// running returns the running timers of a transfer by name.
func running(t *testing.T, s *store.Store, tr transfer.Transfer) map[string]store.Timer {
	t.Helper()
	m, err := s.RunningTimers(context.Background(), []int64{tr.ItemID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Timer{}
	for _, x := range m[tr.ItemID] {
		out[x.Name] = x
	}
	return out
}

// TestTransferClocks takes a transfer through every clock of Order 310 and
// checks each due day against its rule row: 3 days for the head, 24 hours
// to send, 24 hours to sign or forward, 3 days for the filing decision,
// 3 + 3 days for reconsideration, 3 days to suggest supervision, 15 days
// for filing after the procuratorate's notice, 3 days to hand over.
func TestTransferClocks(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newSupWorld(t, db)
		w.at("2026-03-02")
		tr := w.newTransfer(t, w.a, w.officersA, "2026-03-02") // Monday
		steps := []struct {
			actor         account.Actor
			transition    string
			on            string
			timer, due    string // the clock that starts, and its due day
			rule, citeHas string
		}{
			{account.Actor{}, "", "2026-03-02", transfer.TimerHead, "2026-03-05", "transfer.head_decision", "第五条"},
			{w.leaderA, "approve", "2026-03-04", transfer.TimerSend, "2026-03-05", "transfer.to_police", "第五条"},
			{w.clerkA, "send", "2026-03-05", transfer.TimerReceive, "2026-03-06", "transfer.police_forward", "第七条"},
			{w.cop, "accept", "2026-03-06", transfer.TimerFiling, "2026-03-09", "transfer.police_filing", "第八条"},
			{w.cop, "not_file", "2026-03-09", transfer.TimerReconsider, "2026-03-12", "transfer.reconsideration", "第九条"},
			{w.clerkA, "request_reconsideration", "2026-03-10", transfer.TimerReconsiderDecision, "2026-03-13", "transfer.reconsideration_decision", "第九条"},
			{w.cop, "uphold", "2026-03-13", transfer.TimerSuggest, "2026-03-16", "transfer.supervision_suggestion", "第九条"},
			{w.clerkA, "suggest_supervision", "2026-03-16", "", "", "", ""},
			{w.pros, "order_filing", "2026-03-20", transfer.TimerSupervisedFiling, "2026-04-07", "transfer.supervised_filing", "人民检察院"},
			{w.cop, "file", "2026-03-25", transfer.TimerHandover, "2026-03-30", "transfer.handover", "第十二条"},
			{w.clerkA, "hand_over", "2026-03-26", "", "", "", ""},
		}
		for _, st := range steps {
			if st.transition != "" {
				tr = w.fire(t, st.actor, tr.ID, st.transition, st.on, "依法办理")
			}
			timers := running(t, w.s, tr)
			if st.timer == "" {
				if len(timers) != 0 {
					t.Errorf("after %s: running %v, want none", st.transition, timers)
				}
				continue
			}
			if len(timers) != 1 {
				t.Errorf("after %s: %d clocks running, want 1 (%v)", st.transition, len(timers), timers)
			}
			tm, ok := timers[st.timer]
			if !ok {
				t.Fatalf("after %s: clock %s not running (%v)", st.transition, st.timer, timers)
			}
			if tm.DueOn.String() != st.due || tm.RuleKey != st.rule || tm.StartedOn.String() != st.on {
				t.Errorf("after %s: %s started %s due %s (%s), want %s due %s (%s)", st.transition, st.timer, tm.StartedOn,
					tm.DueOn, tm.RuleKey, st.on, st.due, st.rule)
			}
			if !strings.Contains(tm.Citation, st.citeHas) {
				t.Errorf("%s citation %q lacks %q", st.timer, tm.Citation, st.citeHas)
			}
		}
		if tr.State != transfer.HandedOver || tr.ClosedOn == nil || tr.ClosedOn.String() != "2026-03-26" {
			t.Errorf("end: %s closed %v", tr.State, tr.ClosedOn)
		}
		if tr.Number != "市场监管局移送〔2026〕1号" || tr.SentOn.String() != "2026-03-05" || tr.ReceiptNo != "回执001" {
			t.Errorf("number %q sent %v receipt %q", tr.Number, tr.SentOn, tr.ReceiptNo)
		}
		got, err := w.s.TransferSteps(context.Background(), tr.ID)
		if err != nil || len(got) != len(steps) {
			t.Fatalf("%d steps, %v", len(got), err)
		}
		if got[3].Party != transfer.Police || got[3].UnitName != w.police.Name || got[8].Party != transfer.Procuratorate {
			t.Errorf("steps: %+v", got)
		}
	})
}

// TestTransferClockFollowsRule changes a period in the rule table: a
// transfer whose clock starts afterwards uses the new row, one started
// before keeps its due day.
func TestTransferClockFollowsRule(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-03-02")
		early := w.newTransfer(t, w.a, w.officersA, "2026-03-02")
		local := rule.Rule{Key: "transfer.head_decision", Title: "负责人决定是否移送期限（本地按工作日）", Value: "3", Unit: rule.Workdays,
			Citation: "本地两法衔接工作规定", Verification: "U", Jurisdiction: "慈溪市", EffectiveFrom: d("2026-03-03")}
		if err := w.s.CreateRule(ctx, admin, &local); err != nil {
			t.Fatal(err)
		}
		w.at("2026-03-06")
		late := w.newTransfer(t, w.a, w.officersA, "2026-03-06") // Friday: 3 working days end on Wednesday
		if due := running(t, w.s, early)[transfer.TimerHead].DueOn.String(); due != "2026-03-05" {
			t.Errorf("early transfer due %s", due)
		}
		tm := running(t, w.s, late)[transfer.TimerHead]
		if tm.DueOn.String() != "2026-03-11" || tm.Citation != "本地两法衔接工作规定" {
			t.Errorf("late transfer due %s by %s", tm.DueOn, tm.Citation)
		}
	})
}

// TestTransferWarnings runs the supervision scan over a transfer's clock:
// yellow inside the warning window, red after the due day, seen by the
// unit and the office, not by another unit; a stopped clock warns no more.
func TestTransferWarnings(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-03-09")
		tr := w.newTransfer(t, w.a, w.officersA, "2026-03-09") // head decides by 03-12
		level := func(units []int64) string {
			ws, err := w.s.OpenWarnings(ctx, store.WarningFilter{UnitIDs: units})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ws {
				if x.Timer.Item.RecordKind == transfer.RecordKind && x.Timer.Item.RecordID == tr.ID {
					return x.Level
				}
			}
			return ""
		}
		if _, err := w.s.ScanTimers(ctx, d("2026-03-06")); err != nil {
			t.Fatal(err)
		}
		if l := level(nil); l != "" {
			t.Errorf("before the window: %q", l)
		}
		if _, err := w.s.ScanTimers(ctx, d("2026-03-09")); err != nil {
			t.Fatal(err)
		}
		if l := level([]int64{w.a.ID}); l != store.Yellow {
			t.Errorf("in the window: %q", l)
		}
		if _, err := w.s.ScanTimers(ctx, d("2026-03-13")); err != nil {
			t.Fatal(err)
		}
		if l := level(nil); l != store.Red {
			t.Errorf("overdue, office: %q", l)
		}
		if l := level([]int64{w.a.ID}); l != store.Red {
			t.Errorf("overdue, unit: %q", l)
		}
		if l := level([]int64{w.b.ID}); l != "" {
			t.Errorf("another unit sees the warning: %q", l)
		}
		list, _, err := w.s.Transfers(ctx, store.TransferFilter{Scope: transfer.Scope{All: true}, Overdue: true, Today: d("2026-03-13")})
		if err != nil || len(list) != 1 {
			t.Errorf("overdue list: %d %v", len(list), err)
		}
		w.fire(t, w.leaderA, tr.ID, "approve", "2026-03-13", "同意移送")
		if l := level(nil); l != "" {
			t.Errorf("after the decision the head's clock still warns: %q", l)
		}
	})
}

// TestTransferVisibility: a partner sees only what is sent and addressed
// to it; unit A never sees unit B's; the office sees all.
func TestTransferVisibility(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-03-02")
		a1 := w.newTransfer(t, w.a, w.officersA, "2026-03-02")
		a2 := w.newTransfer(t, w.a, w.officersA, "2026-03-02")
		b1 := w.newTransfer(t, w.b, w.officersB, "2026-03-02")
		w.fire(t, w.leaderA, a1.ID, "approve", "2026-03-02", "")
		w.fire(t, w.clerkA, a1.ID, "send", "2026-03-02", "")
		ids := func(a account.Actor) []int64 {
			list, total, err := w.s.Transfers(ctx, store.TransferFilter{Scope: transfer.ScopeOf(a)})
			if err != nil || total != len(list) {
				t.Fatal(err)
			}
			var out []int64
			for _, x := range list {
				out = append(out, x.ID)
			}
			return out
		}
		for _, tc := range []struct {
			who  string
			a    account.Actor
			want []int64
		}{
			{"office", w.legal, []int64{b1.ID, a2.ID, a1.ID}},
			{"unit A", w.clerkA, []int64{a2.ID, a1.ID}},
			{"unit B", w.clerkB, []int64{b1.ID}},
			{"police addressed", w.cop, []int64{a1.ID}},
			{"procuratorate", w.pros, []int64{a1.ID}},
			{"other police", w.cop2, nil},
			{"court", w.jd, nil},
			{"public", account.Actor{}, nil},
		} {
			if got := ids(tc.a); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s sees %v, want %v", tc.who, got, tc.want)
			}
		}
		// Acting on what one may not see is "not found"; acting on the
		// wrong side is refused; nothing changes.
		for _, tc := range []struct {
			who  string
			a    account.Actor
			id   int64
			name string
			kind apperr.Kind
		}{
			{"unit B on unit A's", w.clerkB, a2.ID, "send", apperr.NotFound},
			{"police on an unsent transfer", w.cop, a2.ID, "approve", apperr.NotFound},
			{"other police", w.cop2, a1.ID, "accept", apperr.NotFound},
			{"procuratorate accepting for the police", w.pros, a1.ID, "accept", apperr.Forbidden},
			{"office accepting for the police", w.legal, a1.ID, "accept", apperr.Forbidden},
			{"clerk approving", w.clerkA, a2.ID, "approve", apperr.Forbidden},
			{"court", w.jd, a1.ID, "accept", apperr.NotFound},
		} {
			cur, _ := w.s.Transfer(ctx, tc.id)
			_, err := w.s.FireTransfer(ctx, tc.a, tc.id, store.TransferAct{Name: tc.name, ItemVersion: cur.ItemVersion, On: d("2026-03-02")})
			if apperr.KindOf(err) != tc.kind {
				t.Errorf("%s: %v, want kind %d", tc.who, err, tc.kind)
			}
			after, _ := w.s.Transfer(ctx, tc.id)
			if after.State != cur.State {
				t.Errorf("%s changed the state to %s", tc.who, after.State)
			}
		}
		if err := w.s.AddTransferOpinion(ctx, w.cop, a1.ID, "x", d("2026-03-02")); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("police opinion: %v", err)
		}
		if err := w.s.AddTransferOpinion(ctx, w.pros, a1.ID, "请依法及时审查", d("2026-03-02")); err != nil {
			t.Errorf("procuratorate opinion: %v", err)
		}
	})
}

func TestTransferValidation(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-03-02")
		base := func() transfer.Transfer {
			return transfer.Transfer{UnitID: w.a.ID, PartyKind: "person", PartyName: "张某", Matter: "无证经营", Facts: "……",
				SuspectedCrime: "非法经营罪", Team: []transfer.Member{{PersonID: w.officersA[0]}, {PersonID: w.officersA[1]}},
				ReportedOn: d("2026-03-02"), PoliceUnitID: w.police.ID, NoItems: true}
		}
		for _, tc := range []struct {
			name  string
			a     account.Actor
			edit  func(*transfer.Transfer)
			field string
			kind  apperr.Kind
		}{
			{"court as police", w.clerkA, func(t *transfer.Transfer) { t.PoliceUnitID = w.crt.ID }, "police_unit_id", apperr.Invalid},
			{"police as procuratorate", w.clerkA, func(t *transfer.Transfer) { t.ProcuratorateUnitID = w.police.ID }, "procuratorate_unit_id", apperr.Invalid},
			{"team of another unit", w.clerkA, func(t *transfer.Transfer) { t.Team[1].PersonID = w.officersB[0] }, "team", apperr.Invalid},
			{"report in the future", w.clerkA, func(t *transfer.Transfer) { t.ReportedOn = d("2026-03-03") }, "reported_on", apperr.Invalid},
			{"another unit's clerk", w.clerkB, func(*transfer.Transfer) {}, "", apperr.Forbidden},
			{"police", w.cop, func(*transfer.Transfer) {}, "", apperr.Forbidden},
		} {
			tr := base()
			tc.edit(&tr)
			err := w.s.CreateTransfer(ctx, tc.a, &tr)
			if tc.field != "" {
				wantField(t, err, tc.field)
			} else if apperr.KindOf(err) != tc.kind {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		// Sending needs the letter and the report.
		tr := base()
		if err := w.s.CreateTransfer(ctx, w.clerkA, &tr); err != nil {
			t.Fatal(err)
		}
		w.fire(t, w.leaderA, tr.ID, "approve", "2026-03-02", "")
		cur, _ := w.s.Transfer(ctx, tr.ID)
		_, err := w.s.FireTransfer(ctx, w.clerkA, tr.ID, store.TransferAct{Name: "send", ItemVersion: cur.ItemVersion, On: d("2026-03-02")})
		wantField(t, err, "materials")
		// The report may still change before sending; an old version conflicts.
		cur.Materials = []string{transfer.Letter, transfer.Report}
		stale := cur
		if err := w.s.UpdateTransfer(ctx, w.clerkA, &cur, "补充材料"); err != nil {
			t.Fatal(err)
		}
		if err := w.s.UpdateTransfer(ctx, w.clerkA, &stale, "再改"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("stale update: %v", err)
		}
		sent := w.fire(t, w.clerkA, tr.ID, "send", "2026-03-02", "")
		if err := w.s.UpdateTransfer(ctx, w.clerkA, &sent, "移送后修改"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("update after sending: %v", err)
		}
		// A step dated before the last one is refused.
		w.at("2026-03-04")
		_, err = w.s.FireTransfer(ctx, w.cop, tr.ID, store.TransferAct{Name: "accept", ItemVersion: sent.ItemVersion, On: d("2026-03-01")})
		wantField(t, err, "on")
		// A stale item version is a conflict.
		_, err = w.s.FireTransfer(ctx, w.cop, tr.ID, store.TransferAct{Name: "accept", ItemVersion: sent.ItemVersion - 1, On: d("2026-03-04")})
		if apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("stale version: %v", err)
		}
	})
}

// investigatedCase inserts a case of unit under investigation (the penalty
// case writes are another area's; the transfer needs only its row and its
// place in the ordinary procedure).
func (w *supWorld) investigatedCase(t *testing.T, unit int64) int64 {
	t.Helper()
	ctx := context.Background()
	var matter, id int64
	if err := w.s.DB.QueryRowContext(ctx, `INSERT INTO enf_matters (unit_id, code, name, category, basis_law, power_source, created_at, updated_at)
		VALUES ($1, 'T1', '生产销售不符合食品安全标准的食品', '市场监管', '《中华人民共和国食品安全法》', 'statutory', $2, $2) RETURNING id`,
		unit, w.now).Scan(&matter); err != nil {
		t.Fatal(err)
	}
	if err := w.s.DB.QueryRowContext(ctx, `INSERT INTO enf_cases (unit_id, matter_id, procedure, filing_number, source, source_on,
		party_kind, party_name, filed_on, created_at, updated_at) VALUES ($1, $2, 'ordinary', '慈市监立〔2026〕9号', 'inspection',
		'2026-02-02', 'organisation', '慈溪某食品有限公司', '2026-02-03', $3, $3) RETURNING id`, unit, matter, w.now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.DB.ExecContext(ctx, `INSERT INTO workflow_items (workflow, record_kind, record_id, unit_id, title, state, version,
		entered_at, updated_at) VALUES ('penalty_ordinary', 'penalty_case', $1, $2, '慈溪某食品有限公司', 'investigated', 3, $3, $3)`,
		id, unit, w.now); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestTransferApprovalDecidesCase: the head's approval of a transfer from
// a case under investigation is the case's decision to transfer (Art. 57),
// recorded on the case in the same transaction.
func TestTransferApprovalDecidesCase(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-03-02")
		caseID := w.investigatedCase(t, w.a.ID)
		tr := transfer.Transfer{UnitID: w.a.ID, CaseID: caseID, PartyKind: "organisation", PartyName: "慈溪某食品有限公司",
			Matter: "生产销售不符合食品安全标准的食品", Facts: "……", SuspectedCrime: "生产、销售不符合安全标准的食品罪",
			Team: []transfer.Member{{PersonID: w.officersA[0]}, {PersonID: w.officersA[1]}}, ReportedOn: d("2026-03-02"),
			PoliceUnitID: w.police.ID, NoItems: true, Materials: []string{transfer.Letter, transfer.Report}}
		if err := w.s.CreateTransfer(ctx, w.clerkA, &tr); err != nil {
			t.Fatal(err)
		}
		if tr.CaseNumber != "慈市监立〔2026〕9号" {
			t.Errorf("case number %q", tr.CaseNumber)
		}
		c, _ := w.s.Case(ctx, caseID)
		if c.State != enforcement.Investigated {
			t.Fatalf("case %s before approval", c.State)
		}
		w.fire(t, w.leaderA, tr.ID, "approve", "2026-03-03", "同意移送")
		c, err := w.s.Case(ctx, caseID)
		if err != nil || c.State != enforcement.TransferEnd || c.Outcome != enforcement.Transferred || c.DecidedOn == nil ||
			c.DecidedOn.String() != "2026-03-03" {
			t.Errorf("case after approval: %v %s %s %v", err, c.State, c.Outcome, c.DecidedOn)
		}
		// A second transfer of the same case leaves the transferred case as it is.
		again := tr
		again.ID = 0
		if err := w.s.CreateTransfer(ctx, w.clerkA, &again); err != nil {
			t.Fatal(err)
		}
		w.fire(t, w.leaderA, again.ID, "approve", "2026-03-03", "")
	})
}
