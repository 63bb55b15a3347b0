package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"fazhi/internal/search"
)

// terms are a query's normalised whitespace-separated terms.
func terms(text string) []string {
	p, _ := search.Parse(text)
	return p.Terms
}

func capped(n int) int { return min(n, search.CountCap+1) }

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		ids = append(ids, k&0xFFFFFFFF)
	}
	return ids, rows.Err()
}

// --- SQLite FTS5 trigram ---

type trigramEngine struct {
	db   *sql.DB
	path string
}

func openTrigram(c config, kept bool) (*trigramEngine, error) {
	path := filepath.Join(c.Dir, "trigram.db")
	if kept {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=mmap_size(2147418112)&_pragma=cache_size(-1048576)")
		if err == nil {
			db.SetMaxOpenConns(1)
		}
		return &trigramEngine{db: db, path: path}, err
	}
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(path + s)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(2147418112)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	// FTS5's bulk-loading knobs: a 1 GB page cache and a 256 MB pending-terms
	// hash (the default, 1 MB, flushes a small segment every few hundred
	// records and spends the build merging them).
	for _, s := range []string{`PRAGMA cache_size = -1048576`,
		`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')`,
		`INSERT INTO t(t, rank) VALUES ('hashsize', 268435456)`} {
		if _, err := db.Exec(s); err != nil {
			return nil, err
		}
	}
	return &trigramEngine{db: db, path: path}, nil
}

func (e *trigramEngine) build(docs []search.Doc) error {
	tx, err := e.db.Begin()
	if err != nil {
		return err
	}
	st, err := tx.Prepare(`INSERT INTO t(rowid, body) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if _, err := st.Exec(docKey(d), bodyText(d, true)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = e.db.Exec(`INSERT INTO t(t) VALUES ('optimize')`)
	if err == nil {
		_, err = e.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return err
}

// where is MATCH for the terms of 3+ characters (a phrase each) and LIKE
// for every term, which is exact and the only way for shorter terms.
func (e *trigramEngine) where(text string) (string, []any, bool) {
	var match []string
	var conds []string
	var args []any
	for _, t := range terms(text) {
		if len([]rune(t)) >= 3 {
			match = append(match, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
		conds = append(conds, `body LIKE ?`)
		args = append(args, "%"+t+"%")
	}
	if len(match) > 0 {
		conds = append([]string{`t MATCH ?`}, conds...)
		args = append([]any{strings.Join(match, " AND ")}, args...)
	}
	if len(conds) == 0 {
		conds = []string{"1=1"}
	}
	return strings.Join(conds, " AND "), args, len(match) > 0
}

func (e *trigramEngine) query(text string, m mode) ([]int64, int, error) {
	where, args, ranked := e.where(text)
	switch m {
	case count:
		var n int
		err := e.db.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM t WHERE %s LIMIT %d)`, where, search.CountCap+1), args...).Scan(&n)
		return nil, n, err
	case relevance:
		if !ranked {
			return nil, 0, errNoRelevance
		}
		rows, err := e.db.Query(fmt.Sprintf(`SELECT rowid FROM t WHERE %s ORDER BY rank LIMIT %d`, where, topK), args...)
		if err != nil {
			return nil, 0, err
		}
		ids, err := scanIDs(rows)
		return ids, 0, err
	}
	rows, err := e.db.Query(fmt.Sprintf(`SELECT rowid FROM t WHERE %s ORDER BY rowid DESC LIMIT %d`, where, topK), args...)
	if err != nil {
		return nil, 0, err
	}
	ids, err := scanIDs(rows)
	return ids, 0, err
}

func (e *trigramEngine) size() (int64, error) { return fileSize(e.path) }
func (e *trigramEngine) close()               { e.db.Close() }

// --- PostgreSQL pg_trgm ---

type pgTrgmEngine struct{ db *sql.DB }

