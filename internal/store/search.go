package store

// The public penalty search index (semantics in internal/search, the
// index itself in internal/search/index). Records arrive one at a time in
// the publishing transaction (IndexDisclosure) and wait, scanned, as
// "recent" rows until flushAt of them are built into an immutable segment;
// bulk loads build segments directly. Every write bumps search_state, which
// tells each instance's cache (segment list, recent rows, deletions) to
// reload; posting lists and segment columns never change once written and
// are cached by segment id.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/search"
	"fazhi/internal/search/index"
	"fazhi/internal/sqldb"
)

// Tuning of the index writes.
const (
	segmentMax    = 262144 // records per segment built by a bulk load
	rowsPerInsert = 400    // rows per multi-row INSERT
)

// flushAt is the number of recent rows that triggers building a segment
// (a variable so that tests can exercise the flush on small data).
var flushAt = 2048

// docKey orders records newest first: decision day, then id.
func docKey(d search.Doc) int64 {
	days := d.DecidedOn.Time().Unix()/86400 + 25567 // days since 1900-01-01
	if days < 0 {
		days = 0
	}
	return days<<32 | d.ID&0xFFFFFFFF
}

func keyID(key int64) int64 { return key & 0xFFFFFFFF }

// docTexts splits a record's fields into title and body texts, normalised
// and joined by line breaks (a term never contains one, so it never spans
// two fields).
func docTexts(d search.Doc) (title, body string) {
	t, bd := splitFields(d)
	return search.Normalize(strings.Join(t, "\n")), search.Normalize(strings.Join(bd, "\n"))
}

func splitFields(d search.Doc) (title, body []string) {
	title = []string{d.CreditCode, d.DecisionNumber}
	for _, f := range d.Fields {
		if search.TitleField(f.Name) {
			title = append(title, f.Text)
		} else {
			body = append(body, f.Text)
		}
	}
	return title, body
}

// IndexDisclosure inserts or replaces d in the index inside the caller's
// transaction. Only public (masked) text may be passed.
func (s *Store) IndexDisclosure(ctx context.Context, tx *sql.Tx, d search.Doc) error {
	if d.ID <= 0 || d.ID > 0xFFFFFFFF {
		return fmt.Errorf("search: id %d out of range", d.ID)
	}
	if err := bumpSearch(ctx, tx); err != nil {
		return err
	}
	if err := s.unindex(ctx, tx, d.ID); err != nil {
		return err
	}
	title, body := docTexts(d)
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (id, doc_key, agency_id, category, party_type,
		credit_code, decision_number, segment_id, title, body) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)`,
		d.ID, docKey(d), d.AgencyID, d.Category, d.PartyType,
		search.Normalize(d.CreditCode), search.Normalize(d.DecisionNumber), title, body); err != nil {
		return err
	}
	var recent int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs WHERE segment_id = 0`).Scan(&recent); err != nil {
		return err
	}
	if recent >= flushAt {
		return s.flushRecent(ctx, tx)
	}
	return nil
}

// UnindexDisclosure removes a record from the index (withdrawn, expired).
// Removing a record that is not indexed is not an error.
func (s *Store) UnindexDisclosure(ctx context.Context, tx *sql.Tx, id int64) error {
	if err := bumpSearch(ctx, tx); err != nil {
		return err
	}
	return s.unindex(ctx, tx, id)
}

func (s *Store) unindex(ctx context.Context, tx *sql.Tx, id int64) error {
	var key, seg int64
	err := tx.QueryRowContext(ctx, `SELECT doc_key, segment_id FROM search_docs WHERE id = $1`, id).Scan(&key, &seg)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if seg != 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_deleted (doc_key, segment_id) VALUES ($1, $2)`, key, seg); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM search_docs WHERE id = $1`, id)
	return err
}

// bumpSearch moves the generation. Every index write does it first: the
// row lock it takes on PostgreSQL serialises index writers (SQLite's
// write lock already does), so a compaction never misses a removal made
// while it merges.
func bumpSearch(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE search_state SET generation = generation + 1 WHERE id = 1`)
	return err
}

// flushRecent builds the recent rows into a segment.
func (s *Store) flushRecent(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT doc_key, agency_id, category, party_type, title, body
		FROM search_docs WHERE segment_id = 0`)
	if err != nil {
		return err
	}
	var recs []index.Record
	for rows.Next() {
		var r index.Record
		var title, body string
		if err := rows.Scan(&r.Key, &r.Agency, &r.Category, &r.Party, &title, &body); err != nil {
			rows.Close()
			return err
		}
		r.Title, r.Body = []string{title}, []string{body}
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(recs) == 0 {
		return err
	}
	segID, err := writeSegment(ctx, tx, s.DB.Engine, index.Build(recs))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE search_docs SET segment_id = $1, title = '', body = '' WHERE segment_id = 0`, segID)
	return err
}

// writeSegment stores a built segment and returns its id.
func writeSegment(ctx context.Context, tx *sql.Tx, engine sqldb.Engine, seg *index.Segment) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO search_segments (ndocs, docs) VALUES ($1, $2) RETURNING id`,
		seg.Docs.Len(), index.EncodeDocs(&seg.Docs)).Scan(&id); err != nil {
		return 0, err
	}
	ins := newBatchInsert(ctx, tx, engine, `INSERT INTO search_postings (token, segment_id, data) VALUES `, 3)
	defer ins.close()
	for tok, data := range seg.Lists {
		if err := ins.add(int64(tok), id, data); err != nil {
			return 0, err
		}
	}
	return id, ins.flush()
}

