package enforcement

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// Gate is what a guard of a case transition sees: the case as it would
// be after the act (Case), as it was stored (Before), the legal date of
// the act, and the facts the store gathered — the rule rows in force and
// the dates computed on the working-day calendar.
type Gate struct {
	Case   Case
	Before Case
	On     calendar.Date
	// Rules are the rows the gates cite, as of the relevant day.
	Rules map[string]rule.Rule
	// Officers are the entitlement checks of the officers named for the
	// act (filing, simple procedure).
	Officers []OfficerCheck
	// Benchmark is the version in force for the case, when the matter has one.
	Benchmark *Benchmark
	// HearingRequestDue is the last day to request a hearing (notice + 5
	// working days); HearingEarliest the first day a hearing may be held
	// (hearing notice + 7 working days).
	HearingRequestDue calendar.Date
	HearingEarliest   calendar.Date
	// Evidence counts the evidence items and written records on file;
	// OpenPreservations the preservations not yet decided.
	Evidence          int
	OpenPreservations int
	// Surcharge is the late-payment surcharge due on the payment day.
	Surcharge Money
}

// OfficerCheck is the entitlement of one officer named for an act.
type OfficerCheck struct {
	PersonID    int64  `json:"person_id"`
	Name        string `json:"name"`
	Entitled    bool   `json:"entitled"`
	Reason      string `json:"reason"`
	Certificate string `json:"certificate,omitempty"`
}

// Refusal is a statutory gate that refused an act: the rule and its
// citation, and the message. The store records every refusal as a
// supervision flag (a blocked attempt) before returning it.
type Refusal struct {
	Gate     string // a short name of the gate, e.g. "notice"
	RuleKey  string
	Citation string
	Message  string
	Field    string // the offending field, when one is
	Label    string
}

func (r *Refusal) Error() string { return r.Message }

// Unwrap gives the edge its kind (Invalid) and the field.
func (r *Refusal) Unwrap() error {
	e := &apperr.Error{Kind: apperr.Invalid, Message: r.Message}
	if r.Field != "" {
		e.Fields = []apperr.FieldError{{Field: r.Field, Label: r.Label, Message: r.Message}}
		e.Message = "不能执行该操作"
	}
	return e
}

// AsRefusal finds a refusal in err.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// refuse builds a refusal citing the rule row key (its citation as the
// gate saw it; the key alone when the row is missing).
func (g *Gate) refuse(gate, key, field, label, format string, args ...any) *Refusal {
	cite := g.Rules[key].Citation
	msg := fmt.Sprintf(format, args...)
	if cite != "" {
		msg += "（" + cite + "）"
	}
	return &Refusal{Gate: gate, RuleKey: key, Citation: cite, Message: msg, Field: field, Label: label}
}

// ruleInt reads an integer rule of the gate, def when missing.
func (g *Gate) ruleInt(key string, def int) int {
	if r, ok := g.Rules[key]; ok {
		if n, err := r.Int(); err == nil {
			return n
		}
	}
	return def
}

// guard adapts a gate check to the workflow's guard signature.
func guard(check func(g *Gate) error) func(workflow.Item, any) error {
	return func(_ workflow.Item, input any) error {
		g, ok := input.(*Gate)
		if !ok || g == nil {
			return apperr.New(apperr.Internal, "案件流转缺少审查信息")
		}
		return check(g)
	}
}

// Gate names, for supervision flags and statistics.
const (
	GateOfficers     = "officers"
	GateLimitation   = "limitation"
	GateEvidence     = "evidence"
	GatePreservation = "preservation"
	GateBenchmark    = "benchmark"
	GateNotice       = "notice"
	GateHearing      = "hearing"
	GateReview       = "review"
	GateApproval     = "approval"
	GateCollective   = "collective"
	GateNoIncrease   = "no_increase"
	GateDelivery     = "delivery"
	GatePayment      = "payment"
	GateSimple       = "simple"
)

