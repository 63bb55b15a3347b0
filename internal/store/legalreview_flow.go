package store

// The writes of a legal review: submission with its package, assignment,
// the opinion of each round, resubmission, extension, collective
// discussion and withdrawal. Each runs in one transaction with its
// workflow transition, and a passed review is written onto the case,
// whose decision gate reads it.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/workflow"
)

// MaxMaterialSize is the largest document a submission may carry.
const MaxMaterialSize = 20 << 20

// reviewableStates are the case states in which a review may be
// submitted: after the investigation, before the decision.
var reviewableStates = []string{enforcement.Investigated, enforcement.Notified, enforcement.Hearing, enforcement.Heard}

// SubmitInput is a unit's application for legal review of a case.
type SubmitInput struct {
	CaseID     int64                `json:"case_id"`
	DecisionOn calendar.Date        `json:"decision_on"` // the intended decision day: the catalogue in force on it applies
	On         calendar.Date        `json:"on"`          // the day of submission
	Uploads    []legalreview.Upload `json:"materials"`
	// Past loads a review done before the platform (the demo's history):
	// the case may since have been decided, after the review.
	Past bool `json:"-"`
}

// SubmitReview submits a case for legal review with its package. The
// case must be one the catalogue in force on the intended decision day
// (or the law) sends to review, or one its handling head referred; the
// package must hold the required materials.
func (s *Store) SubmitReview(ctx context.Context, actor account.Actor, in SubmitInput) (legalreview.Submission, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Submission, error) { return w.submitReview(actor, in) })
}

// SubmitReview is Store.SubmitReview inside the bulk.
func (b *Bulk) SubmitReview(actor account.Actor, in SubmitInput) (legalreview.Submission, error) {
	return b.w.submitReview(actor, in)
}

