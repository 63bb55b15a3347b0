package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

type calendarPage struct {
	basePage
	Year, Month int
	Weeks       [][]calendar.Day // Monday-first grid; zero days pad the edges
	PrevYear    int
	PrevMonth   int
	NextYear    int
	NextMonth   int
	Coverage    [2]int
	Overrides   []store.CalendarOverride
	CanEdit     bool
	Calc        deadlineCalc
	MonthErr    string
}

// deadlineCalc is the deadline calculator's input and result.
type deadlineCalc struct {
	From   string
	N      string
	Unit   string // workdays or days
	Result *deadline
	Error  string
}

// deadline is a computed last day with the rule it follows.
type deadline struct {
	From  calendar.Date `json:"from"`
	N     int           `json:"n"`
	Unit  string        `json:"unit"`
	Due   calendar.Date `json:"due"`
	Basis string        `json:"basis"`
}

const (
	workdayBasis = "按工作日计算：开始之日不计入，节假日不计入，调休上班日计入（国务院办公厅节假日安排及本平台日历调整）"
	dayBasis     = "按自然日计算：开始之日不计入；期间届满的最后一日是法定休假日的，以休假日后的第一日为期间届满的日期（民法典第二百零一条、第二百零三条）"
)

// computeDeadline is shared by the page, the API and the command line.
func computeDeadline(cal *calendar.Calendar, from calendar.Date, n int, unit string) (deadline, error) {
	d := deadline{From: from, N: n, Unit: unit}
	var err error
	switch unit {
	case "workdays":
		d.Due, err = cal.AddWorkdays(from, n)
		d.Basis = workdayBasis
	case "days":
		d.Due, err = cal.AddCalendarDays(from, n)
		d.Basis = dayBasis
	default:
		var f apperr.Fields
		f.Add("unit", "计算方式", "应为 workdays（工作日）或 days（自然日）")
		return d, f.Err()
	}
	if err != nil {
		return d, apperr.Wrap(apperr.Invalid, err.Error(), err)
	}
	return d, nil
}

func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	today := calendar.BeijingDate(s.store.Now())
	year, month := today.Year, int(today.Month)
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 1900 && y < 2200 {
		year = y
	}
	if m, err := strconv.Atoi(q.Get("month")); err == nil && m >= 1 && m <= 12 {
		month = m
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	p := &calendarPage{Year: year, Month: month, CanEdit: actorOf(r).CanManagePlatform()}
	first, last := cal.Coverage()
	p.Coverage = [2]int{first, last}
	prev := time.Date(year, time.Month(month)-1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC)
	p.PrevYear, p.PrevMonth, p.NextYear, p.NextMonth = prev.Year(), int(prev.Month()), next.Year(), int(next.Month())
	days, err := cal.Month(year, time.Month(month))
	if err != nil {
		p.MonthErr = err.Error()
	} else {
		p.Weeks = weeks(days)
	}
	if p.Overrides, err = s.store.CalendarOverrides(r.Context()); err != nil {
		return err
	}
	p.Calc = s.calc(cal, q.Get("from"), q.Get("n"), q.Get("unit"))
	s.render(w, r, "calendar", p)
	return nil
}

func (s *Server) calc(cal *calendar.Calendar, from, n, unit string) deadlineCalc {
	c := deadlineCalc{From: from, N: n, Unit: unit}
	if c.Unit == "" {
		c.Unit = "workdays"
	}
	if from == "" && n == "" {
		return c
	}
	start, err := calendar.ParseDate(strings.TrimSpace(from))
	if err != nil {
		c.Error = "开始日期：" + err.Error()
		return c
	}
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count < 1 || count > 3650 {
		c.Error = "期间：应为 1 至 3650 之间的整数"
		return c
	}
	d, err := computeDeadline(cal, start, count, c.Unit)
	if err != nil {
		c.Error = apperr.Message(err)
		return c
	}
	c.Result = &d
	return c
}

// weeks lays a month out Monday first.
func weeks(days []calendar.Day) [][]calendar.Day {
	var out [][]calendar.Day
	week := make([]calendar.Day, (int(days[0].Date.Weekday())+6)%7)
	for _, d := range days {
		week = append(week, d)
		if len(week) == 7 {
			out = append(out, week)
			week = nil
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, calendar.Day{})
		}
		out = append(out, week)
	}
	return out
}

func (s *Server) handleOverrideSave(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	d := formDate(r, "day", "日期", &f)
	if d == nil && !f.Has("day") {
		f.Add("day", "日期", "必填项为空")
	}
	if err := f.Err(); err != nil {
		return err
	}
	o := calendar.Override{Date: *d, Kind: calendar.DayKind(r.FormValue("kind")), Name: r.FormValue("name"), Reason: r.FormValue("reason")}
	if err := s.store.SaveCalendarOverride(r.Context(), actorOf(r).Audit(), o); err != nil {
		return err
	}
	flash(w, "已保存 "+d.String()+" 的日历调整")
	http.Redirect(w, r, "/calendar?year="+strconv.Itoa(d.Year)+"&month="+strconv.Itoa(int(d.Month)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleOverrideDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.FormValue("reason"))
	if reason == "" {
		reason = "管理员删除"
	}
	if err := s.store.DeleteCalendarOverride(r.Context(), actorOf(r).Audit(), id, reason); err != nil {
		return err
	}
	flash(w, "已删除日历调整")
	http.Redirect(w, r, "/calendar", http.StatusSeeOther)
	return nil
}
