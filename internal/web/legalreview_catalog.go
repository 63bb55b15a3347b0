package web

// Review catalogues (重大执法决定法制审核目录) and the catalogue of decisions
// reported to the city government: the public list and versions on the
// portal, the drafts and their publication for the units and the legal
// affairs office, and the JSON API.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// canEditCatalog: a unit's review catalogue is kept by its clerk and the
// legal affairs office; the approval catalogue (what the city government
// approves) by the office alone.
func canEditCatalog(a account.Actor, unitID int64, p legalreview.Purpose) bool {
	if p == legalreview.Approval {
		return a.SeesAll()
	}
	return a.CanEditUnitRecords(unitID)
}

// draftUnits are the units whose drafts the actor sees: all for the
// office, the own unit for its staff, none for the public and partners.
func draftUnits(a account.Actor) []int64 {
	if a.SeesAll() {
		return nil
	}
	if a.Internal() {
		return []int64{a.UnitID}
	}
	return []int64{}
}

// visibleCatalog loads the catalogue of the path: published versions for
// everyone, drafts for their unit and the office.
func (s *Server) visibleCatalog(r *http.Request) (legalreview.Catalog, error) {
	id, err := pathID(r)
	if err != nil {
		return legalreview.Catalog{}, err
	}
	c, err := s.store.Catalog(r.Context(), id)
	if err != nil {
		return c, err
	}
	a := actorOf(r)
	if !c.Published && !(a.Internal() && a.CanViewUnitRecords(c.UnitID)) {
		return legalreview.Catalog{}, apperr.New(apperr.NotFound, "目录不存在或尚未公布")
	}
	return c, nil
}

// catalogRow is a version with where it stands today.
type catalogRow struct {
	legalreview.Catalog
	Standing string // 现行有效 / 已被替代 / 尚未施行 / 草稿
	Class    string
	CanEdit  bool
}

func catalogRows(a account.Actor, cs []legalreview.Catalog, inForce map[string]int64, today calendar.Date) []catalogRow {
	out := make([]catalogRow, len(cs))
	for i, c := range cs {
		row := catalogRow{Catalog: c, CanEdit: canEditCatalog(a, c.UnitID, c.Purpose)}
		switch {
		case !c.Published:
			row.Standing, row.Class = "草稿（未公布）", "badge"
		case inForce[catalogKey(c)] == c.ID:
			row.Standing, row.Class = "现行有效", "badge badge-green"
		case c.EffectiveFrom.After(today):
			row.Standing, row.Class = "尚未施行", "badge badge-blue"
		default:
			row.Standing, row.Class = "已被新版本替代", "badge badge-yellow"
		}
		out[i] = row
	}
	return out
}

func catalogKey(c legalreview.Catalog) string { return fmt.Sprintf("%d/%s", c.UnitID, c.Purpose) }

// inForceIDs maps each unit and purpose of cs to the version in force on d.
func inForceIDs(cs []legalreview.Catalog, d calendar.Date) map[string]int64 {
	groups := map[string][]legalreview.Catalog{}
	for _, c := range cs {
		if c.Published {
			groups[catalogKey(c)] = append(groups[catalogKey(c)], c)
		}
	}
	out := map[string]int64{}
	for k, vs := range groups {
		if c := legalreview.InForce(vs, d); c != nil {
			out[k] = c.ID
		}
	}
	return out
}

// ---------- list ----------

type reviewCatalogListPage struct {
	basePage
	Rows     []catalogRow
	Units    []org.Unit
	UnitID   int64
	Purpose  string
	Current  bool // only the versions in force today
	Pager    pager
	CanAdd   bool
	Purposes []kindOption
}

func purposeOptions() []kindOption {
	return []kindOption{{string(legalreview.Review), legalreview.Review.Label()}, {string(legalreview.Approval), legalreview.Approval.Label()}}
}

func (s *Server) catalogFilterOf(r *http.Request) store.CatalogFilter {
	f := store.CatalogFilter{UnitID: queryInt(r, "unit_id"), DraftUnits: draftUnits(actorOf(r)), Page: pageOf(r)}
	if p := legalreview.Purpose(r.URL.Query().Get("purpose")); p == legalreview.Review || p == legalreview.Approval {
		f.Purpose = p
	}
	return f
}

