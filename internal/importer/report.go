package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// RowError is one problem found in the file.
type RowError struct {
	// Line is the spreadsheet row number; 0 for a problem with the file as
	// a whole.
	Line int
	// Column is the canonical Chinese header, e.g. "统一社会信用代码"; empty
	// for a problem with the whole row.
	Column string
	// Value is the offending cell as the user typed it.
	Value   string
	Message string
}

// Error renders the problem as users read it, e.g.
// "第 3 行「统一社会信用代码」：校验位错误".
func (e RowError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "第 %d 行", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, "「%s」", e.Column)
	}
	if b.Len() == 0 {
		return e.Message
	}
	return b.String() + "：" + e.Message
}

// summaryErrors is how many problems Report.Error spells out; the rest are
// for the downloadable report, which a flash message cannot replace.
const summaryErrors = 3

// Report collects the problems of one import. The caller commits the rows
// only when OK reports true, which keeps imports all-or-nothing.
//
// Report implements error so a failed import can be returned as one; as
// with any pointer error, return a literal nil rather than a nil *Report.
type Report struct {
	Errors []RowError
	// Rows is the number of data rows read, for "共 N 行" style messages.
	Rows int
	// order ranks column headers in schema order, so a sorted report lists
	// a row's problems left to right as the user sees the columns.
	order map[string]int
}

// NewReport returns an empty report for the table, sized and ordered by it.
func (t *Table) NewReport() *Report {
	order := make(map[string]int, len(t.Schema.Columns))
	for i, col := range t.Schema.Columns {
		order[col.Header] = i
	}
	return &Report{Rows: len(t.Rows), order: order}
}

// Add records a problem; column should be the canonical header
// (Column.Header), value the cell as read.
func (r *Report) Add(line int, column, value, msg string) {
	r.Errors = append(r.Errors, RowError{Line: line, Column: column, Value: value, Message: msg})
}

// OK reports whether no problem was recorded.
func (r *Report) OK() bool {
	return len(r.Errors) == 0
}

// Error summarises the report in one line for a flash message or log,
// naming the first few problems and pointing to the full report.
func (r *Report) Error() string {
	errs := r.Sorted()
	if len(errs) == 0 {
		return ""
	}
	shown := make([]string, 0, summaryErrors)
	for _, e := range errs[:min(len(errs), summaryErrors)] {
		shown = append(shown, e.Error())
	}
	msg := fmt.Sprintf("导入数据有 %d 处错误：%s", len(errs), strings.Join(shown, "；"))
	if len(errs) > summaryErrors {
		msg += "……（完整清单请下载错误报告）"
	}
	return msg
}

// Sorted returns the problems ordered by line, then column (schema order
// when the report came from Table.NewReport), then the order they were
// added. The report itself is left untouched.
func (r *Report) Sorted() []RowError {
	errs := slices.Clone(r.Errors)
	slices.SortStableFunc(errs, func(a, b RowError) int {
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return r.compareColumns(a.Column, b.Column)
	})
	return errs
}

// compareColumns puts whole-row problems first, then schema columns in
// schema order, then any other column by name.
func (r *Report) compareColumns(a, b string) int {
	ra, rb := r.columnRank(a), r.columnRank(b)
	if c := cmp.Compare(ra, rb); c != 0 {
		return c
	}
	if ra == len(r.order)+1 {
		return strings.Compare(a, b)
	}
	return 0
}

func (r *Report) columnRank(col string) int {
	if col == "" {
		return -1
	}
	if i, ok := r.order[col]; ok {
		return i
	}
	return len(r.order) + 1
}

// CheckRequired adds "必填项为空" for every empty cell of a required column,
// the one check every import needs before its own validation.
func (t *Table) CheckRequired(rep *Report) {
	for _, row := range t.Rows {
		for _, col := range t.Schema.Columns {
			if col.Required && row.Get(col.Key) == "" {
				rep.Add(row.Line, col.Header, "", "必填项为空")
			}
		}
	}
}

// HasLine reports whether the report already has a problem on line.
func (r *Report) HasLine(line int) bool {
	for _, e := range r.Errors {
		if e.Line == line {
			return true
		}
	}
	return false
}
