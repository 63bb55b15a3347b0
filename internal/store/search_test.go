package store

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/search"
	"fazhi/internal/search/corpus"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
)

func TestSearchContract(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := New(db)
		day := func(v string) calendar.Date { d, _ := calendar.ParseDate(v); return d }
		docs := []search.Doc{
			{ID: 1, DecidedOn: day("2026-01-02"), AgencyID: 7, Category: "fine", PartyType: "legal",
				CreditCode: "91330282MA2AAAAA1X", DecisionNumber: "慈市监罚〔2026〕1号",
				Fields: []search.Field{{Name: "party", Text: "慈溪市鑫源商贸有限公司"}, {Name: "facts", Text: "销售过期食品"}}},
			{ID: 2, DecidedOn: day("2026-03-04"), AgencyID: 8, Category: "warning", PartyType: "person",
				Fields: []search.Field{{Name: "party", Text: "张某某"}, {Name: "facts", Text: "无照经营ＡＢＣ"}}},
		}
		if err := s.BulkIndexDisclosures(ctx, docs); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			q    search.Query
			want []int64
		}{
			{search.Query{}, []int64{2, 1}},
			{search.Query{Text: "鑫源"}, []int64{1}},
			{search.Query{Text: "abc 经营"}, []int64{2}},
			{search.Query{Text: "91330282ma2aaaaa1x"}, []int64{1}},
			{search.Query{AgencyID: 7}, []int64{1}},
			{search.Query{From: day("2026-02-01")}, []int64{2}},
			{search.Query{Text: "食品经营"}, nil},
		}
		for _, c := range cases {
			res, err := s.SearchDisclosures(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if len(got) != len(c.want) || res.Total != len(c.want) {
				t.Fatalf("%+v: got %v (total %d), want %v", c.q, got, res.Total, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("%+v: got %v, want %v", c.q, got, c.want)
				}
			}
		}
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.UnindexDisclosure(ctx, tx, 1) }); err != nil {
			t.Fatal(err)
		}
		if res, _ := s.SearchDisclosures(ctx, search.Query{Text: "鑫源"}); res.Total != 0 {
			t.Fatalf("unindexed record still found: %+v", res)
		}
	})
}

// TestSearchCacheFollowsWrites checks that cached posting lists never hide
// a later write: a flush adds a segment, a compaction replaces them all.
func TestSearchCacheFollowsWrites(t *testing.T) {
	oldFlush, oldMin := flushAt, compactMinSmall
	flushAt, compactMinSmall = 3, 2
	t.Cleanup(func() { flushAt, compactMinSmall = oldFlush, oldMin })
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := New(db)
		day, _ := calendar.ParseDate("2026-05-01")
		doc := func(id int64, text string) search.Doc {
			return search.Doc{ID: id, DecidedOn: day, AgencyID: 1, Category: "fine", PartyType: "legal",
				Fields: []search.Field{{Name: "facts", Text: text}}}
		}
		if err := s.BulkIndexDisclosures(ctx, []search.Doc{doc(1, "销售过期食品"), doc(2, "无照经营")}); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			res, err := s.SearchDisclosures(ctx, search.Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
		if n := count("过期食品"); n != 1 {
			t.Fatalf("before: %d", n)
		}
		for id := int64(3); id <= 5; id++ { // the third write flushes a segment
			if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.IndexDisclosure(ctx, tx, doc(id, "又销售过期食品")) }); err != nil {
				t.Fatal(err)
			}
		}
		if n := count("过期食品"); n != 4 {
			t.Fatalf("after flush: %d, want 4", n)
		}
		// The count of a repeated query comes from the per-instance count
		// cache; every index write moves the generation and so retires it.
		if n := count("过期食品"); n != 4 {
			t.Fatalf("repeated: %d, want 4", n)
		}
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.UnindexDisclosure(ctx, tx, 1) }); err != nil {
			t.Fatal(err)
		}
		if n := count("过期食品"); n != 3 {
			t.Fatalf("after removal: %d, want 3", n)
		}
		if _, err := s.CompactSearch(ctx, day); err != nil {
			t.Fatal(err)
		}
		if n := count("过期食品"); n != 3 {
			t.Fatalf("after compaction: %d, want 3", n)
		}
		var segs int
		if err := db.QueryRow(`SELECT COUNT(*) FROM search_segments`).Scan(&segs); err != nil || segs != 1 {
			t.Fatalf("%d segments after compaction, %v", segs, err)
		}
	})
}

// TestSearchConcurrent runs searches from several goroutines while records
// are written, for the race detector (the per-database cache is shared).
func TestSearchConcurrent(t *testing.T) {
	oldFlush := flushAt
	flushAt = 20
	t.Cleanup(func() { flushAt = oldFlush })
	docs := corpus.Docs(9, 300)
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := New(db)
		if err := s.BulkIndexDisclosures(ctx, docs[:200]); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i, q := range []string{"食品", "罚", "张某某", "鑫源", "量子"} {
					if _, err := s.SearchDisclosures(ctx, search.Query{Text: q, Order: search.Order((g + i) % 2)}); err != nil {
						errs <- err
						return
					}
				}
			}(g)
		}
		for _, d := range docs[200:] {
			if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.IndexDisclosure(ctx, tx, d) }); err != nil {
				t.Fatal(err)
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		res, err := s.SearchDisclosures(ctx, search.Query{Text: "罚"})
		if err != nil || res.Total != len(corpus.NewBrute(docs).Match(search.Query{Text: "罚"})) {
			t.Fatalf("after the writes: %d, %v", res.Total, err)
		}
	})
}
