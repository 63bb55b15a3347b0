// Package calendar answers "is this a working day?" for mainland China and
// counts statutory periods in working days or calendar days (domain brief
// §10.1). It combines the State Council schedules shipped in lunar-go with
// administrator overrides, and refuses to answer for years it does not know.
package calendar

import (
	"fmt"
	"time"
)

// DayKind says whether a day is a working day or a rest day.
type DayKind string

const (
	// Workday is a working day, including a weekend make-up day (调休上班).
	Workday DayKind = "workday"
	// Holiday is any rest day: a weekend, a statutory holiday or a local
	// extra holiday. Statutes treat them alike when counting working days.
	Holiday DayKind = "holiday"
)

// label is the Chinese name used in error messages.
func (k DayKind) label() string {
	switch k {
	case Workday:
		return "工作日"
	case Holiday:
		return "休息日"
	}
	return string(k)
}

// Source says where the classification of a day comes from, so a deadline
// shown to an officer can be traced back to its basis.
type Source string

const (
	// SourceRegular is the ordinary Mon–Fri work, Sat–Sun rest pattern.
	SourceRegular Source = "常规"
	// SourceStatutory is the State Council (国务院办公厅) schedule.
	SourceStatutory Source = "法定"
	// SourceOverride is an administrator entry (Override).
	SourceOverride Source = "调整"
)

// Day describes one calendar day.
type Day struct {
	Date Date
	Kind DayKind
	// Name is the festival, e.g. 春节; on a make-up workday it is the
	// festival the day compensates for. Empty on ordinary days.
	Name string
	// MakeUp is true for a weekend day that is a working day (调休上班).
	MakeUp bool
	Source Source
	// Reason is the administrator's note; set only for SourceOverride.
	Reason string
}

// IsWorkday reports whether the day is a working day.
func (d Day) IsWorkday() bool { return d.Kind == Workday }

// Override is an administrator entry that wins over the library data, e.g.
// next year's schedule entered the day it is published, or a local extra
// holiday.
type Override struct {
	Date   Date
	Kind   DayKind
	Name   string
	Reason string
}

// Validate checks an override before it is stored; use it on the input path
// so that administrators see the problem when they make it.
func (o Override) Validate() error {
	if o.Date.IsZero() || !o.Date.valid() {
		return fmt.Errorf("节假日调整记录日期无效：%s", o.Date)
	}
	if o.Kind != Workday && o.Kind != Holiday {
		return fmt.Errorf("节假日调整记录 %s 类型无效：%q，应为 %q 或 %q", o.Date, o.Kind, Workday, Holiday)
	}
	return nil
}

// NotCoveredError is returned for any date in a year for which neither the
// library nor the overrides hold a schedule. Guessing "Mon–Fri" there would
// silently produce wrong statutory deadlines around unknown holidays.
type NotCoveredError struct {
	Year int
}

func (e *NotCoveredError) Error() string {
	return fmt.Sprintf("日历未覆盖 %d 年：请管理员录入该年度节假日安排", e.Year)
}

// Calendar classifies days. It is immutable after New and therefore safe
// for concurrent use; rebuild it with New when overrides change.
type Calendar struct {
	lib           *libraryData
	overrides     map[Date]Override
	overrideYears map[int]bool
	// broken holds, per year, the first invalid or conflicting override.
	// Every query in that year fails with it: skipping the entry would
	// mean guessing what the administrator meant.
	broken      map[int]error
	first, last int
}

// New builds a Calendar from the library data and the given overrides.
// Invalid overrides do not panic; they make their year fail with a
// descriptive error (see Calendar.broken).
func New(overrides []Override) *Calendar {
	c := &Calendar{
		lib:           library(),
		overrides:     make(map[Date]Override, len(overrides)),
		overrideYears: map[int]bool{},
		broken:        map[int]error{},
	}
	for _, o := range overrides {
		c.addOverride(o)
	}
	c.first, c.last = c.coveredRange()
	return c
}

// addOverride stores one override. Two entries for the same day with
// different kinds are a conflict; identical kinds are harmless duplicates
// and the later entry's name and reason are kept.
func (c *Calendar) addOverride(o Override) {
	if err := o.Validate(); err != nil {
		c.markBroken(o.Date.Year, err)
		return
	}
	if prev, dup := c.overrides[o.Date]; dup && prev.Kind != o.Kind {
		c.markBroken(o.Date.Year, fmt.Errorf("节假日调整记录冲突：%s 同时被设为%s和%s",
			o.Date, prev.Kind.label(), o.Kind.label()))
		return
	}
	c.overrides[o.Date] = o
	c.overrideYears[o.Date.Year] = true
}

func (c *Calendar) markBroken(year int, err error) {
	if _, seen := c.broken[year]; !seen {
		c.broken[year] = err
	}
}

// coveredRange finds the earliest and latest covered years (0, 0 if none).
func (c *Calendar) coveredRange() (first, last int) {
	consider := func(year int) {
		if first == 0 || year < first {
			first = year
		}
		if year > last {
			last = year
		}
	}
	for year := range c.lib.years {
		consider(year)
	}
	for year := range c.overrideYears {
		consider(year)
	}
	return first, last
}