func (w *txWriter) submitReview(actor account.Actor, in SubmitInput) (legalreview.Submission, error) {
	var f apperr.Fields
	if in.CaseID == 0 {
		f.Add("case_id", "案件", "请选择案件")
	}
	if in.On.IsZero() {
		f.Add("on", "提交日期", "必填项为空")
	}
	if in.DecisionOn.IsZero() {
		f.Add("decision_on", "拟作出决定日期", "必填项为空")
	} else if !in.On.IsZero() && in.DecisionOn.Before(in.On) {
		f.Add("decision_on", "拟作出决定日期", "不能早于提交日期")
	}
	if err := f.Err(); err != nil {
		return legalreview.Submission{}, err
	}
	c, err := w.s.caseByID(w.ctx, w.q, in.CaseID)
	if err != nil || !actor.CanViewUnitRecords(c.UnitID) {
		return legalreview.Submission{}, apperr.New(apperr.NotFound, "案件不存在或您无权查看")
	}
	if !actor.Has(account.Clerk, account.Officer, account.Leader) {
		return legalreview.Submission{}, apperr.New(apperr.Forbidden, "法制审核由案件承办单位的经办人、执法人员或负责人提交")
	}
	if err := w.checkReviewable(c, in); err != nil {
		return legalreview.Submission{}, err
	}
	req, err := w.requirement(c, in.DecisionOn)
	if err != nil {
		return legalreview.Submission{}, err
	}
	reasons := req.Reasons()
	if req.Flags.Referred && !slices.ContainsFunc(req.Matches, func(m legalreview.Match) bool { return m.Rule.Kind == legalreview.ManualReferral }) {
		reasons = append(reasons, legalreview.ManualReferral.Label()+"："+req.Flags.Note)
	}
	if len(reasons) == 0 {
		f.Add("case_id", "案件", fmt.Sprintf("按 %s 施行的审核目录，本案不属于必须法制审核的情形；承办机构负责人认为需要审核的，请先登记“承办机构负责人提交审核”", in.DecisionOn))
		return legalreview.Submission{}, f.Err()
	}
	if err := checkUploads(in.Uploads, legalreview.FactsOf(c, req.Flags), true); err != nil {
		return legalreview.Submission{}, err
	}
	number, err := w.nextReviewNumber("legal_reviews", "review.number_format", c.UnitID, in.On)
	if err != nil {
		return legalreview.Submission{}, err
	}
	now := w.s.now()
	var catalogID int64
	if req.Catalog != nil {
		catalogID = req.Catalog.ID
	}
	var id int64
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO legal_reviews (case_id, unit_id, number, catalog_id, reasons, decision_on,
		submitted_on, submitter, round, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1, $9, $9)
		RETURNING id`, c.ID, c.UnitID, number, nullInt(catalogID), strings.Join(reasons, "\n"), in.DecisionOn, in.On,
		actor.Name, now).Scan(&id)
	if isUnique(err) {
		return legalreview.Submission{}, apperr.New(apperr.Conflict, "审核编号与已有申请重复（可能有人同时提交），请重试")
	}
	if err != nil {
		return legalreview.Submission{}, err
	}
	if err := w.addRound(id, 1, in.On, actor.Name, ""); err != nil {
		return legalreview.Submission{}, err
	}
	if err := w.addMaterials(id, 1, in.Uploads, in.On, actor.Name); err != nil {
		return legalreview.Submission{}, err
	}
	item := workflow.Item{RecordKind: legalreview.ReviewKind, RecordID: id, UnitID: c.UnitID, Title: "法制审核：" + c.Title()}
	if err := w.startItem(legalreview.Flow, lrAudit(actor), &item, in.On); err != nil {
		return legalreview.Submission{}, err
	}
	r, err := w.s.legalReview(w.ctx, w.q, id)
	if err != nil {
		return r, err
	}
	return r, w.record(lrAudit(actor), legalreview.ReviewKind, id, audit.Create, "", nil, r)
}

// checkReviewable refuses a case not between investigation and decision,
// or one with a review open or passed.
func (w *txWriter) checkReviewable(c enforcement.Case, in SubmitInput) error {
	past := in.Past && c.DecidedOn != nil && !c.DecidedOn.Before(in.DecisionOn)
	if c.Procedure != enforcement.Ordinary || (!past && !slices.Contains(reviewableStates, c.State)) {
		return apperr.New(apperr.Invalid, fmt.Sprintf("案件处于“%s”：普通程序案件调查终结后、作出决定前方可提交法制审核", c.StateLabel))
	}
	var number, state string
	err := w.q.QueryRowContext(w.ctx, `SELECT r.number, i.state FROM legal_reviews r JOIN workflow_items i
		ON i.record_kind = 'legal_review' AND i.record_id = r.id WHERE r.case_id = $1 AND i.state <> $2
		ORDER BY r.id DESC LIMIT 1`, c.ID, legalreview.Withdrawn).Scan(&number, &state)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return err
	case state == legalreview.Passed:
		return apperr.New(apperr.Conflict, "本案已通过法制审核（"+number+"），不必再次提交")
	}
	return apperr.New(apperr.Conflict, "本案已有未办结的法制审核申请 "+number+"，请在该申请中补正或撤回后再提交")
}

// checkUploads validates the documents of a submission; first asks for
// every required material.
func checkUploads(ups []legalreview.Upload, facts legalreview.Facts, first bool) error {
	var f apperr.Fields
	var kinds []legalreview.Material
	for i, u := range ups {
		field := fmt.Sprintf("materials[%d]", i)
		switch {
		case u.Kind.Label() == string(u.Kind):
			f.Add(field, "审核材料", fmt.Sprintf("第 %d 份材料的种类 %q 无效", i+1, u.Kind))
		case strings.TrimSpace(u.Filename) == "":
			f.Add(field, u.Kind.Label(), "缺少文件名")
		case len(u.Data) == 0:
			f.Add(field, u.Kind.Label(), "文件“"+u.Filename+"”是空的")
		case len(u.Data) > MaxMaterialSize:
			f.Add(field, u.Kind.Label(), fmt.Sprintf("文件“%s”超过 %d MB", u.Filename, MaxMaterialSize>>20))
		}
		kinds = append(kinds, u.Kind)
	}
	if first {
		if missing := legalreview.MissingMaterials(facts, kinds); len(missing) > 0 {
			names := make([]string, len(missing))
			for i, m := range missing {
				names[i] = "《" + m.Label() + "》"
			}
			f.Add("materials", "审核材料", "缺少 "+strings.Join(names, "、"))
		}
	}
	return f.Err()
}

func (w *txWriter) addRound(reviewID int64, round int, on calendar.Date, submitter, note string) error {
	_, err := w.q.ExecContext(w.ctx, `INSERT INTO legal_review_rounds (review_id, round, submitted_on, submitter, note)
		VALUES ($1, $2, $3, $4, $5)`, reviewID, round, on, submitter, note)
	return err
}

func (w *txWriter) addMaterials(reviewID int64, round int, ups []legalreview.Upload, on calendar.Date, by string) error {
	for _, u := range ups {
		sum := sha256.Sum256(u.Data)
		ctype := strings.TrimSpace(u.ContentType)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO legal_review_materials (review_id, round, kind, filename, content_type,
			size, sha256, content, uploaded_on, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			reviewID, round, string(u.Kind), strings.TrimSpace(u.Filename), ctype, len(u.Data), hex.EncodeToString(sum[:]),
			u.Data, on, by, w.s.now()); err != nil {
			return err
		}
	}
	return nil
}

// nextReviewNumber numbers a unit's reviews (or approvals) by year with
// the format of the rule table as of day on.
func (w *txWriter) nextReviewNumber(table, key string, unitID int64, on calendar.Date) (string, error) {
	format, err := w.ruleAsOf(key, on)
	if err != nil {
		return "", err
	}
	u, err := w.unit(unitID)
	if err != nil {
		return "", err
	}
	var n int
	dateCol := "submitted_on"
	if table == "gov_approvals" {
		dateCol = "drafted_on"
	}
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM `+table+` WHERE unit_id = $1 AND `+dateCol+` LIKE $2`,
		unitID, fmt.Sprintf("%04d-%%", on.Year)).Scan(&n); err != nil {
		return "", err
	}
	short := u.ShortName
	if short == "" {
		short = u.Name
	}
	return legalreview.FormatNumber(format.Value, short, on.Year, n+1), nil
}

