package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func readCSV(r io.Reader, b *sheetBuilder) error {
	// The whole file is needed to decide its encoding; callers bound upload
	// sizes, and the rows end up in memory anyway.
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%w：%v", ErrUnreadable, err)
	}
	text, err := decodeText(data)
	if err != nil {
		return err
	}
	return parseCSV(text, b)
}

// decodeText returns the file as UTF-8. Excel and WPS in China save "CSV"
// as GB18030/GBK unless the user picks "CSV UTF-8", so anything that is not
// valid UTF-8 is taken to be GB18030 (a superset of GBK and GB2312).
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w：文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV", ErrUnreadable)
	}
	return string(out), nil
}

func parseCSV(text string, b *sheetBuilder) error {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffDelimiter(text)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	// extra counts physical lines swallowed by newlines inside quoted
	// fields: Excel shows such a record as one row, and Line must match
	// what the user sees there.
	extra := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		first, last := recordLines(cr, rec)
		if err := b.add(first-extra, rec); err != nil {
			return err
		}
		extra += last - first
	}
}

// recordLines reports the physical lines on which rec starts and ends.
// encoding/csv skips blank lines but still counts them, so blank lines keep
// their place in the numbering just as they do in Excel.
func recordLines(cr *csv.Reader, rec []string) (first, last int) {
	first, _ = cr.FieldPos(0)
	lastField := len(rec) - 1
	last, _ = cr.FieldPos(lastField)
	return first, last + strings.Count(rec[lastField], "\n")
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%w：CSV 第 %d 行格式错误（%v）", ErrUnreadable, pe.Line, pe.Err)
	}
	return fmt.Errorf("%w：%v", ErrUnreadable, err)
}

// sniffDelimiter picks comma, semicolon or tab by counting them (outside
// quotes) in the header line: European-locale Excel writes semicolons and
// copy-paste from a grid gives tabs. Ties and no hits fall back to comma.
func sniffDelimiter(text string) rune {
	header := firstNonBlankLine(text)
	best, bestCount := ',', 0
	for _, d := range []rune{',', ';', '\t'} {
		if n := countOutsideQuotes(header, d); n > bestCount {
			best, bestCount = d, n
		}
	}
	return best
}

func firstNonBlankLine(text string) string {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) != "" {
			return line
		}
	}
	return ""
}

func countOutsideQuotes(s string, d rune) int {
	n, quoted := 0, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}
