package search

import (
	"strings"
	"testing"
)

// tokens renders the positional tokens of text as "tok@pos" and the
// distinct characters, for golden comparisons.
func tokens(text string) (string, string) {
	var z Tokenizer
	var out []string
	var chars []string
	seen := map[rune]bool{}
	z.Text(text, 0, func(t Token, p int32) { out = append(out, t.String()+"@"+itoa(p)) },
		func(r rune) {
			if !seen[r] {
				seen[r] = true
				chars = append(chars, string(r))
			}
		})
	return strings.Join(out, " "), strings.Join(chars, "")
}

func itoa(p int32) string {
	if p == 0 {
		return "0"
	}
	var b []byte
	for ; p > 0; p /= 10 {
		b = append([]byte{byte('0' + p%10)}, b...)
	}
	return string(b)
}

func TestTokenizerGolden(t *testing.T) {
	cases := []struct{ name, in, want, chars string }{
		{"chinese run", "行政处罚", "行政@0 政处@1 处罚@2 罚@3", "行政处罚"},
		{"single character", "罚", "罚@0", "罚"},
		{"mixed scripts in one run", "A级企业", "a级@0 级企@1 企业@2 业@3", "a级企业"},
		{"full width folds to ASCII", "ＡＢＣ１２３", "ab@0 bc@1 c1@2 12@3 23@4 3@5", "abc123"},
		{"space separates, leaving a gap", "张 三", "张@0 三@2", "张三"},
		{"masked name", "张某某", "张某@0 某某@1 某@2", "张某"},
		{"masked with stars", "张**", "张@0 *@1 *@2", "张*"},
		{"credit code stays one run", "91330282MA2AAAAA1X", "91@0 13@1 33@2 30@3 02@4 28@5 82@6 2m@7 ma@8 a2@9 2a@10 aa@11 aa@12 aa@13 aa@14 a1@15 1x@16 x@17", "913028max"},
		{"punctuation is a token of its own", "《食品安全法》第三条", "《@0 食品@1 品安@2 安全@3 全法@4 法@5 》@6 第三@7 三条@8 条@9", "《食品安全法》第三条"},
		{"decision number", "慈市监罚〔2026〕12号", "慈市@0 市监@1 监罚@2 罚@3 〔@4 20@5 02@6 26@7 6@8 〕@9 12@10 2号@11 号@12", "慈市监罚〔206〕1号"},
		{"extension B characters", "𠀾鑫源", "𠀾鑫@0 鑫源@1 源@2", "𠀾鑫源"},
		{"compatibility ideograph folds", "\uF900", "豈@0", "豈"},
		{"circled digit folds", "①号", "1号@0 号@1", "1号"},
	}
	for _, c := range cases {
		got, chars := tokens(c.in)
		if got != c.want {
			t.Errorf("%s: tokens of %q = %q, want %q", c.name, c.in, got, c.want)
		}
		if c.chars != "" && chars != c.chars {
			t.Errorf("%s: chars of %q = %q, want %q", c.name, c.in, chars, c.chars)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＢＣ":      "abc",
		"张某某":      "张某某",
		"Ｉｐｈｏｎｅ１５": "iphone15",
		"（有限公司）":   "(有限公司)",
		"\uF900":   "\u8C48",
		"𠀾":        "𠀾",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlan(t *testing.T) {
	cases := []struct {
		term  string
		want  string
		exact bool
	}{
		{"罚", "#罚", true},
		{"处罚", "处罚+0", true},
		{"行政处罚", "行政+0 政处+1 处罚+2", true},
		{"张某某", "张某+0 某某+1", true},
		{"法》第三", "法+0 》+1 第三+2", true},
		{"a》b", "a+0 》+1 #b", false},
		{"》", "#》", true},
	}
	for _, c := range cases {
		p := Plan(c.term)
		var parts []string
		for _, pt := range p.Phrase {
			parts = append(parts, pt.Token.String()+"+"+itoa(pt.Offset))
		}
		for _, ch := range p.Chars {
			parts = append(parts, ch.String())
		}
		if got := strings.Join(parts, " "); got != c.want || p.Exact() != c.exact {
			t.Errorf("Plan(%q) = %q exact %v, want %q exact %v", c.term, got, p.Exact(), c.want, c.exact)
		}
	}
}

func TestSnippet(t *testing.T) {
	segs := Snippet("当事人慈溪市ＡＢＣ商贸有限公司销售过期食品", "abc 食品", 100)
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	if got := b.String(); got != "当事人慈溪市[ＡＢＣ]商贸有限公司销售过期[食品]" {
		t.Errorf("snippet = %q", got)
	}
	long := strings.Repeat("无关内容", 100) + "行政处罚" + strings.Repeat("其他", 100)
	segs = Snippet(long, "行政处罚", 40)
	n := 0
	for _, s := range segs {
		n += len([]rune(s.Text))
	}
	if n > 42 || segs[0].Text[:3] != "…" {
		t.Errorf("window of %d runes: %+v", n, segs)
	}
}

// FuzzParse checks that no input breaks the parser or the planner: terms
// are normalised, non-empty and free of white space, planning is total,
// and every plan has at least one token.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"行政处罚", "\"a\" OR b*", "张某某 NEAR(x y)", "col:val ^ -x", "《法》第三条", "ＡＢＣ", "\x00\xff", "'; DROP TABLE x; --", "a<->b & !c | d:*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := Parse(q)
		if err != nil {
			return
		}
		for _, term := range p.Terms {
			if term == "" || strings.IndexFunc(term, isSpace) >= 0 || Normalize(term) != term {
				t.Fatalf("bad term %q from %q", term, q)
			}
			plan := Plan(term)
			if len(plan.Phrase)+len(plan.Chars) == 0 {
				t.Fatalf("empty plan for %q", term)
			}
		}
	})
}
