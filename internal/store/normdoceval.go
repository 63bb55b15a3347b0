package store

// The validity engine: evaluation tasks before expiry, expiry itself, and
// the lifecycle's catch-up with effects dated in the future.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
)

// Evaluation states.
const (
	EvalOpen    = "open"    // the unit is to decide
	EvalDecided = "decided" // decided: continue, amend or abolish
	EvalLapsed  = "lapsed"  // the document expired without a decision
	EvalClosed  = "closed"  // the document was abolished or declared expired first
)

// EvalStateLabel is the Chinese name of an evaluation state.
func EvalStateLabel(s string) string {
	switch s {
	case EvalOpen:
		return "待评估"
	case EvalDecided:
		return "已评估"
	case EvalLapsed:
		return "到期未评估（已失效）"
	case EvalClosed:
		return "文件已废止或宣布失效"
	}
	return s
}

// Evaluation is the task of evaluating a document before it expires
// (rule normdoc.evaluate_before_expiry).
type Evaluation struct {
	ID        int64           `json:"id"`
	DocID     int64           `json:"doc_id"`
	Title     string          `json:"title"`
	Number    string          `json:"number"`
	UnitID    int64           `json:"unit_id"`
	UnitName  string          `json:"unit_name"`
	ExpiryOn  calendar.Date   `json:"expiry_on"`
	OpenedOn  calendar.Date   `json:"opened_on"`
	State     string          `json:"state"`
	Outcome   normdoc.Outcome `json:"outcome"`
	DecidedOn *calendar.Date  `json:"decided_on,omitempty"`
	Note      string          `json:"note"`
	Version   int             `json:"version"`
}

const evalColumns = `ev.id, ev.doc_id, d.title, d.doc_number, ev.unit_id, u.name, ev.expiry_on, ev.opened_on, ev.state,
	ev.outcome, ev.decided_on, ev.note, ev.version`

const evalFrom = ` FROM normdoc_evaluations ev JOIN normdocs d ON d.id = ev.doc_id JOIN units u ON u.id = ev.unit_id`

func scanEval(row interface{ Scan(...any) error }) (Evaluation, error) {
	var e Evaluation
	err := row.Scan(&e.ID, &e.DocID, &e.Title, &e.Number, &e.UnitID, &e.UnitName, &e.ExpiryOn, &e.OpenedOn, &e.State,
		&e.Outcome, optDateInto{&e.DecidedOn}, &e.Note, &e.Version)
	return e, err
}

// EvaluationFilter selects evaluation tasks.
type EvaluationFilter struct {
	DocID   int64
	UnitIDs []int64 // nil = all
	State   string
	Limit   int
}

