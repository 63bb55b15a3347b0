// Package store is the platform's SQL: it implements every area's storage
// on both engines through sqldb, and it is where a change and its audit
// event are written in one transaction — so no change escapes the chain.
//
// Methods take the acting user as an audit.Actor and validate through the
// area packages; access decisions (who may) are made by the caller via
// account.Actor before a method is called.
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/sqldb"
)

// Store is the platform's storage.
type Store struct {
	DB *sqldb.DB
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// New returns a store over db.
func New(db *sqldb.DB) *Store {
	return &Store{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// inTx runs fn in a transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.DB.InTx(ctx, fn)
}

// inWriter runs fn with the transaction writer in one transaction and
// returns its result: the shape of every single write that the bulk path
// (Store.InBulk) also runs through the same writer.
func inWriter[T any](ctx context.Context, s *Store, fn func(w *txWriter) (T, error)) (T, error) {
	var out T
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = fn(s.writer(ctx, tx))
		return err
	})
	return out, err
}

// record appends an audit event for a change inside tx.
func (s *Store) record(ctx context.Context, tx *sql.Tx, actor audit.Actor, kind string, id int64, action, reason string, before, after any) error {
	ev, err := audit.New(actor, kind, id, action, reason, before, after)
	if err != nil {
		return err
	}
	return s.appendEvent(ctx, tx, ev)
}

// notFound turns sql.ErrNoRows into a NotFound error with msg.
func notFound(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, msg)
	}
	return err
}

// conflict is the message for a lost optimistic-concurrency race.
func conflict(what string) error {
	return apperr.New(apperr.Conflict, what+"已被他人修改，请刷新后核对再提交（您的修改未保存）")
}

// nullInt maps 0 to NULL for optional references.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullStr maps "" to NULL for optional unique values.
func nullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// Page asks for one page of a list.
type Page struct {
	Limit  int
	Offset int
}

// Norm clamps a page request to sane bounds.
func (p Page) Norm() Page {
	if p.Limit <= 0 || p.Limit > 500 {
		p.Limit = 50
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}
