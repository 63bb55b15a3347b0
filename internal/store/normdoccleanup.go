package store

// Cleanup campaigns (清理): the scope as a saved filter, assignment to the
// responsible units, their proposals, the legal affairs office's review
// and the government's decision, which writes the effects to the ledger.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
)

// Record kinds of the audit chain.
const (
	CampaignKind = "cleanup"
	ItemKind     = "cleanup_item"
)

const campaignColumns = `c.id, c.name, c.kind, c.basis, c.scope_json, c.deadline, c.state, c.launched_on, c.decision_number,
	c.decided_on, c.note, c.version, c.created_at, c.updated_at`

func scanCampaign(row interface{ Scan(...any) error }) (normdoc.Campaign, error) {
	var c normdoc.Campaign
	var scope string
	err := row.Scan(&c.ID, &c.Name, &c.Kind, &c.Basis, &scope, &c.Deadline, &c.State, optDateInto{&c.LaunchedOn},
		&c.DecisionNumber, optDateInto{&c.DecidedOn}, &c.Note, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	if err == nil {
		err = jsonScope(scope, &c)
	}
	return c, err
}

func jsonScope(s string, c *normdoc.Campaign) error { return json.Unmarshal([]byte(s), &c.Scope) }

// Campaign returns one campaign.
func (s *Store) Campaign(ctx context.Context, id int64) (normdoc.Campaign, error) {
	return s.campaign(ctx, s.DB, id)
}

func (s *Store) campaign(ctx context.Context, q querier, id int64) (normdoc.Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM cleanup_campaigns c WHERE c.id = $1`, id))
	return c, notFound(err, "清理不存在")
}

// CampaignFilter selects campaigns.
type CampaignFilter struct {
	// UnitIDs limits the list to campaigns in which these units have
	// documents to clean up; nil = all.
	UnitIDs []int64
	State   normdoc.CampaignState
	Page    Page
}

// CampaignRow is a campaign with its counts (within the filter's units).
type CampaignRow struct {
	normdoc.Campaign
	Items     int `json:"items"`
	Awaiting  int `json:"awaiting"`
	Submitted int `json:"submitted"`
	Returned  int `json:"returned"`
	Approved  int `json:"approved"`
}

// Campaigns lists campaigns, the newest first.
func (s *Store) Campaigns(ctx context.Context, f CampaignFilter) ([]CampaignRow, int, error) {
	w := newWhere()
	counts := newWhere()
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, 0, nil
		}
		marks := make([]string, len(f.UnitIDs))
		for i, id := range f.UnitIDs {
			marks[i] = fmt.Sprint(id)
		}
		in := strings.Join(marks, ",")
		w.add("EXISTS (SELECT 1 FROM cleanup_items i WHERE i.campaign_id = c.id AND i.unit_id IN (" + in + "))")
		counts.add("i.unit_id IN (" + in + ")")
	}
	if f.State != "" {
		w.add("c.state = ?", string(f.State))
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM cleanup_campaigns c`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	itemCond := ""
	if len(counts.conds) > 0 {
		itemCond = " AND " + strings.Join(counts.conds, " AND ")
	}
	count := func(state string) string {
		cond := ""
		if state != "" {
			cond = " AND i.state = '" + state + "'"
		}
		return `(SELECT COUNT(*) FROM cleanup_items i WHERE i.campaign_id = c.id` + itemCond + cond + `)`
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s, %s, %s, %s, %s FROM cleanup_campaigns c%s
		ORDER BY COALESCE(c.launched_on, c.deadline) DESC, c.id DESC LIMIT %d OFFSET %d`, campaignColumns, count(""),
		count(string(normdoc.Awaiting)), count(string(normdoc.Submitted)), count(string(normdoc.Returned)),
		count(string(normdoc.Approved)), w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CampaignRow
	for rows.Next() {
		var r CampaignRow
		var scope string
		if err := rows.Scan(&r.ID, &r.Name, &r.Kind, &r.Basis, &scope, &r.Deadline, &r.State, optDateInto{&r.LaunchedOn},
			&r.DecisionNumber, optDateInto{&r.DecidedOn}, &r.Note, &r.Version, &r.CreatedAt, &r.UpdatedAt,
			&r.Items, &r.Awaiting, &r.Submitted, &r.Returned, &r.Approved); err != nil {
			return nil, 0, err
		}
		if err := jsonScope(scope, &r.Campaign); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// scopeFilter is the registry filter of a campaign's scope: the valid
// documents (in force or suspended) on its day, narrowed as saved.
func scopeFilter(sc normdoc.Scope) NormdocFilter {
	f := NormdocFilter{AsOf: sc.AsOf, Catalog: normdoc.ValidCatalog, Query: sc.Query, ReformTags: sc.ReformTags,
		EffectiveTo: sc.EffectiveTo}
	if len(sc.UnitIDs) > 0 {
		f.UnitIDs = sc.UnitIDs
	}
	if len(sc.Levels) == 1 {
		f.Level = sc.Levels[0]
	}
	return f
}

// ScopeDocuments lists the documents a scope selects now (a preview
// before launch; after launch the campaign's items are what counts).
func (s *Store) ScopeDocuments(ctx context.Context, sc normdoc.Scope, p Page) ([]NormdocRow, int, error) {
	f := scopeFilter(sc)
	f.Sort, f.Page = "number", p
	return s.Normdocs(ctx, f)
}

// CreateCampaign saves a new campaign in draft.
func (s *Store) CreateCampaign(ctx context.Context, actor audit.Actor, c *normdoc.Campaign) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createCampaign(actor, c) })
}

// CreateCampaign is Store.CreateCampaign inside the bulk.
func (b *Bulk) CreateCampaign(actor audit.Actor, c *normdoc.Campaign) error {
	return b.w.createCampaign(actor, c)
}

func (w *txWriter) createCampaign(actor audit.Actor, c *normdoc.Campaign) error {
	if err := c.Prepare(); err != nil {
		return err
	}
	scope, err := json.Marshal(c.Scope)
	if err != nil {
		return err
	}
	now := w.s.now()
	c.State, c.Version, c.CreatedAt, c.UpdatedAt = normdoc.Draft, 1, now, now
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO cleanup_campaigns (name, kind, basis, scope_json, deadline, state, note,
		version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id`,
		c.Name, string(c.Kind), c.Basis, string(scope), c.Deadline, string(c.State), c.Note, now).Scan(&c.ID)
	if isUnique(err) {
		return fieldErr("name", "清理名称", "已有同名的清理："+c.Name)
	}
	if err != nil {
		return err
	}
	return w.record(actor, CampaignKind, c.ID, audit.Create, "", nil, c)
}

// saveCampaign writes a campaign with the version check.
func (w *txWriter) saveCampaign(c *normdoc.Campaign) error {
	scope, err := json.Marshal(c.Scope)
	if err != nil {
		return err
	}
	c.UpdatedAt = w.s.now()
	res, err := w.q.ExecContext(w.ctx, `UPDATE cleanup_campaigns SET name=$1, kind=$2, basis=$3, scope_json=$4, deadline=$5,
		state=$6, launched_on=$7, decision_number=$8, decided_on=$9, note=$10, version=version+1, updated_at=$11
		WHERE id=$12 AND version=$13`, c.Name, string(c.Kind), c.Basis, string(scope), c.Deadline, string(c.State),
		dateOrNil(c.LaunchedOn), c.DecisionNumber, dateOrNil(c.DecidedOn), c.Note, c.UpdatedAt, c.ID, c.Version)
	if isUnique(err) {
		return fieldErr("name", "清理名称", "已有同名的清理："+c.Name)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("清理“" + c.Name + "”")
	}
	c.Version++
	return nil
}

// UpdateCampaign changes a campaign still in draft.
func (s *Store) UpdateCampaign(ctx context.Context, actor audit.Actor, c *normdoc.Campaign, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		before, err := s.campaign(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if before.State != normdoc.Draft {
			return apperr.New(apperr.Conflict, "清理已启动，范围和期限不能再修改")
		}
		if before.Version != c.Version {
			return conflict("清理“" + before.Name + "”")
		}
		if err := c.Prepare(); err != nil {
			return err
		}
		c.State, c.CreatedAt = before.State, before.CreatedAt
		if err := w.saveCampaign(c); err != nil {
			return err
		}
		return w.record(actor, CampaignKind, c.ID, audit.Update, reason, before, c)
	})
}

