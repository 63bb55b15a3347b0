package store

// The case file of a penalty case (seed measure 4): evidence items,
// written records, evidence preservation with its 7-working-day clock,
// statements and defence, collective discussion, the legal-review mark,
// extensions and pauses of the decision period, payment terms and the
// disclosure mark. Acts that move the case are in enf_caseflow.go.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// CaseRecords lists a case's file, by date.
func (s *Store) CaseRecords(ctx context.Context, caseID int64) ([]enforcement.CaseRecord, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, case_id, kind, title, on_date, detail, decided_on, created_at
		FROM enf_case_records WHERE case_id = $1 ORDER BY on_date, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []enforcement.CaseRecord
	for rows.Next() {
		var r enforcement.CaseRecord
		if err := rows.Scan(&r.ID, &r.CaseID, &r.Kind, &r.Title, &r.OnDate, &r.Detail, dateInto{&r.DecidedOn}, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CasePeriods lists a case's extensions and pauses.
func (s *Store) CasePeriods(ctx context.Context, caseID int64) ([]enforcement.Period, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, case_id, kind, rule_key, citation, from_on, to_on, days, reason, created_at
		FROM enf_case_periods WHERE case_id = $1 ORDER BY from_on, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []enforcement.Period
	for rows.Next() {
		var p enforcement.Period
		if err := rows.Scan(&p.ID, &p.CaseID, &p.Kind, &p.RuleKey, &p.Citation, &p.From, dateInto{&p.To}, &p.Days,
			&p.Reason, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// openCase loads a case for a file write: it must exist, be editable by
// the caller's checks (done by the edge), not be finished, and carry the
// version the user saw (0 skips the check, for system callers).
func (w *txWriter) openCase(caseID int64, version int) (enforcement.Case, workflow.Item, error) {
	c, err := w.caseFor(caseID)
	if err != nil {
		return c, workflow.Item{}, err
	}
	it, err := w.caseItem(caseID)
	if err != nil {
		return c, it, err
	}
	if version != 0 && version != c.Version {
		return c, it, conflict("案件“" + c.Title() + "”")
	}
	return c, it, nil
}

func finished(def *workflow.Definition, state string) bool {
	st, _ := def.State(state)
	return st.Final
}

// AddCaseRecord adds an item to a case file. A preservation (先行登记保存)
// starts the 7-working-day clock for its decision; only one may be open.
func (s *Store) AddCaseRecord(ctx context.Context, actor audit.Actor, r *enforcement.CaseRecord) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).addCaseRecord(actor, r) })
}

func (w *txWriter) addCaseRecord(actor audit.Actor, r *enforcement.CaseRecord) error {
	if err := r.Prepare(); err != nil {
		return err
	}
	c, it, err := w.openCase(r.CaseID, 0)
	if err != nil {
		return err
	}
	def := enforcement.DefinitionOf(c.Procedure)
	if finished(def, it.State) {
		return apperr.New(apperr.Conflict, "案件已“"+def.StateLabel(it.State)+"”，案卷不能再添加材料")
	}
	if r.Kind == enforcement.RecPreservation {
		var open int
		if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM enf_case_records WHERE case_id = $1 AND kind = 'preservation'
			AND decided_on IS NULL`, r.CaseID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "本案已有一项先行登记保存尚未作出处理决定，请先作出处理决定")
		}
		if err := w.startTimers(def, it.ID, []string{enforcement.TimerPreservation}, r.OnDate); err != nil {
			return err
		}
	}
	return w.insertRecord(actor, r)
}

func (w *txWriter) insertRecord(actor audit.Actor, r *enforcement.CaseRecord) error {
	r.CreatedAt = w.s.now()
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO enf_case_records (case_id, kind, title, on_date, detail, decided_on, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.CaseID, r.Kind, r.Title, r.OnDate, r.Detail,
		dateOrNil(r.DecidedOn), r.CreatedAt).Scan(&r.ID)
	if err != nil {
		return err
	}
	return w.record(actor, enforcement.RecordKind, r.CaseID, "case_record", enforcement.RecordKindLabel(r.Kind)+"："+r.Title, nil, r)
}

// DecidePreservation records the decision on preserved evidence and
// stops its clock (Art. 56).
func (s *Store) DecidePreservation(ctx context.Context, actor audit.Actor, caseID, recordID int64, on calendar.Date, decision string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.writer(ctx, tx).decidePreservation(actor, caseID, recordID, on, decision)
	})
}

func (w *txWriter) decidePreservation(actor audit.Actor, caseID, recordID int64, on calendar.Date, decision string) error {
	decision = strings.TrimSpace(decision)
	if decision == "" {
		var f apperr.Fields
		f.Add("decision", "处理决定", "请写明处理决定（如解除保存、移送检测、予以没收等）")
		return f.Err()
	}
	var r enforcement.CaseRecord
	err := w.q.QueryRowContext(w.ctx, `SELECT id, on_date, decided_on FROM enf_case_records WHERE id = $1 AND case_id = $2
		AND kind = 'preservation'`, recordID, caseID).Scan(&r.ID, &r.OnDate, dateInto{&r.DecidedOn})
	if err != nil {
		return notFound(err, "先行登记保存记录不存在")
	}
	if r.DecidedOn != nil {
		return apperr.New(apperr.Conflict, "该先行登记保存已于 "+r.DecidedOn.String()+" 作出处理决定")
	}
	if on.Before(r.OnDate) {
		var f apperr.Fields
		f.Add("on", "决定日期", "不能早于保存日期 "+r.OnDate.String())
		return f.Err()
	}
	if _, err := w.q.ExecContext(w.ctx, `UPDATE enf_case_records SET decided_on = $1, detail = detail || $2 WHERE id = $3`,
		on, "\n处理决定："+decision, recordID); err != nil {
		return err
	}
	it, err := w.caseItem(caseID)
	if err != nil {
		return err
	}
	if err := w.stopTimers(it.ID, []string{enforcement.TimerPreservation}, w.s.now()); err != nil {
		return err
	}
	return w.record(actor, enforcement.RecordKind, caseID, "preservation_decided", decision, nil,
		map[string]any{"record_id": recordID, "decided_on": on})
}

// CaseNote is a dated note for a case fact recorded outside a transition.
type CaseNote struct {
	CaseID  int64
	Version int // the case version the user saw (0 = not checked)
	On      calendar.Date
	Note    string
}

// RecordDefence records the party's statement and defence (陈述、申辩).
func (s *Store) RecordDefence(ctx context.Context, actor audit.Actor, n CaseNote) (enforcement.Case, error) {
	return s.setCaseFact(ctx, actor, n, enforcement.RecDefence, "陈述申辩", setDefence(n))
}

func setDefence(n CaseNote) func(c *enforcement.Case) error {
	return func(c *enforcement.Case) error {
		if c.NoticeOn == nil {
			return apperr.New(apperr.Conflict, "尚未告知，不能登记陈述申辩")
		}
		c.DefenceOn, c.DefenceNote = &n.On, n.Note
		return nil
	}
}

// RecordCollective records the heads' collective discussion (Art. 57).
func (s *Store) RecordCollective(ctx context.Context, actor audit.Actor, n CaseNote) (enforcement.Case, error) {
	return s.setCaseFact(ctx, actor, n, enforcement.RecCollective, "负责人集体讨论", setCollective(n))
}

func setCollective(n CaseNote) func(c *enforcement.Case) error {
	return func(c *enforcement.Case) error { c.CollectiveOn = &n.On; return nil }
}

// MarkReviewPassed records that legal review (法制审核) passed on day on;
// the legal-review area calls it when its review concludes. Open flags of
// an amount outside the benchmark are cleared: review was their remedy.
func (s *Store) MarkReviewPassed(ctx context.Context, actor audit.Actor, n CaseNote) (enforcement.Case, error) {
	return s.setCaseFact(ctx, actor, n, enforcement.RecReview, "法制审核通过", setReviewPassed(n))
}

func setReviewPassed(n CaseNote) func(c *enforcement.Case) error {
	return func(c *enforcement.Case) error { c.ReviewPassedOn = &n.On; return nil }
}

// SetReviewCatalog marks a case as within (or outside) the unit's catalog
// of decisions that need legal review; the legal-review area calls it.
func (s *Store) SetReviewCatalog(ctx context.Context, actor audit.Actor, caseID int64, in bool, reason string) (enforcement.Case, error) {
	var out enforcement.Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		c, _, err := w.openCase(caseID, 0)
		if err != nil {
			return err
		}
		next := c
		next.ReviewCatalog = in
		next.ReviewRequired = enforcement.ReviewRequired(next)
		out = next
		return w.updateCase(actor, c, &out, audit.Update, reason)
	})
	return out, err
}

// setCaseFact sets a fact of an open case, adds its record to the file
// and audits both.
func (s *Store) setCaseFact(ctx context.Context, actor audit.Actor, n CaseNote, kind, title string,
	set func(c *enforcement.Case) error) (enforcement.Case, error) {
	return inWriter(ctx, s, func(w *txWriter) (enforcement.Case, error) { return w.setCaseFact(actor, n, kind, title, set) })
}

func (w *txWriter) setCaseFact(actor audit.Actor, n CaseNote, kind, title string, set func(c *enforcement.Case) error) (enforcement.Case, error) {
	n.Note = strings.TrimSpace(n.Note)
	if n.On.IsZero() {
		var f apperr.Fields
		f.Add("on", "日期", "必填项为空")
		return enforcement.Case{}, f.Err()
	}
	c, it, err := w.openCase(n.CaseID, n.Version)
	if err != nil {
		return c, err
	}
	def := enforcement.DefinitionOf(c.Procedure)
	if finished(def, it.State) {
		return c, apperr.New(apperr.Conflict, "案件已“"+def.StateLabel(it.State)+"”，不能再登记")
	}
	next := c
	if err := set(&next); err != nil {
		return c, err
	}
	next.ReviewRequired = enforcement.ReviewRequired(next)
	if err := w.updateCase(actor, c, &next, audit.Update, title); err != nil {
		return c, err
	}
	rec := enforcement.CaseRecord{CaseID: c.ID, Kind: kind, Title: title, OnDate: n.On, Detail: n.Note}
	if err := w.insertRecord(actor, &rec); err != nil {
		return c, err
	}
	if kind == enforcement.RecReview {
		if err := w.clearFlags(actor, c.ID, enforcement.FlagOutside, "", n.On, "已经法制审核通过"); err != nil {
			return c, err
		}
	}
	return next, nil
}

// ---------- the decision period ----------

// AddCasePeriod records an extension of the decision period, or a period
// not counted in it, under a rule row in force on its first day; the
// decision deadline moves by its days (a pause still running moves it
// when it ends, see EndCasePause).
func (s *Store) AddCasePeriod(ctx context.Context, actor audit.Actor, p *enforcement.Period) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		_, it, err := w.openCase(p.CaseID, 0)
		if err != nil {
			return err
		}
		return w.addPeriod(actor, it, p)
	})
}

func (w *txWriter) addPeriod(actor audit.Actor, it workflow.Item, p *enforcement.Period) error {
	p.Reason = strings.TrimSpace(p.Reason)
	var f apperr.Fields
	kind, label := enforcement.PeriodRuleKind(p.RuleKey)
	if kind == "" {
		f.Add("rule_key", "依据", "请选择规则表允许的延长或不计入期限的情形")
	}
	if p.From.IsZero() {
		f.Add("from", "起始日期", "必填项为空")
	}
	f.Required("reason", "理由", p.Reason)
	if p.To != nil && p.To.Before(p.From) {
		f.Add("to", "结束日期", "不能早于起始日期")
	}
	if err := f.Err(); err != nil {
		return err
	}
	r, err := w.ruleAsOf(p.RuleKey, p.From)
	if err != nil {
		return apperr.New(apperr.Invalid, fmt.Sprintf("规则表中没有在 %s 适用的“%s”条目，不能%s", p.From, label, label))
	}
	p.Kind, p.Citation = kind, r.Citation
	if err := w.periodDays(p, r); err != nil {
		return err
	}
	var running int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM workflow_timers WHERE item_id = $1 AND name = $2 AND state = 'running'`,
		it.ID, enforcement.TimerDecide).Scan(&running); err != nil || running == 0 {
		return apperr.New(apperr.Conflict, "案件的处罚决定期限没有在计算（未立案或已作出决定），不能延长或扣除期间")
	}
	p.CreatedAt = w.s.now()
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO enf_case_periods (case_id, kind, rule_key, citation, from_on, to_on, days,
		reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, p.CaseID, p.Kind, p.RuleKey, p.Citation,
		p.From, dateOrNil(p.To), p.Days, p.Reason, p.CreatedAt).Scan(&p.ID); err != nil {
		return err
	}
	if err := w.record(actor, enforcement.RecordKind, p.CaseID, "period", label+"："+p.Reason, nil, p); err != nil {
		return err
	}
	return w.recountDecision(it.ID, p.CaseID)
}

// periodDays sets how many days a period moves the deadline: an
// extension by its rule's value (or the days the collective discussion
// set), a closed pause by its length, a running pause by none yet.
func (w *txWriter) periodDays(p *enforcement.Period, r rule.Rule) error {
	switch {
	case p.Kind == enforcement.PeriodExtension && r.Unit == rule.CalendarDays:
		n, err := r.Int()
		if err != nil {
			return err
		}
		if p.Days == 0 || p.Days > n {
			p.Days = n
		}
	case p.Kind == enforcement.PeriodExtension:
		if p.Days <= 0 {
			var f apperr.Fields
			f.Add("days", "延长天数", "经集体讨论延长的，须填写集体讨论确定的天数")
			return f.Err()
		}
	case p.To != nil:
		p.Days = enforcement.PausedDays(p.From, *p.To)
	default:
		p.Days = 0
	}
	return nil
}

// EndCasePause closes a running pause on day to and moves the decision
// deadline by its length.
func (s *Store) EndCasePause(ctx context.Context, actor audit.Actor, caseID, periodID int64, to calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		_, it, err := w.openCase(caseID, 0)
		if err != nil {
			return err
		}
		var p enforcement.Period
		if err := w.q.QueryRowContext(w.ctx, `SELECT from_on, to_on, kind FROM enf_case_periods WHERE id = $1 AND case_id = $2`,
			periodID, caseID).Scan(&p.From, dateInto{&p.To}, &p.Kind); err != nil {
			return notFound(err, "期间记录不存在")
		}
		if p.Kind != enforcement.PeriodPause || p.To != nil {
			return apperr.New(apperr.Conflict, "该期间已结束或不是中止类期间")
		}
		if to.Before(p.From) {
			var f apperr.Fields
			f.Add("to", "结束日期", "不能早于起始日期 "+p.From.String())
			return f.Err()
		}
		days := enforcement.PausedDays(p.From, to)
		if _, err := w.q.ExecContext(w.ctx, `UPDATE enf_case_periods SET to_on = $1, days = $2 WHERE id = $3`, to, days, periodID); err != nil {
			return err
		}
		if err := w.record(actor, enforcement.RecordKind, caseID, "period_end", "", nil, map[string]any{"period_id": periodID, "to": to, "days": days}); err != nil {
			return err
		}
		return w.recountDecision(it.ID, caseID)
	})
}

