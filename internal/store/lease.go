package store

import (
	"context"
	"database/sql"
	"time"
)

// AcquireLease makes holder the owner of the named background job for ttl,
// unless another live holder has it. Several instances call it; at most
// one gets true until the lease expires or is renewed by its holder.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES ($1, '', $2)
		ON CONFLICT (name) DO NOTHING`, name, now.Add(-time.Second)); err != nil {
		return false, err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE leases SET holder = $1, expires_at = $2
		WHERE name = $3 AND (holder = $1 OR expires_at < $4)`, holder, now.Add(ttl), name, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ImportRun records one import (or dry run) for the history page.
type ImportRun struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Filename    string    `json:"filename"`
	RowsRead    int       `json:"rows_read"`
	RowsWritten int       `json:"rows_written"`
	Errors      int       `json:"errors"`
	DryRun      bool      `json:"dry_run"`
	ReportJSON  string    `json:"-"` // the row errors, to rebuild the downloadable report
	ActorID     int64     `json:"actor_id"`
	At          time.Time `json:"at"`
}

// RecordImportRun stores the outcome of an import.
func (s *Store) RecordImportRun(ctx context.Context, r *ImportRun) error {
	r.At = s.now()
	return s.DB.QueryRowContext(ctx, `INSERT INTO import_runs (kind, filename, rows_read, rows_written, errors, dry_run,
		report_json, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, r.Kind, r.Filename, r.RowsRead,
		r.RowsWritten, r.Errors, r.DryRun, r.ReportJSON, nullInt(r.ActorID), r.At).Scan(&r.ID)
}

// ImportRuns lists recent imports, newest first.
func (s *Store) ImportRuns(ctx context.Context, limit int) ([]ImportRun, error) {
	return s.importRuns(ctx, `ORDER BY id DESC LIMIT $1`, limit)
}

// ImportRunByID returns one import run with its report.
func (s *Store) ImportRunByID(ctx context.Context, id int64) (ImportRun, error) {
	runs, err := s.importRuns(ctx, `WHERE id = $1`, id)
	if err != nil {
		return ImportRun{}, err
	}
	if len(runs) == 0 {
		return ImportRun{}, notFound(sql.ErrNoRows, "导入记录不存在")
	}
	return runs[0], nil
}

func (s *Store) importRuns(ctx context.Context, tail string, args ...any) ([]ImportRun, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, kind, filename, rows_read, rows_written, errors, dry_run, report_json,
		COALESCE(actor_id, 0), at FROM import_runs `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportRun
	for rows.Next() {
		var r ImportRun
		if err := rows.Scan(&r.ID, &r.Kind, &r.Filename, &r.RowsRead, &r.RowsWritten, &r.Errors, &r.DryRun, &r.ReportJSON, &r.ActorID, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
