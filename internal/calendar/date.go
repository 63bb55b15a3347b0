package calendar

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// dateLayout is the only textual form a Date has, on the wire and in the UI.
const dateLayout = "2006-01-02"

// Date is a calendar day without time of day or time zone. Deadlines are
// counted in whole days, so using time.Time would invite off-by-one errors
// whenever a timestamp crosses midnight in a different zone.
//
// Date is a comparable value type and can be used as a map key.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a "YYYY-MM-DD" string. Surrounding spaces are ignored;
// anything else that is not a real date is rejected, so "2025-02-30" and
// "2025-2-3" are errors rather than being normalised into other days.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("日期无效：%q，应为 YYYY-MM-DD 格式的真实日期", s)
	}
	return DateOf(t), nil
}

// DateOf returns the day of t in t's own location. Convert t to the
// office's zone (Asia/Shanghai) first if it may be in another zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Beijing is China Standard Time (UTC+8, no daylight saving): the
// platform's days and statutory clocks are Beijing days.
var Beijing = time.FixedZone("CST", 8*3600)

// BeijingDate is the Beijing day of the instant t.
func BeijingDate(t time.Time) Date { return DateOf(t.In(Beijing)) }

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC of the day. UTC is used so that day arithmetic
// never meets a DST transition.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the date n calendar days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time().AddDate(0, 0, n))
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	return d.Time().Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// IsZero reports whether d is the zero Date (an unset value).
func (d Date) IsZero() bool { return d == Date{} }

// valid reports whether d names a real day; the fields are exported, so a
// caller can build Date{2025, 2, 30}, which must not silently become March 2.
func (d Date) valid() bool {
	return d == DateOf(d.Time())
}

// MarshalText encodes the date as "YYYY-MM-DD"; the zero Date encodes as an
// empty string so that optional dates round-trip through JSON and forms.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText is the inverse of MarshalText.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
