package importer

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

var unitTemplateHeaders = []string{"*单位名称", "*统一社会信用代码", "成立日期", "联系电话"}

func TestTemplates(t *testing.T) {
	tests := []struct {
		name     string
		filename string
		write    func(Schema, *bytes.Buffer) error
	}{
		{name: "CSV", filename: "模板.csv", write: func(s Schema, b *bytes.Buffer) error { return s.TemplateCSV(b) }},
		{name: "XLSX", filename: "模板.xlsx", write: func(s Schema, b *bytes.Buffer) error { return s.TemplateXLSX(b) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			check(t, tt.write(unitSchema, &buf))
			sh := mustRead(t, buf.Bytes(), tt.filename, Options{})
			if !reflect.DeepEqual(sh.Headers, unitTemplateHeaders) {
				t.Errorf("headers = %q, want %q", sh.Headers, unitTemplateHeaders)
			}
			// A filled-in template must map back onto its own schema.
			tb := mustMap(t, unitSchema, sh)
			if len(tb.Rows) != 0 || len(tb.Ignored) != 0 {
				t.Errorf("template rows = %d, ignored = %q", len(tb.Rows), tb.Ignored)
			}
		})
	}
}

func TestTemplateCSVHasBOM(t *testing.T) {
	var buf bytes.Buffer
	check(t, unitSchema.TemplateCSV(&buf))
	want := "\xEF\xBB\xBF*单位名称,*统一社会信用代码,成立日期,联系电话\r\n"
	if buf.String() != want {
		t.Errorf("template = %q, want %q", buf.String(), want)
	}
}

func TestTemplateXLSXFormatting(t *testing.T) {
	var buf bytes.Buffer
	check(t, unitSchema.TemplateXLSX(&buf))
	f, err := excelize.OpenReader(&buf)
	check(t, err)
	defer f.Close()
	const sheet = "导入模板"
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{sheet}) {
		t.Fatalf("sheets = %q", got)
	}
	tests := []struct {
		name string
		cell string
		red  bool
	}{
		{name: "required header is red", cell: "A1", red: true},
		{name: "optional header is not", cell: "C1", red: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertBoldHeader(t, f, sheet, tt.cell)
			id, err := f.GetCellStyle(sheet, tt.cell)
			check(t, err)
			st, err := f.GetStyle(id)
			check(t, err)
			if red := st.Font.Color == "C00000"; red != tt.red {
				t.Errorf("font colour = %q, want red %v", st.Font.Color, tt.red)
			}
		})
	}
	// Data cells inherit the text format from the column, so long numbers
	// typed by users stay exact.
	id, err := f.GetCellStyle(sheet, "B2")
	check(t, err)
	st, err := f.GetStyle(id)
	check(t, err)
	if st.NumFmt != 49 {
		t.Errorf("column B number format = %d, want 49 (text)", st.NumFmt)
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{name: "ascii", in: "abc", want: 3},
		{name: "Chinese", in: "单位", want: 4},
		{name: "mixed", in: "*名称", want: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := displayWidth(tt.in); got != tt.want {
				t.Errorf("displayWidth(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
