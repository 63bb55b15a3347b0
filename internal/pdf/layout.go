package pdf

import (
	"strings"
	"unicode"
)

// width is the advance of s at size: half an em for ASCII (the font's
// /W entry), a full em for everything else.
func width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

func runeWidth(r rune) float64 {
	if r < 0x80 {
		return 0.5
	}
	return 1
}

// noLineStart are characters that must not begin a line (the closing
// punctuation of GB/T 15834); they stay at the end of the previous line.
const noLineStart = "，。、；：？！）》」』】〕’”…—,.;:?!)]%"

// wrap breaks s into lines no wider than max; the first line is indented
// by indent characters. ASCII words (numbers, codes) are kept whole unless
// longer than a line. Control characters become spaces.
func wrap(s string, size, max float64, indent int) []string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	var lines []string
	var line []rune
	room := max - float64(indent)*size
	used := 0.0
	flush := func() {
		lines = append(lines, string(line))
		line, used, room = nil, 0, max
	}
	for _, tok := range tokens(s) {
		w := width(tok, size)
		if used+w > room && len(line) > 0 && !strings.ContainsRune(noLineStart, []rune(tok)[0]) {
			flush()
			if tok == " " {
				continue
			}
		}
		if w > room { // a word longer than a line: break it by characters
			for _, r := range tok {
				if used+runeWidth(r)*size > room && len(line) > 0 {
					flush()
				}
				line = append(line, r)
				used += runeWidth(r) * size
			}
			continue
		}
		line = append(line, []rune(tok)...)
		used += w
	}
	flush()
	return lines
}

// tokens splits s into breakable units: each non-ASCII character alone,
// runs of ASCII letters and digits together, anything else alone.
func tokens(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		if isWordRune(rs[i]) {
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:", r))
}
