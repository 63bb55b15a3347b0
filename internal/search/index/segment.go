package index

import (
	"encoding/binary"
	"runtime"
	"sort"
	"sync"

	"fazhi/internal/search"
)

// Record is one record as the index sees it.
type Record struct {
	Key       int64 // order key: newest first is descending Key
	Agency    int64
	Category  string
	Party     string
	Title     []string // texts weighted as titles (party, numbers, agency)
	Body      []string // the other texts
	Positions int32    // set by Build: number of positions (for BM25 length)
}

// DocTable holds the per-record columns of a segment, by ordinal.
type DocTable struct {
	Keys     []int64
	Agency   []int64
	Category []uint32
	Party    []uint32
	Length   []int32  // positions of the record (BM25's document length)
	TitleEnd []int32  // positions below this are the record's title fields
	Cats     []string // dictionary of Category
	Parties  []string // dictionary of Party
	// SumLength is the sum of Length (for BM25's mean length), kept so that
	// a query does not add up a million lengths.
	SumLength int64
}

// Len is the number of records.
func (d *DocTable) Len() int { return len(d.Keys) }

// Segment is a built, immutable segment.
type Segment struct {
	Docs  DocTable
	Lists map[search.Token][]byte
}

// tokenized is one record's tokens grouped by token: toks[i] has the
// positions pos[start[i]:start[i+1]], ascending. chars are its distinct
// characters.
type tokenized struct {
	toks  []search.Token
	start []int32
	pos   []int32
	chars []rune
	n     int32 // positions used
	title int32 // positions of the title fields
	// scratch
	emitted []search.Token
	at      []int32
	slot    []int32
}

// grouper assigns each distinct token of a record a slot with an
// open-addressing table whose entries are stamped per record, so that it
// is never cleared (sorting the tokens instead cost twice as much).
type grouper struct {
	keys   []search.Token
	slots  []int32
	stamps []uint32
	stamp  uint32
	seen   map[rune]uint32 // characters above the BMP
	bmp    []uint32        // stamp per BMP character
}

func (g *grouper) reset(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if len(g.keys) < size {
		g.keys, g.slots, g.stamps = make([]search.Token, size), make([]int32, size), make([]uint32, size)
	}
	if g.bmp == nil {
		g.bmp, g.seen = make([]uint32, 0x10000), map[rune]uint32{}
	}
	g.stamp++
}

// slot returns the slot of t and whether t is new in this record.
func (g *grouper) slot(t search.Token, next int32) (int32, bool) {
	mask := uint64(len(g.keys) - 1)
	h := uint64(t) * 0x9E3779B97F4A7C15 >> 20
	for i := h & mask; ; i = (i + 1) & mask {
		if g.stamps[i] != g.stamp {
			g.stamps[i], g.keys[i], g.slots[i] = g.stamp, t, next
			return next, true
		}
		if g.keys[i] == t {
			return g.slots[i], false
		}
	}
}

// newChar reports whether c is seen for the first time in this record.
func (g *grouper) newChar(c rune) bool {
	if c < 0x10000 {
		if g.bmp[c] == g.stamp {
			return false
		}
		g.bmp[c] = g.stamp
		return true
	}
	if g.seen[c] == g.stamp {
		return false
	}
	g.seen[c] = g.stamp
	return true
}

func tokenize(z *search.Tokenizer, g *grouper, r *Record, out *tokenized) {
	out.emitted, out.at, out.chars = out.emitted[:0], out.at[:0], out.chars[:0]
	emit := func(t search.Token, p int32) {
		out.emitted = append(out.emitted, t)
		out.at = append(out.at, p)
	}
	g.reset(0)
	addChar := func(c rune) {
		if g.newChar(c) {
			out.chars = append(out.chars, c)
		}
	}
	// Positions run on from the title fields into the body (a body that
	// started at a fixed base would cost a third varint byte per token and
	// record); the title's end is kept per record for scoring.
	var pos int32
	for _, t := range r.Title {
		pos = z.Text(t, pos, emit, addChar) + 1
	}
	out.title = pos
	for _, t := range r.Body {
		pos = z.Text(t, pos, emit, addChar) + 1
	}
	out.n = pos
	group(g, out)
}

