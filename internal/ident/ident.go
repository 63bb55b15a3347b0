// Package ident validates Chinese identifiers entered by officers and
// parties (domain brief §10.3): the unified social credit code
// (GB 32100-2015) and the resident identity number (GB 11643-1999).
// All error messages are in Chinese because they are shown to users as is.
package ident

import (
	"strings"
	"unicode"
)

// Reason classifies a validation failure for programmatic handling; the
// human-readable text is in FieldError.Detail.
type Reason string

const (
	ReasonEmpty  Reason = "empty"  // nothing entered
	ReasonLength Reason = "length" // wrong number of characters
	ReasonChar   Reason = "char"   // a character outside the allowed set
	ReasonCheck  Reason = "check"  // check character does not match
	ReasonBirth  Reason = "birth"  // birth date not a real, plausible date
)

// FieldError reports why an identifier is invalid. Error() joins Field and
// Detail into one sentence such as "统一社会信用代码校验位错误：应为 3，实为 Z".
type FieldError struct {
	Field  string // Chinese field name, e.g. 统一社会信用代码
	Reason Reason
	Detail string // Chinese explanation, without the field name
}

func (e *FieldError) Error() string { return e.Field + e.Detail }

// normalize folds the ways people type identifiers into one canonical form:
// full-width characters (common with Chinese IMEs) become half-width, all
// whitespace is dropped (codes are often copied with spaces in groups) and
// letters are upper-cased. Both identifiers are defined in upper case, so
// no information is lost.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = toHalfWidth(r)
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// toHalfWidth maps the full-width ASCII block (U+FF01–U+FF5E) and the
// ideographic space to their ASCII counterparts.
func toHalfWidth(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case r >= '\uFF01' && r <= '\uFF5E':
		return r - 0xFEE0
	}
	return r
}
