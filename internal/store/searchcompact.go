package store

// Compaction of the search index: segments flushed from single writes are
// small, and removals (withdrawal, expiry) leave tombstones in big ones.
// The background job merges the small segments into one and rewrites a
// segment once a fifth of it is removed, so the number of segments a
// query visits stays bounded.

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/search"
	"fazhi/internal/search/index"
)

// Compaction policy (variables so that tests can compact small data).
var (
	compactSmall    = 65536 // segments below this size are merged together…
	compactMinSmall = 8     // …once there are this many
	compactDeleted  = 0.2   // a segment is rewritten when this share is removed
)

// CompactSearch merges what the policy selects; it returns the number of
// records rewritten (0 when there is nothing to do).
func (s *Store) CompactSearch(ctx context.Context, _ calendar.Date) (int, error) {
	ids, err := s.compactionCandidates(ctx)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	n := 0
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := bumpSearch(ctx, tx); err != nil {
			return err
		}
		srcs, err := loadSources(ctx, tx, ids)
		if err != nil {
			return err
		}
		merged := index.Merge(srcs)
		n = merged.Docs.Len()
		in, args := inList(ids)
		var newID int64
		if n > 0 {
			if newID, err = writeSegment(ctx, tx, s.DB.Engine, merged); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`UPDATE search_docs SET segment_id = ` + fmt.Sprint(newID) + ` WHERE segment_id IN ` + in,
			`DELETE FROM search_postings WHERE segment_id IN ` + in,
			`DELETE FROM search_deleted WHERE segment_id IN ` + in,
			`DELETE FROM search_segments WHERE id IN ` + in,
		} {
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// compactionCandidates picks the segments to merge now.
func (s *Store) compactionCandidates(ctx context.Context) ([]int64, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT s.id, s.ndocs,
		(SELECT COUNT(*) FROM search_deleted d WHERE d.segment_id = s.id) FROM search_segments s ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type seg struct{ id, n int64 }
	var small []seg
	var heavy []int64
	for rows.Next() {
		var id, n, del int64
		if err := rows.Scan(&id, &n, &del); err != nil {
			return nil, err
		}
		switch {
		case n < int64(compactSmall):
			small = append(small, seg{id, n})
		case float64(del) >= compactDeleted*float64(n):
			heavy = append(heavy, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(heavy) > 0 {
		return heavy[:1], nil // one rewrite per round: it may be big
	}
	// The smallest first, up to a bulk segment's size, so that one round
	// stays bounded in memory and time.
	sort.Slice(small, func(i, j int) bool { return small[i].n < small[j].n })
	var ids []int64
	var total int64
	for _, sg := range small {
		if total+sg.n > segmentMax {
			break
		}
		ids, total = append(ids, sg.id), total+sg.n
	}
	if len(ids) < compactMinSmall {
		return nil, nil
	}
	return ids, nil
}

func inList(ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	return "(" + strings.Join(marks, ", ") + ")", args
}

// loadSources reads whole segments for merging.
func loadSources(ctx context.Context, tx *sql.Tx, ids []int64) ([]index.Source, error) {
	srcs := make([]index.Source, len(ids))
	at := map[int64]int{}
	for i, id := range ids {
		at[id] = i
		var blob []byte
		if err := tx.QueryRowContext(ctx, `SELECT docs FROM search_segments WHERE id = $1`, id).Scan(&blob); err != nil {
			return nil, err
		}
		d, err := index.DecodeDocs(blob)
		if err != nil {
			return nil, err
		}
		srcs[i] = index.Source{Docs: d, Lists: map[search.Token][]byte{}, Deleted: map[int64]bool{}}
	}
	in, args := inList(ids)
	rows, err := tx.QueryContext(ctx, `SELECT segment_id, token, data FROM search_postings WHERE segment_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seg, tok int64
		var data []byte
		if err := rows.Scan(&seg, &tok, &data); err != nil {
			rows.Close()
			return nil, err
		}
		srcs[at[seg]].Lists[search.Token(tok)] = data
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	del, err := tx.QueryContext(ctx, `SELECT segment_id, doc_key FROM search_deleted WHERE segment_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer del.Close()
	for del.Next() {
		var seg, key int64
		if err := del.Scan(&seg, &key); err != nil {
			return nil, err
		}
		srcs[at[seg]].Deleted[key] = true
	}
	return srcs, del.Err()
}
