package importer

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Column describes one importable field.
type Column struct {
	// Key is the caller's stable identifier, used with Row.Get.
	Key string
	// Header is the canonical Chinese header written to templates and
	// reports, e.g. "单位名称".
	Header string
	// Aliases are other headers accepted for this column, e.g. "名称",
	// "name", to tolerate older templates and exports from other systems.
	Aliases []string
	// Required columns must be present in the file (Map) and non-empty in
	// every row (Table.CheckRequired).
	Required bool
}

// Schema is the ordered list of columns one kind of import accepts. Its
// order is the template's column order and the report's column order.
type Schema struct {
	Columns []Column
}

// HeaderError lists every problem with a file's header row at once, so the
// user can fix them in one go. Problems are Chinese sentences.
type HeaderError struct {
	Problems []string
}

func (e *HeaderError) Error() string {
	return "表头有误：" + strings.Join(e.Problems, "；")
}

// Table is a Sheet mapped onto a Schema.
type Table struct {
	Schema Schema
	// HeaderLine is the row number of the header in the file.
	HeaderLine int
	Rows       []Row
	// Ignored lists headers that matched no column, as written in the file,
	// so the caller can warn ("以下列未导入：…") rather than fail.
	Ignored []string
	index   map[string]int // Key → cell position in the file
}

// Row is one data row of a Table.
type Row struct {
	Line  int
	cells []string
	index map[string]int
}

// Get returns the trimmed cell of the column with key, or "" when the column
// is absent from the file or the cell is empty.
func (r Row) Get(key string) string {
	i, ok := r.index[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// Has reports whether the file contains the column with key. Callers doing
// partial updates use it to tell "column absent" from "cell left empty".
func (t *Table) Has(key string) bool {
	_, ok := t.index[key]
	return ok
}

// Map matches the sheet's headers to the schema. Matching ignores
// surrounding and inner spaces, full-width/half-width differences, letter
// case and the "*" marks templates put on required headers. Unknown headers
// are ignored and listed in Table.Ignored; a missing required column or two
// headers naming the same column is a *HeaderError.
func (s Schema) Map(sh *Sheet) (*Table, error) {
	lookup, err := s.lookup()
	if err != nil {
		return nil, err
	}
	m := headerMatch{headers: sh.Headers, index: map[string]int{}}
	for i := range sh.Headers {
		m.match(s, lookup, i)
	}
	m.checkRequired(s)
	if len(m.problems) > 0 {
		return nil, &HeaderError{Problems: m.problems}
	}
	t := &Table{Schema: s, HeaderLine: sh.HeaderLine, Ignored: m.ignored, index: m.index}
	t.Rows = make([]Row, len(sh.Rows))
	for i, rec := range sh.Rows {
		t.Rows[i] = Row{Line: rec.Line, cells: rec.Cells, index: m.index}
	}
	return t, nil
}

// lookup maps every normalised header and alias to its column position. A
// name shared by two columns is a bug in the schema, reported as such
// rather than silently resolved one way.
func (s Schema) lookup() (map[string]int, error) {
	lookup := map[string]int{}
	keys := map[string]bool{}
	for ci, col := range s.Columns {
		if col.Key == "" || keys[col.Key] {
			return nil, fmt.Errorf("importer: schema column %d has an empty or duplicate key %q", ci, col.Key)
		}
		keys[col.Key] = true
		for _, name := range append([]string{col.Header}, col.Aliases...) {
			n := normaliseHeader(name)
			if prev, ok := lookup[n]; ok && prev != ci {
				return nil, fmt.Errorf("importer: schema header %q is claimed by columns %q and %q", name, s.Columns[prev].Key, col.Key)
			}
			lookup[n] = ci
		}
	}
	return lookup, nil
}

// headerMatch accumulates the outcome of matching one header row.
type headerMatch struct {
	headers  []string
	index    map[string]int // Key → file position
	ignored  []string
	problems []string
}

func (m *headerMatch) match(s Schema, lookup map[string]int, pos int) {
	header := trimCell(m.headers[pos])
	if header == "" {
		return
	}
	ci, ok := lookup[normaliseHeader(header)]
	if !ok {
		m.ignored = append(m.ignored, header)
		return
	}
	col := s.Columns[ci]
	if prev, dup := m.index[col.Key]; dup {
		m.problems = append(m.problems, m.duplicate(prev, pos, col.Header))
		return
	}
	m.index[col.Key] = pos
}

func (m *headerMatch) duplicate(prev, pos int, canonical string) string {
	a, b := m.headers[prev], m.headers[pos]
	if a == b {
		return fmt.Sprintf("表头「%s」重复（第 %s 列和第 %s 列）", a, columnName(prev), columnName(pos))
	}
	return fmt.Sprintf("第 %s 列「%s」与第 %s 列「%s」重复，都对应「%s」", columnName(prev), a, columnName(pos), b, canonical)
}

func (m *headerMatch) checkRequired(s Schema) {
	var missing []string
	for _, col := range s.Columns {
		if _, ok := m.index[col.Key]; col.Required && !ok {
			missing = append(missing, col.Header)
		}
	}
	if len(missing) > 0 {
		// Listed first: it is the problem users most often need to fix.
		m.problems = append([]string{"缺少必填列：" + strings.Join(missing, "、")}, m.problems...)
	}
}

// normaliseHeader folds the ways users and other systems vary a header:
// full-width letters/digits/brackets (Chinese IMEs), case, spaces anywhere
// and the "*" required marks.
func normaliseHeader(s string) string {
	s = strings.ToLower(width.Fold.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

// columnName gives a 0-based position as the spreadsheet letter (A, B, …,
// AA) users see above the column.
func columnName(pos int) string {
	name, err := excelize.ColumnNumberToName(pos + 1)
	if err != nil {
		return fmt.Sprint(pos + 1)
	}
	return name
}
