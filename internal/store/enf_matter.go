package store

// Enforcement matters and discretion benchmarks (seed measure 4): the
// library each unit keeps and the portal publishes (Art. 34).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

const matterColumns = `m.id, m.unit_id, u.name, m.code, m.name, m.category, m.basis_law, m.basis_article, m.penalty_basis,
	m.power_source, m.crime_threshold, m.crime_basis, m.published, m.active, m.version, m.created_at, m.updated_at`

const matterFrom = ` FROM enf_matters m JOIN units u ON u.id = m.unit_id`

func scanMatter(row interface{ Scan(...any) error }) (enforcement.Matter, error) {
	var m enforcement.Matter
	err := row.Scan(&m.ID, &m.UnitID, &m.UnitName, &m.Code, &m.Name, &m.Category, &m.BasisLaw, &m.BasisArticle,
		&m.PenaltyBasis, &m.PowerSource, &m.CrimeThreshold, &m.CrimeBasis, &m.Published, &m.Active, &m.Version,
		&m.CreatedAt, &m.UpdatedAt)
	return m, err
}

// Matter returns one enforcement matter.
func (s *Store) Matter(ctx context.Context, id int64) (enforcement.Matter, error) {
	return s.matter(ctx, s.DB, id)
}

func (s *Store) matter(ctx context.Context, q querier, id int64) (enforcement.Matter, error) {
	m, err := scanMatter(q.QueryRowContext(ctx, `SELECT `+matterColumns+matterFrom+` WHERE m.id = $1`, id))
	return m, notFound(err, "执法事项不存在")
}

// MatterFilter selects matters.
type MatterFilter struct {
	Query     string // code, name or legal basis
	UnitID    int64
	UnitIDs   []int64 // access scope; nil = all
	Category  string
	Published bool // only published (the public's view)
	Active    bool // only matters in use
	Page      Page
}

func (f MatterFilter) where() (*where, bool) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(m.code LIKE ? OR m.name LIKE ? OR m.basis_law LIKE ?)", like, like, like)
	}
	if f.UnitID != 0 {
		w.add("m.unit_id = ?", f.UnitID)
	}
	if f.Category != "" {
		w.add("m.category = ?", f.Category)
	}
	if f.Published {
		w.add("m.published = ?", true)
	}
	if f.Active {
		w.add("m.active = ?", true)
	}
	return w, w.in("m.unit_id", f.UnitIDs)
}

