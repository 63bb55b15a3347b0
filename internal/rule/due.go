package rule

import (
	"fmt"
	"time"

	"fazhi/internal/calendar"
)

// Due computes the last day of the period r gives, counted from start on
// the working-day calendar:
//   - working days: the start day is not counted;
//   - calendar days, months and years: a last day that falls on a rest day
//     rolls to the next working day (民法典第二百零三条; 行政诉讼法、民事诉讼法的期间规定);
//   - months and years end on the corresponding day of the last month, or
//     that month's last day when it has none (民法典第二百零二条);
//   - hours end on the day the hours run out.
func (r Rule) Due(cal *calendar.Calendar, start calendar.Date) (calendar.Date, error) {
	n, err := r.Int()
	if err != nil {
		return calendar.Date{}, err
	}
	switch r.Unit {
	case Workdays:
		return cal.AddWorkdays(start, n)
	case CalendarDays:
		return cal.AddCalendarDays(start, n)
	case Months:
		return rollForward(cal, addMonths(start, n))
	case Years:
		return rollForward(cal, addMonths(start, 12*n))
	case Hours:
		return calendar.DateOf(start.Time().Add(time.Duration(n) * time.Hour)), nil
	}
	return calendar.Date{}, fmt.Errorf("规则 %s 的单位 %s 不是期间", r.Key, r.Unit.Label())
}

// addMonths adds n months, clamping to the last day of the target month.
func addMonths(d calendar.Date, n int) calendar.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := min(d.Day, last)
	return calendar.Date{Year: first.Year(), Month: first.Month(), Day: day}
}

func rollForward(cal *calendar.Calendar, d calendar.Date) (calendar.Date, error) {
	for range 60 {
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return calendar.Date{}, err
		}
		if ok {
			return d, nil
		}
		d = d.AddDays(1)
	}
	return calendar.Date{}, fmt.Errorf("%s 之后60日内没有工作日", d)
}

// WarnDate is the day n working days before due (due itself when n <= 0):
// the day a yellow warning is raised.
func WarnDate(cal *calendar.Calendar, due calendar.Date, n int) (calendar.Date, error) {
	d := due
	for n > 0 {
		d = d.AddDays(-1)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return calendar.Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}
