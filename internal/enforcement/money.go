package enforcement

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in fen (分, hundredths of a yuan): a 3 % daily
// surcharge of any fine, and amounts in 万元 for the disclosure data set,
// stay exact.
type Money int64

// Yuan is n whole yuan.
func Yuan(n int64) Money { return Money(n * 100) }

// ParseMoney reads an amount in yuan as people type it: "5000",
// "5,000.5", "5000元", "1.2万" (万元). Blank is zero.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(strings.NewReplacer(",", "", "，", "", " ", "", "元", "", "￥", "", "¥", "").Replace(s))
	if s == "" {
		return 0, nil
	}
	scale := 1.0
	if t, ok := strings.CutSuffix(s, "万"); ok {
		s, scale = t, 10000
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f*scale > 1e13 {
		return 0, fmt.Errorf("金额“%s”无效，应为不小于零的数字（元）", s)
	}
	return Money(f*scale*100 + 0.5), nil
}

// String shows the amount in yuan with thousands separators, the fen only
// when there are some: "12,500", "9.99".
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole, fen := int64(m)/100, int64(m)%100
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if fen != 0 {
		fmt.Fprintf(&b, ".%02d", fen)
	}
	return b.String()
}

// Plain is the amount in yuan without separators, for form fields and
// exports: "12500", "9.99".
func (m Money) Plain() string {
	if m%100 == 0 {
		return strconv.FormatInt(int64(m)/100, 10)
	}
	return fmt.Sprintf("%d.%02d", int64(m)/100, int64(m)%100)
}

// Wan is the amount in 万元 with six decimals, as the national penalty
// data set wants it (decimal(18,6)).
func (m Money) Wan() string {
	// 1 万元 = 1,000,000 fen: the six decimals are exactly the fen.
	return fmt.Sprintf("%d.%06d", int64(m)/1_000_000, int64(m)%1_000_000)
}