func (s *Server) handleReviewCatalogList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	f := s.catalogFilterOf(r)
	current := r.URL.Query().Get("current") == "1"
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportCatalogs(w, r, f, current, format)
	}
	rows, total, err := s.catalogRowsOf(r, f, current)
	if err != nil {
		return err
	}
	units, _, err := s.store.Units(ctx, store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 500}})
	if err != nil {
		return err
	}
	p := &reviewCatalogListPage{Rows: rows, Units: units, UnitID: f.UnitID, Purpose: string(f.Purpose), Current: current,
		Pager: newPager(r, f.Page, total), CanAdd: a.SeesAll() || a.Has(account.Clerk), Purposes: purposeOptions()}
	s.render(w, r, "lr_catalog_list", p)
	return nil
}

// catalogRowsOf lists the versions of f; current keeps those in force
// today (the whole set is small: a few versions per unit).
func (s *Server) catalogRowsOf(r *http.Request, f store.CatalogFilter, current bool) ([]catalogRow, int, error) {
	ctx := r.Context()
	today := s.today()
	all := f
	all.Page = store.Page{Limit: 500}
	cs, total, err := s.store.Catalogs(ctx, all)
	if err != nil {
		return nil, 0, err
	}
	rows := catalogRows(actorOf(r), cs, inForceIDs(cs, today), today)
	if current {
		kept := rows[:0]
		for _, row := range rows {
			if row.Standing == "现行有效" {
				kept = append(kept, row)
			}
		}
		rows, total = kept, len(kept)
	}
	p := f.Page.Norm()
	end := min(p.Offset+p.Limit, len(rows))
	if p.Offset >= len(rows) {
		return nil, total, nil
	}
	return rows[p.Offset:end], total, nil
}

func (s *Server) exportCatalogs(w http.ResponseWriter, r *http.Request, f store.CatalogFilter, current bool, format string) error {
	f.Page = store.Page{Limit: 500}
	rows, _, err := s.catalogRowsOf(r, f, current)
	if err != nil {
		return err
	}
	var out [][]string
	for _, c := range rows {
		published := ""
		if c.PublishedOn != nil {
			published = c.PublishedOn.String()
		}
		for i, rl := range c.Rules {
			out = append(out, []string{c.UnitName, c.Purpose.Label(), strconv.Itoa(c.Version), c.Standing, c.EffectiveFrom.String(),
				published, c.Basis, strconv.Itoa(i + 1), rl.Describe(), rl.Note})
		}
	}
	return writeTable(w, format, "重大执法决定法制审核目录", []string{"单位", "目录", "版本", "状态", "施行日期", "公布日期", "制定依据",
		"序号", "审核情形", "说明"}, out)
}

// ---------- one version ----------

type reviewCatalogShowPage struct {
	basePage
	Catalog   catalogRow
	Versions  []catalogRow // the unit's other versions of the same catalogue
	History   []historyEntry
	CanEdit   bool
	PublishOn string
	formState
}

func (s *Server) handleReviewCatalogShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCatalog(r)
	if err != nil {
		return err
	}
	return s.catalogShow(w, r, c, s.today().String(), nil)
}

func (s *Server) catalogShow(w http.ResponseWriter, r *http.Request, c legalreview.Catalog, publishOn string, ferr error) error {
	a := actorOf(r)
	today := s.today()
	p := &reviewCatalogShowPage{CanEdit: canEditCatalog(a, c.UnitID, c.Purpose), PublishOn: publishOn}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	versions, _, err := s.store.Catalogs(r.Context(), store.CatalogFilter{UnitID: c.UnitID, Purpose: c.Purpose,
		DraftUnits: draftUnits(a), Page: store.Page{Limit: 100}})
	if err != nil {
		return err
	}
	rows := catalogRows(a, versions, inForceIDs(versions, today), today)
	for _, row := range rows {
		if row.ID == c.ID {
			p.Catalog = row
		} else {
			p.Versions = append(p.Versions, row)
		}
	}
	if p.Catalog.ID == 0 {
		p.Catalog = catalogRows(a, []legalreview.Catalog{c}, nil, today)[0]
	}
	if a.Internal() {
		if p.History, err = s.history(r, legalreview.CatalogKind, c.ID, nil); err != nil {
			return err
		}
	}
	s.render(w, r, "lr_catalog_show", p)
	return nil
}