// recountDecision recomputes the decision deadline of a case: the
// period from the filing day plus every extension and pause recorded,
// rolled to a working day. Warnings already raised are withdrawn; the
// next scan raises them again if still due.
func (w *txWriter) recountDecision(itemID, caseID int64) error {
	var started calendar.Date
	var period, extra int
	if err := w.q.QueryRowContext(w.ctx, `SELECT started_on, period FROM workflow_timers WHERE item_id = $1 AND name = $2
		AND state = 'running'`, itemID, enforcement.TimerDecide).Scan(&started, &period); err != nil {
		return notFound(err, "案件的处罚决定期限没有在计算")
	}
	if err := w.q.QueryRowContext(w.ctx, `SELECT COALESCE(SUM(days), 0) FROM enf_case_periods WHERE case_id = $1`, caseID).Scan(&extra); err != nil {
		return err
	}
	cal, err := w.calendar()
	if err != nil {
		return err
	}
	due, err := cal.AddCalendarDays(started, period+extra)
	if err != nil {
		return err
	}
	return w.moveTimer(itemID, enforcement.TimerDecide, due)
}

// moveTimer sets a running timer's due day (the next working day when
// it falls on a rest day) and its warning day with it, withdrawing the
// warnings already raised.
func (w *txWriter) moveTimer(itemID int64, name string, due calendar.Date) error {
	cal, err := w.calendar()
	if err != nil {
		return err
	}
	for {
		ok, err := cal.IsWorkday(due)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		due = due.AddDays(1)
	}
	warnAhead := 0
	if r, err := w.ruleAsOf("supervision.warn_ahead", due); err == nil {
		warnAhead, _ = r.Int()
	}
	warn, err := rule.WarnDate(cal, due, warnAhead)
	if err != nil {
		return err
	}
	var timerID int64
	if err := w.q.QueryRowContext(w.ctx, `SELECT id FROM workflow_timers WHERE item_id = $1 AND name = $2 AND state = 'running'`,
		itemID, name).Scan(&timerID); err != nil {
		return notFound(err, "期限不存在或已停止")
	}
	if _, err := w.q.ExecContext(w.ctx, `UPDATE workflow_timers SET due_on = $1, warn_on = $2 WHERE id = $3`, due, warn, timerID); err != nil {
		return err
	}
	_, err = w.q.ExecContext(w.ctx, `DELETE FROM supervision_warnings WHERE timer_id = $1`, timerID)
	return err
}

