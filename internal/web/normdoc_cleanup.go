package web

// Cleanup campaigns (清理): the list, a new campaign's scope, and one
// campaign's dashboard — progress per unit with the overdue ones marked,
// the documents with the units' proposals and the office's review, the
// government's decision and the catalogs after it.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

func kindOptionsOf[T ~string](xs []struct {
	Value T
	Label string
}) []kindOption {
	out := make([]kindOption, len(xs))
	for i, x := range xs {
		out[i] = kindOption{string(x.Value), x.Label}
	}
	return out
}

func outcomeOptions() []kindOption {
	out := make([]kindOption, len(normdoc.Outcomes))
	for i, o := range normdoc.Outcomes {
		out[i] = kindOption{string(o.Value), o.Label}
	}
	return out
}

func reasonOptions() []kindOption {
	out := make([]kindOption, len(normdoc.Reasons))
	for i, r := range normdoc.Reasons {
		out[i] = kindOption{r.Value, r.Label}
	}
	return out
}

// deadlineRow is a campaign with its deadline badge.
type campaignRow struct {
	store.CampaignRow
	DaysLeft int
}

type cleanupListPage struct {
	basePage
	Campaigns []campaignRow
	Pager     pager
	CanCreate bool
	// LastFull and NextDue: the last comprehensive cleanup's decision and
	// the day the next is due by the cleanup interval rule.
	LastFull *calendar.Date
	NextDue  *calendar.Date
	Interval string
}

func (s *Server) handleCleanupList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	f := store.CampaignFilter{UnitIDs: a.Scope(), Page: pageOf(r)}
	rows, total, err := s.store.Campaigns(ctx, f)
	if err != nil {
		return err
	}
	today := s.today()
	p := &cleanupListPage{Pager: newPager(r, f.Page, total), CanCreate: a.SeesAll()}
	for _, c := range rows {
		p.Campaigns = append(p.Campaigns, campaignRow{CampaignRow: c, DaysLeft: daysBetween(today, c.Deadline)})
	}
	all, _, err := s.store.Campaigns(ctx, store.CampaignFilter{State: normdoc.Decided, Page: store.Page{Limit: 500}})
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Kind == normdoc.Comprehensive && c.DecidedOn != nil && (p.LastFull == nil || c.DecidedOn.After(*p.LastFull)) {
			p.LastFull = c.DecidedOn
		}
	}
	if rl, err := s.store.Rule(ctx, "normdoc.cleanup_interval", today); err == nil && p.LastFull != nil {
		if n, err := rl.Int(); err == nil {
			due := normdoc.AddMonths(*p.LastFull, 12*n)
			p.NextDue, p.Interval = &due, fmt.Sprintf("%s：每 %d 年清理一次", rl.Citation, n)
		}
	}
	s.render(w, r, "normdoc_cleanup_list", p)
	return nil
}

func daysBetween(from, to calendar.Date) int { return int(to.Time().Sub(from.Time()).Hours() / 24) }

// ---------- new campaign ----------

type cleanupFormPage struct {
	basePage
	Campaign     normdoc.Campaign
	Kinds        []kindOption
	Levels       []kindOption
	Reforms      []kindOption
	Units        []org.Unit
	Chosen       map[int64]bool
	ChosenLevels map[string]bool // the levels chosen
	formState
}

