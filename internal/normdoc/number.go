package normdoc

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// DocNumber is a document number (发文字号) in the GB/T 9704-2012 form
// 机关代字〔年份〕序号号: the issuing organ's code, the year in hexagonal
// brackets, and the serial number without 第 and without leading zeros.
type DocNumber struct {
	Agency string // 机关代字, e.g. 慈政发
	Year   int
	Seq    int
}

// String is the canonical form, e.g. 慈政发〔2017〕12号.
func (n DocNumber) String() string {
	return fmt.Sprintf("%s〔%d〕%d号", n.Agency, n.Year, n.Seq)
}

// yearBrackets are the pairs people type instead of 〔〕: square, lenticular,
// round (full- and half-width), white lenticular and curly brackets.
var yearBrackets = strings.NewReplacer(
	"[", "〔", "]", "〕", "【", "〔", "】", "〕", "(", "〔", ")", "〕",
	"（", "〔", "）", "〕", "〖", "〔", "〗", "〕", "{", "〔", "}", "〕",
	"［", "〔", "］", "〕", "｛", "〔", "｝", "〕", "〘", "〔", "〙", "〕",
)

var reDocNumber = regexp.MustCompile(`^(\p{Han}[\p{Han}A-Za-z0-9]*?)〔(\d{4})〕第?(\d+)号?$`)

// ParseDocNumber reads a document number as users type it: spaces,
// full-width digits, [] 【】 （） () and similar brackets for 〔〕, a 第 before
// the serial, leading zeros and a missing final 号 are accepted and
// normalised. Anything else is an error that says what the form should be.
func ParseDocNumber(s string) (DocNumber, error) {
	v := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if v == "" {
		return DocNumber{}, fmt.Errorf("文号为空")
	}
	// Fold full-width digits and letters, but keep the Chinese brackets,
	// which width.Narrow would turn into ASCII ones we then map back.
	v = yearBrackets.Replace(width.Narrow.String(v))
	m := reDocNumber.FindStringSubmatch(v)
	if m == nil {
		return DocNumber{}, fmt.Errorf("文号“%s”格式不对：应为 机关代字〔年份〕序号号，如 慈政发〔2017〕12号", strings.TrimSpace(s))
	}
	year, _ := strconv.Atoi(m[2])
	seq, err := strconv.Atoi(strings.TrimLeft(m[3], "0"))
	if err != nil || seq <= 0 {
		return DocNumber{}, fmt.Errorf("文号“%s”的序号应为正整数", strings.TrimSpace(s))
	}
	if year < 1949 || year > 2100 {
		return DocNumber{}, fmt.Errorf("文号“%s”的年份 %d 不是有效年份", strings.TrimSpace(s), year)
	}
	return DocNumber{Agency: m[1], Year: year, Seq: seq}, nil
}

// NormalizeDocNumber returns the canonical form of s, or s trimmed with
// the parse error.
func NormalizeDocNumber(s string) (string, error) {
	n, err := ParseDocNumber(s)
	if err != nil {
		return strings.TrimSpace(s), err
	}
	return n.String(), nil
}

// FormatRegNumber fills a registration-number format (rule
// normdoc.registration_format, e.g. "CXSG—{年}—{序号}") with the year and
// that year's serial. The serial has no leading zeros, as in the Huizhou
// example HFGS—2017—9.
func FormatRegNumber(format string, year, seq int) (string, error) {
	if !strings.Contains(format, "{序号}") {
		return "", fmt.Errorf("登记号格式“%s”缺少 {序号}", format)
	}
	r := strings.NewReplacer("{年}", strconv.Itoa(year), "{序号}", strconv.Itoa(seq))
	return r.Replace(format), nil
}
