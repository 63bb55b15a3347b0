package store

import (
	"context"
	"fmt"

	"fazhi/internal/calendar"
)

// CertUnitStats is one unit's row of the certificate statistics for a year.
type CertUnitStats struct {
	UnitID         int64   `json:"unit_id"`
	UnitName       string  `json:"unit_name"`
	Officers       int     `json:"officers"`          // active officers in enforcement posts
	Certified      int     `json:"certified"`         // of those, holding a valid certificate
	ExamRegistered int     `json:"exam_registered"`   // exam entries in the year
	ExamPassed     int     `json:"exam_passed"`       //
	Issued         int     `json:"issued"`            // certificates issued in the year
	Reviews        int     `json:"reviews"`           // annual reviews of the year
	ReviewsFailed  int     `json:"reviews_failed"`    //
	Anomalies      int     `json:"anomalies"`         // anomalies found for the year
	AnomaliesDone  int     `json:"anomalies_handled"` // of those, confirmed by the legal affairs office
	Expiring       int     `json:"expiring"`          // valid certificates expiring within the warning period
	OpenAnomalies  int     `json:"open_anomalies"`    // not yet confirmed, any year
	CertifiedShare float64 `json:"certified_share"`   // Certified / Officers
}

// CertTotals sums the year over all units in scope.
type CertTotals struct {
	Year         int `json:"year"`
	ExamSessions int `json:"exam_sessions"`
	CertUnitStats
}

// CertStats computes, from the records, the certificate statistics of
// year per unit in scope (nil = all enforcement units), with totals.
// today and the warning rule decide what counts as expiring.
func (s *Store) CertStats(ctx context.Context, year int, unitIDs []int64, today calendar.Date) ([]CertUnitStats, CertTotals, error) {
	warnDays := 90
	if r, err := s.Rule(ctx, "certificate.expiry_warning", today); err == nil {
		if n, err := r.Int(); err == nil {
			warnDays = n
		}
	}
	horizon := today.AddDays(warnDays)
	w := newWhere()
	w.add("u.enforcement")
	if !w.in("u.id", unitIDs) {
		return nil, CertTotals{Year: year}, nil
	}
	y := fmt.Sprintf("%04d-%%", year)
	n := len(w.args)
	ph := func(i int) string { return fmt.Sprintf("$%d", n+i) }
	query := `SELECT u.id, u.name,
		(SELECT COUNT(*) FROM officers o JOIN people p ON p.id = o.person_id WHERE p.unit_id = u.id AND p.status = 'active' AND o.enforcement_post),
		(SELECT COUNT(DISTINCT c.person_id) FROM certificates c JOIN people p ON p.id = c.person_id JOIN officers o ON o.person_id = p.id
			WHERE c.unit_id = u.id AND c.status = 'valid' AND p.status = 'active' AND o.enforcement_post),
		(SELECT COUNT(*) FROM exam_registrations r JOIN exam_sessions e ON e.id = r.session_id WHERE r.unit_id = u.id AND e.held_on LIKE ` + ph(1) + `),
		(SELECT COUNT(*) FROM exam_registrations r JOIN exam_sessions e ON e.id = r.session_id WHERE r.unit_id = u.id AND e.held_on LIKE ` + ph(1) + ` AND r.passed),
		(SELECT COUNT(*) FROM certificates c WHERE c.unit_id = u.id AND c.issued_on LIKE ` + ph(1) + ` AND c.replaces_id IS NULL),
		(SELECT COUNT(*) FROM annual_reviews r WHERE r.unit_id = u.id AND r.year = ` + ph(2) + `),
		(SELECT COUNT(*) FROM annual_reviews r WHERE r.unit_id = u.id AND r.year = ` + ph(2) + ` AND NOT r.passed),
		(SELECT COUNT(*) FROM anomalies a WHERE a.unit_id = u.id AND a.year = ` + ph(2) + `),
		(SELECT COUNT(*) FROM anomalies a WHERE a.unit_id = u.id AND a.year = ` + ph(2) + ` AND a.state = 'confirmed'),
		(SELECT COUNT(*) FROM certificates c WHERE c.unit_id = u.id AND c.status = 'valid' AND c.valid_until >= ` + ph(3) + ` AND c.valid_until <= ` + ph(4) + `),
		(SELECT COUNT(*) FROM anomalies a WHERE a.unit_id = u.id AND a.state <> 'confirmed')
		FROM units u` + w.sql() + ` ORDER BY u.sort_order, u.id`
	args := append(w.args, y, year, today, horizon)
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, CertTotals{}, err
	}
	defer rows.Close()
	var out []CertUnitStats
	tot := CertTotals{Year: year}
	for rows.Next() {
		var r CertUnitStats
		if err := rows.Scan(&r.UnitID, &r.UnitName, &r.Officers, &r.Certified, &r.ExamRegistered, &r.ExamPassed, &r.Issued,
			&r.Reviews, &r.ReviewsFailed, &r.Anomalies, &r.AnomaliesDone, &r.Expiring, &r.OpenAnomalies); err != nil {
			return nil, tot, err
		}
		r.CertifiedShare = share(r.Certified, r.Officers)
		out = append(out, r)
		tot.add(r)
	}
	if err := rows.Err(); err != nil {
		return nil, tot, err
	}
	tot.CertifiedShare = share(tot.Certified, tot.Officers)
	err = s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM exam_sessions WHERE held_on LIKE $1`, y).Scan(&tot.ExamSessions)
	return out, tot, err
}

func (t *CertTotals) add(r CertUnitStats) {
	t.Officers += r.Officers
	t.Certified += r.Certified
	t.ExamRegistered += r.ExamRegistered
	t.ExamPassed += r.ExamPassed
	t.Issued += r.Issued
	t.Reviews += r.Reviews
	t.ReviewsFailed += r.ReviewsFailed
	t.Anomalies += r.Anomalies
	t.AnomaliesDone += r.AnomaliesDone
	t.Expiring += r.Expiring
	t.OpenAnomalies += r.OpenAnomalies
}

func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