// LaunchCampaign freezes a draft campaign's scope on day on: every
// document the scope selects becomes an item assigned to the unit
// responsible for it (谁制定谁清理，谁实施谁清理, successors for abolished
// units). It returns the number of items.
func (s *Store) LaunchCampaign(ctx context.Context, actor audit.Actor, id int64, version int, on calendar.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.writer(ctx, tx).launchCampaign(actor, id, version, on)
		return err
	})
	return n, err
}

// LaunchCampaign is Store.LaunchCampaign inside the bulk.
func (b *Bulk) LaunchCampaign(actor audit.Actor, id int64, version int, on calendar.Date) (int, error) {
	return b.w.launchCampaign(actor, id, version, on)
}

func (w *txWriter) launchCampaign(actor audit.Actor, id int64, version int, on calendar.Date) (int, error) {
	c, err := w.s.campaign(w.ctx, w.q, id)
	if err != nil {
		return 0, err
	}
	if c.Version != version {
		return 0, conflict("清理“" + c.Name + "”")
	}
	if c.State != normdoc.Draft {
		return 0, apperr.New(apperr.Conflict, "清理已启动")
	}
	if on.Before(c.Scope.AsOf) {
		return 0, fieldErr("on", "启动日期", "不能早于清理基准日 "+c.Scope.AsOf.String())
	}
	docs, err := w.scopeDocs(c.Scope)
	if err != nil {
		return 0, err
	}
	if len(docs) == 0 {
		return 0, apperr.New(apperr.Invalid, "清理范围内没有文件，请调整范围")
	}
	units, err := w.unitNodes()
	if err != nil {
		return 0, err
	}
	perUnit := map[string]int{}
	rows := make([][]any, len(docs))
	for i, d := range docs {
		unit, basis := normdoc.Assign(d, units, on)
		rows[i] = []any{c.ID, d.ID, unit, string(basis), string(normdoc.Awaiting), 1}
		perUnit[units[unit].Name]++
	}
	if err := w.insertMany("cleanup_items", []string{"campaign_id", "doc_id", "unit_id", "basis", "state", "version"}, rows); err != nil {
		return 0, err
	}
	before := c
	c.State, c.LaunchedOn = normdoc.Open, &on
	if err := w.saveCampaign(&c); err != nil {
		return 0, err
	}
	reason := fmt.Sprintf("范围：%s；共 %d 件，分派至 %d 个单位", c.Scope.Describe(), len(docs), len(perUnit))
	return len(docs), w.record(actor, CampaignKind, c.ID, "launch", reason, before, map[string]any{"state": c.State,
		"launched_on": on, "items": len(docs), "units": perUnit})
}