func (s *Server) handleReviewCatalogPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var f apperr.Fields
	on := formDate(r, "on", "公布日期", &f)
	if on == nil && !f.Has("on") {
		f.Add("on", "公布日期", "必填项为空")
	}
	rev := int(formInt(r, "rev"))
	if rev == 0 {
		f.Add("rev", "版本", "缺少版本号，请刷新页面后重试")
	}
	c, err := s.visibleCatalog(r)
	if err != nil {
		return err
	}
	if ferr := f.Err(); ferr != nil {
		return s.catalogShow(w, r, c, r.FormValue("on"), ferr)
	}
	if !canEditCatalog(actorOf(r), c.UnitID, c.Purpose) {
		return s.catalogShow(w, r, c, r.FormValue("on"), apperr.New(apperr.Invalid, "报请市政府批准的目录由法制办公布；审核目录由本单位或法制办公布"))
	}
	if _, err := s.store.PublishCatalog(r.Context(), actorOf(r).Audit(), id, rev, *on); err != nil {
		return s.catalogShow(w, r, c, r.FormValue("on"), err)
	}
	flash(w, fmt.Sprintf("已公布%s第 %d 版，自 %s 起施行", c.Purpose.Label(), c.Version, c.EffectiveFrom))
	http.Redirect(w, r, fmt.Sprintf("/review-catalogs/%d", id), http.StatusSeeOther)
	return nil
}

// ---------- form ----------

// catalogRuleRow is one line of the catalogue form.
type catalogRuleRow struct {
	Index     int
	Kind      string
	PartyType string
	Amount    string
	Note      string
}

type catalogFormPage struct {
	basePage
	Catalog   legalreview.Catalog
	Effective string
	Rows      []catalogRuleRow
	Units     []org.Unit
	Purposes  []kindOption
	Kinds     []kindOption
	Parties   []kindOption
	Reason    string
	formState
}

// blankRules is how many empty lines the form offers beyond the rules.
const blankRules = 4

func catalogRuleRows(rules []legalreview.Rule) []catalogRuleRow {
	out := make([]catalogRuleRow, 0, len(rules)+blankRules)
	for i, rl := range rules {
		row := catalogRuleRow{Index: i, Kind: string(rl.Kind), PartyType: rl.PartyType, Note: rl.Note}
		if rl.Amount != 0 {
			row.Amount = strconv.FormatInt(rl.Amount, 10)
		}
		out = append(out, row)
	}
	for i := len(rules); i < len(rules)+blankRules; i++ {
		out = append(out, catalogRuleRow{Index: i})
	}
	return out
}

func kindOptions7() []kindOption {
	var out []kindOption
	for _, k := range legalreview.Kinds() {
		out = append(out, kindOption{string(k), k.Label()})
	}
	return out
}

func reviewPartyOptions() []kindOption {
	return []kindOption{{legalreview.AnyParty, "不限"}, {legalreview.Person, "公民"}, {legalreview.Org, "法人或者其他组织"}}
}

func (s *Server) catalogForm(w http.ResponseWriter, r *http.Request, c legalreview.Catalog, rows []catalogRuleRow, effective, reason string, ferr error) error {
	a := actorOf(r)
	p := &catalogFormPage{Catalog: c, Effective: effective, Rows: rows, Kinds: kindOptions7(), Parties: reviewPartyOptions(), Reason: reason}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	p.Purposes = purposeOptions()
	if !a.SeesAll() {
		p.Purposes = p.Purposes[:1]
	}
	var err error
	if p.Units, err = s.editableUnits(r); err != nil {
		return err
	}
	s.render(w, r, "lr_catalog_form", p)
	return nil
}