// GateLabels name the gates in Chinese.
var GateLabels = map[string]string{
	GateOfficers: "执法人员资格", GateLimitation: "追责时效", GateEvidence: "调查取证", GatePreservation: "先行登记保存",
	GateBenchmark: "裁量基准", GateNotice: "事先告知", GateHearing: "听证", GateReview: "法制审核", GateApproval: "市政府批准",
	GateCollective: "集体讨论", GateNoIncrease: "不得因申辩加重处罚", GateDelivery: "送达", GatePayment: "缴纳罚款",
	GateSimple: "简易程序适用条件",
}

// checkOfficers: at least the rule's number of officers entitled for the
// matter and unit on the day (Art. 42); the refusal names each officer
// who is not, and why.
func checkOfficers(g *Gate) error {
	need := g.ruleInt("penalty.min_officers", 2)
	var ok int
	var why []string
	seen := map[int64]bool{}
	for _, o := range g.Officers {
		if seen[o.PersonID] {
			continue
		}
		seen[o.PersonID] = true
		if o.Entitled {
			ok++
		} else {
			why = append(why, o.Name+"："+o.Reason)
		}
	}
	if ok >= need {
		return nil
	}
	msg := fmt.Sprintf("须有至少 %d 名在 %s 具有本单位“%s”执法资格的执法人员，现有 %d 名", need, g.On, g.Case.MatterCategory, ok)
	if len(why) > 0 {
		msg += "。" + strings.Join(why, "；")
	}
	return g.refuse(GateOfficers, "penalty.min_officers", "officers", "执法人员", "%s", msg)
}

// checkFiling: two entitled officers, and the limitation period not run
// out (Art. 36).
func checkFiling(g *Gate) error {
	c := g.Case
	if c.FiledOn == nil {
		return g.refuse(GateOfficers, "penalty.decide", "filed_on", "立案日期", "请填写立案日期")
	}
	if c.FiledOn.Before(c.SourceOn) {
		return g.refuse(GateOfficers, "penalty.filing_decision", "filed_on", "立案日期", "立案日期不能早于发现线索的日期 %s", c.SourceOn)
	}
	if err := checkOfficers(g); err != nil {
		return err
	}
	return checkLimitation(g)
}

// checkLimitation refuses a filing after the limitation period (Art. 36):
// two years from the act, counted by the rule as of the filing day.
func checkLimitation(g *Gate) error {
	c := g.Case
	if c.ViolationOn == nil {
		return nil
	}
	years := g.ruleInt("penalty.limitation", 2)
	end := calendar.DateOf(c.ViolationOn.Time().AddDate(years, 0, 0))
	if c.FiledOn.After(end) {
		return g.refuse(GateLimitation, "penalty.limitation", "violation_on", "违法行为发生日期",
			"违法行为发生于 %s，至 %s 已超过 %d 年追责时效，不再给予行政处罚；请作不予立案处理", c.ViolationOn, c.FiledOn, years)
	}
	return nil
}

// checkReport: the investigation closes with evidence on file and every
// evidence preservation decided (Art. 56).
func checkReport(g *Gate) error {
	if g.Evidence == 0 {
		return g.refuse(GateEvidence, "penalty.preservation_decision", "", "",
			"案卷中没有任何证据材料或笔录，不能终结调查；请先登记调查取证材料")
	}
	if g.OpenPreservations > 0 {
		return g.refuse(GatePreservation, "penalty.preservation_decision", "", "",
			"有 %d 项先行登记保存尚未作出处理决定，须在七个工作日内作出处理决定", g.OpenPreservations)
	}
	if g.Case.ReportOn != nil && g.Case.FiledOn != nil && g.Case.ReportOn.Before(*g.Case.FiledOn) {
		return g.refuse(GateEvidence, "penalty.decide", "report_on", "调查终结日期", "调查终结日期不能早于立案日期")
	}
	return nil
}

