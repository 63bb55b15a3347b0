package index

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"fazhi/internal/search"
)

// View is a segment as a query sees it: its records and the posting lists
// of the query's tokens (a missing token has no list).
type View struct {
	Docs    *DocTable
	Lists   map[search.Token][]byte
	Deleted map[int64]bool // keys removed since the segment was built
}

// Recent is a record not yet in a segment; queries scan it.
type Recent struct {
	Key      int64
	Agency   int64
	Category string
	Party    string
	Title    string // normalised title texts joined by "\n"
	Body     string // normalised body texts joined by "\n"
}

// Filter restricts matches beyond the text.
type Filter struct {
	KeyLo, KeyHi int64 // inclusive; KeyHi 0 means no upper bound
	Agency       int64
	Category     string
	Party        string
	Only         map[int64]bool // when not nil, only these keys (exact look-ups)
}

func (f *Filter) keyOK(k int64) bool { return f.Only == nil || f.Only[k] }

// Options say what to return.
type Options struct {
	Offset, Limit int
	Relevance     bool
	Count         bool // count matches up to Cap+1; otherwise stop at the page
	Cap           int
}

// Match is one hit.
type Match struct {
	Key   int64
	Score float64
}

// Result of Search.
type Result struct {
	Hits   []Match
	Total  int
	Capped bool
}

// BM25 parameters (Robertson's defaults) and the weight of a title match.
const (
	k1          = 1.2
	b           = 0.75
	titleWeight = 5
)

// Search runs terms (AND) with filter over the segments and the recent
// records, newest first, and returns one page.
func Search(views []*View, recent []Recent, terms []search.TermPlan, f Filter, opt Options) Result {
	st := newStats(views, recent, terms)
	sources := make([]source, 0, len(views)+1)
	for _, v := range views {
		if s := newSegSource(v, terms, f, st); s != nil {
			sources = append(sources, s)
		}
	}
	if len(recent) > 0 {
		sources = append(sources, newRecentSource(recent, terms, f, st))
	}
	return collect(sources, opt)
}

// source yields matches in descending key order.
type source interface {
	peek() (Match, bool)
	pop()
}

func collect(sources []source, opt Options) Result {
	var res Result
	var all []Match
	want := opt.Offset + opt.Limit
	for {
		if !opt.Relevance && len(res.Hits) >= opt.Limit && (!opt.Count || res.Total > opt.Cap) {
			break
		}
		if opt.Relevance && res.Total > opt.Cap {
			break
		}
		best := -1
		var m Match
		for i, s := range sources {
			if c, ok := s.peek(); ok && (best < 0 || c.Key > m.Key) {
				best, m = i, c
			}
		}
		if best < 0 {
			break
		}
		sources[best].pop()
		res.Total++
		if opt.Relevance {
			all = append(all, m)
		} else if res.Total > opt.Offset && res.Total <= want {
			res.Hits = append(res.Hits, m)
		}
	}
	if res.Total > opt.Cap {
		res.Total, res.Capped = opt.Cap, true
		if len(all) > opt.Cap {
			all = all[:opt.Cap]
		}
	}
	if opt.Relevance {
		// Best score first; equal scores stay newest first (all is in key
		// order and keys are unique, so this is the stable order).
		slices.SortFunc(all, func(x, y Match) int {
			if c := cmp.Compare(y.Score, x.Score); c != 0 {
				return c
			}
			return cmp.Compare(y.Key, x.Key)
		})
		if opt.Offset < len(all) {
			res.Hits = all[opt.Offset:min(len(all), want)]
		}
	}
	return res
}

// stats holds what BM25 needs: record count, mean length, idf per term.
type stats struct {
	avgLen float64
	idf    []float64
}

