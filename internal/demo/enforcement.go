package demo

import (
	"context"

	"fazhi/internal/store"
)

// loadEnforcement adds the area's demo records (its owner fills this in).
func loadEnforcement(ctx context.Context, s *store.Store, w *world, sum *Summary) error { return nil }
