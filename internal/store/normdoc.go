package store

// The registry of normative documents (seed measures 1 and 3): reads.
// A document's status on a day is derived in SQL from its dates and the
// latest entry of its effects ledger on or before that day (the same rule
// as normdoc.StatusAt), so "what was in force on 2016-06-30?" is one query.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
)

// optDateInto scans a nullable date column straight into a *calendar.Date.
type optDateInto struct{ dst **calendar.Date }

func (o optDateInto) Scan(src any) error {
	if src == nil {
		*o.dst = nil
		return nil
	}
	var d calendar.Date
	if err := d.Scan(src); err != nil {
		return err
	}
	*o.dst = &d
	return nil
}

const docColumns = `d.id, d.title, d.doc_number, COALESCE(d.reg_number, ''), d.lead_unit_id, u.name, u.kind,
	COALESCE(d.implementer_id, 0), COALESCE(iu.name, ''), d.signed_on, d.published_on, d.effective_on, d.expiry_on,
	d.expiry_fixed, d.legal_basis, d.subjects, d.reform_tags, d.full_text, d.publication_url, COALESCE(wi.state, ''),
	d.version, d.created_at, d.updated_at`

const docFrom = ` FROM normdocs d JOIN units u ON u.id = d.lead_unit_id LEFT JOIN units iu ON iu.id = d.implementer_id
	LEFT JOIN workflow_items wi ON wi.record_kind = 'normdoc' AND wi.record_id = d.id`

func docDest(d *normdoc.Document, subjects, tags *string) []any {
	return []any{&d.ID, &d.Title, &d.Number, &d.RegNumber, &d.LeadUnitID, &d.LeadUnitName, &d.LeadUnitKind,
		&d.ImplementerID, &d.ImplementerName, optDateInto{&d.SignedOn}, optDateInto{&d.PublishedOn},
		optDateInto{&d.EffectiveOn}, optDateInto{&d.ExpiryOn}, &d.ExpiryFixed, &d.LegalBasis, subjects, tags,
		&d.FullText, &d.PublicationURL, &d.State, &d.Version, &d.CreatedAt, &d.UpdatedAt}
}

func scanDoc(row interface{ Scan(...any) error }) (normdoc.Document, error) {
	var d normdoc.Document
	var subjects, tags string
	err := row.Scan(docDest(&d, &subjects, &tags)...)
	d.Subjects, d.ReformTags = normdoc.SplitList(subjects), normdoc.SplitList(tags)
	return d, err
}

// Normdoc returns one document with its issuers.
func (s *Store) Normdoc(ctx context.Context, id int64) (normdoc.Document, error) {
	return s.normdoc(ctx, s.DB, id)
}

func (s *Store) normdoc(ctx context.Context, q querier, id int64) (normdoc.Document, error) {
	d, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = $1`, id))
	if err != nil {
		return d, notFound(err, "规范性文件不存在")
	}
	issuers, err := s.issuers(ctx, q, []int64{id})
	d.Issuers = issuers[id]
	return d, err
}

// issuers loads the issuing units of docs, the lead first.
func (s *Store) issuers(ctx context.Context, q querier, docs []int64) (map[int64][]normdoc.Issuer, error) {
	out := map[int64][]normdoc.Issuer{}
	if len(docs) == 0 {
		return out, nil
	}
	w := newWhere()
	w.in("x.doc_id", docs)
	rows, err := q.QueryContext(ctx, `SELECT x.doc_id, x.unit_id, u.name, x.lead FROM normdoc_issuers x
		JOIN units u ON u.id = x.unit_id`+w.sql()+` ORDER BY x.doc_id, x.lead DESC, u.sort_order, u.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var is normdoc.Issuer
		if err := rows.Scan(&doc, &is.UnitID, &is.Name, &is.Lead); err != nil {
			return nil, err
		}
		out[doc] = append(out[doc], is)
	}
	return out, rows.Err()
}