// actorPerson is the person of the signed-in user (0 when none).
func (w *txWriter) actorPerson(actor account.Actor) (int64, error) {
	if actor.UserID == 0 {
		return 0, nil
	}
	var id sql.NullInt64
	err := w.q.QueryRowContext(w.ctx, `SELECT person_id FROM users WHERE id = $1`, actor.UserID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id.Int64, err
}

// ActorPerson is the person of the signed-in user (0 when none), for
// deciding whether they are the reviewer of a review.
func (s *Store) ActorPerson(ctx context.Context, actor account.Actor) (int64, error) {
	return inWriter(ctx, s, func(w *txWriter) (int64, error) { return w.actorPerson(actor) })
}

// reviewFor loads a review for actor: the case unit's staff and the legal
// affairs office see it, and so does its reviewer (an invited reviewer of
// another unit included); others get "not found".
func (w *txWriter) reviewFor(actor account.Actor, id int64) (legalreview.Submission, bool, error) {
	r, err := w.s.legalReview(w.ctx, w.q, id)
	if err != nil {
		return r, false, err
	}
	person, err := w.actorPerson(actor)
	if err != nil {
		return r, false, err
	}
	isReviewer := person != 0 && person == r.ReviewerID
	if !actor.CanViewUnitRecords(r.UnitID) && !isReviewer {
		return r, false, apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	return r, isReviewer, nil
}

// fireReview applies a transition of a review (or an approval) inside
// the writer's transaction. An invited reviewer of another unit acts on
// the review they were invited to: the workflow's unit check is made as
// if they were of the case unit — the invitation lets them in — while
// the audit records who they are.
func (w *txWriter) fireReview(def *workflow.Definition, actor account.Actor, kind string, id int64, name string,
	version int, reason string, input any, on calendar.Date, invited bool) (workflow.Item, error) {
	it, err := w.s.item(w.ctx, w.q, kind, id)
	if err != nil {
		return it, err
	}
	if it.Version != version {
		return it, conflict("“" + it.Title + "”")
	}
	as := actor
	if invited {
		as.UnitID = it.UnitID
	}
	t, err := def.Check(it, name, as, reason, input)
	if err != nil {
		return it, err
	}
	return it, w.applyTransition(def, lrAudit(actor), &it, t, reason, on)
}

// updateReview writes the review's own columns and audits the change.
func (w *txWriter) updateReview(actor audit.Actor, before, r legalreview.Submission, action, reason string) error {
	_, err := w.q.ExecContext(w.ctx, `UPDATE legal_reviews SET round=$1, reviewer_id=$2, reviewer_unit_id=$3, invited=$4,
		invite_reason=$5, assigned_on=$6, round_on=$7, passed_on=$8, closed_on=$9, discussion=$10, version=version+1,
		updated_at=$11 WHERE id=$12`, r.Round, nullInt(r.ReviewerID), nullInt(r.ReviewerUnitID), r.Invited, r.InviteReason,
		dateOrNil(r.AssignedOn), dateOrNil(r.RoundOn), dateOrNil(r.PassedOn), dateOrNil(r.ClosedOn), r.Discussion,
		w.s.now(), r.ID)
	if err != nil {
		return err
	}
	return w.record(actor, legalreview.ReviewKind, r.ID, action, reason, before, r)
}

// reload reads the review back after a write.
func (w *txWriter) reload(id int64) (legalreview.Submission, error) {
	return w.s.legalReview(w.ctx, w.q, id)
}

// ---------- assignment ----------

// AssignInput names the reviewer of a review.
type AssignInput struct {
	Version    int           `json:"version"`
	ReviewerID int64         `json:"reviewer_id"` // a person of the reviewer pool
	Invite     bool          `json:"invite"`      // a reviewer of another unit (cross-department collaborative review)
	Reason     string        `json:"reason"`      // why another unit's reviewer is invited
	On         calendar.Date `json:"on"`
}

// AssignReviewer assigns a review to a reviewer of the pool who passes
// legalreview.CheckReviewer: active, qualified when reviewing for the
// first time, not an investigator of the case, and of the case unit or
// invited from another. The opinion clock starts on in.On.
func (s *Store) AssignReviewer(ctx context.Context, actor account.Actor, id int64, in AssignInput) (legalreview.Submission, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Submission, error) { return w.assignReviewer(actor, id, in) })
}

