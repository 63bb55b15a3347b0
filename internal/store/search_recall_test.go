package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/search"
	"fazhi/internal/search/corpus"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
)

// TestSearchRecall is the correctness gate on a small corpus: every query
// of every class, with and without filters, returns exactly the records a
// brute-force scan finds, in the same order — across bulk segments,
// segments flushed from single writes, recent rows and removals.
func TestSearchRecall(t *testing.T) {
	oldFlush, oldMin := flushAt, compactMinSmall
	flushAt, compactMinSmall = 150, 2
	t.Cleanup(func() { flushAt, compactMinSmall = oldFlush, oldMin })
	docs := corpus.Docs(7, 1200)
	queries := corpus.Queries(11, docs, 6)
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := New(db)
		if err := s.BulkIndexDisclosures(ctx, docs[:700]); err != nil {
			t.Fatal(err)
		}
		// 500 single writes: three flushes of 150, and 50 recent rows.
		if err := db.InTx(ctx, func(tx *sql.Tx) error {
			for _, d := range docs[700:] {
				if err := s.IndexDisclosure(ctx, tx, d); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		brute := corpus.NewBrute(docs)
		// Remove some from the bulk segment, a flushed segment and the recent rows.
		for _, id := range []int64{3, 300, 701, 1001, 1190} {
			if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.UnindexDisclosure(ctx, tx, id) }); err != nil {
				t.Fatal(err)
			}
			brute.Remove(id)
		}
		// Replace one: its old text must no longer be found.
		changed := docs[10]
		changed.Fields = []search.Field{{Name: "party", Text: "替换后的当事人名称"}}
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.IndexDisclosure(ctx, tx, changed) }); err != nil {
			t.Fatal(err)
		}
		brute.Remove(changed.ID)
		brute = appendBrute(brute, docs, changed)
		before := newestOnlyPages.Load()
		checkRecall(t, s, brute, queries)
		if newestOnlyPages.Load() == before {
			t.Error("no page was answered from the newest segment alone")
		}
		// Compaction merges the four segments, dropping the removed records.
		if n, err := s.CompactSearch(ctx, calendar.Date{}); err != nil || n != len(docs)-5-50 {
			t.Fatalf("compacted %d records, %v", n, err)
		}
		checkRecall(t, s, brute, queries)
	})
}

func checkRecall(t *testing.T, s *Store, brute *corpus.Brute, queries []corpus.Query) {
	t.Helper()
	ctx := context.Background()
	day := func(v string) calendar.Date { d, _ := calendar.ParseDate(v); return d }
	filters := []search.Query{{}, {AgencyID: 1}, {From: day("2018-01-01"), To: day("2022-12-31")},
		{Category: "fine", PartyType: "legal"}}
	{
		for _, q := range append(queries, corpus.Query{Class: "replaced", Text: "替换后"}) {
			for _, f := range filters {
				f.Text, f.Limit = q.Text, search.MaxLimit
				want := brute.Match(f)
				got, err := s.SearchDisclosures(ctx, f)
				if err != nil {
					t.Fatalf("%s %q: %v", q.Class, q.Text, err)
				}
				ids := make([]int64, len(got.Hits))
				for i, h := range got.Hits {
					ids[i] = h.ID
				}
				if got.Total != len(want) || !slices.Equal(ids, want[:min(len(want), search.MaxLimit)]) {
					t.Errorf("%s %q %+v: got %d %v…, want %d %v…", q.Class, q.Text, f, got.Total, head(ids), len(want), head(want))
				}
				checkPages(t, s, f, want)
				f.Order = search.Relevance
				rel, err := s.SearchDisclosures(ctx, f)
				if err != nil || rel.Total != got.Total || len(rel.Hits) != len(got.Hits) {
					t.Errorf("relevance %q: %d hits, %v", q.Text, len(rel.Hits), err)
				}
			}
		}
	}
}

// checkPages checks newest-first pages of 20 without a count, which a cold
// cache answers from the newest segment alone when it fills the page, and
// then the same page with its count.
func checkPages(t *testing.T, s *Store, f search.Query, want []int64) {
	t.Helper()
	ctx := context.Background()
	for _, off := range []int{0, 20} {
		p := f
		p.Offset, p.Limit = off, 20
		wantPage := want[min(off, len(want)):min(off+20, len(want))]
		searchCaches.Delete(s.DB) // cold: the older segments' lists are not held
		page, err := s.SearchDisclosuresPage(ctx, p)
		if err != nil || !slices.Equal(hitIDs(page), wantPage) {
			t.Errorf("page at %d of %q %+v: %v %v, want %v", off, p.Text, p, hitIDs(page), err, wantPage)
		}
		counted, err := s.SearchDisclosures(ctx, p)
		if err != nil || counted.Total != len(want) || !slices.Equal(hitIDs(counted), wantPage) {
			t.Errorf("counted page at %d of %q: %d %v %v, want %d %v", off, p.Text, counted.Total, hitIDs(counted), err, len(want), wantPage)
		}
	}
}

func hitIDs(r search.Result) []int64 {
	ids := make([]int64, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

func appendBrute(_ *corpus.Brute, docs []search.Doc, changed search.Doc) *corpus.Brute {
	removed := map[int64]bool{3: true, 300: true, 701: true, 1001: true, 1190: true}
	var keep []search.Doc
	for _, d := range docs {
		switch {
		case removed[d.ID]:
		case d.ID == changed.ID:
			keep = append(keep, changed)
		default:
			keep = append(keep, d)
		}
	}
	return corpus.NewBrute(keep)
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 8)] }
