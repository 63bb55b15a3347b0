package disclosure

import (
	"fmt"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// RecordKind names disclosure records in the audit chain and workflows.
const RecordKind = "disclosure"

// Timers of the lifecycle.
const (
	TimerPublish  = "publish"  // 7 working days from the decision (双公示)
	TimerWithdraw = "withdraw" // 3 working days from the change of the decision (处罚法第四十八条)
)

// Transitions of the lifecycle.
const (
	ActPublish  = "publish"
	ActWithhold = "withhold"
	ActChange   = "change"
	ActWithdraw = "withdraw"
	ActExpire   = "expire"
)

// Rule keys the area reads.
const (
	RulePublish    = "disclosure.publish_penalty"
	RuleWithdraw   = "disclosure.withdraw"
	RuleMask       = "disclosure.mask_public"
	RuleAdultAge   = "disclosure.adult_age"
	RuleExportCap  = "disclosure.export_limit"
	rulePrefixShow = "disclosure.display."
)

// registrars may record a change and withdraw: the unit's clerk for its own
// records, the legal affairs office for all.
var registrars = []account.Role{account.Clerk, account.LegalOffice, account.Admin}

// Lifecycle is the disclosure workflow. A record is registered with the
// publication clock running from the decision day and is, in the same
// step, published (masked) or withheld (a minor party); a published record
// whose decision is changed or revoked is withdrawn within the statutory
// period, with the reason shown in the public withdrawal log; at the end
// of its display period the daily job expires it. Publication, withholding
// and expiry are the system's (no role may fire them by hand).
var Lifecycle = &workflow.Definition{
	Name: "disclosure", Label: "行政处罚结果公示", Initial: string(Registered),
	States: []workflow.State{
		{Name: string(Registered), Label: Registered.Label()},
		{Name: string(Published), Label: Published.Label()},
		{Name: string(Changed), Label: Changed.Label()},
		{Name: string(Withdrawn), Label: Withdrawn.Label(), Final: true},
		{Name: string(Expired), Label: Expired.Label(), Final: true},
		{Name: string(Withheld), Label: Withheld.Label(), Final: true},
	},
	Transitions: []workflow.Transition{
		{Name: ActPublish, Label: "公示", From: []string{string(Registered)}, To: string(Published),
			Roles: []account.Role{account.Admin}, StopTimers: []string{TimerPublish}},
		{Name: ActWithhold, Label: "不予公示", From: []string{string(Registered)}, To: string(Withheld),
			Roles: []account.Role{account.Admin}, StopTimers: []string{TimerPublish}, NeedReason: true},
		{Name: ActChange, Label: "登记决定变更或撤销", From: []string{string(Published)}, To: string(Changed),
			Roles: registrars, StartTimers: []string{TimerWithdraw}, NeedReason: true},
		{Name: ActWithdraw, Label: "撤回公示", From: []string{string(Changed)}, To: string(Withdrawn),
			Roles: registrars, StopTimers: []string{TimerWithdraw}, NeedReason: true},
		{Name: ActExpire, Label: "公示期满", From: []string{string(Published)}, To: string(Expired),
			Roles: []account.Role{account.Admin}},
	},
	Timers: []workflow.Timer{
		{Name: TimerPublish, Label: "行政处罚信息公示期限", RuleKey: RulePublish},
		{Name: TimerWithdraw, Label: "决定变更后撤回公示期限", RuleKey: RuleWithdraw},
	},
	InitialTimers: []string{TimerPublish},
}

// DisplayKey is the rule key of the display period of category c.
func DisplayKey(c Category) string { return rulePrefixShow + string(c) }

// DisplayUntil is the last day a record stays on display: the longest of
// its categories' display periods counted from the day it was published,
// and, for a penalty that restricts the party (a licence, business or
// practice) beyond that, the end of the restriction (国家市场监督管理总局令
// 第45号). periods holds the rule of each category as of the decision day.
// Display ends on a calendar day (it is not a time limit for anyone to
// act), so no rest day rolls it forward.
func DisplayUntil(published calendar.Date, periods map[Category]rule.Rule, cats []Category, validUntil *calendar.Date) (calendar.Date, error) {
	var until calendar.Date
	restrictive := false
	for _, c := range cats {
		r, ok := periods[c]
		if !ok {
			return until, fmt.Errorf("规则表中没有处罚类别“%s”的公示期限（%s）", c.Label(), DisplayKey(c))
		}
		n, err := r.Int()
		if err != nil {
			return until, err
		}
		var d calendar.Date
		switch r.Unit {
		case rule.Years:
			d = addMonths(published, 12*n)
		case rule.Months:
			d = addMonths(published, n)
		case rule.CalendarDays:
			d = published.AddDays(n)
		default:
			return until, fmt.Errorf("规则 %s 的单位应为年、月或日", r.Key)
		}
		if d.After(until) {
			until = d
		}
		restrictive = restrictive || c.Restrictive()
	}
	if restrictive && validUntil != nil && validUntil.After(until) {
		until = *validUntil
	}
	return until, nil
}

// addMonths adds n months, ending on the last day of the month when the
// target month is shorter (民法典第二百零二条).
func addMonths(d calendar.Date, n int) calendar.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calendar.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// MinorOn reports whether the party was a minor on day d: declared so, or
// a natural person whose resident ID gives an age under adultAge (民法典
// 第十七条: 十八周岁以上的自然人为成年人). The reason is for the record.
func (r Record) MinorOn(d calendar.Date, adultAge int) (bool, string) {
	if r.Minor {
		return true, "登记为未成年人"
	}
	if r.PartyCategory != Person || r.PartyIDType != ResidentIDCard || r.PartyID == "" {
		return false, ""
	}
	id, err := ident.ParseResidentIDAt(r.PartyID, d.Time())
	if err != nil {
		return false, ""
	}
	if age := AgeOn(id.Birth, d); age < adultAge {
		return true, fmt.Sprintf("处罚决定时当事人 %d 周岁（据公民身份号码）", age)
	}
	return false, ""
}
