// Package dbtest gives tests a fresh, migrated database on every engine.
//
// Every store test runs twice, on SQLite and on PostgreSQL:
//
//	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) { ... })
//
// PostgreSQL is found at FAZHI_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres). When it cannot be reached
// the test fails: a suite that silently skips an engine lets it rot.
// FAZHI_TEST_ENGINES=sqlite narrows a quick local run to one engine; CI
// never sets it.
package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fazhi/internal/sqldb"
)

// DefaultPostgres is the server the test suite expects on every machine.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Engines lists the engines the tests run on.
func Engines() []sqldb.Engine {
	switch os.Getenv("FAZHI_TEST_ENGINES") {
	case "sqlite":
		return []sqldb.Engine{sqldb.SQLite}
	case "postgres":
		return []sqldb.Engine{sqldb.Postgres}
	}
	return []sqldb.Engine{sqldb.SQLite, sqldb.Postgres}
}

// Run calls fn once per engine, each time with a fresh migrated database.
func Run(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, engine := range Engines() {
		t.Run(string(engine), func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated database on engine, removed after the test.
func Open(t testing.TB, engine sqldb.Engine) *sqldb.DB {
	t.Helper()
	dsn := NewDSN(t, engine)
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if engine == sqldb.SQLite {
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	return db
}

// NewDSN creates an empty-or-migrated database and returns its DSN: a new
// SQLite file (not yet migrated), or a PostgreSQL database cloned from a
// migrated template. Commands under test open it themselves.
func NewDSN(t testing.TB, engine sqldb.Engine) string {
	t.Helper()
	if engine == sqldb.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	return newPostgres(t, true)
}

// NewEmptyPostgres creates an empty PostgreSQL database (no migrations),
// for tests of migration itself and of first start.
func NewEmptyPostgres(t testing.TB) string {
	t.Helper()
	return newPostgres(t, false)
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
	dbCounter    atomic.Int64
)

func serverURL() string {
	if u := os.Getenv("FAZHI_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgres
}

func newPostgres(t testing.TB, migrated bool) string {
	t.Helper()
	admin := adminDB(t)
	source := "template0"
	if migrated {
		var err error
		if source, err = migratedTemplate(); err != nil {
			t.Fatalf("PostgreSQL test template: %v", err)
		}
	}
	dsn, drop, err := createDatabase(admin, source, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return dsn
}

// createDatabase makes a new test database as a copy of source (strategy
// is empty or a CREATE DATABASE STRATEGY clause) and returns its DSN and
// the function that drops it.
func createDatabase(admin *sqldb.DB, source, strategy string) (string, func(), error) {
	name := fmt.Sprintf("fazhi_t_%d_%d", os.Getpid(), dbCounter.Add(1))
	ctx := context.Background()
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+source+strategy); err != nil {
		return "", nil, fmt.Errorf("create database %s from %s: %w", name, source, err)
	}
	drop := func() { admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) }
	return withDatabase(serverURL(), name), drop, nil
}

var (
	adminOnce sync.Once
	admin     *sqldb.DB
	adminErr  error
)

// adminDB connects to the maintenance database, failing the test with a
// clear message when PostgreSQL is down.
func adminDB(t testing.TB) *sqldb.DB {
	t.Helper()
	if _, err := connectAdmin(); err != nil {
		t.Fatalf("%v", err)
	}
	return admin
}

func connectAdmin() (*sqldb.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sqldb.Open(context.Background(), serverURL())
		if adminErr != nil {
			adminErr = fmt.Errorf("PostgreSQL is required for the store tests (FAZHI_TEST_POSTGRES=%s): %w", serverURL(), adminErr)
		}
	})
	return admin, adminErr
}

// migratedTemplate is the name of the migrated template, made once.
func migratedTemplate() (string, error) {
	a, err := connectAdmin()
	if err != nil {
		return "", err
	}
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(a) })
	return templateName, templateErr
}

// ensureTemplate builds, once per migration set, a migrated database that
// tests clone. Its name carries a hash of the migrations, so a changed
// migration gets a new template, and concurrent test binaries share it.
func ensureTemplate(admin *sqldb.DB) (string, error) {
	ctx := context.Background()
	name, err := templateFor()
	if err != nil {
		return "", err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// A session-level lock: other test binaries wait while one builds it.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7411)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(7411)`)
	var exists int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists > 0 {
		return name, nil
	}
	if err := buildTemplate(ctx, conn, name); err != nil {
		return "", err
	}
	return name, nil
}

func buildTemplate(ctx context.Context, conn *sql.Conn, name string) error {
	building := name + "_build"
	conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building+` TEMPLATE template0`); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, withDatabase(serverURL(), building))
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		return err
	}
	dropStale(ctx, conn, "fazhi_tpl_%", building)
	_, err = conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name)
	return err
}

// dropStale removes the databases named like that are not keep: templates
// and filled databases of older sources.
func dropStale(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, like, keep string) {
	rows, err := db.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, like)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil && n != keep {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+n+` WITH (FORCE)`)
	}
}

func templateFor() (string, error) {
	migrations, err := sqldb.Migrations(sqldb.Postgres)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range migrations {
		fmt.Fprintf(h, "%s\n%s\n", m.Name, m.SQL)
	}
	return fmt.Sprintf("fazhi_tpl_%x", h.Sum(nil)[:6]), nil
}

func withDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}

// OpenShared returns a fresh migrated database that is not tied to one
// test, for fixtures shared by a package's tests; call the returned
// function from TestMain to remove it.
func OpenShared(engine sqldb.Engine) (*sqldb.DB, func(), error) {
	ctx := context.Background()
	var dsn string
	var drop func()
	if engine == sqldb.SQLite {
		dir, err := os.MkdirTemp("", "fazhi-test-")
		if err != nil {
			return nil, nil, err
		}
		dsn, drop = "sqlite:"+filepath.Join(dir, "shared.db"), func() { os.RemoveAll(dir) }
	} else {
		rec := &recorder{}
		var err error
		if dsn, err = rec.newPostgres(); err != nil {
			return nil, nil, err
		}
		drop = rec.cleanup
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		drop()
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

// recorder is a testing.TB stand-in that keeps the failure and cleanups
// for OpenShared.
type recorder struct {
	testing.TB
	failed   string
	cleanups []func()
}

func (r *recorder) Helper()                        {}
func (r *recorder) Cleanup(f func())               { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...); panic(r) }
func (r *recorder) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// newPostgres runs the shared helper, turning its Fatalf into an error.
func (r *recorder) newPostgres() (dsn string, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v != r {
				panic(v)
			}
			err = fmt.Errorf("%s", r.failed)
		}
	}()
	return newPostgres(r, true), nil
}
