package search

import "strings"

// Segment is a piece of a snippet; Mark pieces are what the query matched.
type Segment struct {
	Text string
	Mark bool
}

// Snippet returns an excerpt of text of at most maxRunes runes around the
// first match of any term of query, with every match inside the excerpt
// marked. Text without a match yields its beginning, unmarked. Matching
// uses Normalize, and the segments hold the original text.
func Snippet(text, query string, maxRunes int) []Segment {
	p, _ := Parse(query)
	runes := []rune(text)
	// folded[i] is the folded form of runes[i]; match positions are found
	// in the folded text and mapped back through starts.
	var folded strings.Builder
	starts := make([]int, len(runes)+1) // byte offset in folded of each rune
	for i, r := range runes {
		starts[i] = folded.Len()
		folded.WriteString(foldRune(r))
	}
	starts[len(runes)] = folded.Len()
	marks := make([]bool, len(runes))
	first := -1
	ft := folded.String()
	for _, term := range p.Terms {
		for from := 0; from < len(ft); {
			i := strings.Index(ft[from:], term)
			if i < 0 {
				break
			}
			b, e := from+i, from+i+len(term)
			lo, hi := runeAt(starts, b), runeAt(starts, e-1)
			for k := lo; k <= hi; k++ {
				marks[k] = true
			}
			if first < 0 || lo < first {
				first = lo
			}
			from = b + 1
			for from < len(ft) && ft[from]&0xC0 == 0x80 {
				from++
			}
		}
	}
	lo, hi := window(len(runes), first, maxRunes)
	return segments(runes[lo:hi], marks[lo:hi], lo > 0, hi < len(runes))
}

// runeAt maps a byte offset in the folded text to the original rune
// whose folded form covers it.
func runeAt(starts []int, off int) int {
	lo, hi := 0, len(starts)-2
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// window picks [lo, hi) of at most max runes, starting a little before
// the first match so that the match has some context.
func window(n, first, max int) (int, int) {
	if max <= 0 || n <= max {
		return 0, n
	}
	lo := 0
	if first > 0 {
		lo = first - max/4
		if lo < 0 {
			lo = 0
		}
	}
	hi := lo + max
	if hi > n {
		hi, lo = n, n-max
	}
	return lo, hi
}

func segments(runes []rune, marks []bool, cutStart, cutEnd bool) []Segment {
	var out []Segment
	if cutStart {
		out = append(out, Segment{Text: "…"})
	}
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && marks[j] == marks[i] {
			j++
		}
		out = append(out, Segment{Text: string(runes[i:j]), Mark: marks[i]})
		i = j
	}
	if cutEnd {
		out = append(out, Segment{Text: "…"})
	}
	return merge(out)
}

// merge joins neighbouring unmarked segments (the ellipses).
func merge(in []Segment) []Segment {
	var out []Segment
	for _, s := range in {
		if n := len(out); n > 0 && !out[n-1].Mark && !s.Mark {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}
