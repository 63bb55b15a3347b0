package ident

import (
	"errors"
	"testing"
)

// TestCreditWeights pins the table to its definition, 3^(i-1) mod 31.
func TestCreditWeights(t *testing.T) {
	w := 1
	for i, got := range creditWeights {
		if got != w {
			t.Errorf("creditWeights[%d] = %d, want %d", i, got, w)
		}
		w = w * 3 % 31
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "already canonical", in: "91350100M000100Y43", want: "91350100M000100Y43"},
		{name: "lower case and spaces", in: " 9135 0100 m000 100y 43 ", want: "91350100M000100Y43"},
		{name: "full-width with ideographic space", in: "９１５１２０８１ＭＡ６２Ｋ０２６０ｅ\u3000", want: "91512081MA62K0260E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeCreditCode(tt.in); got != tt.want {
				t.Errorf("NormalizeCreditCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantReason Reason
		wantMsg    string
	}{
		{name: "valid Fuzhou example", in: "91350100M000100Y43"},
		{name: "valid Sichuan example", in: "91512081MA62K0260E"},
		{name: "valid after normalising", in: "９１５１２０８１ma62k0260e"},
		{
			name:       "wrong check character",
			in:         "91350100M000100Y4Z",
			wantReason: ReasonCheck,
			wantMsg:    "统一社会信用代码校验位错误：应为 3，实为 Z",
		},
		{
			name:       "wrong check character that is a digit",
			in:         "91512081MA62K02601",
			wantReason: ReasonCheck,
			wantMsg:    "统一社会信用代码校验位错误：应为 E，实为 1",
		},
		{
			name:       "check position holds a Chinese character",
			in:         "91350100M000100Y4号",
			wantReason: ReasonCheck,
			wantMsg:    "统一社会信用代码校验位错误：应为 3，实为 号",
		},
		{
			name:       "empty",
			in:         "  ",
			wantReason: ReasonEmpty,
			wantMsg:    "统一社会信用代码不能为空",
		},
		{
			name:       "too short",
			in:         "91350100M000100Y4",
			wantReason: ReasonLength,
			wantMsg:    "统一社会信用代码长度错误：应为18位，实为17位",
		},
		{
			name:       "old 15-digit registration number",
			in:         "350100100012345",
			wantReason: ReasonLength,
			wantMsg:    "统一社会信用代码长度错误：应为18位，实为15位",
		},
		{
			name:       "letter I is not allowed",
			in:         "91350100I000100Y43",
			wantReason: ReasonChar,
			wantMsg:    "统一社会信用代码第9位字符“I”非法：只能使用数字和除 I、O、Z、S、V 以外的大写字母",
		},
		{
			name:       "letter O typed for zero",
			in:         "9135O100M000100Y43",
			wantReason: ReasonChar,
			wantMsg:    "统一社会信用代码第5位字符“O”非法：只能使用数字和除 I、O、Z、S、V 以外的大写字母",
		},
		{
			name:       "Chinese character counted as one position",
			in:         "91350100M000100号43",
			wantReason: ReasonChar,
			wantMsg:    "统一社会信用代码第16位字符“号”非法：只能使用数字和除 I、O、Z、S、V 以外的大写字母",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCreditCode(tt.in)
			assertFieldError(t, err, tt.wantReason, tt.wantMsg)
		})
	}
}

// assertFieldError checks that err is nil when wantMsg is empty, and
// otherwise a *FieldError with the given reason and exact message.
func assertFieldError(t *testing.T, err error, wantReason Reason, wantMsg string) {
	t.Helper()
	if wantMsg == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want *FieldError %q", err, wantMsg)
	}
	if fe.Error() != wantMsg || fe.Reason != wantReason {
		t.Fatalf("error = %q (%s), want %q (%s)", fe.Error(), fe.Reason, wantMsg, wantReason)
	}
}

func TestCreditCodeCheckChar(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    byte
		wantMsg string
	}{
		{name: "Fuzhou example", in: "91350100M000100Y4", want: '3'},
		{name: "Sichuan example", in: "91512081MA62K0260", want: 'E'},
		// Σ mod 31 = 0 gives 31, which the standard maps to 0.
		{name: "remainder zero maps to 0", in: "00000000000000000", want: '0'},
		{
			name:    "full code passed by mistake",
			in:      "91350100M000100Y43",
			wantMsg: "统一社会信用代码前17位长度错误：应为17位，实为18位",
		},
		{
			name:    "illegal letter",
			in:      "9135010SM000100Y4",
			wantMsg: "统一社会信用代码前17位第8位字符“S”非法：只能使用数字和除 I、O、Z、S、V 以外的大写字母",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CreditCodeCheckChar(tt.in)
			if tt.wantMsg != "" {
				if err == nil || err.Error() != tt.wantMsg {
					t.Fatalf("error = %v, want %q", err, tt.wantMsg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("CreditCodeCheckChar(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestMakeCreditCode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantMsg string
	}{
		{name: "enterprise", in: "91350100M000100Y4", want: "91350100M000100Y43"},
		{name: "normalises input", in: "91512081ma62k0260", want: "91512081MA62K0260E"},
		{name: "law firm", in: "31330000MD0123456", want: "31330000MD0123456" + string(mustCheckChar(t, "31330000MD0123456"))},
		{name: "too short", in: "9135", wantMsg: "统一社会信用代码前17位长度错误：应为17位，实为4位"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MakeCreditCode(tt.in)
			if tt.wantMsg != "" {
				if err == nil || err.Error() != tt.wantMsg {
					t.Fatalf("error = %v, want %q", err, tt.wantMsg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("MakeCreditCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if err := CheckCreditCode(got); err != nil {
				t.Fatalf("generated code fails CheckCreditCode: %v", err)
			}
		})
	}
}

func mustCheckChar(t *testing.T, first17 string) byte {
	t.Helper()
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreditCodeOrgCodeWarning(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "consistent M000100Y4", in: "91350100M000100Y43"},
		{name: "consistent MA62K0260", in: "91512081MA62K0260E"},
		{
			name: "embedded check deviates",
			in:   "91350100M000100Y5" + string(mustCheckChar(t, "91350100M000100Y5")),
			want: "统一社会信用代码第9–17位（组织机构代码 M000100Y5）校验位不符：应为 4，实为 5。" +
				"早期赋码可能不符合 GB 11714，仅作提示，请人工核实",
		},
		{
			name: "all-digit organisation code deviates",
			// 12345678: Σ = 3+14+27+40+25+48+28+16 = 201, 201 mod 11 = 3, 11−3 = 8.
			in: "91350100123456780" + string(mustCheckChar(t, "91350100123456780")),
			want: "统一社会信用代码第9–17位（组织机构代码 123456780）校验位不符：应为 8，实为 0。" +
				"早期赋码可能不符合 GB 11714，仅作提示，请人工核实",
		},
		{name: "malformed input is left to CheckCreditCode", in: "9135"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CreditCodeOrgCodeWarning(tt.in); got != tt.want {
				t.Errorf("CreditCodeOrgCodeWarning(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrgCodeCheckChar(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want byte
	}{
		{name: "brief example M000100Y", in: "M000100Y", want: '4'},
		{name: "brief example MA62K026", in: "MA62K026", want: '0'},
		{name: "result 10 maps to X", in: "40000000", want: 'X'}, // Σ = 12, 12 mod 11 = 1
		{name: "result 11 maps to 0", in: "00000000", want: '0'}, // Σ = 0
		{name: "digits", in: "12345678", want: '8'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orgCodeCheckChar(tt.in); got != tt.want {
				t.Errorf("orgCodeCheckChar(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
