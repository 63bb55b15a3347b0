package web

// Decisions reported to the city government for approval: the list, the
// draft for a case the approval catalogue covers, one request with its
// clocks and the acts of the unit and the legal affairs office.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

var approvalStates = []string{legalreview.ApprovalDraft, legalreview.OfficeReview, legalreview.GovernmentReview,
	legalreview.ApprovalReturned, legalreview.ApprovalGranted, legalreview.ApprovalRefused, legalreview.ApprovalWithdrawn}

// apRow is a request in a list with its running clock.
type apRow struct {
	legalreview.ApprovalRequest
	Clock *clock
}

type apListPage struct {
	basePage
	Rows   []apRow
	Filter store.ApprovalFilter
	State  string
	States []kindOption
	Units  []org.Unit
	Pager  pager
	CanNew bool
}

func approvalFilterOf(r *http.Request) (store.ApprovalFilter, error) {
	a := actorOf(r)
	f := store.ApprovalFilter{Query: r.URL.Query().Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Year: int(queryInt(r, "year")), Page: pageOf(r)}
	if st := r.URL.Query().Get("state"); slices.Contains(approvalStates, st) {
		f.States = []string{st}
	}
	return f, scopedUnit(a, f.UnitID)
}

func (s *Server) approvalRows(ctx context.Context, list []legalreview.ApprovalRequest, today calendar.Date) ([]apRow, error) {
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ItemID
	}
	timers, err := s.store.RunningTimers(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]apRow, len(list))
	for i, a := range list {
		out[i] = apRow{ApprovalRequest: a}
		if cs := clocksOf(timers[a.ItemID], legalreview.ApprovalFlow, today); len(cs) > 0 {
			out[i].Clock = &cs[0]
		}
	}
	return out, nil
}

func (s *Server) handleApprovalList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := approvalFilterOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportApprovals(w, r, f, format)
	}
	found, total, err := s.store.Approvals(ctx, f)
	if err != nil {
		return err
	}
	p := &apListPage{Filter: f, Pager: newPager(r, f.Page, total), CanNew: actorOf(r).Has(account.Clerk, account.Leader)}
	if len(f.States) == 1 {
		p.State = f.States[0]
	}
	for _, st := range approvalStates {
		p.States = append(p.States, kindOption{st, legalreview.ApprovalFlow.StateLabel(st)})
	}
	if p.Rows, err = s.approvalRows(ctx, found, s.today()); err != nil {
		return err
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	s.render(w, r, "lr_approval_list", p)
	return nil
}

func (s *Server) exportApprovals(w http.ResponseWriter, r *http.Request, f store.ApprovalFilter, format string) error {
	list, err := store.Collect(func(p store.Page) ([]legalreview.ApprovalRequest, int, error) {
		f.Page = p
		return s.store.Approvals(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(list))
	for i, a := range list {
		rows[i] = []string{a.Number, a.CaseNumber, a.CaseTitle, a.UnitName, a.StateLabel, a.DraftedOn.String(), dateText(a.SentOn),
			dateText(a.ForwardedOn), dateText(a.DecidedOn), a.GovernmentRef, a.Summary}
	}
	return writeTable(w, format, "重大执法决定报市政府批准", []string{"报批编号", "案件编号", "案件", "承办单位", "状态", "拟稿日期",
		"报送法制办", "报市政府", "市政府答复", "批复文号", "报批事项"}, rows)
}

// ---------- new ----------

type apNewPage struct {
	basePage
	Cases      []lrCase // without a case: the candidates
	Case       *lrCase
	DecisionOn string
	Summary    string
	formState
}

func (s *Server) handleApprovalNew(w http.ResponseWriter, r *http.Request) error {
	if id := queryInt(r, "case_id"); id != 0 {
		return s.approvalNew(w, r, id, s.today().String(), "", nil)
	}
	ctx := r.Context()
	a := actorOf(r)
	cases, _, err := s.store.Cases(ctx, store.CaseFilter{UnitIDs: a.Scope(), Procedure: enforcement.Ordinary,
		States: []string{enforcement.Investigated, enforcement.Notified, enforcement.Hearing, enforcement.Heard}, Sort: "oldest",
		Page: store.Page{Limit: 200}})
	if err != nil {
		return err
	}
	p := &apNewPage{}
	for _, c := range cases {
		lc, err := s.lrCaseOf(ctx, c, s.today())
		if err != nil {
			return err
		}
		if lc.Requirement.ApprovalRequired() {
			p.Cases = append(p.Cases, lc)
		}
	}
	s.render(w, r, "lr_approval_new", p)
	return nil
}

func (s *Server) approvalNew(w http.ResponseWriter, r *http.Request, caseID int64, decision, summary string, ferr error) error {
	ctx := r.Context()
	c, err := s.visibleCase(ctx, actorOf(r), caseID)
	if err != nil {
		return err
	}
	p := &apNewPage{DecisionOn: decision, Summary: summary}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	on, perr := calendar.ParseDate(decision)
	if perr != nil {
		on = s.today()
	}
	lc, err := s.lrCaseOf(ctx, c, on)
	if err != nil {
		return err
	}
	p.Case = &lc
	s.render(w, r, "lr_approval_new", p)
	return nil
}

func (s *Server) handleApprovalCreate(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	in := store.ApprovalInput{CaseID: formInt(r, "case_id"), Summary: r.FormValue("summary"), On: s.today(),
		DecisionOn: formDay(r, "decision_on", "拟作出决定日期", &f)}
	if in.CaseID == 0 {
		f.Add("case_id", "案件", "请选择案件")
		return f.Err()
	}
	err := f.Err()
	var a legalreview.ApprovalRequest
	if err == nil {
		a, err = s.store.DraftApproval(r.Context(), actorOf(r), in)
	}
	if err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.Conflict {
			return err
		}
		return s.approvalNew(w, r, in.CaseID, r.FormValue("decision_on"), in.Summary, err)
	}
	flash(w, "已拟稿报批 "+a.Number+"，请报送法制办")
	http.Redirect(w, r, fmt.Sprintf("/approvals/%d", a.ID), http.StatusSeeOther)
	return nil
}

// ---------- one request ----------

func (s *Server) visibleApproval(r *http.Request) (legalreview.ApprovalRequest, error) {
	id, err := pathID(r)
	if err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	a, err := s.store.Approval(r.Context(), id)
	if err != nil || !actorOf(r).CanViewUnitRecords(a.UnitID) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.NotFound, "报批记录不存在或您无权查看")
	}
	return a, nil
}

