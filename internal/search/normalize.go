package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds s the way both the index and the query see it: every
// rune separately through NFKC (full-width forms become ASCII,
// compatibility ideographs become unified ones) and then to lower case.
// Folding rune by rune keeps a map from the folded text back to the
// original, which is how snippets highlight the original text.
func Normalize(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// isFolded reports whether every rune of s folds to itself.
func isFolded(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !foldsToItself(r) {
			return false
		}
		i += n
	}
	return true
}

// foldsToItself is the fast path: common CJK ideographs and ASCII lower
// case are already folded.
func foldsToItself(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true // CJK Unified Ideographs: NFKC-stable, caseless
	}
	return foldRune(r) == string(r)
}

// foldRune is the folded form of one rune (possibly several runes, e.g.
// "㈱" → "(株)", or none for a default-ignorable).
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return string(r)
	}
	if r < 0x10000 {
		foldOnce.Do(buildFoldBMP)
		return foldBMP[r]
	}
	return foldSlow(r)
}

func foldSlow(r rune) string {
	if r == utf8.RuneError {
		return string(r)
	}
	return strings.Map(unicode.ToLower, norm.NFKC.String(string(r)))
}

// foldBMP caches the folded form of every rune of the Basic Multilingual
// Plane (NFKC per rune allocates and dominated indexing time).
var (
	foldOnce sync.Once
	foldBMP  []string
)

func buildFoldBMP() {
	foldBMP = make([]string, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		foldBMP[r] = foldSlow(r)
	}
}
