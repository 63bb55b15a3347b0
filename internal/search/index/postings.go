// Package index is the inverted index behind public penalty search: pure
// Go, stored by internal/store as rows of plain tables, so the same code
// serves SQLite and PostgreSQL. A segment is an immutable set of records
// in newest-first order (ordinal 0 is the newest); for every token it has
// one posting list of ordinals (with positions for positional tokens).
// Queries walk the lists newest first and stop once they have the page
// and CountCap+1 matches.
package index

import (
	"encoding/binary"
	"errors"
)

// skipEvery is the distance between skip entries of a posting list.
const skipEvery = 64

// listWriter encodes one token's posting list. Layout:
//
//	uvarint ndocs, uvarint nskips, nskips × (uvarint ordinal, uvarint offset), body
//
// body: per record, uvarint(ord - prev - 1), and for positional tokens
// uvarint count and count position deltas. A skip entry names the ordinal
// before a block and the block's body offset.
type listWriter struct {
	body   []byte
	skips  []uint32 // pairs: previous ordinal+1, offset
	ndocs  uint32
	last   int32 // last ordinal written, -1 initially
	inited bool
}

func (w *listWriter) add(ord int32, positions []int32, positional bool) {
	if !w.inited {
		w.last, w.inited = -1, true
	}
	if w.ndocs > 0 && w.ndocs%skipEvery == 0 {
		w.skips = append(w.skips, uint32(w.last+1), uint32(len(w.body)))
	}
	w.body = binary.AppendUvarint(w.body, uint64(ord-w.last-1))
	if positional {
		w.body = binary.AppendUvarint(w.body, uint64(len(positions)))
		var prev int32
		for _, p := range positions {
			w.body = binary.AppendUvarint(w.body, uint64(p-prev))
			prev = p
		}
	}
	w.last = ord
	w.ndocs++
}

func (w *listWriter) bytes() []byte {
	out := make([]byte, 0, len(w.body)+8+len(w.skips)*3)
	out = binary.AppendUvarint(out, uint64(w.ndocs))
	out = binary.AppendUvarint(out, uint64(len(w.skips)/2))
	for _, v := range w.skips {
		out = binary.AppendUvarint(out, uint64(v))
	}
	return append(out, w.body...)
}

var errCorrupt = errors.New("search index: corrupt posting list")

// listIter walks a posting list newest first.
type listIter struct {
	data       []byte
	body       int // start of body in data
	skips      []uint32
	positional bool
	ndocs      int
	off        int   // read offset (absolute)
	ord        int32 // current ordinal; -1 before the first Next
	count      int   // positions of the current record
	posOff     int   // offset of its positions
	posRead    bool
	done       bool
	err        error
}

func newListIter(data []byte, positional bool) *listIter {
	it := &listIter{data: data, positional: positional, ord: -1}
	n, k := binary.Uvarint(data)
	if k <= 0 {
		it.fail()
		return it
	}
	it.ndocs = int(n)
	off := k
	ns, k := binary.Uvarint(data[off:])
	if k <= 0 {
		it.fail()
		return it
	}
	off += k
	it.skips = make([]uint32, 0, 2*ns)
	for i := uint64(0); i < 2*ns; i++ {
		v, k := binary.Uvarint(data[off:])
		if k <= 0 {
			it.fail()
			return it
		}
		it.skips = append(it.skips, uint32(v))
		off += k
	}
	it.body, it.off = off, off
	return it
}

func (it *listIter) fail() { it.err, it.done = errCorrupt, true }

func (it *listIter) uvarint() uint64 {
	v, k := binary.Uvarint(it.data[it.off:])
	if k <= 0 {
		it.fail()
		return 0
	}
	it.off += k
	return v
}

// skipPositions moves past the positions of the current record.
func (it *listIter) skipPositions() {
	if !it.positional || it.posRead || it.ord < 0 {
		return
	}
	for i := 0; i < it.count; i++ {
		for it.off < len(it.data) && it.data[it.off] >= 0x80 {
			it.off++
		}
		it.off++
	}
	it.posRead = true
}

// next moves to the next record; false at the end.
func (it *listIter) next() bool {
	if it.done {
		return false
	}
	it.skipPositions()
	if it.off >= len(it.data) {
		it.done = true
		return false
	}
	it.ord += int32(it.uvarint()) + 1
	if it.positional {
		it.count = int(it.uvarint())
		it.posOff, it.posRead = it.off, false
	}
	return !it.done
}

// advance moves to the first record with ordinal ≥ target.
func (it *listIter) advance(target int32) bool {
	if it.done {
		return false
	}
	if it.ord >= target {
		return true
	}
	// Jump with the skip table to the last block starting at or before target.
	lo, hi := 0, len(it.skips)/2 // find the first skip whose ordinal > target
	for lo < hi {
		mid := (lo + hi) / 2
		if int32(it.skips[2*mid]) <= target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 {
		i := 2 * (lo - 1)
		if it.body+int(it.skips[i+1]) > it.off {
			it.ord = int32(it.skips[i]) - 1
			it.off = it.body + int(it.skips[i+1])
			it.posRead = true
		}
	}
	for it.next() {
		if it.ord >= target {
			return true
		}
	}
	return false
}

// positions decodes the current record's positions into buf.
func (it *listIter) positions(buf []int32) []int32 {
	buf = buf[:0]
	off := it.posOff
	var p int32
	for i := 0; i < it.count; i++ {
		v, k := binary.Uvarint(it.data[off:])
		if k <= 0 {
			it.fail()
			return buf
		}
		off += k
		p += int32(v)
		buf = append(buf, p)
	}
	return buf
}

// listDocs reads the record count of an encoded list.
func listDocs(data []byte) int {
	n, k := binary.Uvarint(data)
	if k <= 0 {
		return 0
	}
	return int(n)
}
