package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxUnzipLimit caps the unzipped size of an uploaded workbook. excelize
// defaults to 16 GB, which would let a small zip bomb exhaust the server;
// 1 GiB is far beyond any DefaultMaxRows-sized sheet.
const xlsxUnzipLimit = 1 << 30

// shortDatePattern is what excelize applies to the built-in short date
// (id 14), which Excel stores for a date typed in any locale; a fallback,
// see isoDates.
const shortDatePattern = "yyyy-mm-dd"

func readXLSX(r io.Reader, sheetName string, b *sheetBuilder) error {
	f, err := excelize.OpenReader(r, excelize.Options{
		ShortDatePattern: shortDatePattern,
		UnzipSizeLimit:   xlsxUnzipLimit,
	})
	if err != nil {
		return fmt.Errorf("%w：不是有效的 .xlsx 文件，或文件已损坏、已加密（%v）", ErrUnreadable, err)
	}
	defer f.Close()
	name, err := pickSheet(f, sheetName)
	if err != nil {
		return err
	}
	isoDates(f)
	return streamRows(f, name, b)
}

func pickSheet(f *excelize.File, want string) (string, error) {
	list := f.GetSheetList()
	if want == "" {
		if len(list) == 0 {
			return "", ErrNoHeader
		}
		return list[0], nil
	}
	for _, name := range list {
		if name == want {
			return name, nil
		}
	}
	return "", fmt.Errorf("%w：找不到工作表「%s」（现有：%s）", ErrUnreadable, want, strings.Join(list, "、"))
}

// streamRows uses the row iterator rather than GetRows so that the row limit
// stops a huge sheet early instead of after loading all of it.
func streamRows(f *excelize.File, sheet string, b *sheetBuilder) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("%w：%v", ErrUnreadable, err)
	}
	defer rows.Close()
	// The iterator also visits rows missing from the XML, so counting
	// Next calls yields the row number Excel shows.
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("%w：第 %d 行读取失败（%v）", ErrUnreadable, line, err)
		}
		if err := b.add(line, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("%w：%v", ErrUnreadable, err)
	}
	return nil
}

// isoDates points every date number format of the opened workbook at an
// ISO layout, so that excelize renders date cells as YYYY-MM-DD (or
// YYYY-MM-DD hh:mm:ss when the format shows a time) whatever format the user
// picked — e.g. the custom "yyyy/m/d" or "yyyy年m月d日" that Chinese Excel
// and WPS write — and callers parse a single layout.
//
// Rewriting the styles once is far cheaper than looking up each cell's
// style, which would load the whole sheet into memory. The workbook is only
// read, never saved, so the change stays in memory. Should it fail,
// ShortDatePattern still covers the common built-in short date.
func isoDates(f *excelize.File) {
	custom := isoCustomFormats(f)
	dateID, ok1 := isoFormatID(f, isoDateCode)
	timeID, ok2 := isoFormatID(f, isoDateTimeCode)
	if !ok1 || !ok2 {
		return
	}
	for i := range f.Styles.CellXfs.Xf {
		xf := &f.Styles.CellXfs.Xf[i]
		if xf.NumFmtID == nil || custom[*xf.NumFmtID] {
			continue // custom codes win over built-in ids and are done
		}
		switch {
		case builtinDateFormats[*xf.NumFmtID]:
			xf.NumFmtID = &dateID
		case *xf.NumFmtID == builtinDateTimeFormat:
			xf.NumFmtID = &timeID
		}
	}
}

// The ISO codes carry an explicit locale: without one excelize searches all
// its languages for every date token, which made dates four times slower.
const (
	isoDateCode     = "[$-409]yyyy-mm-dd"
	isoDateTimeCode = "[$-409]yyyy-mm-dd hh:mm:ss"
)

// isoCustomFormats rewrites the workbook's custom date formats to the ISO
// codes and returns the ids of all its custom formats.
func isoCustomFormats(f *excelize.File) map[int]bool {
	ids := map[int]bool{}
	if _, err := f.GetStyle(0); err != nil || f.Styles == nil || f.Styles.NumFmts == nil {
		return ids // GetStyle loads f.Styles
	}
	for _, nf := range f.Styles.NumFmts.NumFmt {
		ids[nf.NumFmtID] = true
		code := nf.FormatCode
		if nf.FormatCode16 != "" {
			code = nf.FormatCode16
		}
		if iso, ok := isoFormatCode(code); ok {
			nf.FormatCode, nf.FormatCode16 = iso, ""
		}
	}
	return ids
}

// isoFormatID registers code as a custom number format and returns its id,
// through NewStyle since excelize has no direct way to add a format.
func isoFormatID(f *excelize.File, code string) (int, bool) {
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil || f.Styles == nil || f.Styles.CellXfs == nil || style >= len(f.Styles.CellXfs.Xf) {
		return 0, false
	}
	id := f.Styles.CellXfs.Xf[style].NumFmtID
	if id == nil {
		return 0, false
	}
	return *id, true
}

// builtinDateFormats are the built-in number format ids that show a date
// without a time. 27–58 are the East Asian locale dates (e.g. 31 is
// yyyy"年"m"月"d"日"), which excelize would otherwise leave as raw serial
// numbers unless told a culture.
var builtinDateFormats = map[int]bool{
	14: true, 15: true, 16: true, 17: true,
	27: true, 28: true, 29: true, 30: true, 31: true, 36: true,
	50: true, 51: true, 52: true, 53: true, 54: true, 57: true, 58: true,
}

// builtinDateTimeFormat is "m/d/yy hh:mm".
const builtinDateTimeFormat = 22

// isoFormatCode tells whether a custom number format code shows a date and
// returns the ISO code to show it with, keeping the time when the format
// has one. "m" alone is ambiguous (month or minute), so a date needs a year
// or day token.
func isoFormatCode(code string) (string, bool) {
	tokens := strings.ToLower(formatTokens(code))
	if !strings.ContainsAny(tokens, "yd") {
		return "", false
	}
	if strings.ContainsAny(tokens, "hs") {
		return isoDateTimeCode, true
	}
	return isoDateCode, true
}

// formatTokens keeps the format letters of the first (positive) section of
// a number format code, dropping literals ("年", \-, _x, *x) and bracketed
// parts ([$-804], [Red], [DBNum1]) that could contain y/d/h/s by accident.
func formatTokens(code string) string {
	var out strings.Builder
	var quoted, bracket, skip bool
	for _, r := range code {
		switch {
		case skip:
			skip = false
		case quoted:
			quoted = r != '"'
		case bracket:
			bracket = r != ']'
		case r == '"':
			quoted = true
		case r == '[':
			bracket = true
		case r == '\\' || r == '_' || r == '*':
			skip = true
		case r == ';':
			return out.String()
		default:
			out.WriteRune(r)
		}
	}
	return out.String()
}