// AssignReviewer is Store.AssignReviewer inside the bulk.
func (b *Bulk) AssignReviewer(actor account.Actor, id int64, in AssignInput) (legalreview.Submission, error) {
	return b.w.assignReviewer(actor, id, in)
}

func (w *txWriter) assignReviewer(actor account.Actor, id int64, in AssignInput) (legalreview.Submission, error) {
	var f apperr.Fields
	if in.ReviewerID == 0 {
		f.Add("reviewer_id", "审核人员", "请选择审核人员")
	}
	if in.On.IsZero() {
		f.Add("on", "分配日期", "必填项为空")
	}
	if in.Version == 0 {
		f.Add("version", "版本", "缺少版本号，请刷新页面后重试")
	}
	if err := f.Err(); err != nil {
		return legalreview.Submission{}, err
	}
	r, _, err := w.reviewFor(actor, id)
	if err != nil {
		return r, err
	}
	if !actor.CanViewUnitRecords(r.UnitID) {
		return r, apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	if in.On.Before(r.SubmittedOn) {
		f.Add("on", "分配日期", "不能早于提交日期 "+r.SubmittedOn.String())
		return r, f.Err()
	}
	m, err := w.s.poolMember(w.ctx, w.q, in.ReviewerID)
	if err != nil {
		f.Add("reviewer_id", "审核人员", "该人员不在法制审核人员名单中")
		return r, f.Err()
	}
	invited := m.UnitID != r.UnitID
	if err := w.checkCandidate(m, r, invited && in.Invite); err != nil {
		return r, err
	}
	reason := "审核人员：" + m.Name + "（" + m.UnitName + "）"
	if invited {
		in.Reason = strings.TrimSpace(in.Reason)
		if in.Reason == "" {
			f.Add("reason", "邀请理由", "邀请其他单位审核人员（跨部门协同审核）须写明理由")
			return r, f.Err()
		}
		reason += "，跨部门协同审核：" + in.Reason
	}
	if _, err := w.fireReview(legalreview.Flow, actor, legalreview.ReviewKind, id, "assign", in.Version, reason, nil, in.On, false); err != nil {
		return r, err
	}
	next := r
	next.ReviewerID, next.ReviewerUnitID, next.Invited = m.PersonID, m.UnitID, invited
	next.InviteReason = ""
	if invited {
		next.InviteReason = in.Reason
	}
	next.AssignedOn, next.RoundOn = &in.On, &in.On
	if err := w.updateReview(lrAudit(actor), r, next, "assign", reason); err != nil {
		return r, err
	}
	return w.reload(id)
}

// checkCandidate applies CheckReviewer to a pool member for a review, as
// an error on the reviewer field.
func (w *txWriter) checkCandidate(m legalreview.PoolMember, r legalreview.Submission, invited bool) error {
	c, err := w.s.caseByID(w.ctx, w.q, r.CaseID)
	if err != nil {
		return err
	}
	if err := legalreview.CheckReviewer(m.Reviewer(), r.UnitID, caseInvestigators(c), invited); err != nil {
		kind := apperr.KindOf(err)
		if kind == apperr.Forbidden {
			kind = apperr.Invalid
		}
		msg := apperr.Message(err)
		return &apperr.Error{Kind: kind, Message: msg, Fields: []apperr.FieldError{{Field: "reviewer_id", Label: "审核人员", Message: msg}}}
	}
	return nil
}

func caseInvestigators(c enforcement.Case) []int64 {
	out := make([]int64, len(c.Officers))
	for i, o := range c.Officers {
		out[i] = o.PersonID
	}
	return out
}

// Candidate is a pool member offered for a review, with why they may not
// review it ("" when they may).
type Candidate struct {
	legalreview.PoolMember
	SameUnit bool   `json:"same_unit"`
	Refusal  string `json:"refusal,omitempty"`
}

// ReviewCandidates lists the active reviewers of the pool for a review:
// the case unit's first, then the other units' (who need an invitation),
// each with the check's verdict.
func (s *Store) ReviewCandidates(ctx context.Context, reviewID int64) ([]Candidate, error) {
	r, err := s.LegalReview(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	c, err := s.Case(ctx, r.CaseID)
	if err != nil {
		return nil, err
	}
	pool, err := Collect(func(p Page) ([]legalreview.PoolMember, int, error) {
		return s.Pool(ctx, PoolFilter{ActiveOnly: true, Page: p})
	})
	if err != nil {
		return nil, err
	}
	var own, others []Candidate
	for _, m := range pool {
		cd := Candidate{PoolMember: m, SameUnit: m.UnitID == r.UnitID}
		if err := legalreview.CheckReviewer(m.Reviewer(), r.UnitID, caseInvestigators(c), true); err != nil {
			cd.Refusal = apperr.Message(err)
		}
		if cd.SameUnit {
			own = append(own, cd)
		} else {
			others = append(others, cd)
		}
	}
	return append(own, others...), nil
}

// ---------- opinion ----------

// OpinionInput is a reviewer's opinion on the current round.
type OpinionInput struct {
	Version    int                    `json:"version"`
	Findings   []legalreview.Finding  `json:"findings"`
	Conclusion legalreview.Conclusion `json:"conclusion"`
	Summary    string                 `json:"summary"`
	On         calendar.Date          `json:"on"`
}

// GiveOpinion records the opinion of the current round by its reviewer
// (or, from a paper opinion, by the legal affairs office): 同意 passes the
// review and writes the day onto the case; 存在问题 and 建议修改后提交
// return it to the unit.
func (s *Store) GiveOpinion(ctx context.Context, actor account.Actor, id int64, in OpinionInput) (legalreview.Submission, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Submission, error) { return w.giveOpinion(actor, id, in) })
}

