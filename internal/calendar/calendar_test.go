package calendar

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// day parses a test date or fails the test.
func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// span lists every date from first to last inclusive.
func span(t *testing.T, first, last string) []string {
	t.Helper()
	var out []string
	for d := day(t, first); !d.After(day(t, last)); d = d.AddDays(1) {
		out = append(out, d.String())
	}
	return out
}

// TestPublishedSchedules checks the library data against the 国务院办公厅
// schedules for 2025 and 2026 (as listed in the domain brief §10.1). All
// entries agree with lunar-go v1.4.7; no deviation had to be recorded.
func TestPublishedSchedules(t *testing.T) {
	tests := []struct {
		name     string
		workdays []string // weekend days that are make-up workdays
		holidays []string
	}{
		{
			name:     "2025 元旦",
			holidays: []string{"2025-01-01"},
		},
		{
			name:     "2025 春节",
			workdays: []string{"2025-01-26", "2025-02-08"},
			holidays: span(t, "2025-01-28", "2025-02-04"),
		},
		{
			name:     "2025 清明",
			holidays: span(t, "2025-04-04", "2025-04-06"),
		},
		{
			name:     "2025 劳动节",
			workdays: []string{"2025-04-27"},
			holidays: span(t, "2025-05-01", "2025-05-05"),
		},
		{
			name:     "2025 端午",
			holidays: span(t, "2025-05-31", "2025-06-02"),
		},
		{
			name:     "2025 国庆中秋",
			workdays: []string{"2025-09-28", "2025-10-11"},
			holidays: span(t, "2025-10-01", "2025-10-08"),
		},
		{
			name:     "2026 元旦",
			workdays: []string{"2026-01-04"},
			holidays: span(t, "2026-01-01", "2026-01-03"),
		},
		{
			name:     "2026 春节",
			workdays: []string{"2026-02-14", "2026-02-28"},
			holidays: span(t, "2026-02-15", "2026-02-23"),
		},
		{
			name:     "2026 劳动节",
			workdays: []string{"2026-05-09"},
			holidays: span(t, "2026-05-01", "2026-05-05"),
		},
		{
			name:     "2026 国庆",
			workdays: []string{"2026-09-20", "2026-10-10"},
			holidays: span(t, "2026-10-01", "2026-10-07"),
		},
	}
	c := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.workdays {
				got, err := c.DayInfo(day(t, s))
				if err != nil {
					t.Fatal(err)
				}
				if !got.IsWorkday() || !got.MakeUp || got.Source != SourceStatutory {
					t.Errorf("%s = %+v, want statutory make-up workday", s, got)
				}
			}
			for _, s := range tt.holidays {
				got, err := c.DayInfo(day(t, s))
				if err != nil {
					t.Fatal(err)
				}
				if got.IsWorkday() || got.MakeUp || got.Source != SourceStatutory {
					t.Errorf("%s = %+v, want statutory holiday", s, got)
				}
			}
		})
	}
}

func TestDayInfo(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name string
		date string
		want Day
	}{
		{
			name: "spring festival",
			date: "2025-01-29",
			want: Day{Kind: Holiday, Name: "春节", Source: SourceStatutory},
		},
		{
			name: "make-up Sunday names its festival",
			date: "2025-01-26",
			want: Day{Kind: Workday, Name: "春节", MakeUp: true, Source: SourceStatutory},
		},
		{
			name: "ordinary Monday",
			date: "2025-03-03",
			want: Day{Kind: Workday, Source: SourceRegular},
		},
		{
			name: "ordinary Saturday",
			date: "2025-03-08",
			want: Day{Kind: Holiday, Source: SourceRegular},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Date = day(t, tt.date)
			got, err := c.DayInfo(tt.want.Date)
			if err != nil || got != tt.want {
				t.Fatalf("DayInfo(%s) = %+v, %v; want %+v", tt.date, got, err, tt.want)
			}
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "over National Day", from: "2025-09-30", n: 1, want: "2025-10-09"},
		{name: "onto make-up Sunday", from: "2025-01-24", n: 1, want: "2025-01-26"},
		{name: "start on a holiday is not counted", from: "2025-10-01", n: 1, want: "2025-10-09"},
		// Mon 04-28: 04-29, 04-30, then 05-01..05-05 off, then 05-06, 05-07, 05-08.
		{name: "hearing request five days", from: "2025-04-28", n: 5, want: "2025-05-08"},
		{name: "plain week", from: "2025-03-03", n: 5, want: "2025-03-10"},
		{name: "across year end", from: "2025-12-30", n: 2, want: "2026-01-04"},
		// Both make-up Saturdays (02-14, 02-28) count; 02-15..02-23 do not.
		{name: "disclosure twenty days across spring festival", from: "2026-02-10", n: 20, want: "2026-03-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorkdays(day(t, tt.from), tt.n)
			if err != nil || got.String() != tt.want {
				t.Fatalf("AddWorkdays(%s, %d) = %v, %v; want %s", tt.from, tt.n, got, err, tt.want)
			}
		})
	}
}