// scopeDocs loads, for assignment, the documents a scope selects.
func (w *txWriter) scopeDocs(sc normdoc.Scope) ([]normdoc.Document, error) {
	wh, ok := scopeFilter(sc).where(w.s.today())
	if !ok {
		return nil, nil
	}
	rows, err := w.q.QueryContext(w.ctx, `SELECT d.id, d.lead_unit_id, COALESCE(d.implementer_id, 0)`+docFrom+
		latestEffectJoin("$1")+wh.sql()+` ORDER BY d.id`, wh.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []normdoc.Document
	for rows.Next() {
		var d normdoc.Document
		if err := rows.Scan(&d.ID, &d.LeadUnitID, &d.ImplementerID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CleanupItem is one document of a campaign with its proposal and review.
type CleanupItem struct {
	ID         int64             `json:"id"`
	CampaignID int64             `json:"campaign_id"`
	DocID      int64             `json:"doc_id"`
	Title      string            `json:"title"`
	Number     string            `json:"number"`
	RegNumber  string            `json:"reg_number"`
	Issuer     string            `json:"issuer"`
	Level      normdoc.Level     `json:"level"`
	UnitID     int64             `json:"unit_id"`
	UnitName   string            `json:"unit_name"`
	Basis      normdoc.Basis     `json:"basis"`
	State      normdoc.ItemState `json:"state"`
	normdoc.Proposal
	ProposedBy    string         `json:"proposed_by"`
	ProposedOn    *calendar.Date `json:"proposed_on,omitempty"`
	ReviewComment string         `json:"review_comment"`
	ReviewedBy    string         `json:"reviewed_by"`
	ReviewedOn    *calendar.Date `json:"reviewed_on,omitempty"`
}

const itemColumns = `i.id, i.campaign_id, i.doc_id, d.title, d.doc_number, COALESCE(d.reg_number, ''), lu.name, lu.kind,
	i.unit_id, u.name, i.basis, i.state, i.outcome, i.reason, i.detail, i.clause, i.proposed_by, i.proposed_on,
	i.review_comment, i.reviewed_by, i.reviewed_on, i.version`

const itemFrom = ` FROM cleanup_items i JOIN normdocs d ON d.id = i.doc_id JOIN units lu ON lu.id = d.lead_unit_id
	JOIN units u ON u.id = i.unit_id`

func scanItem(row interface{ Scan(...any) error }, extra ...any) (CleanupItem, error) {
	var it CleanupItem
	var kind string
	err := row.Scan(append([]any{&it.ID, &it.CampaignID, &it.DocID, &it.Title, &it.Number, &it.RegNumber, &it.Issuer, &kind,
		&it.UnitID, &it.UnitName, &it.Basis, &it.State, &it.Outcome, &it.Reason, &it.Detail, &it.Clause, &it.ProposedBy,
		optDateInto{&it.ProposedOn}, &it.ReviewComment, &it.ReviewedBy, optDateInto{&it.ReviewedOn}, &it.Version}, extra...)...)
	it.Level = normdoc.LevelOf(kind)
	return it, err
}

// CleanupItem returns one item.
func (s *Store) CleanupItem(ctx context.Context, id int64) (CleanupItem, error) {
	return s.cleanupItem(ctx, s.DB, id)
}

func (s *Store) cleanupItem(ctx context.Context, q querier, id int64) (CleanupItem, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE i.id = $1`, id))
	return it, notFound(err, "清理事项不存在")
}

// ItemFilter selects the items of a campaign.
type ItemFilter struct {
	CampaignID int64
	UnitID     int64
	UnitIDs    []int64 // access scope; nil = all
	State      normdoc.ItemState
	Outcome    normdoc.Outcome
	Query      string
	Page       Page
}

// CleanupItems lists a campaign's items by unit and document number.
func (s *Store) CleanupItems(ctx context.Context, f ItemFilter) ([]CleanupItem, int, error) {
	w := newWhere()
	w.add("i.campaign_id = ?", f.CampaignID)
	if f.UnitID != 0 {
		w.add("i.unit_id = ?", f.UnitID)
	}
	if f.State != "" {
		w.add("i.state = ?", string(f.State))
	}
	if f.Outcome != "" {
		w.add("i.outcome = ?", string(f.Outcome))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(d.title LIKE ? OR d.doc_number LIKE ?)", "%"+q+"%", "%"+q+"%")
	}
	if !w.in("i.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+itemFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, u.id, d.doc_number, i.id LIMIT %d OFFSET %d`,
		itemColumns, itemFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CleanupItem
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// SubmitProposal records a unit's proposal for one item on day on (the
// caller checks that the actor may act for the item's unit).
func (s *Store) SubmitProposal(ctx context.Context, actor audit.Actor, itemID int64, p normdoc.Proposal, on calendar.Date) (CleanupItem, error) {
	return inWriter(ctx, s, func(w *txWriter) (CleanupItem, error) { return w.submitProposal(actor, itemID, p, on) })
}

// SubmitProposal is Store.SubmitProposal inside the bulk.
func (b *Bulk) SubmitProposal(actor audit.Actor, itemID int64, p normdoc.Proposal, on calendar.Date) (CleanupItem, error) {
	return b.w.submitProposal(actor, itemID, p, on)
}

func (w *txWriter) submitProposal(actor audit.Actor, itemID int64, p normdoc.Proposal, on calendar.Date) (CleanupItem, error) {
	it, err := w.s.cleanupItem(w.ctx, w.q, itemID)
	if err != nil {
		return it, err
	}
	items, err := w.proposeMany(actor, it.CampaignID, []ItemRef{{ID: itemID, Version: p.Version}}, p, on)
	if err != nil {
		return it, err
	}
	return items[0], nil
}

// SubmitProposals records one proposal for many items of a campaign at
// once (a unit proposing 继续有效 for the documents it keeps), all or
// none; the caller checks the actor may act for every item's unit.
func (s *Store) SubmitProposals(ctx context.Context, actor audit.Actor, campaignID int64, refs []ItemRef, p normdoc.Proposal,
	on calendar.Date) (int, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := s.writer(ctx, tx).proposeMany(actor, campaignID, refs, p, on)
		return err
	})
	if err != nil {
		return 0, err
	}
	return len(refs), nil
}

// SubmitProposals is Store.SubmitProposals inside the bulk.
func (b *Bulk) SubmitProposals(actor audit.Actor, campaignID int64, refs []ItemRef, p normdoc.Proposal, on calendar.Date) error {
	_, err := b.w.proposeMany(actor, campaignID, refs, p, on)
	return err
}

// openItems loads the items refs name, checking that they belong to an
// open campaign and that each is at the version the user saw.
func (w *txWriter) openItems(campaignID int64, refs []ItemRef, verb string) ([]CleanupItem, error) {
	if len(refs) == 0 {
		return nil, fieldErr("items", "清理事项", "请至少选择一件")
	}
	c, err := w.s.campaign(w.ctx, w.q, campaignID)
	if err != nil {
		return nil, err
	}
	if c.State != normdoc.Open {
		return nil, apperr.New(apperr.Conflict, "清理“"+c.Name+"”当前为“"+c.State.Label()+"”，不能"+verb)
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	wh := newWhere()
	wh.add("i.campaign_id = ?", campaignID)
	wh.in("i.id", ids)
	rows, err := w.q.QueryContext(w.ctx, `SELECT `+itemColumns+itemFrom+wh.sql(), wh.args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]CleanupItem{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[it.ID] = it
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]CleanupItem, len(refs))
	for i, r := range refs {
		it, ok := byID[r.ID]
		if !ok {
			return nil, apperr.New(apperr.NotFound, fmt.Sprintf("清理事项 %d 不属于本次清理", r.ID))
		}
		if it.Version != r.Version {
			return nil, conflict("《" + it.Title + "》的清理意见")
		}
		out[i] = it
	}
	return out, nil
}

func (w *txWriter) proposeMany(actor audit.Actor, campaignID int64, refs []ItemRef, p normdoc.Proposal, on calendar.Date) ([]CleanupItem, error) {
	items, err := w.openItems(campaignID, refs, "提交清理意见")
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := p.Check(it.State); err != nil {
			if len(items) > 1 && apperr.KindOf(err) == apperr.Conflict {
				return nil, apperr.New(apperr.Conflict, "《"+it.Title+"》："+apperr.Message(err))
			}
			return nil, err
		}
	}
	after := func(it *CleanupItem) {
		it.Proposal, it.State, it.ProposedBy, it.ProposedOn = p, normdoc.Submitted, actor.Name, &on
	}
	return items, w.updateItems(actor, items, after, "propose", p.Outcome.Label(),
		`state=?, outcome=?, reason=?, detail=?, clause=?, proposed_by=?, proposed_on=?`,
		string(normdoc.Submitted), string(p.Outcome), p.Reason, p.Detail, p.Clause, actor.Name, on)
}

// updateItems sets columns (with ? marks taking args) on every item, a
// hundred to a statement, each with its version check, and audits each
// item as change makes it.
func (w *txWriter) updateItems(actor audit.Actor, items []CleanupItem, change func(*CleanupItem), action, reason, set string,
	args ...any) error {
	for n := 1; strings.Contains(set, "?"); n++ {
		set = strings.Replace(set, "?", fmt.Sprintf("$%d", n), 1)
	}
	const batch = 100
	for start := 0; start < len(items); start += batch {
		part := items[start:min(start+batch, len(items))]
		all := slices.Clone(args)
		conds := make([]string, len(part))
		for i, it := range part {
			all = append(all, it.ID, it.Version)
			conds[i] = fmt.Sprintf("(id = $%d AND version = $%d)", len(all)-1, len(all))
		}
		res, err := w.q.ExecContext(w.ctx, `UPDATE cleanup_items SET `+set+`, version = version + 1 WHERE `+
			strings.Join(conds, " OR "), all...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); int(n) != len(part) {
			return conflict("清理意见")
		}
	}
	for i := range items {
		before := items[i]
		change(&items[i])
		items[i].Version = before.Version + 1
		if err := w.record(actor, ItemKind, items[i].ID, action, reason, before, items[i]); err != nil {
			return err
		}
	}
	return nil
}

// ItemRef names an item with the version the reviewer saw.
type ItemRef struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
}

// ReviewItems approves (or returns, with comment) items of a campaign
// on day on, all or none. It returns how many were reviewed.
func (s *Store) ReviewItems(ctx context.Context, actor audit.Actor, campaignID int64, refs []ItemRef, approve bool,
	comment string, on calendar.Date) (int, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return s.writer(ctx, tx).reviewItems(actor, campaignID, refs, approve, comment, on)
	})
	if err != nil {
		return 0, err
	}
	return len(refs), nil
}

