package store

// Supervision flags of penalty cases (seed measure 4): raised by the
// case writes, cleared by later acts or by the legal affairs office.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

const flagColumns = `f.id, f.unit_id, u.name, COALESCE(f.case_id, 0), COALESCE(c.party_name, ''), f.kind, f.act, f.gate,
	f.rule_key, f.citation, f.message, f.raised_on, f.raised_at, f.actor_name, f.cleared_on, f.cleared_by, f.clear_note, f.version`

const flagFrom = ` FROM enf_flags f JOIN units u ON u.id = f.unit_id LEFT JOIN enf_cases c ON c.id = f.case_id`

func scanFlag(row interface{ Scan(...any) error }) (enforcement.Flag, error) {
	var f enforcement.Flag
	err := row.Scan(&f.ID, &f.UnitID, &f.UnitName, &f.CaseID, &f.CaseTitle, &f.Kind, &f.Act, &f.Gate, &f.RuleKey,
		&f.Citation, &f.Message, &f.RaisedOn, &f.RaisedAt, &f.ActorName, dateInto{&f.ClearedOn}, &f.ClearedBy, &f.ClearNote, &f.Version)
	f.KindLabel = enforcement.FlagLabel(f.Kind)
	return f, err
}

// raiseFlag stores a flag raised on day on.
func (w *txWriter) raiseFlag(who audit.Actor, f enforcement.Flag, on calendar.Date) error {
	f.RaisedOn, f.RaisedAt, f.ActorName, f.Version = on, w.s.now(), who.Name, 1
	f.KindLabel = enforcement.FlagLabel(f.Kind)
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO enf_flags (unit_id, case_id, kind, act, gate, rule_key, citation, message,
		raised_on, raised_at, actor_name, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id`,
		f.UnitID, nullInt(f.CaseID), f.Kind, f.Act, f.Gate, f.RuleKey, f.Citation, f.Message, on, f.RaisedAt, f.ActorName).Scan(&f.ID)
	if err != nil {
		return err
	}
	return w.record(who, "enf_flag", f.ID, audit.Create, "", nil, f)
}

// flagRefusal records a refused act on a case as a blocked attempt.
func (w *txWriter) flagRefusal(who audit.Actor, caseID int64, act string, r *enforcement.Refusal, on calendar.Date) error {
	unit, err := w.s.caseUnit(w.ctx, w.q, caseID)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = calendar.DateOf(w.s.now())
	}
	f := enforcement.BlockedFlag(r, act)
	f.UnitID, f.CaseID = unit, caseID
	return w.raiseFlag(who, f, on)
}

// clearFlags clears the open flags of a case of kind (and, when act is
// not "", raised by that act) on day on.
func (w *txWriter) clearFlags(who audit.Actor, caseID int64, kind, act string, on calendar.Date, note string) error {
	cond, args := `case_id = $1 AND kind = $2 AND cleared_on IS NULL`, []any{caseID, kind}
	if act != "" {
		cond += ` AND act = $3`
		args = append(args, act)
	}
	rows, err := w.q.QueryContext(w.ctx, `SELECT id FROM enf_flags WHERE `+cond, args...)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := w.q.ExecContext(w.ctx, `UPDATE enf_flags SET cleared_on = $1, cleared_by = $2, clear_note = $3,
			version = version + 1 WHERE id = $4`, on, who.Name, note, id); err != nil {
			return err
		}
		if err := w.record(who, "enf_flag", id, "clear", note, nil, map[string]any{"cleared_on": on, "clear_note": note}); err != nil {
			return err
		}
	}
	return nil
}

// Flag returns one flag.
func (s *Store) Flag(ctx context.Context, id int64) (enforcement.Flag, error) {
	f, err := scanFlag(s.DB.QueryRowContext(ctx, `SELECT `+flagColumns+flagFrom+` WHERE f.id = $1`, id))
	return f, notFound(err, "监督事项不存在")
}

// ClearFlag closes a flag after the legal affairs office dealt with it;
// the note says how.
func (s *Store) ClearFlag(ctx context.Context, actor audit.Actor, id int64, version int, on calendar.Date, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		var f apperr.Fields
		f.Add("note", "处理意见", "请写明处理情况")
		return f.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanFlag(tx.QueryRowContext(ctx, `SELECT `+flagColumns+flagFrom+` WHERE f.id = $1`, id))
		if err != nil {
			return notFound(err, "监督事项不存在")
		}
		if before.ClearedOn != nil {
			return apperr.New(apperr.Conflict, "该监督事项已于 "+before.ClearedOn.String()+" 处理完毕")
		}
		res, err := tx.ExecContext(ctx, `UPDATE enf_flags SET cleared_on = $1, cleared_by = $2, clear_note = $3,
			version = version + 1 WHERE id = $4 AND version = $5`, on, actor.Name, note, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("监督事项")
		}
		after := before
		after.ClearedOn, after.ClearedBy, after.ClearNote, after.Version = &on, actor.Name, note, before.Version+1
		return s.record(ctx, tx, actor, "enf_flag", id, "clear", note, before, after)
	})
}

// FlagFilter selects flags.
type FlagFilter struct {
	UnitID  int64
	UnitIDs []int64 // access scope; nil = all
	CaseID  int64
	Kind    string
	Open    *bool // nil = both; true = open; false = cleared
	From    *calendar.Date
	To      *calendar.Date
	Page    Page
}

func (f FlagFilter) where() (*where, bool) {
	w := newWhere()
	if f.UnitID != 0 {
		w.add("f.unit_id = ?", f.UnitID)
	}
	if f.CaseID != 0 {
		w.add("f.case_id = ?", f.CaseID)
	}
	if f.Kind != "" {
		w.add("f.kind = ?", f.Kind)
	}
	if f.Open != nil {
		if *f.Open {
			w.add("f.cleared_on IS NULL")
		} else {
			w.add("f.cleared_on IS NOT NULL")
		}
	}
	if f.From != nil {
		w.add("f.raised_on >= ?", f.From.String())
	}
	if f.To != nil {
		w.add("f.raised_on <= ?", f.To.String())
	}
	return w, w.in("f.unit_id", f.UnitIDs)
}

// Flags lists flags, newest first, with the total count.
func (s *Store) Flags(ctx context.Context, f FlagFilter) ([]enforcement.Flag, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+flagFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY f.raised_on DESC, f.id DESC LIMIT %d OFFSET %d`,
		flagColumns, flagFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []enforcement.Flag
	for rows.Next() {
		fl, err := scanFlag(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, fl)
	}
	return out, total, rows.Err()
}
