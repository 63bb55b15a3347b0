package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/store"
)

var errNoRelevance = errors.New("no relevance order")

type oursEngine struct {
	db   *sqldb.DB
	s    *store.Store
	path string
}

func openOurs(c config, dsn string, fresh bool) (*oursEngine, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	if fresh && !strings.HasPrefix(dsn, "postgres") {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		return nil, err
	}
	e := &oursEngine{db: db, s: store.New(db)}
	if db.Engine == sqldb.SQLite {
		e.path = path
	}
	return e, nil
}

// benchDatabase (re)creates a UTF-8 database named name and returns its URL.
func benchDatabase(c config, name string) (string, error) {
	admin, err := sql.Open("pgx", c.PG)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
		return "", err
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`); err != nil {
		return "", err
	}
	u, err := url.Parse(c.PG)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func openOursPG(c config) (*oursEngine, error) {
	dsn, err := benchDatabase(c, fmt.Sprintf("fazhi_bench_ours_%d", c.N))
	if err != nil {
		return nil, err
	}
	return openOurs(c, dsn, true)
}

func (e *oursEngine) build(docs []search.Doc) error {
	if err := e.s.BulkIndexDisclosures(context.Background(), docs); err != nil {
		return err
	}
	if e.db.Engine == sqldb.SQLite {
		_, err := e.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		return err
	}
	_, err := e.db.Exec(`VACUUM ANALYZE`)
	return err
}

func (e *oursEngine) query(text string, m mode) ([]int64, int, error) {
	ctx := context.Background()
	q := search.Query{Text: text, Limit: topK}
	var res search.Result
	var err error
	switch m {
	case newest:
		res, err = e.s.SearchDisclosuresPage(ctx, q)
	case relevance:
		q.Order = search.Relevance
		res, err = e.s.SearchDisclosuresPage(ctx, q)
	case count:
		q.Limit = 1
		res, err = e.s.SearchDisclosures(ctx, q)
	}
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	n := res.Total
	if res.Capped {
		n = search.CountCap + 1
	}
	return ids, n, nil
}

func (e *oursEngine) size() (int64, error) {
	if e.path != "" {
		return fileSize(e.path)
	}
	var n int64
	err := e.db.QueryRow(`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'search\_%'`).Scan(&n)
	return n, err
}

func (e *oursEngine) close() { e.db.Close() }

func fileSize(path string) (int64, error) {
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			total += st.Size()
		}
	}
	if total == 0 {
		return 0, fmt.Errorf("no file at %s", path)
	}
	return total, nil
}
