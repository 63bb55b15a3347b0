// Package legalreview decides the legal review of major enforcement
// decisions (重大行政执法决定法制审核, 行政处罚法第五十八条, 国办发〔2018〕118号):
// which cases a unit's catalogue sends to review or to the city
// government for approval, who may review, what an opinion must contain,
// and when a review has passed. It is pure; the store keeps the records.
package legalreview

import (
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Kind is the kind of a catalogue rule: which case attribute it tests.
type Kind string

const (
	FineAtLeast         Kind = "fine_at_least"         // fine ≥ Amount for the party type
	ConfiscationAtLeast Kind = "confiscation_at_least" // confiscation ≥ Amount
	LicenceRevocation   Kind = "licence_revocation"    // 吊销许可证件
	Suspension          Kind = "suspension"            // 责令停产停业、关闭
	HearingHeld         Kind = "hearing_held"          // 经过听证
	OutsideBenchmark    Kind = "outside_benchmark"     // 超出裁量基准
	MajorPublicInterest Kind = "major_public_interest" // 涉及重大公共利益
	ComplexCase         Kind = "complex_case"          // 案情疑难复杂、涉及多个法律关系
	ManualReferral      Kind = "manual_referral"       // 承办机构负责人认为需要审核
	AllOrdinary         Kind = "all_ordinary"          // 一律审核普通程序案件 (some catalogues)
)

// kinds lists every rule kind with its Chinese label, in display order.
var kinds = []struct {
	Kind  Kind
	Label string
}{
	{FineAtLeast, "罚款数额达到标准"},
	{ConfiscationAtLeast, "没收违法所得、非法财物价值达到标准"},
	{LicenceRevocation, "吊销许可证件"},
	{Suspension, "责令停产停业、责令关闭、限制从业"},
	{HearingHeld, "经过听证程序"},
	{OutsideBenchmark, "处罚超出裁量基准（从轻、减轻或从重）"},
	{MajorPublicInterest, "涉及重大公共利益"},
	{ComplexCase, "案情疑难复杂、涉及多个法律关系"},
	{ManualReferral, "承办机构负责人认为需要审核"},
	{AllOrdinary, "普通程序作出的处罚决定"},
}

// Kinds returns the rule kinds in display order.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for i, k := range kinds {
		out[i] = k.Kind
	}
	return out
}

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	for _, e := range kinds {
		if e.Kind == k {
			return e.Label
		}
	}
	return string(k)
}

func (k Kind) valid() bool { return k.Label() != string(k) }

// hasAmount reports whether rules of this kind carry a threshold.
func (k Kind) hasAmount() bool { return k == FineAtLeast || k == ConfiscationAtLeast }

// Party types a threshold can be limited to.
const (
	AnyParty = ""             // the rule applies to every party
	Person   = "person"       // 公民
	Org      = "organisation" // 法人或者其他组织
)

// PartyLabel is the Chinese name of a party type.
func PartyLabel(p string) string {
	switch p {
	case Person:
		return "公民"
	case Org:
		return "法人或者其他组织"
	}
	return "不限"
}

// Rule is one line of a catalogue.
type Rule struct {
	Kind      Kind   `json:"kind"`
	PartyType string `json:"party_type,omitempty"` // for amounts: Person, Org or AnyParty
	Amount    int64  `json:"amount,omitempty"`     // yuan, for FineAtLeast and ConfiscationAtLeast
	Note      string `json:"note,omitempty"`       // the catalogue's own wording
}

// Describe is the rule in words, e.g. "罚款数额达到标准（公民 1万元以上）".
func (r Rule) Describe() string {
	if !r.Kind.hasAmount() {
		return r.Kind.Label()
	}
	return fmt.Sprintf("%s（%s %s以上）", r.Kind.Label(), PartyLabel(r.PartyType), Yuan(r.Amount))
}

// Yuan formats an amount in yuan the way catalogues write it.
func Yuan(v int64) string {
	if v >= 10000 && v%10000 == 0 {
		return fmt.Sprintf("%d万元", v/10000)
	}
	return fmt.Sprintf("%d元", v)
}

// Purpose says what a catalogue decides.
type Purpose string

const (
	Review   Purpose = "review"   // 重大执法决定法制审核目录
	Approval Purpose = "approval" // 报市政府批准的执法决定目录
)

// Label is the catalogue's Chinese name.
func (p Purpose) Label() string {
	if p == Approval {
		return "报请市政府批准的重大执法决定目录"
	}
	return "重大执法决定法制审核目录"
}

// Catalog is one version of a unit's catalogue. A new version takes over
// from its effective date; the one in force on a case's decision date
// applies.
type Catalog struct {
	ID            int64         `json:"id"`
	UnitID        int64         `json:"unit_id"`
	UnitName      string        `json:"unit_name,omitempty"`
	Purpose       Purpose       `json:"purpose"`
	Version       int           `json:"version"` // 1, 2, … per unit and purpose
	EffectiveFrom calendar.Date `json:"effective_from"`
	Basis         string        `json:"basis"` // the document that issued it, e.g. 慈市监〔2024〕3号
	Rules         []Rule        `json:"rules"`
	Published     bool          `json:"published"`
}

