package calendar

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr string
	}{
		{name: "ordinary", in: "2025-10-09", want: Date{2025, time.October, 9}},
		{name: "surrounding spaces", in: " 2024-02-29 ", want: Date{2024, time.February, 29}},
		{name: "not a leap year", in: "2025-02-29", wantErr: `日期无效："2025-02-29"，应为 YYYY-MM-DD 格式的真实日期`},
		{name: "single-digit month", in: "2025-2-03", wantErr: `日期无效："2025-2-03"，应为 YYYY-MM-DD 格式的真实日期`},
		{name: "slashes", in: "2025/02/03", wantErr: `日期无效："2025/02/03"，应为 YYYY-MM-DD 格式的真实日期`},
		{name: "empty", in: "", wantErr: `日期无效：""，应为 YYYY-MM-DD 格式的真实日期`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		from Date
		n    int
		want Date
	}{
		{name: "across year end", from: Date{2025, time.December, 17}, n: 15, want: Date{2026, time.January, 1}},
		{name: "backwards", from: Date{2025, time.March, 1}, n: -1, want: Date{2025, time.February, 28}},
		{name: "leap day", from: Date{2024, time.February, 28}, n: 1, want: Date{2024, time.February, 29}},
		{name: "zero", from: Date{2025, time.May, 5}, n: 0, want: Date{2025, time.May, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.from.AddDays(tt.n); got != tt.want {
				t.Errorf("%v.AddDays(%d) = %v, want %v", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		name string
		a, b Date
		want int
	}{
		{name: "year decides", a: Date{2024, time.December, 31}, b: Date{2025, time.January, 1}, want: -1},
		{name: "month decides", a: Date{2025, time.March, 1}, b: Date{2025, time.February, 28}, want: 1},
		{name: "day decides", a: Date{2025, time.March, 1}, b: Date{2025, time.March, 2}, want: -1},
		{name: "equal", a: Date{2025, time.March, 1}, b: Date{2025, time.March, 1}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("Compare = %d, want %d", got, tt.want)
			}
			if got := tt.a.Before(tt.b); got != (tt.want < 0) {
				t.Errorf("Before = %v", got)
			}
			if got := tt.a.After(tt.b); got != (tt.want > 0) {
				t.Errorf("After = %v", got)
			}
		})
	}
}

func TestDateConversions(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name    string
		t       time.Time
		want    Date
		text    string
		weekday time.Weekday
	}{
		{
			name:    "date in the value's own zone",
			t:       time.Date(2025, 10, 1, 0, 30, 0, 0, shanghai), // 2025-09-30 16:30 UTC
			want:    Date{2025, time.October, 1},
			text:    "2025-10-01",
			weekday: time.Wednesday,
		},
		{
			name:    "make-up Sunday",
			t:       time.Date(2025, 1, 26, 23, 59, 0, 0, time.UTC),
			want:    Date{2025, time.January, 26},
			text:    "2025-01-26",
			weekday: time.Sunday,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DateOf(tt.t)
			if d != tt.want {
				t.Fatalf("DateOf = %v, want %v", d, tt.want)
			}
			if d.String() != tt.text {
				t.Errorf("String = %q, want %q", d.String(), tt.text)
			}
			if d.Weekday() != tt.weekday {
				t.Errorf("Weekday = %v, want %v", d.Weekday(), tt.weekday)
			}
			if want := time.Date(tt.want.Year, tt.want.Month, tt.want.Day, 0, 0, 0, 0, time.UTC); !d.Time().Equal(want) || d.Time().Location() != time.UTC {
				t.Errorf("Time = %v, want %v", d.Time(), want)
			}
		})
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		Due  Date `json:"due"`
		Done Date `json:"done"`
	}
	tests := []struct {
		name     string
		in       doc
		wantJSON string
	}{
		{name: "set and unset", in: doc{Due: Date{2026, time.January, 4}}, wantJSON: `{"due":"2026-01-04","done":""}`},
		{name: "both set", in: doc{Due: Date{2025, time.October, 9}, Done: Date{2025, time.October, 8}}, wantJSON: `{"due":"2025-10-09","done":"2025-10-08"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil || string(b) != tt.wantJSON {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.wantJSON)
			}
			var back doc
			if err := json.Unmarshal(b, &back); err != nil || back != tt.in {
				t.Fatalf("Unmarshal = %+v, %v; want %+v", back, err, tt.in)
			}
		})
	}
}

func TestDateUnmarshalTextInvalid(t *testing.T) {
	var d Date
	err := d.UnmarshalText([]byte("2025-13-01"))
	want := `日期无效："2025-13-01"，应为 YYYY-MM-DD 格式的真实日期`
	if err == nil || err.Error() != want {
		t.Fatalf("UnmarshalText error = %v, want %q", err, want)
	}
}

func TestBeijingDate(t *testing.T) {
	late := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC) // 01:00 on the 28th in Beijing
	if got := BeijingDate(late); got.String() != "2026-11-28" {
		t.Errorf("BeijingDate(%v) = %s, want 2026-11-28", late, got)
	}
}
