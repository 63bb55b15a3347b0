package enforcement

import (
	"fmt"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Benchmark is one version of a matter's discretion benchmark (裁量基准,
// Art. 34): its tiers with conditions and ranges, in force from
// EffectiveFrom through EffectiveTo (nil = open). A case applies the
// version in force on the day of the violation (the decision day when
// that is unknown) and records its id and version.
type Benchmark struct {
	ID            int64          `json:"id"`
	MatterID      int64          `json:"matter_id"`
	MatterCode    string         `json:"matter_code"`
	MatterName    string         `json:"matter_name"`
	UnitID        int64          `json:"unit_id"`
	UnitName      string         `json:"unit_name"`
	Version       int            `json:"version"`
	EffectiveFrom calendar.Date  `json:"effective_from"`
	EffectiveTo   *calendar.Date `json:"effective_to,omitempty"`
	Source        string         `json:"source"` // 裁量基准来源
	Published     bool           `json:"published"`
	Tiers         []Tier         `json:"tiers"`
	CreatedAt     time.Time      `json:"created_at"`
}

// Tier is a tier (阶次) of a benchmark: when it applies and what range.
type Tier struct {
	ID           int64  `json:"id"`
	BenchmarkID  int64  `json:"benchmark_id"`
	Seq          int    `json:"seq"`
	Name         string `json:"name"`       // 不予处罚 / 减轻 / 从轻 / 一般 / 从重, or 情节轻微 / 一般 / 较重 / 严重
	Conditions   string `json:"conditions"` // 适用条件
	PenaltyKinds string `json:"penalty_kinds"`
	// MinFine and MaxFine bound the fine; MaxFine nil = no figure (a
	// multiple, or a warning only).
	MinFine Money  `json:"min_fine"`
	MaxFine *Money `json:"max_fine,omitempty"`
	// MinMultiple and MaxMultiple bound the fine as hundredths of the
	// illegal gains (150 = 1.5 times); 0 = not by multiple.
	MinMultiple int  `json:"min_multiple"`
	MaxMultiple int  `json:"max_multiple"`
	NoPenalty   bool `json:"no_penalty"` // the tier is "不予处罚"
	// RangeText is the range as published (e.g. "1万元以上2万元以下").
	RangeText string `json:"range_text"`
}

// TierNames are the usual tier names, for forms and the demo.
var TierNames = []string{"不予处罚", "减轻处罚", "从轻处罚", "一般处罚", "从重处罚"}

// InForce reports whether b applies on day d.
func (b Benchmark) InForce(d calendar.Date) bool {
	return !d.Before(b.EffectiveFrom) && (b.EffectiveTo == nil || !d.After(*b.EffectiveTo))
}

// Tier looks a tier of b up by id.
func (b Benchmark) Tier(id int64) (Tier, bool) {
	for _, t := range b.Tiers {
		if t.ID == id {
			return t, true
		}
	}
	return Tier{}, false
}

// PickBenchmark chooses the version in force on d, the latest start
// winning when versions overlap.
func PickBenchmark(versions []Benchmark, d calendar.Date) (Benchmark, bool) {
	var best Benchmark
	found := false
	for _, b := range versions {
		if b.InForce(d) && (!found || b.EffectiveFrom.After(best.EffectiveFrom) ||
			(b.EffectiveFrom == best.EffectiveFrom && b.Version > best.Version)) {
			best, found = b, true
		}
	}
	return best, found
}

// Bounds is the fine range of t for a case with illegal gains: the
// figures, or the multiples of the gains, whichever the tier states (both
// when it states both: the wider applies). max < 0 means no upper bound.
func (t Tier) Bounds(gains Money) (min, max Money) {
	min, max = t.MinFine, -1
	if t.MaxFine != nil {
		max = *t.MaxFine
	}
	if t.MaxMultiple > 0 && gains > 0 {
		lo, hi := gains*Money(t.MinMultiple)/100, gains*Money(t.MaxMultiple)/100
		if t.MinFine == 0 && t.MaxFine == nil {
			return lo, hi
		}
		min = minMoney(min, lo)
		if max >= 0 {
			max = maxMoney(max, hi)
		}
	}
	if t.NoPenalty {
		return 0, 0
	}
	return min, max
}

func minMoney(a, b Money) Money {
	if a < b {
		return a
	}
	return b
}

func maxMoney(a, b Money) Money {
	if a > b {
		return a
	}
	return b
}

// Within reports whether fine lies inside t's range for illegal gains,
// and says why not.
func (t Tier) Within(fine, gains Money) (bool, string) {
	lo, hi := t.Bounds(gains)
	if t.NoPenalty && fine > 0 {
		return false, fmt.Sprintf("“%s”阶次不予处罚，拟罚款 %s 元", t.Name, fine)
	}
	if fine < lo {
		return false, fmt.Sprintf("拟罚款 %s 元低于“%s”阶次下限 %s 元（%s）", fine, t.Name, lo, t.RangeLabel())
	}
	if hi >= 0 && fine > hi {
		return false, fmt.Sprintf("拟罚款 %s 元高于“%s”阶次上限 %s 元（%s）", fine, t.Name, hi, t.RangeLabel())
	}
	return true, ""
}

// RangeLabel is the range in words: the published text, else figures.
func (t Tier) RangeLabel() string {
	if t.RangeText != "" {
		return t.RangeText
	}
	if t.NoPenalty {
		return "不予处罚"
	}
	var parts []string
	switch {
	case t.MaxFine != nil && t.MinFine > 0:
		parts = append(parts, fmt.Sprintf("罚款 %s 元至 %s 元", t.MinFine, *t.MaxFine))
	case t.MaxFine != nil:
		parts = append(parts, fmt.Sprintf("罚款 %s 元以下", *t.MaxFine))
	case t.MinFine > 0:
		parts = append(parts, fmt.Sprintf("罚款 %s 元以上", t.MinFine))
	}
	if t.MaxMultiple > 0 {
		parts = append(parts, fmt.Sprintf("违法所得 %s 倍至 %s 倍罚款", multiple(t.MinMultiple), multiple(t.MaxMultiple)))
	}
	if len(parts) == 0 {
		return t.PenaltyKinds
	}
	return strings.Join(parts, "；")
}

func multiple(h int) string {
	if h%100 == 0 {
		return fmt.Sprint(h / 100)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%d.%02d", h/100, h%100), "0"), ".")
}

// Prepare validates a benchmark version before it is stored.
func (b *Benchmark) Prepare() error {
	b.Source = strings.TrimSpace(b.Source)
	var f apperr.Fields
	if b.MatterID == 0 {
		f.Add("matter_id", "执法事项", "必填项为空")
	}
	if b.EffectiveFrom.IsZero() {
		f.Add("effective_from", "生效日期", "必填项为空")
	}
	if b.EffectiveTo != nil && b.EffectiveTo.Before(b.EffectiveFrom) {
		f.Add("effective_to", "失效日期", "不能早于生效日期")
	}
	if len(b.Tiers) == 0 {
		f.Add("tiers", "裁量阶次", "至少填写一个阶次")
	}
	seen := map[string]bool{}
	for i := range b.Tiers {
		t := &b.Tiers[i]
		t.Seq = i + 1
		t.Name, t.Conditions = strings.TrimSpace(t.Name), strings.TrimSpace(t.Conditions)
		t.PenaltyKinds, t.RangeText = strings.TrimSpace(t.PenaltyKinds), strings.TrimSpace(t.RangeText)
		label := fmt.Sprintf("第 %d 阶次", i+1)
		switch {
		case t.Name == "":
			f.Add("tiers", "裁量阶次", label+"的名称为空")
		case seen[t.Name]:
			f.Add("tiers", "裁量阶次", label+"“"+t.Name+"”重复")
		}
		seen[t.Name] = true
		if t.Conditions == "" {
			f.Add("tiers", "裁量阶次", label+"的适用条件为空")
		}
		if t.MaxFine != nil && *t.MaxFine < t.MinFine {
			f.Add("tiers", "裁量阶次", label+"的罚款上限低于下限")
		}
		if t.MinFine < 0 || t.MinMultiple < 0 || t.MaxMultiple < t.MinMultiple {
			f.Add("tiers", "裁量阶次", label+"的幅度无效")
		}
	}
	return f.Err()
}
