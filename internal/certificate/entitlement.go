package certificate

import (
	"fmt"

	"fazhi/internal/calendar"
)

// Held is a certificate with its status history, as the entitlement
// check needs it.
type Held struct {
	Certificate
	History []StatusChange
}

// Entitlement is the answer to "was the officer entitled to act?".
type Entitlement struct {
	Entitled    bool   `json:"entitled"`
	Reason      string `json:"reason"` // why not, or which certificate entitles
	Certificate string `json:"certificate,omitempty"`
}

// Entitled decides whether a holder of certs was entitled to act for unit
// on matter (a category or matter name; "" for any) on day d: a
// certificate of that unit, issued on or before d, valid through d, in
// status valid on d, covering matter. The reason names what failed for
// the closest certificate, so a clerk knows what to fix.
func Entitled(certs []Held, unit int64, matter string, d calendar.Date) Entitlement {
	if len(certs) == 0 {
		return Entitlement{Reason: "该人员未取得行政执法证"}
	}
	reason := ""
	for _, h := range certs {
		why := refusal(h, unit, matter, d)
		if why == "" {
			return Entitlement{Entitled: true, Certificate: h.Number,
				Reason: fmt.Sprintf("持有效行政执法证 %s（%s 至 %s）", h.Number, h.IssuedOn, h.ValidUntil)}
		}
		if reason == "" || h.UnitID == unit {
			reason = why
		}
	}
	return Entitlement{Reason: reason}
}

func refusal(h Held, unit int64, matter string, d calendar.Date) string {
	switch {
	case h.UnitID != unit:
		return fmt.Sprintf("证件 %s 属于%s，不是本执法单位的证件", h.Number, h.UnitName)
	case d.Before(h.IssuedOn):
		return fmt.Sprintf("证件 %s 于 %s 才发证", h.Number, h.IssuedOn)
	case d.After(h.ValidUntil):
		return fmt.Sprintf("证件 %s 已于 %s 到期", h.Number, h.ValidUntil)
	}
	status, ok := StatusOn(h.History, d)
	if !ok {
		status = h.Status
	}
	if !status.Active() {
		return fmt.Sprintf("证件 %s 在 %s 处于“%s”状态", h.Number, d, status.Label())
	}
	if !h.Covers(matter) {
		return fmt.Sprintf("证件 %s 的执法类别不含“%s”", h.Number, matter)
	}
	return ""
}