func TestAddCalendarDays(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "last day on National Day rolls to first workday", from: "2025-09-16", n: 15, want: "2025-10-09"},
		// 2025-12-17 + 15 = 2026-01-01 (元旦); 01-02 and 01-03 are off too,
		// and 01-04 is a make-up Sunday, so the period ends that Sunday.
		{name: "New Year then make-up Sunday", from: "2025-12-17", n: 15, want: "2026-01-04"},
		{name: "last day is a workday", from: "2025-03-01", n: 15, want: "2025-03-17"},
		{name: "ordinary weekend rolls to Monday", from: "2025-03-01", n: 14, want: "2025-03-17"},
		{name: "last day is a make-up Saturday", from: "2025-10-01", n: 10, want: "2025-10-11"},
		{name: "ninety-day case limit", from: "2025-07-04", n: 90, want: "2025-10-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddCalendarDays(day(t, tt.from), tt.n)
			if err != nil || got.String() != tt.want {
				t.Fatalf("AddCalendarDays(%s, %d) = %v, %v; want %s", tt.from, tt.n, got, err, tt.want)
			}
		})
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{name: "over National Day", from: "2025-09-30", to: "2025-10-09", want: 1},
		{name: "reversed is negative", from: "2025-10-09", to: "2025-09-30", want: -1},
		{name: "same day", from: "2025-10-09", to: "2025-10-09", want: 0},
		{name: "weekend then make-up Sunday", from: "2025-01-24", to: "2025-01-26", want: 1},
		{name: "plain week", from: "2025-03-03", to: "2025-03-10", want: 5},
		{name: "inside a holiday", from: "2025-10-01", to: "2025-10-08", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.WorkdaysBetween(day(t, tt.from), day(t, tt.to))
			if err != nil || got != tt.want {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tt.from, tt.to, got, err, tt.want)
			}
		})
	}
}

// TestWorkdaysBetweenInvertsAddWorkdays pins the documented relation
// between the two functions over a stretch full of holidays.
func TestWorkdaysBetweenInvertsAddWorkdays(t *testing.T) {
	c := New(nil)
	for from := day(t, "2025-09-20"); from.Before(day(t, "2025-10-15")); from = from.AddDays(1) {
		for n := 1; n <= 12; n++ {
			to, err := c.AddWorkdays(from, n)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.WorkdaysBetween(from, to)
			if err != nil || got != n {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", from, to, got, err, n)
			}
		}
	}
}

func TestArgumentErrors(t *testing.T) {
	c := New(nil)
	from := Date{2025, time.March, 3}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{
			name: "zero workdays",
			call: func() error { _, err := c.AddWorkdays(from, 0); return err },
			want: "工作日天数无效：应至少为 1，实为 0",
		},
		{
			name: "negative calendar days",
			call: func() error { _, err := c.AddCalendarDays(from, -3); return err },
			want: "日历天数无效：应至少为 1，实为 -3",
		},
		{
			name: "unreal start date",
			call: func() error { _, err := c.AddWorkdays(Date{2025, time.February, 30}, 1); return err },
			want: "起算日期无效：2025-02-30",
		},
		{
			name: "unreal day",
			call: func() error { _, err := c.IsWorkday(Date{2025, time.April, 31}); return err },
			want: "日期无效：2025-04-31",
		},
		{
			name: "unreal interval end",
			call: func() error { _, err := c.WorkdaysBetween(from, Date{2025, time.June, 31}); return err },
			want: "日期无效：2025-03-03 至 2025-06-31",
		},
		{
			name: "bad month",
			call: func() error { _, err := c.Month(2025, 13); return err },
			want: "月份无效：13，应为 1–12",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNotCovered(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name     string
		call     func() error
		wantYear int
	}{
		{
			name:     "query far in the future",
			call:     func() error { _, err := c.IsWorkday(Date{2031, time.March, 3}); return err },
			wantYear: 2031,
		},
		{
			name:     "first year after the library data",
			call:     func() error { _, err := c.DayInfo(Date{2028, time.January, 3}); return err },
			wantYear: 2028,
		},
		{
			name:     "before the library data",
			call:     func() error { _, err := c.IsWorkday(Date{2001, time.June, 1}); return err },
			wantYear: 2001,
		},
		{
			name:     "working-day period running out of the data",
			call:     func() error { _, err := c.AddWorkdays(Date{2027, time.December, 28}, 5); return err },
			wantYear: 2028,
		},
		{
			name:     "calendar period landing outside the data",
			call:     func() error { _, err := c.AddCalendarDays(Date{2027, time.December, 1}, 60); return err },
			wantYear: 2028,
		},
		{
			name: "interval reaching outside the data",
			call: func() error {
				_, err := c.WorkdaysBetween(Date{2027, time.December, 1}, Date{2028, time.January, 5})
				return err
			},
			wantYear: 2028,
		},
		{
			name:     "month grid",
			call:     func() error { _, err := c.Month(2031, time.May); return err },
			wantYear: 2031,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var nc *NotCoveredError
			if !errors.As(err, &nc) || nc.Year != tt.wantYear {
				t.Fatalf("error = %v, want NotCoveredError for %d", err, tt.wantYear)
			}
		})
	}
}