// Matters lists matters with the total count, by unit and code.
func (s *Store) Matters(ctx context.Context, f MatterFilter) ([]enforcement.Matter, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+matterFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, m.code LIMIT %d OFFSET %d`,
		matterColumns, matterFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []enforcement.Matter
	for rows.Next() {
		m, err := scanMatter(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// SaveMatter creates a matter (ID 0) or updates one (with the version the
// user saw and a reason).
func (s *Store) SaveMatter(ctx context.Context, actor audit.Actor, m *enforcement.Matter, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).saveMatter(actor, m, reason) })
}

func (w *txWriter) saveMatter(actor audit.Actor, m *enforcement.Matter, reason string) error {
	if err := m.Prepare(); err != nil {
		return err
	}
	u, err := w.unit(m.UnitID)
	if err != nil || !u.Enforcement {
		var f apperr.Fields
		f.Add("unit_id", "执法单位", "所选单位不存在或不是执法单位")
		return f.Err()
	}
	m.UnitName = u.Name
	now := w.s.now()
	if m.ID == 0 {
		m.CreatedAt, m.UpdatedAt, m.Version = now, now, 1
		err := w.q.QueryRowContext(w.ctx, `INSERT INTO enf_matters (unit_id, code, name, category, basis_law, basis_article,
			penalty_basis, power_source, crime_threshold, crime_basis, published, active, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13) RETURNING id`,
			m.UnitID, m.Code, m.Name, m.Category, m.BasisLaw, m.BasisArticle, m.PenaltyBasis, string(m.PowerSource),
			m.CrimeThreshold, m.CrimeBasis, m.Published, m.Active, now).Scan(&m.ID)
		if err != nil {
			return matterWriteError(err)
		}
		return w.record(actor, "matter", m.ID, audit.Create, "", nil, m)
	}
	before, err := w.s.matter(w.ctx, w.q, m.ID)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		var f apperr.Fields
		f.Add("reason", "修改理由", "修改执法事项须填写理由")
		return f.Err()
	}
	m.CreatedAt, m.UpdatedAt = before.CreatedAt, now
	res, err := w.q.ExecContext(w.ctx, `UPDATE enf_matters SET unit_id=$1, code=$2, name=$3, category=$4, basis_law=$5,
		basis_article=$6, penalty_basis=$7, power_source=$8, crime_threshold=$9, crime_basis=$10, published=$11, active=$12,
		version=version+1, updated_at=$13 WHERE id=$14 AND version=$15`,
		m.UnitID, m.Code, m.Name, m.Category, m.BasisLaw, m.BasisArticle, m.PenaltyBasis, string(m.PowerSource),
		m.CrimeThreshold, m.CrimeBasis, m.Published, m.Active, now, m.ID, m.Version)
	if err != nil {
		return matterWriteError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("执法事项“" + before.Name + "”")
	}
	m.Version++
	return w.record(actor, "matter", m.ID, audit.Update, reason, before, m)
}

func matterWriteError(err error) error {
	if isUnique(err) {
		var f apperr.Fields
		f.Add("code", "事项代码", "本单位已有相同代码的执法事项")
		return f.Err()
	}
	return err
}

// ---------- benchmarks ----------

const benchmarkColumns = `b.id, b.matter_id, m.code, m.name, m.unit_id, u.name, b.version, b.effective_from, b.effective_to,
	b.source, b.published, b.created_at`

const benchmarkFrom = ` FROM enf_benchmarks b JOIN enf_matters m ON m.id = b.matter_id JOIN units u ON u.id = m.unit_id`

func scanBenchmark(row interface{ Scan(...any) error }) (enforcement.Benchmark, error) {
	var b enforcement.Benchmark
	err := row.Scan(&b.ID, &b.MatterID, &b.MatterCode, &b.MatterName, &b.UnitID, &b.UnitName, &b.Version,
		&b.EffectiveFrom, dateInto{&b.EffectiveTo}, &b.Source, &b.Published, &b.CreatedAt)
	return b, err
}

const tierColumns = `id, benchmark_id, seq, tier, conditions, penalty_kinds, min_fine, max_fine, min_multiple, max_multiple,
	no_penalty, range_text`

func scanTier(row interface{ Scan(...any) error }) (enforcement.Tier, error) {
	var t enforcement.Tier
	var max sql.NullInt64
	err := row.Scan(&t.ID, &t.BenchmarkID, &t.Seq, &t.Name, &t.Conditions, &t.PenaltyKinds, &t.MinFine, &max,
		&t.MinMultiple, &t.MaxMultiple, &t.NoPenalty, &t.RangeText)
	if max.Valid {
		m := enforcement.Money(max.Int64)
		t.MaxFine = &m
	}
	return t, err
}

// Benchmark returns one benchmark version with its tiers.
func (s *Store) Benchmark(ctx context.Context, id int64) (enforcement.Benchmark, error) {
	return s.benchmark(ctx, s.DB, id)
}

func (s *Store) benchmark(ctx context.Context, q querier, id int64) (enforcement.Benchmark, error) {
	b, err := scanBenchmark(q.QueryRowContext(ctx, `SELECT `+benchmarkColumns+benchmarkFrom+` WHERE b.id = $1`, id))
	if err != nil {
		return b, notFound(err, "裁量基准不存在")
	}
	list := []enforcement.Benchmark{b}
	if err := s.attachTiers(ctx, q, list); err != nil {
		return b, err
	}
	return list[0], nil
}

// attachTiers loads the tiers of benchmarks in one query.
func (s *Store) attachTiers(ctx context.Context, q querier, list []enforcement.Benchmark) error {
	if len(list) == 0 {
		return nil
	}
	w := newWhere()
	ids := make([]int64, len(list))
	at := map[int64]int{}
	for i, b := range list {
		ids[i], at[b.ID] = b.ID, i
	}
	w.in("benchmark_id", ids)
	rows, err := q.QueryContext(ctx, `SELECT `+tierColumns+` FROM enf_benchmark_tiers`+w.sql()+` ORDER BY benchmark_id, seq`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTier(rows)
		if err != nil {
			return err
		}
		i := at[t.BenchmarkID]
		list[i].Tiers = append(list[i].Tiers, t)
	}
	return rows.Err()
}

// BenchmarkFilter selects benchmark versions.
type BenchmarkFilter struct {
	Query     string // matter code or name
	MatterID  int64
	UnitID    int64
	UnitIDs   []int64 // access scope; nil = all
	Published bool
	// InForceOn keeps the versions in force on a day; nil = every version.
	InForceOn *calendar.Date
	Page      Page
}

func (f BenchmarkFilter) where() (*where, bool) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(m.code LIKE ? OR m.name LIKE ?)", like, like)
	}
	if f.MatterID != 0 {
		w.add("b.matter_id = ?", f.MatterID)
	}
	if f.UnitID != 0 {
		w.add("m.unit_id = ?", f.UnitID)
	}
	if f.Published {
		w.add("b.published = ? AND m.published = ?", true, true)
	}
	if f.InForceOn != nil {
		d := f.InForceOn.String()
		w.add("b.effective_from <= ? AND (b.effective_to IS NULL OR b.effective_to >= ?)", d, d)
	}
	return w, w.in("m.unit_id", f.UnitIDs)
}

// Benchmarks lists benchmark versions with their tiers and the total count.
func (s *Store) Benchmarks(ctx context.Context, f BenchmarkFilter) ([]enforcement.Benchmark, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+benchmarkFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, m.code, b.version DESC LIMIT %d OFFSET %d`,
		benchmarkColumns, benchmarkFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	var out []enforcement.Benchmark
	for rows.Next() {
		b, err := scanBenchmark(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.attachTiers(ctx, s.DB, out)
}

// TierCount counts the tiers (benchmark entries) of the versions f selects.
func (s *Store) TierCount(ctx context.Context, f BenchmarkFilter) (int, error) {
	w, ok := f.where()
	if !ok {
		return 0, nil
	}
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM enf_benchmark_tiers t JOIN enf_benchmarks b ON b.id = t.benchmark_id
		JOIN enf_matters m ON m.id = b.matter_id JOIN units u ON u.id = m.unit_id`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// BenchmarkInForce returns the version of a matter's benchmark in force on
// day d (false when the matter has none).
func (s *Store) BenchmarkInForce(ctx context.Context, matterID int64, d calendar.Date) (enforcement.Benchmark, bool, error) {
	return s.benchmarkInForce(ctx, s.DB, matterID, d)
}

func (s *Store) benchmarkInForce(ctx context.Context, q querier, matterID int64, d calendar.Date) (enforcement.Benchmark, bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+benchmarkColumns+benchmarkFrom+` WHERE b.matter_id = $1 AND b.effective_from <= $2
		AND (b.effective_to IS NULL OR b.effective_to >= $2)`, matterID, d)
	if err != nil {
		return enforcement.Benchmark{}, false, err
	}
	var versions []enforcement.Benchmark
	for rows.Next() {
		b, err := scanBenchmark(rows)
		if err != nil {
			rows.Close()
			return b, false, err
		}
		versions = append(versions, b)
	}
	rows.Close()
	b, ok := enforcement.PickBenchmark(versions, d)
	if !ok {
		return b, false, rows.Err()
	}
	list := []enforcement.Benchmark{b}
	err = s.attachTiers(ctx, q, list)
	return list[0], true, err
}

// CreateBenchmark adds a new version of a matter's benchmark: the next
// version number; the version in force before it ends the day before the
// new one starts.
func (s *Store) CreateBenchmark(ctx context.Context, actor audit.Actor, b *enforcement.Benchmark) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createBenchmark(actor, b) })
}

func (w *txWriter) createBenchmark(actor audit.Actor, b *enforcement.Benchmark) error {
	if err := b.Prepare(); err != nil {
		return err
	}
	m, err := w.s.matter(w.ctx, w.q, b.MatterID)
	if err != nil {
		var f apperr.Fields
		f.Add("matter_id", "执法事项", "所选执法事项不存在")
		return f.Err()
	}
	b.MatterCode, b.MatterName, b.UnitID, b.UnitName = m.Code, m.Name, m.UnitID, m.UnitName
	if err := w.q.QueryRowContext(w.ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM enf_benchmarks WHERE matter_id = $1`,
		b.MatterID).Scan(&b.Version); err != nil {
		return err
	}
	if err := w.closePreviousBenchmark(actor, b); err != nil {
		return err
	}
	b.CreatedAt = w.s.now()
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO enf_benchmarks (matter_id, version, effective_from, effective_to, source,
		published, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		b.MatterID, b.Version, b.EffectiveFrom, dateOrNil(b.EffectiveTo), b.Source, b.Published, b.CreatedAt).Scan(&b.ID)
	if err != nil {
		return err
	}
	for i := range b.Tiers {
		t := &b.Tiers[i]
		t.BenchmarkID = b.ID
		var max any
		if t.MaxFine != nil {
			max = int64(*t.MaxFine)
		}
		if err := w.q.QueryRowContext(w.ctx, `INSERT INTO enf_benchmark_tiers (benchmark_id, seq, tier, conditions, penalty_kinds,
			min_fine, max_fine, min_multiple, max_multiple, no_penalty, range_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`, b.ID, t.Seq, t.Name, t.Conditions, t.PenaltyKinds, t.MinFine, max, t.MinMultiple, t.MaxMultiple,
			t.NoPenalty, t.RangeText).Scan(&t.ID); err != nil {
			return err
		}
	}
	return w.record(actor, "benchmark", b.ID, audit.Create, "", nil, b)
}

// closePreviousBenchmark ends the open version that starts before b on
// the day before b starts; a version starting on or after b's start
// day is a conflict the user must resolve.
func (w *txWriter) closePreviousBenchmark(actor audit.Actor, b *enforcement.Benchmark) error {
	var id int64
	var from calendar.Date
	err := w.q.QueryRowContext(w.ctx, `SELECT id, effective_from FROM enf_benchmarks WHERE matter_id = $1 AND effective_to IS NULL
		ORDER BY effective_from DESC LIMIT 1`, b.MatterID).Scan(&id, &from)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if !from.Before(b.EffectiveFrom) {
		var f apperr.Fields
		f.Add("effective_from", "生效日期", fmt.Sprintf("现行版本自 %s 起施行，新版本的生效日期须晚于该日", from))
		return f.Err()
	}
	end := b.EffectiveFrom.AddDays(-1)
	if _, err := w.q.ExecContext(w.ctx, `UPDATE enf_benchmarks SET effective_to = $1 WHERE id = $2`, end, id); err != nil {
		return err
	}
	return w.record(actor, "benchmark", id, audit.Update, fmt.Sprintf("第 %d 版自 %s 起施行", b.Version, b.EffectiveFrom),
		map[string]any{"effective_to": nil}, map[string]any{"effective_to": end})
}
