package store

// Published catalogs: the documents in force, abolished and expired as of
// a day, each publication a version whose rows are frozen copies.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
)

// PublicationKind names publications in the audit chain.
const PublicationKind = "catalog"

// PublishCatalogs computes the three catalogs as of p.AsOf and publishes
// them as a new version. For a campaign's publication, Since defaults to
// the campaign's scope day, so that its abolished and expired catalogs
// list what the campaign (and the time since) changed.
func (s *Store) PublishCatalogs(ctx context.Context, actor audit.Actor, p *normdoc.Publication) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).publishCatalogs(actor, p) })
}

// PublishCatalogs is Store.PublishCatalogs inside the bulk.
func (b *Bulk) PublishCatalogs(actor audit.Actor, p *normdoc.Publication) error {
	return b.w.publishCatalogs(actor, p)
}

func (w *txWriter) publishCatalogs(actor audit.Actor, p *normdoc.Publication) error {
	var f apperr.Fields
	p.Title, p.URL, p.Note = strings.TrimSpace(p.Title), strings.TrimSpace(p.URL), strings.TrimSpace(p.Note)
	if p.AsOf.IsZero() {
		f.Add("as_of", "目录截止日", "必填项为空")
	}
	if p.PublishedOn.IsZero() {
		f.Add("published_on", "公布日期", "必填项为空")
	} else if !p.AsOf.IsZero() && p.PublishedOn.Before(p.AsOf) {
		f.Add("published_on", "公布日期", "不能早于目录截止日")
	}
	if p.Since != nil && p.Since.After(p.AsOf) {
		f.Add("since", "变化起算日", "不能晚于目录截止日")
	}
	if p.URL != "" && !strings.HasPrefix(p.URL, "http://") && !strings.HasPrefix(p.URL, "https://") {
		f.Add("url", "公布网址", "应以 http:// 或 https:// 开头")
	}
	if p.CampaignID != 0 {
		c, err := w.s.campaign(w.ctx, w.q, p.CampaignID)
		if err != nil {
			f.Add("campaign_id", "清理", "所选清理不存在")
		} else {
			if c.State != normdoc.Decided {
				f.Add("campaign_id", "清理", "清理尚未作出决定，不能公布其目录")
			} else if c.DecidedOn != nil && p.AsOf.Before(*c.DecidedOn) {
				f.Add("as_of", "目录截止日", "不能早于清理决定日期 "+c.DecidedOn.String())
			}
			if p.Since == nil {
				since := c.Scope.AsOf
				p.Since = &since
			}
			if p.Title == "" {
				p.Title = c.Name + "后的规范性文件目录"
			}
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if p.Title == "" {
		p.Title = fmt.Sprintf("慈溪市行政规范性文件目录（截至%d年%d月%d日）", p.AsOf.Year, p.AsOf.Month, p.AsOf.Day)
	}
	lists := map[normdoc.Catalog][]normdoc.Entry{}
	for _, c := range normdoc.Catalogs {
		entries, err := w.catalogRows(c.Value, p.AsOf, p.Since)
		if err != nil {
			return err
		}
		lists[c.Value] = entries
	}
	p.InForce, p.Abolished, p.Expired = len(lists[normdoc.ValidCatalog]), len(lists[normdoc.AbolishedCatalog]), len(lists[normdoc.ExpiredCatalog])
	p.CreatedAt = w.s.now()
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO catalog_publications (title, as_of, since, published_on, campaign_id, url, note,
		in_force, abolished, expired, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		p.Title, p.AsOf, dateOrNil(p.Since), p.PublishedOn, nullInt(p.CampaignID), p.URL, p.Note, p.InForce, p.Abolished,
		p.Expired, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, c := range normdoc.Catalogs {
		for _, e := range lists[c.Value] {
			rows = append(rows, []any{p.ID, string(e.Catalog), e.Seq, e.DocID, e.Title, e.Number, e.RegNumber, e.Issuers,
				string(e.Level), dateOrNil(e.PublishedOn), dateOrNil(e.EffectiveOn), dateOrNil(e.ExpiryOn), string(e.Status),
				dateOrNil(e.StatusOn), e.Basis})
		}
	}
	if err := w.insertMany("catalog_entries", []string{"publication_id", "catalog", "seq", "doc_id", "title", "doc_number",
		"reg_number", "issuers", "level", "published_on", "effective_on", "expiry_on", "status", "status_on", "basis"}, rows); err != nil {
		return err
	}
	reason := fmt.Sprintf("继续有效 %d 件，废止 %d 件，失效 %d 件", p.InForce, p.Abolished, p.Expired)
	return w.record(actor, PublicationKind, p.ID, "publish", reason, nil, p)
}

// catalogRows computes one catalog as of asOf: documents of the city
// government and its office first, then by effective day; abolished and
// expired ones by the day they ceased.
func (w *txWriter) catalogRows(c normdoc.Catalog, asOf calendar.Date, since *calendar.Date) ([]normdoc.Entry, error) {
	status := statusAtSQL("$1")
	cond := status + ` IN (` + sqlStrings(normdoc.StatusesWhere(func(d normdoc.StatusDef) bool { return d.Catalog == c })) + `)`
	args := []any{asOf}
	order := `CASE WHEN u.kind IN ('government', 'office') THEN 0 ELSE 1 END, d.effective_on, d.id`
	if c != normdoc.ValidCatalog {
		order = `le.effective_on, d.doc_number, d.id`
		if since != nil {
			cond += ` AND le.effective_on >= $2`
			args = append(args, *since)
		}
	}
	rows, err := w.q.QueryContext(w.ctx, `SELECT d.id, d.title, d.doc_number, COALESCE(d.reg_number, ''), u.kind, d.published_on,
		d.effective_on, d.expiry_on, `+status+`, le.effective_on, COALESCE(le.decision_number, '')
		FROM normdocs d JOIN units u ON u.id = d.lead_unit_id`+latestEffectJoin("$1")+` WHERE `+cond+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	var out []normdoc.Entry
	var ids []int64
	for rows.Next() {
		e := normdoc.Entry{Catalog: c, Seq: len(out) + 1}
		var kind string
		if err := rows.Scan(&e.DocID, &e.Title, &e.Number, &e.RegNumber, &kind, optDateInto{&e.PublishedOn}, optDateInto{&e.EffectiveOn},
			optDateInto{&e.ExpiryOn}, &e.Status, optDateInto{&e.StatusOn}, &e.Basis); err != nil {
			rows.Close()
			return nil, err
		}
		e.Level = normdoc.LevelOf(kind)
		if c == normdoc.ValidCatalog {
			e.StatusOn, e.Basis = nil, ""
		}
		out = append(out, e)
		ids = append(ids, e.DocID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	issuers, err := w.s.issuers(w.ctx, w.q, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		d := normdoc.Document{Issuers: issuers[out[i].DocID]}
		out[i].Issuers = d.IssuerNames()
	}
	return out, nil
}

const publicationColumns = `id, title, as_of, since, published_on, COALESCE(campaign_id, 0), url, note, in_force, abolished,
	expired, created_at`

func scanPublication(row interface{ Scan(...any) error }) (normdoc.Publication, error) {
	var p normdoc.Publication
	err := row.Scan(&p.ID, &p.Title, &p.AsOf, optDateInto{&p.Since}, &p.PublishedOn, &p.CampaignID, &p.URL, &p.Note,
		&p.InForce, &p.Abolished, &p.Expired, &p.CreatedAt)
	return p, err
}

// Publications lists the published versions, the newest first.
func (s *Store) Publications(ctx context.Context, p Page) ([]normdoc.Publication, int, error) {
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalog_publications`).Scan(&total); err != nil {
		return nil, 0, err
	}
	p = p.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM catalog_publications ORDER BY published_on DESC, id DESC
		LIMIT %d OFFSET %d`, publicationColumns, p.Limit, p.Offset))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []normdoc.Publication
	for rows.Next() {
		pub, err := scanPublication(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, pub)
	}
	return out, total, rows.Err()
}

// Publication returns one published version.
func (s *Store) Publication(ctx context.Context, id int64) (normdoc.Publication, error) {
	p, err := scanPublication(s.DB.QueryRowContext(ctx, `SELECT `+publicationColumns+` FROM catalog_publications WHERE id = $1`, id))
	return p, notFound(err, "目录版本不存在")
}

// EntryFilter selects rows of a published catalog (the public search).
type EntryFilter struct {
	PublicationID int64
	Catalog       normdoc.Catalog
	Query         string // title, document or registration number
	Issuer        string // part of an issuing unit's name
	Level         normdoc.Level
	EffectiveFrom *calendar.Date
	EffectiveTo   *calendar.Date
	Page          Page
}

func (f EntryFilter) where() *where {
	w := newWhere()
	w.add("publication_id = ?", f.PublicationID)
	if f.Catalog != "" {
		w.add("catalog = ?", string(f.Catalog))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(title LIKE ? OR doc_number LIKE ? OR reg_number LIKE ?)", "%"+q+"%", "%"+q+"%", "%"+q+"%")
	}
	if v := strings.TrimSpace(f.Issuer); v != "" {
		w.add("issuers LIKE ?", "%"+v+"%")
	}
	if f.Level != "" {
		w.add("level = ?", string(f.Level))
	}
	if f.EffectiveFrom != nil {
		w.add("effective_on >= ?", *f.EffectiveFrom)
	}
	if f.EffectiveTo != nil {
		w.add("effective_on <= ?", *f.EffectiveTo)
	}
	return w
}

// CatalogEntries lists rows of a published catalog in their published
// order, with the total.
func (s *Store) CatalogEntries(ctx context.Context, f EntryFilter) ([]normdoc.Entry, int, error) {
	w := f.where()
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalog_entries`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT catalog, seq, doc_id, title, doc_number, reg_number, issuers, level,
		published_on, effective_on, expiry_on, status, status_on, basis FROM catalog_entries%s
		ORDER BY CASE catalog WHEN 'in_force' THEN 0 WHEN 'abolished' THEN 1 ELSE 2 END, seq LIMIT %d OFFSET %d`,
		w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []normdoc.Entry
	for rows.Next() {
		var e normdoc.Entry
		if err := rows.Scan(&e.Catalog, &e.Seq, &e.DocID, &e.Title, &e.Number, &e.RegNumber, &e.Issuers, &e.Level,
			optDateInto{&e.PublishedOn}, optDateInto{&e.EffectiveOn}, optDateInto{&e.ExpiryOn}, &e.Status, optDateInto{&e.StatusOn},
			&e.Basis); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// AllCatalogEntries pages through every row of a filter (exports).
func (s *Store) AllCatalogEntries(ctx context.Context, f EntryFilter) ([]normdoc.Entry, error) {
	return Collect(func(p Page) ([]normdoc.Entry, int, error) {
		f.Page = p
		return s.CatalogEntries(ctx, f)
	})
}

// PublishedIn returns the newest publication that lists a document, or
// NotFound: only documents of a published catalog are public.
func (s *Store) PublishedIn(ctx context.Context, docID int64) (normdoc.Publication, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT MAX(publication_id) FROM catalog_entries WHERE doc_id = $1`, docID).Scan(&nullID{&id})
	if err != nil {
		return normdoc.Publication{}, err
	}
	if id == 0 {
		return normdoc.Publication{}, apperr.New(apperr.NotFound, "该文件未列入已公布的目录")
	}
	return s.Publication(ctx, id)
}

// nullID scans a nullable integer as 0.
type nullID struct{ dst *int64 }

func (n *nullID) Scan(src any) error {
	var v sql.NullInt64
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.dst = v.Int64
	return nil
}