func newStats(views []*View, recent []Recent, terms []search.TermPlan) *stats {
	st := &stats{idf: make([]float64, len(terms))}
	var n, total float64
	for _, v := range views {
		n += float64(v.Docs.Len())
		total += float64(v.Docs.SumLength)
	}
	for _, r := range recent {
		n++
		total += float64(len(r.Title) + len(r.Body))
	}
	if n > 0 {
		st.avgLen = total / n
	}
	for i, t := range terms {
		// The phrase's document frequency is at most its rarest token's.
		df := math.Inf(1)
		for _, tok := range termTokens(t) {
			var c float64
			for _, v := range views {
				c += float64(listDocs(v.Lists[tok]))
			}
			df = math.Min(df, c)
		}
		if math.IsInf(df, 1) {
			df = 0
		}
		st.idf[i] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	return st
}

func termTokens(t search.TermPlan) []search.Token {
	toks := append([]search.Token(nil), t.Chars...)
	for _, p := range t.Phrase {
		toks = append(toks, p.Token)
	}
	return toks
}

func (st *stats) score(term int, tf float64, length int32) float64 {
	if tf == 0 {
		return 0
	}
	norm := 1.0
	if st.avgLen > 0 {
		norm = 1 - b + b*float64(length)/st.avgLen
	}
	return st.idf[term] * tf * (k1 + 1) / (tf + k1*norm)
}

// segSource walks one segment.
type segSource struct {
	v        *View
	f        Filter
	st       *stats
	terms    []termLists
	drivers  []*listIter // the rarest lists: candidates hold all of them
	ord, end int32       // next ordinal to consider, exclusive end
	cat      int64       // dictionary id of f.Category, -1 none, -2 absent
	party    int64
	cur      Match
	has      bool
	done     bool
	posBuf   []int32 // positions of one token in the current record
	starts   []int32 // phrase starts still possible
}

type termLists struct {
	plan    search.TermPlan
	chars   []*listIter // parallel to plan.Chars
	phrase  []*listIter // parallel to plan.Phrase
	offsets []int32
	order   []int // indexes of phrase, rarest list first
}

func newSegSource(v *View, terms []search.TermPlan, f Filter, st *stats) *segSource {
	s := &segSource{v: v, f: f, st: st}
	s.ord, s.end = ordRange(v.Docs, f)
	if s.ord >= s.end {
		return nil
	}
	s.cat, s.party = dictID(v.Docs.Cats, f.Category), dictID(v.Docs.Parties, f.Party)
	if s.cat == -2 || s.party == -2 {
		return nil
	}
	// One iterator per token, however often the query repeats it ("某某"
	// three times in "张某某某某"): the documents are intersected once.
	iters := map[search.Token]*listIter{}
	var all []*listIter
	iter := func(t search.Token) *listIter {
		if it, ok := iters[t]; ok {
			return it
		}
		data, ok := v.Lists[t]
		if !ok {
			return nil
		}
		it := newListIter(data, !t.IsChar())
		iters[t] = it
		all = append(all, it)
		return it
	}
	for _, t := range terms {
		tl := termLists{plan: t}
		for _, c := range t.Chars {
			it := iter(c)
			if it == nil {
				return nil
			}
			tl.chars = append(tl.chars, it)
		}
		for _, p := range t.Phrase {
			it := iter(p.Token)
			if it == nil {
				return nil
			}
			tl.phrase = append(tl.phrase, it)
			tl.offsets = append(tl.offsets, p.Offset)
			tl.order = append(tl.order, len(tl.order))
		}
		sort.SliceStable(tl.order, func(i, j int) bool { return tl.phrase[tl.order[i]].ndocs < tl.phrase[tl.order[j]].ndocs })
		s.terms = append(s.terms, tl)
	}
	// Candidates come from leapfrogging the two rarest lists; the others
	// are moved to a candidate only while it survives (accept), so that a
	// long phrase of common bigrams does not walk twenty long lists for
	// every record holding its two rarest ones.
	sort.Slice(all, func(i, j int) bool { return all[i].ndocs < all[j].ndocs })
	s.drivers = all[:min(len(all), drivers)]
	return s
}

// dictID finds s in a dictionary: -1 for no filter, -2 when absent.
func dictID(list []string, s string) int64 {
	if s == "" {
		return -1
	}
	for i, v := range list {
		if v == s {
			return int64(i)
		}
	}
	return -2
}

// ordRange maps the key range of f onto ordinals [lo, hi).
func ordRange(d *DocTable, f Filter) (int32, int32) {
	lo := 0
	if f.KeyHi != 0 {
		lo = sort.Search(d.Len(), func(i int) bool { return d.Keys[i] <= f.KeyHi })
	}
	hi := sort.Search(d.Len(), func(i int) bool { return d.Keys[i] < f.KeyLo })
	return int32(lo), int32(hi)
}

func (s *segSource) peek() (Match, bool) {
	if !s.has && !s.done {
		s.advance()
	}
	return s.cur, s.has
}

func (s *segSource) pop() { s.has = false }

// advance finds the next matching ordinal at or after s.ord.
func (s *segSource) advance() {
	for s.ord < s.end {
		ord, ok := s.candidate(s.ord)
		if !ok || ord >= s.end {
			break
		}
		s.ord = ord + 1
		if score, ok := s.accept(ord); ok {
			s.cur, s.has = Match{Key: s.v.Docs.Keys[ord], Score: score}, true
			return
		}
	}
	s.done, s.ord = true, s.end
}

// drivers is how many of the rarest lists make candidates.
const drivers = 2

// candidate returns the first ordinal ≥ from present in every driver list.
func (s *segSource) candidate(from int32) (int32, bool) {
	if len(s.drivers) == 0 {
		return from, true
	}
	target := from
	for {
		agreed := true
		for _, it := range s.drivers {
			if !it.advance(target) {
				return 0, false
			}
			if it.ord > target {
				target, agreed = it.ord, false
				break
			}
		}
		if agreed {
			return target, true
		}
	}
}

// accept applies the filters and the phrases to a candidate.
func (s *segSource) accept(ord int32) (float64, bool) {
	d := s.v.Docs
	if s.f.Agency != 0 && d.Agency[ord] != s.f.Agency ||
		s.cat >= 0 && int64(d.Category[ord]) != s.cat ||
		s.party >= 0 && int64(d.Party[ord]) != s.party ||
		!s.f.keyOK(d.Keys[ord]) || s.v.Deleted[d.Keys[ord]] {
		return 0, false
	}
	var score float64
	for i := range s.terms {
		t := &s.terms[i]
		for _, it := range t.chars {
			if !s.at(it, ord) {
				return 0, false
			}
		}
		tf := 1.0
		if len(t.phrase) > 0 {
			tf = s.phraseFreq(t, ord, d.TitleEnd[ord])
			if tf == 0 {
				return 0, false
			}
		}
		score += s.st.score(i, tf, d.Length[ord])
	}
	return score, true
}

// at moves it to ord and reports whether its record is there. A list that
// ends ends the segment: no later record can hold every token.
func (s *segSource) at(it *listIter, ord int32) bool {
	if !it.advance(ord) {
		s.ord = s.end
		return false
	}
	return it.ord == ord
}

// phraseFreq counts the occurrences of a term's phrase in the current
// record, a title occurrence counting titleWeight times. It starts from
// the positions of the phrase's rarest token and keeps the phrase starts
// that each further token confirms, rarer tokens first: a candidate that
// holds every bigram but not the phrase (the costly case: a long phrase
// of common bigrams) is usually refused after decoding two lists, not
// all of them.
func (s *segSource) phraseFreq(t *termLists, ord, titleEnd int32) float64 {
	first := t.order[0]
	if !s.at(t.phrase[first], ord) {
		return 0
	}
	s.posBuf = t.phrase[first].positions(s.posBuf)
	starts := s.starts[:0]
	for _, p := range s.posBuf {
		starts = append(starts, p-t.offsets[first])
	}
	for _, i := range t.order[1:] {
		if !s.at(t.phrase[i], ord) {
			return 0
		}
		s.posBuf = t.phrase[i].positions(s.posBuf)
		starts = keepStarts(starts, s.posBuf, t.offsets[i])
		if len(starts) == 0 {
			break
		}
	}
	s.starts = starts
	var tf float64
	for _, start := range starts {
		if start < titleEnd {
			tf += titleWeight
		} else {
			tf++
		}
	}
	return tf
}

// keepStarts keeps the phrase starts st (ascending) for which st+offset is
// one of the positions ps (ascending), in place.
func keepStarts(starts, ps []int32, offset int32) []int32 {
	kept, j := 0, 0
	for _, st := range starts {
		want := st + offset
		for j < len(ps) && ps[j] < want {
			j++
		}
		if j == len(ps) {
			break
		}
		if ps[j] == want {
			starts[kept] = st
			kept++
		}
	}
	return starts[:kept]
}

// recentSource scans the records not yet in a segment.
type recentSource struct {
	matches []Match
	i       int
}

func newRecentSource(recent []Recent, terms []search.TermPlan, f Filter, st *stats) *recentSource {
	s := &recentSource{}
	for _, r := range recent {
		if r.Key < f.KeyLo || f.KeyHi != 0 && r.Key > f.KeyHi || f.Agency != 0 && r.Agency != f.Agency ||
			f.Category != "" && r.Category != f.Category || f.Party != "" && r.Party != f.Party || !f.keyOK(r.Key) {
			continue
		}
		score, ok := 0.0, true
		for i, t := range terms {
			tf := float64(titleWeight*strings.Count(r.Title, t.Text) + strings.Count(r.Body, t.Text))
			if tf == 0 {
				ok = false
				break
			}
			score += st.score(i, tf, int32(len(r.Title)+len(r.Body)))
		}
		if ok {
			s.matches = append(s.matches, Match{Key: r.Key, Score: score})
		}
	}
	sort.Slice(s.matches, func(i, j int) bool { return s.matches[i].Key > s.matches[j].Key })
	return s
}

func (s *recentSource) peek() (Match, bool) {
	if s.i < len(s.matches) {
		return s.matches[s.i], true
	}
	return Match{}, false
}

func (s *recentSource) pop() { s.i++ }
