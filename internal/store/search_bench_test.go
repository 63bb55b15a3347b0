package store_test

import (
	"context"
	"database/sql"
	"testing"

	"fazhi/internal/search"
	"fazhi/internal/search/corpus"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// BenchmarkSearchDisclosures measures public searches (page and capped
// count, as the search page asks) over 20,000 generated records on each
// engine. The 1M-record comparison with the peers is cmd/searchbench.
func BenchmarkSearchDisclosures(b *testing.B) {
	docs := corpus.Docs(1, 20000)
	for _, engine := range dbtest.Engines() {
		s := store.New(dbtest.Open(b, engine))
		ctx := context.Background()
		if err := s.BulkIndexDisclosures(ctx, docs); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			q    search.Query
		}{
			{"1char", search.Query{Text: "罚"}},
			{"term", search.Query{Text: "食品安全"}},
			{"company", search.Query{Text: "鑫源商贸"}},
			{"relevance", search.Query{Text: "过期食品", Order: search.Relevance}},
			{"filtered", search.Query{Text: "销售", AgencyID: 3, Category: "fine"}},
			{"no-hit", search.Query{Text: "量子纠缠"}},
		} {
			b.Run(string(engine)+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := s.SearchDisclosures(ctx, c.q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkIndexDisclosure measures publishing one record into the index
// (in its own transaction), flushes to segments included.
func BenchmarkIndexDisclosure(b *testing.B) {
	docs := corpus.Docs(2, 5000)
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			db := dbtest.Open(b, engine)
			s := store.New(db)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				d := docs[i%len(docs)]
				i++
				if err := db.InTx(ctx, func(tx *sql.Tx) error { return s.IndexDisclosure(ctx, tx, d) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
