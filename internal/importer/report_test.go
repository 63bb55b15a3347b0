package importer

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func unitTable(t *testing.T) *Table {
	t.Helper()
	data := "单位名称,统一社会信用代码,联系电话\n" +
		"甲,,123\n" +
		",91110000X,\n" +
		"丙,91110000Y,\n"
	return mustMap(t, unitSchema, mustRead(t, []byte(data), "u.csv", Options{}))
}

func TestCheckRequired(t *testing.T) {
	tb := unitTable(t)
	rep := tb.NewReport()
	tb.CheckRequired(rep)
	want := []RowError{
		{Line: 2, Column: "统一社会信用代码", Message: "必填项为空"},
		{Line: 3, Column: "单位名称", Message: "必填项为空"},
	}
	if !reflect.DeepEqual(rep.Errors, want) {
		t.Errorf("errors = %+v, want %+v", rep.Errors, want)
	}
	if rep.Rows != 3 || rep.OK() {
		t.Errorf("Rows = %d, OK = %v; want 3, false", rep.Rows, rep.OK())
	}
}

func TestReportSorted(t *testing.T) {
	tb := unitTable(t)
	rep := tb.NewReport()
	rep.Add(4, "联系电话", "x", "号码格式错误")
	rep.Add(2, "统一社会信用代码", "1", "校验位错误")
	rep.Add(2, "其他", "", "未知列的问题")
	rep.Add(2, "单位名称", "甲", "名称重复")
	rep.Add(2, "", "", "整行重复")
	rep.Add(0, "", "", "文件级问题")
	rep.Add(2, "单位名称", "甲", "第二个名称问题")
	var got []string
	for _, e := range rep.Sorted() {
		got = append(got, e.Error())
	}
	want := []string{
		"文件级问题",
		"第 2 行：整行重复",
		"第 2 行「单位名称」：名称重复",
		"第 2 行「单位名称」：第二个名称问题",
		"第 2 行「统一社会信用代码」：校验位错误",
		"第 2 行「其他」：未知列的问题",
		"第 4 行「联系电话」：号码格式错误",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted = %q\nwant %q", got, want)
	}
	if rep.Errors[0].Line != 4 {
		t.Error("Sorted must not reorder the report itself")
	}
}

func TestReportError(t *testing.T) {
	tests := []struct {
		name string
		errs []RowError
		want string
	}{
		{name: "ok", want: ""},
		{
			name: "one",
			errs: []RowError{{Line: 3, Column: "统一社会信用代码", Value: "1", Message: "校验位错误"}},
			want: "导入数据有 1 处错误：第 3 行「统一社会信用代码」：校验位错误",
		},
		{
			name: "more than shown",
			errs: []RowError{
				{Line: 9, Column: "单位名称", Message: "d"},
				{Line: 3, Column: "单位名称", Message: "a"},
				{Line: 4, Column: "单位名称", Message: "b"},
				{Line: 5, Column: "单位名称", Message: "c"},
			},
			want: "导入数据有 4 处错误：第 3 行「单位名称」：a；第 4 行「单位名称」：b；第 5 行「单位名称」：c……（完整清单请下载错误报告）",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &Report{Errors: tt.errs}
			if got := rep.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if rep.OK() != (len(tt.errs) == 0) {
				t.Errorf("OK() = %v", rep.OK())
			}
		})
	}
}

func sampleReport() *Report {
	rep := &Report{Rows: 10}
	rep.Add(5, "单位名称", "=HYPERLINK(\"http://x\")", "名称不能以等号开头")
	rep.Add(3, "统一社会信用代码", "91110000000000000X", "校验位错误")
	rep.Add(3, "联系电话", "-5", "号码格式错误")
	rep.Add(0, "", "", "文件中没有数据行")
	return rep
}

// sampleReportRows is the sorted report as written, given how the value of
// line 5 is expected to appear in that format.
func sampleReportRows(line5Value string) [][]string {
	return [][]string{
		{"行号", "列", "值", "错误说明"},
		{"", "", "", "文件中没有数据行"},
		{"3", "统一社会信用代码", "91110000000000000X", "校验位错误"},
		{"3", "联系电话", "-5", "号码格式错误"},
		{"5", "单位名称", line5Value, "名称不能以等号开头"},
	}
}

func TestReportWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	check(t, sampleReport().WriteCSV(&buf))
	if !bytes.HasPrefix(buf.Bytes(), utf8BOM) {
		t.Fatal("report CSV must start with the UTF-8 BOM")
	}
	if !strings.Contains(buf.String(), "校验位错误") {
		t.Error("report CSV lacks the Chinese message")
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[len(utf8BOM):])).ReadAll()
	check(t, err)
	want := sampleReportRows("'=HYPERLINK(\"http://x\")")
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %q\nwant %q", rows, want)
	}
}

func TestReportWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	check(t, sampleReport().WriteXLSX(&buf))
	f, err := excelize.OpenReader(&buf)
	check(t, err)
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"错误报告"}) {
		t.Fatalf("sheets = %q", got)
	}
	rows, err := f.GetRows("错误报告")
	check(t, err)
	// In a workbook the value is a string cell, never a formula, so it is
	// kept verbatim.
	want := sampleReportRows("=HYPERLINK(\"http://x\")")
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %q\nwant %q", rows, want)
	}
	assertBoldHeader(t, f, "错误报告", "A1")
	if w, err := f.GetColWidth("错误报告", "D"); err != nil || w != 60 {
		t.Errorf("width of D = %v, %v; want 60", w, err)
	}
}

func assertBoldHeader(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	check(t, err)
	st, err := f.GetStyle(id)
	check(t, err)
	if st.Font == nil || !st.Font.Bold {
		t.Errorf("%s is not bold", cell)
	}
}

func TestNeutraliseFormula(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain text", in: "北京", want: "北京"},
		{name: "empty", in: "", want: ""},
		{name: "formula", in: "=1+1", want: "'=1+1"},
		{name: "at sign", in: "@SUM(A1)", want: "'@SUM(A1)"},
		{name: "negative number kept", in: "-12.5", want: "-12.5"},
		{name: "plus formula", in: "+cmd|x", want: "'+cmd|x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := neutraliseFormula(tt.in); got != tt.want {
				t.Errorf("neutraliseFormula(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
