package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/certificate"
)

const officerColumns = `p.id, p.name, p.unit_id, u.name, p.post, p.status, o.establishment, o.education,
	o.legal_qualification, o.enforcement_post, o.version`

const officerFrom = ` FROM officers o JOIN people p ON p.id = o.person_id JOIN units u ON u.id = p.unit_id`

func scanOfficer(row interface{ Scan(...any) error }) (certificate.Officer, error) {
	var o certificate.Officer
	err := row.Scan(&o.PersonID, &o.Name, &o.UnitID, &o.UnitName, &o.Post, &o.PersonStatus, &o.Establishment,
		&o.Education, &o.LegalQualification, &o.EnforcementPost, &o.Version)
	return o, err
}

// Officer returns the officer record of a person.
func (s *Store) Officer(ctx context.Context, personID int64) (certificate.Officer, error) {
	return s.officer(ctx, s.DB, personID)
}

func (s *Store) officer(ctx context.Context, q querier, personID int64) (certificate.Officer, error) {
	o, err := scanOfficer(q.QueryRowContext(ctx, `SELECT `+officerColumns+officerFrom+` WHERE o.person_id = $1`, personID))
	return o, notFound(err, fmt.Sprintf("人员 %d 不是执法人员", personID))
}

// OfficerFilter selects officers.
type OfficerFilter struct {
	Query   string
	UnitID  int64
	UnitIDs []int64 // access scope; nil = all
	Page    Page
}

// Officers lists officers with the total count.
func (s *Store) Officers(ctx context.Context, f OfficerFilter) ([]certificate.Officer, int, error) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(p.name LIKE ? OR p.post LIKE ?)", "%"+q+"%", "%"+q+"%")
	}
	if f.UnitID != 0 {
		w.add("p.unit_id = ?", f.UnitID)
	}
	if !w.in("p.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+officerFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, p.id LIMIT %d OFFSET %d`,
		officerColumns, officerFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []certificate.Officer
	for rows.Next() {
		o, err := scanOfficer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// SaveOfficer creates or updates the officer record of a person. An
// update must carry the version the user saw.
func (s *Store) SaveOfficer(ctx context.Context, actor audit.Actor, o *certificate.Officer, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).saveOfficer(actor, o, reason) })
}

// SetTrainingHours records an officer's training hours for a year.
func (s *Store) SetTrainingHours(ctx context.Context, actor audit.Actor, personID int64, year, hours int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).setTrainingHours(actor, personID, year, hours) })
}

// TrainingHours returns an officer's hours in a year (0 when none recorded).
func (s *Store) TrainingHours(ctx context.Context, personID int64, year int) (int, error) {
	return s.trainingHours(ctx, s.DB, personID, year)
}

func (s *Store) trainingHours(ctx context.Context, q querier, personID int64, year int) (int, error) {
	var h int
	err := q.QueryRowContext(ctx, `SELECT hours FROM training_hours WHERE person_id=$1 AND year=$2`, personID, year).Scan(&h)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return h, err
}

// OfficerRecord is a discipline or criminal record that bars registration.
type OfficerRecord struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"person_id"`
	Kind     string `json:"kind"` // discipline, criminal
	OnDate   string `json:"on_date"`
	Note     string `json:"note"`
}

// AddOfficerRecord stores a discipline or criminal record.
func (s *Store) AddOfficerRecord(ctx context.Context, actor audit.Actor, r *OfficerRecord) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).addOfficerRecord(actor, r) })
}

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

func newWhere() *where { return &where{} }

// add appends a condition whose ? marks take args in order.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// in restricts column to ids; nil means no restriction. It reports false
// for an empty (non-nil) set: nothing can match.
func (w *where) in(column string, ids []int64) bool {
	if ids == nil {
		return true
	}
	if len(ids) == 0 {
		return false
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	w.add(column+" IN ("+strings.Join(marks, ",")+")", args...)
	return true
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
