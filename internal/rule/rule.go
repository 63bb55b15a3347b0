// Package rule holds the platform's rule table: every statutory period,
// threshold and format is a row with its legal citation, jurisdiction and
// effective dates, never a constant in code. Code asks for a rule "as of"
// the date that matters (the filing date of a case, the signing date of a
// document), so a rule amended later does not rewrite past clocks.
package rule

import (
	"fmt"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Unit is what a rule's value measures.
type Unit string

const (
	Workdays     Unit = "workdays"
	CalendarDays Unit = "days"
	Hours        Unit = "hours"
	Months       Unit = "months"
	Years        Unit = "years"
	Percent      Unit = "percent"
	Yuan         Unit = "yuan"
	Points       Unit = "points"
	MonthDay     Unit = "month_day" // a yearly due date, "03-01"
	Format       Unit = "format"    // a number or text format
	Text         Unit = "text"
)

// Units lists every unit with its Chinese label, in display order.
var Units = []struct {
	Unit  Unit
	Label string
}{
	{Workdays, "工作日"}, {CalendarDays, "日（自然日）"}, {Hours, "小时"},
	{Months, "个月"}, {Years, "年"}, {Percent, "%"}, {Yuan, "元"},
	{Points, "分"}, {MonthDay, "每年月-日"}, {Format, "格式"}, {Text, "文本"},
}

// Label is the Chinese name of u.
func (u Unit) Label() string {
	for _, x := range Units {
		if x.Unit == u {
			return x.Label
		}
	}
	return string(u)
}

// Jurisdictions from the most specific to the most general; a local row
// overrides a provincial one, which overrides the national default.
var Jurisdictions = []string{"慈溪市", "宁波市", "浙江省", "全国"}

// Rule is one row of the table.
type Rule struct {
	ID            int64          `json:"id"`
	Key           string         `json:"key"`
	Title         string         `json:"title"`
	Value         string         `json:"value"`
	Unit          Unit           `json:"unit"`
	Citation      string         `json:"citation"`
	Verification  string         `json:"verification"` // V, S or U as in the domain brief
	Jurisdiction  string         `json:"jurisdiction"`
	EffectiveFrom calendar.Date  `json:"effective_from"`
	EffectiveTo   *calendar.Date `json:"effective_to,omitempty"` // last day in force; nil = open
	Note          string         `json:"note"`
	Version       int            `json:"version"`
}

// Int returns the value as an integer, for periods and amounts.
func (r Rule) Int() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.Value))
	if err != nil {
		return 0, fmt.Errorf("规则 %s 的值 %q 不是整数", r.Key, r.Value)
	}
	return n, nil
}

// InForce reports whether r applies on day d.
func (r Rule) InForce(d calendar.Date) bool {
	if d.Before(r.EffectiveFrom) {
		return false
	}
	return r.EffectiveTo == nil || !d.After(*r.EffectiveTo)
}

// VerificationLabel explains the verification tag.
func (r Rule) VerificationLabel() string {
	switch r.Verification {
	case "V":
		return "已核对法律原文"
	case "S":
		return "二手来源，待核对"
	case "U":
		return "未核实，启用前须核对公报"
	}
	return ""
}

// Pick chooses, among candidate rows of one key, the row that applies on
// day d: in force on d, most specific jurisdiction, latest start.
func Pick(rows []Rule, d calendar.Date) (Rule, bool) {
	best, found := Rule{}, false
	for _, r := range rows {
		if !r.InForce(d) {
			continue
		}
		if !found || better(r, best) {
			best, found = r, true
		}
	}
	return best, found
}

func better(a, b Rule) bool {
	ra, rb := rank(a.Jurisdiction), rank(b.Jurisdiction)
	if ra != rb {
		return ra < rb
	}
	return a.EffectiveFrom.After(b.EffectiveFrom)
}

func rank(j string) int {
	for i, x := range Jurisdictions {
		if x == j {
			return i
		}
	}
	return len(Jurisdictions)
}

// Validate checks a row before it is stored.
func (r Rule) Validate() error {
	var f apperr.Fields
	f.Required("key", "规则键", r.Key)
	f.Required("title", "名称", r.Title)
	f.Required("value", "取值", r.Value)
	f.Required("citation", "法律依据", r.Citation)
	if rank(r.Jurisdiction) == len(Jurisdictions) {
		f.Add("jurisdiction", "适用地域", "应为 "+strings.Join(Jurisdictions, "、")+" 之一")
	}
	if r.Unit.Label() == string(r.Unit) {
		f.Add("unit", "单位", "未知的单位："+string(r.Unit))
	}
	if numeric(r.Unit) && !f.Has("value") {
		if n, err := strconv.Atoi(strings.TrimSpace(r.Value)); err != nil || n < 0 {
			f.Add("value", "取值", "应为非负整数")
		}
	}
	if r.EffectiveFrom == (calendar.Date{}) {
		f.Add("effective_from", "生效日期", "必填项为空")
	}
	if r.EffectiveTo != nil && r.EffectiveTo.Before(r.EffectiveFrom) {
		f.Add("effective_to", "失效日期", "不能早于生效日期")
	}
	return f.Err()
}

func numeric(u Unit) bool {
	switch u {
	case Workdays, CalendarDays, Hours, Months, Years, Percent, Yuan, Points:
		return true
	}
	return false
}

// NotFoundError says no row applies.
func NotFoundError(key string, d calendar.Date) error {
	return apperr.New(apperr.NotFound, fmt.Sprintf("规则表中没有 %s 在 %s 适用的条目", key, d))
}