// Evaluations lists evaluation tasks, those expiring first first.
func (s *Store) Evaluations(ctx context.Context, f EvaluationFilter) ([]Evaluation, error) {
	w := newWhere()
	if f.DocID != 0 {
		w.add("ev.doc_id = ?", f.DocID)
	}
	if f.State != "" {
		w.add("ev.state = ?", f.State)
	}
	if !w.in("ev.unit_id", f.UnitIDs) {
		return nil, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+evalColumns+evalFrom+w.sql()+fmt.Sprintf(` ORDER BY ev.expiry_on, ev.id LIMIT %d`, limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evaluation
	for rows.Next() {
		e, err := scanEval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Evaluation returns one evaluation task.
func (s *Store) Evaluation(ctx context.Context, id int64) (Evaluation, error) {
	e, err := scanEval(s.DB.QueryRowContext(ctx, `SELECT `+evalColumns+evalFrom+` WHERE ev.id = $1`, id))
	return e, notFound(err, "评估任务不存在")
}

// RunValidityEngine is the daily job of the validity engine on day today:
// it opens an evaluation task for the responsible unit of every document
// in its evaluation window, marks documents past their last valid day as
// expired through the ledger (and closes their open tasks), and catches
// the lifecycle up with effects that came to apply. Every change is
// audited; a second run the same day changes nothing. It returns how many
// records changed.
func (s *Store) RunValidityEngine(ctx context.Context, today calendar.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		opened, err := w.openEvaluations(today)
		if err != nil {
			return err
		}
		expired, err := w.expireDocuments(today)
		if err != nil {
			return err
		}
		n = opened + expired
		return nil
	})
	if err != nil {
		return n, err
	}
	synced, err := s.SyncLifecycles(ctx, today)
	return n + synced, err
}

// RunValidityEngine is Store.RunValidityEngine inside the bulk.
func (b *Bulk) RunValidityEngine(today calendar.Date) (int, error) {
	opened, err := b.w.openEvaluations(today)
	if err != nil {
		return 0, err
	}
	expired, err := b.w.expireDocuments(today)
	return opened + expired, err
}

// liveOn is the condition that a document is valid (in force or
// suspended) on the day bound to $1.
func liveOn() string {
	return statusAtSQL("$1") + ` IN (` + sqlStrings([]normdoc.Status{normdoc.InForce, normdoc.Amended, normdoc.Suspended}) + `)`
}

// liveStates are the lifecycle states of a published document that may
// still be valid.
var liveStates = []string{normdoc.StPublished, normdoc.StFiled, string(normdoc.Amended), string(normdoc.Suspended)}

// dueDoc is a document the engine looks at: what assignment needs.
type dueDoc struct {
	id          int64
	expiry      calendar.Date
	title       string
	number      string
	lead        int64
	implementer int64
}

// dueDocs lists the valid documents whose expiry meets cond ($1 is
// today; args bind $2 on). The lifecycle state narrows the search first:
// a document whose lifecycle has reached a final state is final on the
// ledger too (effects move the lifecycle only once they apply).
func (w *txWriter) dueDocs(cond string, today calendar.Date, args ...any) ([]dueDoc, error) {
	rows, err := w.q.QueryContext(w.ctx, `SELECT d.id, d.expiry_on, d.title, d.doc_number, d.lead_unit_id,
		COALESCE(d.implementer_id, 0) FROM normdocs d
		JOIN workflow_items wi ON wi.record_kind = 'normdoc' AND wi.record_id = d.id AND wi.state IN (`+quoted(liveStates)+`)`+
		latestEffectJoin("$1")+`
		WHERE d.expiry_on IS NOT NULL AND `+cond+` AND `+liveOn()+` ORDER BY d.expiry_on, d.id`, append([]any{today}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dueDoc
	for rows.Next() {
		var d dueDoc
		if err := rows.Scan(&d.id, &d.expiry, &d.title, &d.number, &d.lead, &d.implementer); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (w *txWriter) openEvaluations(today calendar.Date) (int, error) {
	// Only documents expiring within the lead time (as of today, with a
	// year's margin for a rule that differs by expiry day) can be due.
	lead, err := w.ruleAsOf("normdoc.evaluate_before_expiry", today)
	if apperr.KindOf(err) == apperr.NotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	months, err := lead.Int()
	if err != nil {
		return 0, err
	}
	horizon := normdoc.AddMonths(today, months+12)
	due, err := w.dueDocs(`d.expiry_on >= $1 AND d.expiry_on <= $2 AND NOT EXISTS (SELECT 1 FROM normdoc_evaluations ev
		WHERE ev.doc_id = d.id AND ev.expiry_on = d.expiry_on)`, today, horizon)
	if err != nil {
		return 0, err
	}
	units, err := w.unitNodes()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, dd := range due {
		r, err := w.ruleAsOf("normdoc.evaluate_before_expiry", dd.expiry)
		if err != nil {
			return n, err
		}
		months, err := r.Int()
		if err != nil {
			return n, err
		}
		if today.Before(normdoc.EvaluationFrom(dd.expiry, months)) {
			continue
		}
		unit, _ := normdoc.Assign(normdoc.Document{LeadUnitID: dd.lead, ImplementerID: dd.implementer}, units, today)
		ev := Evaluation{DocID: dd.id, Title: dd.title, Number: dd.number, UnitID: unit, ExpiryOn: dd.expiry, OpenedOn: today,
			State: EvalOpen, Version: 1}
		if err := w.q.QueryRowContext(w.ctx, `INSERT INTO normdoc_evaluations (doc_id, unit_id, expiry_on, opened_on, state, version)
			VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`, ev.DocID, ev.UnitID, ev.ExpiryOn, ev.OpenedOn, ev.State).Scan(&ev.ID); err != nil {
			return n, err
		}
		reason := "有效期至 " + dd.expiry.String() + "，依 " + r.Citation + " 届满前 " + r.Value + " 个月启动评估"
		if err := w.record(audit.System, normdoc.RecordKind, dd.id, "evaluation_opened", reason, nil, ev); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (w *txWriter) expireDocuments(today calendar.Date) (int, error) {
	due, err := w.dueDocs(`d.expiry_on < $1`, today)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, dd := range due {
		e := normdoc.Effect{Kind: normdoc.Expire, DocID: dd.id, EffectiveOn: dd.expiry.AddDays(1),
			Note: "有效期至 " + dd.expiry.String() + "，届满自动失效"}
		err := w.addEffect(audit.System, &e, today, true)
		if k := apperr.KindOf(err); err != nil && k != apperr.Internal {
			continue // a ledger that already says otherwise after the expiry day: left to the office
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// unitNodes loads what succession needs of every unit.
func (w *txWriter) unitNodes() (map[int64]normdoc.UnitNode, error) {
	rows, err := w.q.QueryContext(w.ctx, `SELECT id, name, COALESCE(successor_id, 0), abolished_on FROM units`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]normdoc.UnitNode{}
	for rows.Next() {
		var u normdoc.UnitNode
		if err := rows.Scan(&u.ID, &u.Name, &u.SuccessorID, optDateInto{&u.AbolishedOn}); err != nil {
			return nil, err
		}
		out[u.ID] = u
	}
	return out, rows.Err()
}

// EvaluationDecision is a unit's decision on an evaluation task.
type EvaluationDecision struct {
	Outcome normdoc.Outcome
	On      calendar.Date
	// Number is the decision's (or re-publication's) document number;
	// abolition needs one.
	Number  string
	Note    string
	Version int
}

// DecideEvaluation records the outcome of an evaluation: continuing
// re-registers the document with a new validity, abolishing writes the
// repeal to the ledger, amending is recorded (the amending document then
// goes through its own lifecycle). Declaring expired is not an evaluation
// outcome: a document not continued simply expires.
func (s *Store) DecideEvaluation(ctx context.Context, actor audit.Actor, id int64, dec EvaluationDecision, today calendar.Date) (Evaluation, error) {
	return inWriter(ctx, s, func(w *txWriter) (Evaluation, error) { return w.decideEvaluation(actor, id, dec, today) })
}

// DecideEvaluation is Store.DecideEvaluation inside the bulk.
func (b *Bulk) DecideEvaluation(actor audit.Actor, id int64, dec EvaluationDecision, today calendar.Date) (Evaluation, error) {
	return b.w.decideEvaluation(actor, id, dec, today)
}

func (w *txWriter) decideEvaluation(actor audit.Actor, id int64, dec EvaluationDecision, today calendar.Date) (Evaluation, error) {
	ev, err := scanEval(w.q.QueryRowContext(w.ctx, `SELECT `+evalColumns+evalFrom+` WHERE ev.id = $1`, id))
	if err != nil {
		return ev, notFound(err, "评估任务不存在")
	}
	if ev.Version != dec.Version {
		return ev, conflict("评估任务")
	}
	if ev.State != EvalOpen {
		return ev, apperr.New(apperr.Conflict, "该评估任务已"+EvalStateLabel(ev.State)+"，不能再作决定")
	}
	var f apperr.Fields
	if dec.Outcome != normdoc.Continue && dec.Outcome != normdoc.AmendIt && dec.Outcome != normdoc.AbolishIt {
		f.Add("outcome", "评估结论", "应为 继续有效、修改 或 废止")
	}
	if dec.On.IsZero() {
		f.Add("on", "决定日期", "必填项为空")
	} else if dec.On.After(ev.ExpiryOn) {
		f.Add("on", "决定日期", "应在有效期届满（"+ev.ExpiryOn.String()+"）以前")
	}
	if dec.Outcome == normdoc.AbolishIt && strings.TrimSpace(dec.Number) == "" {
		f.Add("number", "决定文号", "废止须填写决定文号")
	}
	if err := f.Err(); err != nil {
		return ev, err
	}
	// The task is closed first: the repeal an abolition writes closes the
	// open tasks of its document.
	before := ev
	ev.State, ev.Outcome, ev.DecidedOn, ev.Note = EvalDecided, dec.Outcome, &dec.On, strings.TrimSpace(dec.Note)
	res, err := w.q.ExecContext(w.ctx, `UPDATE normdoc_evaluations SET state=$1, outcome=$2, decided_on=$3, note=$4,
		version=version+1 WHERE id=$5 AND version=$6`, ev.State, string(ev.Outcome), dec.On, ev.Note, ev.ID, ev.Version)
	if err != nil {
		return ev, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ev, conflict("评估任务")
	}
	ev.Version++
	switch dec.Outcome {
	case normdoc.Continue:
		e := normdoc.Effect{Kind: normdoc.Renew, DocID: ev.DocID, EffectiveOn: dec.On, DecisionNumber: dec.Number, Note: dec.Note}
		err = w.addEffect(actor, &e, today, false)
	case normdoc.AbolishIt:
		e := normdoc.Effect{Kind: normdoc.Repeal, DocID: ev.DocID, EffectiveOn: dec.On, DecisionNumber: dec.Number, Note: "有效期届满前评估决定废止。" + dec.Note}
		err = w.addEffect(actor, &e, today, false)
	}
	if err != nil {
		return ev, err
	}
	return ev, w.record(actor, normdoc.RecordKind, ev.DocID, "evaluation_decided", dec.Outcome.Label(), before, ev)
}

// OpenEvaluations lists, inside the bulk, every open evaluation task.
func (b *Bulk) OpenEvaluations() ([]Evaluation, error) {
	rows, err := b.w.q.QueryContext(b.w.ctx, `SELECT `+evalColumns+evalFrom+` WHERE ev.state = $1 ORDER BY ev.expiry_on, ev.id`, EvalOpen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evaluation
	for rows.Next() {
		e, err := scanEval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
