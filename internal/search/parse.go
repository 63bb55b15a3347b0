package search

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parsed is a query split into its terms. Every term must occur in a
// record (AND); a term is matched as a substring of one field.
type Parsed struct {
	Terms []string // normalised, non-empty, without whitespace, distinct
}

// Query limits: one box takes a word or a sentence, not a document.
const (
	MaxQueryRunes = 200
	MaxTerms      = 16
)

// ErrQueryTooLong is returned for queries beyond MaxQueryRunes or MaxTerms.
var ErrQueryTooLong = errors.New("检索词过长：最多 200 个字、16 个词")

// Parse splits q on whitespace into normalised terms. Nothing in q is
// syntax: quotes, stars, AND/OR/NOT, colons and parentheses are text to
// look for, so input can never inject FTS5 or tsquery operators.
func Parse(q string) (Parsed, error) {
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Parsed{}, ErrQueryTooLong
	}
	var p Parsed
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(Normalize(q), isSpace) {
		if seen[f] {
			continue
		}
		seen[f] = true
		p.Terms = append(p.Terms, f)
	}
	if len(p.Terms) > MaxTerms {
		return Parsed{}, ErrQueryTooLong
	}
	return p, nil
}

// Empty reports a query without terms (filters only).
func (p Parsed) Empty() bool { return len(p.Terms) == 0 }

// isSpace separates terms and fields: white space, control characters and
// invalid bytes.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
}
