package enforcement

import (
	"fazhi/internal/account"
	"fazhi/internal/workflow"
)

// States of a penalty case under the ordinary procedure.
const (
	Registered   = "registered"      // 线索登记（待立案）
	Filed        = "filed"           // 已立案（调查取证）
	Investigated = "investigated"    // 调查终结（待告知）
	Notified     = "notified"        // 已告知（陈述申辩、听证申请期间）
	Hearing      = "hearing"         // 听证
	Heard        = "heard"           // 听证结束（待决定）
	Decided      = "decided"         // 已作出处罚决定（待送达）
	Executing    = "executing"       // 已送达（执行中）
	Executed     = "executed"        // 执行完毕（待结案）
	Closed       = "closed"          // 结案
	NotFiled     = "not_filed"       // 不予立案
	NoPenaltyEnd = "no_penalty"      // 不予行政处罚
	NotEstabEnd  = "not_established" // 违法事实不能成立
	TransferEnd  = "transferred"     // 移送司法机关
	OnTheSpot    = "on_the_spot"     // 当场处罚（简易程序，待备案）
)

// Timers of a penalty case, each with the rule row of its period.
const (
	TimerFiling       = "filing"
	TimerDecide       = "decide"
	TimerHearing      = "hearing_request"
	TimerDelivery     = "delivery"
	TimerDisclosure   = "disclosure"
	TimerPayment      = "payment"
	TimerPreservation = "preservation"
	TimerCashHandIn   = "cash_hand_in"
	TimerSimpleFiling = "simple_filing"
)

// Transitions of a penalty case.
const (
	ActFile           = "file"
	ActDecline        = "decline"
	ActReport         = "report"
	ActNotify         = "notify"
	ActRequestHearing = "request_hearing"
	ActHoldHearing    = "hold_hearing"
	ActDecide         = "decide"
	ActNoPenalty      = "no_penalty"
	ActNotEstablished = "not_established"
	ActTransfer       = "transfer"
	ActDeliver        = "deliver"
	ActExecute        = "execute"
	ActClose          = "close"
	ActFileSimple     = "file_simple"
)

var (
	handlers = []account.Role{account.Officer, account.Clerk, account.Leader}
	heads    = []account.Role{account.Leader}
)

func timers() []workflow.Timer {
	return []workflow.Timer{
		{Name: TimerFiling, Label: "立案审批期限", RuleKey: "penalty.filing_decision"},
		{Name: TimerDecide, Label: "作出处罚决定期限", RuleKey: "penalty.decide"},
		{Name: TimerHearing, Label: "当事人申请听证期限", RuleKey: "penalty.hearing_request"},
		{Name: TimerDelivery, Label: "送达处罚决定书期限（当事人不在场）", RuleKey: "penalty.delivery_absent"},
		{Name: TimerDisclosure, Label: "行政处罚信息公示期限", RuleKey: "disclosure.publish_penalty"},
		{Name: TimerPayment, Label: "缴纳罚款期限", RuleKey: "penalty.payment"},
		{Name: TimerPreservation, Label: "先行登记保存处理决定期限", RuleKey: "penalty.preservation_decision"},
		{Name: TimerCashHandIn, Label: "当场收缴罚款交至行政机关期限", RuleKey: "penalty.cash_hand_in"},
	}
}

// decisionTimers stop when the head decides in any way.
var decisionTimers = []string{TimerDecide, TimerHearing, TimerPreservation}

