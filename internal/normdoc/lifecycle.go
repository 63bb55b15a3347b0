package normdoc

import (
	"slices"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/workflow"
)

// RecordKind names documents in the audit chain and the workflow core.
const RecordKind = "normdoc"

// States of the making lifecycle (国办发〔2018〕37号: 起草 → 合法性审核 →
// 集体审议 → 签发 → 统一登记、统一编号 → 公布 → 备案), then the legal
// statuses the effects ledger moves a document through once in force.
const (
	StDrafting     = "drafting"
	StReview       = "legality_review"
	StDeliberation = "deliberation"
	StSigning      = "signing"
	StSigned       = "signed"
	StRegistered   = "registered"
	StPublished    = "published"
	StFiled        = "in_force"
)

// Transition names of the making lifecycle.
const (
	TrSubmit     = "submit_review"
	TrPass       = "pass_review"
	TrReturn     = "return"
	TrDeliberate = "deliberate"
	TrReject     = "reject"
	TrSign       = "sign"
	TrRegister   = "register"
	TrPublish    = "publish"
	TrFile       = "file"
	// TrExisting registers a document made before the platform (from an
	// imported catalog) straight into force.
	TrExisting = "register_existing"
)

// RegisterInput is what registration needs: the document number, which
// must be valid (三统一 numbers only well-formed documents).
type RegisterInput struct{ Number string }

// PublishInput is what publication needs.
type PublishInput struct{ HasEffectiveDate bool }

var office = []account.Role{account.LegalOffice, account.Admin}

// ledgerStates are the states an effect moves a document to: the
// statuses of the vocabulary that follow entry into force.
func ledgerStates() []workflow.State {
	var out []workflow.State
	for _, s := range Statuses {
		if s.Status == InForce || s.Status == Unpublished || s.Status == Pending {
			continue
		}
		out = append(out, workflow.State{Name: string(s.Status), Label: s.Label, Final: s.Final})
	}
	return out
}

// LedgerStates are the lifecycle states a document can be in once
// published: the ones effects move between.
var LedgerStates = []string{StPublished, StFiled, string(Amended), string(Suspended), string(Abolished),
	string(Replaced), string(Expired), string(DeclaredExpired)}

// StateFor is the lifecycle state that mirrors a legal status, for a
// document already published: in force keeps "filed" or "published".
func StateFor(st Status, current string) string {
	switch st {
	case InForce, Pending, Unpublished:
		if current == StPublished || current == StFiled {
			return current
		}
		return StFiled
	}
	return string(st)
}

// ledgerTransitions mirror each effect kind in the lifecycle; the store
// fires them when an effect takes effect. Only the system fires them (the
// roles name nobody who works through the lifecycle form).
func ledgerTransitions() []workflow.Transition {
	var out []workflow.Transition
	for _, e := range Effects {
		to := string(e.Result)
		if e.Result == InForce {
			to = StFiled
		}
		out = append(out, workflow.Transition{Name: string(e.Kind), Label: e.Label, From: LedgerStates, To: to,
			Roles: []account.Role{account.Admin}})
	}
	return out
}

// IsLedgerTransition reports whether a transition is fired by the ledger
// (and so never offered on the lifecycle form).
func IsLedgerTransition(name string) bool {
	_, ok := EffectKind(name).Def()
	return ok
}