// checkBenchmark: when the matter has a benchmark in force, a tier of it
// is chosen, and an amount outside its range carries a written reason
// (which makes legal review mandatory — see ReviewRequired).
func checkBenchmark(g *Gate, fine Money) error {
	c := g.Case
	if g.Benchmark == nil {
		return nil
	}
	t, ok := g.Benchmark.Tier(c.TierID)
	if !ok {
		return g.refuse(GateBenchmark, "penalty.benchmark_deviation", "tier_id", "裁量阶次",
			"事项“%s”有在 %s 施行的裁量基准（第 %d 版），请选择适用的裁量阶次", c.MatterName, g.On, g.Benchmark.Version)
	}
	if in, why := t.Within(fine, c.IllegalGains); !in && strings.TrimSpace(c.DeviationReason) == "" {
		return g.refuse(GateBenchmark, "penalty.benchmark_deviation", "deviation_reason", "超出裁量基准的理由",
			"%s；超出裁量基准须书面说明理由，并经法制审核", why)
	}
	return nil
}

// checkNotice: the prior notice states the intended penalty within the
// benchmark (or with a reason), after the investigation (Arts. 44, 45).
func checkNotice(g *Gate) error {
	c := g.Case
	if c.NoticeOn == nil {
		return g.refuse(GateNotice, "penalty.hearing_request", "notice_on", "告知日期", "请填写告知日期")
	}
	if c.ReportOn != nil && c.NoticeOn.Before(*c.ReportOn) {
		return g.refuse(GateNotice, "penalty.hearing_request", "notice_on", "告知日期", "告知日期不能早于调查终结日期 %s", c.ReportOn)
	}
	if len(SplitKinds(c.NoticeKinds)) == 0 {
		return g.refuse(GateNotice, "penalty.hearing_request", "notice_kinds", "拟处罚种类", "请选择拟作出的处罚种类")
	}
	if hasKind(c.NoticeKinds, "fine") && c.NoticeFine <= 0 {
		return g.refuse(GateNotice, "penalty.hearing_request", "notice_fine", "拟罚款金额", "拟处罚种类含罚款，请填写拟罚款金额")
	}
	return checkBenchmark(g, c.NoticeFine)
}

func hasKind(kinds, k string) bool { return slices.Contains(SplitKinds(kinds), k) }

// checkHearingRequest: the party has the right (Art. 63) and asks within
// 5 working days of the notice (Art. 64(1)).
func checkHearingRequest(g *Gate) error {
	c := g.Case
	if !c.HearingRight {
		return g.refuse(GateHearing, "penalty.hearing_fine_org", "", "",
			"拟作出的处罚不属于应当告知听证权利的情形，不组织听证")
	}
	if g.On.After(g.HearingRequestDue) {
		return g.refuse(GateHearing, "penalty.hearing_request", "hearing_requested_on", "申请听证日期",
			"告知日 %s 起五个工作日内（至 %s）未提出听证申请，视为放弃；%s 提出的申请已超过期限", c.NoticeOn, g.HearingRequestDue, g.On)
	}
	return nil
}

// checkHearingHeld: the party was told time and place at least 7 working
// days before the hearing (Art. 64(2)).
func checkHearingHeld(g *Gate) error {
	c := g.Case
	if c.HearingNoticeOn == nil || c.HearingOn == nil {
		return g.refuse(GateHearing, "penalty.hearing_notice", "hearing_on", "听证日期", "请填写听证通知送达日期和听证日期")
	}
	if c.HearingOn.Before(g.HearingEarliest) {
		return g.refuse(GateHearing, "penalty.hearing_notice", "hearing_on", "听证日期",
			"听证通知于 %s 送达，听证最早可于 %s 举行（应在听证的七日前通知），%s 举行不符合规定", c.HearingNoticeOn, g.HearingEarliest, c.HearingOn)
	}
	return nil
}

