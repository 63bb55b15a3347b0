package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
)

var (
	reStream = regexp.MustCompile(`(?s)<< /Length (\d+) /Filter /FlateDecode >>\nstream\n`)
	reShow   = regexp.MustCompile(`<([0-9A-F]*)> Tj`)
)

// Text returns the text of a PDF written by this package, one shown
// string per line, in page order. Tests use it to check what a generated
// document says; it does not read PDFs from elsewhere.
func Text(data []byte) (string, error) {
	var out strings.Builder
	for _, m := range reStream.FindAllSubmatchIndex(data, -1) {
		var n int
		fmt.Sscan(string(data[m[2]:m[3]]), &n)
		start := m[1]
		if start+n > len(data) {
			return "", fmt.Errorf("pdf: stream of %d bytes runs past the end", n)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[start : start+n]))
		if err != nil {
			return "", fmt.Errorf("pdf: %w", err)
		}
		content, err := io.ReadAll(zr)
		if err != nil {
			return "", fmt.Errorf("pdf: %w", err)
		}
		for _, s := range reShow.FindAllSubmatch(content, -1) {
			line, err := decodeUTF16Hex(string(s[1]))
			if err != nil {
				return "", err
			}
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	return out.String(), nil
}

func decodeUTF16Hex(h string) (string, error) {
	b, err := hex.DecodeString(h)
	if err != nil || len(b)%2 != 0 {
		return "", fmt.Errorf("pdf: bad text string %q", h)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u)), nil
}