// group buckets the emitted tokens by token, keeping position order.
func group(g *grouper, out *tokenized) {
	g.reset(len(out.emitted))
	out.toks, out.slot = out.toks[:0], out.slot[:0]
	counts := out.start[:0]
	for _, t := range out.emitted {
		s, isNew := g.slot(t, int32(len(out.toks)))
		if isNew {
			out.toks = append(out.toks, t)
			counts = append(counts, 0)
		}
		counts[s]++
		out.slot = append(out.slot, s)
	}
	// counts → starts (exclusive prefix sums), with a final total.
	var sum int32
	for i, c := range counts {
		counts[i] = sum
		sum += c
	}
	out.start = append(counts, sum)
	if cap(out.pos) < int(sum) {
		out.pos = make([]int32, sum)
	}
	out.pos = out.pos[:sum]
	fill := append([]int32(nil), out.start[:len(out.toks)]...)
	for i, s := range out.slot {
		out.pos[fill[s]] = out.at[i]
		fill[s]++
	}
}

// Build makes a segment of recs (any order; the segment orders them
// newest first). Tokenizing runs on every core; encoding is sequential.
func Build(recs []Record) *Segment {
	sort.Slice(recs, func(i, j int) bool { return recs[i].Key > recs[j].Key })
	seg := &Segment{Lists: map[search.Token][]byte{}}
	// Encoding is split by token over two goroutines (each sees every
	// record, in order, and writes the lists of its half of the tokens).
	const shards = 2
	type batch struct {
		start int
		out   []tokenized
	}
	var feeds [shards]chan batch
	var results [shards]map[search.Token]*listWriter
	var wg sync.WaitGroup
	for k := range shards {
		feeds[k] = make(chan batch, 4)
		results[k] = map[search.Token]*listWriter{}
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			writers := results[k]
			get := func(t search.Token) *listWriter {
				w := writers[t]
				if w == nil {
					w = &listWriter{}
					writers[t] = w
				}
				return w
			}
			for b := range feeds[k] {
				for i := range b.out {
					tk, ord := &b.out[i], int32(b.start+i)
					for j, tok := range tk.toks {
						if shardOf(tok, shards) == k {
							get(tok).add(ord, tk.pos[tk.start[j]:tk.start[j+1]], true)
						}
					}
					for _, c := range tk.chars {
						if tok := search.Char(c); shardOf(tok, shards) == k {
							get(tok).add(ord, nil, false)
						}
					}
				}
			}
		}(k)
	}
	cats, parties := dict{}, dict{}
	d := &seg.Docs
	forEachBatch(recs, func(start int, out []tokenized) {
		for i := range out {
			r := &recs[start+i]
			d.Keys = append(d.Keys, r.Key)
			d.Agency = append(d.Agency, r.Agency)
			d.Category = append(d.Category, cats.id(r.Category))
			d.Party = append(d.Party, parties.id(r.Party))
			d.Length = append(d.Length, out[i].n)
			d.TitleEnd = append(d.TitleEnd, out[i].title)
		}
		for k := range shards {
			feeds[k] <- batch{start, out}
		}
	})
	for k := range shards {
		close(feeds[k])
	}
	wg.Wait()
	d.Cats, d.Parties = cats.list, parties.list
	d.SumLength = sumLength(d.Length)
	for _, writers := range results {
		for t, w := range writers {
			seg.Lists[t] = w.bytes()
		}
	}
	return seg
}

func shardOf(t search.Token, n int) int { return int(uint64(t) * 0x9E3779B97F4A7C15 >> 32 % uint64(n)) }

// forEachBatch tokenizes recs on all cores and calls fn with each batch
// of results, in order.
func forEachBatch(recs []Record, fn func(start int, out []tokenized)) {
	const batch = 256
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		start int
		out   []tokenized
		done  chan struct{}
	}
	jobs := make(chan *job, workers*2)
	queue := make(chan *job, workers*2)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var z search.Tokenizer
			var g grouper
			for j := range jobs {
				for i := range j.out {
					tokenize(&z, &g, &recs[j.start+i], &j.out[i])
				}
				close(j.done)
			}
		}()
	}
	go func() {
		for start := 0; start < len(recs); start += batch {
			n := min(batch, len(recs)-start)
			j := &job{start: start, out: make([]tokenized, n), done: make(chan struct{})}
			queue <- j
			jobs <- j
		}
		close(jobs)
		close(queue)
	}()
	for j := range queue {
		<-j.done
		fn(j.start, j.out)
	}
	wg.Wait()
}