// ReviewItems is Store.ReviewItems inside the bulk.
func (b *Bulk) ReviewItems(actor audit.Actor, campaignID int64, refs []ItemRef, approve bool, comment string, on calendar.Date) error {
	return b.w.reviewItems(actor, campaignID, refs, approve, comment, on)
}

func (w *txWriter) reviewItems(actor audit.Actor, campaignID int64, refs []ItemRef, approve bool, comment string, on calendar.Date) error {
	items, err := w.openItems(campaignID, refs, "审核")
	if err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	for _, it := range items {
		if err := normdoc.CheckReview(it.State, approve, comment); err != nil {
			if apperr.KindOf(err) == apperr.Conflict {
				return apperr.New(apperr.Conflict, "《"+it.Title+"》："+apperr.Message(err))
			}
			return err
		}
	}
	state, action, label := normdoc.Approved, "approve", "审核通过"
	if !approve {
		state, action, label = normdoc.Returned, "return", "退回"
	}
	change := func(it *CleanupItem) {
		it.State, it.ReviewComment, it.ReviewedBy, it.ReviewedOn = state, comment, actor.Name, &on
	}
	return w.updateItems(actor, items, change, action, firstNonEmpty(comment, label),
		`state=?, review_comment=?, reviewed_by=?, reviewed_on=?`, string(state), comment, actor.Name, on)
}