// OrdinaryProcedure is the workflow of a case under the ordinary procedure
// (Arts. 54-65). The gates that need facts beyond the state (two entitled
// officers, the hearing windows, notice before decision, legal review,
// no heavier penalty after the defence, electronic delivery only with
// consent) are the guards; they read a *Gate the store fills.
var OrdinaryProcedure = &workflow.Definition{
	Name: "penalty_ordinary", Label: "行政处罚（普通程序）", Initial: Registered,
	States: []workflow.State{
		{Name: Registered, Label: "待立案"}, {Name: Filed, Label: "调查取证"},
		{Name: Investigated, Label: "调查终结"}, {Name: Notified, Label: "已告知"},
		{Name: Hearing, Label: "听证中"}, {Name: Heard, Label: "听证结束"},
		{Name: Decided, Label: "已决定待送达"}, {Name: Executing, Label: "执行中"},
		{Name: Executed, Label: "执行完毕"}, {Name: Closed, Label: "已结案", Final: true},
		{Name: NotFiled, Label: "不予立案", Final: true}, {Name: NoPenaltyEnd, Label: "不予处罚", Final: true},
		{Name: NotEstabEnd, Label: "违法事实不成立", Final: true}, {Name: TransferEnd, Label: "已移送司法机关", Final: true},
	},
	Timers:        timers(),
	InitialTimers: []string{TimerFiling},
	Transitions: []workflow.Transition{
		{Name: ActFile, Label: "立案", From: []string{Registered}, To: Filed, Roles: handlers,
			Guard: guard(checkFiling), StartTimers: []string{TimerDecide}, StopTimers: []string{TimerFiling}},
		{Name: ActDecline, Label: "不予立案", From: []string{Registered}, To: NotFiled, Roles: handlers,
			NeedReason: true, StopTimers: []string{TimerFiling}},
		{Name: ActReport, Label: "调查终结", From: []string{Filed}, To: Investigated, Roles: handlers,
			Guard: guard(checkReport)},
		{Name: ActNotify, Label: "告知", From: []string{Investigated}, To: Notified, Roles: handlers,
			Guard: guard(checkNotice)},
		{Name: ActRequestHearing, Label: "申请听证", From: []string{Notified}, To: Hearing, Roles: handlers,
			Guard: guard(checkHearingRequest), StopTimers: []string{TimerHearing}},
		{Name: ActHoldHearing, Label: "举行听证", From: []string{Hearing}, To: Heard, Roles: handlers,
			Guard: guard(checkHearingHeld)},
		{Name: ActDecide, Label: "作出处罚决定", From: []string{Investigated, Notified, Hearing, Heard}, To: Decided, Roles: heads,
			Guard: guard(checkDecision), StopTimers: decisionTimers, StartTimers: []string{TimerDisclosure}},
		{Name: ActNoPenalty, Label: "不予处罚", From: []string{Investigated, Notified, Heard}, To: NoPenaltyEnd, Roles: heads,
			Guard: guard(checkNoPenalty), StopTimers: decisionTimers},
		{Name: ActNotEstablished, Label: "违法事实不能成立", From: []string{Investigated, Notified, Heard}, To: NotEstabEnd,
			Roles: heads, NeedReason: true, StopTimers: decisionTimers},
		{Name: ActTransfer, Label: "移送司法机关", From: []string{Filed, Investigated, Notified, Heard}, To: TransferEnd,
			Roles: heads, NeedReason: true, StopTimers: decisionTimers},
		{Name: ActDeliver, Label: "送达", From: []string{Decided}, To: Executing, Roles: handlers,
			Guard: guard(checkDelivery), StopTimers: []string{TimerDelivery}},
		{Name: ActExecute, Label: "执行完毕", From: []string{Executing}, To: Executed, Roles: handlers,
			Guard: guard(checkExecution), StopTimers: []string{TimerPayment}},
		{Name: ActClose, Label: "结案", From: []string{Executed}, To: Closed, Roles: handlers},
	},
}

// SimpleProcedure is the workflow of an on-the-spot decision (Arts.
// 51-52): made and handed over on the spot, then filed with the unit.
var SimpleProcedure = &workflow.Definition{
	Name: "penalty_simple", Label: "行政处罚（简易程序）", Initial: OnTheSpot,
	States: []workflow.State{
		{Name: OnTheSpot, Label: "当场处罚待备案"}, {Name: Closed, Label: "已备案结案", Final: true},
	},
	Timers: timers(),
	Transitions: []workflow.Transition{
		{Name: ActFileSimple, Label: "备案", From: []string{OnTheSpot}, To: Closed, Roles: handlers,
			Guard: guard(checkSimpleFiling), StopTimers: []string{TimerCashHandIn}},
	},
}

// DefinitionOf is the workflow of a procedure.
func DefinitionOf(p Procedure) *workflow.Definition {
	if p == Simple {
		return SimpleProcedure
	}
	return OrdinaryProcedure
}

// StateLabel is the Chinese label of a state in either procedure.
func StateLabel(p Procedure, state string) string { return DefinitionOf(p).StateLabel(state) }

// OrdinaryStates lists the ordinary procedure's states in order, for
// filters and statistics.
func OrdinaryStates() []workflow.State { return OrdinaryProcedure.States }
