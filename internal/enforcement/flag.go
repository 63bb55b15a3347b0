package enforcement

import (
	"time"

	"fazhi/internal/calendar"
)

// Kinds of supervision flags the legal affairs office watches, beside the
// yellow and red warnings of the statutory timers.
const (
	FlagBlocked     = "blocked"           // an act refused by a statutory gate
	FlagOutside     = "outside_benchmark" // an amount outside the benchmark tier
	FlagNotEntitled = "not_entitled"      // an officer acting without entitlement
	FlagCrimeRisk   = "crime_risk"        // amount involved at a crime threshold, no transfer (以罚代刑 risk)
)

// FlagKinds lists the kinds with their Chinese labels.
var FlagKinds = []Option{
	{FlagBlocked, "违规操作被拦截"}, {FlagOutside, "超出裁量基准"}, {FlagNotEntitled, "执法人员无执法资格"},
	{FlagCrimeRisk, "涉嫌犯罪未移送（以罚代刑风险）"},
}

// FlagLabel is the Chinese name of a flag kind.
func FlagLabel(kind string) string { return labelOf(FlagKinds, kind) }

// Flag is a supervision flag on a case (or, for a refused registration,
// on a unit).
type Flag struct {
	ID        int64          `json:"id"`
	UnitID    int64          `json:"unit_id"`
	UnitName  string         `json:"unit_name"`
	CaseID    int64          `json:"case_id,omitempty"`
	CaseTitle string         `json:"case_title,omitempty"`
	Kind      string         `json:"kind"`
	KindLabel string         `json:"kind_label"`
	Act       string         `json:"act,omitempty"`
	Gate      string         `json:"gate,omitempty"`
	RuleKey   string         `json:"rule_key,omitempty"`
	Citation  string         `json:"citation,omitempty"`
	Message   string         `json:"message"`
	RaisedOn  calendar.Date  `json:"raised_on"`
	RaisedAt  time.Time      `json:"raised_at"`
	ActorName string         `json:"actor_name"`
	ClearedOn *calendar.Date `json:"cleared_on,omitempty"`
	ClearedBy string         `json:"cleared_by,omitempty"`
	ClearNote string         `json:"clear_note,omitempty"`
	Version   int            `json:"version"`
}

// Open reports whether the flag still needs attention.
func (f Flag) Open() bool { return f.ClearedOn == nil }

// BlockedFlag turns a refusal of act into the flag that records it.
func BlockedFlag(r *Refusal, act string) Flag {
	return Flag{Kind: FlagBlocked, Act: act, Gate: r.Gate, RuleKey: r.RuleKey, Citation: r.Citation, Message: r.Message}
}
