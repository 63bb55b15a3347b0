package store

// Collect pages through a list method until it has every row, for the
// few callers (demo generation, tests) that need a whole set.
func Collect[T any](list func(p Page) ([]T, int, error)) ([]T, error) {
	var out []T
	for off := 0; ; off += 500 {
		rows, total, err := list(Page{Limit: 500, Offset: off})
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(out) >= total || len(rows) == 0 {
			return out, nil
		}
	}
}