// latestEffectJoin joins each document's latest effect on or before the
// day bound to param.
func latestEffectJoin(param string) string {
	return ` LEFT JOIN normdoc_effects le ON le.id = (SELECT e2.id FROM normdoc_effects e2 WHERE e2.doc_id = d.id
		AND e2.effective_on <= ` + param + ` ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1)`
}

// statusAtSQL is a document's status on the day bound to param, given
// latestEffectJoin: normdoc.StatusAt in SQL.
func statusAtSQL(param string) string {
	return fmt.Sprintf(`(CASE WHEN d.published_on IS NULL OR d.published_on > %[1]s THEN '%[2]s'
		WHEN d.effective_on IS NULL OR d.effective_on > %[1]s THEN '%[3]s' ELSE COALESCE(le.status_after, '%[4]s') END)`,
		param, normdoc.Unpublished, normdoc.Pending, normdoc.InForce)
}

// sqlStrings lists vocabulary values as SQL literals (they come from code,
// never from input).
func sqlStrings(vs []normdoc.Status) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "'" + strings.ReplaceAll(string(v), "'", "''") + "'"
	}
	return strings.Join(out, ", ")
}

// NormdocFilter selects documents. Status, InForce and Catalog are as of
// AsOf (today when zero).
type NormdocFilter struct {
	Query     string  // part of the title, document number or registration number
	UnitID    int64   // issued (lead or co-issuer) or implemented by this unit
	UnitIDs   []int64 // access scope: nil = all
	Level     normdoc.Level
	AsOf      calendar.Date
	Status    normdoc.Status
	InForce   bool // only documents in force on AsOf
	Catalog   normdoc.Catalog
	State     string // lifecycle state
	ReformTag string
	// ReformTags selects documents with any of these tags (a campaign scope).
	ReformTags  []string
	EffectiveTo *calendar.Date
	Year        int  // effective in this year
	Expiring    bool // with an open evaluation task
	IDs         []int64
	Sort        string // "effective" (default, newest first), "number", "title", "expiry"
	Page        Page
}

// NormdocRow is a document with its status on the filter's day.
type NormdocRow struct {
	normdoc.Document
	Status normdoc.Status `json:"status"`
	// StatusOn is the day the latest effect applied from, and StatusBasis
	// its decision number (empty when no effect yet).
	StatusOn    *calendar.Date `json:"status_on,omitempty"`
	StatusBasis string         `json:"status_basis,omitempty"`
}

// where builds the conditions of f; the status day is $1.
func (f NormdocFilter) where(today calendar.Date) (*where, bool) {
	w := newWhere()
	asOf := f.AsOf
	if asOf.IsZero() {
		asOf = today
	}
	w.args = append(w.args, asOf) // $1: the status day
	status := statusAtSQL("$1")
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(d.title LIKE ? OR d.doc_number LIKE ? OR d.reg_number LIKE ?)", "%"+q+"%", "%"+q+"%", "%"+q+"%")
	}
	if f.UnitID != 0 {
		w.add(involves("?"), f.UnitID, f.UnitID, f.UnitID)
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return w, false
		}
		var conds []string
		for _, id := range f.UnitIDs {
			conds = append(conds, involves(fmt.Sprint(id)))
		}
		w.add("(" + strings.Join(conds, " OR ") + ")")
	}
	switch f.Level {
	case normdoc.GovernmentLevel:
		w.add("u.kind IN ('government', 'office')")
	case normdoc.UnitLevel:
		w.add("u.kind NOT IN ('government', 'office')")
	}
	if f.Status != "" {
		w.add(status+" = ?", string(f.Status))
	}
	if f.InForce {
		w.add(status + " IN (" + sqlStrings(normdoc.StatusesWhere(func(d normdoc.StatusDef) bool { return d.InForce })) + ")")
	}
	if f.Catalog != "" {
		w.add(status + " IN (" + sqlStrings(normdoc.StatusesWhere(func(d normdoc.StatusDef) bool { return d.Catalog == f.Catalog })) + ")")
	}
	if f.State != "" {
		w.add("wi.state = ?", f.State)
	}
	if f.ReformTag != "" {
		w.add("(',' || d.reform_tags || ',') LIKE ?", "%,"+f.ReformTag+",%")
	}
	if len(f.ReformTags) > 0 {
		var conds []string
		for _, t := range f.ReformTags {
			conds = append(conds, "(',' || d.reform_tags || ',') LIKE ?")
			w.args = append(w.args, "%,"+t+",%")
			conds[len(conds)-1] = strings.Replace(conds[len(conds)-1], "?", fmt.Sprintf("$%d", len(w.args)), 1)
		}
		w.add("(" + strings.Join(conds, " OR ") + ")")
	}
	if f.EffectiveTo != nil {
		w.add("d.effective_on <= ?", *f.EffectiveTo)
	}
	if f.Year != 0 {
		w.add("d.effective_on LIKE ?", fmt.Sprintf("%04d-%%", f.Year))
	}
	if f.Expiring {
		w.add("EXISTS (SELECT 1 FROM normdoc_evaluations ev WHERE ev.doc_id = d.id AND ev.state = 'open')")
	}
	if f.IDs != nil && !w.in("d.id", f.IDs) {
		return w, false
	}
	return w, true
}

