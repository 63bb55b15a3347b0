package store

import (
	"context"
	"database/sql"
	"fmt"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
)

const anomalyColumns = `a.id, a.rule, a.certificate_id, COALESCE(c.number, ''), a.person_id, p.name, a.unit_id, u.name,
	a.year, a.detail, a.detected_on, a.state, a.resolution, a.explanation, a.handled_on, a.confirmed_on, a.version`

const anomalyFrom = ` FROM anomalies a JOIN people p ON p.id = a.person_id JOIN units u ON u.id = a.unit_id
	LEFT JOIN certificates c ON c.id = a.certificate_id`

func scanAnomaly(row interface{ Scan(...any) error }) (Anomaly, error) {
	var a Anomaly
	var handled, confirmed sql.NullString
	err := row.Scan(&a.ID, &a.Rule, &a.CertificateID, &a.Number, &a.PersonID, &a.HolderName, &a.UnitID, &a.UnitName,
		&a.Year, &a.Detail, &a.DetectedOn, &a.State, &a.Resolution, &a.Explanation, &handled, &confirmed, &a.Version)
	if err != nil {
		return a, err
	}
	a.HandledOn, err = optDate(handled)
	if err != nil {
		return a, err
	}
	a.ConfirmedOn, err = optDate(confirmed)
	return a, err
}

func optDate(v sql.NullString) (*calendar.Date, error) {
	if !v.Valid {
		return nil, nil
	}
	d, err := calendar.ParseDate(v.String)
	return &d, err
}

// AnomalyFilter selects anomalies.
type AnomalyFilter struct {
	Year    int
	UnitID  int64
	UnitIDs []int64
	Rule    certificate.Rule
	State   certificate.AnomalyState
	Page    Page
}

func (f AnomalyFilter) where() (*where, bool) {
	w := newWhere()
	if f.Year != 0 {
		w.add("a.year = ?", f.Year)
	}
	if f.UnitID != 0 {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if f.Rule != "" {
		w.add("a.rule = ?", string(f.Rule))
	}
	if f.State != "" {
		w.add("a.state = ?", string(f.State))
	}
	return w, w.in("a.unit_id", f.UnitIDs)
}

// Anomalies lists anomalies with the total count.
func (s *Store) Anomalies(ctx context.Context, f AnomalyFilter) ([]Anomaly, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+anomalyFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY a.id DESC LIMIT %d OFFSET %d`,
		anomalyColumns, anomalyFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Anomaly
	for rows.Next() {
		a, err := scanAnomaly(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// Anomaly returns one anomaly.
func (s *Store) Anomaly(ctx context.Context, id int64) (Anomaly, error) {
	return s.anomaly(ctx, s.DB, id)
}

func (s *Store) anomaly(ctx context.Context, q querier, id int64) (Anomaly, error) {
	a, err := scanAnomaly(q.QueryRowContext(ctx, `SELECT `+anomalyColumns+anomalyFrom+` WHERE a.id = $1`, id))
	return a, notFound(err, fmt.Sprintf("异常记录 %d 不存在", id))
}

// HandleAnomaly records the unit's handling: an explanation, the
// cancellation of the certificate (done when the office confirms), or a
// correction of the records.
func (s *Store) HandleAnomaly(ctx context.Context, actor audit.Actor, id int64, version int, r certificate.Resolution,
	explanation string, on calendar.Date) (Anomaly, error) {
	return inWriter(ctx, s, func(w *txWriter) (Anomaly, error) { return w.handleAnomaly(actor, id, version, r, explanation, on) })
}

// ConfirmAnomaly is the legal affairs office's decision: accept the
// handling (cancelling the certificate when that was the resolution) or
// return it to the unit with a comment.
func (s *Store) ConfirmAnomaly(ctx context.Context, actor audit.Actor, id int64, version int, accept bool, comment string,
	on calendar.Date) (Anomaly, error) {
	return inWriter(ctx, s, func(w *txWriter) (Anomaly, error) { return w.confirmAnomaly(actor, id, version, accept, comment, on) })
}

// CountRow is a count under a label (by rule, by unit…).
type CountRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Total int    `json:"total"`
	Open  int    `json:"open"`
	Done  int    `json:"done"`
}

// AnomalyCounts counts anomalies of year by rule and by unit.
func (s *Store) AnomalyCounts(ctx context.Context, year int, unitIDs []int64) (byRule, byUnit []CountRow, err error) {
	w, ok := AnomalyFilter{Year: year, UnitIDs: unitIDs}.where()
	if !ok {
		return nil, nil, nil
	}
	count := `COUNT(*), SUM(CASE WHEN a.state <> 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN a.state = 'confirmed' THEN 1 ELSE 0 END)`
	byRule, err = s.counts(ctx, `SELECT a.rule, a.rule, `+count+anomalyFrom+w.sql()+` GROUP BY a.rule ORDER BY COUNT(*) DESC`, w.args)
	if err != nil {
		return nil, nil, err
	}
	for i := range byRule {
		byRule[i].Label = certificate.Rule(byRule[i].Key).Label()
	}
	byUnit, err = s.counts(ctx, `SELECT CAST(a.unit_id AS TEXT), u.name, `+count+anomalyFrom+w.sql()+
		` GROUP BY a.unit_id, u.name, u.sort_order ORDER BY u.sort_order`, w.args)
	return byRule, byUnit, err
}

func (s *Store) counts(ctx context.Context, query string, args []any) ([]CountRow, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CountRow
	for rows.Next() {
		var c CountRow
		if err := rows.Scan(&c.Key, &c.Label, &c.Total, &c.Open, &c.Done); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
