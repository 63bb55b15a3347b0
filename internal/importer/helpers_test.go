package importer

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// unitSchema resembles the platform's unit import.
var unitSchema = Schema{Columns: []Column{
	{Key: "name", Header: "单位名称", Aliases: []string{"名称", "name"}, Required: true},
	{Key: "code", Header: "统一社会信用代码", Aliases: []string{"信用代码", "USCC"}, Required: true},
	{Key: "founded", Header: "成立日期"},
	{Key: "phone", Header: "联系电话", Aliases: []string{"电话"}},
}}

// tableValues projects a table onto [line, name, code, founded, phone]
// rows, which is what callers actually consume.
func tableValues(t *Table) [][]string {
	var out [][]string
	for _, r := range t.Rows {
		out = append(out, []string{strconv.Itoa(r.Line), r.Get("name"), r.Get("code"), r.Get("founded"), r.Get("phone")})
	}
	return out
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode GB18030: %v", err)
	}
	return b
}

func mustRead(t *testing.T, data []byte, filename string, opts Options) *Sheet {
	t.Helper()
	sh, err := ReadWith(bytes.NewReader(data), filename, opts)
	if err != nil {
		t.Fatalf("ReadWith(%s): %v", filename, err)
	}
	return sh
}

func mustMap(t *testing.T, s Schema, sh *Sheet) *Table {
	t.Helper()
	tb, err := s.Map(sh)
	if err != nil {
		t.Fatalf("Map: %v", err)
	}
	return tb
}

// xlsxBytes builds a workbook in memory with build and returns its bytes.
func xlsxBytes(t *testing.T, build func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f, f.GetSheetName(0))
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatalf("write xlsx: %v", err)
	}
	return buf.Bytes()
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
