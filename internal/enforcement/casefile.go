package enforcement

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Kinds of case-file records (案卷材料), in the order a case file lists them.
const (
	RecEvidence     = "evidence"     // 证据材料
	RecRecord       = "record"       // 笔录（询问、现场检查、勘验）
	RecPreservation = "preservation" // 先行登记保存
	RecDefence      = "defence"      // 陈述、申辩
	RecHearing      = "hearing"      // 听证笔录
	RecCollective   = "collective"   // 集体讨论记录
	RecReview       = "review"       // 法制审核意见
	RecDocument     = "document"     // 执法文书
	RecDelivery     = "delivery"     // 送达回证
	RecPayment      = "payment"      // 缴款凭证
	RecOther        = "other"        // 其他
)

// RecordKinds lists the kinds with labels; Entry marks the kinds a user
// enters directly (the others come with an act).
var RecordKinds = []struct {
	Option
	Entry bool
}{
	{Option{RecEvidence, "证据材料"}, true}, {Option{RecRecord, "笔录"}, true},
	{Option{RecPreservation, "先行登记保存"}, true}, {Option{RecDefence, "陈述申辩记录"}, false},
	{Option{RecHearing, "听证笔录"}, false}, {Option{RecCollective, "集体讨论记录"}, false},
	{Option{RecReview, "法制审核意见"}, false}, {Option{RecDocument, "执法文书"}, true},
	{Option{RecDelivery, "送达回证"}, false}, {Option{RecPayment, "缴款凭证"}, false},
	{Option{RecOther, "其他材料"}, true},
}

// RecordKindLabel is the Chinese name of a record kind.
func RecordKindLabel(k string) string {
	for _, r := range RecordKinds {
		if r.Value == k {
			return r.Label
		}
	}
	return k
}

// CaseRecord is one item of a case file.
type CaseRecord struct {
	ID        int64          `json:"id"`
	CaseID    int64          `json:"case_id"`
	Kind      string         `json:"kind"`
	Title     string         `json:"title"`
	OnDate    calendar.Date  `json:"on_date"`
	Detail    string         `json:"detail"`
	DecidedOn *calendar.Date `json:"decided_on,omitempty"` // preservation: the day it was decided
	CreatedAt time.Time      `json:"created_at"`
}

// Prepare validates a record a user enters.
func (r *CaseRecord) Prepare() error {
	r.Title, r.Detail = strings.TrimSpace(r.Title), strings.TrimSpace(r.Detail)
	var f apperr.Fields
	if RecordKindLabel(r.Kind) == r.Kind {
		f.Add("kind", "材料类别", "请选择材料类别")
	}
	f.Required("title", "材料名称", r.Title)
	if r.OnDate.IsZero() {
		f.Add("on_date", "日期", "必填项为空")
	}
	return f.Err()
}

// Period kinds of the decision period.
const (
	PeriodExtension = "extension" // 延长
	PeriodPause     = "pause"     // 不计入期限的期间
)

// Period is an extension of the decision period, or a period not counted
// in it, each allowed by a rule row.
type Period struct {
	ID        int64          `json:"id"`
	CaseID    int64          `json:"case_id"`
	Kind      string         `json:"kind"`
	RuleKey   string         `json:"rule_key"`
	Citation  string         `json:"citation"`
	From      calendar.Date  `json:"from"`
	To        *calendar.Date `json:"to,omitempty"` // a pause still running has none
	Days      int            `json:"days"`
	Reason    string         `json:"reason"`
	CreatedAt time.Time      `json:"created_at"`
}

// PeriodRules are the rule rows that allow an extension or a pause, with
// what the user picks.
var PeriodRules = []struct {
	Key, Kind, Label string
}{
	{"penalty.decide_extension", PeriodExtension, "经负责人批准延长"},
	{"penalty.decide_extension_collective", PeriodExtension, "经集体讨论再延长"},
	{"penalty.pause_suspension", PeriodPause, "案件中止"},
	{"penalty.pause_hearing", PeriodPause, "听证"},
	{"penalty.pause_announcement", PeriodPause, "公告"},
	{"penalty.pause_testing", PeriodPause, "检测、检验、检疫、鉴定"},
	{"penalty.pause_identification", PeriodPause, "权利人辨认或者鉴别"},
	{"penalty.pause_refund", PeriodPause, "责令退还多收价款"},
}

// PeriodRuleKind is the kind of period a rule key allows ("" = none).
func PeriodRuleKind(key string) (kind, label string) {
	for _, p := range PeriodRules {
		if p.Key == key {
			return p.Kind, p.Label
		}
	}
	return "", ""
}

// PausedDays is the number of days a closed pause covers, both ends
// counted.
func PausedDays(from, to calendar.Date) int {
	return int(to.Time().Sub(from.Time()).Hours()/24) + 1
}
