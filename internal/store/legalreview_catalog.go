package store

// Review catalogues (重大执法决定法制审核目录) and the catalogue of
// decisions reported to the city government, per unit, versioned with
// effective dates; and the case attributes a catalogue tests that the
// case record does not hold (review_case_flags).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
)

const catalogColumns = `c.id, c.unit_id, u.name, c.purpose, c.catalog_version, c.effective_from, c.basis, c.published,
	c.published_on, c.version`

const catalogFrom = ` FROM review_catalogs c JOIN units u ON u.id = c.unit_id`

func scanCatalog(row interface{ Scan(...any) error }) (legalreview.Catalog, error) {
	var c legalreview.Catalog
	err := row.Scan(&c.ID, &c.UnitID, &c.UnitName, &c.Purpose, &c.Version, &c.EffectiveFrom, &c.Basis, &c.Published,
		dateInto{&c.PublishedOn}, &c.Rev)
	return c, err
}

// Catalog returns one catalogue version with its rules.
func (s *Store) Catalog(ctx context.Context, id int64) (legalreview.Catalog, error) {
	return s.catalog(ctx, s.DB, id)
}

func (s *Store) catalog(ctx context.Context, q querier, id int64) (legalreview.Catalog, error) {
	c, err := scanCatalog(q.QueryRowContext(ctx, `SELECT `+catalogColumns+catalogFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return c, notFound(err, "目录不存在")
	}
	c.Rules, err = s.catalogRules(ctx, q, id)
	return c, err
}

func (s *Store) catalogRules(ctx context.Context, q querier, id int64) ([]legalreview.Rule, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, party_type, amount, note FROM review_catalog_rules
		WHERE catalog_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []legalreview.Rule
	for rows.Next() {
		var r legalreview.Rule
		if err := rows.Scan(&r.Kind, &r.PartyType, &r.Amount, &r.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CatalogFilter selects catalogue versions.
type CatalogFilter struct {
	UnitID  int64
	Purpose legalreview.Purpose
	// DraftUnits are the units whose drafts the viewer may see besides
	// every published version: nil for all (the legal affairs office),
	// empty for none (the public).
	DraftUnits []int64
	// Drafts lists drafts only; Published published versions only.
	Drafts, Published bool
	Page              Page
}

func (f CatalogFilter) where() *where {
	w := newWhere()
	if f.UnitID != 0 {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if f.Purpose != "" {
		w.add("c.purpose = ?", string(f.Purpose))
	}
	if f.Drafts {
		w.add("NOT c.published")
	}
	if f.Published {
		w.add("c.published")
	}
	if f.DraftUnits != nil {
		marks := []string{}
		var args []any
		for _, id := range f.DraftUnits {
			marks, args = append(marks, "?"), append(args, id)
		}
		if len(marks) == 0 {
			w.add("c.published")
		} else {
			w.add("(c.published OR c.unit_id IN ("+strings.Join(marks, ",")+"))", args...)
		}
	}
	return w
}

// Catalogs lists catalogue versions (with their rules) by unit, purpose
// and newest version first, with the total count.
func (s *Store) Catalogs(ctx context.Context, f CatalogFilter) ([]legalreview.Catalog, int, error) {
	w := f.where()
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+catalogFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, c.unit_id, c.purpose DESC,
		c.catalog_version DESC LIMIT %d OFFSET %d`, catalogColumns, catalogFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	var out []legalreview.Catalog
	for rows.Next() {
		c, err := scanCatalog(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range out {
		if out[i].Rules, err = s.catalogRules(ctx, s.DB, out[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// CatalogInForce returns the published version of a unit's catalogue in
// force on d, or nil when the unit has none yet.
func (s *Store) CatalogInForce(ctx context.Context, unitID int64, purpose legalreview.Purpose, d calendar.Date) (*legalreview.Catalog, error) {
	versions, err := s.publishedCatalogs(ctx, s.DB, unitID, purpose)
	if err != nil {
		return nil, err
	}
	return inForce(versions, d), nil
}

// inForce is legalreview.InForce returning a copy.
func inForce(versions []legalreview.Catalog, d calendar.Date) *legalreview.Catalog {
	c := legalreview.InForce(versions, d)
	if c == nil {
		return nil
	}
	found := *c
	return &found
}

// publishedCatalogs are the published versions of a unit's catalogue,
// with their rules.
func (s *Store) publishedCatalogs(ctx context.Context, q querier, unitID int64, purpose legalreview.Purpose) ([]legalreview.Catalog, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+catalogColumns+catalogFrom+` WHERE c.unit_id = $1 AND c.purpose = $2
		AND c.published`, unitID, string(purpose))
	if err != nil {
		return nil, err
	}
	var versions []legalreview.Catalog
	for rows.Next() {
		c, err := scanCatalog(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		versions = append(versions, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range versions {
		if versions[i].Rules, err = s.catalogRules(ctx, q, versions[i].ID); err != nil {
			return nil, err
		}
	}
	return versions, nil
}

// publishedCatalogs is s.publishedCatalogs read once per transaction
// (the catalogue writes below drop their unit's entry).
func (w *txWriter) publishedCatalogs(unitID int64, purpose legalreview.Purpose) ([]legalreview.Catalog, error) {
	key := fmt.Sprintf("%d/%s", unitID, purpose)
	if vs, ok := w.catalogs[key]; ok {
		return vs, nil
	}
	vs, err := w.s.publishedCatalogs(w.ctx, w.q, unitID, purpose)
	if err == nil {
		if w.catalogs == nil {
			w.catalogs = map[string][]legalreview.Catalog{}
		}
		w.catalogs[key] = vs
	}
	return vs, err
}

func (w *txWriter) forgetCatalogs(unitID int64, purpose legalreview.Purpose) {
	delete(w.catalogs, fmt.Sprintf("%d/%s", unitID, purpose))
}

// CreateCatalog saves a new draft version of a unit's catalogue: the next
// version number of the unit and purpose.
func (s *Store) CreateCatalog(ctx context.Context, actor audit.Actor, c *legalreview.Catalog) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createCatalog(actor, c) })
}

// CreateCatalog is Store.CreateCatalog inside the bulk.
func (b *Bulk) CreateCatalog(actor audit.Actor, c *legalreview.Catalog) error {
	return b.w.createCatalog(actor, c)
}

func (w *txWriter) createCatalog(actor audit.Actor, c *legalreview.Catalog) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if _, err := w.unit(c.UnitID); err != nil {
		var f apperr.Fields
		f.Add("unit_id", "单位", "单位不存在")
		return f.Err()
	}
	if err := w.q.QueryRowContext(w.ctx, `SELECT COALESCE(MAX(catalog_version), 0) + 1 FROM review_catalogs
		WHERE unit_id = $1 AND purpose = $2`, c.UnitID, string(c.Purpose)).Scan(&c.Version); err != nil {
		return err
	}
	now := w.s.now()
	c.Published, c.PublishedOn, c.Rev = false, nil, 1
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO review_catalogs (unit_id, purpose, catalog_version, effective_from,
		basis, published, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, FALSE, 1, $6, $6) RETURNING id`,
		c.UnitID, string(c.Purpose), c.Version, c.EffectiveFrom, c.Basis, now).Scan(&c.ID); err != nil {
		return err
	}
	if err := w.writeCatalogRules(c); err != nil {
		return err
	}
	return w.record(actor, legalreview.CatalogKind, c.ID, audit.Create, "", nil, c)
}

func (w *txWriter) writeCatalogRules(c *legalreview.Catalog) error {
	if _, err := w.q.ExecContext(w.ctx, `DELETE FROM review_catalog_rules WHERE catalog_id = $1`, c.ID); err != nil {
		return err
	}
	for i, r := range c.Rules {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO review_catalog_rules (catalog_id, seq, kind, party_type, amount, note)
			VALUES ($1, $2, $3, $4, $5, $6)`, c.ID, i+1, string(r.Kind), r.PartyType, r.Amount, strings.TrimSpace(r.Note)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCatalog changes a draft (basis, effective date, rules). A
// published version is frozen: the change must be a new version. c.Rev
// is the version the user saw.
func (s *Store) UpdateCatalog(ctx context.Context, actor audit.Actor, c *legalreview.Catalog, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		before, err := s.catalog(ctx, w.q, c.ID)
		if err != nil {
			return err
		}
		if before.Published {
			return apperr.New(apperr.Conflict, fmt.Sprintf("第 %d 版已于 %s 公布，不能再修改；请新建下一版", before.Version, before.PublishedOn))
		}
		c.UnitID, c.Purpose, c.Version = before.UnitID, before.Purpose, before.Version
		if err := c.Validate(); err != nil {
			return err
		}
		res, err := w.q.ExecContext(ctx, `UPDATE review_catalogs SET effective_from=$1, basis=$2, version=version+1, updated_at=$3
			WHERE id=$4 AND version=$5 AND NOT published`, c.EffectiveFrom, c.Basis, s.now(), c.ID, c.Rev)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("目录")
		}
		c.Rev++
		if err := w.writeCatalogRules(c); err != nil {
			return err
		}
		return w.record(actor, legalreview.CatalogKind, c.ID, audit.Update, reason, before, c)
	})
}

// PublishCatalog publishes a draft on day on: from its effective date it
// decides which cases need review. It may not take effect before it is
// published, so that no decision already taken becomes unlawful after
// the fact.
func (s *Store) PublishCatalog(ctx context.Context, actor audit.Actor, id int64, rev int, on calendar.Date) (legalreview.Catalog, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Catalog, error) { return w.publishCatalog(actor, id, rev, on) })
}

// PublishCatalog is Store.PublishCatalog inside the bulk.
func (b *Bulk) PublishCatalog(actor audit.Actor, id int64, rev int, on calendar.Date) (legalreview.Catalog, error) {
	return b.w.publishCatalog(actor, id, rev, on)
}

func (w *txWriter) publishCatalog(actor audit.Actor, id int64, rev int, on calendar.Date) (legalreview.Catalog, error) {
	c, err := w.s.catalog(w.ctx, w.q, id)
	if err != nil {
		return c, err
	}
	before := c
	switch {
	case c.Published:
		return c, apperr.New(apperr.Conflict, fmt.Sprintf("第 %d 版已于 %s 公布", c.Version, c.PublishedOn))
	case on.IsZero():
		var f apperr.Fields
		f.Add("on", "公布日期", "必填项为空")
		return c, f.Err()
	case c.EffectiveFrom.Before(on):
		var f apperr.Fields
		f.Add("effective_from", "施行日期", fmt.Sprintf("施行日期 %s 早于公布日期 %s：目录应当先公布后施行，请修改施行日期", c.EffectiveFrom, on))
		return c, f.Err()
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE review_catalogs SET published=TRUE, published_on=$1, version=version+1, updated_at=$2
		WHERE id=$3 AND version=$4 AND NOT published`, on, w.s.now(), id, rev)
	if err != nil {
		return c, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return c, conflict("目录")
	}
	c.Published, c.PublishedOn, c.Rev = true, &on, rev+1
	w.forgetCatalogs(c.UnitID, c.Purpose)
	return c, w.record(actor, legalreview.CatalogKind, c.ID, "publish", "", before, c)
}

// CaseFlags returns what the unit declared about a case (the zero value,
// Version 0, when nothing yet).
func (s *Store) CaseFlags(ctx context.Context, caseID int64) (legalreview.CaseFlags, error) {
	return s.caseFlags(ctx, s.DB, caseID)
}

func (s *Store) caseFlags(ctx context.Context, q querier, caseID int64) (legalreview.CaseFlags, error) {
	fl := legalreview.CaseFlags{CaseID: caseID}
	err := q.QueryRowContext(ctx, `SELECT unit_id, major_public_interest, complex, referred, note, version
		FROM review_case_flags WHERE case_id = $1`, caseID).Scan(&fl.UnitID, &fl.MajorPublicInterest, &fl.Complex,
		&fl.Referred, &fl.Note, &fl.Version)
	if err == sql.ErrNoRows {
		return fl, nil
	}
	return fl, err
}

// SaveCaseFlags records what the unit declares about a case; fl.Version
// is the version the user saw (0 for the first declaration).
func (s *Store) SaveCaseFlags(ctx context.Context, actor audit.Actor, fl *legalreview.CaseFlags, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).saveCaseFlags(actor, fl, reason) })
}

// SaveCaseFlags is Store.SaveCaseFlags inside the bulk.
func (b *Bulk) SaveCaseFlags(actor audit.Actor, fl *legalreview.CaseFlags, reason string) error {
	return b.w.saveCaseFlags(actor, fl, reason)
}

func (w *txWriter) saveCaseFlags(actor audit.Actor, fl *legalreview.CaseFlags, reason string) error {
	unit, err := w.s.caseUnit(w.ctx, w.q, fl.CaseID)
	if err != nil {
		return err
	}
	before, err := w.s.caseFlags(w.ctx, w.q, fl.CaseID)
	if err != nil {
		return err
	}
	fl.UnitID, fl.Note = unit, strings.TrimSpace(fl.Note)
	if (fl.Referred || fl.MajorPublicInterest || fl.Complex) && fl.Note == "" {
		var f apperr.Fields
		f.Add("note", "说明", "请写明提交审核或认定重大公共利益、疑难复杂的理由")
		return f.Err()
	}
	now := w.s.now()
	if before.Version == 0 {
		if fl.Version != 0 {
			return conflict("案件审核情形")
		}
		_, err = w.q.ExecContext(w.ctx, `INSERT INTO review_case_flags (case_id, unit_id, major_public_interest, complex,
			referred, note, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`,
			fl.CaseID, unit, fl.MajorPublicInterest, fl.Complex, fl.Referred, fl.Note, now)
		if err != nil {
			return err
		}
		fl.Version = 1
		return w.record(actor, legalreview.FlagsKind, fl.CaseID, audit.Create, reason, nil, fl)
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE review_case_flags SET major_public_interest=$1, complex=$2, referred=$3,
		note=$4, version=version+1, updated_at=$5 WHERE case_id=$6 AND version=$7`,
		fl.MajorPublicInterest, fl.Complex, fl.Referred, fl.Note, now, fl.CaseID, fl.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("案件审核情形")
	}
	fl.Version++
	return w.record(actor, legalreview.FlagsKind, fl.CaseID, audit.Update, reason, before, fl)
}
