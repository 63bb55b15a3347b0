package index

import (
	"math/rand"
	"slices"
	"testing"

	"fazhi/internal/search"
	"fazhi/internal/search/corpus"
)

// TestPostingsRoundTrip writes lists long enough to have skip entries and
// checks next, advance (with and without skips) and positions.
func TestPostingsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var ords []int32
	var w listWriter
	ord := int32(-1)
	for i := 0; i < 1000; i++ {
		ord += 1 + int32(r.Intn(5))
		ords = append(ords, ord)
		w.add(ord, []int32{ord % 7, ord%7 + 3}, true)
	}
	data := w.bytes()
	it := newListIter(data, true)
	if it.ndocs != len(ords) {
		t.Fatalf("ndocs %d", it.ndocs)
	}
	for i := 0; it.next(); i++ {
		if it.ord != ords[i] {
			t.Fatalf("next: ord %d, want %d", it.ord, ords[i])
		}
		if p := it.positions(nil); !slices.Equal(p, []int32{ords[i] % 7, ords[i]%7 + 3}) {
			t.Fatalf("positions %v", p)
		}
	}
	for _, target := range []int32{0, 5, 500, 1999, 2500, ords[len(ords)-1]} {
		it := newListIter(data, true)
		want := -1
		for i, o := range ords {
			if o >= target {
				want = i
				break
			}
		}
		ok := it.advance(target)
		if ok != (want >= 0) || ok && it.ord != ords[want] {
			t.Fatalf("advance(%d) = %v at %d, want %d", target, ok, it.ord, want)
		}
		if ok && !slices.Equal(it.positions(nil), []int32{it.ord % 7, it.ord%7 + 3}) {
			t.Fatalf("positions after advance(%d)", target)
		}
	}
}

func TestDocsRoundTrip(t *testing.T) {
	d := &DocTable{Keys: []int64{900, 500, 7}, Agency: []int64{1, 2, 3}, Category: []uint32{0, 1, 0},
		Party: []uint32{0, 0, 1}, Length: []int32{10, 20, 30}, TitleEnd: []int32{3, 4, 5},
		Cats: []string{"fine", "warning"}, Parties: []string{"legal", "person"}}
	got, err := DecodeDocs(EncodeDocs(d))
	if err != nil || !slices.Equal(got.Keys, d.Keys) || !slices.Equal(got.Agency, d.Agency) ||
		!slices.Equal(got.Parties, d.Parties) || !slices.Equal(got.Length, d.Length) || !slices.Equal(got.TitleEnd, d.TitleEnd) ||
		got.SumLength != 60 {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if _, err := DecodeDocs([]byte{0xff}); err == nil {
		t.Fatal("corrupt input accepted")
	}
}

// BenchmarkSearch measures the index alone (no SQL) on 20,000 generated
// records: a broad term newest first with the capped count, and relevance.
func BenchmarkSearch(b *testing.B) {
	docs := corpus.Docs(1, 20000)
	recs := make([]Record, len(docs))
	for i, d := range docs {
		var body []string
		for _, f := range d.Fields {
			body = append(body, f.Text)
		}
		recs[i] = Record{Key: int64(i), Agency: d.AgencyID, Category: d.Category, Party: d.PartyType, Body: body}
	}
	seg := Build(recs)
	view := &View{Docs: &seg.Docs, Lists: seg.Lists}
	for _, c := range []struct {
		name string
		q    string
		rel  bool
	}{{"newest/食品安全", "食品安全", false}, {"newest/罚", "罚", false}, {"relevance/过期食品", "过期食品", true}, {"newest/no-hit", "量子纠缠", false}} {
		plans := []search.TermPlan{search.Plan(c.q)}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Search([]*View{view}, nil, plans, Filter{}, Options{Limit: 20, Count: true, Cap: search.CountCap, Relevance: c.rel})
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	docs := corpus.Docs(1, 5000)
	for b.Loop() {
		recs := make([]Record, len(docs))
		for i, d := range docs {
			var body []string
			for _, f := range d.Fields {
				body = append(body, f.Text)
			}
			recs[i] = Record{Key: int64(i), Body: body}
		}
		Build(recs)
	}
}

// TestMerge checks that merging segments (with removals) answers every
// query exactly as one segment built from the surviving records.
func TestMerge(t *testing.T) {
	docs := corpus.Docs(3, 900)
	rec := func(i int) Record {
		d := docs[i]
		var body []string
		for _, f := range d.Fields {
			body = append(body, f.Text)
		}
		return Record{Key: int64(1000 + (i*7919)%900), Agency: d.AgencyID, Category: d.Category, Party: d.PartyType, Body: body}
	}
	var parts [3][]Record
	var survivors []Record
	deleted := map[int64]bool{}
	for i := range docs {
		r := rec(i)
		parts[i%3] = append(parts[i%3], r)
		if i%10 == 0 {
			deleted[r.Key] = true
		} else {
			survivors = append(survivors, rec(i))
		}
	}
	var srcs []Source
	for _, p := range parts {
		s := Build(p)
		srcs = append(srcs, Source{Docs: &s.Docs, Lists: s.Lists, Deleted: deleted})
	}
	merged := Merge(srcs)
	whole := Build(survivors)
	for _, q := range corpus.Queries(5, docs, 4) {
		p, _ := search.Parse(q.Text)
		var plans []search.TermPlan
		for _, term := range p.Terms {
			plans = append(plans, search.Plan(term))
		}
		opt := Options{Limit: 50, Count: true, Cap: search.CountCap}
		a := Search([]*View{{Docs: &merged.Docs, Lists: merged.Lists}}, nil, plans, Filter{}, opt)
		b := Search([]*View{{Docs: &whole.Docs, Lists: whole.Lists}}, nil, plans, Filter{}, opt)
		if a.Total != b.Total || !slices.EqualFunc(a.Hits, b.Hits, func(x, y Match) bool { return x.Key == y.Key }) {
			t.Fatalf("%q: merged %d hits, built %d", q.Text, a.Total, b.Total)
		}
	}
}

// TestTitleWeighs checks the relevance order: a match in a title field
// outweighs the same match in the facts, and older records are found too.
func TestTitleWeighs(t *testing.T) {
	seg := Build([]Record{
		{Key: 3, Title: []string{"慈溪市某某公司"}, Body: []string{"销售鑫源牌白酒"}},
		{Key: 2, Title: []string{"鑫源商贸有限公司"}, Body: []string{"销售白酒"}},
		{Key: 1, Title: []string{"张某"}, Body: []string{"无关"}},
	})
	res := Search([]*View{{Docs: &seg.Docs, Lists: seg.Lists}}, nil, []search.TermPlan{search.Plan("鑫源")}, Filter{},
		Options{Limit: 10, Relevance: true, Cap: search.CountCap})
	if len(res.Hits) != 2 || res.Hits[0].Key != 2 || res.Hits[0].Score <= res.Hits[1].Score {
		t.Fatalf("relevance order: %+v", res.Hits)
	}
}