func openPgTrgm(c config) (*pgTrgmEngine, error) {
	dsn, err := benchDatabase(c, fmt.Sprintf("fazhi_bench_trgm_%d", c.N))
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	for _, s := range []string{`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
		`CREATE TABLE docs (doc_key BIGINT PRIMARY KEY, body TEXT NOT NULL)`} {
		if _, err := db.Exec(s); err != nil {
			return nil, err
		}
	}
	var trgm string
	if err := db.QueryRow(`SELECT show_trgm('行政处罚')::text`).Scan(&trgm); err != nil || trgm == "{}" {
		return nil, fmt.Errorf("pg_trgm makes no trigrams of Chinese here (%s, %v): the database needs a UTF-8 LC_CTYPE", trgm, err)
	}
	return &pgTrgmEngine{db: db}, nil
}

func (e *pgTrgmEngine) build(docs []search.Doc) error {
	ctx := context.Background()
	const per = 500
	for i := 0; i < len(docs); i += per {
		chunk := docs[i:min(len(docs), i+per)]
		var vals []string
		var args []any
		for j, d := range chunk {
			vals = append(vals, fmt.Sprintf("($%d, $%d)", 2*j+1, 2*j+2))
			args = append(args, docKey(d), bodyText(d, true))
		}
		if _, err := e.db.ExecContext(ctx, `INSERT INTO docs VALUES `+strings.Join(vals, ","), args...); err != nil {
			return err
		}
	}
	for _, s := range []string{`SET maintenance_work_mem = '1GB'`,
		`CREATE INDEX docs_trgm ON docs USING gin (body gin_trgm_ops)`, `VACUUM ANALYZE docs`} {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func (e *pgTrgmEngine) query(text string, m mode) ([]int64, int, error) {
	if m == relevance {
		return nil, 0, errNoRelevance // pg_trgm ranks by trigram similarity, not relevance
	}
	var conds []string
	var args []any
	for i, t := range terms(text) {
		conds = append(conds, fmt.Sprintf(`body LIKE $%d`, i+1))
		args = append(args, "%"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t)+"%")
	}
	where := strings.Join(conds, " AND ")
	if m == count {
		var n int
		err := e.db.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM docs WHERE %s LIMIT %d) c`, where, search.CountCap+1), args...).Scan(&n)
		return nil, n, err
	}
	rows, err := e.db.Query(fmt.Sprintf(`SELECT doc_key FROM docs WHERE %s ORDER BY doc_key DESC LIMIT %d`, where, topK), args...)
	if err != nil {
		return nil, 0, err
	}
	ids, err := scanIDs(rows)
	return ids, 0, err
}

func (e *pgTrgmEngine) size() (int64, error) {
	var n int64
	err := e.db.QueryRow(`SELECT pg_total_relation_size('docs')`).Scan(&n)
	return n, err
}
func (e *pgTrgmEngine) close() { e.db.Close() }

// --- Bleve ---

type bleveEngine struct {
	idx  bleve.Index
	path string
}

type bleveDoc struct {
	Body string  `json:"body"`
	Key  float64 `json:"key"`
}

func openBleve(c config) (*bleveEngine, error) {
	path := filepath.Join(c.Dir, "bleve")
	os.RemoveAll(path)
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	m.ScoringModel = "bm25"
	dm := bleve.NewDocumentMapping()
	body := bleve.NewTextFieldMapping()
	body.Analyzer = cjk.AnalyzerName
	body.IncludeTermVectors = true
	body.Store = false
	dm.AddFieldMappingsAt("body", body)
	key := bleve.NewNumericFieldMapping()
	key.Store = false
	dm.AddFieldMappingsAt("key", key)
	m.DefaultMapping = dm
	// unsafe_batch is the maintainers' advice for bulk loading: Batch returns
	// once the data is searchable, not after each batch is on disk; build
	// waits for the persister at the end, so the size is measured on disk.
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	return &bleveEngine{idx: idx, path: path}, err
}

var _ mapping.IndexMapping = (*mapping.IndexMappingImpl)(nil)

func (e *bleveEngine) build(docs []search.Doc) error {
	b := e.idx.NewBatch()
	for _, d := range docs {
		// Bleve's cjk analyzer does its own width folding and lower-casing.
		if err := b.Index(fmt.Sprint(d.ID), bleveDoc{Body: bodyText(d, false), Key: float64(docKey(d))}); err != nil {
			return err
		}
		if b.Size() >= bleveBatch {
			if err := e.idx.Batch(b); err != nil {
				return err
			}
			b = e.idx.NewBatch()
		}
	}
	if err := e.idx.Batch(b); err != nil {
		return err
	}
	return e.waitPersisted()
}

// bleveBatch documents per batch: larger batches make fewer segments to merge.
const bleveBatch = 5000

// waitPersisted waits until no in-memory segment is left at the index root.
func (e *bleveEngine) waitPersisted() error {
	for {
		st, _ := e.idx.StatsMap()["index"].(map[string]any)
		n, ok := st["num_root_memorysegments"].(uint64)
		if !ok {
			return fmt.Errorf("bleve reports no num_root_memorysegments (stats %v)", st)
		}
		if n == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (e *bleveEngine) query(text string, m mode) ([]int64, int, error) {
	var qs []bquery.Query
	for _, t := range terms(text) {
		q := bleve.NewMatchPhraseQuery(t)
		q.SetField("body")
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return nil, 0, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), topK, 0, false)
	switch m {
	case newest:
		req.SortBy([]string{"-key"})
	case count:
		req.Size = 0
	}
	res, err := e.idx.Search(req)
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	for _, h := range res.Hits {
		var id int64
		fmt.Sscan(h.ID, &id)
		ids = append(ids, id)
	}
	return ids, capped(int(res.Total)), nil
}

func (e *bleveEngine) size() (int64, error) {
	var n int64
	err := filepath.Walk(e.path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return err
	})
	return n, err
}
func (e *bleveEngine) close() { e.idx.Close() }