type apShowPage struct {
	basePage
	A       legalreview.ApprovalRequest
	Clocks  []clock
	Actions []kindOption // the acts the viewer may do now
	History []historyEntry
	Review  *legalreview.Submission
	Form    lrForm
	Ref     string
	formState
}

func (s *Server) handleApprovalShow(w http.ResponseWriter, r *http.Request) error {
	a, err := s.visibleApproval(r)
	if err != nil {
		return err
	}
	return s.approvalShow(w, r, a, lrForm{On: s.today().String()}, "", nil)
}

func (s *Server) approvalShow(w http.ResponseWriter, r *http.Request, a legalreview.ApprovalRequest, form lrForm, ref string, ferr error) error {
	ctx := r.Context()
	p := &apShowPage{A: a, Form: form, Ref: ref}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	timers, err := s.store.RunningTimers(ctx, []int64{a.ItemID})
	if err != nil {
		return err
	}
	p.Clocks = clocksOf(timers[a.ItemID], legalreview.ApprovalFlow, s.today())
	it, err := s.store.Item(ctx, legalreview.ApprovalKind, a.ID)
	if err != nil {
		return err
	}
	for _, t := range legalreview.ApprovalFlow.Available(it, actorOf(r)) {
		p.Actions = append(p.Actions, kindOption{t.Name, t.Label})
	}
	if reviews, err := s.store.CaseReviews(ctx, a.CaseID); err == nil && len(reviews) > 0 {
		p.Review = &reviews[0]
	}
	if p.History, err = s.history(r, legalreview.ApprovalKind, a.ID, nil); err != nil {
		return err
	}
	s.render(w, r, "lr_approval_show", p)
	return nil
}

func (s *Server) handleApprovalAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := lrForm{Action: r.FormValue("action"), On: r.FormValue("on"), Reason: strings.TrimSpace(r.FormValue("reason"))}
	ref := r.FormValue("government_ref")
	var f apperr.Fields
	in := store.ApprovalActInput{Action: form.Action, Version: int(formInt(r, "version")), Reason: form.Reason, GovernmentRef: ref,
		On: formDay(r, "on", "日期", &f)}
	err = f.Err()
	var a legalreview.ApprovalRequest
	if err == nil {
		a, err = s.store.ActOnApproval(r.Context(), actorOf(r), id, in)
	}
	if err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.Conflict {
			return err
		}
		cur, verr := s.visibleApproval(r)
		if verr != nil {
			return verr
		}
		return s.approvalShow(w, r, cur, form, ref, err)
	}
	label := form.Action
	if t, ok := legalreview.ApprovalFlow.Transition(form.Action); ok {
		label = t.Label
	}
	flash(w, "已办理："+label)
	http.Redirect(w, r, fmt.Sprintf("/approvals/%d", a.ID), http.StatusSeeOther)
	return nil
}