// Lifecycle is the workflow of a normative document. Timers: the legality
// review (rule normdoc.legality_review_max, working days) and the filing
// after publication (rule normdoc.filing).
var Lifecycle = &workflow.Definition{
	Name: "normdoc", Label: "规范性文件制定", Initial: StDrafting,
	States: slices.Concat([]workflow.State{
		{Name: StDrafting, Label: "起草"},
		{Name: StReview, Label: "合法性审核"},
		{Name: StDeliberation, Label: "集体审议"},
		{Name: StSigning, Label: "待签发"},
		{Name: StSigned, Label: "已签发（待登记）"},
		{Name: StRegistered, Label: "已登记编号"},
		{Name: StPublished, Label: "已公布（待备案）"},
		{Name: StFiled, Label: "施行（已备案）"},
	}, ledgerStates()),
	Timers: []workflow.Timer{
		{Name: "legality_review", Label: "合法性审核期限", RuleKey: "normdoc.legality_review_max"},
		{Name: "filing", Label: "报送备案期限", RuleKey: "normdoc.filing"},
	},
	Transitions: slices.Concat([]workflow.Transition{
		{Name: TrSubmit, Label: "送合法性审核", From: []string{StDrafting}, To: StReview,
			Roles: []account.Role{account.Clerk, account.LegalOffice, account.Admin}, StartTimers: []string{"legality_review"}},
		// 未经合法性审核或者经审核不合法的，不得提交集体审议: only the
		// legal affairs office passes a review, and deliberation follows
		// only a passed review.
		{Name: TrPass, Label: "审核通过", From: []string{StReview}, To: StDeliberation, Roles: office,
			StopTimers: []string{"legality_review"}},
		{Name: TrReturn, Label: "退回修改", From: []string{StReview}, To: StDrafting, Roles: office,
			StopTimers: []string{"legality_review"}, NeedReason: true},
		{Name: TrDeliberate, Label: "集体审议通过", From: []string{StDeliberation}, To: StSigning,
			Roles: []account.Role{account.Clerk, account.Leader, account.LegalOffice, account.Admin}},
		{Name: TrReject, Label: "集体审议未通过", From: []string{StDeliberation}, To: StDrafting,
			Roles: []account.Role{account.Clerk, account.Leader, account.LegalOffice, account.Admin}, NeedReason: true},
		{Name: TrSign, Label: "签发", From: []string{StSigning}, To: StSigned,
			Roles: []account.Role{account.Leader, account.LegalOffice, account.Admin}, Guard: needNumber},
		{Name: TrRegister, Label: "统一登记编号", From: []string{StSigned}, To: StRegistered, Roles: office, Guard: needNumber},
		{Name: TrPublish, Label: "公布", From: []string{StRegistered}, To: StPublished,
			Roles: []account.Role{account.Clerk, account.LegalOffice, account.Admin}, Guard: needEffectiveDate,
			StartTimers: []string{"filing"}},
		{Name: TrFile, Label: "备案", From: []string{StPublished}, To: StFiled, Roles: office,
			StopTimers: []string{"filing"}},
		{Name: TrExisting, Label: "登记存量文件", From: []string{StDrafting}, To: StFiled, Roles: office},
	}, ledgerTransitions()),
}

// needNumber: a document is signed under its document number.
func needNumber(_ workflow.Item, input any) error {
	in, _ := input.(RegisterInput)
	if in.Number == "" {
		return fieldErr("number", "文号", "签发前须填写文号")
	}
	if _, err := ParseDocNumber(in.Number); err != nil {
		return fieldErr("number", "文号", err.Error())
	}
	return nil
}

// needEffectiveDate: a document is published with its effective date.
func needEffectiveDate(_ workflow.Item, input any) error {
	if in, _ := input.(PublishInput); !in.HasEffectiveDate {
		return fieldErr("effective_on", "施行日期", "公布前须填写施行日期")
	}
	return nil
}

// Editable reports whether a document's particulars may still be edited
// in state: until it is signed. Afterwards only descriptive fields (tags,
// legal basis, full text, publication address) change; the rest is
// changed through the effects ledger.
func Editable(state string) bool {
	return state == StDrafting || state == StReview || state == StDeliberation || state == StSigning
}

// ErrNotEditable refuses a change of the particulars of a signed document.
var ErrNotEditable = apperr.New(apperr.Conflict, "文件已签发，名称、文号、制定单位和日期不能再修改；内容变化请登记“修改”“废止”等效力变化")
