package transfer

import (
	"fmt"
	"slices"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/workflow"
)

// States of a transfer.
const (
	Reported       = "reported"       // 移送报告已呈报，待负责人决定
	Approved       = "approved"       // 负责人批准移送，待移送公安机关
	Refused        = "refused"        // 负责人不批准移送
	Sent           = "sent"           // 已移送，待公安机关签收
	Forwarded      = "forwarded"      // 公安机关转送有管辖权的机关
	Accepted       = "accepted"       // 公安机关已签收受理，待作出立案决定
	Filed          = "filed"          // 公安机关决定立案，待移交涉案物品
	HandedOver     = "handed_over"    // 涉案物品和材料已移交
	NotFiled       = "not_filed"      // 公安机关不予立案
	Reconsidering  = "reconsidering"  // 提请复议，待公安机关复议决定
	Upheld         = "upheld"         // 复议维持不予立案
	Supervising    = "supervising"    // 建议人民检察院立案监督
	FilingOrdered  = "filing_ordered" // 人民检察院通知公安机关立案
	Administrative = "administrative" // 依法作行政处理（第十条）
	Returned       = "returned"       // 公安机关移回行政执法机关（第十三条）
)

// Timers of a transfer, each from its rule row.
const (
	TimerHead               = "head"                // 负责人决定是否移送（3日）
	TimerSend               = "send"                // 批准后移送（24小时）
	TimerReceive            = "receive"             // 公安机关签收或转送（24小时）
	TimerFiling             = "filing"              // 公安机关立案审查（3日）
	TimerReconsider         = "reconsider"          // 提请复议或建议监督（3日）
	TimerReconsiderDecision = "reconsider_decision" // 公安机关复议决定（3日）
	TimerSuggest            = "suggest"             // 复议维持后建议立案监督（3日）
	TimerSupervisedFiling   = "supervised_filing"   // 检察院通知立案后公安机关立案（15日）
	TimerHandover           = "handover"            // 立案后移交涉案物品（3日）
)

// Input is what a transition of a transfer sees: who acts and the
// transfer as it stands.
type Input struct {
	Party    Party
	Transfer Transfer
	// ForwardedTo names the organ a forwarded transfer went to.
	ForwardedTo string
}

// parties says which side fires each transition. The workflow core checks
// roles and the unit; the guard checks the side, so that the legal
// affairs office supervises without acting for a unit, and the
// procuratorate cannot act for the police.
var parties = map[string]Party{
	"approve": Unit, "refuse": Unit, "send": Unit, "request_reconsideration": Unit, "suggest_supervision": Unit,
	"handle_administratively": Unit, "hand_over": Unit,
	"accept": Police, "forward": Police, "file": Police, "not_file": Police, "uphold": Police, "return_case": Police,
	"order_filing": Procuratorate, "confirm_not_filing": Procuratorate,
}

// PartyFor is the side that fires the named transition.
func PartyFor(name string) Party { return parties[name] }

var (
	leaders  = []account.Role{account.Leader}
	partners = []account.Role{account.Partner}
)

// guard refuses a transition fired by the wrong side, then applies the
// transition's own check.
func guard(name string, check func(in Input) error) func(workflow.Item, any) error {
	return func(_ workflow.Item, v any) error {
		in, ok := v.(Input)
		if !ok {
			return apperr.New(apperr.Internal, "移送流程缺少操作方信息")
		}
		if want := parties[name]; in.Party != want {
			return apperr.New(apperr.Forbidden, fmt.Sprintf("该操作应由%s办理", want.Label()))
		}
		if check != nil {
			return check(in)
		}
		return nil
	}
}

func readyToSend(in Input) error { return in.Transfer.ReadyToSend() }

func forwardedTo(in Input) error {
	if in.ForwardedTo == "" {
		var f apperr.Fields
		f.Add("forwarded_to", "转送机关", "请写明有管辖权的机关（第七条）")
		return f.Err()
	}
	return nil
}