// ---------- execution and disclosure ----------

// PaymentTerms are a deferral or instalments granted on application (Art. 66).
type PaymentTerms struct {
	CaseID        int64
	Version       int
	DeferredUntil *calendar.Date
	Instalments   int
	On            calendar.Date
	Reason        string
}

// SetPaymentTerms grants a deferral (the payment deadline moves to it)
// or instalments (up to the rule's number).
func (s *Store) SetPaymentTerms(ctx context.Context, actor audit.Actor, t PaymentTerms) (enforcement.Case, error) {
	return inWriter(ctx, s, func(w *txWriter) (enforcement.Case, error) { return w.setPaymentTerms(actor, t) })
}

func (w *txWriter) setPaymentTerms(actor audit.Actor, t PaymentTerms) (enforcement.Case, error) {
	c, it, err := w.openCase(t.CaseID, t.Version)
	if err != nil {
		return c, err
	}
	if it.State != enforcement.Executing {
		return c, apperr.New(apperr.Conflict, "只有已送达、执行中的案件可以批准暂缓或分期缴纳")
	}
	var f apperr.Fields
	f.Required("reason", "理由", t.Reason)
	maxN := 6
	if r, err := w.ruleAsOf("penalty.instalments_max", t.On); err == nil {
		maxN, _ = r.Int()
	}
	if t.Instalments < 0 || t.Instalments > maxN {
		f.Add("instalments", "分期期数", fmt.Sprintf("应为 0 至 %d 期", maxN))
	}
	if t.DeferredUntil == nil && t.Instalments == 0 {
		f.Add("deferred_until", "暂缓至", "请填写暂缓缴纳的截止日期或分期期数")
	}
	if t.DeferredUntil != nil && c.PaymentDue != nil && !t.DeferredUntil.After(*c.PaymentDue) {
		f.Add("deferred_until", "暂缓至", "应晚于原缴款期限 "+c.PaymentDue.String())
	}
	if err := f.Err(); err != nil {
		return c, err
	}
	next := c
	next.Instalments = t.Instalments
	if t.DeferredUntil != nil {
		next.DeferredUntil = t.DeferredUntil
	}
	if err := w.updateCase(actor, c, &next, "payment_terms", t.Reason); err != nil {
		return c, err
	}
	if t.DeferredUntil != nil {
		if err := w.moveTimer(it.ID, enforcement.TimerPayment, *t.DeferredUntil); err != nil {
			return c, err
		}
	}
	return next, nil
}

// MarkCaseDisclosed records that a decision was published (the
// disclosure area calls it) and stops its disclosure clock.
func (s *Store) MarkCaseDisclosed(ctx context.Context, actor audit.Actor, caseID int64, on calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).markDisclosed(actor, caseID, on) })
}

func (w *txWriter) markDisclosed(actor audit.Actor, caseID int64, on calendar.Date) error {
	c, it, err := w.openCase(caseID, 0)
	if err != nil {
		return err
	}
	if c.DecidedOn == nil || c.Outcome != enforcement.Penalised {
		return apperr.New(apperr.Conflict, "案件尚未作出行政处罚决定，无须公示")
	}
	next := c
	next.DisclosedOn = &on
	if err := w.updateCase(actor, c, &next, "disclosed", ""); err != nil {
		return err
	}
	return w.stopTimers(it.ID, []string{enforcement.TimerDisclosure}, w.s.now())
}

// caseActor is who a system caller acts as for a case transition's
// permission check (the demo loader).
func caseActor(unitID int64, name string) account.Actor {
	return account.Actor{UserID: -1, Name: name, UnitID: unitID, Roles: []account.Role{account.Officer, account.Leader}}
}
