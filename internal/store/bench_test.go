package store_test

import (
	"context"
	"fmt"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/org"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// BenchmarkCreateUnit measures an audited write (row + chained audit
// event in one transaction) on each engine.
func BenchmarkCreateUnit(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			s := store.New(dbtest.Open(b, engine))
			ctx := context.Background()
			i := 0
			for b.Loop() {
				i++
				u := org.Unit{Name: fmt.Sprintf("基准单位%d", i), Kind: org.Department}
				if err := s.CreateUnit(ctx, admin, &u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyChain measures a full audit-chain check per event.
func BenchmarkVerifyChain(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			s := store.New(dbtest.Open(b, engine))
			ctx := context.Background()
			for i := range 1000 {
				u := org.Unit{Name: fmt.Sprintf("链单位%d", i), Kind: org.Department}
				if err := s.CreateUnit(ctx, admin, &u); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := s.VerifyChain(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/event")
		})
	}
}

// BenchmarkCalendarFromStore measures building the calendar with its
// overrides, which every deadline computation does.
func BenchmarkCalendarFromStore(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			s := store.New(dbtest.Open(b, engine))
			ctx := context.Background()
			d, _ := calendar.ParseDate("2026-03-04")
			s.SaveCalendarOverride(ctx, admin, calendar.Override{Date: d, Kind: calendar.Holiday, Reason: "基准"})
			for b.Loop() {
				cal, err := s.Calendar(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := cal.AddWorkdays(d, 90); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
