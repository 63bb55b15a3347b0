package legalreview

import (
	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/workflow"
)

// Review states. A review runs in rounds: each resubmission after a return
// is a new round with a new opinion.
const (
	Submitted  = "submitted"  // 已提交，待分配
	InReview   = "in_review"  // 审核中
	Returned   = "returned"   // 退回补正
	Discussion = "discussion" // 提请集体讨论
	Passed     = "passed"     // 审核通过
	Withdrawn  = "withdrawn"  // 已撤回
)

// OpinionInput is what the pass and return transitions need: the opinion
// being given.
type OpinionInput struct{ Opinion *Opinion }

func opinionGuard(wantPass bool) func(workflow.Item, any) error {
	return func(_ workflow.Item, input any) error {
		in, ok := input.(OpinionInput)
		if !ok || in.Opinion == nil {
			return apperr.New(apperr.Invalid, "须出具审核意见")
		}
		if err := in.Opinion.Validate(); err != nil {
			return err
		}
		if in.Opinion.Passed() != wantPass {
			if wantPass {
				return apperr.New(apperr.Invalid, "审核结论不是“同意”，不能作审核通过")
			}
			return apperr.New(apperr.Invalid, "审核结论为“同意”时应作审核通过，而不是退回")
		}
		return nil
	}
}

// Flow is the review's lifecycle. The opinion clock (review.opinion, 7
// working days) runs from assignment; an extension adds review.opinion_extension.
// Reviewers act within their unit; invited reviewers of other units act
// through the store, which checks the invitation.
var Flow = &workflow.Definition{
	Name:    "legal_review",
	Label:   "重大执法决定法制审核",
	Initial: Submitted,
	States: []workflow.State{
		{Name: Submitted, Label: "已提交待分配"},
		{Name: InReview, Label: "审核中"},
		{Name: Returned, Label: "退回补正"},
		{Name: Discussion, Label: "提请集体讨论"},
		{Name: Passed, Label: "审核通过", Final: true},
		{Name: Withdrawn, Label: "已撤回", Final: true},
	},
	Timers: []workflow.Timer{
		{Name: "opinion", Label: "出具法制审核意见期限", RuleKey: "review.opinion"},
		{Name: "opinion_extended", Label: "延长后出具审核意见期限", RuleKey: "review.opinion_extension"},
	},
	Transitions: []workflow.Transition{
		{Name: "assign", Label: "分配审核人员", From: []string{Submitted}, To: InReview,
			Roles: []account.Role{account.Reviewer, account.LegalOffice}, StartTimers: []string{"opinion"}},
		{Name: "extend", Label: "延长审核期限", From: []string{InReview}, To: InReview, NeedReason: true,
			Roles: []account.Role{account.Reviewer, account.LegalOffice}, StopTimers: []string{"opinion"}, StartTimers: []string{"opinion_extended"}},
		{Name: "pass", Label: "同意（审核通过）", From: []string{InReview}, To: Passed, Guard: opinionGuard(true),
			Roles: []account.Role{account.Reviewer, account.LegalOffice}, StopTimers: []string{"opinion", "opinion_extended"}},
		{Name: "return", Label: "退回补正", From: []string{InReview}, To: Returned, Guard: opinionGuard(false),
			Roles: []account.Role{account.Reviewer, account.LegalOffice}, StopTimers: []string{"opinion", "opinion_extended"}},
		{Name: "resubmit", Label: "补正后重新提交", From: []string{Returned}, To: InReview,
			Roles: []account.Role{account.Clerk, account.Officer}, StartTimers: []string{"opinion"}},
		{Name: "discuss", Label: "提请集体讨论", From: []string{Returned}, To: Discussion, NeedReason: true,
			Roles: []account.Role{account.Leader}},
		{Name: "discussion_pass", Label: "集体讨论决定通过", From: []string{Discussion}, To: Passed, NeedReason: true,
			Roles: []account.Role{account.Leader}},
		{Name: "discussion_return", Label: "集体讨论决定补正", From: []string{Discussion}, To: Returned, NeedReason: true,
			Roles: []account.Role{account.Leader}},
		{Name: "withdraw", Label: "撤回审核申请", From: []string{Submitted, InReview, Returned}, To: Withdrawn, NeedReason: true,
			Roles: []account.Role{account.Clerk, account.Leader}, StopTimers: []string{"opinion", "opinion_extended"}},
	},
}

// Approval states: decisions in the approval catalogue go through the
// legal affairs office to the city government and back.
const (
	ApprovalDraft     = "draft"      // 待报送
	OfficeReview      = "office"     // 法制办审查
	GovernmentReview  = "government" // 市政府审批
	ApprovalReturned  = "returned"   // 退回单位
	ApprovalGranted   = "approved"   // 市政府批准
	ApprovalRefused   = "refused"    // 市政府不予批准
	ApprovalWithdrawn = "withdrawn"  // 已撤回
)

// ApprovalFlow is the city-government approval of a decision.
var ApprovalFlow = &workflow.Definition{
	Name:    "government_approval",
	Label:   "重大执法决定报市政府批准",
	Initial: ApprovalDraft,
	States: []workflow.State{
		{Name: ApprovalDraft, Label: "待报送"},
		{Name: OfficeReview, Label: "法制办审查中"},
		{Name: GovernmentReview, Label: "市政府审批中"},
		{Name: ApprovalReturned, Label: "退回单位"},
		{Name: ApprovalGranted, Label: "市政府已批准", Final: true},
		{Name: ApprovalRefused, Label: "市政府不予批准", Final: true},
		{Name: ApprovalWithdrawn, Label: "已撤回", Final: true},
	},
	Timers: []workflow.Timer{
		{Name: "office", Label: "法制办审查期限", RuleKey: "review.approval_office"},
		{Name: "government", Label: "市政府审批期限", RuleKey: "review.approval_government"},
	},
	Transitions: []workflow.Transition{
		{Name: "send", Label: "报送法制办", From: []string{ApprovalDraft, ApprovalReturned}, To: OfficeReview,
			Roles: []account.Role{account.Clerk, account.Leader}, StartTimers: []string{"office"}},
		{Name: "forward", Label: "法制办审查后报市政府", From: []string{OfficeReview}, To: GovernmentReview, NeedReason: true,
			Roles: []account.Role{account.LegalOffice}, StopTimers: []string{"office"}, StartTimers: []string{"government"}},
		{Name: "office_return", Label: "法制办退回", From: []string{OfficeReview}, To: ApprovalReturned, NeedReason: true,
			Roles: []account.Role{account.LegalOffice}, StopTimers: []string{"office"}},
		{Name: "approve", Label: "登记市政府批准", From: []string{GovernmentReview}, To: ApprovalGranted, NeedReason: true,
			Roles: []account.Role{account.LegalOffice}, StopTimers: []string{"government"}},
		{Name: "refuse", Label: "登记市政府不予批准", From: []string{GovernmentReview}, To: ApprovalRefused, NeedReason: true,
			Roles: []account.Role{account.LegalOffice}, StopTimers: []string{"government"}},
		{Name: "withdraw", Label: "撤回", From: []string{ApprovalDraft, OfficeReview, ApprovalReturned}, To: ApprovalWithdrawn, NeedReason: true,
			Roles: []account.Role{account.Clerk, account.Leader}, StopTimers: []string{"office"}},
	},
}