func (s *Server) cleanupForm(w http.ResponseWriter, r *http.Request, c normdoc.Campaign, ferr error) error {
	p := &cleanupFormPage{Campaign: c, Kinds: kindOptionsOf(normdoc.CampaignKinds), Levels: levelOptions(),
		Reforms: reformOptions(), Chosen: map[int64]bool{}, ChosenLevels: map[string]bool{}}
	for _, l := range c.Scope.Levels {
		p.ChosenLevels[string(l)] = true
	}
	for _, id := range c.Scope.UnitIDs {
		p.Chosen[id] = true
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Units, err = s.issuingUnits(r.Context()); err != nil {
		return err
	}
	s.render(w, r, "normdoc_cleanup_form", p)
	return nil
}

func (s *Server) handleCleanupNew(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	return s.cleanupForm(w, r, normdoc.Campaign{Kind: normdoc.Comprehensive, Scope: normdoc.Scope{AsOf: today},
		Deadline: today.AddDays(60)}, nil)
}

func campaignFromForm(r *http.Request) (normdoc.Campaign, error) {
	r.ParseForm()
	var f apperr.Fields
	c := normdoc.Campaign{Name: r.FormValue("name"), Kind: normdoc.CampaignKind(r.FormValue("kind")), Basis: r.FormValue("basis"),
		Note: r.FormValue("note"), Scope: normdoc.Scope{Query: r.FormValue("query"), ReformTags: r.Form["reform_tags"]}}
	for _, v := range r.Form["levels"] {
		c.Scope.Levels = append(c.Scope.Levels, normdoc.Level(v))
	}
	for _, v := range r.Form["unit_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			c.Scope.UnitIDs = append(c.Scope.UnitIDs, id)
		}
	}
	if d := formDate(r, "as_of", "清理基准日", &f); d != nil {
		c.Scope.AsOf = *d
	}
	if d := formDate(r, "deadline", "单位报送截止日", &f); d != nil {
		c.Deadline = *d
	}
	c.Scope.EffectiveTo = formDate(r, "effective_to", "施行日期截至", &f)
	return c, f.Err()
}

func (s *Server) handleCleanupCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := campaignFromForm(r)
	if err == nil {
		err = s.store.CreateCampaign(r.Context(), actorOf(r).Audit(), &c)
	}
	if err != nil {
		return s.cleanupForm(w, r, c, err)
	}
	flash(w, "已新建清理“"+c.Name+"”：请核对范围后启动")
	http.Redirect(w, r, fmt.Sprintf("/cleanups/%d", c.ID), http.StatusSeeOther)
	return nil
}

// ---------- one campaign ----------

type cleanupShowPage struct {
	basePage
	Campaign   normdoc.Campaign
	DaysLeft   int
	Progress   []store.UnitProgress
	Totals     store.UnitProgress
	Items      []store.CleanupItem
	Preview    []store.NormdocRow // a draft's scope
	ScopeN     int
	Filter     store.ItemFilter
	Units      []org.Unit
	States     []kindOption
	Outcomes   []kindOption
	Reasons    []kindOption
	Pager      pager
	CanManage  bool // the office: launch, review, decide
	CanPropose bool
	Published  []normdoc.Publication
	Input      proposalInput
	formState
}

// proposalInput keeps a failed proposal, review or decision form.
type proposalInput struct {
	Which          string
	Selected       map[int64]bool
	Outcome        string
	Reason         string
	Detail         string
	Clause         string
	Comment        string
	DecisionNumber string
	DecidedOn      string
}

// visibleCampaign loads the campaign of the path: every internal user
// may see a campaign; what a unit sees of it is its own documents.
func (s *Server) visibleCampaign(r *http.Request) (normdoc.Campaign, error) {
	id, err := pathID(r)
	if err != nil {
		return normdoc.Campaign{}, err
	}
	return s.store.Campaign(r.Context(), id)
}

func (s *Server) handleCleanupShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	return s.cleanupShow(w, r, c, proposalInput{DecidedOn: s.today().String()}, nil)
}

