// Package sqldb opens the platform's database on either engine — SQLite
// (the embedded default) or PostgreSQL (larger and multi-instance
// deployments) — applies the embedded migrations and runs transactions.
//
// Every query in the platform is written once, with $1-style placeholders,
// which both drivers accept. Where the engines truly differ, the difference
// lives here (Dialect) or in a per-engine migration file, never in callers.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DefaultDSN is where a fresh checkout keeps its data.
const DefaultDSN = "data/fazhi.db"

// DB is a database handle that knows its engine.
type DB struct {
	*sql.DB
	Engine Engine
	// DSN is the location as given by the user, for messages and backup.
	DSN  string
	path string // SQLite file path; empty for PostgreSQL
}

// Open connects to dsn: a postgres:// URL, "sqlite:PATH", or a plain file
// path (SQLite). A SQLite file and its directory are created when missing.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(dsn)
	default:
		db, err = openSQLite(strings.TrimPrefix(dsn, "sqlite:"))
	}
	if err != nil {
		return nil, err
	}
	db.DSN = dsn
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("连接数据库 %s 失败：%w", redact(dsn), err)
	}
	return db, nil
}

func openPostgres(dsn string) (*DB, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(5)
	return &DB{DB: sdb, Engine: Postgres}, nil
}

// openSQLite sets every pragma in the DSN so that each pooled connection
// gets them (a one-off Exec would reach only one connection). Write
// transactions take the lock up front (_txlock=immediate) so that two
// writers queue on busy_timeout instead of failing with SQLITE_BUSY midway.
// Reads go through a memory map (up to 2 GiB, SQLite's default ceiling):
// the search index reads posting lists of megabytes, which page by page
// through read(2) cost several times as much.
func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("SQLite 数据库路径为空")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("创建数据目录失败：%w", err)
		}
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(2147418112)" +
		"&_txlock=immediate&_time_format=sqlite"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(8)
	return &DB{DB: sdb, Engine: SQLite, path: path}, nil
}

// redact hides a password in a URL for messages.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 {
		return dsn
	}
	creds := dsn[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return dsn[:scheme+3] + creds[:i] + ":***" + dsn[at:]
	}
	return dsn
}

// Querier is what both *sql.DB and *sql.Tx offer; store functions that
// work inside or outside a transaction take it.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// InTx runs fn in a transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine, so that stores can turn it into a clear domain error.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		code := sqErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports a foreign-key failure on either engine.
func IsForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// LockAudit serialises writers of the audit chain within tx. On SQLite the
// immediate transaction already holds the database write lock; on
// PostgreSQL a transaction-scoped advisory lock does the same job across
// every instance sharing the database.
func (db *DB) LockAudit(ctx context.Context, tx *sql.Tx) error {
	return db.advisoryXactLock(ctx, tx, 0x66617a6869) // "fazhi"
}

func (db *DB) advisoryXactLock(ctx context.Context, tx *sql.Tx, key int64) error {
	if db.Engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, key)
	return err
}
