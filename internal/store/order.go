package store

// Supervision orders (督办): the legal affairs office orders a unit to act
// on a case or a matter and reply within the period of rule
// supervision.order_reply; the reply clock is the order's workflow timer,
// so the supervision scan warns before it runs out and flags it overdue.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/supervise"
	"fazhi/internal/workflow"
)

const orderColumns = `o.id, o.number, o.unit_id, u.name, o.subject, COALESCE(o.case_id, 0), o.case_number,
	COALESCE(o.transfer_id, 0), o.title, o.content, o.issued_on, o.issued_by, o.closed_on, i.state, i.version,
	r.due_on, COALESCE(r.citation, ''), o.version, o.created_at, o.updated_at`

const orderFrom = ` FROM supervision_orders o JOIN units u ON u.id = o.unit_id
	JOIN workflow_items i ON i.record_kind = 'supervision_order' AND i.record_id = o.id
	LEFT JOIN workflow_timers r ON r.item_id = i.id AND r.name = 'reply' AND r.state = 'running'`

func scanOrder(row interface{ Scan(...any) error }) (supervise.Order, error) {
	var o supervise.Order
	var closed, due sql.NullString
	err := row.Scan(&o.ID, &o.Number, &o.UnitID, &o.UnitName, &o.Subject, &o.CaseID, &o.CaseNumber, &o.TransferID,
		&o.Title, &o.Content, &o.IssuedOn, &o.IssuedBy, &closed, &o.State, &o.ItemVersion, &due, &o.ReplyCitation,
		&o.Version, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return o, err
	}
	o.StateLabel = supervise.OrderWorkflow.StateLabel(o.State)
	if o.ClosedOn, err = optDate(closed); err != nil {
		return o, err
	}
	o.ReplyDue, err = optDate(due)
	return o, err
}

// OrderFilter selects supervision orders.
type OrderFilter struct {
	UnitIDs []int64 // access scope; nil = all
	UnitID  int64
	State   string
	Subject string
	Year    int
	Query   string
	// Overdue selects orders awaiting a reply past the due day on Today.
	Overdue bool
	Today   calendar.Date
	Page    Page
}

func (f OrderFilter) where() (*where, bool) {
	w := newWhere()
	if f.UnitID != 0 {
		w.add("o.unit_id = ?", f.UnitID)
	}
	if f.State != "" {
		w.add("i.state = ?", f.State)
	}
	if f.Subject != "" {
		w.add("o.subject = ?", f.Subject)
	}
	if f.Year != 0 {
		w.add("o.issued_on >= ? AND o.issued_on <= ?", fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(o.number LIKE ? OR o.title LIKE ? OR o.case_number LIKE ?)", like, like, like)
	}
	if f.Overdue {
		w.add("i.state = 'issued' AND r.due_on < ?", f.Today)
	}
	return w, w.in("o.unit_id", f.UnitIDs)
}

// Orders lists orders, the newest first, with the total.
func (s *Store) Orders(ctx context.Context, f OrderFilter) ([]supervise.Order, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+orderFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY o.issued_on DESC, o.id DESC LIMIT %d OFFSET %d`,
		orderColumns, orderFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []supervise.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// OrderCounts counts the orders of f by state, and those overdue.
func (s *Store) OrderCounts(ctx context.Context, f OrderFilter) (map[string]int, error) {
	f.State, f.Overdue = "", false
	w, ok := f.where()
	out := map[string]int{}
	if !ok {
		return out, nil
	}
	args := append(w.args, f.Today)
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT i.state, COUNT(*), SUM(CASE WHEN i.state = 'issued' AND r.due_on < $%d
		THEN 1 ELSE 0 END)`, len(args))+orderFrom+w.sql()+` GROUP BY i.state`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n, late int
		if err := rows.Scan(&state, &n, &late); err != nil {
			return nil, err
		}
		out[state] += n
		out["overdue"] += late
	}
	return out, rows.Err()
}

// Order returns one order with its replies.
func (s *Store) Order(ctx context.Context, id int64) (supervise.Order, error) {
	return s.orderByID(ctx, s.DB, id)
}

