package importer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// styled sets cell to v with a number format given either as a built-in id
// or as a custom code.
func styled(t *testing.T, f *excelize.File, sheet, cell string, v any, numFmt int, custom string) {
	t.Helper()
	st := &excelize.Style{NumFmt: numFmt}
	if custom != "" {
		st = &excelize.Style{CustomNumFmt: &custom}
	}
	id, err := f.NewStyle(st)
	check(t, err)
	check(t, f.SetCellValue(sheet, cell, v))
	check(t, f.SetCellStyle(sheet, cell, cell, id))
}

func TestReadXLSXCellValues(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	data := xlsxBytes(t, func(f *excelize.File, s string) {
		check(t, f.SetSheetRow(s, "A1", &[]any{"单位名称", "统一社会信用代码", "成立日期", "联系电话"}))
		check(t, f.SetCellStr(s, "A2", " 北京市司法局 "))
		check(t, f.SetCellStr(s, "B2", "110101199003071234")) // long ID stored as text
		styled(t, f, s, "C2", day, 14, "")
		check(t, f.SetCellValue(s, "D2", 13800138000)) // a real number, General format
	})
	tb := mustMap(t, unitSchema, mustRead(t, data, "units.xlsx", Options{}))
	want := [][]string{{"2", "北京市司法局", "110101199003071234", "2024-03-05", "13800138000"}}
	if got := tableValues(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadXLSXNumberFormats(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		value  any
		numFmt int
		custom string
		want   string
	}{
		{name: "built-in short date", value: day, numFmt: 14, want: "2024-03-05"},
		{name: "built-in date time", value: day.Add(9*time.Hour + 30*time.Minute), numFmt: 22, want: "2024-03-05 09:30:00"},
		{name: "built-in Chinese date", value: day, numFmt: 31, want: "2024-03-05"},
		{name: "built-in d-mmm-yy", value: day, numFmt: 15, want: "2024-03-05"},
		{name: "custom Chinese date", value: day, custom: `yyyy"年"m"月"d"日";@`, want: "2024-03-05"},
		{name: "custom slash date with locale", value: day, custom: `[$-804]yyyy/m/d;@`, want: "2024-03-05"},
		{name: "custom date time", value: day.Add(8*time.Hour + 15*time.Minute + 7*time.Second), custom: "yyyy/mm/dd hh:mm:ss", want: "2024-03-05 08:15:07"},
		{name: "time only is not a date", value: 0.5, custom: "hh:mm", want: "12:00"},
		{name: "decimal format", value: 3.5, numFmt: 2, want: "3.50"},
		{name: "currency literal is not a date", value: 12, custom: `0"元(年度)"`, want: "12元(年度)"},
		{name: "text in a date cell stays text", value: "2024年3月5日", custom: `yyyy"年"m"月"d"日"`, want: "2024年3月5日"},
		{name: "text format keeps leading zeros", value: "00123", numFmt: 49, want: "00123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := xlsxBytes(t, func(f *excelize.File, s string) {
				check(t, f.SetCellStr(s, "A1", "值"))
				styled(t, f, s, "A2", tt.value, tt.numFmt, tt.custom)
			})
			sh := mustRead(t, data, "v.xlsx", Options{})
			if len(sh.Rows) != 1 || sh.Rows[0].Cells[0] != tt.want {
				t.Errorf("rows = %+v, want cell %q", sh.Rows, tt.want)
			}
		})
	}
}

func TestReadXLSXLayout(t *testing.T) {
	data := xlsxBytes(t, func(f *excelize.File, s string) {
		check(t, f.SetCellStr(s, "A1", "忽略我"))
		_, err := f.NewSheet("数据")
		check(t, err)
		// Header on row 3, a gap (row 5 missing) and a whitespace-only row.
		check(t, f.SetSheetRow("数据", "A3", &[]any{"a", "b", "c"}))
		check(t, f.SetSheetRow("数据", "A4", &[]any{"1", "2"}))
		check(t, f.SetSheetRow("数据", "A6", &[]any{" ", ""}))
		check(t, f.SetSheetRow("数据", "B7", &[]any{"x"}))
	})
	tests := []struct {
		name    string
		opts    Options
		headers []string
		rows    []Record
		wantErr string
	}{
		{name: "first sheet by default", headers: []string{"忽略我"}},
		{
			name:    "named sheet with gaps",
			opts:    Options{Sheet: "数据"},
			headers: []string{"a", "b", "c"},
			rows:    []Record{{Line: 4, Cells: []string{"1", "2", ""}}, {Line: 7, Cells: []string{"", "x", ""}}},
		},
		{name: "row limit", opts: Options{Sheet: "数据", MaxRows: 1}, wantErr: "最多 1 行"},
		{name: "missing sheet", opts: Options{Sheet: "人员"}, wantErr: "找不到工作表「人员」（现有：Sheet1、数据）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := ReadWith(strings.NewReader(string(data)), "book.xlsx", tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			check(t, err)
			if !reflect.DeepEqual(sh.Headers, tt.headers) {
				t.Errorf("headers = %q, want %q", sh.Headers, tt.headers)
			}
			if !reflect.DeepEqual(sh.Rows, tt.rows) {
				t.Errorf("rows = %+v, want %+v", sh.Rows, tt.rows)
			}
		})
	}
}

func TestReadXLSXEmptyWorkbook(t *testing.T) {
	data := xlsxBytes(t, func(*excelize.File, string) {})
	if _, err := Read(strings.NewReader(string(data)), "empty.xlsx"); !errors.Is(err, ErrNoHeader) {
		t.Fatalf("err = %v, want ErrNoHeader", err)
	}
}

func TestISOFormatCode(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		iso    string
		isDate bool
	}{
		{name: "iso", code: "yyyy-mm-dd", iso: isoDateCode, isDate: true},
		{name: "Chinese literals", code: `yyyy"年"m"月"d"日"`, iso: isoDateCode, isDate: true},
		{name: "with time", code: "yyyy/m/d h:mm", iso: isoDateTimeCode, isDate: true},
		{name: "minutes only", code: "mm:ss", isDate: false},
		{name: "elapsed hours", code: "[h]:mm:ss", isDate: false},
		{name: "general", code: "General", isDate: false},
		{name: "quoted y and d", code: `0"day""yr"`, isDate: false},
		{name: "escaped d", code: `0\d`, isDate: false},
		{name: "colour section", code: "[Red]0.00", isDate: false},
		{name: "second section ignored", code: `0;"d"yyyy`, isDate: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iso, ok := isoFormatCode(tt.code)
			if ok != tt.isDate || iso != tt.iso {
				t.Errorf("isoFormatCode(%q) = %q, %v; want %q, %v", tt.code, iso, ok, tt.iso, tt.isDate)
			}
		})
	}
}