// GiveOpinion is Store.GiveOpinion inside the bulk.
func (b *Bulk) GiveOpinion(actor account.Actor, id int64, in OpinionInput) (legalreview.Submission, error) {
	return b.w.giveOpinion(actor, id, in)
}

func (w *txWriter) giveOpinion(actor account.Actor, id int64, in OpinionInput) (legalreview.Submission, error) {
	var f apperr.Fields
	if in.On.IsZero() {
		f.Add("on", "出具日期", "必填项为空")
	}
	if in.Version == 0 {
		f.Add("version", "版本", "缺少版本号，请刷新页面后重试")
	}
	if err := f.Err(); err != nil {
		return legalreview.Submission{}, err
	}
	r, isReviewer, err := w.reviewFor(actor, id)
	if err != nil {
		return r, err
	}
	if r.ReviewerID == 0 || r.RoundOn == nil {
		return r, apperr.New(apperr.Conflict, "本申请尚未分配审核人员")
	}
	if !isReviewer && !actor.SeesAll() {
		return r, apperr.New(apperr.Forbidden, "审核意见由承办审核人员 "+r.ReviewerName+" 出具")
	}
	if in.On.Before(*r.RoundOn) {
		f.Add("on", "出具日期", "不能早于本轮起算日 "+r.RoundOn.String())
		return r, f.Err()
	}
	op := legalreview.Opinion{Round: r.Round, ReviewerID: r.ReviewerID, Reviewer: r.ReviewerName, Findings: in.Findings,
		Conclusion: in.Conclusion, Summary: strings.TrimSpace(in.Summary), GivenOn: in.On, StartedOn: *r.RoundOn}
	for i := range op.Findings {
		op.Findings[i].Comment = strings.TrimSpace(op.Findings[i].Comment)
	}
	if op.DueOn, err = w.runningDue(legalreview.ReviewKind, id); err != nil {
		return r, err
	}
	name := "return"
	if op.Passed() {
		name = "pass"
	}
	reason := op.Conclusion.Label()
	if op.Summary != "" {
		reason += "：" + op.Summary
	}
	invited := isReviewer && r.Invited
	if _, err := w.fireReview(legalreview.Flow, actor, legalreview.ReviewKind, id, name, in.Version, reason,
		legalreview.OpinionInput{Opinion: &op}, in.On, invited); err != nil {
		return r, err
	}
	if err := w.insertOpinion(r.ID, op); err != nil {
		return r, err
	}
	next := r
	if op.Passed() {
		next.PassedOn, next.ClosedOn = &in.On, &in.On
	}
	if err := w.updateReview(lrAudit(actor), r, next, "opinion", reason); err != nil {
		return r, err
	}
	if op.Passed() {
		if err := w.markCaseReviewed(lrAudit(actor), r.CaseID, in.On, r.Number); err != nil {
			return r, err
		}
	}
	return w.reload(id)
}

