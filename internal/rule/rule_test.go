package rule

import (
	"testing"

	"fazhi/internal/calendar"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDue(t *testing.T) {
	cal := calendar.New(nil)
	for _, tc := range []struct {
		name  string
		unit  Unit
		value string
		start string
		want  string
	}{
		{"workdays skip the National Day holiday", Workdays, "7", "2025-09-30", "2025-10-16"}, // 10-11 is a make-up Saturday,
		{"calendar days roll past a holiday", CalendarDays, "15", "2025-09-16", "2025-10-09"},
		{"90 days to decide a case", CalendarDays, "90", "2026-03-02", "2026-06-01"},
		{"months clamp to the month's end", Months, "1", "2026-01-31", "2026-02-28"},
		{"years on a weekend roll forward", Years, "5", "2021-03-06", "2026-03-06"},
		{"a year from a leap day", Years, "1", "2024-02-29", "2025-02-28"},
		{"hours end on the day they run out", Hours, "24", "2026-03-02", "2026-03-03"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rule{Key: "k", Value: tc.value, Unit: tc.unit}
			got, err := r.Due(cal, day(tc.start))
			if err != nil || got.String() != tc.want {
				t.Fatalf("Due = %v, %v; want %s", got, err, tc.want)
			}
		})
	}
	if _, err := (Rule{Key: "k", Value: "3", Unit: Workdays}).Due(cal, day("2031-01-01")); err == nil {
		t.Error("a deadline beyond the calendar's data was computed")
	}
	if _, err := (Rule{Key: "k", Value: "三", Unit: Workdays}).Due(cal, day("2026-01-05")); err == nil {
		t.Error("a non-numeric period was accepted")
	}
}

func TestWarnDate(t *testing.T) {
	cal := calendar.New(nil)
	got, err := WarnDate(cal, day("2025-10-09"), 3)
	if err != nil || got.String() != "2025-09-28" {
		t.Fatalf("WarnDate = %v, %v; want 2025-09-28 (9-30, 9-29 and the make-up Sunday 9-28)", got, err)
	}
}

func TestPick(t *testing.T) {
	end := day("2025-12-31")
	rows := []Rule{
		{ID: 1, Jurisdiction: "全国", EffectiveFrom: day("2021-07-15")},
		{ID: 2, Jurisdiction: "浙江省", EffectiveFrom: day("2023-01-01"), EffectiveTo: &end},
		{ID: 3, Jurisdiction: "全国", EffectiveFrom: day("2026-01-01")},
	}
	for _, tc := range []struct {
		on   string
		want int64
	}{{"2020-01-01", 0}, {"2022-06-01", 1}, {"2024-06-01", 2}, {"2025-12-31", 2}, {"2026-01-01", 3}} {
		got, ok := Pick(rows, day(tc.on))
		if (tc.want == 0) == ok || (ok && got.ID != tc.want) {
			t.Errorf("Pick(%s) = %d, %v; want %d", tc.on, got.ID, ok, tc.want)
		}
	}
}

func TestValidateAndDefaults(t *testing.T) {
	for _, r := range Defaults() {
		if err := r.Validate(); err != nil {
			t.Errorf("default %s: %v", r.Key, err)
		}
	}
	bad := Rule{Key: "x", Title: "t", Value: "-1", Unit: Workdays, Citation: "c", Jurisdiction: "火星", EffectiveFrom: day("2026-01-01")}
	if err := bad.Validate(); err == nil {
		t.Fatal("negative value and unknown jurisdiction accepted")
	}
}