func (s *Store) orderByID(ctx context.Context, q querier, id int64) (supervise.Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+orderFrom+` WHERE o.id = $1`, id))
	if err != nil {
		return o, notFound(err, "督办事项不存在")
	}
	rows, err := q.QueryContext(ctx, `SELECT id, round, reply, replied_on, replied_by, outcome, comment, reviewed_on, reviewed_by
		FROM supervision_order_replies WHERE order_id = $1 ORDER BY round`, id)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var r supervise.Reply
		var reviewed sql.NullString
		if err := rows.Scan(&r.ID, &r.Round, &r.Text, &r.RepliedOn, &r.RepliedBy, &r.Outcome, &r.Comment, &reviewed, &r.ReviewedBy); err != nil {
			return o, err
		}
		if r.ReviewedOn, err = optDate(reviewed); err != nil {
			return o, err
		}
		o.Replies = append(o.Replies, r)
	}
	return o, rows.Err()
}

// IssueOrder issues a supervision order and starts its reply clock from
// the day it is issued.
func (s *Store) IssueOrder(ctx context.Context, actor account.Actor, o *supervise.Order) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).issueOrder(actor, actor.Audit(), o) })
}

// OrderAct is the unit's reply or the office's decision on an order.
type OrderAct struct {
	Name        string // reply, accept, return, withdraw
	ItemVersion int
	Text        string // the reply, or the office's comment or reason
	On          calendar.Date
}

// ActOnOrder applies an act to an order: the unit's reply (a new round),
// the office's acceptance, return (with its reason; the clock starts
// again) or withdrawal.
func (s *Store) ActOnOrder(ctx context.Context, actor account.Actor, id int64, act OrderAct) (supervise.Order, error) {
	return inWriter(ctx, s, func(w *txWriter) (supervise.Order, error) { return w.actOnOrder(actor, actor.Audit(), id, act) })
}

// IssueOrder is Store.IssueOrder inside the bulk.
func (b *Bulk) IssueOrder(actor account.Actor, o *supervise.Order) error {
	return b.w.issueOrder(actor, actor.Audit(), o)
}

// ActOnOrder is Store.ActOnOrder inside the bulk.
func (b *Bulk) ActOnOrder(actor account.Actor, id int64, act OrderAct) (supervise.Order, error) {
	return b.w.actOnOrder(actor, actor.Audit(), id, act)
}

// ReplyOrderAs is the unit's reply inside the bulk, by a member of its
// staff without an account (see standIn).
func (b *Bulk) ReplyOrderAs(by audit.Actor, id int64, act OrderAct) (supervise.Order, error) {
	o, err := b.w.s.orderByID(b.w.ctx, b.w.q, id)
	if err != nil {
		return o, err
	}
	act.Name = "reply"
	return b.w.actOnOrder(standIn(by, o.UnitID, account.Clerk), by, id, act)
}

