package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fazhi/internal/calendar"
)

// Warning levels raised by the supervision scan.
const (
	Yellow = "yellow" // due soon
	Red    = "red"    // overdue
)

// Warning is a timer near or past its due day.
type Warning struct {
	ID       int64     `json:"id"`
	Level    string    `json:"level"`
	RaisedAt time.Time `json:"raised_at"`
	Timer    Timer     `json:"timer"`
}

// ScanTimers raises warnings for running timers on day today: yellow from
// the warning day, red after the due day. The unique (timer, level) key
// makes a repeated scan, or one by another instance, a harmless no-op.
func (s *Store) ScanTimers(ctx context.Context, today calendar.Date) (raised int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		raised, err = s.scanWarnings(ctx, tx, today, 0)
		return err
	})
	return raised, err
}

// scanWarnings raises the warnings of running timers on day today, of
// one workflow item when itemID is not 0.
func (s *Store) scanWarnings(ctx context.Context, q querier, today calendar.Date, itemID int64) (raised int, err error) {
	item, args := "", []any{today, s.now()}
	if itemID != 0 {
		item, args = " AND item_id = $3", append(args, itemID)
	}
	for _, step := range []struct{ level, cond string }{
		{Yellow, "warn_on <= $1"},
		{Red, "due_on < $1"},
	} {
		res, err := q.ExecContext(ctx, fmt.Sprintf(`INSERT INTO supervision_warnings (timer_id, level, raised_at)
			SELECT id, '%s', $2 FROM workflow_timers WHERE state = 'running' AND %s%s
			ON CONFLICT (timer_id, level) DO NOTHING`, step.level, step.cond, item), args...)
		if err != nil {
			return raised, err
		}
		n, _ := res.RowsAffected()
		raised += int(n)
	}
	return raised, nil
}

// WarningFilter selects open warnings.
type WarningFilter struct {
	UnitIDs []int64 // nil = all units
	Limit   int
}

// OpenWarnings lists warnings whose timer is still running, the most
// severe and most overdue first. Only the highest level per timer shows.
func (s *Store) OpenWarnings(ctx context.Context, f WarningFilter) ([]Warning, error) {
	where, args := "t.state = 'running'", []any{}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, nil
		}
		ph := make([]string, len(f.UnitIDs))
		for i, id := range f.UnitIDs {
			args = append(args, id)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where += " AND i.unit_id IN (" + strings.Join(ph, ",") + ")"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT w.id, w.level, w.raised_at, %s FROM supervision_warnings w
		JOIN workflow_timers t ON t.id = w.timer_id JOIN workflow_items i ON i.id = t.item_id
		WHERE %s AND NOT (w.level = 'yellow' AND EXISTS (SELECT 1 FROM supervision_warnings r WHERE r.timer_id = w.timer_id AND r.level = 'red'))
		ORDER BY CASE w.level WHEN 'red' THEN 0 ELSE 1 END, t.due_on, w.id LIMIT %d`, timerColumns, where, limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Warning
	for rows.Next() {
		var w Warning
		var i itemScan
		if err := rows.Scan(append([]any{&w.ID, &w.Level, &w.RaisedAt}, timerDest(&w.Timer, &i)...)...); err != nil {
			return nil, err
		}
		w.Timer.Item = i.item()
		out = append(out, w)
	}
	return out, rows.Err()
}
