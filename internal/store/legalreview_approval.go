package store

// Decisions reported to the city government for approval: the unit
// drafts the request for a case in its approval catalogue, the legal
// affairs office examines it and forwards it, and registers the
// government's answer. Each stage runs against its own timer.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
	"fazhi/internal/workflow"
)

const approvalColumns = `a.id, a.case_id, COALESCE(c.decision_number, c.filing_number, ''), c.party_name, m.name, a.unit_id, u.name,
	a.number, i.state, i.id, i.version, a.reasons, COALESCE(a.catalog_id, 0), COALESCE(k.catalog_version, 0), a.summary, a.drafted_on,
	a.sent_on, a.forwarded_on, a.decided_on, a.office_opinion, a.government_ref, a.created_at, a.updated_at`

const approvalFrom = ` FROM gov_approvals a JOIN enf_cases c ON c.id = a.case_id JOIN enf_matters m ON m.id = c.matter_id
	JOIN units u ON u.id = a.unit_id JOIN workflow_items i ON i.record_kind = 'gov_approval' AND i.record_id = a.id
	LEFT JOIN review_catalogs k ON k.id = a.catalog_id`

func scanApproval(row interface{ Scan(...any) error }) (legalreview.ApprovalRequest, error) {
	var a legalreview.ApprovalRequest
	var party, matter, reasons string
	err := row.Scan(&a.ID, &a.CaseID, &a.CaseNumber, &party, &matter, &a.UnitID, &a.UnitName, &a.Number, &a.State, &a.ItemID,
		&a.ItemVersion, &reasons, &a.CatalogID, &a.CatalogVersion, &a.Summary, &a.DraftedOn, dateInto{&a.SentOn},
		dateInto{&a.ForwardedOn}, dateInto{&a.DecidedOn}, &a.OfficeOpinion, &a.GovernmentRef, &a.CreatedAt, &a.UpdatedAt)
	a.CaseTitle = strings.TrimSpace(party + " " + matter)
	a.Reasons = splitLines(reasons)
	a.StateLabel = legalreview.ApprovalFlow.StateLabel(a.State)
	return a, err
}

// Approval returns one approval request.
func (s *Store) Approval(ctx context.Context, id int64) (legalreview.ApprovalRequest, error) {
	return s.approval(ctx, s.DB, id)
}

func (s *Store) approval(ctx context.Context, q querier, id int64) (legalreview.ApprovalRequest, error) {
	a, err := scanApproval(q.QueryRowContext(ctx, `SELECT `+approvalColumns+approvalFrom+` WHERE a.id = $1`, id))
	return a, notFound(err, "报批记录不存在")
}

// ApprovalFilter selects approval requests.
type ApprovalFilter struct {
	Query   string
	UnitID  int64
	UnitIDs []int64 // access scope; nil = all
	CaseID  int64
	States  []string
	Year    int
	Page    Page
}

// Approvals lists approval requests, newest first, with the total count.
func (s *Store) Approvals(ctx context.Context, f ApprovalFilter) ([]legalreview.ApprovalRequest, int, error) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(a.number LIKE ? OR c.filing_number LIKE ? OR c.party_name LIKE ?)", like, like, like)
	}
	if f.UnitID != 0 {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if f.CaseID != 0 {
		w.add("a.case_id = ?", f.CaseID)
	}
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		args := make([]any, len(f.States))
		for i, st := range f.States {
			marks[i], args[i] = "?", st
		}
		w.add("i.state IN ("+strings.Join(marks, ",")+")", args...)
	}
	if f.Year != 0 {
		w.add("a.drafted_on LIKE ?", fmt.Sprintf("%04d-%%", f.Year))
	}
	if !w.in("a.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+approvalFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY a.drafted_on DESC, a.id DESC LIMIT %d OFFSET %d`,
		approvalColumns, approvalFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []legalreview.ApprovalRequest
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// ApprovalInput is a unit's draft request for approval.
type ApprovalInput struct {
	CaseID     int64         `json:"case_id"`
	DecisionOn calendar.Date `json:"decision_on"` // the catalogue in force on the intended decision day applies
	Summary    string        `json:"summary"`     // the decision asked for and why
	On         calendar.Date `json:"on"`
	// Past loads an approval given before the platform (the demo's
	// history): the case may since have been decided.
	Past bool `json:"-"`
}

// DraftApproval drafts the request for a case the approval catalogue in
// force on the intended decision day covers.
func (s *Store) DraftApproval(ctx context.Context, actor account.Actor, in ApprovalInput) (legalreview.ApprovalRequest, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.ApprovalRequest, error) { return w.draftApproval(actor, in) })
}