// DecideCampaign records the government's decision (number and day) once
// every item is approved, and writes each amendment, repeal and
// declaration of expiry to the ledger from that day. A document that has
// meanwhile ceased to be valid keeps its status (the event notes it).
func (s *Store) DecideCampaign(ctx context.Context, actor audit.Actor, id int64, version int, number string, on,
	today calendar.Date) (normdoc.Campaign, error) {
	return inWriter(ctx, s, func(w *txWriter) (normdoc.Campaign, error) {
		return w.decideCampaign(actor, id, version, number, on, today)
	})
}

// DecideCampaign is Store.DecideCampaign inside the bulk.
func (b *Bulk) DecideCampaign(actor audit.Actor, id int64, version int, number string, on, today calendar.Date) (normdoc.Campaign, error) {
	return b.w.decideCampaign(actor, id, version, number, on, today)
}

func (w *txWriter) decideCampaign(actor audit.Actor, id int64, version int, number string, on, today calendar.Date) (normdoc.Campaign, error) {
	c, err := w.s.campaign(w.ctx, w.q, id)
	if err != nil {
		return c, err
	}
	if c.Version != version {
		return c, conflict("清理“" + c.Name + "”")
	}
	var pending int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM cleanup_items WHERE campaign_id = $1 AND state <> $2`,
		id, string(normdoc.Approved)).Scan(&pending); err != nil {
		return c, err
	}
	if err := normdoc.CheckDecision(c, pending, number, on); err != nil {
		return c, err
	}
	number, _ = normdoc.NormalizeDocNumber(number)
	rows, err := w.q.QueryContext(w.ctx, `SELECT doc_id, outcome, reason, detail FROM cleanup_items
		WHERE campaign_id = $1 AND outcome <> $2 ORDER BY id`, id, string(normdoc.Continue))
	if err != nil {
		return c, err
	}
	type decided struct {
		doc             int64
		outcome         normdoc.Outcome
		reason, details string
	}
	var todo []decided
	for rows.Next() {
		var d decided
		if err := rows.Scan(&d.doc, &d.outcome, &d.reason, &d.details); err != nil {
			rows.Close()
			return c, err
		}
		todo = append(todo, d)
	}
	rows.Close()
	written, skipped := map[normdoc.EffectKind]int{}, 0
	for _, d := range todo {
		e := normdoc.Effect{Kind: d.outcome.Effect(), DocID: d.doc, EffectiveOn: on, DecisionNumber: number, CampaignID: id,
			Note: strings.TrimSpace(c.Name + "：" + normdoc.ReasonLabel(d.reason) + " " + d.details)}
		err := w.addEffect(actor, &e, today, false)
		if apperr.KindOf(err) == apperr.Conflict {
			skipped++
			continue
		}
		if err != nil {
			return c, err
		}
		written[e.Kind]++
	}
	before := c
	c.State, c.DecisionNumber, c.DecidedOn = normdoc.Decided, number, &on
	if err := w.saveCampaign(&c); err != nil {
		return c, err
	}
	reason := fmt.Sprintf("%s：修改 %d 件，废止 %d 件，宣布失效 %d 件", number, written[normdoc.Amend], written[normdoc.Repeal],
		written[normdoc.DeclareExpired])
	if skipped > 0 {
		reason += fmt.Sprintf("；%d 件在决定前已失效或废止，未重复登记", skipped)
	}
	return c, w.record(actor, CampaignKind, c.ID, "decide", reason, before, c)
}

// UnitProgress is one unit's progress in a campaign.
type UnitProgress struct {
	UnitID    int64  `json:"unit_id"`
	UnitName  string `json:"unit_name"`
	Total     int    `json:"total"`
	Awaiting  int    `json:"awaiting"`
	Submitted int    `json:"submitted"`
	Returned  int    `json:"returned"`
	Approved  int    `json:"approved"`
	Continue  int    `json:"continue"`
	Amend     int    `json:"amend"`
	Abolish   int    `json:"abolish"`
	Declare   int    `json:"declare_expired"`
	// Overdue: the deadline has passed with documents still awaiting a
	// proposal or returned.
	Overdue bool `json:"overdue"`
}

// Open is what the unit still owes.
func (p UnitProgress) Open() int { return p.Awaiting + p.Returned }

// CampaignProgress computes each unit's progress in a campaign on day
// today (units in scope only; nil = all), with the totals.
func (s *Store) CampaignProgress(ctx context.Context, id int64, scope []int64, today calendar.Date) ([]UnitProgress, UnitProgress, error) {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return nil, UnitProgress{}, err
	}
	w := newWhere()
	w.add("i.campaign_id = ?", id)
	if !w.in("i.unit_id", scope) {
		return nil, UnitProgress{UnitName: "合计"}, nil
	}
	sum := func(cond string) string { return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }
	rows, err := s.DB.QueryContext(ctx, `SELECT i.unit_id, u.name, COUNT(*), `+
		sum("i.state = 'awaiting'")+`, `+sum("i.state = 'submitted'")+`, `+sum("i.state = 'returned'")+`, `+
		sum("i.state = 'approved'")+`, `+sum("i.outcome = 'continue'")+`, `+sum("i.outcome = 'amend'")+`, `+
		sum("i.outcome = 'abolish'")+`, `+sum("i.outcome = 'declare_expired'")+`
		FROM cleanup_items i JOIN units u ON u.id = i.unit_id`+w.sql()+` GROUP BY i.unit_id, u.name, u.sort_order
		ORDER BY u.sort_order, i.unit_id`, w.args...)
	if err != nil {
		return nil, UnitProgress{}, err
	}
	defer rows.Close()
	var out []UnitProgress
	tot := UnitProgress{UnitName: "合计"}
	late := c.State == normdoc.Open && c.Deadline.Before(today)
	for rows.Next() {
		var p UnitProgress
		if err := rows.Scan(&p.UnitID, &p.UnitName, &p.Total, &p.Awaiting, &p.Submitted, &p.Returned, &p.Approved,
			&p.Continue, &p.Amend, &p.Abolish, &p.Declare); err != nil {
			return nil, tot, err
		}
		p.Overdue = late && p.Open() > 0
		out = append(out, p)
		tot.Total += p.Total
		tot.Awaiting += p.Awaiting
		tot.Submitted += p.Submitted
		tot.Returned += p.Returned
		tot.Approved += p.Approved
		tot.Continue += p.Continue
		tot.Amend += p.Amend
		tot.Abolish += p.Abolish
		tot.Declare += p.Declare
		tot.Overdue = tot.Overdue || p.Overdue
	}
	return out, tot, rows.Err()
}

// CampaignItems lists, inside the bulk, every item of a campaign in order.
func (b *Bulk) CampaignItems(campaignID int64) ([]CleanupItem, error) {
	rows, err := b.w.q.QueryContext(b.w.ctx, `SELECT `+itemColumns+itemFrom+` WHERE i.campaign_id = $1 ORDER BY i.id`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CleanupItem
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Campaign returns, inside the bulk, one campaign.
func (b *Bulk) Campaign(id int64) (normdoc.Campaign, error) {
	return b.w.s.campaign(b.w.ctx, b.w.q, id)
}
