package certificate

import (
	"fmt"
	"slices"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Action changes a certificate's status.
type Action string

const (
	Withhold Action = "withhold" // 暂扣
	Restore  Action = "restore"  // 恢复（暂扣期满或纠正后）
	Cancel   Action = "cancel"   // 注销
	Revoke   Action = "revoke"   // 吊销
	Expire   Action = "expire"   // 过期（系统）
	Reissue  Action = "reissue"  // 挂失补发：原证作废，发新证
	Transfer Action = "transfer" // 调动换发：原证作废，在新单位发新证
	Renew    Action = "renew"    // 到期换发：原证作废，发新证
)

// Transition is one allowed status change.
type Transition struct {
	Action Action
	Label  string
	From   []Status
	To     Status
	// NewCertificate: the action issues a successor certificate.
	NewCertificate bool
}

// Transitions is the status machine of a certificate. Statuses other than
// valid and withheld are final: a voided card never comes back.
var Transitions = []Transition{
	{Withhold, "暂扣", []Status{Valid}, Withheld, false},
	{Restore, "恢复", []Status{Withheld}, Valid, false},
	{Cancel, "注销", []Status{Valid, Withheld, Expired}, Cancelled, false},
	{Revoke, "吊销", []Status{Valid, Withheld}, Revoked, false},
	{Expire, "过期", []Status{Valid, Withheld}, Expired, false},
	{Reissue, "挂失补发", []Status{Valid}, Reissued, true},
	{Transfer, "调动换发", []Status{Valid}, Replaced, true},
	{Renew, "到期换发", []Status{Valid, Expired}, Replaced, true},
}

// TransitionFor finds the transition of action from status s, with a
// Chinese reason when it is not allowed.
func TransitionFor(s Status, a Action) (Transition, error) {
	i := slices.IndexFunc(Transitions, func(t Transition) bool { return t.Action == a })
	if i < 0 {
		return Transition{}, apperr.New(apperr.Invalid, "未知的证件操作："+string(a))
	}
	t := Transitions[i]
	if !slices.Contains(t.From, s) {
		return t, apperr.New(apperr.Conflict, fmt.Sprintf("证件当前为“%s”，不能%s", s.Label(), t.Label))
	}
	return t, nil
}

// Available lists the actions allowed from s (for the buttons on a page).
func Available(s Status) []Transition {
	var out []Transition
	for _, t := range Transitions {
		if slices.Contains(t.From, s) && t.Action != Expire {
			out = append(out, t)
		}
	}
	return out
}

// StatusChange is one entry of a certificate's status history.
type StatusChange struct {
	Status Status        `json:"status"`
	From   calendar.Date `json:"from"`
	Reason string        `json:"reason"`
}

// StatusOn is the status a certificate had on day d, from its history
// (ordered by date); before issue it had none.
func StatusOn(history []StatusChange, d calendar.Date) (Status, bool) {
	var s Status
	found := false
	for _, h := range history {
		if h.From.After(d) {
			break
		}
		s, found = h.Status, true
	}
	return s, found
}