type dict struct {
	ids  map[string]uint32
	list []string
}

func (d *dict) id(s string) uint32 {
	if d.ids == nil {
		d.ids = map[string]uint32{}
	}
	id, ok := d.ids[s]
	if !ok {
		id = uint32(len(d.list))
		d.ids[s] = id
		d.list = append(d.list, s)
	}
	return id
}

// EncodeDocs serialises a doc table.
func EncodeDocs(d *DocTable) []byte {
	var b []byte
	// A leading 0 (no segment is empty) and a version: version 2 added
	// TitleEnd; a table without the marker is version 1, whose bodies
	// start at position search.BodyBase.
	b = binary.AppendUvarint(b, 0)
	b = binary.AppendUvarint(b, 2)
	b = binary.AppendUvarint(b, uint64(d.Len()))
	for _, l := range [][]string{d.Cats, d.Parties} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	var prev int64
	for i := range d.Keys {
		if i == 0 {
			b = binary.AppendVarint(b, d.Keys[0])
		} else {
			b = binary.AppendUvarint(b, uint64(prev-d.Keys[i]))
		}
		prev = d.Keys[i]
		b = binary.AppendVarint(b, d.Agency[i])
		b = binary.AppendUvarint(b, uint64(d.Category[i]))
		b = binary.AppendUvarint(b, uint64(d.Party[i]))
		b = binary.AppendUvarint(b, uint64(d.Length[i]))
		b = binary.AppendUvarint(b, uint64(d.TitleEnd[i]))
	}
	return b
}

// DecodeDocs reads a doc table written by EncodeDocs.
func DecodeDocs(b []byte) (*DocTable, error) {
	r := reader{b: b}
	n, version := int(r.uvarint()), uint64(1)
	if n == 0 {
		version = r.uvarint()
		n = int(r.uvarint())
	}
	if version > 2 {
		return nil, errCorrupt
	}
	d := &DocTable{}
	for _, l := range []*[]string{&d.Cats, &d.Parties} {
		k := int(r.uvarint())
		for i := 0; i < k && r.err == nil; i++ {
			m := int(r.uvarint())
			*l = append(*l, r.bytes(m))
		}
	}
	if r.err != nil || n > len(b) {
		return nil, errCorrupt
	}
	d.Keys, d.Agency = make([]int64, n), make([]int64, n)
	d.Category, d.Party, d.Length, d.TitleEnd = make([]uint32, n), make([]uint32, n), make([]int32, n), make([]int32, n)
	for i := 0; i < n && r.err == nil; i++ {
		if i == 0 {
			d.Keys[0] = r.varint()
		} else {
			d.Keys[i] = d.Keys[i-1] - int64(r.uvarint())
		}
		d.Agency[i] = r.varint()
		d.Category[i] = uint32(r.uvarint())
		d.Party[i] = uint32(r.uvarint())
		d.Length[i] = int32(r.uvarint())
		if version >= 2 {
			d.TitleEnd[i] = int32(r.uvarint())
		} else {
			d.TitleEnd[i] = search.BodyBase
		}
	}
	d.SumLength = sumLength(d.Length)
	return d, r.err
}

func sumLength(l []int32) int64 {
	var n int64
	for _, v := range l {
		n += int64(v)
	}
	return n
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) uvarint() uint64 {
	v, k := binary.Uvarint(r.b[min(r.off, len(r.b)):])
	if k <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.off += k
	return v
}

func (r *reader) varint() int64 {
	v, k := binary.Varint(r.b[min(r.off, len(r.b)):])
	if k <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.off += k
	return v
}

func (r *reader) bytes(n int) string {
	if r.off+n > len(r.b) || n < 0 {
		r.err = errCorrupt
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}
