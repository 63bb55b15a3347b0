package disclosure

import (
	"fmt"
	"strconv"
	"strings"
)

// Amount is a sum of money in fen (0.01 yuan). The data set states fines
// and confiscations in 万元 with six decimals (decimal(18,6)), which is
// exactly a whole number of fen: 1 万元 = 1,000,000 fen. Keeping fen as an
// integer avoids binary fractions in sums and comparisons.
type Amount int64

// fenPerWan is the number of fen in 1 万元.
const fenPerWan = 1_000_000

// maxWan bounds an amount to what decimal(18,6) holds (twelve digits
// before the point).
const maxWan = 999_999_999_999

// ParseWan reads an amount in 万元 as users write it: "1.5", "0.05",
// "2,000", with at most six decimals; "" is zero.
func ParseWan(s string) (Amount, error) {
	s = strings.TrimSpace(strings.NewReplacer(",", "", "，", "", "万元", "", " ", "").Replace(foldWidth(s)))
	if s == "" {
		return 0, nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 6 || !digitsOnly(whole) || !digitsOnly(frac) {
		return 0, fmt.Errorf("金额“%s”无效：应为以万元为单位、最多六位小数的非负数", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > maxWan {
		return 0, fmt.Errorf("金额“%s”过大", s)
	}
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return Amount(w*fenPerWan + f), nil
}

// Wan writes the amount in 万元 without trailing zeros: "1.5", "0", "0.000123".
func (a Amount) Wan() string {
	s := fmt.Sprintf("%d.%06d", int64(a)/fenPerWan, int64(a)%fenPerWan)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// Yuan writes the amount in yuan with two decimals and thousands
// separators, as a decision states it: "15,000.00".
func (a Amount) Yuan() string {
	yuan, fen := int64(a)/100, int64(a)%100
	digits := strconv.FormatInt(yuan, 10)
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("%s.%02d", b.String(), fen)
}

// MarshalText writes the amount in 万元, as the data set does.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.Wan()), nil }

// UnmarshalText reads an amount in 万元.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseWan(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

func digitsOnly(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
