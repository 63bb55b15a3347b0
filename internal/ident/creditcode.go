package ident

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	creditCodeField = "统一社会信用代码"
	creditBodyField = "统一社会信用代码前17位"

	// creditCharset lists the code characters in value order (0..30);
	// GB 32100 does not use I, O, Z, S or V.
	creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

// creditWeights are 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015).
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgCodeWeights are the GB 11714 weights for the organisation code's
// first 8 characters.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// NormalizeCreditCode returns the canonical form of a credit code:
// half-width, upper case, without whitespace. It does not validate.
func NormalizeCreditCode(s string) string {
	return normalize(s)
}

// CheckCreditCode validates a unified social credit code after
// normalisation: 18 characters from the GB 32100 charset with a matching
// check character. A bad 18th character is always reported as a check
// error naming the expected character, even if it is outside the charset
// (e.g. Z), because "应为 3" tells the user how to fix it. It returns a
// *FieldError.
func CheckCreditCode(s string) error {
	code, err := creditCodeBody(s)
	if err != nil {
		return err
	}
	want, got := creditCheckChar(code[:17]), []rune(code)[17]
	if got != rune(want) {
		return &FieldError{
			Field:  creditCodeField,
			Reason: ReasonCheck,
			Detail: fmt.Sprintf("校验位错误：应为 %c，实为 %c", want, got),
		}
	}
	return nil
}

// creditCodeBody normalises s and checks everything except the check
// character: 18 characters, the first 17 from the charset.
func creditCodeBody(s string) (string, error) {
	code := NormalizeCreditCode(s)
	if err := checkCreditLength(creditCodeField, code, 18); err != nil {
		return "", err
	}
	if err := checkCreditCharset(creditCodeField, []rune(code)[:17]); err != nil {
		return "", err
	}
	return code, nil
}

// CreditCodeCheckChar computes the 18th character for the first 17.
func CreditCodeCheckChar(first17 string) (byte, error) {
	body := NormalizeCreditCode(first17)
	if err := checkCreditLength(creditBodyField, body, 17); err != nil {
		return 0, err
	}
	if err := checkCreditCharset(creditBodyField, []rune(body)); err != nil {
		return 0, err
	}
	return creditCheckChar(body), nil
}

// MakeCreditCode appends the check character to first17, for generating
// test and demo data.
func MakeCreditCode(first17 string) (string, error) {
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		return "", err
	}
	return NormalizeCreditCode(first17) + string(c), nil
}

// CreditCodeOrgCodeWarning checks the organisation code embedded at
// positions 9–17 against its own GB 11714 check character. A mismatch is
// only a warning: codes converted from legacy registrations may deviate,
// and rejecting them would block real entities. It returns "" when the
// embedded code is consistent or when s is not even a well-formed credit
// code (CheckCreditCode reports that).
func CreditCodeOrgCodeWarning(s string) string {
	code, err := creditCodeBody(s)
	if err != nil {
		return ""
	}
	org := code[8:17]
	want, got := orgCodeCheckChar(org[:8]), org[8]
	if got == want {
		return ""
	}
	return fmt.Sprintf("统一社会信用代码第9–17位（组织机构代码 %s）校验位不符：应为 %c，实为 %c。"+
		"早期赋码可能不符合 GB 11714，仅作提示，请人工核实", org, want, got)
}

// checkCreditLength checks emptiness and length. Lengths and positions
// count characters, not bytes, so a stray Chinese character is reported
// where the user sees it.
func checkCreditLength(field, s string, n int) error {
	if s == "" {
		return &FieldError{Field: field, Reason: ReasonEmpty, Detail: "不能为空"}
	}
	if got := utf8.RuneCountInString(s); got != n {
		return &FieldError{
			Field:  field,
			Reason: ReasonLength,
			Detail: fmt.Sprintf("长度错误：应为%d位，实为%d位", n, got),
		}
	}
	return nil
}

// checkCreditCharset reports the first character outside the charset.
func checkCreditCharset(field string, runes []rune) error {
	for i, r := range runes {
		if !strings.ContainsRune(creditCharset, r) {
			return &FieldError{
				Field:  field,
				Reason: ReasonChar,
				Detail: fmt.Sprintf("第%d位字符“%c”非法：只能使用数字和除 I、O、Z、S、V 以外的大写字母", i+1, r),
			}
		}
	}
	return nil
}

// creditCheckChar computes C18 = 31 − (Σ Ci·Wi mod 31), with 31 → 0.
// body must be 17 characters from creditCharset.
func creditCheckChar(body string) byte {
	sum := 0
	for i := range creditWeights {
		sum += strings.IndexByte(creditCharset, body[i]) * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31]
}

// OrgCodeCheckChar returns the GB 11714 check character of an
// organisation code's 8-character body (for generating codes).
func OrgCodeCheckChar(body string) byte { return orgCodeCheckChar(body) }

// orgCodeCheckChar computes the GB 11714 check: C9 = 11 − (Σ mod 11), with
// 10 → X and 11 → 0. body must be 8 digits or upper-case letters.
func orgCodeCheckChar(body string) byte {
	sum := 0
	for i, w := range orgCodeWeights {
		sum += orgCodeValue(body[i]) * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// orgCodeValue maps digits to 0–9 and letters A–Z to 10–35.
func orgCodeValue(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int(c-'A') + 10
}