// DraftApproval is Store.DraftApproval inside the bulk.
func (b *Bulk) DraftApproval(actor account.Actor, in ApprovalInput) (legalreview.ApprovalRequest, error) {
	return b.w.draftApproval(actor, in)
}

func (w *txWriter) draftApproval(actor account.Actor, in ApprovalInput) (legalreview.ApprovalRequest, error) {
	var f apperr.Fields
	if in.CaseID == 0 {
		f.Add("case_id", "案件", "请选择案件")
	}
	in.Summary = strings.TrimSpace(in.Summary)
	f.Required("summary", "报批事项", in.Summary)
	if in.On.IsZero() {
		f.Add("on", "拟稿日期", "必填项为空")
	}
	if in.DecisionOn.IsZero() {
		f.Add("decision_on", "拟作出决定日期", "必填项为空")
	}
	if err := f.Err(); err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	c, err := w.s.caseByID(w.ctx, w.q, in.CaseID)
	if err != nil || !actor.CanViewUnitRecords(c.UnitID) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.NotFound, "案件不存在或您无权查看")
	}
	if !actor.Has(account.Clerk, account.Leader) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.Forbidden, "报批由案件承办单位的经办人或负责人拟稿")
	}
	past := in.Past && c.DecidedOn != nil && !c.DecidedOn.Before(in.DecisionOn)
	if c.Procedure != "ordinary" || (!past && !slices.Contains(reviewableStates, c.State)) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.Invalid, fmt.Sprintf("案件处于“%s”：调查终结后、作出决定前方可报批", c.StateLabel))
	}
	var open int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM gov_approvals a JOIN workflow_items i ON i.record_kind = 'gov_approval'
		AND i.record_id = a.id WHERE a.case_id = $1 AND i.state NOT IN ('withdrawn', 'refused')`, c.ID).Scan(&open); err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	if open > 0 {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.Conflict, "本案已有报批记录，请在该记录中办理")
	}
	req, err := w.requirement(c, in.DecisionOn)
	if err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	if !req.ApprovalRequired() {
		f.Add("case_id", "案件", fmt.Sprintf("按 %s 施行的报批目录，本案不属于须报请市政府批准的决定", in.DecisionOn))
		return legalreview.ApprovalRequest{}, f.Err()
	}
	number, err := w.nextReviewNumber("gov_approvals", "review.approval_number_format", c.UnitID, in.On)
	if err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	now := w.s.now()
	var id int64
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO gov_approvals (case_id, unit_id, number, catalog_id, reasons, summary,
		drafted_on, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id`,
		c.ID, c.UnitID, number, req.ApprovalCatalog.ID, strings.Join(req.ApprovalReasons(), "\n"), in.Summary, in.On, now).Scan(&id)
	if isUnique(err) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.Conflict, "报批编号与已有记录重复（可能有人同时拟稿），请重试")
	}
	if err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	item := workflow.Item{RecordKind: legalreview.ApprovalKind, RecordID: id, UnitID: c.UnitID, Title: "报市政府批准：" + c.Title()}
	if err := w.startItem(legalreview.ApprovalFlow, lrAudit(actor), &item, in.On); err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	a, err := w.s.approval(w.ctx, w.q, id)
	if err != nil {
		return a, err
	}
	return a, w.record(lrAudit(actor), legalreview.ApprovalKind, id, audit.Create, "", nil, a)
}

// ApprovalActInput is an act on an approval request.
type ApprovalActInput struct {
	Action        string        `json:"action"`
	Version       int           `json:"version"`
	Reason        string        `json:"reason"`         // the office's opinion, the reply, or why
	GovernmentRef string        `json:"government_ref"` // the government's reply number, for approve and refuse
	On            calendar.Date `json:"on"`
}

// ApprovalActs are the acts of ActOnApproval.
var ApprovalActs = []string{"send", "forward", "office_return", "approve", "refuse", "withdraw"}