// checkDecision holds every gate before a penalty decision: prior notice
// (Art. 62), the hearing (Arts. 63-65), legal review (Art. 58),
// collective discussion (Art. 57), the benchmark, and no heavier penalty
// than the notice stated (Art. 45).
func checkDecision(g *Gate) error {
	c := g.Case
	if c.NoticeOn == nil {
		return g.refuse(GateNotice, "penalty.prior_notice", "", "",
			"未向当事人告知拟作出的行政处罚内容及事实、理由、依据和陈述、申辩、要求听证的权利，不得作出行政处罚决定")
	}
	if c.DecidedOn == nil {
		return g.refuse(GateNotice, "penalty.decide", "decided_on", "决定日期", "请填写决定日期")
	}
	if c.DecidedOn.Before(*c.NoticeOn) {
		return g.refuse(GateNotice, "penalty.prior_notice", "decided_on", "决定日期", "决定日期不能早于告知日期 %s", c.NoticeOn)
	}
	if err := checkHearingDone(g); err != nil {
		return err
	}
	if ReviewRequired(c) && c.ReviewPassedOn == nil {
		return g.refuse(GateReview, "penalty.legal_review", "", "",
			"本案须经法制审核（%s），未经法制审核或者审核未通过的，不得作出决定", strings.Join(ReviewReasons(c), "；"))
	}
	if len(c.ApprovalReasons) > 0 && c.ApprovalGrantedOn == nil {
		return g.refuse(GateApproval, "review.approval_government", "", "",
			"本案属于报请市政府批准的重大执法决定（%s），市政府批准前不得作出决定", strings.Join(c.ApprovalReasons, "；"))
	}
	if c.CollectiveRequired && c.CollectiveOn == nil {
		return g.refuse(GateCollective, "penalty.collective", "", "",
			"情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定；本案尚无集体讨论记录")
	}
	if err := checkNoIncrease(g); err != nil {
		return err
	}
	if len(SplitKinds(c.PenaltyKinds)) == 0 {
		return g.refuse(GateNotice, "penalty.prior_notice", "penalty_kinds", "处罚种类", "请选择处罚种类")
	}
	return checkBenchmark(g, c.Fine)
}

// checkHearingDone: a requested hearing was held, and no decision is made
// while the party may still ask for one.
func checkHearingDone(g *Gate) error {
	c := g.Case
	if c.HearingRequestedOn != nil && !c.HearingHeld {
		return g.refuse(GateHearing, "penalty.hearing_notice", "", "",
			"当事人已于 %s 申请听证，听证尚未举行，不得作出决定", c.HearingRequestedOn)
	}
	if c.HearingRight && c.HearingRequestedOn == nil && !c.DecidedOn.After(g.HearingRequestDue) {
		return g.refuse(GateHearing, "penalty.hearing_request", "decided_on", "决定日期",
			"当事人申请听证的期限至 %s 届满，期限届满前不得作出决定", g.HearingRequestDue)
	}
	return nil
}

// checkNoIncrease: the decision may not be heavier than the notice (Art.
// 45: not because of the defence; heavier for other reasons needs a new
// notice).
func checkNoIncrease(g *Gate) error {
	c := g.Case
	var extra []string
	for _, k := range SplitKinds(c.PenaltyKinds) {
		if !hasKind(c.NoticeKinds, k) {
			extra = append(extra, labelOf(PenaltyKinds, k))
		}
	}
	switch {
	case c.Fine > c.NoticeFine:
		return g.refuse(GateNoIncrease, "penalty.no_increase", "fine", "罚款金额",
			"决定罚款 %s 元高于告知的 %s 元：不得因当事人陈述、申辩而加重处罚；如因新的事实须加重，应重新告知", c.Fine, c.NoticeFine)
	case c.Confiscation > c.NoticeConfiscation:
		return g.refuse(GateNoIncrease, "penalty.no_increase", "confiscation", "没收金额",
			"决定没收金额 %s 元高于告知的 %s 元，应重新告知", c.Confiscation, c.NoticeConfiscation)
	case len(extra) > 0:
		return g.refuse(GateNoIncrease, "penalty.no_increase", "penalty_kinds", "处罚种类",
			"决定增加了告知中没有的处罚种类（%s），应重新告知", strings.Join(extra, "、"))
	}
	return nil
}

