package demo

import (
	"context"
	"testing"
	"time"

	"fazhi/internal/disclosure"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// TestDisclosureDemo loads the organisation and the disclosures only (not
// the certificates), on both engines: over 40,000 records are on display,
// counted by the platform's own queries, and the load is fast.
func TestDisclosureDemo(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := store.New(db)
		w, sum, err := loadOrganisation(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := loadDisclosures(ctx, s, w, &sum); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		t.Logf("%s: %d disclosures (%d searchable, %d withdrawn, %d expired, %d withheld) in %s", db.Engine, sum.Disclosures,
			sum.DisclosuresSearchable, sum.DisclosuresWithdrawn, sum.DisclosuresExpired, sum.DisclosuresWithheld, took)
		n, err := s.SearchableDisclosures(ctx)
		if err != nil || n != sum.DisclosuresSearchable || n < 40000 {
			t.Errorf("searchable %d (summary %d), %v; want over 40,000", n, sum.DisclosuresSearchable, err)
		}
		res, err := s.SearchDisclosures(ctx, search.Query{})
		if err != nil || !res.Capped || res.Total != search.CountCap {
			t.Errorf("empty query: total %d capped %v, %v", res.Total, res.Capped, err)
		}
		counts, err := s.DisclosureCounts(ctx, store.DisclosureFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if counts[disclosure.Withdrawn] == 0 || counts[disclosure.Expired] == 0 || counts[disclosure.Withheld] != minorCases {
			t.Errorf("lifecycle counts %v", counts)
		}
	})
}
