package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
)

// CalendarOverride is an administrator's entry in the calendar.
type CalendarOverride struct {
	ID int64 `json:"id"`
	calendar.Override
}

// CalendarOverrides lists every override by date.
func (s *Store) CalendarOverrides(ctx context.Context) ([]CalendarOverride, error) {
	return s.calendarOverrides(ctx, s.DB)
}

func (s *Store) calendarOverrides(ctx context.Context, q querier) ([]CalendarOverride, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, day, kind, name, reason FROM calendar_overrides ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CalendarOverride
	for rows.Next() {
		var o CalendarOverride
		if err := rows.Scan(&o.ID, &o.Date, &o.Kind, &o.Name, &o.Reason); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Calendar builds the working-day calendar: the statutory schedule plus
// the overrides. It reads the (small) override table on every call, so an
// override saved on one instance takes effect on all at once.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return s.calendarFrom(ctx, s.DB)
}

func (s *Store) calendarFrom(ctx context.Context, q querier) (*calendar.Calendar, error) {
	rows, err := s.calendarOverrides(ctx, q)
	if err != nil {
		return nil, err
	}
	overrides := make([]calendar.Override, len(rows))
	for i, o := range rows {
		overrides[i] = o.Override
	}
	return calendar.New(overrides), nil
}

// SaveCalendarOverride adds or replaces the override of a day.
func (s *Store) SaveCalendarOverride(ctx context.Context, actor audit.Actor, o calendar.Override) error {
	o.Name, o.Reason = strings.TrimSpace(o.Name), strings.TrimSpace(o.Reason)
	var f apperr.Fields
	if err := o.Validate(); err != nil {
		f.Add("day", "日期", err.Error())
	}
	f.Required("reason", "调整依据", o.Reason)
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var before *CalendarOverride
		err := tx.QueryRowContext(ctx, `SELECT id FROM calendar_overrides WHERE day = $1`, o.Date).Scan(&id)
		switch {
		case err == sql.ErrNoRows:
			err = tx.QueryRowContext(ctx, `INSERT INTO calendar_overrides (day, kind, name, reason, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.Date, string(o.Kind), o.Name, o.Reason,
				nullInt(actor.UserID), s.now()).Scan(&id)
		case err == nil:
			before = &CalendarOverride{ID: id}
			if err := tx.QueryRowContext(ctx, `SELECT day, kind, name, reason FROM calendar_overrides WHERE id = $1`, id).
				Scan(&before.Date, &before.Kind, &before.Name, &before.Reason); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE calendar_overrides SET kind=$1, name=$2, reason=$3 WHERE id=$4`,
				string(o.Kind), o.Name, o.Reason, id)
		}
		if err != nil {
			return err
		}
		action := audit.Create
		if before != nil {
			action = audit.Update
		}
		return s.record(ctx, tx, actor, "calendar_override", id, action, o.Reason, before, CalendarOverride{ID: id, Override: o})
	})
}

// DeleteCalendarOverride removes an override, giving the day back to the
// statutory schedule.
func (s *Store) DeleteCalendarOverride(ctx context.Context, actor audit.Actor, id int64, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var o CalendarOverride
		err := tx.QueryRowContext(ctx, `SELECT id, day, kind, name, reason FROM calendar_overrides WHERE id = $1`, id).
			Scan(&o.ID, &o.Date, &o.Kind, &o.Name, &o.Reason)
		if err != nil {
			return notFound(err, fmt.Sprintf("日历调整 %d 不存在", id))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_overrides WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, "calendar_override", id, audit.Delete, reason, o, nil)
	})
}
