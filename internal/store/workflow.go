package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// Timer is a running or stopped statutory clock of a workflow item.
type Timer struct {
	ID         int64          `json:"id"`
	ItemID     int64          `json:"item_id"`
	Name       string         `json:"name"`
	RuleKey    string         `json:"rule_key"`
	Citation   string         `json:"citation"`
	PeriodUnit rule.Unit      `json:"period_unit"`
	Period     int            `json:"period"`
	StartedOn  calendar.Date  `json:"started_on"`
	DueOn      calendar.Date  `json:"due_on"`
	WarnOn     calendar.Date  `json:"warn_on"`
	State      string         `json:"state"` // running, stopped
	Label      string         `json:"label,omitempty"`
	Item       *workflow.Item `json:"item,omitempty"`
}

// StartItem puts a record into its workflow's initial state inside tx and
// starts the initial timers as of day on.
func (s *Store) StartItem(ctx context.Context, tx *sql.Tx, def *workflow.Definition, actor audit.Actor,
	item *workflow.Item, on calendar.Date) error {
	return s.writer(ctx, tx).startItem(def, actor, item, on)
}

func (w *txWriter) startItem(def *workflow.Definition, actor audit.Actor, item *workflow.Item, on calendar.Date) error {
	now := w.s.now()
	item.Workflow, item.State, item.Version = def.Name, def.Initial, 1
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO workflow_items (workflow, record_kind, record_id, unit_id, title, state,
		version, entered_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id`,
		def.Name, item.RecordKind, item.RecordID, item.UnitID, item.Title, item.State, now).Scan(&item.ID)
	if err != nil {
		return err
	}
	if err := w.startTimers(def, item.ID, def.InitialTimers, on); err != nil {
		return err
	}
	return w.record(actor, item.RecordKind, item.RecordID, "transition:"+def.StateLabel(def.Initial), "", nil, item)
}

// Item returns the workflow item of a record.
func (s *Store) Item(ctx context.Context, kind string, recordID int64) (workflow.Item, error) {
	return s.item(ctx, s.DB, kind, recordID)
}

func (s *Store) item(ctx context.Context, q querier, kind string, recordID int64) (workflow.Item, error) {
	var it workflow.Item
	err := q.QueryRowContext(ctx, `SELECT id, workflow, record_kind, record_id, unit_id, title, state, version
		FROM workflow_items WHERE record_kind = $1 AND record_id = $2`, kind, recordID).
		Scan(&it.ID, &it.Workflow, &it.RecordKind, &it.RecordID, &it.UnitID, &it.Title, &it.State, &it.Version)
	return it, notFound(err, "该记录没有流程")
}

// Fire applies a transition. version is the item version the user saw:
// when two people act on one record at once, exactly one update matches
// it; the other gets a conflict and nothing of theirs is written. on is
// the legal date of the event (timers start from it).
func (s *Store) Fire(ctx context.Context, def *workflow.Definition, actor account.Actor, kind string, recordID int64,
	name string, version int, reason string, input any, on calendar.Date) (workflow.Item, error) {
	var it workflow.Item
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		var err error
		if it, err = s.item(ctx, w.q, kind, recordID); err != nil {
			return err
		}
		if it.Version != version {
			return conflict("“" + it.Title + "”")
		}
		t, err := def.Check(it, name, actor, reason, input)
		if err != nil {
			return err
		}
		return w.applyTransition(def, actor.Audit(), &it, t, reason, on)
	})
	return it, err
}

func (w *txWriter) applyTransition(def *workflow.Definition, actor audit.Actor, it *workflow.Item, t workflow.Transition,
	reason string, on calendar.Date) error {
	before := *it
	if err := w.moveItem(def, it, t, on); err != nil {
		return err
	}
	return w.record(actor, it.RecordKind, it.RecordID, "transition:"+t.Label, reason, before, it)
}

// moveItem applies a transition without its audit event, for an area
// that records the transition together with what the act changed.
func (w *txWriter) moveItem(def *workflow.Definition, it *workflow.Item, t workflow.Transition, on calendar.Date) error {
	now := w.s.now()
	res, err := w.q.ExecContext(w.ctx, `UPDATE workflow_items SET state=$1, version=version+1, entered_at=$2, updated_at=$2
		WHERE id=$3 AND version=$4`, t.To, now, it.ID, it.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("“" + it.Title + "”")
	}
	it.State, it.Version = t.To, it.Version+1
	if err := w.stopTimers(it.ID, t.StopTimers, now); err != nil {
		return err
	}
	return w.startTimers(def, it.ID, t.StartTimers, on)
}

// calendar is the working-day calendar, read once per transaction.
func (w *txWriter) calendar() (*calendar.Calendar, error) {
	if w.cal == nil {
		cal, err := w.s.calendarFrom(w.ctx, w.q)
		if err != nil {
			return nil, err
		}
		w.cal = cal
	}
	return w.cal, nil
}

func (w *txWriter) startTimers(def *workflow.Definition, itemID int64, names []string, on calendar.Date) error {
	if len(names) == 0 {
		return nil
	}
	cal, err := w.calendar()
	if err != nil {
		return err
	}
	warnAhead := 0
	if r, err := w.ruleAsOf("supervision.warn_ahead", on); err == nil {
		warnAhead, _ = r.Int()
	}
	for _, name := range names {
		def, _ := def.Timer(name)
		if err := w.startTimer(cal, itemID, def, on, warnAhead); err != nil {
			return err
		}
	}
	return nil
}

func (w *txWriter) startTimer(cal *calendar.Calendar, itemID int64, t workflow.Timer, on calendar.Date, warnAhead int) error {
	r, err := w.ruleAsOf(t.RuleKey, on)
	if err != nil {
		return err
	}
	period, err := r.Int()
	if err != nil {
		return err
	}
	due, err := r.Due(cal, on)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, fmt.Sprintf("无法计算“%s”：%v", t.Label, err), err)
	}
	warn, err := rule.WarnDate(cal, due, warnAhead)
	if err != nil {
		return err
	}
	_, err = w.q.ExecContext(w.ctx, `INSERT INTO workflow_timers (item_id, name, rule_key, citation, period_unit, period,
		started_on, due_on, warn_on, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running')`,
		itemID, t.Name, r.Key, r.Citation, string(r.Unit), period, on, due, warn)
	return err
}

func (w *txWriter) stopTimers(itemID int64, names []string, at time.Time) error {
	for _, name := range names {
		if _, err := w.q.ExecContext(w.ctx, `UPDATE workflow_timers SET state='stopped', stopped_at=$1
			WHERE item_id=$2 AND name=$3 AND state='running'`, at, itemID, name); err != nil {
			return err
		}
	}
	return nil
}

// Timers returns the timers of a workflow item, newest first.
func (s *Store) Timers(ctx context.Context, itemID int64) ([]Timer, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+timerColumns+` FROM workflow_timers t
		JOIN workflow_items i ON i.id = t.item_id WHERE t.item_id = $1 ORDER BY t.id DESC`, itemID)
	if err != nil {
		return nil, err
	}
	return scanTimers(rows)
}