// involves is the condition that a unit (a placeholder or a literal id)
// issued or implements the document.
func involves(unit string) string {
	return "(d.lead_unit_id = " + unit + " OR d.implementer_id = " + unit +
		" OR EXISTS (SELECT 1 FROM normdoc_issuers x WHERE x.doc_id = d.id AND x.unit_id = " + unit + "))"
}

var docOrders = map[string]string{
	"effective": "d.effective_on DESC, d.id DESC", "number": "d.doc_number, d.id", "title": "d.title, d.id",
	"expiry": "d.expiry_on, d.id", "created": "d.id DESC",
}

// Normdocs lists documents with their status on f.AsOf, with the total.
func (s *Store) Normdocs(ctx context.Context, f NormdocFilter) ([]NormdocRow, int, error) {
	return s.normdocs(ctx, s.DB, f)
}

func (s *Store) normdocs(ctx context.Context, q querier, f NormdocFilter) ([]NormdocRow, int, error) {
	w, ok := f.where(s.today())
	if !ok {
		return nil, 0, nil
	}
	from := docFrom + latestEffectJoin("$1") + w.sql()
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+from, w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := docOrders[f.Sort]
	if order == "" {
		order = docOrders["effective"]
	}
	p := f.Page.Norm()
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s, le.effective_on, COALESCE(le.decision_number, '')%s ORDER BY %s LIMIT %d OFFSET %d`,
		docColumns, statusAtSQL("$1"), from, order, p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanDocRows(rows)
	if err != nil {
		return nil, 0, err
	}
	return out, total, s.attachIssuers(ctx, q, out)
}

func scanDocRows(rows *sql.Rows) ([]NormdocRow, error) {
	defer rows.Close()
	var out []NormdocRow
	for rows.Next() {
		var r NormdocRow
		var subjects, tags string
		dest := append(docDest(&r.Document, &subjects, &tags), &r.Status, optDateInto{&r.StatusOn}, &r.StatusBasis)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r.Subjects, r.ReformTags = normdoc.SplitList(subjects), normdoc.SplitList(tags)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) attachIssuers(ctx context.Context, q querier, rows []NormdocRow) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	issuers, err := s.issuers(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Issuers = issuers[rows[i].ID]
	}
	return nil
}

// InForceOn answers "what was in force on day d?" for the actor's scope:
// one query over the registry and the effects ledger.
func (s *Store) InForceOn(ctx context.Context, d calendar.Date, scope []int64, p Page) ([]NormdocRow, int, error) {
	return s.Normdocs(ctx, NormdocFilter{AsOf: d, InForce: true, UnitIDs: scope, Sort: "number", Page: p})
}

// StatusCount is how many documents of a filter have one status.
type StatusCount struct {
	Status normdoc.Status `json:"status"`
	Count  int            `json:"count"`
}

// NormdocStatusCounts counts the documents of f (its Status, InForce and
// Catalog ignored) by status on f.AsOf, in vocabulary order.
func (s *Store) NormdocStatusCounts(ctx context.Context, f NormdocFilter) ([]StatusCount, error) {
	f.Status, f.InForce, f.Catalog = "", false, ""
	w, ok := f.where(s.today())
	if !ok {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT st, COUNT(*) FROM (SELECT `+statusAtSQL("$1")+` AS st`+docFrom+
		latestEffectJoin("$1")+w.sql()+`) t GROUP BY st`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[normdoc.Status]int{}
	for rows.Next() {
		var st normdoc.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		got[st] = n
	}
	var out []StatusCount
	for _, d := range normdoc.Statuses {
		if got[d.Status] > 0 {
			out = append(out, StatusCount{d.Status, got[d.Status]})
		}
	}
	return out, rows.Err()
}