// Covered reports whether the calendar holds a schedule for year: the
// library has records for it or an administrator entered at least one
// override in it. Note that a single override (say a local holiday) is
// enough to mark a year covered, so enter the national schedule first.
func (c *Calendar) Covered(year int) bool {
	return c.lib.years[year] || c.overrideYears[year]
}

// Coverage returns the earliest and latest covered years, or (0, 0) when
// nothing is covered. Years in between are normally covered too; a gap can
// only arise from sparse overrides, and Covered tells each year apart.
func (c *Calendar) Coverage() (first, last int) {
	return c.first, c.last
}

// checkDate rejects dates that are not real days or whose year is unknown.
func (c *Calendar) checkDate(d Date) error {
	if !d.valid() {
		return fmt.Errorf("日期无效：%s", d)
	}
	if err := c.broken[d.Year]; err != nil {
		return err
	}
	if !c.Covered(d.Year) {
		return &NotCoveredError{Year: d.Year}
	}
	return nil
}

// DayInfo classifies d. Precedence: override, then library, then the
// ordinary weekly pattern.
func (c *Calendar) DayInfo(d Date) (Day, error) {
	if err := c.checkDate(d); err != nil {
		return Day{}, err
	}
	if o, ok := c.overrides[d]; ok {
		return overrideDay(o), nil
	}
	if rec, ok := c.lib.days[d]; ok {
		return statutoryDay(d, rec), nil
	}
	return regularDay(d), nil
}

func overrideDay(o Override) Day {
	return Day{
		Date:   o.Date,
		Kind:   o.Kind,
		Name:   o.Name,
		MakeUp: o.Kind == Workday && isWeekend(o.Date),
		Source: SourceOverride,
		Reason: o.Reason,
	}
}

func statutoryDay(d Date, rec libraryDay) Day {
	kind := Holiday
	if rec.work {
		kind = Workday
	}
	return Day{Date: d, Kind: kind, Name: rec.name, MakeUp: rec.work, Source: SourceStatutory}
}

func regularDay(d Date) Day {
	kind := Workday
	if isWeekend(d) {
		kind = Holiday
	}
	return Day{Date: d, Kind: kind, Source: SourceRegular}
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	day, err := c.DayInfo(d)
	if err != nil {
		return false, err
	}
	return day.IsWorkday(), nil
}

// AddWorkdays returns the n-th working day after from, for periods the law
// states in working days (e.g. 行政处罚法 art 85: "五日" means 工作日). The
// start day is never counted, whatever kind of day it is.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, error) {
	if n < 1 {
		return Date{}, fmt.Errorf("工作日天数无效：应至少为 1，实为 %d", n)
	}
	if !from.valid() {
		return Date{}, fmt.Errorf("起算日期无效：%s", from)
	}
	d := from
	for n > 0 {
		d = d.AddDays(1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// AddCalendarDays counts n calendar days from the day after from and, if the
// last day is not a working day, moves the deadline to the next working day.
// This is the 民事诉讼法 art 85 rule (also applied to 行政处罚法 periods):
// 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期.
// In practice 法定休假日 includes ordinary weekends, and a make-up workday
// is a working day, which is exactly what IsWorkday answers.
func (c *Calendar) AddCalendarDays(from Date, n int) (Date, error) {
	if n < 1 {
		return Date{}, fmt.Errorf("日历天数无效：应至少为 1，实为 %d", n)
	}
	if !from.valid() {
		return Date{}, fmt.Errorf("起算日期无效：%s", from)
	}
	return c.nextWorkdayFrom(from.AddDays(n))
}

// nextWorkdayFrom returns d itself if it is a working day, else the first
// working day after it.
func (c *Calendar) nextWorkdayFrom(d Date) (Date, error) {
	for {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			return d, nil
		}
		d = d.AddDays(1)
	}
}

// WorkdaysBetween counts working days in the half-open interval (from, to],
// matching AddWorkdays: WorkdaysBetween(f, AddWorkdays(f, n)) == n. When to
// is before from the result is minus the count over (to, from], so the
// function is antisymmetric; it is 0 when the dates are equal.
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	if !from.valid() || !to.valid() {
		return 0, fmt.Errorf("日期无效：%s 至 %s", from, to)
	}
	if to.Before(from) {
		n, err := c.countWorkdays(to, from)
		return -n, err
	}
	return c.countWorkdays(from, to)
}

// countWorkdays counts working days in (from, to] for from <= to.
func (c *Calendar) countWorkdays(from, to Date) (int, error) {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// AddHours adds plain clock hours. Hour periods (e.g. 310号 "24小时" for
// transferring a case to the police) run through nights, weekends and
// holidays, so the calendar is deliberately not consulted; the method lives
// here so that every period type is computed in one place.
func (c *Calendar) AddHours(from time.Time, h int) time.Time {
	return from.Add(time.Duration(h) * time.Hour)
}

// Month returns every day of the month in order, for rendering a grid.
func (c *Calendar) Month(year int, month time.Month) ([]Day, error) {
	if month < time.January || month > time.December {
		return nil, fmt.Errorf("月份无效：%d，应为 1–12", int(month))
	}
	first := Date{Year: year, Month: month, Day: 1}
	var days []Day
	for d := first; d.Month == month; d = d.AddDays(1) {
		day, err := c.DayInfo(d)
		if err != nil {
			return nil, err
		}
		days = append(days, day)
	}
	return days, nil
}