func TestNotCoveredMessage(t *testing.T) {
	want := "日历未覆盖 2028 年：请管理员录入该年度节假日安排"
	if got := (&NotCoveredError{Year: 2028}).Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCoverage(t *testing.T) {
	tests := []struct {
		name        string
		overrides   []Override
		first, last int
		covered     map[int]bool
	}{
		{
			name:    "library only",
			first:   2002,
			last:    2027,
			covered: map[int]bool{2001: false, 2002: true, 2025: true, 2027: true, 2028: false},
		},
		{
			name:      "override-only year",
			overrides: []Override{{Date: Date{2028, time.January, 1}, Kind: Holiday, Name: "元旦"}},
			first:     2002,
			last:      2028,
			covered:   map[int]bool{2028: true, 2029: false},
		},
		{
			name:      "sparse override leaves a gap",
			overrides: []Override{{Date: Date{2030, time.October, 1}, Kind: Holiday, Name: "国庆节"}},
			first:     2002,
			last:      2030,
			covered:   map[int]bool{2028: false, 2029: false, 2030: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(tt.overrides)
			if first, last := c.Coverage(); first != tt.first || last != tt.last {
				t.Errorf("Coverage() = %d, %d; want %d, %d", first, last, tt.first, tt.last)
			}
			for year, want := range tt.covered {
				if got := c.Covered(year); got != want {
					t.Errorf("Covered(%d) = %v, want %v", year, got, want)
				}
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	c := New([]Override{
		{Date: Date{2025, time.March, 5}, Kind: Holiday, Name: "地方节日", Reason: "市政府通知"},
		{Date: Date{2025, time.March, 8}, Kind: Workday, Name: "补班", Reason: "防汛值守"},
		{Date: Date{2025, time.October, 8}, Kind: Workday, Name: "取消假日"},
		{Date: Date{2028, time.January, 1}, Kind: Holiday, Name: "元旦"},
	})
	tests := []struct {
		name string
		date string
		want Day
	}{
		{
			name: "override holiday turns a Wednesday off",
			date: "2025-03-05",
			want: Day{Kind: Holiday, Name: "地方节日", Source: SourceOverride, Reason: "市政府通知"},
		},
		{
			name: "override workday turns a Saturday on",
			date: "2025-03-08",
			want: Day{Kind: Workday, Name: "补班", MakeUp: true, Source: SourceOverride, Reason: "防汛值守"},
		},
		{
			name: "override wins over the library",
			date: "2025-10-08",
			want: Day{Kind: Workday, Name: "取消假日", Source: SourceOverride},
		},
		{
			name: "override-only year answers with the weekly pattern",
			date: "2028-01-03",
			want: Day{Kind: Workday, Source: SourceRegular},
		},
		{
			name: "override-only year uses the override",
			date: "2028-01-01",
			want: Day{Kind: Holiday, Name: "元旦", Source: SourceOverride},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Date = day(t, tt.date)
			got, err := c.DayInfo(tt.want.Date)
			if err != nil || got != tt.want {
				t.Fatalf("DayInfo(%s) = %+v, %v; want %+v", tt.date, got, err, tt.want)
			}
		})
	}

	t.Run("deadlines follow overrides", func(t *testing.T) {
		// Wed 03-05 off, Sat 03-08 on: two working days after Tue 03-04
		// are Thu 03-06 and Fri 03-07; the third is the Saturday.
		got, err := c.AddWorkdays(day(t, "2025-03-04"), 3)
		if err != nil || got.String() != "2025-03-08" {
			t.Fatalf("AddWorkdays = %v, %v; want 2025-03-08", got, err)
		}
		got, err = c.AddWorkdays(day(t, "2025-09-30"), 1)
		if err != nil || got.String() != "2025-10-08" {
			t.Fatalf("AddWorkdays = %v, %v; want 2025-10-08", got, err)
		}
	})
}

func TestBrokenOverrides(t *testing.T) {
	tests := []struct {
		name      string
		overrides []Override
		query     Date
		want      string
	}{
		{
			name:      "unknown kind poisons its year",
			overrides: []Override{{Date: Date{2026, time.May, 6}, Kind: "day-off"}},
			query:     Date{2026, time.August, 3},
			want:      `节假日调整记录 2026-05-06 类型无效："day-off"，应为 "workday" 或 "holiday"`,
		},
		{
			name:      "unreal date",
			overrides: []Override{{Date: Date{2026, time.February, 30}, Kind: Holiday}},
			query:     Date{2026, time.March, 2},
			want:      "节假日调整记录日期无效：2026-02-30",
		},
		{
			name: "conflicting entries",
			overrides: []Override{
				{Date: Date{2026, time.May, 6}, Kind: Holiday},
				{Date: Date{2026, time.May, 6}, Kind: Workday},
			},
			query: Date{2026, time.May, 6},
			want:  "节假日调整记录冲突：2026-05-06 同时被设为休息日和工作日",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.overrides).IsWorkday(tt.query)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}

	t.Run("other years unaffected", func(t *testing.T) {
		c := New([]Override{{Date: Date{2026, time.May, 6}, Kind: "x"}})
		if ok, err := c.IsWorkday(Date{2025, time.March, 3}); err != nil || !ok {
			t.Fatalf("IsWorkday = %v, %v; want true", ok, err)
		}
	})

	t.Run("identical duplicates are harmless", func(t *testing.T) {
		c := New([]Override{
			{Date: Date{2026, time.May, 6}, Kind: Holiday, Name: "旧"},
			{Date: Date{2026, time.May, 6}, Kind: Holiday, Name: "新"},
		})
		got, err := c.DayInfo(Date{2026, time.May, 6})
		if err != nil || got.Name != "新" || got.IsWorkday() {
			t.Fatalf("DayInfo = %+v, %v", got, err)
		}
	})
}

func TestMonth(t *testing.T) {
	tests := []struct {
		name                string
		year                int
		month               time.Month
		days, workdays      int
		firstKind, lastKind DayKind
	}{
		{name: "October 2025", year: 2025, month: time.October, days: 31, workdays: 18, firstKind: Holiday, lastKind: Workday},
		{name: "February 2026", year: 2026, month: time.February, days: 28, workdays: 16, firstKind: Holiday, lastKind: Workday},
		{name: "leap February", year: 2024, month: time.February, days: 29, workdays: 18, firstKind: Workday, lastKind: Workday},
	}
	c := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, err := c.Month(tt.year, tt.month)
			if err != nil {
				t.Fatal(err)
			}
			if len(days) != tt.days {
				t.Fatalf("len = %d, want %d", len(days), tt.days)
			}
			work := 0
			for i, d := range days {
				if d.Date.Day != i+1 || d.Date.Month != tt.month {
					t.Fatalf("day %d is %v", i, d.Date)
				}
				if d.IsWorkday() {
					work++
				}
			}
			if work != tt.workdays {
				t.Errorf("workdays = %d, want %d", work, tt.workdays)
			}
			if days[0].Kind != tt.firstKind || days[len(days)-1].Kind != tt.lastKind {
				t.Errorf("first/last = %s/%s", days[0].Kind, days[len(days)-1].Kind)
			}
		})
	}
}

func TestAddHours(t *testing.T) {
	c := New(nil)
	start := time.Date(2025, 9, 30, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		h    int
		want time.Time
	}{
		{name: "24 hours run through the holiday", h: 24, want: start.AddDate(0, 0, 1)},
		{name: "zero", h: 0, want: start},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.AddHours(start, tt.h); !got.Equal(tt.want) {
				t.Errorf("AddHours = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New([]Override{{Date: Date{2025, time.March, 5}, Kind: Holiday}})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			from := Date{2025, time.September, 1}.AddDays(i)
			if _, err := c.AddWorkdays(from, 10); err != nil {
				t.Error(err)
			}
			if _, err := New(nil).AddCalendarDays(from, 30); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
