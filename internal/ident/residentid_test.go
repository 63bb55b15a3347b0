package ident

import (
	"strings"
	"testing"
	"time"
)

// testNow is a fixed clock so that "future birth date" cases stay stable.
var testNow = time.Date(2026, time.June, 1, 10, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseResidentIDAt(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		want       ResidentID
		wantReason Reason
		wantMsg    string
	}{
		{
			name: "standard example, female, check X",
			in:   "11010519491231002X",
			want: ResidentID{Number: "11010519491231002X", Region: "110105", Birth: date(1949, 12, 31)},
		},
		{
			name: "born 1901, male",
			in:   "370101190102039973",
			want: ResidentID{Number: "370101190102039973", Region: "370101", Birth: date(1901, 2, 3), Male: true},
		},
		{
			name: "check digit 4",
			in:   "513101198201130014",
			want: ResidentID{Number: "513101198201130014", Region: "513101", Birth: date(1982, 1, 13), Male: true},
		},
		{
			name: "lower-case x normalised",
			in:   "11010519491231002x",
			want: ResidentID{Number: "11010519491231002X", Region: "110105", Birth: date(1949, 12, 31)},
		},
		{
			name: "full-width digits and spaces",
			in:   " １１０１０５ １９４９１２３１ ００２Ｘ ",
			want: ResidentID{Number: "11010519491231002X", Region: "110105", Birth: date(1949, 12, 31)},
		},
		{
			name: "15-digit legacy number converted",
			in:   "110105491231002",
			want: ResidentID{Number: "11010519491231002X", Region: "110105", Birth: date(1949, 12, 31), Converted: true},
		},
		{
			name: "born today is accepted",
			in:   MakeResidentID("330106", date(2026, 6, 1), 1),
			want: ResidentID{Number: MakeResidentID("330106", date(2026, 6, 1), 1), Region: "330106", Birth: date(2026, 6, 1), Male: true},
		},
		{
			name:       "wrong check character",
			in:         "110105194912310023",
			wantReason: ReasonCheck,
			wantMsg:    "公民身份号码校验位错误：应为 X，实为 3",
		},
		{
			name:       "month 13",
			in:         "110105194913310021",
			wantReason: ReasonBirth,
			wantMsg:    "公民身份号码出生日期无效：19491331",
		},
		{
			name:       "February 30",
			in:         "110105199002300011",
			wantReason: ReasonBirth,
			wantMsg:    "公民身份号码出生日期无效：19900230",
		},
		{
			name:       "birth in the future",
			in:         "110105202606020011",
			wantReason: ReasonBirth,
			wantMsg:    "公民身份号码出生日期无效：20260602（晚于当前日期）",
		},
		{
			name:       "birth before 1900",
			in:         "110105189912310011",
			wantReason: ReasonBirth,
			wantMsg:    "公民身份号码出生日期无效：18991231（早于1900年）",
		},
		{
			name:       "legacy number with impossible date",
			in:         "110105490231002",
			wantReason: ReasonBirth,
			wantMsg:    "公民身份号码出生日期无效：19490231",
		},
		{
			name:       "empty",
			in:         "",
			wantReason: ReasonEmpty,
			wantMsg:    "公民身份号码不能为空",
		},
		{
			name:       "16 digits",
			in:         "1101051949123100",
			wantReason: ReasonLength,
			wantMsg:    "公民身份号码长度错误：应为18位（或15位旧号码），实为16位",
		},
		{
			name:       "letter inside",
			in:         "11010519491231A02X",
			wantReason: ReasonChar,
			wantMsg:    "公民身份号码第15位字符“A”非法：应为数字",
		},
		{
			name:       "X in the middle",
			in:         "1101051949X231002X",
			wantReason: ReasonChar,
			wantMsg:    "公民身份号码第11位字符“X”非法：应为数字",
		},
		{
			name:       "bad last character",
			in:         "11010519491231002Y",
			wantReason: ReasonChar,
			wantMsg:    "公民身份号码第18位字符“Y”非法：应为数字或 X",
		},
		{
			name:       "legacy number cannot end in X",
			in:         "11010549123100X",
			wantReason: ReasonChar,
			wantMsg:    "公民身份号码第15位字符“X”非法：应为数字",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResidentIDAt(tt.in, testNow)
			assertFieldError(t, err, tt.wantReason, tt.wantMsg)
			if tt.wantMsg == "" && got != tt.want {
				t.Fatalf("ParseResidentIDAt(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseResidentIDAtUsesLocalDay: just after midnight in Beijing it is
// already the next day, so a baby born "today" there must be accepted even
// though the UTC date is still the previous day.
func TestParseResidentIDAtUsesLocalDay(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name    string
		now     time.Time
		wantErr bool
	}{
		{name: "Beijing already on the birth day", now: time.Date(2026, 6, 2, 0, 10, 0, 0, cst)},
		{name: "UTC still the day before", now: time.Date(2026, 6, 1, 16, 10, 0, 0, time.UTC), wantErr: true},
	}
	id := MakeResidentID("330106", date(2026, 6, 2), 2)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseResidentIDAt(id, tt.now)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestParseResidentIDUsesClock(t *testing.T) {
	got, err := ParseResidentID("11010519491231002X")
	if err != nil || got.Number != "11010519491231002X" {
		t.Fatalf("ParseResidentID = %+v, %v", got, err)
	}
}

func TestMakeResidentID(t *testing.T) {
	tests := []struct {
		name   string
		region string
		birth  time.Time
		seq    int
		want   string
		male   bool
	}{
		{name: "standard example", region: "110105", birth: date(1949, 12, 31), seq: 2, want: "11010519491231002X"},
		{name: "check digit 4", region: "513101", birth: date(1982, 1, 13), seq: 1, want: "513101198201130014", male: true},
		{name: "Hangzhou demo", region: "330106", birth: date(1990, 5, 17), seq: 123, want: "330106199005171230", male: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MakeResidentID(tt.region, tt.birth, tt.seq)
			if got != tt.want {
				t.Fatalf("MakeResidentID = %q, want %q", got, tt.want)
			}
			id, err := ParseResidentIDAt(got, testNow)
			if err != nil || id.Male != tt.male || !id.Birth.Equal(tt.birth) {
				t.Fatalf("round trip = %+v, %v", id, err)
			}
		})
	}
}

func TestMakeResidentIDPanics(t *testing.T) {
	tests := []struct {
		name   string
		region string
		seq    int
		want   string
	}{
		{name: "short region", region: "3301", seq: 1, want: "行政区划代码应为6位数字"},
		{name: "letters in region", region: "33010A", seq: 1, want: "行政区划代码应为6位数字"},
		{name: "sequence zero", region: "330106", seq: 0, want: "顺序码应在 1–999 之间"},
		{name: "sequence too large", region: "330106", seq: 1000, want: "顺序码应在 1–999 之间"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, tt.want) {
					t.Fatalf("panic = %q, want it to mention %q", msg, tt.want)
				}
			}()
			MakeResidentID(tt.region, date(1990, 1, 1), tt.seq)
		})
	}
}

func TestMaskResidentID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "18 digits", in: "11010519491231002X", want: "110***********002X"},
		{name: "lower-case x normalised", in: "11010519491231002x", want: "110***********002X"},
		{name: "15-digit legacy", in: "110105491231002", want: "110********1002"},
		{name: "too short is fully masked", in: "1234567", want: "*******"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskResidentID(tt.in); got != tt.want {
				t.Errorf("MaskResidentID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