// Workflow is the lifecycle of a transfer under Order 310. "日" there is
// counted in calendar days (domain brief §4.5: the Order does not say
// otherwise; the rule rows carry the note).
var Workflow = &workflow.Definition{
	Name: "transfer", Label: "涉嫌犯罪案件移送", Initial: Reported,
	States: []workflow.State{
		{Name: Reported, Label: "待负责人决定"},
		{Name: Approved, Label: "已批准，待移送"},
		{Name: Refused, Label: "不予移送", Final: true},
		{Name: Sent, Label: "已移送，待公安机关签收"},
		{Name: Forwarded, Label: "公安机关已转送", Final: true},
		{Name: Accepted, Label: "公安机关已受理，待立案决定"},
		{Name: Filed, Label: "公安机关已立案，待移交物品"},
		{Name: HandedOver, Label: "已立案并移交", Final: true},
		{Name: NotFiled, Label: "公安机关不予立案"},
		{Name: Reconsidering, Label: "复议中"},
		{Name: Upheld, Label: "复议维持不予立案"},
		{Name: Supervising, Label: "检察院立案监督中"},
		{Name: FilingOrdered, Label: "检察院已通知立案"},
		{Name: Administrative, Label: "转行政处理", Final: true},
		{Name: Returned, Label: "公安机关已移回", Final: true},
	},
	Timers: []workflow.Timer{
		{Name: TimerHead, Label: "负责人决定是否移送期限", RuleKey: "transfer.head_decision"},
		{Name: TimerSend, Label: "批准后移送公安机关期限", RuleKey: "transfer.to_police"},
		{Name: TimerReceive, Label: "公安机关签收或转送期限", RuleKey: "transfer.police_forward"},
		{Name: TimerFiling, Label: "公安机关作出立案决定期限", RuleKey: "transfer.police_filing"},
		{Name: TimerReconsider, Label: "提请复议或建议立案监督期限", RuleKey: "transfer.reconsideration"},
		{Name: TimerReconsiderDecision, Label: "公安机关复议决定期限", RuleKey: "transfer.reconsideration_decision"},
		{Name: TimerSuggest, Label: "建议检察院立案监督期限", RuleKey: "transfer.supervision_suggestion"},
		{Name: TimerSupervisedFiling, Label: "公安机关依检察院通知立案期限", RuleKey: "transfer.supervised_filing"},
		{Name: TimerHandover, Label: "移交涉案物品和材料期限", RuleKey: "transfer.handover"},
	},
	InitialTimers: []string{TimerHead},
	Transitions: []workflow.Transition{
		{Name: "approve", Label: "批准移送", From: []string{Reported}, To: Approved, Roles: leaders,
			Guard: guard("approve", nil), StopTimers: []string{TimerHead}, StartTimers: []string{TimerSend}},
		{Name: "refuse", Label: "不批准移送", From: []string{Reported}, To: Refused, Roles: leaders, NeedReason: true,
			Guard: guard("refuse", nil), StopTimers: []string{TimerHead}},
		{Name: "send", Label: "移送公安机关", From: []string{Approved}, To: Sent,
			Guard: guard("send", readyToSend), StopTimers: []string{TimerSend}, StartTimers: []string{TimerReceive}},
		{Name: "accept", Label: "签收受理", From: []string{Sent}, To: Accepted, Roles: partners,
			Guard: guard("accept", nil), StopTimers: []string{TimerReceive}, StartTimers: []string{TimerFiling}},
		{Name: "forward", Label: "转送有管辖权的机关", From: []string{Sent}, To: Forwarded, Roles: partners, NeedReason: true,
			Guard: guard("forward", forwardedTo), StopTimers: []string{TimerReceive}},
		{Name: "file", Label: "决定立案", From: []string{Accepted, Reconsidering, FilingOrdered}, To: Filed, Roles: partners,
			Guard:       guard("file", nil),
			StopTimers:  []string{TimerFiling, TimerReconsiderDecision, TimerSupervisedFiling},
			StartTimers: []string{TimerHandover}},
		{Name: "not_file", Label: "决定不予立案", From: []string{Accepted}, To: NotFiled, Roles: partners, NeedReason: true,
			Guard: guard("not_file", nil), StopTimers: []string{TimerFiling}, StartTimers: []string{TimerReconsider}},
		{Name: "request_reconsideration", Label: "提请复议", From: []string{NotFiled}, To: Reconsidering, NeedReason: true,
			Guard: guard("request_reconsideration", nil), StopTimers: []string{TimerReconsider},
			StartTimers: []string{TimerReconsiderDecision}},
		{Name: "uphold", Label: "复议维持不予立案", From: []string{Reconsidering}, To: Upheld, Roles: partners, NeedReason: true,
			Guard: guard("uphold", nil), StopTimers: []string{TimerReconsiderDecision}, StartTimers: []string{TimerSuggest}},
		{Name: "suggest_supervision", Label: "建议检察院立案监督", From: []string{NotFiled, Upheld}, To: Supervising, NeedReason: true,
			Guard: guard("suggest_supervision", nil), StopTimers: []string{TimerReconsider, TimerSuggest}},
		{Name: "order_filing", Label: "通知公安机关立案", From: []string{Supervising}, To: FilingOrdered, Roles: partners, NeedReason: true,
			Guard: guard("order_filing", nil), StartTimers: []string{TimerSupervisedFiling}},
		{Name: "confirm_not_filing", Label: "认定不立案理由成立", From: []string{Supervising}, To: Administrative, Roles: partners,
			NeedReason: true, Guard: guard("confirm_not_filing", nil)},
		{Name: "handle_administratively", Label: "转行政处理", From: []string{NotFiled, Upheld}, To: Administrative, NeedReason: true,
			Guard: guard("handle_administratively", nil), StopTimers: []string{TimerReconsider, TimerSuggest}},
		{Name: "hand_over", Label: "移交涉案物品和材料", From: []string{Filed}, To: HandedOver,
			Guard: guard("hand_over", nil), StopTimers: []string{TimerHandover}},
		{Name: "return_case", Label: "移回行政执法机关", From: []string{Filed, HandedOver}, To: Returned, Roles: partners,
			NeedReason: true, Guard: guard("return_case", nil), StopTimers: []string{TimerHandover}},
	},
}