const timerColumns = `t.id, t.item_id, t.name, t.rule_key, t.citation, t.period_unit, t.period, t.started_on, t.due_on,
	t.warn_on, t.state, i.id, i.workflow, i.record_kind, i.record_id, i.unit_id, i.title, i.state, i.version`

// itemScan receives the item columns of timerColumns.
type itemScan struct{ workflow.Item }

func (i *itemScan) item() *workflow.Item { it := i.Item; return &it }

// timerDest lists the scan destinations of timerColumns.
func timerDest(t *Timer, i *itemScan) []any {
	return []any{&t.ID, &t.ItemID, &t.Name, &t.RuleKey, &t.Citation, &t.PeriodUnit, &t.Period, &t.StartedOn,
		&t.DueOn, &t.WarnOn, &t.State, &i.ID, &i.Workflow, &i.RecordKind, &i.RecordID, &i.UnitID, &i.Title,
		&i.State, &i.Version}
}

func scanTimers(rows *sql.Rows) ([]Timer, error) {
	defer rows.Close()
	var out []Timer
	for rows.Next() {
		var t Timer
		var i itemScan
		if err := rows.Scan(timerDest(&t, &i)...); err != nil {
			return nil, err
		}
		t.Item = i.item()
		out = append(out, t)
	}
	return out, rows.Err()
}