func (w *txWriter) issueOrder(actor account.Actor, by audit.Actor, o *supervise.Order) error {
	if !actor.SeesAll() {
		return apperr.New(apperr.Forbidden, "督办由法制办发出")
	}
	if err := o.Prepare(); err != nil {
		return err
	}
	var f apperr.Fields
	u, err := w.unit(o.UnitID)
	if err != nil || u.AbolishedOn != nil || u.Kind.Partner() {
		f.Add("unit_id", "督办单位", "应选择现有的行政机关或执法单位")
	} else {
		o.UnitName = u.Name
	}
	if o.CaseID != 0 {
		c, err := w.s.caseByID(w.ctx, w.q, o.CaseID)
		if err != nil || c.UnitID != o.UnitID {
			f.Add("case_id", "督办案件", "案件不存在或不属于被督办单位")
		} else {
			o.CaseNumber = c.Number()
		}
	}
	if o.TransferID != 0 {
		t, err := w.s.transferByID(w.ctx, w.q, o.TransferID)
		if err != nil || t.UnitID != o.UnitID {
			f.Add("case_id", "督办案件", "移送记录不存在或不属于被督办单位")
		} else if o.CaseNumber == "" {
			o.CaseNumber = t.Title()
		}
	}
	if o.IssuedOn.After(w.s.today()) {
		f.Add("issued_on", "督办日期", "不能晚于今天")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if o.Number, err = w.orderNumber(o.IssuedOn); err != nil {
		return err
	}
	o.IssuedBy = by.Name
	now := w.s.now()
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO supervision_orders (number, unit_id, subject, case_id, case_number, transfer_id,
		title, content, issued_on, issued_by, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id`,
		o.Number, o.UnitID, o.Subject, nullInt(o.CaseID), o.CaseNumber, nullInt(o.TransferID), o.Title, o.Content,
		o.IssuedOn, o.IssuedBy, now).Scan(&o.ID)
	if err != nil {
		return err
	}
	o.Version, o.CreatedAt, o.UpdatedAt = 1, now, now
	item := workflow.Item{RecordKind: supervise.OrderKind, RecordID: o.ID, UnitID: o.UnitID, Title: o.Number + " " + o.Title}
	if err := w.startItem(supervise.OrderWorkflow, by, &item, o.IssuedOn); err != nil {
		return err
	}
	if err := w.record(by, supervise.OrderKind, o.ID, audit.Create, "", nil, o); err != nil {
		return err
	}
	fresh, err := w.s.orderByID(w.ctx, w.q, o.ID)
	*o = fresh
	return err
}

// orderNumber gives the next order number of the year (rule
// supervision.order_number_format).
func (w *txWriter) orderNumber(on calendar.Date) (string, error) {
	format, err := w.ruleAsOf("supervision.order_number_format", on)
	if err != nil {
		return "", err
	}
	var seq int
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO number_sequences (name, year, last) VALUES ('supervision_order', $1, 1)
		ON CONFLICT (name, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`, on.Year).Scan(&seq); err != nil {
		return "", err
	}
	return strings.NewReplacer("{年}", fmt.Sprint(on.Year), "{序号}", fmt.Sprint(seq)).Replace(format.Value), nil
}

func (w *txWriter) actOnOrder(actor account.Actor, by audit.Actor, id int64, act OrderAct) (supervise.Order, error) {
	o, err := w.s.orderByID(w.ctx, w.q, id)
	if err != nil {
		return o, err
	}
	if !actor.CanViewUnitRecords(o.UnitID) {
		return supervise.Order{}, apperr.New(apperr.NotFound, "督办事项不存在")
	}
	act.Text = strings.TrimSpace(act.Text)
	var f apperr.Fields
	switch {
	case act.On.IsZero():
		f.Add("on", "日期", "必填项为空")
	case act.On.Before(o.IssuedOn):
		f.Add("on", "日期", "不能早于督办日期 "+o.IssuedOn.String())
	case act.On.After(w.s.today()):
		f.Add("on", "日期", "不能晚于今天")
	}
	if act.Name == "reply" {
		f.Required("reply", "回复内容", act.Text)
	}
	if err := f.Err(); err != nil {
		return o, err
	}
	it, err := w.s.item(w.ctx, w.q, supervise.OrderKind, id)
	if err != nil {
		return o, err
	}
	if it.Version != act.ItemVersion {
		return o, conflict("督办事项“" + o.Title + "”")
	}
	reason := act.Text
	if act.Name == "reply" {
		reason = ""
	}
	tr, err := supervise.OrderWorkflow.Check(it, act.Name, actor, reason, nil)
	if err != nil {
		return o, err
	}
	if err := w.applyTransition(supervise.OrderWorkflow, by, &it, tr, act.Text, act.On); err != nil {
		return o, err
	}
	if err := w.recordOrderAct(o, act, by); err != nil {
		return o, err
	}
	return w.s.orderByID(w.ctx, w.q, id)
}

// recordOrderAct writes the reply round or the review of the last one.
func (w *txWriter) recordOrderAct(o supervise.Order, act OrderAct, by audit.Actor) error {
	var err error
	switch act.Name {
	case "reply":
		_, err = w.q.ExecContext(w.ctx, `INSERT INTO supervision_order_replies (order_id, round, reply, replied_on, replied_by)
			VALUES ($1, $2, $3, $4, $5)`, o.ID, len(o.Replies)+1, act.Text, act.On, by.Name)
	case "accept", "return":
		outcome := supervise.Accepted
		if act.Name == "return" {
			outcome = supervise.Returned
		}
		_, err = w.q.ExecContext(w.ctx, `UPDATE supervision_order_replies SET outcome=$1, comment=$2, reviewed_on=$3, reviewed_by=$4
			WHERE order_id=$5 AND round=$6`, outcome, act.Text, act.On, by.Name, o.ID, len(o.Replies))
	}
	if err != nil {
		return err
	}
	closed := any(nil)
	if act.Name == "accept" || act.Name == "withdraw" {
		closed = act.On
	}
	_, err = w.q.ExecContext(w.ctx, `UPDATE supervision_orders SET closed_on=$1, version=version+1, updated_at=$2 WHERE id=$3`,
		closed, w.s.now(), o.ID)
	return err
}
