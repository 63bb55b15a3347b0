package demo

import (
	"context"
	"fmt"

	"fazhi/internal/audit"
	"fazhi/internal/certificate"
	"fazhi/internal/store"
)

// present is the demo's "today" for its history: a fixed day, so that
// the data does not depend on when it is loaded.
var present = mustDate("2026-11-01")

// renewToPresent carries the certificates still valid after the 2016
// history forward to the present: each is renewed (到期换发) on its last
// valid day, as many times as needed, while its holder still qualifies
// (active, on the establishment, in an enforcement post). Without this,
// the daily expiry job would find every demo certificate expired today.
// Renewals issue successor cards, which are not new certificates in the
// statistics.
func renewToPresent(ctx context.Context, s *store.Store, sum *Summary) error {
	certs, err := store.Collect(func(p store.Page) ([]certificate.Certificate, int, error) {
		return s.Certificates(ctx, store.CertFilter{Status: certificate.Valid, Page: p})
	})
	if err != nil {
		return err
	}
	eligible, err := qualifiedHolders(ctx, s)
	if err != nil {
		return err
	}
	return s.InBulk(ctx, func(b *store.Bulk) error {
		for _, c := range certs {
			if !eligible[c.PersonID] {
				continue
			}
			if err := renewUntilPresent(b, c, sum); err != nil {
				return err
			}
		}
		return nil
	})
}

// qualifiedHolders are the officers who may still hold a card.
func qualifiedHolders(ctx context.Context, s *store.Store) (map[int64]bool, error) {
	officers, err := store.Collect(func(p store.Page) ([]certificate.Officer, int, error) {
		return s.Officers(ctx, store.OfficerFilter{Page: p})
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(officers))
	for _, o := range officers {
		out[o.PersonID] = o.PersonStatus == "active" && o.Establishment.OnEstablishment() && o.EnforcementPost
	}
	return out, nil
}

func renewUntilPresent(b *store.Bulk, c certificate.Certificate, sum *Summary) error {
	for c.ValidUntil.Before(present) {
		next, err := b.ChangeStatus(audit.System, c.ID, store.StatusRequest{Action: certificate.Renew, Version: c.Version,
			On: c.ValidUntil, Reason: "有效期届满换发"})
		if err != nil {
			return fmt.Errorf("demo: renew %s: %w", c.Number, err)
		}
		if next == nil {
			return fmt.Errorf("demo: renewal of %s issued no card", c.Number)
		}
		c = *next
		sum.Certificates++
	}
	return nil
}
