// Package supervise holds two tools of the legal affairs office's
// enforcement supervision (issue 5, item 6): supervision orders (督办), an
// order to a unit about a case or a matter with a reply deadline from the
// rule table, the unit's reply and the office's acceptance or return; and
// case evaluation (案卷评查), batches of closed cases drawn at random per
// unit and scored against a versioned scoring sheet.
package supervise

import (
	"strings"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/workflow"
)

// OrderKind is the audit and workflow record kind of a supervision order.
const OrderKind = "supervision_order"

// Subjects of an order.
const (
	CaseSubject   = "case"   // 个案督办
	MatterSubject = "matter" // 事项督办
)

// Subjects lists the subjects with their labels.
var Subjects = []struct{ Value, Label string }{{CaseSubject, "个案督办"}, {MatterSubject, "事项督办"}}

// SubjectLabel is the Chinese name of a subject.
func SubjectLabel(v string) string {
	for _, s := range Subjects {
		if s.Value == v {
			return s.Label
		}
	}
	return v
}

// Order is a supervision order (督办通知) of the legal affairs office to a
// unit. Its state is its workflow item's; the reply clock is the item's
// "reply" timer.
type Order struct {
	ID         int64  `json:"id"`
	Number     string `json:"number"` // 督办文号
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	Subject    string `json:"subject"`
	CaseID     int64  `json:"case_id,omitempty"`
	CaseNumber string `json:"case_number,omitempty"`
	TransferID int64  `json:"transfer_id,omitempty"`
	Title      string `json:"title"`
	Content    string `json:"content"` // 督办事项与要求

	IssuedOn      calendar.Date  `json:"issued_on"`
	IssuedBy      string         `json:"issued_by"`
	ReplyDue      *calendar.Date `json:"reply_due,omitempty"` // the running reply timer's due day
	ReplyCitation string         `json:"reply_citation,omitempty"`
	ClosedOn      *calendar.Date `json:"closed_on,omitempty"`

	State       string `json:"state"`
	StateLabel  string `json:"state_label"`
	ItemVersion int    `json:"item_version"`

	Replies []Reply `json:"replies,omitempty"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Reply is one round of the unit's reply and the office's review.
type Reply struct {
	ID         int64          `json:"id"`
	Round      int            `json:"round"`
	Text       string         `json:"text"`
	RepliedOn  calendar.Date  `json:"replied_on"`
	RepliedBy  string         `json:"replied_by"`
	Outcome    string         `json:"outcome,omitempty"` // accepted / returned; "" while under review
	Comment    string         `json:"comment,omitempty"`
	ReviewedOn *calendar.Date `json:"reviewed_on,omitempty"`
	ReviewedBy string         `json:"reviewed_by,omitempty"`
}

// Review outcomes.
const (
	Accepted = "accepted"
	Returned = "returned"
)

// Prepare trims and validates an order before it is issued.
func (o *Order) Prepare() error {
	o.Title, o.Content = strings.TrimSpace(o.Title), strings.TrimSpace(o.Content)
	var f apperr.Fields
	if o.UnitID == 0 {
		f.Add("unit_id", "督办单位", "请选择被督办单位")
	}
	switch o.Subject {
	case CaseSubject:
		if o.CaseID == 0 && o.TransferID == 0 {
			f.Add("case_id", "督办案件", "个案督办须选择案件")
		}
	case MatterSubject:
		o.CaseID, o.CaseNumber = 0, ""
	default:
		f.Add("subject", "督办类型", "请选择个案督办或事项督办")
	}
	f.Required("title", "督办事项", o.Title)
	f.Required("content", "督办要求", o.Content)
	if o.IssuedOn.IsZero() {
		f.Add("issued_on", "督办日期", "必填项为空")
	}
	return f.Err()
}

// Order states.
const (
	Issued    = "issued"    // 待回复
	Replied   = "replied"   // 已回复，待验收
	Closed    = "closed"    // 已办结
	Withdrawn = "withdrawn" // 已撤销
)

// TimerReply is the order's reply clock.
const TimerReply = "reply"

var (
	unitStaff = []account.Role{account.Clerk, account.Leader}
	office    = []account.Role{account.LegalOffice, account.Admin}
)

// OrderWorkflow is the lifecycle of an order: the unit replies within the
// period of rule supervision.order_reply; the office accepts the reply or
// returns it, which starts the period again.
var OrderWorkflow = &workflow.Definition{
	Name: "supervision_order", Label: "督办", Initial: Issued,
	States: []workflow.State{
		{Name: Issued, Label: "待回复"},
		{Name: Replied, Label: "已回复，待验收"},
		{Name: Closed, Label: "已办结", Final: true},
		{Name: Withdrawn, Label: "已撤销", Final: true},
	},
	Timers:        []workflow.Timer{{Name: TimerReply, Label: "督办回复期限", RuleKey: "supervision.order_reply"}},
	InitialTimers: []string{TimerReply},
	Transitions: []workflow.Transition{
		{Name: "reply", Label: "回复督办", From: []string{Issued}, To: Replied, Roles: unitStaff, StopTimers: []string{TimerReply}},
		{Name: "accept", Label: "验收办结", From: []string{Replied}, To: Closed, Roles: office},
		{Name: "return", Label: "退回重办", From: []string{Replied}, To: Issued, Roles: office, NeedReason: true,
			StartTimers: []string{TimerReply}},
		{Name: "withdraw", Label: "撤销督办", From: []string{Issued}, To: Withdrawn, Roles: office, NeedReason: true,
			StopTimers: []string{TimerReply}},
	},
}

// Overdue reports whether an order awaiting its reply is past its due
// day on today.
func (o Order) Overdue(today calendar.Date) bool {
	return o.State == Issued && o.ReplyDue != nil && today.After(*o.ReplyDue)
}

// DaysLeft is the number of days to the reply due day (negative when
// overdue); 0 without a running clock.
func (o Order) DaysLeft(today calendar.Date) int {
	if o.ReplyDue == nil {
		return 0
	}
	return int(o.ReplyDue.Time().Sub(today.Time()).Hours() / 24)
}

// Waiting reports whether the reply clock runs.
func (o Order) Waiting() bool { return o.State == Issued && o.ReplyDue != nil }