// checkNoPenalty: a decision not to penalise states its legal ground.
func checkNoPenalty(g *Gate) error {
	c := g.Case
	if NoPenaltyReasonLabel(c.NoPenaltyReason) == c.NoPenaltyReason {
		return g.refuse(GateNotice, "penalty.decide", "no_penalty_reason", "不予处罚理由", "请选择不予处罚的法定情形")
	}
	if c.DecidedOn == nil {
		return g.refuse(GateNotice, "penalty.decide", "decided_on", "决定日期", "请填写决定日期")
	}
	return nil
}

// checkDelivery: a known method; electronic delivery only with the
// party's signed consent (Art. 61).
func checkDelivery(g *Gate) error {
	c := g.Case
	if DeliveryLabel(c.DeliveryMethod) == c.DeliveryMethod {
		return g.refuse(GateDelivery, "penalty.delivery_absent", "delivery_method", "送达方式", "请选择送达方式")
	}
	if c.DeliveryMethod == "electronic" && !c.ElectronicConsent {
		return g.refuse(GateDelivery, "penalty.electronic_delivery", "delivery_method", "送达方式",
			"当事人未同意并签订确认书，不得以传真、电子邮件等方式送达行政处罚决定书")
	}
	if c.DeliveredOn == nil || (c.DecidedOn != nil && c.DeliveredOn.Before(*c.DecidedOn)) {
		return g.refuse(GateDelivery, "penalty.delivery_absent", "delivered_on", "送达日期", "送达日期不能为空，也不能早于决定日期")
	}
	return nil
}

// checkExecution: the fine and any surcharge are paid (Arts. 67, 72).
func checkExecution(g *Gate) error {
	c := g.Case
	if c.Fine == 0 && c.Confiscation == 0 {
		return nil
	}
	if c.PaidOn == nil {
		return g.refuse(GatePayment, "penalty.payment", "paid_on", "缴款日期", "请填写缴款日期")
	}
	if due := c.Fine + c.Confiscation + g.Surcharge; c.Paid < due {
		return g.refuse(GatePayment, "penalty.late_surcharge_rate", "paid", "实缴金额",
			"应缴 %s 元（罚没款 %s 元，加处罚款 %s 元），实缴 %s 元，尚未执行完毕", due, c.Fine+c.Confiscation, g.Surcharge, c.Paid)
	}
	return nil
}

// checkSimpleFiling: the on-the-spot decision is filed on or after the day.
func checkSimpleFiling(g *Gate) error {
	c := g.Case
	if c.ClosedOn != nil && c.DecidedOn != nil && c.ClosedOn.Before(*c.DecidedOn) {
		return g.refuse(GateSimple, "penalty.simple_max_person", "closed_on", "备案日期", "备案日期不能早于当场处罚日期")
	}
	return nil
}

// CheckSimple decides whether a case may be decided on the spot (Art. 51):
// facts certain with a legal basis, a warning or a fine up to the rule's
// limit for the party's kind, and entitled officers (Arts. 42, 52).
func CheckSimple(g *Gate) error {
	c := g.Case
	key, who := "penalty.simple_max_person", "公民"
	if c.Party.Kind.Organisational() {
		key, who = "penalty.simple_max_org", "法人或者其他组织"
	}
	limit := Yuan(int64(g.ruleInt(key, 0)))
	for _, k := range SplitKinds(c.PenaltyKinds) {
		if k != "warning" && k != "fine" {
			return g.refuse(GateSimple, key, "penalty_kinds", "处罚种类", "简易程序只能当场作出警告或者罚款，不能作出“%s”", labelOf(PenaltyKinds, k))
		}
	}
	if len(SplitKinds(c.PenaltyKinds)) == 0 {
		return g.refuse(GateSimple, key, "penalty_kinds", "处罚种类", "请选择处罚种类（警告或者罚款）")
	}
	if c.Fine > limit {
		return g.refuse(GateSimple, key, "fine", "罚款金额",
			"对%s当场罚款不得超过 %s 元，本案 %s 元应适用普通程序", who, limit, c.Fine)
	}
	if c.DecidedOn == nil {
		return g.refuse(GateSimple, key, "decided_on", "处罚日期", "请填写当场处罚日期")
	}
	return checkOfficers(g)
}
