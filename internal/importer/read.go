package importer

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
)

// DefaultMaxRows bounds the data rows of one import. Callers write every row
// in a single transaction, so an unbounded file would mean an unbounded
// transaction and memory use.
const DefaultMaxRows = 100000

// Sentinel errors, so callers can tell the kinds apart with errors.Is while
// the returned messages stay specific and in Chinese.
var (
	ErrUnsupportedType = errors.New("不支持的文件类型")
	ErrTooManyRows     = errors.New("数据行数超过上限")
	ErrNoHeader        = errors.New("文件为空：未找到表头行")
	ErrUnreadable      = errors.New("文件无法读取")
)

// Options tunes reading. The zero value is ready to use.
type Options struct {
	// MaxRows is the maximum number of data rows (header excluded);
	// zero or negative means DefaultMaxRows.
	MaxRows int
	// Sheet names the worksheet to read from an .xlsx file; empty means the
	// first sheet. Ignored for .csv.
	Sheet string
}

// Sheet is the raw content of an uploaded file: trimmed text cells with fully
// empty rows removed.
type Sheet struct {
	// HeaderLine is the row number of the header (1 unless the file starts
	// with empty rows).
	HeaderLine int
	Headers    []string
	Rows       []Record
}

// Record is one non-empty data row.
type Record struct {
	// Line is the 1-based row number as shown by Excel/WPS, so error reports
	// point at the row the user actually sees.
	Line int
	// Cells has at least len(Sheet.Headers) entries: short (ragged) rows are
	// padded with "", cells beyond the last header are kept as they are.
	Cells []string
}

// Read reads an uploaded file with default options; see ReadWith.
func Read(r io.Reader, filename string) (*Sheet, error) {
	return ReadWith(r, filename, Options{})
}

// ReadWith reads an uploaded .csv or .xlsx file, choosing the format by the
// extension of filename (the name the user uploaded, not a path on disk).
func ReadWith(r io.Reader, filename string, opts Options) (*Sheet, error) {
	b := newSheetBuilder(opts.maxRows())
	var err error
	switch ext := strings.ToLower(filepath.Ext(filename)); ext {
	case ".csv":
		err = readCSV(r, b)
	case ".xlsx":
		err = readXLSX(r, opts.Sheet, b)
	default:
		return nil, unsupportedType(ext)
	}
	if err != nil {
		return nil, err
	}
	return b.finish()
}

func (o Options) maxRows() int {
	if o.MaxRows <= 0 {
		return DefaultMaxRows
	}
	return o.MaxRows
}

func unsupportedType(ext string) error {
	switch ext {
	case "":
		return fmt.Errorf("%w：文件没有扩展名（支持 .csv、.xlsx）", ErrUnsupportedType)
	case ".xls", ".et":
		// Old binary Excel and WPS formats are still common; tell the user
		// the one step that fixes it instead of a bare refusal.
		return fmt.Errorf("%w：%s（支持 .csv、.xlsx，请在 Excel 或 WPS 中另存为 .xlsx）", ErrUnsupportedType, ext)
	default:
		return fmt.Errorf("%w：%s（支持 .csv、.xlsx）", ErrUnsupportedType, ext)
	}
}

// sheetBuilder turns raw rows from either format into a Sheet, so trimming,
// empty-row skipping, header detection and the row limit behave identically
// for CSV and XLSX.
type sheetBuilder struct {
	maxRows   int
	sheet     Sheet
	hasHeader bool
}

func newSheetBuilder(maxRows int) *sheetBuilder {
	return &sheetBuilder{maxRows: maxRows}
}

// add takes ownership of cells.
func (b *sheetBuilder) add(line int, cells []string) error {
	trimCells(cells)
	if isBlank(cells) {
		return nil
	}
	if !b.hasHeader {
		b.hasHeader = true
		b.sheet.HeaderLine = line
		b.sheet.Headers = trimTrailingBlanks(cells)
		return nil
	}
	if len(b.sheet.Rows) >= b.maxRows {
		return fmt.Errorf("%w：最多 %d 行，请拆分文件后分批导入", ErrTooManyRows, b.maxRows)
	}
	b.sheet.Rows = append(b.sheet.Rows, Record{Line: line, Cells: padCells(cells, len(b.sheet.Headers))})
	return nil
}

func (b *sheetBuilder) finish() (*Sheet, error) {
	if !b.hasHeader {
		return nil, ErrNoHeader
	}
	return &b.sheet, nil
}

func trimCells(cells []string) {
	for i, c := range cells {
		cells[i] = trimCell(c)
	}
}

// trimCell also strips zero-width characters and stray BOMs, which survive
// copy-paste from web pages and Word and would otherwise make "相同" values
// compare unequal.
func trimCell(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func trimTrailingBlanks(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return cells[:n]
}

func padCells(cells []string, n int) []string {
	for len(cells) < n {
		cells = append(cells, "")
	}
	return cells
}
