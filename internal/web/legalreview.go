package web

// The legal review pages (seed measure 8): the list of reviews, the cases
// waiting to be submitted with what the catalogue says of each, the
// submission form with its package, one review with its rounds, clocks
// and the viewer's acts, the downloads of the package, and the opinion
// document. The API is in legalreview_api.go.

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// lrFieldLabels name the review's fields on its history.
var lrFieldLabels = map[string]string{
	"case_id": "案件", "case_number": "案件编号", "case_title": "案件", "number": "审核编号", "reasons": "审核情形",
	"catalog_id": "审核目录", "catalog_version": "目录版本", "decision_on": "拟作出决定日期", "submitted_on": "提交日期",
	"submitter": "提交人", "round": "轮次", "reviewer_id": "审核人员", "reviewer_name": "审核人员", "reviewer_unit_id": "审核人员单位",
	"reviewer_unit": "审核人员单位", "invited": "跨部门协同审核", "invite_reason": "邀请理由", "assigned_on": "分配日期",
	"round_on": "本轮起算日", "passed_on": "审核通过日期", "closed_on": "办结日期", "discussion": "集体讨论结论",
	"state_label": "流程状态", "item_version": "流程版本", "purpose": "目录类型", "basis": "制定依据", "rules": "审核情形",
	"published": "已公布", "published_on": "公布日期", "rev": "版本", "version": "版本", "since": "起始日期", "active": "在册",
	"prior_reviews": "此前审核件数", "legal_qualification": "法律职业资格", "major_public_interest": "涉及重大公共利益",
	"complex": "疑难复杂", "referred": "负责人提交审核", "summary": "报批事项", "drafted_on": "拟稿日期", "sent_on": "报送日期",
	"forwarded_on": "报市政府日期", "office_opinion": "法制办审查意见", "government_ref": "市政府批复文号",
}

func init() {
	for k, v := range lrFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
	for k, v := range map[string]string{"publish": "公布", "assign": "分配审核人员", "opinion": "出具审核意见",
		"resubmit": "补正后重新提交", "extend": "延长审核期限", "discuss": "提请集体讨论", "discussion_pass": "集体讨论决定通过",
		"discussion_return": "集体讨论决定补正", "withdraw": "撤回", "send": "报送法制办", "forward": "报市政府",
		"office_return": "法制办退回", "approve": "登记市政府批准", "refuse": "登记市政府不予批准",
		"legal_review_passed": "法制审核通过"} {
		if _, ok := certActions[k]; !ok {
			certActions[k] = v
		}
	}
}

// reviewStates are the states of the list's tabs, in order.
var reviewStates = []string{legalreview.Submitted, legalreview.InReview, legalreview.Returned, legalreview.Discussion,
	legalreview.Passed, legalreview.Withdrawn}

// lrRow is a review in a list with its running clock.
type lrRow struct {
	legalreview.Submission
	Clock *clock
}

func (s *Server) reviewRows(ctx context.Context, rs []legalreview.Submission, today calendar.Date) ([]lrRow, error) {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ItemID
	}
	timers, err := s.store.RunningTimers(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]lrRow, len(rs))
	for i, r := range rs {
		out[i] = lrRow{Submission: r}
		if cs := clocksOf(timers[r.ItemID], legalreview.Flow, today); len(cs) > 0 {
			out[i].Clock = &cs[0]
		}
	}
	return out, nil
}

// stateClass is the badge colour of a review or approval state.
func stateClass(state string) string {
	switch state {
	case legalreview.Passed, legalreview.ApprovalGranted:
		return "badge badge-green"
	case legalreview.Returned, legalreview.Discussion:
		return "badge badge-yellow"
	case legalreview.ApprovalRefused:
		return "badge badge-red"
	case legalreview.Withdrawn:
		return "badge"
	}
	return "badge badge-blue"
}

// ---------- list ----------

type lrListPage struct {
	basePage
	Rows   []lrRow
	Filter store.LegalReviewFilter
	State  string
	Tabs   []statusCount
	Units  []org.Unit
	Years  []int
	Sorts  []kindOption
	Pager  pager
	CanNew bool
}

