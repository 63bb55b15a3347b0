package ident

import (
	"fmt"
	"strings"
	"time"
)

const (
	residentIDField = "公民身份号码"
	birthLayout     = "20060102"
	// idCheckChars maps (Σ ai·Wi mod 11) to the check character
	// (ISO 7064 MOD 11-2 as used by GB 11643-1999).
	idCheckChars = "10X98765432"
	// earliestBirthYear rejects dates no living person can have; typos such
	// as 1090 for 1990 would otherwise pass.
	earliestBirthYear = 1900
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ResidentID is a parsed, validated resident identity number.
type ResidentID struct {
	Number    string    // normalised 18-character number, check character X upper-case
	Region    string    // 6-digit address code at issue (GB/T 2260), not validated against a list
	Birth     time.Time // birth date at midnight UTC
	Male      bool      // the 17th digit is odd
	Converted bool      // the input was a 15-digit legacy number (GB 11643-1989)
}

// ParseResidentID is ParseResidentIDAt with the current time.
func ParseResidentID(s string) (ResidentID, error) {
	return ParseResidentIDAt(s, time.Now())
}

// ParseResidentIDAt validates a resident identity number, judging "future"
// birth dates against now's calendar day in now's location (pass a time in
// Asia/Shanghai). The clock is a parameter so that tests are stable.
//
// GB 11643 defines the check character as upper-case X. A lower-case x is
// accepted and normalised to X, because it is unambiguous and users type it
// constantly; Number always holds the upper-case form. 15-digit legacy
// numbers are upgraded by inserting "19" before the year and appending the
// computed check character, and are marked Converted.
func ParseResidentIDAt(s string, now time.Time) (ResidentID, error) {
	n := normalize(s)
	if n == "" {
		return ResidentID{}, idError(ReasonEmpty, "不能为空")
	}
	converted := false
	switch length := len([]rune(n)); length {
	case 18:
		if err := checkIDChars(n, true); err != nil {
			return ResidentID{}, err
		}
	case 15:
		if err := checkIDChars(n, false); err != nil {
			return ResidentID{}, err
		}
		n, converted = upgradeLegacyID(n), true
	default:
		return ResidentID{}, idError(ReasonLength, fmt.Sprintf("长度错误：应为18位（或15位旧号码），实为%d位", length))
	}
	birth, err := parseBirth(n[6:14], now)
	if err != nil {
		return ResidentID{}, err
	}
	if want, got := idCheckChar(n[:17]), n[17]; got != want {
		return ResidentID{}, idError(ReasonCheck, fmt.Sprintf("校验位错误：应为 %c，实为 %c", want, got))
	}
	return ResidentID{
		Number:    n,
		Region:    n[:6],
		Birth:     birth,
		Male:      (n[16]-'0')%2 == 1,
		Converted: converted,
	}, nil
}

// MakeResidentID builds a valid 18-digit number for test and demo data.
// It panics if region is not 6 digits or seq is outside 1–999, since those
// are programming errors in fixture code, not user input.
func MakeResidentID(region string, birth time.Time, seq int) string {
	if len(region) != 6 || !isDigits(region) {
		panic(fmt.Sprintf("ident: MakeResidentID 行政区划代码应为6位数字，实为 %q", region))
	}
	if seq < 1 || seq > 999 {
		panic(fmt.Sprintf("ident: MakeResidentID 顺序码应在 1–999 之间，实为 %d", seq))
	}
	body := fmt.Sprintf("%s%s%03d", region, birth.Format(birthLayout), seq)
	return body + string(idCheckChar(body))
}

// MaskResidentID hides the middle of a number for display, keeping the
// first 3 and last 4 characters (e.g. 110***********002X). This hides the
// birth date and the county, the parts that identify a person, while still
// letting an officer match a record against the card in hand. Public
// channels that must omit the number entirely (Zhejiang disclosure rules,
// brief §4.4) should not print it at all. Inputs too short to mask safely
// are masked completely.
func MaskResidentID(s string) string {
	const head, tail = 3, 4
	r := []rune(normalize(s))
	if len(r) <= head+tail {
		return strings.Repeat("*", len(r))
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}

func idError(reason Reason, detail string) *FieldError {
	return &FieldError{Field: residentIDField, Reason: reason, Detail: detail}
}

// checkIDChars requires digits everywhere, except that the last character
// of an 18-digit number may be X when lastMayBeX is set.
func checkIDChars(s string, lastMayBeX bool) error {
	r := []rune(s)
	for i, c := range r {
		if c >= '0' && c <= '9' {
			continue
		}
		last := i == len(r)-1
		if last && lastMayBeX && c == 'X' {
			continue
		}
		want := "数字"
		if last && lastMayBeX {
			want = "数字或 X"
		}
		return idError(ReasonChar, fmt.Sprintf("第%d位字符“%c”非法：应为%s", i+1, c, want))
	}
	return nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// upgradeLegacyID turns a 15-digit number into its 18-digit form. Legacy
// numbers were only issued to people born in the 1900s.
func upgradeLegacyID(n string) string {
	body := n[:6] + "19" + n[6:]
	return body + string(idCheckChar(body))
}

// parseBirth validates the YYYYMMDD birth date field.
func parseBirth(s string, now time.Time) (time.Time, error) {
	birth, err := time.Parse(birthLayout, s)
	if err != nil {
		return time.Time{}, idError(ReasonBirth, "出生日期无效："+s)
	}
	if birth.Year() < earliestBirthYear {
		return time.Time{}, idError(ReasonBirth, fmt.Sprintf("出生日期无效：%s（早于%d年）", s, earliestBirthYear))
	}
	y, m, d := now.Date()
	if birth.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, idError(ReasonBirth, fmt.Sprintf("出生日期无效：%s（晚于当前日期）", s))
	}
	return birth, nil
}

// idCheckChar returns the check character for the first 17 digits.
func idCheckChar(body string) byte {
	return idCheckChars[idCheckSum(body)]
}

// idCheckSum is Σ ai·Wi mod 11 over the first 17 digits.
func idCheckSum(body string) int {
	sum := 0
	for i, w := range idWeights {
		sum += int(body[i]-'0') * w
	}
	return sum % 11
}