// runningDue is the due day of the item's running timer, if one runs.
func (w *txWriter) runningDue(kind string, id int64) (*calendar.Date, error) {
	var due *calendar.Date
	err := w.q.QueryRowContext(w.ctx, `SELECT t.due_on FROM workflow_timers t JOIN workflow_items i ON i.id = t.item_id
		WHERE i.record_kind = $1 AND i.record_id = $2 AND t.state = 'running' ORDER BY t.id DESC LIMIT 1`, kind, id).
		Scan(dateInto{&due})
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return due, err
}

func (w *txWriter) insertOpinion(reviewID int64, op legalreview.Opinion) error {
	var opID int64
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO legal_review_opinions (review_id, round, reviewer_id, reviewer_name,
		conclusion, summary, started_on, due_on, given_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		reviewID, op.Round, op.ReviewerID, op.Reviewer, string(op.Conclusion), op.Summary, op.StartedOn, dateOrNil(op.DueOn),
		op.GivenOn, w.s.now()).Scan(&opID); err != nil {
		return err
	}
	for _, fd := range op.Findings {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO legal_review_findings (opinion_id, item, ok, comment) VALUES ($1, $2, $3, $4)`,
			opID, string(fd.Item), fd.OK, fd.Comment); err != nil {
			return err
		}
	}
	return nil
}

// markCaseReviewed writes the day the review passed onto the case, which
// the decision gate reads (行政处罚法第五十八条), through the case file's
// own record of it. A case already marked keeps its day; a case already
// closed (a past review loaded afterwards) gets the day alone.
func (w *txWriter) markCaseReviewed(actor audit.Actor, caseID int64, on calendar.Date, number string) error {
	c, it, err := w.openCase(caseID, 0)
	if err != nil || c.ReviewPassedOn != nil {
		return err
	}
	if finished(enforcement.DefinitionOf(c.Procedure), it.State) {
		next := c
		next.ReviewPassedOn = &on
		return w.updateCase(actor, c, &next, audit.Update, "法制审核通过（"+number+"）")
	}
	_, err = w.setCaseFact(actor, CaseNote{CaseID: caseID, On: on, Note: "法制审核通过（" + number + "）"},
		enforcement.RecReview, "法制审核通过", func(c *enforcement.Case) error {
			c.ReviewPassedOn = &on
			return nil
		})
	return err
}

// ---------- resubmission ----------

// ResubmitInput is the unit's corrected submission after a return.
type ResubmitInput struct {
	Version int                  `json:"version"`
	Note    string               `json:"note"` // what was corrected
	Uploads []legalreview.Upload `json:"materials"`
	On      calendar.Date        `json:"on"`
}

// Resubmit starts the next round with the corrections: the same reviewer
// reviews it, and the opinion clock starts again.
func (s *Store) Resubmit(ctx context.Context, actor account.Actor, id int64, in ResubmitInput) (legalreview.Submission, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Submission, error) { return w.resubmit(actor, id, in) })
}

// Resubmit is Store.Resubmit inside the bulk.
func (b *Bulk) Resubmit(actor account.Actor, id int64, in ResubmitInput) (legalreview.Submission, error) {
	return b.w.resubmit(actor, id, in)
}

func (w *txWriter) resubmit(actor account.Actor, id int64, in ResubmitInput) (legalreview.Submission, error) {
	var f apperr.Fields
	in.Note = strings.TrimSpace(in.Note)
	f.Required("note", "补正说明", in.Note)
	if in.On.IsZero() {
		f.Add("on", "提交日期", "必填项为空")
	}
	if in.Version == 0 {
		f.Add("version", "版本", "缺少版本号，请刷新页面后重试")
	}
	if err := f.Err(); err != nil {
		return legalreview.Submission{}, err
	}
	if err := checkUploads(in.Uploads, legalreview.Facts{}, false); err != nil {
		return legalreview.Submission{}, err
	}
	r, _, err := w.reviewFor(actor, id)
	if err != nil {
		return r, err
	}
	if !actor.CanViewUnitRecords(r.UnitID) {
		return r, apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	if r.RoundOn != nil && in.On.Before(*r.RoundOn) {
		f.Add("on", "提交日期", "不能早于上一轮起算日 "+r.RoundOn.String())
		return r, f.Err()
	}
	if _, err := w.fireReview(legalreview.Flow, actor, legalreview.ReviewKind, id, "resubmit", in.Version, in.Note, nil, in.On, false); err != nil {
		return r, err
	}
	next := r
	next.Round, next.RoundOn = r.Round+1, &in.On
	if err := w.addRound(id, next.Round, in.On, actor.Name, in.Note); err != nil {
		return r, err
	}
	if err := w.addMaterials(id, next.Round, in.Uploads, in.On, actor.Name); err != nil {
		return r, err
	}
	if err := w.updateReview(lrAudit(actor), r, next, "resubmit", in.Note); err != nil {
		return r, err
	}
	return w.reload(id)
}

// ---------- extension, collective discussion, withdrawal ----------

// ReviewActs are the acts of ActOnReview, each needing a reason.
var ReviewActs = []string{"extend", "discuss", "discussion_pass", "discussion_return", "withdraw"}

// ActInput is one of ReviewActs.
type ActInput struct {
	Action  string        `json:"action"`
	Version int           `json:"version"`
	Reason  string        `json:"reason"`
	On      calendar.Date `json:"on"`
}

// ActOnReview applies an act that needs only a reason: extending the
// opinion period once (review.opinion_extension, counted from the day
// the period ends), referring a disagreement to the organ's collective
// discussion and recording its conclusion, or withdrawing the
// application.
func (s *Store) ActOnReview(ctx context.Context, actor account.Actor, id int64, in ActInput) (legalreview.Submission, error) {
	return inWriter(ctx, s, func(w *txWriter) (legalreview.Submission, error) { return w.actOnReview(actor, id, in) })
}

// ActOnReview is Store.ActOnReview inside the bulk.
func (b *Bulk) ActOnReview(actor account.Actor, id int64, in ActInput) (legalreview.Submission, error) {
	return b.w.actOnReview(actor, id, in)
}

func (w *txWriter) actOnReview(actor account.Actor, id int64, in ActInput) (legalreview.Submission, error) {
	var f apperr.Fields
	if !slices.Contains(ReviewActs, in.Action) {
		f.Add("action", "操作", "应为 "+strings.Join(ReviewActs, "、")+" 之一")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	f.Required("reason", "理由", in.Reason)
	if in.On.IsZero() {
		f.Add("on", "日期", "必填项为空")
	}
	if in.Version == 0 {
		f.Add("version", "版本", "缺少版本号，请刷新页面后重试")
	}
	if err := f.Err(); err != nil {
		return legalreview.Submission{}, err
	}
	r, isReviewer, err := w.reviewFor(actor, id)
	if err != nil {
		return r, err
	}
	invited := isReviewer && r.Invited && in.Action == "extend"
	if !actor.CanViewUnitRecords(r.UnitID) && !invited {
		return r, apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	timerOn := in.On
	if in.Action == "extend" {
		if timerOn, err = w.extensionStart(id, in.On); err != nil {
			return r, err
		}
	}
	if _, err := w.fireReview(legalreview.Flow, actor, legalreview.ReviewKind, id, in.Action, in.Version, in.Reason, nil, timerOn, invited); err != nil {
		return r, err
	}
	next := r
	switch in.Action {
	case "discussion_pass":
		next.Discussion, next.PassedOn, next.ClosedOn = in.Reason, &in.On, &in.On
	case "discussion_return":
		next.Discussion = in.Reason
	case "withdraw":
		next.ClosedOn = &in.On
	}
	if err := w.updateReview(lrAudit(actor), r, next, in.Action, in.Reason); err != nil {
		return r, err
	}
	if in.Action == "discussion_pass" {
		if err := w.markCaseReviewed(lrAudit(actor), r.CaseID, in.On, r.Number); err != nil {
			return r, err
		}
	}
	return w.reload(id)
}

// extensionStart is the day the extension's clock starts: the last day of
// the running opinion period, so that the extension adds to it. A period
// extended once, or already run out on day on, cannot be extended.
func (w *txWriter) extensionStart(id int64, on calendar.Date) (calendar.Date, error) {
	var name string
	var due *calendar.Date
	err := w.q.QueryRowContext(w.ctx, `SELECT t.name, t.due_on FROM workflow_timers t JOIN workflow_items i ON i.id = t.item_id
		WHERE i.record_kind = $1 AND i.record_id = $2 AND t.state = 'running' ORDER BY t.id DESC LIMIT 1`,
		legalreview.ReviewKind, id).Scan(&name, dateInto{&due})
	switch {
	case err == sql.ErrNoRows || due == nil:
		return on, apperr.New(apperr.Conflict, "审核期限未在计时，不能延长")
	case err != nil:
		return on, err
	case name != "opinion":
		return on, apperr.New(apperr.Conflict, "审核期限已延长过一次，不能再延长")
	case on.After(*due):
		return on, apperr.New(apperr.Invalid, "审核期限已于 "+due.String()+" 届满，届满后不能再延长")
	}
	return *due, nil
}

// lrAudit is the actor as the audit chain records it; a loader acting for
// a person without an account (user id below zero, as the demo's) is
// recorded by name as the system.
func lrAudit(a account.Actor) audit.Actor {
	au := a.Audit()
	if au.UserID < 0 {
		au.UserID = 0
	}
	return au
}
