package store

// Imports of enforcement matters and benchmark versions (seed measure 4),
// all-or-nothing, with the same validation as the single writes.

import (
	"context"
	"database/sql"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/enforcement"
)

// MatterRow is one matter to import, with its unit by name.
type MatterRow struct {
	Line     int
	UnitName string
	Matter   enforcement.Matter
}

// ImportMatters creates matters all-or-nothing. allowed, when not nil,
// restricts the units rows may name (a clerk imports into their unit).
func (s *Store) ImportMatters(ctx context.Context, actor audit.Actor, rows []MatterRow, allowed func(int64) bool, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		if id, ok := s.unitIDByName(ctx, tx, r.UnitName, &f, "unit_id", "执法单位"); ok {
			r.Matter.UnitID = id
			if allowed != nil && !allowed(id) {
				f.Add("unit_id", "执法单位", "您无权向“"+r.UnitName+"”导入执法事项")
			}
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		return r.Line, w.saveMatter(actor, &r.Matter, "")
	})
}

// BenchmarkRows is one benchmark version to import: the matter by unit
// and code, and its tiers (one spreadsheet row each, from Line on).
type BenchmarkRows struct {
	Line       int
	UnitName   string
	MatterCode string
	Benchmark  enforcement.Benchmark
}

// ImportBenchmarks adds benchmark versions all-or-nothing, each as
// CreateBenchmark does.
func (s *Store) ImportBenchmarks(ctx context.Context, actor audit.Actor, rows []BenchmarkRows, allowed func(int64) bool, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		unit, ok := s.unitIDByName(ctx, tx, r.UnitName, &f, "unit_id", "执法单位")
		if ok && allowed != nil && !allowed(unit) {
			f.Add("unit_id", "执法单位", "您无权向“"+r.UnitName+"”导入裁量基准")
		}
		if ok {
			err := tx.QueryRowContext(ctx, `SELECT id FROM enf_matters WHERE unit_id = $1 AND code = $2`, unit, r.MatterCode).Scan(&r.Benchmark.MatterID)
			if err != nil {
				f.Add("matter_id", "事项代码", "本单位没有代码为“"+r.MatterCode+"”的执法事项")
			}
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		return r.Line, w.createBenchmark(actor, &r.Benchmark)
	})
}
