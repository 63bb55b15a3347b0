package store

// Bulk loads of disclosures (the demo's 40,000 records, large imports):
// one transaction, the audit events chained in memory and inserted a
// hundred at a time (auditBuffer), and the records, their workflow items
// and timers inserted many rows per statement with ids reserved up front.
// The published records are indexed for the search after the commit, in
// one bulk build (BulkIndexDisclosures).

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
)

// DisclosureBulk is a run of disclosure writes in one transaction; its
// methods validate and audit exactly as the Store methods of the same
// names. Nothing is written unless the function given to InDisclosureBulk
// returns nil.
type DisclosureBulk struct{ w *disWriter }

// InDisclosureBulk runs fn with a DisclosureBulk in one transaction, then
// indexes the records it left published.
func (s *Store) InDisclosureBulk(ctx context.Context, fn func(b *DisclosureBulk) error) error {
	var docs []search.Doc
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		w.chain, w.bulk = &auditBuffer{}, &disBatch{nextID: map[string]int64{}, pool: map[string][]int64{},
			docs: map[int64]search.Doc{}}
		if s.DB.Engine == sqldb.SQLite {
			// A bulk load changes more pages than SQLite's default cache
			// (2 MB) holds; spilling them to the WAL midway rewrites the
			// random-keyed index pages (audit hashes) again and again.
			// The connection gets its default back before it returns to
			// the pool.
			if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
				return err
			}
			defer tx.ExecContext(ctx, `PRAGMA cache_size = -2000`)
		}
		if err := fn(&DisclosureBulk{w}); err != nil {
			return err
		}
		if err := w.bulk.flush(w); err != nil {
			return err
		}
		if err := w.chain.flush(w.txWriter); err != nil {
			return err
		}
		docs = make([]search.Doc, 0, len(w.bulk.docs))
		for _, d := range w.bulk.docs {
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return s.BulkIndexDisclosures(ctx, docs)
}

// Publish is Store.PublishDisclosure inside the bulk.
func (b *DisclosureBulk) Publish(actor audit.Actor, r *disclosure.Record) error {
	return b.w.publish(actor, r)
}

// PublishAll publishes records in order as Publish does, masking them in
// parallel.
func (b *DisclosureBulk) PublishAll(actor audit.Actor, recs []*disclosure.Record) error {
	return b.w.publishAll(actor, recs)
}

// Withdraw is Store.WithdrawDisclosure inside the bulk, by the system (no
// role check).
func (b *DisclosureBulk) Withdraw(actor audit.Actor, id int64, req WithdrawRequest) (disclosure.Record, error) {
	return b.w.withdraw(actor, id, req, nil)
}

// Expire is Store.ExpireDisclosures inside the bulk.
func (b *DisclosureBulk) Expire(today calendar.Date) (int, error) { return b.w.expire(today) }

// disBatch holds the rows of a bulk load until a batch is full.
type disBatch struct {
	nextID map[string]int64   // SQLite: the next free id of each table
	pool   map[string][]int64 // PostgreSQL: ids reserved from each table's sequence
	rows   [][]any            // disclosures, id first
	items  [][]any            // workflow items, id first
	timers [][]any
	docs   map[int64]search.Doc // published, to index after the commit
}

// disBatchRows records go in one INSERT (50 parameters each, well under
// either engine's limit).
const disBatchRows = 200

// next reserves the id of a new row of table. On SQLite the bulk's
// transaction holds the only write lock, so ids simply continue the
// table's (AUTOINCREMENT never reuses one: its sequence is consulted too).
// On PostgreSQL they are drawn from the identity sequence, as an INSERT
// would.
func (b *disBatch) next(w *disWriter, table string) (int64, error) {
	if w.s.DB.Engine == sqldb.SQLite {
		id, ok := b.nextID[table]
		if !ok {
			var maxID, seq sql.NullInt64
			if err := w.q.QueryRowContext(w.ctx, `SELECT MAX(id) FROM `+table).Scan(&maxID); err != nil {
				return 0, err
			}
			err := w.q.QueryRowContext(w.ctx, `SELECT seq FROM sqlite_sequence WHERE name = $1`, table).Scan(&seq)
			if err != nil && err != sql.ErrNoRows {
				return 0, err
			}
			id = max(maxID.Int64, seq.Int64) + 1
		}
		b.nextID[table] = id + 1
		return id, nil
	}
	if len(b.pool[table]) == 0 {
		rows, err := w.q.QueryContext(w.ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`,
			table, disBatchRows)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			b.pool[table] = append(b.pool[table], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	id := b.pool[table][0]
	b.pool[table] = b.pool[table][1:]
	return id, nil
}

// addDisclosure holds a record's row; a duplicate decision number fails
// the flush (the bulk import checks them before it writes).
func (b *disBatch) addDisclosure(w *disWriter, row []any) error {
	b.rows = append(b.rows, row)
	if len(b.rows) >= disBatchRows {
		return b.flush(w)
	}
	return nil
}

// flush inserts the held rows: records, then their items, then the
// items' timers (which refer to them).
func (b *disBatch) flush(w *disWriter) error {
	if len(b.rows) == 0 && len(b.items) == 0 && len(b.timers) == 0 {
		return nil
	}
	if err := w.insertRows("disclosures", append([]string{"id"}, disInsertColumns...), b.rows); err != nil {
		return err
	}
	if err := w.insertRows("workflow_items", []string{"id", "workflow", "record_kind", "record_id", "unit_id", "title",
		"state", "version", "entered_at", "updated_at"}, b.items); err != nil {
		return err
	}
	if err := w.insertRows("workflow_timers", []string{"item_id", "name", "rule_key", "citation", "period_unit", "period",
		"started_on", "due_on", "warn_on", "state", "stopped_at"}, b.timers); err != nil {
		return err
	}
	b.rows, b.items, b.timers = b.rows[:0], b.items[:0], b.timers[:0]
	return nil
}

// insertRows writes rows into table in one statement.
func (w *disWriter) insertRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	// SQLite looks "$n" parameters up by name, in time growing with their
	// number; plain "?" are numbered in order (PostgreSQL needs "$n").
	mark := func(n int) string { return fmt.Sprintf("$%d", n) }
	if w.s.DB.Engine == sqldb.SQLite {
		mark = func(int) string { return "?" }
	}
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	args := make([]any, 0, len(cols)*len(rows))
	for i, row := range rows {
		if len(row) != len(cols) {
			return fmt.Errorf("bulk %s: row has %d values for %d columns", table, len(row), len(cols))
		}
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for j := range row {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString(mark(len(args) + j + 1))
		}
		q.WriteByte(')')
		args = append(args, row...)
	}
	_, err := w.q.ExecContext(w.ctx, q.String(), args...)
	if isUnique(err) && table == "disclosures" {
		return fmt.Errorf("批量公示：处罚机关的决定书文号重复：%w", err)
	}
	return err
}
