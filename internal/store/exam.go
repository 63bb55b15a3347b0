package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
)

// ExamSession is one sitting of the qualification exam.
type ExamSession struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	HeldOn        calendar.Date `json:"held_on"`
	PassMark      int           `json:"pass_mark"`
	PassCitation  string        `json:"pass_citation"`
	ValidityYears int           `json:"validity_years"`
	Registered    int           `json:"registered"`
	Passed        int           `json:"passed"`
}

// CreateExamSession opens a session; its pass mark and the validity of
// the qualification come from the rule table as of the exam day.
func (s *Store) CreateExamSession(ctx context.Context, actor audit.Actor, e *ExamSession) error {
	var f apperr.Fields
	e.Name = strings.TrimSpace(e.Name)
	f.Required("name", "考试名称", e.Name)
	if e.HeldOn.IsZero() {
		f.Add("held_on", "考试日期", "必填项为空")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		mark, err := s.ruleAsOf(ctx, tx, "certificate.exam_pass", e.HeldOn)
		if err != nil {
			return err
		}
		validity, err := s.ruleAsOf(ctx, tx, "certificate.qualification_validity", e.HeldOn)
		if err != nil {
			return err
		}
		if e.PassMark, err = mark.Int(); err != nil {
			return err
		}
		if e.ValidityYears, err = validity.Int(); err != nil {
			return err
		}
		e.PassCitation = mark.Citation
		err = tx.QueryRowContext(ctx, `INSERT INTO exam_sessions (name, held_on, pass_mark, pass_rule_citation, validity_years,
			created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, e.Name, e.HeldOn, e.PassMark, e.PassCitation,
			e.ValidityYears, s.now()).Scan(&e.ID)
		if isUnique(err) {
			f.Add("name", "考试名称", "已有同名考试")
			return f.Err()
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, "exam", e.ID, audit.Create, "", nil, e)
	})
}

const examColumns = `e.id, e.name, e.held_on, e.pass_mark, e.pass_rule_citation, e.validity_years,
	(SELECT COUNT(*) FROM exam_registrations r WHERE r.session_id = e.id),
	(SELECT COUNT(*) FROM exam_registrations r WHERE r.session_id = e.id AND r.passed)`

func scanExam(row interface{ Scan(...any) error }) (ExamSession, error) {
	var e ExamSession
	err := row.Scan(&e.ID, &e.Name, &e.HeldOn, &e.PassMark, &e.PassCitation, &e.ValidityYears, &e.Registered, &e.Passed)
	return e, err
}

// ExamSessions lists the sessions, newest first.
func (s *Store) ExamSessions(ctx context.Context) ([]ExamSession, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+examColumns+` FROM exam_sessions e ORDER BY e.held_on DESC, e.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExamSession
	for rows.Next() {
		e, err := scanExam(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ExamSession returns one session.
func (s *Store) ExamSession(ctx context.Context, id int64) (ExamSession, error) {
	e, err := scanExam(s.DB.QueryRowContext(ctx, `SELECT `+examColumns+` FROM exam_sessions e WHERE e.id = $1`, id))
	return e, notFound(err, fmt.Sprintf("考试 %d 不存在", id))
}

// Registration is one person's entry in an exam session.
type Registration struct {
	ID             int64          `json:"id"`
	SessionID      int64          `json:"session_id"`
	PersonID       int64          `json:"person_id"`
	Name           string         `json:"name"`
	UnitID         int64          `json:"unit_id"`
	UnitName       string         `json:"unit_name"`
	GeneralScore   *int           `json:"general_score"`
	SpecialScore   *int           `json:"special_score"`
	Passed         *bool          `json:"passed"`
	QualifiedUntil *calendar.Date `json:"qualified_until"`
}

// RegisterForExam enters people, batched by their unit, into a session.
// People already registered are skipped; the count of new entries returns.
func (s *Store) RegisterForExam(ctx context.Context, actor audit.Actor, sessionID int64, personIDs []int64) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		for _, pid := range personIDs {
			_, isNew, err := w.register(actor, sessionID, pid)
			if err != nil {
				return err
			}
			if isNew {
				added++
			}
		}
		return nil
	})
	return added, err
}

const registrationColumns = `r.id, r.session_id, r.person_id, p.name, r.unit_id, u.name, r.general_score, r.special_score,
	r.passed, r.qualified_until`

func scanRegistration(row interface{ Scan(...any) error }) (Registration, error) {
	var r Registration
	var g, sp sql.NullInt64
	var passed sql.NullBool
	var until sql.NullString
	err := row.Scan(&r.ID, &r.SessionID, &r.PersonID, &r.Name, &r.UnitID, &r.UnitName, &g, &sp, &passed, &until)
	if err != nil {
		return r, err
	}
	if g.Valid {
		v := int(g.Int64)
		r.GeneralScore = &v
	}
	if sp.Valid {
		v := int(sp.Int64)
		r.SpecialScore = &v
	}
	if passed.Valid {
		r.Passed = &passed.Bool
	}
	if until.Valid {
		d, err := calendar.ParseDate(until.String)
		if err != nil {
			return r, err
		}
		r.QualifiedUntil = &d
	}
	return r, nil
}

// Registrations lists a session's entries within the access scope.
func (s *Store) Registrations(ctx context.Context, sessionID int64, unitIDs []int64) ([]Registration, error) {
	w := newWhere()
	w.add("r.session_id = ?", sessionID)
	if !w.in("r.unit_id", unitIDs) {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+registrationColumns+` FROM exam_registrations r
		JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id`+w.sql()+` ORDER BY u.sort_order, p.name, r.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecordScores stores the two scores of a registration and decides pass
// or fail by the session's pass mark.
func (s *Store) RecordScores(ctx context.Context, actor audit.Actor, registrationID int64, general, special int) (Registration, error) {
	return inWriter(ctx, s, func(w *txWriter) (Registration, error) {
		return w.recordScores(actor, registrationID, general, special)
	})
}

// qualification finds the person's passed registration whose
// qualification covers day d (from the exam day to its last valid day).
func (s *Store) qualification(ctx context.Context, q querier, personID int64, d calendar.Date) (Registration, bool, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationColumns+` FROM exam_registrations r
		JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id JOIN exam_sessions e ON e.id = r.session_id
		WHERE r.person_id = $1 AND r.passed AND e.held_on <= $2 AND r.qualified_until >= $2
		ORDER BY r.qualified_until DESC LIMIT 1`, personID, d))
	if err == sql.ErrNoRows {
		return r, false, nil
	}
	return r, err == nil, err
}
