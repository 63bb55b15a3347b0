package search

import (
	"unicode"
	"unicode/utf8"
)

// The tokenizer shared by indexing and querying (one implementation for
// every engine). A normalised text is cut into runs of word characters
// (letters of any script, digits, marks); every other non-space character
// is a run of its own, and white space only separates. A run c1…cn yields
// the positional tokens c1c2, c2c3, …, c(n-1)cn and then the unigram cn, so
// the run occupies n positions. Consecutive bigrams in a phrase are
// therefore an exact substring test, and a run that a query term cuts off
// on the right is still found from its bigrams alone. Every distinct
// character of a record is also listed once (without positions) for
// one-character queries.
//
// A token is a uint64: kind<<42 | first rune<<21 | second rune.

// Token is one index term.
type Token uint64

// Token kinds.
const (
	kindPositional Token = 0 // bigram, or unigram when the second rune is 0
	kindChar       Token = 1 // "the record contains this character"
)

// Bigram is the positional token of two adjacent runes of a run.
func Bigram(a, b rune) Token { return Token(a)<<21 | Token(b) }

// Unigram is the positional token of a run's last rune (or a symbol).
func Unigram(a rune) Token { return Token(a) << 21 }

// Char is the non-positional token "contains a".
func Char(a rune) Token { return kindChar<<42 | Token(a)<<21 }

// IsChar reports a non-positional token.
func (t Token) IsChar() bool { return t>>42 == kindChar }

// String shows a token for tests and debugging.
func (t Token) String() string {
	a, b := rune(t>>21&0x1FFFFF), rune(t&0x1FFFFF)
	s := string(a)
	if b != 0 {
		s += string(b)
	}
	if t.IsChar() {
		return "#" + s
	}
	return s
}

// BodyBase is where body positions started in segments written before
// the per-record title end was stored (doc tables of version 1).
const BodyBase = 1 << 16

// fieldGap separates fields and white-space-separated words: positions
// that no token takes, so a phrase never spans them.
const fieldGap = 1

// runeClass of a folded rune.
type runeClass uint8

const (
	classSpace runeClass = iota
	classWord
	classSymbol
)

func classify(r rune) runeClass {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', 'A' <= r && r <= 'Z':
			return classWord
		case r <= ' ' || r == 0x7F:
			return classSpace
		}
		return classSymbol
	case r >= 0x4E00 && r <= 0x9FFF:
		return classWord
	case r == utf8.RuneError, unicode.IsSpace(r), unicode.IsControl(r):
		return classSpace
	case unicode.IsLetter(r), unicode.IsNumber(r), unicode.IsMark(r):
		return classWord
	}
	return classSymbol
}

// Tokenizer turns texts into positional tokens; one Tokenizer is reused
// for many records (it keeps its buffers).
type Tokenizer struct {
	pos   int32
	prev  rune // last rune of the current word run, 0 if none
	emit  func(t Token, pos int32)
	chars func(r rune)
}

// Text tokenizes text (already normalised or not: every rune is folded)
// starting at position start, and returns the position after it.
// emit receives positional tokens in order; chars receives each rune
// (caller dedups).
func (z *Tokenizer) Text(text string, start int32, emit func(Token, int32), chars func(rune)) int32 {
	z.pos, z.prev, z.emit, z.chars = start, 0, emit, chars
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			z.rune(rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if r >= 0x4E00 && r <= 0x9FFF {
			z.rune(r)
			continue
		}
		for _, f := range foldRune(r) {
			z.rune(f)
		}
	}
	z.endRun()
	return z.pos
}

func (z *Tokenizer) rune(r rune) {
	switch classify(r) {
	case classWord:
		z.chars(r)
		if z.prev != 0 {
			z.emit(Bigram(z.prev, r), z.pos)
			z.pos++
		}
		z.prev = r
	case classSymbol:
		z.chars(r)
		z.endRun()
		z.emit(Unigram(r), z.pos)
		z.pos++
	default:
		z.endRun()
		z.pos += fieldGap
	}
}

func (z *Tokenizer) endRun() {
	if z.prev != 0 {
		z.emit(Unigram(z.prev), z.pos)
		z.pos++
		z.prev = 0
	}
}

// PhraseToken is a token at an offset from the start of a phrase.
type PhraseToken struct {
	Token  Token
	Offset int32
}

// TermPlan is how the index finds one query term: the records that hold
// every Chars token and, when Phrase is not empty, the phrase at
// consecutive positions.
type TermPlan struct {
	Text   string
	Phrase []PhraseToken
	Chars  []Token
}

// Exact reports whether the plan matches exactly the records that contain
// the term (it does except when a term ends in a symbol followed by one
// character, e.g. "法》第"; then the last character is only required
// somewhere in the record).
func (p TermPlan) Exact() bool { return len(p.Phrase) == 0 || len(p.Chars) == 0 }

// Plan translates a normalised term (no white space) into index tokens.
func Plan(term string) TermPlan {
	p := TermPlan{Text: term}
	runes := []rune(term)
	if len(runes) == 1 {
		p.Chars = []Token{Char(runes[0])}
		return p
	}
	var off int32
	for i := 0; i < len(runes); {
		if classify(runes[i]) != classWord {
			p.Phrase = append(p.Phrase, PhraseToken{Unigram(runes[i]), off})
			off++
			i++
			continue
		}
		j := i
		for j < len(runes) && classify(runes[j]) == classWord {
			j++
		}
		last := j == len(runes)
		switch {
		case j-i == 1 && last:
			// A single trailing character starts a longer run in the record:
			// it is a bigram's first rune or a unigram there.
			p.Chars = append(p.Chars, Char(runes[i]))
		default:
			for k := i; k+1 < j; k++ {
				p.Phrase = append(p.Phrase, PhraseToken{Bigram(runes[k], runes[k+1]), off})
				off++
			}
			if !last {
				p.Phrase = append(p.Phrase, PhraseToken{Unigram(runes[j-1]), off})
				off++
			}
		}
		i = j
	}
	return p
}
