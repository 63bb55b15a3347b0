package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
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
	if err := o.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.saveOfficer(ctx, tx, actor, o, reason) })
}

func (s *Store) saveOfficer(ctx context.Context, tx *sql.Tx, actor audit.Actor, o *certificate.Officer, reason string) error {
	p, err := s.person(ctx, tx, o.PersonID)
	if err != nil {
		var f apperr.Fields
		f.Add("person_id", "人员", "人员不存在")
		return f.Err()
	}
	before, err := s.officer(ctx, tx, o.PersonID)
	now := s.now()
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		_, err = tx.ExecContext(ctx, `INSERT INTO officers (person_id, establishment, education, legal_qualification,
			enforcement_post, version, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6)`,
			o.PersonID, string(o.Establishment), o.Education, o.LegalQualification, o.EnforcementPost, now)
		if err != nil {
			return err
		}
		o.Version = 1
		o.Name, o.UnitID, o.UnitName, o.Post, o.PersonStatus = p.Name, p.UnitID, p.UnitName, p.Post, string(p.Status)
		return s.record(ctx, tx, actor, "officer", o.PersonID, audit.Create, reason, nil, o)
	case err != nil:
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE officers SET establishment=$1, education=$2, legal_qualification=$3,
		enforcement_post=$4, version=version+1, updated_at=$5 WHERE person_id=$6 AND version=$7`,
		string(o.Establishment), o.Education, o.LegalQualification, o.EnforcementPost, now, o.PersonID, o.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("执法人员“" + before.Name + "”")
	}
	o.Version++
	o.Name, o.UnitID, o.UnitName, o.Post, o.PersonStatus = p.Name, p.UnitID, p.UnitName, p.Post, string(p.Status)
	return s.record(ctx, tx, actor, "officer", o.PersonID, audit.Update, reason, before, o)
}

// SetTrainingHours records an officer's training hours for a year.
func (s *Store) SetTrainingHours(ctx context.Context, actor audit.Actor, personID int64, year, hours int) error {
	if hours < 0 || hours > 2000 {
		var f apperr.Fields
		f.Add("hours", "培训学时", "应在 0 至 2000 之间")
		return f.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var before sql.NullInt64
		tx.QueryRowContext(ctx, `SELECT hours FROM training_hours WHERE person_id=$1 AND year=$2`, personID, year).Scan(&before)
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_hours (person_id, year, hours) VALUES ($1, $2, $3)
			ON CONFLICT (person_id, year) DO UPDATE SET hours = excluded.hours`, personID, year, hours); err != nil {
			return err
		}
		type th struct {
			Year  int `json:"year"`
			Hours int `json:"hours"`
		}
		var b any
		if before.Valid {
			b = th{year, int(before.Int64)}
		}
		return s.record(ctx, tx, actor, "officer", personID, "training", "", b, th{year, hours})
	})
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
	var f apperr.Fields
	if r.Kind != "discipline" && r.Kind != "criminal" {
		f.Add("kind", "记录类别", "应为 discipline（处分）或 criminal（刑事处罚）")
	}
	f.Required("on_date", "日期", r.OnDate)
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO officer_records (person_id, kind, on_date, note) VALUES ($1, $2, $3, $4)
			RETURNING id`, r.PersonID, r.Kind, r.OnDate, r.Note).Scan(&r.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, "officer", r.PersonID, "record", r.Note, nil, r)
	})
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
