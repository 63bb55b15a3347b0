package store

// Imports of penalty decisions for disclosure, all or nothing: every row's
// problems are reported and nothing is written unless every row is right.
// Files of up to disclosureBulkRows rows go row by row through savepoints
// (so that even what only the database detects is reported per row);
// larger ones are checked in memory and against the database first, then
// written by one bulk load.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/disclosure"
	"fazhi/internal/org"
)

// disclosureBulkRows is the size from which an import takes the bulk path.
const disclosureBulkRows = 2000

// DisclosureRow is one decision to import: the record and its deciding
// agency by name.
type DisclosureRow struct {
	Line       int
	AgencyName string
	Record     disclosure.Record
}

// ImportDisclosures publishes rows all-or-nothing, each as
// PublishDisclosure does. allowed, when not nil, restricts the agencies
// rows may name (a unit's clerk imports only their own unit's decisions).
func (s *Store) ImportDisclosures(ctx context.Context, actor audit.Actor, rows []DisclosureRow, allowed func(unitID int64) bool,
	dryRun bool) ([]RowError, error) {
	if len(rows) > disclosureBulkRows && !dryRun {
		return s.importDisclosuresBulk(ctx, actor, rows, allowed)
	}
	var w *disWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r := rows[i]
		if w == nil {
			var err error
			if w, err = s.disWriter(ctx, tx); err != nil {
				return r.Line, err
			}
		}
		var f apperr.Fields
		if id, ok := s.unitIDByName(ctx, tx, r.AgencyName, &f, "unit_id", "处罚机关"); ok {
			r.Record.UnitID = id
			if allowed != nil && !allowed(id) {
				f.Add("unit_id", "处罚机关", "您只能导入本单位作出的处罚决定")
			}
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		rec := r.Record
		return r.Line, w.publish(actor, &rec)
	})
}

// importDisclosuresBulk checks every row without writing (the record's
// own validation, the agency, decision numbers repeated in the file or
// already published), then writes all rows in one bulk load.
func (s *Store) importDisclosuresBulk(ctx context.Context, actor audit.Actor, rows []DisclosureRow, allowed func(int64) bool) ([]RowError, error) {
	units, _, err := s.Units(ctx, UnitFilter{Page: Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	byName := map[string]org.Unit{}
	for _, u := range units {
		byName[u.Name] = u
	}
	taken, err := s.publishedNumbers(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	var rowErrs []RowError
	seen := map[string]int{}
	recs := make([]disclosure.Record, len(rows))
	for i, r := range rows {
		var f apperr.Fields
		rec := r.Record
		u, ok := byName[strings.TrimSpace(r.AgencyName)]
		switch {
		case !ok:
			f.Add("unit_id", "处罚机关", "单位“"+r.AgencyName+"”不存在")
		case allowed != nil && !allowed(u.ID):
			f.Add("unit_id", "处罚机关", "您只能导入本单位作出的处罚决定")
		default:
			rec.UnitID = u.ID
		}
		err := rec.Prepare(today)
		f = append(f, apperr.FieldsOf(err)...)
		key := fmt.Sprintf("%d|%s", rec.UnitID, rec.DecisionNumber)
		if first, dup := seen[key]; dup && rec.UnitID != 0 {
			f.Add("decision_number", "行政处罚决定书文号", fmt.Sprintf("与第 %d 行重复", first))
		} else if taken[key] {
			f.Add("decision_number", "行政处罚决定书文号", "本机关已公示过文号为“"+rec.DecisionNumber+"”的决定")
		}
		seen[key] = r.Line
		if len(f) > 0 {
			rowErrs = append(rowErrs, rowErrorsOf(r.Line, f.Err())...)
		}
		recs[i] = rec
	}
	if len(rowErrs) > 0 {
		return rowErrs, nil
	}
	err = s.InDisclosureBulk(ctx, func(b *DisclosureBulk) error {
		for i := range recs {
			if err := b.Publish(actor, &recs[i]); err != nil {
				if apperr.KindOf(err) == apperr.Internal {
					return err
				}
				rowErrs = append(rowErrs, rowErrorsOf(rows[i].Line, err)...)
			}
		}
		if len(rowErrs) > 0 {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return rowErrs, err
}

// publishedNumbers are the unit|decision number keys already registered.
func (s *Store) publishedNumbers(ctx context.Context) (map[string]bool, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT unit_id, decision_number FROM disclosures`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var unit int64
		var number string
		if err := rows.Scan(&unit, &number); err != nil {
			return nil, err
		}
		out[fmt.Sprintf("%d|%s", unit, number)] = true
	}
	return out, rows.Err()
}
