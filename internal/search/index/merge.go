package index

import (
	"sort"

	"fazhi/internal/search"
)

// Source is a stored segment to merge: its records, every posting list
// and the keys removed from it since it was built.
type Source struct {
	Docs    *DocTable
	Lists   map[search.Token][]byte
	Deleted map[int64]bool
}

// Merge combines segments into one, dropping removed records. It works on
// the posting lists (the texts are not kept), so merged segments never
// need the records' text again.
func Merge(srcs []Source) *Segment {
	type live struct {
		key      int64
		src, ord int32
	}
	var all []live
	for s, src := range srcs {
		for o, k := range src.Docs.Keys {
			if !src.Deleted[k] {
				all = append(all, live{k, int32(s), int32(o)})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key > all[j].key })
	remap := make([][]int32, len(srcs))
	for s, src := range srcs {
		remap[s] = make([]int32, src.Docs.Len())
		for i := range remap[s] {
			remap[s][i] = -1
		}
	}
	seg := &Segment{Lists: map[search.Token][]byte{}}
	d := &seg.Docs
	cats, parties := dict{}, dict{}
	for n, l := range all {
		src := srcs[l.src].Docs
		remap[l.src][l.ord] = int32(n)
		d.Keys = append(d.Keys, l.key)
		d.Agency = append(d.Agency, src.Agency[l.ord])
		d.Category = append(d.Category, cats.id(src.Cats[src.Category[l.ord]]))
		d.Party = append(d.Party, parties.id(src.Parties[src.Party[l.ord]]))
		d.Length = append(d.Length, src.Length[l.ord])
		d.TitleEnd = append(d.TitleEnd, src.TitleEnd[l.ord])
	}
	d.Cats, d.Parties = cats.list, parties.list
	d.SumLength = sumLength(d.Length)
	tokens := map[search.Token]bool{}
	for _, src := range srcs {
		for t := range src.Lists {
			tokens[t] = true
		}
	}
	type entry struct {
		ord int32
		pos []int32
	}
	var entries []entry
	for t := range tokens {
		entries = entries[:0]
		positional := !t.IsChar()
		for s, src := range srcs {
			data, ok := src.Lists[t]
			if !ok {
				continue
			}
			it := newListIter(data, positional)
			for it.next() {
				if n := remap[s][it.ord]; n >= 0 {
					var pos []int32
					if positional {
						pos = it.positions(nil)
					}
					entries = append(entries, entry{n, pos})
				}
			}
		}
		if len(entries) == 0 {
			continue
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].ord < entries[j].ord })
		var w listWriter
		for _, e := range entries {
			w.add(e.ord, e.pos, positional)
		}
		seg.Lists[t] = w.bytes()
	}
	return seg
}
