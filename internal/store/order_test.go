package store_test

import (
	"context"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
)

func (w *supWorld) issue(t *testing.T, unit int64, on string) supervise.Order {
	t.Helper()
	w.at(on)
	o := supervise.Order{UnitID: unit, Subject: supervise.MatterSubject, Title: "涉企行政检查备案情况",
		Content: "请于期限内报送本单位2026年涉企行政检查计划及执行情况。", IssuedOn: d(on)}
	if err := w.s.IssueOrder(context.Background(), w.legal, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func (w *supWorld) act(a account.Actor, o supervise.Order, name, on, text string) (supervise.Order, error) {
	w.at(on)
	cur, err := w.s.Order(context.Background(), o.ID)
	if err != nil {
		return cur, err
	}
	return w.s.ActOnOrder(context.Background(), a, o.ID, store.OrderAct{Name: name, ItemVersion: cur.ItemVersion, Text: text, On: d(on)})
}

// TestOrderReplyDeadline: the reply is due the number of working days of
// rule supervision.order_reply after the order; past it the order is
// overdue (list filter and red warning); a return starts the period again
// from the day of the return.
func TestOrderReplyDeadline(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		o := w.issue(t, w.a.ID, "2026-03-02") // Monday; 10 working days end on Monday 03-16
		if o.Number != "慈司督〔2026〕1号" || o.State != supervise.Issued || o.ReplyDue == nil || o.ReplyDue.String() != "2026-03-16" {
			t.Fatalf("issued: %q %s due %v", o.Number, o.State, o.ReplyDue)
		}
		if o.ReplyCitation == "" {
			t.Error("no citation for the reply period")
		}
		overdue := func(today string) int {
			_, n, err := w.s.Orders(ctx, store.OrderFilter{Overdue: true, Today: d(today)})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if overdue("2026-03-16") != 0 || overdue("2026-03-17") != 1 {
			t.Errorf("overdue on the due day %d, the day after %d", overdue("2026-03-16"), overdue("2026-03-17"))
		}
		counts, err := w.s.OrderCounts(ctx, store.OrderFilter{Today: d("2026-03-17")})
		if err != nil || counts[supervise.Issued] != 1 || counts["overdue"] != 1 {
			t.Errorf("counts %v %v", counts, err)
		}
		if _, err := w.s.ScanTimers(ctx, d("2026-03-17")); err != nil {
			t.Fatal(err)
		}
		ws, _ := w.s.OpenWarnings(ctx, store.WarningFilter{UnitIDs: []int64{w.a.ID}})
		if len(ws) != 1 || ws[0].Level != store.Red || ws[0].Timer.Item.RecordKind != supervise.OrderKind {
			t.Errorf("warnings %+v", ws)
		}
		// The late reply stops the clock; the office returns it.
		o, err = w.act(w.clerkA, o, "reply", "2026-03-18", "已报送检查计划。")
		if err != nil || o.State != supervise.Replied || o.ReplyDue != nil || o.Overdue(d("2026-03-20")) {
			t.Fatalf("reply: %v %+v", err, o)
		}
		if _, err := w.act(w.legal, o, "return", "2026-03-19", ""); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("return without reason: %v", err)
		}
		o, err = w.act(w.legal, o, "return", "2026-03-19", "执行情况未逐项说明")
		if err != nil || o.State != supervise.Issued || o.ReplyDue.String() != "2026-04-02" {
			t.Fatalf("return: %v %s due %v", err, o.State, o.ReplyDue)
		}
		o, err = w.act(w.clerkA, o, "reply", "2026-03-25", "已逐项说明执行情况。")
		if err != nil {
			t.Fatal(err)
		}
		o, err = w.act(w.legal, o, "accept", "2026-03-26", "同意办结")
		if err != nil || o.State != supervise.Closed || o.ClosedOn.String() != "2026-03-26" {
			t.Fatalf("accept: %v %+v", err, o)
		}
		if len(o.Replies) != 2 || o.Replies[0].Outcome != supervise.Returned || o.Replies[0].Comment != "执行情况未逐项说明" ||
			o.Replies[1].Outcome != supervise.Accepted || o.Replies[1].Round != 2 {
			t.Errorf("replies %+v", o.Replies)
		}
	})
}

// TestOrderScope: only the office issues and decides; the unit replies to
// its own orders and sees no other unit's; partners see none.
func TestOrderScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		oa := w.issue(t, w.a.ID, "2026-03-02")
		w.issue(t, w.b.ID, "2026-03-02")
		bad := supervise.Order{UnitID: w.b.ID, Subject: supervise.MatterSubject, Title: "x", Content: "y", IssuedOn: d("2026-03-02")}
		if err := w.s.IssueOrder(ctx, w.clerkA, &bad); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("clerk issues: %v", err)
		}
		toPolice := supervise.Order{UnitID: w.police.ID, Subject: supervise.MatterSubject, Title: "x", Content: "y", IssuedOn: d("2026-03-02")}
		wantField(t, w.s.IssueOrder(ctx, w.legal, &toPolice), "unit_id")
		caseless := supervise.Order{UnitID: w.a.ID, Subject: supervise.CaseSubject, Title: "x", Content: "y", IssuedOn: d("2026-03-02")}
		wantField(t, w.s.IssueOrder(ctx, w.legal, &caseless), "case_id")
		list, _, err := w.s.Orders(ctx, store.OrderFilter{UnitIDs: w.clerkA.Scope()})
		if err != nil || len(list) != 1 || list[0].ID != oa.ID {
			t.Errorf("unit A's list: %v %v", list, err)
		}
		if list, _, _ := w.s.Orders(ctx, store.OrderFilter{UnitIDs: w.cop.Scope()}); len(list) != 0 {
			t.Errorf("police sees %d orders", len(list))
		}
		if _, err := w.act(w.clerkB, oa, "reply", "2026-03-03", "越权回复"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unit B replies to A's: %v", err)
		}
		if _, err := w.act(w.cop, oa, "reply", "2026-03-03", "x"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("police replies: %v", err)
		}
		if _, err := w.act(w.clerkA, oa, "accept", "2026-03-03", ""); apperr.KindOf(err) != apperr.Forbidden && apperr.KindOf(err) != apperr.Conflict {
			t.Error("the unit accepted its own order")
		}
		if _, err := w.act(w.clerkA, oa, "reply", "2026-03-03", " "); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("empty reply: %v", err)
		}
	})
}