// Effects returns a document's ledger in order, with the affecting
// documents' titles and numbers.
func (s *Store) Effects(ctx context.Context, docID int64) ([]normdoc.Effect, error) {
	return s.effects(ctx, s.DB, docID)
}

func (s *Store) effects(ctx context.Context, q querier, docID int64) ([]normdoc.Effect, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.kind, e.doc_id, COALESCE(e.affecting_id, 0), COALESCE(a.title, ''),
		COALESCE(a.doc_number, ''), e.effective_on, e.status_after, e.decision_number, COALESCE(e.campaign_id, 0), e.new_expiry, e.note
		FROM normdoc_effects e LEFT JOIN normdocs a ON a.id = e.affecting_id
		WHERE e.doc_id = $1 ORDER BY e.effective_on, e.id`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []normdoc.Effect
	for rows.Next() {
		var e normdoc.Effect
		if err := rows.Scan(&e.ID, &e.Kind, &e.DocID, &e.AffectingID, &e.AffectingTitle, &e.AffectingNo, &e.EffectiveOn,
			&e.Result, &e.DecisionNumber, &e.CampaignID, optDateInto{&e.NewExpiry}, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AffectedBy lists the ledger entries a document caused in others (what
// it amended, repealed or replaced).
func (s *Store) AffectedBy(ctx context.Context, docID int64) ([]NormdocRow, error) {
	rows, _, err := s.Normdocs(ctx, NormdocFilter{IDs: s.idsOf(ctx, `SELECT doc_id FROM normdoc_effects WHERE affecting_id = $1`, docID),
		Page: Page{Limit: 500}})
	return rows, err
}

// idsOf runs a query of ids; an error yields no ids (callers only show
// related records).
func (s *Store) idsOf(ctx context.Context, query string, args ...any) []int64 {
	out := []int64{}
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			out = append(out, id)
		}
	}
	return out
}

// NormdocByNumber finds a document by its document number (any typing
// that normalises to it).
func (s *Store) NormdocByNumber(ctx context.Context, number string) (normdoc.Document, error) {
	n, err := normdoc.NormalizeDocNumber(number)
	if err != nil {
		return normdoc.Document{}, apperr.New(apperr.Invalid, err.Error())
	}
	var id int64
	if err := s.DB.QueryRowContext(ctx, `SELECT id FROM normdocs WHERE doc_number = $1`, n).Scan(&id); err != nil {
		return normdoc.Document{}, notFound(err, "没有文号为“"+n+"”的规范性文件")
	}
	return s.Normdoc(ctx, id)
}

// today is the store clock's Beijing day.
func (s *Store) today() calendar.Date { return calendar.BeijingDate(s.Now()) }
