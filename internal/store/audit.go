package store

import (
	"context"
	"database/sql"
	"time"

	"fazhi/internal/audit"
)

// appendEvent seals ev onto the chain inside tx. The lock serialises
// appenders across transactions and instances, so two writers never chain
// onto the same predecessor.
func (s *Store) appendEvent(ctx context.Context, tx *sql.Tx, ev audit.Event) error {
	if err := s.DB.LockAudit(ctx, tx); err != nil {
		return err
	}
	var seq int64
	prev := audit.Genesis
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	ev.Seal(seq+1, s.now(), prev)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events
		(seq, at, actor_id, actor_name, unit_id, record_kind, record_id, action, reason, before_json, after_json, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		ev.Seq, ev.At, nullInt(ev.ActorID), ev.ActorName, nullInt(ev.UnitID), ev.RecordKind, ev.RecordID,
		ev.Action, ev.Reason, ev.Before, ev.After, ev.PrevHash, ev.Hash)
	return err
}

const eventColumns = `seq, at, COALESCE(actor_id, 0), actor_name, COALESCE(unit_id, 0), record_kind, record_id,
	action, reason, before_json, after_json, prev_hash, hash`

func scanEvent(rows interface{ Scan(...any) error }) (audit.Event, error) {
	var e audit.Event
	err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.UnitID, &e.RecordKind, &e.RecordID,
		&e.Action, &e.Reason, &e.Before, &e.After, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}

// History returns the events of one record, oldest first.
func (s *Store) History(ctx context.Context, kind string, id int64) ([]audit.Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events
		WHERE record_kind = $1 AND record_id = $2 ORDER BY seq`, kind, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecentEvents returns the newest events, newest first.
func (s *Store) RecentEvents(ctx context.Context, limit int) ([]audit.Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events ORDER BY seq DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ChainReport is the outcome of a full check of the audit chain.
type ChainReport struct {
	Events  int64
	Head    string
	Checked time.Time
}

// VerifyChain walks the whole chain in order; the error names the first
// bad event.
func (s *Store) VerifyChain(ctx context.Context) (ChainReport, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events ORDER BY seq`)
	if err != nil {
		return ChainReport{}, err
	}
	defer rows.Close()
	v := audit.NewVerifier()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return ChainReport{}, err
		}
		if err := v.Check(e); err != nil {
			return ChainReport{Events: v.Count, Head: v.Head(), Checked: s.now()}, err
		}
	}
	return ChainReport{Events: v.Count, Head: v.Head(), Checked: s.now()}, rows.Err()
}