// ActOnApproval applies an act of the approval workflow. The unit sends
// the request only after the case's legal review passed (when required);
// the government's answer carries its reply number.
func (s *Store) ActOnApproval(ctx context.Context, actor account.Actor, id int64, in ApprovalActInput) (legalreview.ApprovalRequest, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.ApprovalRequest, error) { return w.actOnApproval(actor, id, in) })
}

// ActOnApproval is Store.ActOnApproval inside the bulk.
func (b *Bulk) ActOnApproval(actor account.Actor, id int64, in ApprovalActInput) (legalreview.ApprovalRequest, error) {
	return b.w.actOnApproval(actor, id, in)
}

func (w *txWriter) actOnApproval(actor account.Actor, id int64, in ApprovalActInput) (legalreview.ApprovalRequest, error) {
	var f apperr.Fields
	if !slices.Contains(ApprovalActs, in.Action) {
		f.Add("action", "操作", "应为 "+strings.Join(ApprovalActs, "、")+" 之一")
	}
	in.Reason, in.GovernmentRef = strings.TrimSpace(in.Reason), strings.TrimSpace(in.GovernmentRef)
	if in.On.IsZero() {
		f.Add("on", "日期", "必填项为空")
	}
	if in.Version == 0 {
		f.Add("version", "版本", "缺少版本号，请刷新页面后重试")
	}
	if (in.Action == "approve" || in.Action == "refuse") && in.GovernmentRef == "" {
		f.Add("government_ref", "市政府批复文号", "登记市政府答复须填写批复文号")
	}
	if err := f.Err(); err != nil {
		return legalreview.ApprovalRequest{}, err
	}
	a, err := w.s.approval(w.ctx, w.q, id)
	if err != nil || !actor.CanViewUnitRecords(a.UnitID) {
		return legalreview.ApprovalRequest{}, apperr.New(apperr.NotFound, "报批记录不存在或您无权查看")
	}
	if in.On.Before(a.DraftedOn) {
		f.Add("on", "日期", "不能早于拟稿日期 "+a.DraftedOn.String())
		return a, f.Err()
	}
	if in.Action == "send" {
		if err := w.checkReviewedBeforeSending(a, in.On); err != nil {
			return a, err
		}
	}
	if _, err := w.fireReview(legalreview.ApprovalFlow, actor, legalreview.ApprovalKind, id, in.Action, in.Version, in.Reason, nil, in.On, false); err != nil {
		return a, err
	}
	before, next := a, a
	switch in.Action {
	case "send":
		next.SentOn = &in.On
	case "forward":
		next.ForwardedOn, next.OfficeOpinion = &in.On, in.Reason
	case "office_return":
		next.OfficeOpinion = in.Reason
	case "approve", "refuse":
		next.DecidedOn, next.GovernmentRef = &in.On, in.GovernmentRef
	}
	if _, err := w.q.ExecContext(w.ctx, `UPDATE gov_approvals SET sent_on=$1, forwarded_on=$2, decided_on=$3, office_opinion=$4,
		government_ref=$5, version=version+1, updated_at=$6 WHERE id=$7`, dateOrNil(next.SentOn), dateOrNil(next.ForwardedOn),
		dateOrNil(next.DecidedOn), next.OfficeOpinion, next.GovernmentRef, w.s.now(), id); err != nil {
		return a, err
	}
	if err := w.record(lrAudit(actor), legalreview.ApprovalKind, id, in.Action, in.Reason, before, next); err != nil {
		return a, err
	}
	return w.s.approval(w.ctx, w.q, id)
}

// checkReviewedBeforeSending: a decision that needs legal review goes to
// the government only after the review passed.
func (w *txWriter) checkReviewedBeforeSending(a legalreview.ApprovalRequest, on calendar.Date) error {
	c, err := w.s.caseByID(w.ctx, w.q, a.CaseID)
	if err != nil {
		return err
	}
	req, err := w.requirement(c, on)
	if err != nil {
		return err
	}
	if req.ReviewRequired() && req.PassedOn == nil {
		return apperr.New(apperr.Invalid, "本案须经法制审核（"+strings.Join(req.Reasons(), "；")+"），审核通过后方可报送法制办")
	}
	return nil
}
