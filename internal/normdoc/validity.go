package normdoc

import (
	"strings"
	"time"

	"fazhi/internal/calendar"
)

// Provisional reports whether a title marks a provisional document
// (暂行 or 试行), whose validity is shorter (rule normdoc.validity_provisional).
func Provisional(title string) bool {
	return strings.Contains(title, "暂行") || strings.Contains(title, "试行")
}

// ValidityRuleKey is the rule row that gives the validity of a document
// with this title.
func ValidityRuleKey(title string) string {
	if Provisional(title) {
		return "normdoc.validity_provisional"
	}
	return "normdoc.validity"
}

// Expiry is the last day of a validity of years counted from the
// effective day: 5 years from 2017-10-01 end on 2022-09-30. A 29 February
// start ends on 28 February.
func Expiry(effective calendar.Date, years int) calendar.Date {
	return AddMonths(effective, 12*years).AddDays(-1)
}

// AddMonths adds n months (negative: subtracts), clamping to the last day
// of the target month.
func AddMonths(d calendar.Date, n int) calendar.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calendar.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// EvaluationFrom is the first day of the evaluation window: months before
// the last day of validity (rule normdoc.evaluate_before_expiry).
func EvaluationFrom(expiry calendar.Date, months int) calendar.Date {
	return AddMonths(expiry.AddDays(1), -months)
}

// Outcome is the result of the evaluation before expiry, or of a cleanup
// proposal: continue, amend, abolish or declare expired.
type Outcome string

const (
	Continue      Outcome = "continue"        // 继续有效
	AmendIt       Outcome = "amend"           // 修改
	AbolishIt     Outcome = "abolish"         // 废止
	DeclareItVoid Outcome = "declare_expired" // 宣布失效
)

// Outcomes lists the outcomes with their Chinese labels and the effect
// each writes to the ledger when decided ("" = none: the document simply
// stays in force; a renewal is written by the evaluation itself).
var Outcomes = []struct {
	Value  Outcome
	Label  string
	Effect EffectKind
}{
	{Continue, "继续有效", ""}, {AmendIt, "修改", Amend}, {AbolishIt, "废止", Repeal}, {DeclareItVoid, "宣布失效", DeclareExpired},
}

// Label is the Chinese name of o.
func (o Outcome) Label() string {
	for _, x := range Outcomes {
		if x.Value == o {
			return x.Label
		}
	}
	return string(o)
}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return o.Label() != string(o) }

// Effect is the ledger verb a decided outcome writes.
func (o Outcome) Effect() EffectKind {
	for _, x := range Outcomes {
		if x.Value == o {
			return x.Effect
		}
	}
	return ""
}