func (s *Server) legalReviewFilterOf(r *http.Request, today calendar.Date) (store.LegalReviewFilter, error) {
	q := r.URL.Query()
	a := actorOf(r)
	person, err := s.store.ActorPerson(r.Context(), a)
	if err != nil {
		return store.LegalReviewFilter{}, err
	}
	f := store.LegalReviewFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(), PersonID: person,
		Year: int(queryInt(r, "year")), Invited: q.Get("invited") == "1", Overdue: q.Get("overdue") == "1", Today: today,
		Sort: q.Get("sort"), Page: pageOf(r)}
	if q.Get("mine") == "1" {
		f.ReviewerID = person
		if person == 0 {
			f.ReviewerID = -1
		}
	}
	if st := q.Get("state"); slices.Contains(reviewStates, st) {
		f.States = []string{st}
	}
	if !slices.Contains(store.LegalReviewSortKeys(), f.Sort) {
		f.Sort = ""
	}
	return f, scopedUnit(a, f.UnitID)
}

func (s *Server) handleLRList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.today()
	f, err := s.legalReviewFilterOf(r, today)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportLegalReviews(w, r, f, format)
	}
	found, total, err := s.store.LegalReviews(ctx, f)
	if err != nil {
		return err
	}
	p := &lrListPage{Filter: f, Pager: newPager(r, f.Page, total), Years: years(today),
		CanNew: actorOf(r).Has(account.Clerk, account.Officer, account.Leader)}
	if len(f.States) == 1 {
		p.State = f.States[0]
	}
	if p.Rows, err = s.reviewRows(ctx, found, today); err != nil {
		return err
	}
	counts, err := s.store.LegalReviewStateCounts(ctx, f)
	if err != nil {
		return err
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	p.Tabs = append(p.Tabs, statusCount{"全部", "", all, p.State == ""})
	for _, st := range reviewStates {
		p.Tabs = append(p.Tabs, statusCount{legalreview.Flow.StateLabel(st), st, counts[st], p.State == st})
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	p.Sorts = []kindOption{{"", "提交日期（新的在前）"}, {"oldest", "提交日期（早的在前）"}, {"deadline", "审核期限（近的在前）"},
		{"round", "轮次（多的在前）"}, {"unit", "单位"}}
	s.render(w, r, "lr_list", p)
	return nil
}

func (s *Server) exportLegalReviews(w http.ResponseWriter, r *http.Request, f store.LegalReviewFilter, format string) error {
	list, err := store.Collect(func(p store.Page) ([]legalreview.Submission, int, error) {
		f.Page = p
		return s.store.LegalReviews(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(list))
	for i, x := range list {
		rows[i] = []string{x.Number, x.CaseNumber, x.CaseTitle, x.UnitName, x.StateLabel, strconv.Itoa(x.Round), x.ReviewerName,
			x.ReviewerUnit, yesNo(x.Invited), x.SubmittedOn.String(), dateText(x.AssignedOn), dateText(x.PassedOn), strings.Join(x.Reasons, "；")}
	}
	return writeTable(w, format, "重大执法决定法制审核", []string{"审核编号", "案件编号", "案件", "承办单位", "状态", "轮次", "审核人员",
		"审核人员单位", "跨部门协同审核", "提交日期", "分配日期", "通过日期", "审核情形"}, rows)
}

// ---------- cases waiting and the submission form ----------

// lrCase is a case with what the catalogue in force says of it.
type lrCase struct {
	enforcement.Case
	Requirement store.Requirement
	Reviews     []legalreview.Submission
}

// Open is the case's review in progress or passed, if any.
func (c lrCase) Open() *legalreview.Submission {
	for i := range c.Reviews {
		if c.Reviews[i].State != legalreview.Withdrawn {
			return &c.Reviews[i]
		}
	}
	return nil
}

type lrNewPage struct {
	basePage
	// Without a case: the cases of the viewer's units between
	// investigation and decision.
	Cases []lrCase
	Pager pager
	// With a case: the case, what its catalogue requires on DecisionOn,
	// the materials required and the forms.
	Case       *lrCase
	DecisionOn string
	Required   []legalreview.Material
	Materials  []kindOption
	Flags      legalreview.CaseFlags
	CanSubmit  bool
	CanFlag    bool
	formState
}

func materialOptions() []kindOption {
	var out []kindOption
	for _, m := range legalreview.Materials() {
		out = append(out, kindOption{string(m), m.Label()})
	}
	return out
}

// IsRequired reports whether a material kind is required for the case.
func (p *lrNewPage) IsRequired(kind string) bool {
	return slices.Contains(p.Required, legalreview.Material(kind))
}

func (s *Server) handleLRNew(w http.ResponseWriter, r *http.Request) error {
	if id := queryInt(r, "case_id"); id != 0 {
		decision := r.URL.Query().Get("decision_on")
		if decision == "" {
			decision = s.today().String()
		}
		return s.lrNewForCase(w, r, id, decision, nil)
	}
	ctx := r.Context()
	a := actorOf(r)
	f := store.CaseFilter{UnitIDs: a.Scope(), UnitID: queryInt(r, "unit_id"), Procedure: enforcement.Ordinary,
		States: []string{enforcement.Investigated, enforcement.Notified, enforcement.Hearing, enforcement.Heard}, Sort: "oldest", Page: pageOf(r)}
	if err := scopedUnit(a, f.UnitID); err != nil {
		return err
	}
	cases, total, err := s.store.Cases(ctx, f)
	if err != nil {
		return err
	}
	p := &lrNewPage{Pager: newPager(r, f.Page, total)}
	for _, c := range cases {
		lc, err := s.lrCaseOf(ctx, c, s.today())
		if err != nil {
			return err
		}
		p.Cases = append(p.Cases, lc)
	}
	s.render(w, r, "lr_new", p)
	return nil
}

func (s *Server) lrCaseOf(ctx context.Context, c enforcement.Case, on calendar.Date) (lrCase, error) {
	req, err := s.store.CaseRequirement(ctx, c.ID, on)
	if err != nil {
		return lrCase{}, err
	}
	reviews, err := s.store.CaseReviews(ctx, c.ID)
	return lrCase{Case: c, Requirement: req, Reviews: reviews}, err
}

// visibleCase loads a case of the actor's units (404 otherwise).
func (s *Server) visibleCase(ctx context.Context, a account.Actor, id int64) (enforcement.Case, error) {
	c, err := s.store.Case(ctx, id)
	if err != nil || !a.CanViewUnitRecords(c.UnitID) {
		return enforcement.Case{}, apperr.New(apperr.NotFound, "案件不存在或您无权查看")
	}
	return c, nil
}

func (s *Server) lrNewForCase(w http.ResponseWriter, r *http.Request, caseID int64, decision string, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	c, err := s.visibleCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	p := &lrNewPage{DecisionOn: decision, Materials: materialOptions(),
		CanSubmit: a.Has(account.Clerk, account.Officer, account.Leader) && a.CanViewUnitRecords(c.UnitID),
		CanFlag:   a.Has(account.Clerk, account.Leader) && a.CanViewUnitRecords(c.UnitID)}
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
	p.Case, p.Flags = &lc, lc.Requirement.Flags
	p.Required = legalreview.RequiredMaterials(legalreview.FactsOf(c, lc.Requirement.Flags))
	s.render(w, r, "lr_new", p)
	return nil
}

// uploadsOf reads the package of a form: any number of files per
// material kind, in fields named file_<kind>.
func uploadsOf(r *http.Request) ([]legalreview.Upload, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		var f apperr.Fields
		f.Add("materials", "审核材料", "上传失败："+err.Error())
		return nil, f.Err()
	}
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []legalreview.Upload
	for _, m := range legalreview.Materials() {
		for _, fh := range r.MultipartForm.File["file_"+string(m)] {
			data, err := readPart(fh)
			if err != nil {
				return nil, err
			}
			if len(data) == 0 && fh.Filename == "" {
				continue
			}
			out = append(out, legalreview.Upload{Kind: m, Filename: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
		}
	}
	return out, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, store.MaxMaterialSize+1))
}

func (s *Server) handleLRCreate(w http.ResponseWriter, r *http.Request) error {
	ups, uerr := uploadsOf(r)
	var f apperr.Fields
	in := store.SubmitInput{CaseID: formInt(r, "case_id"), Uploads: ups, On: s.today()}
	in.DecisionOn = formDay(r, "decision_on", "拟作出决定日期", &f)
	err := f.Err()
	if uerr != nil {
		err = uerr
	}
	if in.CaseID == 0 {
		f.Add("case_id", "案件", "请选择案件")
		return f.Err()
	}
	var rv legalreview.Submission
	if err == nil {
		rv, err = s.store.SubmitReview(r.Context(), actorOf(r), in)
	}
	if err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.Conflict {
			return err
		}
		return s.lrNewForCase(w, r, in.CaseID, r.FormValue("decision_on"), err)
	}
	flash(w, "已提交法制审核申请 "+rv.Number)
	http.Redirect(w, r, fmt.Sprintf("/legal-reviews/%d", rv.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleLRFlags(w http.ResponseWriter, r *http.Request) error {
	fl := legalreview.CaseFlags{CaseID: formInt(r, "case_id"), MajorPublicInterest: r.FormValue("major_public_interest") == "1",
		Complex: r.FormValue("complex") == "1", Referred: r.FormValue("referred") == "1", Note: r.FormValue("note"),
		Version: int(formInt(r, "version"))}
	if fl.CaseID == 0 {
		var f apperr.Fields
		f.Add("case_id", "案件", "请选择案件")
		return f.Err()
	}
	a := actorOf(r)
	c, err := s.visibleCase(r.Context(), a, fl.CaseID)
	if err != nil {
		return err
	}
	if !a.Has(account.Clerk, account.Leader) {
		return s.lrNewForCase(w, r, c.ID, r.FormValue("decision_on"), apperr.New(apperr.Invalid, "审核情形由承办单位的经办人或负责人登记"))
	}
	if err := s.store.SaveCaseFlags(r.Context(), a.Audit(), &fl, "登记法制审核情形"); err != nil {
		return s.lrNewForCase(w, r, c.ID, r.FormValue("decision_on"), err)
	}
	flash(w, "已登记本案的法制审核情形")
	http.Redirect(w, r, fmt.Sprintf("/legal-reviews/new?case_id=%d", c.ID), http.StatusSeeOther)
	return nil
}

// ---------- one review ----------

// visibleReview loads the review of the path for the actor: the case
// unit's staff, the office, and the review's own reviewer (an invited
// one of another unit included) see it; others get "not found".
func (s *Server) visibleReview(r *http.Request) (legalreview.Submission, bool, error) {
	id, err := pathID(r)
	if err != nil {
		return legalreview.Submission{}, false, err
	}
	rv, err := s.store.LegalReview(r.Context(), id)
	if err != nil {
		return rv, false, err
	}
	a := actorOf(r)
	person, err := s.store.ActorPerson(r.Context(), a)
	if err != nil {
		return rv, false, err
	}
	isReviewer := person != 0 && person == rv.ReviewerID
	if !a.CanViewUnitRecords(rv.UnitID) && !isReviewer {
		return legalreview.Submission{}, false, apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	return rv, isReviewer, nil
}

type lrShowPage struct {
	basePage
	Review     legalreview.Submission
	Case       *enforcement.Case // nil for an invited reviewer of another unit
	Rounds     []legalreview.Round
	Clocks     []clock
	History    []historyEntry
	Candidates []store.Candidate
	Items      []legalreview.Item
	// What the viewer may do now.
	CanAssign, CanOpinion, CanExtend, CanResubmit, CanDiscuss, CanDecideDiscussion, CanWithdraw bool
	IsReviewer                                                                                  bool
	Form                                                                                        lrForm
	formState
}

// lrForm is what the action forms hold after a failed submission.
type lrForm struct {
	Action     string
	On         string
	ReviewerID int64
	Invite     bool
	Reason     string
	Conclusion string
	Summary    string
	Note       string
	OK         map[string]string // item -> "1" or "0"
	Comment    map[string]string
}

// ItemOK is the form's answer for a checklist point ("1", "0" or "").
func (f lrForm) ItemOK(it legalreview.Item) string { return f.OK[string(it)] }

// ItemComment is the form's comment on a checklist point.
func (f lrForm) ItemComment(it legalreview.Item) string { return f.Comment[string(it)] }

func (s *Server) handleLRShow(w http.ResponseWriter, r *http.Request) error {
	rv, isReviewer, err := s.visibleReview(r)
	if err != nil {
		return err
	}
	return s.lrShow(w, r, rv, isReviewer, lrForm{On: s.today().String()}, nil)
}

func (s *Server) lrShow(w http.ResponseWriter, r *http.Request, rv legalreview.Submission, isReviewer bool, form lrForm, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	today := s.today()
	p := &lrShowPage{Review: rv, IsReviewer: isReviewer, Items: legalreview.Items(), Form: form}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Rounds, err = s.store.ReviewRounds(ctx, rv.ID); err != nil {
		return err
	}
	timers, err := s.store.RunningTimers(ctx, []int64{rv.ItemID})
	if err != nil {
		return err
	}
	p.Clocks = clocksOf(timers[rv.ItemID], legalreview.Flow, today)
	inUnit := a.CanViewUnitRecords(rv.UnitID)
	if inUnit {
		c, err := s.store.Case(ctx, rv.CaseID)
		if err != nil {
			return err
		}
		p.Case = &c
		if p.History, err = s.history(r, legalreview.ReviewKind, rv.ID, nil); err != nil {
			return err
		}
	}
	has := func(roles ...account.Role) bool { return a.Has(roles...) }
	switch rv.State {
	case legalreview.Submitted:
		p.CanAssign = inUnit && has(account.Reviewer, account.LegalOffice)
		p.CanWithdraw = inUnit && has(account.Clerk, account.Leader)
	case legalreview.InReview:
		p.CanOpinion = (isReviewer && has(account.Reviewer)) || a.SeesAll()
		p.CanExtend = p.CanOpinion && len(p.Clocks) > 0 && !strings.Contains(p.Clocks[0].Label, "延长")
		p.CanWithdraw = inUnit && has(account.Clerk, account.Leader)
	case legalreview.Returned:
		p.CanResubmit = inUnit && has(account.Clerk, account.Officer)
		p.CanDiscuss = inUnit && has(account.Leader)
		p.CanWithdraw = inUnit && has(account.Clerk, account.Leader)
	case legalreview.Discussion:
		p.CanDecideDiscussion = inUnit && has(account.Leader)
	}
	if p.CanAssign {
		if p.Candidates, err = s.store.ReviewCandidates(ctx, rv.ID); err != nil {
			return err
		}
	}
	s.render(w, r, "lr_show", p)
	return nil
}

// lrFail shows the review again with the form's error, or returns the
// error when it is not about the input.
func (s *Server) lrFail(w http.ResponseWriter, r *http.Request, form lrForm, err error) error {
	if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.Conflict {
		return err
	}
	rv, isReviewer, verr := s.visibleReview(r)
	if verr != nil {
		return verr
	}
	return s.lrShow(w, r, rv, isReviewer, form, err)
}

func (s *Server) lrDone(w http.ResponseWriter, r *http.Request, rv legalreview.Submission, msg string) error {
	flash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/legal-reviews/%d", rv.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleLRAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := lrForm{Action: "assign", On: r.FormValue("on"), ReviewerID: formInt(r, "reviewer_id"), Invite: r.FormValue("invite") == "1",
		Reason: strings.TrimSpace(r.FormValue("reason"))}
	var f apperr.Fields
	in := store.AssignInput{Version: int(formInt(r, "version")), ReviewerID: form.ReviewerID, Invite: form.Invite, Reason: form.Reason,
		On: formDay(r, "on", "分配日期", &f)}
	if err := f.Err(); err != nil {
		return s.lrFail(w, r, form, err)
	}
	rv, err := s.store.AssignReviewer(r.Context(), actorOf(r), id, in)
	if err != nil {
		return s.lrFail(w, r, form, err)
	}
	return s.lrDone(w, r, rv, "已分配审核人员 "+rv.ReviewerName+"，审核期限开始计算")
}

func (s *Server) handleLROpinion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := lrForm{Action: "opinion", On: r.FormValue("on"), Conclusion: r.FormValue("conclusion"), Summary: r.FormValue("summary"),
		OK: map[string]string{}, Comment: map[string]string{}}
	var f apperr.Fields
	in := store.OpinionInput{Version: int(formInt(r, "version")), Conclusion: legalreview.Conclusion(form.Conclusion),
		Summary: form.Summary, On: formDay(r, "on", "出具日期", &f)}
	for _, it := range legalreview.Items() {
		ok, comment := r.FormValue("ok_"+string(it)), r.FormValue("comment_"+string(it))
		form.OK[string(it)], form.Comment[string(it)] = ok, comment
		if ok == "" {
			continue // Validate reports the point as unanswered
		}
		in.Findings = append(in.Findings, legalreview.Finding{Item: it, OK: ok == "1", Comment: comment})
	}
	if err := f.Err(); err != nil {
		return s.lrFail(w, r, form, err)
	}
	rv, err := s.store.GiveOpinion(r.Context(), actorOf(r), id, in)
	if err != nil {
		return s.lrFail(w, r, form, err)
	}
	return s.lrDone(w, r, rv, fmt.Sprintf("已出具第 %d 轮审核意见：%s", rv.Round, in.Conclusion.Label()))
}

func (s *Server) handleLRResubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ups, uerr := uploadsOf(r)
	form := lrForm{Action: "resubmit", On: r.FormValue("on"), Note: r.FormValue("note")}
	if uerr != nil {
		return s.lrFail(w, r, form, uerr)
	}
	var f apperr.Fields
	in := store.ResubmitInput{Version: int(formInt(r, "version")), Note: form.Note, Uploads: ups, On: formDay(r, "on", "提交日期", &f)}
	if err := f.Err(); err != nil {
		return s.lrFail(w, r, form, err)
	}
	rv, err := s.store.Resubmit(r.Context(), actorOf(r), id, in)
	if err != nil {
		return s.lrFail(w, r, form, err)
	}
	return s.lrDone(w, r, rv, fmt.Sprintf("已补正后重新提交，进入第 %d 轮审核", rv.Round))
}

func (s *Server) handleLRAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := lrForm{Action: r.FormValue("action"), On: r.FormValue("on"), Reason: r.FormValue("reason")}
	var f apperr.Fields
	in := store.ActInput{Action: form.Action, Version: int(formInt(r, "version")), Reason: form.Reason, On: formDay(r, "on", "日期", &f)}
	if err := f.Err(); err != nil {
		return s.lrFail(w, r, form, err)
	}
	rv, err := s.store.ActOnReview(r.Context(), actorOf(r), id, in)
	if err != nil {
		return s.lrFail(w, r, form, err)
	}
	label := form.Action
	if t, ok := legalreview.Flow.Transition(form.Action); ok {
		label = t.Label
	}
	return s.lrDone(w, r, rv, "已办理："+label)
}

// handleLRMaterial sends one document of the package.
func (s *Server) handleLRMaterial(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.visibleReview(r)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "材料不存在")
	}
	m, data, err := s.store.ReviewMaterial(r.Context(), rv.ID, mid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Filename))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
	return nil
}

