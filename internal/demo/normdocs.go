package demo

import (
	"context"

	"fazhi/internal/store"
)

// loadNormdocs adds the area's demo records (its owner fills this in).
func loadNormdocs(ctx context.Context, s *store.Store, w *world, sum *Summary) error { return nil }