func (s *Server) cleanupShow(w http.ResponseWriter, r *http.Request, c normdoc.Campaign, in proposalInput, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	today := s.today()
	q := r.URL.Query()
	p := &cleanupShowPage{Campaign: c, DaysLeft: daysBetween(today, c.Deadline), CanManage: a.SeesAll(), Input: in,
		States: kindOptionsOf(normdoc.ItemStates), Outcomes: outcomeOptions(), Reasons: reasonOptions(),
		Filter: store.ItemFilter{CampaignID: c.ID, UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
			State: normdoc.ItemState(q.Get("state")), Outcome: normdoc.Outcome(q.Get("outcome")), Query: q.Get("q"), Page: pageOf(r)}}
	if p.Input.Selected == nil {
		p.Input.Selected = map[int64]bool{}
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if c.State == normdoc.Draft {
		if p.Preview, p.ScopeN, err = s.store.ScopeDocuments(ctx, c.Scope, pageOf(r)); err != nil {
			return err
		}
		p.Pager = newPager(r, pageOf(r), p.ScopeN)
		s.render(w, r, "normdoc_cleanup_show", p)
		return nil
	}
	if format := q.Get("format"); format != "" {
		return s.exportItems(w, r, c, p.Filter, format)
	}
	if p.Progress, p.Totals, err = s.store.CampaignProgress(ctx, c.ID, a.Scope(), today); err != nil {
		return err
	}
	var total int
	if p.Items, total, err = s.store.CleanupItems(ctx, p.Filter); err != nil {
		return err
	}
	p.Pager = newPager(r, p.Filter.Page, total)
	for _, it := range p.Items {
		if c.State == normdoc.Open && !a.SeesAll() && a.CanEditUnitRecords(it.UnitID) && it.State != normdoc.Approved {
			p.CanPropose = true
		}
	}
	for _, u := range p.Progress {
		p.Units = append(p.Units, org.Unit{ID: u.UnitID, Name: u.UnitName})
	}
	pubs, _, err := s.store.Publications(ctx, store.Page{Limit: 100})
	if err != nil {
		return err
	}
	for _, pub := range pubs {
		if pub.CampaignID == c.ID {
			p.Published = append(p.Published, pub)
		}
	}
	s.render(w, r, "normdoc_cleanup_show", p)
	return nil
}

func (s *Server) handleCleanupLaunch(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var f apperr.Fields
	on := formDay(r, "on", "启动日期", &f)
	n := 0
	if err = f.Err(); err == nil {
		n, err = s.store.LaunchCampaign(r.Context(), actorOf(r).Audit(), c.ID, int(formInt(r, "version")), on)
	}
	if err != nil {
		return s.cleanupShow(w, r, c, proposalInput{Which: "launch"}, err)
	}
	flash(w, fmt.Sprintf("已启动清理：%d 件文件已分派至各责任单位", n))
	http.Redirect(w, r, fmt.Sprintf("/cleanups/%d", c.ID), http.StatusSeeOther)
	return nil
}

// selectedItems reads the checked items ("id:version").
func selectedItems(r *http.Request) ([]store.ItemRef, map[int64]bool) {
	r.ParseForm()
	var refs []store.ItemRef
	chosen := map[int64]bool{}
	for _, v := range r.Form["item"] {
		idPart, verPart, _ := strings.Cut(v, ":")
		id, err1 := strconv.ParseInt(idPart, 10, 64)
		ver, err2 := strconv.Atoi(verPart)
		if err1 == nil && err2 == nil {
			refs = append(refs, store.ItemRef{ID: id, Version: ver})
			chosen[id] = true
		}
	}
	return refs, chosen
}

// checkItemUnits refuses items of units the actor may not act for.
func (s *Server) checkItemUnits(r *http.Request, refs []store.ItemRef) error {
	a := actorOf(r)
	for _, ref := range refs {
		it, err := s.store.CleanupItem(r.Context(), ref.ID)
		if err != nil {
			return err
		}
		if !a.CanViewUnitRecords(it.UnitID) {
			return apperr.New(apperr.NotFound, "清理事项不存在或您无权查看")
		}
		if !a.CanEditUnitRecords(it.UnitID) {
			return apperr.New(apperr.Forbidden, "《"+it.Title+"》由"+it.UnitName+"负责清理，您不能代为提出意见")
		}
	}
	return nil
}

func proposalOf(r *http.Request) normdoc.Proposal {
	return normdoc.Proposal{Outcome: normdoc.Outcome(r.FormValue("outcome")), Reason: r.FormValue("reason"),
		Detail: strings.TrimSpace(r.FormValue("detail")), Clause: strings.TrimSpace(r.FormValue("clause"))}
}

func (s *Server) handleCleanupPropose(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	refs, chosen := selectedItems(r)
	p := proposalOf(r)
	in := proposalInput{Which: "propose", Selected: chosen, Outcome: string(p.Outcome), Reason: p.Reason, Detail: p.Detail, Clause: p.Clause}
	if len(refs) == 0 {
		var f apperr.Fields
		f.Add("items", "清理事项", "请勾选要提出意见的文件")
		return s.cleanupShow(w, r, c, in, f.Err())
	}
	if err := s.checkItemUnits(r, refs); err != nil {
		return err
	}
	n, err := s.store.SubmitProposals(r.Context(), actorOf(r).Audit(), c.ID, refs, p, s.today())
	if err != nil {
		return s.cleanupShow(w, r, c, in, err)
	}
	flash(w, fmt.Sprintf("已对 %d 件文件提出“%s”意见，等待法制办审核", n, p.Outcome.Label()))
	http.Redirect(w, r, fmt.Sprintf("/cleanups/%d?%s", c.ID, r.URL.RawQuery), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCleanupReview(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	refs, chosen := selectedItems(r)
	approve := r.FormValue("decision") != "return"
	comment := strings.TrimSpace(r.FormValue("comment"))
	in := proposalInput{Which: "review", Selected: chosen, Comment: comment}
	n, err := s.store.ReviewItems(r.Context(), actorOf(r).Audit(), c.ID, refs, approve, comment, s.today())
	if err != nil {
		return s.cleanupShow(w, r, c, in, err)
	}
	verb := "审核通过"
	if !approve {
		verb = "退回"
	}
	flash(w, fmt.Sprintf("已%s %d 件文件的清理意见", verb, n))
	http.Redirect(w, r, fmt.Sprintf("/cleanups/%d?%s", c.ID, r.URL.RawQuery), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCleanupDecide(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var f apperr.Fields
	in := proposalInput{Which: "decide", DecisionNumber: strings.TrimSpace(r.FormValue("decision_number")), DecidedOn: r.FormValue("decided_on")}
	on := formDay(r, "decided_on", "决定日期", &f)
	if err = f.Err(); err == nil {
		c, err = s.store.DecideCampaign(r.Context(), actorOf(r).Audit(), c.ID, int(formInt(r, "version")), in.DecisionNumber, on, s.today())
	}
	if err != nil {
		if fresh, ferr := s.store.Campaign(r.Context(), c.ID); ferr == nil {
			c = fresh
		}
		return s.cleanupShow(w, r, c, in, err)
	}
	flash(w, "已登记政府决定 "+c.DecisionNumber+"：修改、废止和宣布失效已写入效力变化台账")
	http.Redirect(w, r, fmt.Sprintf("/cleanups/%d", c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) exportItems(w http.ResponseWriter, r *http.Request, c normdoc.Campaign, f store.ItemFilter, format string) error {
	items, err := store.Collect(func(p store.Page) ([]store.CleanupItem, int, error) {
		f.Page = p
		return s.store.CleanupItems(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		outcome := ""
		if it.Outcome != "" {
			outcome = it.Outcome.Label()
		}
		reason := ""
		if it.Reason != "" {
			reason = normdoc.ReasonLabel(it.Reason)
		}
		rows[i] = []string{it.Title, it.Number, it.RegNumber, it.Issuer, it.Level.Label(), it.UnitName, it.Basis.Label(), outcome,
			reason, it.Clause, it.Detail, it.State.Label(), it.ReviewComment, dateText(it.ProposedOn), dateText(it.ReviewedOn)}
	}
	return writeTable(w, format, c.Name, []string{"文件名称", "文号", "统一登记号", "制定机关", "制定主体", "责任单位", "分派依据",
		"清理意见", "理由", "相抵触的上位法条款", "具体说明", "状态", "审核意见", "提出日期", "审核日期"}, rows)
}
