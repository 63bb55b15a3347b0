package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/org"
)

// RowError is a problem with one row of a batch.
type RowError struct {
	Line    int
	Field   string // the record's field name, e.g. "credit_code"
	Message string
}

// errDryRun rolls back a batch that was only a rehearsal.
var errDryRun = errors.New("dry run")

// batch runs each row in its own savepoint inside one transaction, so that
// every row's error is found (even ones only the database can detect) and
// yet nothing is written unless every row succeeds. A dry run always rolls
// back.
func (s *Store) batch(ctx context.Context, n int, dryRun bool, row func(tx *sql.Tx, i int) (line int, err error)) ([]RowError, error) {
	var rowErrs []RowError
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_row`); err != nil {
				return err
			}
			line, err := row(tx, i)
			if err != nil {
				if apperr.KindOf(err) == apperr.Internal {
					return fmt.Errorf("第 %d 行：%w", line, err)
				}
				rowErrs = append(rowErrs, rowErrorsOf(line, err)...)
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT import_row`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT import_row`); err != nil {
				return err
			}
		}
		if len(rowErrs) > 0 || dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return rowErrs, err
}

func rowErrorsOf(line int, err error) []RowError {
	fields := apperr.FieldsOf(err)
	if len(fields) == 0 {
		return []RowError{{Line: line, Message: apperr.Message(err)}}
	}
	out := make([]RowError, len(fields))
	for i, f := range fields {
		out[i] = RowError{Line: line, Field: f.Field, Message: f.Message}
	}
	return out
}

// UnitRow is one unit to import, with references by name.
type UnitRow struct {
	Line          int
	Unit          org.Unit
	ParentName    string
	SuccessorName string
}

// ImportUnits creates units all-or-nothing. Parents and successors are
// found by name, among existing units and those earlier in the batch.
func (s *Store) ImportUnits(ctx context.Context, actor audit.Actor, rows []UnitRow, dryRun bool) ([]RowError, error) {
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r := rows[i]
		var f apperr.Fields
		if id, ok := s.unitIDByName(ctx, tx, r.ParentName, &f, "parent_id", "上级单位"); ok {
			r.Unit.ParentID = id
		}
		if id, ok := s.unitIDByName(ctx, tx, r.SuccessorName, &f, "successor_id", "承继单位"); ok {
			r.Unit.SuccessorID = id
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		return r.Line, s.createUnit(ctx, tx, actor, &r.Unit)
	})
}

func (s *Store) unitIDByName(ctx context.Context, q querier, name string, f *apperr.Fields, field, label string) (int64, bool) {
	if name == "" {
		return 0, false
	}
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE name = $1`, name).Scan(&id); err != nil {
		f.Add(field, label, "单位“"+name+"”不存在")
		return 0, false
	}
	return id, true
}

// PersonRow is one person to import, with the unit by name.
type PersonRow struct {
	Line     int
	Person   org.Person
	UnitName string
}

// ImportPeople creates people all-or-nothing. allowed, when not nil,
// restricts the units rows may name (a unit clerk imports only into their
// own unit).
func (s *Store) ImportPeople(ctx context.Context, actor audit.Actor, rows []PersonRow, allowed func(unitID int64) bool, dryRun bool) ([]RowError, error) {
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r := rows[i]
		var f apperr.Fields
		if id, ok := s.unitIDByName(ctx, tx, r.UnitName, &f, "unit_id", "所在单位"); ok {
			r.Person.UnitID = id
			if allowed != nil && !allowed(id) {
				f.Add("unit_id", "所在单位", "您无权向“"+r.UnitName+"”导入人员")
			}
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		return r.Line, s.writer(ctx, tx).createPerson(actor, &r.Person)
	})
}