// Validate checks a catalogue before it is saved.
func (c *Catalog) Validate() error {
	var f apperr.Fields
	if c.UnitID == 0 {
		f.Add("unit_id", "单位", "请选择单位")
	}
	if c.Purpose != Review && c.Purpose != Approval {
		f.Add("purpose", "目录类型", "只能是 review（法制审核）或 approval（报市政府批准）")
	}
	if c.EffectiveFrom.IsZero() {
		f.Add("effective_from", "施行日期", "必填项为空")
	}
	c.Basis = strings.TrimSpace(c.Basis)
	if c.Basis == "" {
		f.Add("basis", "制定依据", "请填写发布目录的文件文号")
	}
	if len(c.Rules) == 0 {
		f.Add("rules", "审核情形", "目录至少要有一条")
	}
	for i, r := range c.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		switch {
		case !r.Kind.valid():
			f.Add(field, "审核情形", fmt.Sprintf("第 %d 条：未知的情形 %q", i+1, r.Kind))
		case r.Kind.hasAmount() && r.Amount <= 0:
			f.Add(field, "审核情形", fmt.Sprintf("第 %d 条：%s须填写大于零的金额", i+1, r.Kind.Label()))
		case r.Kind.hasAmount() && r.PartyType != AnyParty && r.PartyType != Person && r.PartyType != Org:
			f.Add(field, "审核情形", fmt.Sprintf("第 %d 条：当事人类型只能是公民或法人或者其他组织", i+1))
		case !r.Kind.hasAmount() && r.Amount != 0:
			f.Add(field, "审核情形", fmt.Sprintf("第 %d 条：%s不设金额", i+1, r.Kind.Label()))
		}
	}
	return f.Err()
}

// Facts are the attributes of a case that catalogue rules test; the
// enforcement area fills them from the case and its intended decision.
type Facts struct {
	PartyType           string // Person or Org
	Ordinary            bool   // ordinary procedure (not on-the-spot)
	Fine                int64  // yuan
	Confiscation        int64  // yuan: illegal gains and the value of illegal property
	LicenceRevocation   bool
	Suspension          bool
	HearingHeld         bool
	OutsideBenchmark    bool
	MajorPublicInterest bool
	Complex             bool
	Referred            bool // the handling head referred it by hand
}

// Match is a rule that applies to a case, with why.
type Match struct {
	Rule   Rule   `json:"rule"`
	Reason string `json:"reason"`
}

// Applies returns the rules of the catalogue that the facts meet; an
// empty result means the catalogue does not require review (or approval).
func (c *Catalog) Applies(f Facts) []Match {
	var out []Match
	for _, r := range c.Rules {
		if why, ok := r.meets(f); ok {
			out = append(out, Match{Rule: r, Reason: why})
		}
	}
	return out
}

func (r Rule) meets(f Facts) (string, bool) {
	party := r.PartyType == AnyParty || r.PartyType == f.PartyType
	switch r.Kind {
	case FineAtLeast:
		return fmt.Sprintf("对%s罚款 %s，达到 %s", PartyLabel(f.PartyType), Yuan(f.Fine), Yuan(r.Amount)), party && f.Fine >= r.Amount
	case ConfiscationAtLeast:
		return fmt.Sprintf("没收 %s，达到 %s", Yuan(f.Confiscation), Yuan(r.Amount)), party && f.Confiscation >= r.Amount
	case LicenceRevocation:
		return "拟吊销许可证件", f.LicenceRevocation
	case Suspension:
		return "拟责令停产停业或关闭", f.Suspension
	case HearingHeld:
		return "案件经过听证", f.HearingHeld
	case OutsideBenchmark:
		return "处罚金额超出裁量基准档次范围", f.OutsideBenchmark
	case MajorPublicInterest:
		return "涉及重大公共利益", f.MajorPublicInterest
	case ComplexCase:
		return "案情疑难复杂、涉及多个法律关系", f.Complex
	case ManualReferral:
		return "承办机构负责人提交审核", f.Referred
	case AllOrdinary:
		return "普通程序案件一律审核", f.Ordinary
	}
	return "", false
}

// InForce picks, from a unit's catalogue versions of one purpose, the one
// in force on d (the latest effective on or before d), or nil.
func InForce(versions []Catalog, d calendar.Date) *Catalog {
	var best *Catalog
	for i := range versions {
		v := &versions[i]
		if v.EffectiveFrom.After(d) {
			continue
		}
		if best == nil || v.EffectiveFrom.After(best.EffectiveFrom) ||
			(v.EffectiveFrom == best.EffectiveFrom && v.Version > best.Version) {
			best = v
		}
	}
	return best
}

// StatutoryMatches are the cases the law itself sends to review whatever
// the catalogue says (行政处罚法第五十八条第一款第三项: decided after a
// hearing), so a unit without a catalogue still cannot skip them.
func StatutoryMatches(f Facts) []Match {
	r := Rule{Kind: HearingHeld, Note: "《中华人民共和国行政处罚法》第五十八条第一款第三项"}
	if why, ok := r.meets(f); ok {
		return []Match{{Rule: r, Reason: why}}
	}
	return nil
}

// Required merges the catalogue's matches with the statutory ones,
// without listing a kind twice.
func Required(c *Catalog, f Facts) []Match {
	var out []Match
	if c != nil {
		out = c.Applies(f)
	}
	for _, m := range StatutoryMatches(f) {
		if !slices.ContainsFunc(out, func(o Match) bool { return o.Rule.Kind == m.Rule.Kind }) {
			out = append(out, m)
		}
	}
	return out
}
