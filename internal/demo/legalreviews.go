package demo

import (
	"context"

	"fazhi/internal/store"
)

// loadLegalReviews adds the area's demo records (its owner fills this in).
func loadLegalReviews(ctx context.Context, s *store.Store, w *world, sum *Summary) error { return nil }