// KindsLabel names the penalty kinds of the notice in Chinese.
func (c lrCase) KindsLabel() string { return enforcement.KindsLabel(c.NoticeKinds) }

// Err is the error of a field of the action form that failed ("" for the
// other forms on the page).
func (p *lrShowPage) Err(action, field string) string {
	if p.Form.Action != action {
		return ""
	}
	return p.Errors[field]
}

// Value is the form's value of a field for the action form that failed,
// def for the others.
func (p *lrShowPage) Value(action, field, def string) string {
	if p.Form.Action != action {
		return def
	}
	switch field {
	case "on":
		return p.Form.On
	case "reason":
		return p.Form.Reason
	case "note":
		return p.Form.Note
	case "summary":
		return p.Form.Summary
	}
	return def
}

// Materials are the material kinds, for the resubmission form.
func (p *lrShowPage) Materials() []kindOption { return materialOptions() }

// Conclusions are the verdicts an opinion may reach.
func (p *lrShowPage) Conclusions() []kindOption {
	return []kindOption{{string(legalreview.Agree), legalreview.Agree.Label()}, {string(legalreview.Problems), legalreview.Problems.Label()},
		{string(legalreview.Revise), legalreview.Revise.Label()}}
}

func init() { funcs["stateClass"] = stateClass }