// batchInsert sends rows in multi-row INSERTs of rowsPerInsert rows
// through one prepared statement (parsing a statement of a thousand
// placeholders costs more than running it).
type batchInsert struct {
	ctx    context.Context
	tx     *sql.Tx
	prefix string
	cols   int
	rows   []any
	full   *sql.Stmt
	anon   bool // "?" placeholders: SQLite looks numbered ones up linearly
}

func newBatchInsert(ctx context.Context, tx *sql.Tx, engine sqldb.Engine, prefix string, cols int) *batchInsert {
	return &batchInsert{ctx: ctx, tx: tx, prefix: prefix, cols: cols, rows: make([]any, 0, cols*rowsPerInsert),
		anon: engine == sqldb.SQLite}
}

func (b *batchInsert) add(vals ...any) error {
	b.rows = append(b.rows, vals...)
	if len(b.rows) < cap(b.rows) {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.prefix+placeholders(rowsPerInsert, b.cols, b.anon))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(b.ctx, b.rows...)
	b.rows = b.rows[:0]
	return err
}

func (b *batchInsert) flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.prefix+placeholders(len(b.rows)/b.cols, b.cols, b.anon), b.rows...)
	b.rows = b.rows[:0]
	return err
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// placeholders is "($1, $2, $3), ($4, …)" (or "(?, ?, ?), …") for n rows of k columns.
func placeholders(n, k int, anon bool) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := 0; j < k; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			if anon {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", i*k+j+1)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// BulkIndexDisclosures indexes many records (the demo, imports, the
// benchmark): records already indexed are replaced; the others are built
// straight into segments of up to segmentMax records, each segment in its
// own transaction. The next segment is built while the previous one is
// written, so that tokenizing and the database share the two cores.
func (s *Store) BulkIndexDisclosures(ctx context.Context, docs []search.Doc) error {
	for _, d := range docs {
		if d.ID <= 0 || d.ID > 0xFFFFFFFF {
			return fmt.Errorf("search: id %d out of range", d.ID)
		}
	}
	type built struct {
		docs []search.Doc
		seg  *index.Segment
	}
	ready := make(chan built, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(ready)
		for start := 0; start < len(docs); start += segmentMax {
			chunk := docs[start:min(len(docs), start+segmentMax)]
			select {
			case ready <- built{chunk, buildSegment(chunk)}:
			case <-stop:
				return
			}
		}
	}()
	for b := range ready {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.bulkSegment(ctx, tx, b.docs, b.seg) }); err != nil {
			return err
		}
	}
	return nil
}

func buildSegment(docs []search.Doc) *index.Segment {
	recs := make([]index.Record, len(docs))
	for i, d := range docs {
		// The tokenizer folds as it goes: no need to normalise here.
		title, body := splitFields(d)
		recs[i] = index.Record{Key: docKey(d), Agency: d.AgencyID, Category: d.Category, Party: d.PartyType,
			Title: title, Body: body}
	}
	return index.Build(recs)
}

func (s *Store) bulkSegment(ctx context.Context, tx *sql.Tx, docs []search.Doc, seg *index.Segment) error {
	if err := bumpSearch(ctx, tx); err != nil {
		return err
	}
	if err := s.unindexExisting(ctx, tx, docs); err != nil {
		return err
	}
	segID, err := writeSegment(ctx, tx, s.DB.Engine, seg)
	if err != nil {
		return err
	}
	ins := newBatchInsert(ctx, tx, s.DB.Engine, `INSERT INTO search_docs (id, doc_key, agency_id, category, party_type,
			credit_code, decision_number, segment_id) VALUES `, 8)
	defer ins.close()
	for _, d := range docs {
		if err := ins.add(d.ID, docKey(d), d.AgencyID, d.Category, d.PartyType,
			search.Normalize(d.CreditCode), search.Normalize(d.DecisionNumber), segID); err != nil {
			return err
		}
	}
	return ins.flush()
}

// unindexExisting removes those of docs that are already indexed, so that
// a bulk load replaces them; it checks ids in batches.
func (s *Store) unindexExisting(ctx context.Context, tx *sql.Tx, docs []search.Doc) error {
	var indexed int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_docs LIMIT 1) x`).Scan(&indexed); err != nil || indexed == 0 {
		return err
	}
	const per = 500
	for start := 0; start < len(docs); start += per {
		chunk := docs[start:min(len(docs), start+per)]
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, d := range chunk {
			args[i], marks[i] = d.ID, fmt.Sprintf("$%d", i+1)
		}
		ids, err := queryInts(ctx, tx, `SELECT id FROM search_docs WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.unindex(ctx, tx, id); err != nil {
				return err
			}
		}
	}
	return nil
}
