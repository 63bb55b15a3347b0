package demo_test

import (
	"context"
	"testing"

	"fazhi/internal/demo"
	"fazhi/internal/demo/demotest"
	"fazhi/internal/normdoc"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// TestNormdocFigures checks, on the full demo database, that the
// platform's own statistics query reproduces the seed's figures: since
// 2011, three comprehensive and two special cleanups abolished 151
// documents; the July 2017 cleanup took 392 documents of the city
// government and its office and 559 of towns and departments and was
// decided by 2017-09-30; catalogs were published after it. And that the
// present looks alive: an open cleanup past its deadline with overdue
// units, evaluations open, documents in force.
func TestNormdocFigures(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			s, _ := demotest.Open(t, engine)
			testNormdocFigures(t, s)
		})
	}
}

func testNormdocFigures(t *testing.T, s *store.Store) {
	ctx := context.Background()
	present := day(t, "2026-11-01")
	tot, campaigns, _, err := s.NormdocStats(ctx, day(t, "2011-01-01"), day(t, "2017-12-31"), present)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Comprehensive != demo.NormdocSeed.Comprehensive || tot.Special != demo.NormdocSeed.Special ||
		tot.CleanupAbolished != demo.NormdocSeed.Abolished || tot.Abolished != demo.NormdocSeed.Abolished {
		t.Errorf("2011–2017: %d comprehensive, %d special, %d abolished in cleanups (%d in all); want %+v",
			tot.Comprehensive, tot.Special, tot.CleanupAbolished, tot.Abolished, demo.NormdocSeed)
	}
	last := campaigns[len(campaigns)-1]
	if last.ScopeGov != demo.NormdocSeed.ScopeGov || last.ScopeUnit != demo.NormdocSeed.ScopeUnit {
		t.Errorf("2017 scope: %d + %d", last.ScopeGov, last.ScopeUnit)
	}
	if last.DecidedOn == nil || last.DecidedOn.After(day(t, demo.NormdocSeed.Completed)) || last.State != normdoc.Decided {
		t.Errorf("2017 cleanup decided on %v (%s)", last.DecidedOn, last.State)
	}
	pubs, _, err := s.Publications(ctx, store.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	after := false
	for _, p := range pubs {
		if p.CampaignID == last.ID && p.AsOf == *last.DecidedOn && p.Abolished > 0 && p.Expired > 0 {
			after = true
		}
	}
	if !after {
		t.Error("no catalogs published after the 2017 cleanup")
	}
	// The present: an open cleanup past its deadline with overdue units,
	// evaluations open, documents in the making.
	open, _, _ := s.Campaigns(ctx, store.CampaignFilter{State: normdoc.Open})
	if len(open) != 1 {
		t.Fatalf("open cleanups: %d", len(open))
	}
	progress, tot2, err := s.CampaignProgress(ctx, open[0].ID, nil, present)
	if err != nil || tot2.Awaiting == 0 || tot2.Approved == 0 || tot2.Returned == 0 {
		t.Errorf("open cleanup: %+v %v", tot2, err)
	}
	overdue := 0
	for _, p := range progress {
		if p.Overdue {
			overdue++
		}
	}
	if overdue == 0 {
		t.Error("no overdue unit in the open cleanup")
	}
	evs, _ := s.Evaluations(ctx, store.EvaluationFilter{State: store.EvalOpen})
	if len(evs) == 0 {
		t.Error("no open evaluation at present")
	}
	inForce, n, _ := s.InForceOn(ctx, present, nil, store.Page{Limit: 1})
	if n < 500 || len(inForce) != 1 {
		t.Errorf("in force at present: %d", n)
	}
	if n, err := s.RunValidityEngine(ctx, present); err != nil || n != 0 {
		t.Errorf("the validity engine at present changes %d records after the load: %v", n, err)
	}
}