func (s *Server) handleCatalogNew(w http.ResponseWriter, r *http.Request) error {
	c := legalreview.Catalog{UnitID: queryInt(r, "unit_id"), Purpose: legalreview.Review}
	if from := queryInt(r, "from"); from != 0 {
		prev, err := s.store.Catalog(r.Context(), from)
		if err != nil || !actorOf(r).CanViewUnitRecords(prev.UnitID) {
			return apperr.New(apperr.NotFound, "目录不存在或您无权查看")
		}
		c.UnitID, c.Purpose, c.Basis, c.Rules = prev.UnitID, prev.Purpose, "", prev.Rules
	}
	if c.UnitID == 0 && !actorOf(r).SeesAll() {
		c.UnitID = actorOf(r).UnitID
	}
	return s.catalogForm(w, r, c, catalogRuleRows(c.Rules), "", "", nil)
}

// catalogFromForm reads the form; rows whose kind is blank are ignored.
func catalogFromForm(r *http.Request) (legalreview.Catalog, []catalogRuleRow, error) {
	var f apperr.Fields
	c := legalreview.Catalog{UnitID: formInt(r, "unit_id"), Purpose: legalreview.Purpose(r.FormValue("purpose")),
		Basis: strings.TrimSpace(r.FormValue("basis")), Rev: int(formInt(r, "rev"))}
	if d := formDate(r, "effective_from", "施行日期", &f); d != nil {
		c.EffectiveFrom = *d
	}
	var rows []catalogRuleRow
	for i := 0; i < 60; i++ {
		k := r.FormValue(fmt.Sprintf("kind_%d", i))
		row := catalogRuleRow{Index: i, Kind: k, PartyType: r.FormValue(fmt.Sprintf("party_%d", i)),
			Amount: strings.TrimSpace(r.FormValue(fmt.Sprintf("amount_%d", i))), Note: strings.TrimSpace(r.FormValue(fmt.Sprintf("note_%d", i)))}
		if k == "" && row.Amount == "" && row.Note == "" {
			if r.Form != nil && !r.Form.Has(fmt.Sprintf("kind_%d", i)) {
				break
			}
			continue
		}
		rows = append(rows, row)
		rl := legalreview.Rule{Kind: legalreview.Kind(k), PartyType: row.PartyType, Note: row.Note}
		if row.Amount != "" {
			n, err := strconv.ParseInt(strings.ReplaceAll(row.Amount, ",", ""), 10, 64)
			if err != nil {
				f.Add(fmt.Sprintf("rules[%d]", len(c.Rules)), "审核情形", fmt.Sprintf("第 %d 行：金额应为整数（元）", len(rows)))
			}
			rl.Amount = n
		}
		c.Rules = append(c.Rules, rl)
	}
	for i := range rows {
		rows[i].Index = i
	}
	for i, n := len(rows), len(rows); i < n+blankRules; i++ {
		rows = append(rows, catalogRuleRow{Index: i})
	}
	return c, rows, f.Err()
}

func (s *Server) handleCatalogCreate(w http.ResponseWriter, r *http.Request) error {
	c, rows, err := catalogFromForm(r)
	a := actorOf(r)
	if err == nil && c.UnitID != 0 && !canEditCatalog(a, c.UnitID, c.Purpose) {
		var f apperr.Fields
		f.Add("unit_id", "单位", "您不能为该单位制定此类目录")
		err = f.Err()
	}
	if err == nil {
		err = s.store.CreateCatalog(r.Context(), a.Audit(), &c)
	}
	if err != nil {
		return s.catalogForm(w, r, c, rows, r.FormValue("effective_from"), "", err)
	}
	flash(w, fmt.Sprintf("已保存%s第 %d 版草稿；核对后请公布", c.Purpose.Label(), c.Version))
	http.Redirect(w, r, fmt.Sprintf("/review-catalogs/%d", c.ID), http.StatusSeeOther)
	return nil
}

// editableCatalog loads a draft the actor may change.
func (s *Server) editableCatalog(r *http.Request) (legalreview.Catalog, error) {
	c, err := s.visibleCatalog(r)
	if err != nil {
		return c, err
	}
	if !canEditCatalog(actorOf(r), c.UnitID, c.Purpose) {
		return c, apperr.New(apperr.NotFound, "目录不存在或您无权修改")
	}
	return c, nil
}

