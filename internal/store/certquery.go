package store

// Read-only look-ups of the certificate pages: a certificate's reviews and
// successor, the valid certificates of a list of people, an officer's
// training years, exam entries and records.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/calendar"
)

// CertificateReviews lists the annual reviews of one certificate, newest first.
func (s *Store) CertificateReviews(ctx context.Context, certID int64) ([]AnnualReview, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id, r.certificate_id, c.number, c.holder_name, r.year, r.unit_id,
		r.batch, r.in_unit, r.enforcement_post, r.training_hours, r.training_minimum, r.training_ok, r.clean_record, r.particulars_unchanged,
		r.passed, r.notes, r.reviewed_on FROM annual_reviews r JOIN certificates c ON c.id = r.certificate_id
		WHERE r.certificate_id = $1 ORDER BY r.year DESC, r.id DESC`, certID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AnnualReview
	for rows.Next() {
		var r AnnualReview
		if err := rows.Scan(&r.ID, &r.CertificateID, &r.Number, &r.HolderName, &r.Year, &r.UnitID, &r.Batch, &r.InUnit,
			&r.EnforcementPost, &r.TrainingHours, &r.TrainingMin, &r.TrainingOK, &r.CleanRecord, &r.ParticularsUnchanged, &r.Passed,
			&r.Notes, &r.ReviewedOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Successor finds the certificate issued to replace certID (reissue,
// transfer or renewal), if any.
func (s *Store) Successor(ctx context.Context, certID int64) (*CertLink, error) {
	var l CertLink
	err := s.DB.QueryRowContext(ctx, `SELECT id, number FROM certificates WHERE replaces_id = $1 ORDER BY id DESC LIMIT 1`,
		certID).Scan(&l.ID, &l.Number)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// HeldCert is a person's valid certificate, for lists of officers.
type HeldCert struct {
	ID         int64
	Number     string
	ValidUntil calendar.Date
}

// ValidCertificates maps each of people to their valid certificate (the first
// one when they hold several, which the anomaly detector flags).
func (s *Store) ValidCertificates(ctx context.Context, people []int64) (map[int64]HeldCert, error) {
	out := map[int64]HeldCert{}
	if len(people) == 0 {
		return out, nil
	}
	marks := make([]string, len(people))
	args := make([]any, len(people))
	for i, id := range people {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT person_id, id, number, valid_until FROM certificates
		WHERE status = 'valid' AND person_id IN (`+strings.Join(marks, ",")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var h HeldCert
		if err := rows.Scan(&pid, &h.ID, &h.Number, &h.ValidUntil); err != nil {
			return nil, err
		}
		if _, ok := out[pid]; !ok {
			out[pid] = h
		}
	}
	return out, rows.Err()
}

// YearHours is an officer's training hours in one year.
type YearHours struct {
	Year  int `json:"year"`
	Hours int `json:"hours"`
}

func (s *Store) TrainingYears(ctx context.Context, personID int64) ([]YearHours, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT year, hours FROM training_hours WHERE person_id = $1 ORDER BY year DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []YearHours
	for rows.Next() {
		var y YearHours
		if err := rows.Scan(&y.Year, &y.Hours); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// PersonExam is one exam entry of a person, with its session.
type PersonExam struct {
	RegistrationID int64          `json:"registration_id"`
	SessionID      int64          `json:"session_id"`
	Session        string         `json:"session"`
	HeldOn         calendar.Date  `json:"held_on"`
	GeneralScore   *int           `json:"general_score"`
	SpecialScore   *int           `json:"special_score"`
	Passed         *bool          `json:"passed"`
	QualifiedUntil *calendar.Date `json:"qualified_until"`
}

func (s *Store) PersonExams(ctx context.Context, personID int64) ([]PersonExam, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id, r.session_id, e.name, e.held_on, r.general_score, r.special_score,
		r.passed, r.qualified_until FROM exam_registrations r JOIN exam_sessions e ON e.id = r.session_id
		WHERE r.person_id = $1 ORDER BY e.held_on DESC, r.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonExam
	for rows.Next() {
		var e PersonExam
		var g, sp sql.NullInt64
		var passed sql.NullBool
		var until sql.NullString
		if err := rows.Scan(&e.RegistrationID, &e.SessionID, &e.Session, &e.HeldOn, &g, &sp, &passed, &until); err != nil {
			return nil, err
		}
		if g.Valid {
			v := int(g.Int64)
			e.GeneralScore = &v
		}
		if sp.Valid {
			v := int(sp.Int64)
			e.SpecialScore = &v
		}
		if passed.Valid {
			e.Passed = &passed.Bool
		}
		if until.Valid {
			d, err := calendar.ParseDate(until.String)
			if err != nil {
				return nil, err
			}
			e.QualifiedUntil = &d
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OfficerRecords lists a person's discipline and criminal records.
func (s *Store) OfficerRecords(ctx context.Context, personID int64) ([]OfficerRecord, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, person_id, kind, on_date, note FROM officer_records
		WHERE person_id = $1 ORDER BY on_date DESC, id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OfficerRecord
	for rows.Next() {
		var r OfficerRecord
		if err := rows.Scan(&r.ID, &r.PersonID, &r.Kind, &r.OnDate, &r.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CertLink names a related certificate.
type CertLink struct {
	ID     int64
	Number string
}