// Acting is the actor as the workflow core should check them. The core
// admits a unit's own staff (or those who see all units); a partner
// addressed by the transfer acts on the transferring unit's item, so for
// the check it stands in that unit. Everyone else is checked as they are
// (and refused).
func Acting(a account.Actor, t Transfer) account.Actor {
	if p := PartyOf(a, t); p == Police || p == Procuratorate {
		a.UnitID = t.UnitID
	}
	return a
}

// Actions lists the transitions a may fire on t now (for the buttons of
// the page): those the workflow core allows, of a's side.
func Actions(a account.Actor, t Transfer, item workflow.Item) []workflow.Transition {
	p := PartyOf(a, t)
	var out []workflow.Transition
	for _, tr := range Workflow.Available(item, Acting(a, t)) {
		if parties[tr.Name] == p {
			out = append(out, tr)
		}
	}
	return out
}

// Final reports whether state ends the transfer.
func Final(state string) bool {
	s, ok := Workflow.State(state)
	return ok && s.Final
}

// sentStates are the states in which the transfer is with public security
// (for counting and the partners' lists).
var sentStates = []string{Sent, Forwarded, Accepted, Filed, HandedOver, NotFiled, Reconsidering, Upheld, Supervising,
	FilingOrdered, Administrative, Returned}

// WithPolice reports whether a transfer in state has been sent.
func WithPolice(state string) bool { return slices.Contains(sentStates, state) }

// Stage groups states for the tabs of the list.
type Stage struct {
	Value  string
	Label  string
	States []string
}

// Stages are the groups of states a list filters by, in the order of the
// procedure.
var Stages = []Stage{
	{"deciding", "待负责人决定", []string{Reported}},
	{"sending", "待移送", []string{Approved}},
	{"police", "公安机关办理中", []string{Sent, Accepted, Reconsidering, FilingOrdered}},
	{"not_filed", "不予立案待处理", []string{NotFiled, Upheld, Supervising}},
	{"filed", "已立案", []string{Filed, HandedOver}},
	{"ended", "不予移送、转送、转行政处理、移回", []string{Refused, Forwarded, Administrative, Returned}},
}

// StageStates returns the states of a stage (nil for an unknown one).
func StageStates(stage string) []string {
	for _, s := range Stages {
		if s.Value == stage {
			return s.States
		}
	}
	return nil
}
