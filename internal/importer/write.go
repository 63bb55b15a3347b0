package importer

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// reportHeaders are the columns of the downloadable error report.
var reportHeaders = []string{"行号", "列", "值", "错误说明"}

// reportWidths fit typical content: row numbers, headers, values such as an
// 18-digit ID number, and a sentence of explanation.
var reportWidths = []float64{8, 20, 30, 60}

// WriteCSV writes the sorted report as CSV with a UTF-8 BOM: without it,
// Excel in a Chinese locale reads the file as GBK and shows mojibake.
func (r *Report) WriteCSV(w io.Writer) error {
	rows := [][]string{reportHeaders}
	for _, e := range r.Sorted() {
		rows = append(rows, []string{lineText(e.Line), e.Column, neutraliseFormula(e.Value), e.Message})
	}
	return writeCSV(w, rows)
}

// WriteXLSX writes the sorted report as a workbook with a bold, frozen
// header row and readable column widths.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := newStreamSheet(f, "错误报告")
	if err != nil {
		return err
	}
	if err := setWidths(sw, reportWidths); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := writeHeaderRow(sw, reportHeaders, func(int) int { return bold }); err != nil {
		return err
	}
	for i, e := range r.Sorted() {
		// Values are written as strings so "0012" or a long ID number is
		// shown exactly as the user typed it.
		row := []any{lineCell(e.Line), e.Column, e.Value, e.Message}
		if err := sw.SetRow(cellRef(1, i+2), row); err != nil {
			return err
		}
	}
	return finishStream(f, sw, w)
}

// TemplateCSV writes an empty import template: the canonical headers with
// required ones marked "*", UTF-8 with BOM so Excel opens it correctly.
func (s Schema) TemplateCSV(w io.Writer) error {
	return writeCSV(w, [][]string{s.templateHeaders()})
}

// TemplateXLSX writes an empty import template. Every column is formatted
// as text so Excel keeps long numbers (ID numbers, credit codes) and leading
// zeros as typed instead of turning them into 1.1E+17; required headers are
// marked "*" and shown in red.
func (s Schema) TemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := newStreamSheet(f, "导入模板")
	if err != nil {
		return err
	}
	headers := s.templateHeaders()
	if err := s.templateColumns(f, sw, headers); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	red, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, NumFmt: 49})
	if err != nil {
		return err
	}
	styleOf := func(i int) int {
		if s.Columns[i].Required {
			return red
		}
		return bold
	}
	if err := writeHeaderRow(sw, headers, styleOf); err != nil {
		return err
	}
	return finishStream(f, sw, w)
}

func (s Schema) templateHeaders() []string {
	headers := make([]string, len(s.Columns))
	for i, col := range s.Columns {
		headers[i] = col.Header
		if col.Required {
			headers[i] = "*" + col.Header
		}
	}
	return headers
}

func (s Schema) templateColumns(f *excelize.File, sw *excelize.StreamWriter, headers []string) error {
	if len(headers) == 0 {
		return nil
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // 49 is "@", text
	if err != nil {
		return err
	}
	if err := sw.SetColStyle(1, len(headers), text); err != nil {
		return err
	}
	widths := make([]float64, len(headers))
	for i, h := range headers {
		widths[i] = max(14, float64(displayWidth(h)+4))
	}
	return setWidths(sw, widths)
}

func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel itself writes; some Windows tools need it
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// newStreamSheet renames the default sheet so the workbook has exactly one,
// meaningfully named sheet, and streams it to keep large reports cheap.
func newStreamSheet(f *excelize.File, name string) (*excelize.StreamWriter, error) {
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	return f.NewStreamWriter(name)
}

func setWidths(sw *excelize.StreamWriter, widths []float64) error {
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	return nil
}

// writeHeaderRow writes row 1 and freezes it, so the headers stay visible
// while scrolling through thousands of rows.
func writeHeaderRow(sw *excelize.StreamWriter, headers []string, styleOf func(int) int) error {
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: styleOf(i), Value: h}
	}
	return sw.SetRow("A1", row)
}

func finishStream(f *excelize.File, sw *excelize.StreamWriter, w io.Writer) error {
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

func cellRef(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row) // col, row are always ≥ 1
	return ref
}

// lineText leaves the row number blank for file-level problems (line 0).
func lineText(line int) string {
	if line <= 0 {
		return ""
	}
	return strconv.Itoa(line)
}

func lineCell(line int) any {
	if line <= 0 {
		return ""
	}
	return line
}

// neutraliseFormula stops a hostile uploaded value such as
// "=HYPERLINK(…)" from running as a formula when an administrator opens the
// CSV report in Excel (CSV injection). Plain numbers like "-5" are kept.
func neutraliseFormula(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}

// displayWidth counts East Asian wide characters twice, as spreadsheet
// column widths do.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
