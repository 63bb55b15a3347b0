package store

import (
	"context"
	"database/sql"
	"fmt"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/ident"
)

// AnnualReview is one certificate's review for a year.
type AnnualReview struct {
	ID            int64         `json:"id"`
	CertificateID int64         `json:"certificate_id"`
	Number        string        `json:"number"`
	HolderName    string        `json:"holder_name"`
	Year          int           `json:"year"`
	UnitID        int64         `json:"unit_id"`
	Batch         string        `json:"batch"`
	TrainingHours int           `json:"training_hours"`
	TrainingMin   int           `json:"training_minimum"`
	ReviewedOn    calendar.Date `json:"reviewed_on"`
	certificate.ReviewResult
}

// RunAnnualReview reviews, as one batch, every valid certificate of unit
// not yet reviewed for year, on day on. The training minimum is the rule
// in force on that day. It returns the reviews made.
func (s *Store) RunAnnualReview(ctx context.Context, actor audit.Actor, unitID int64, year int, batch string, on calendar.Date) ([]AnnualReview, error) {
	return inWriter(ctx, s, func(w *txWriter) ([]AnnualReview, error) { return w.runAnnualReview(actor, unitID, year, batch, on) })
}

// ReviewFilter selects annual reviews.
type ReviewFilter struct {
	Year    int
	UnitID  int64
	UnitIDs []int64
	Failed  bool
	Page    Page
}

// AnnualReviews lists reviews with the total count.
func (s *Store) AnnualReviews(ctx context.Context, f ReviewFilter) ([]AnnualReview, int, error) {
	w := newWhere()
	if f.Year != 0 {
		w.add("r.year = ?", f.Year)
	}
	if f.UnitID != 0 {
		w.add("r.unit_id = ?", f.UnitID)
	}
	if f.Failed {
		w.add("NOT r.passed")
	}
	if !w.in("r.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	from := ` FROM annual_reviews r JOIN certificates c ON c.id = r.certificate_id`
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+from+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT r.id, r.certificate_id, c.number, c.holder_name, r.year, r.unit_id,
		r.batch, r.in_unit, r.enforcement_post, r.training_hours, r.training_minimum, r.training_ok, r.clean_record, r.particulars_unchanged,
		r.passed, r.notes, r.reviewed_on %s%s ORDER BY r.year DESC, r.id LIMIT %d OFFSET %d`, from, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []AnnualReview
	for rows.Next() {
		var r AnnualReview
		if err := rows.Scan(&r.ID, &r.CertificateID, &r.Number, &r.HolderName, &r.Year, &r.UnitID, &r.Batch, &r.InUnit,
			&r.EnforcementPost, &r.TrainingHours, &r.TrainingMin, &r.TrainingOK, &r.CleanRecord, &r.ParticularsUnchanged, &r.Passed,
			&r.Notes, &r.ReviewedOn); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Anomaly is an abnormal record and where its clean-up stands.
type Anomaly struct {
	ID            int64                    `json:"id"`
	Rule          certificate.Rule         `json:"rule"`
	CertificateID int64                    `json:"certificate_id"`
	Number        string                   `json:"number"`
	PersonID      int64                    `json:"person_id"`
	HolderName    string                   `json:"holder_name"`
	UnitID        int64                    `json:"unit_id"`
	UnitName      string                   `json:"unit_name"`
	Year          int                      `json:"year"`
	Detail        string                   `json:"detail"`
	DetectedOn    calendar.Date            `json:"detected_on"`
	State         certificate.AnomalyState `json:"state"`
	Resolution    certificate.Resolution   `json:"resolution"`
	Explanation   string                   `json:"explanation"`
	HandledOn     *calendar.Date           `json:"handled_on,omitempty"`
	ConfirmedOn   *calendar.Date           `json:"confirmed_on,omitempty"`
	Version       int                      `json:"version"`
}

// DetectAnomalies runs every rule over the active certificates and the
// lapsed qualifications for year, on day today, recording findings not
// already recorded. It returns how many are new.
func (s *Store) DetectAnomalies(ctx context.Context, actor audit.Actor, year int, today calendar.Date) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = s.writer(ctx, tx).detectAnomalies(actor, year, today)
		return err
	})
	return added, err
}

type snapshotRow struct{ certificate.Snapshot }

// snapshots gathers, in a few queries, what Detect needs of every valid
// certificate.
func (s *Store) snapshots(ctx context.Context, tx *sql.Tx) ([]snapshotRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.person_id, c.unit_id, p.status, p.unit_id, u.abolished_on IS NOT NULL,
		COALESCE(o.establishment, ''), c.valid_until, c.issued_on, p.resident_id,
		(SELECT COUNT(*) FROM certificates c2 WHERE c2.person_id = c.person_id AND c2.status = 'valid'),
		(SELECT COUNT(*) FROM people p2 WHERE p2.resident_id = p.resident_id)
		FROM certificates c JOIN people p ON p.id = c.person_id JOIN units u ON u.id = c.unit_id
		LEFT JOIN officers o ON o.person_id = c.person_id WHERE c.status = 'valid' ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	var out []snapshotRow
	for rows.Next() {
		var sn snapshotRow
		var issued calendar.Date
		var rid string
		var dupes int
		if err := rows.Scan(&sn.CertificateID, &sn.PersonID, &sn.UnitID, &sn.PersonStatus, &sn.HolderUnitID, &sn.UnitAbolished,
			&sn.Establishment, &sn.ValidUntil, &issued, &rid, &sn.ActiveCerts, &dupes); err != nil {
			rows.Close()
			return nil, err
		}
		sn.IssuedYear = issued.Year
		_, idErr := ident.ParseResidentID(rid)
		sn.ResidentIDValid, sn.ResidentIDDupe = idErr == nil, dupes > 1
		out = append(out, sn)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	reviewed, err := s.reviewedYears(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].ReviewedYears = reviewed[out[i].CertificateID]
	}
	return out, nil
}

func (s *Store) reviewedYears(ctx context.Context, tx *sql.Tx) (map[int64]map[int]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT certificate_id, year FROM annual_reviews`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int]bool{}
	for rows.Next() {
		var id int64
		var y int
		if err := rows.Scan(&id, &y); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int]bool{}
		}
		out[id][y] = true
	}
	return out, rows.Err()
}

type lapsed struct {
	personID, unitID int64
	year             int
	finding          certificate.Finding
}

func (s *Store) lapsedQualifications(ctx context.Context, tx *sql.Tx, today calendar.Date) ([]lapsed, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.person_id, p.unit_id, MAX(r.qualified_until) FROM exam_registrations r
		JOIN people p ON p.id = r.person_id WHERE r.passed AND p.status = 'active'
		AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = r.person_id)
		GROUP BY r.person_id, p.unit_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lapsed
	for rows.Next() {
		var l lapsed
		var until calendar.Date
		if err := rows.Scan(&l.personID, &l.unitID, &until); err != nil {
			return nil, err
		}
		if f, ok := certificate.QualificationFinding(until, false, today); ok {
			l.finding, l.year = f, until.Year
			out = append(out, l)
		}
	}
	return out, rows.Err()
}