func (s *Server) handleCatalogEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editableCatalog(r)
	if err != nil {
		return err
	}
	return s.catalogForm(w, r, c, catalogRuleRows(c.Rules), c.EffectiveFrom.String(), "", nil)
}

func (s *Server) handleCatalogUpdate(w http.ResponseWriter, r *http.Request) error {
	before, err := s.editableCatalog(r)
	if err != nil {
		return err
	}
	c, rows, err := catalogFromForm(r)
	c.ID, c.UnitID, c.Purpose, c.Version = before.ID, before.UnitID, before.Purpose, before.Version
	reason := strings.TrimSpace(r.FormValue("reason"))
	if err == nil {
		err = s.store.UpdateCatalog(r.Context(), actorOf(r).Audit(), &c, reason)
	}
	if err != nil {
		return s.catalogForm(w, r, c, rows, r.FormValue("effective_from"), reason, err)
	}
	flash(w, fmt.Sprintf("已修改%s第 %d 版草稿", c.Purpose.Label(), c.Version))
	http.Redirect(w, r, fmt.Sprintf("/review-catalogs/%d", c.ID), http.StatusSeeOther)
	return nil
}

// ---------- API ----------

func (s *Server) apiReviewCatalogList(w http.ResponseWriter, r *http.Request) error {
	f := s.catalogFilterOf(r)
	rows, total, err := s.catalogRowsOf(r, f, r.URL.Query().Get("current") == "1")
	if err != nil {
		return err
	}
	out := make([]catalogJSON, len(rows))
	for i, c := range rows {
		out[i] = catalogJSON{Catalog: c.Catalog, Standing: c.Standing}
	}
	return writeJSON(w, http.StatusOK, list[catalogJSON]{out, total, f.Page.Norm().Limit, f.Page.Norm().Offset})
}

// catalogJSON is a version with where it stands today.
type catalogJSON struct {
	legalreview.Catalog
	Standing string `json:"standing"`
}

func (s *Server) apiReviewCatalogShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCatalog(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// reviewCatalogInput is what the API accepts for a draft.
type reviewCatalogInput struct {
	UnitID        int64               `json:"unit_id"`
	Purpose       legalreview.Purpose `json:"purpose"`
	EffectiveFrom calendar.Date       `json:"effective_from"`
	Basis         string              `json:"basis"`
	Rules         []legalreview.Rule  `json:"rules"`
	Rev           int                 `json:"rev"`
	Reason        string              `json:"reason"`
}

func (s *Server) apiCatalogCreate(w http.ResponseWriter, r *http.Request) error {
	var in reviewCatalogInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	c := legalreview.Catalog{UnitID: in.UnitID, Purpose: in.Purpose, EffectiveFrom: in.EffectiveFrom, Basis: in.Basis, Rules: in.Rules}
	if c.UnitID != 0 && !canEditCatalog(a, c.UnitID, c.Purpose) {
		var f apperr.Fields
		f.Add("unit_id", "单位", "您不能为该单位制定此类目录")
		return f.Err()
	}
	if err := s.store.CreateCatalog(r.Context(), a.Audit(), &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiCatalogUpdate(w http.ResponseWriter, r *http.Request) error {
	before, err := s.editableCatalog(r)
	if err != nil {
		return err
	}
	var in reviewCatalogInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c := legalreview.Catalog{ID: before.ID, UnitID: before.UnitID, Purpose: before.Purpose, Version: before.Version,
		EffectiveFrom: in.EffectiveFrom, Basis: in.Basis, Rules: in.Rules, Rev: in.Rev}
	if err := s.store.UpdateCatalog(r.Context(), actorOf(r).Audit(), &c, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiReviewCatalogPublish(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Rev int           `json:"rev"`
		On  calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Rev == 0 {
		var f apperr.Fields
		f.Add("rev", "版本", "缺少版本号")
		return f.Err()
	}
	c, err := s.editableCatalog(r)
	if err != nil {
		return err
	}
	c, err = s.store.PublishCatalog(r.Context(), actorOf(r).Audit(), c.ID, in.Rev, in.On)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
