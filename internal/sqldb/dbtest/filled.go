package dbtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"fazhi/internal/sqldb"
)

// Fill writes a database's content once; it opens dsn itself, closes it
// before returning (a PostgreSQL template must have no sessions), and
// returns what the clones' users need to know about the content.
type Fill func(ctx context.Context, dsn string) (meta []byte, err error)

// CloneFilled returns the DSN of a fresh copy of a database that fill
// wrote once per machine, engine and key, and a function that removes the
// copy. Test binaries share the original: the first one to ask fills it
// under a lock (a file lock for SQLite, an advisory lock for PostgreSQL)
// while the others wait, then every caller gets its own copy — a file copy
// or CREATE DATABASE … TEMPLATE, seconds instead of the minutes a full
// demo load takes under the race detector. key must change whenever the
// content would (the callers hash the sources that write it).
func CloneFilled(engine sqldb.Engine, key string, fill Fill) (dsn string, meta []byte, drop func(), err error) {
	ctx := context.Background()
	prefix := filepath.Join(os.TempDir(), "fazhi-filled-"+string(engine)+"-")
	metaPath := prefix + key + ".json"
	if engine == sqldb.SQLite {
		return cloneFilledSQLite(ctx, prefix, key, metaPath, fill)
	}
	return cloneFilledPostgres(ctx, key, metaPath, fill)
}

func cloneFilledSQLite(ctx context.Context, prefix, key, metaPath string, fill Fill) (string, []byte, func(), error) {
	tpl := prefix + key + ".db"
	unlock, err := lockFile(tpl + ".lock")
	if err != nil {
		return "", nil, nil, err
	}
	meta, err := os.ReadFile(metaPath)
	if _, statErr := os.Stat(tpl); err != nil || statErr != nil {
		removeStale(prefix, key)
		meta, err = fillSQLite(ctx, tpl, metaPath, fill)
	}
	unlock()
	if err != nil {
		return "", nil, nil, err
	}
	dir, err := os.MkdirTemp("", "fazhi-test-")
	if err != nil {
		return "", nil, nil, err
	}
	drop := func() { os.RemoveAll(dir) }
	path := filepath.Join(dir, "test.db")
	if err := copyFile(tpl, path); err != nil {
		drop()
		return "", nil, nil, err
	}
	return "sqlite:" + path, meta, drop, nil
}

// fillSQLite writes the shared file under another name and renames it, so
// that a fill that fails or is killed leaves nothing a later run trusts.
func fillSQLite(ctx context.Context, tpl, metaPath string, fill Fill) ([]byte, error) {
	building := tpl + ".build"
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(building + s)
	}
	meta, err := fill(ctx, "sqlite:"+building)
	if err != nil {
		return nil, fmt.Errorf("fill %s: %w", building, err)
	}
	if _, err := os.Stat(building + "-wal"); err == nil {
		return nil, fmt.Errorf("fill left %s-wal behind: it must close the database", building)
	}
	if err := os.WriteFile(metaPath, meta, 0o644); err != nil {
		return nil, err
	}
	return meta, os.Rename(building, tpl)
}

func cloneFilledPostgres(ctx context.Context, key, metaPath string, fill Fill) (string, []byte, func(), error) {
	migrated, err := migratedTemplate()
	if err != nil {
		return "", nil, nil, err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", nil, nil, err
	}
	defer conn.Close()
	name := "fazhi_filled_" + key
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7412)`); err != nil {
		return "", nil, nil, err
	}
	var exists int
	err = conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&exists)
	meta, metaErr := os.ReadFile(metaPath)
	if err == nil && (exists == 0 || metaErr != nil) {
		removeStale(strings.TrimSuffix(metaPath, key+".json"), key)
		meta, err = fillPostgres(ctx, name, migrated, metaPath, fill)
	}
	conn.ExecContext(ctx, `SELECT pg_advisory_unlock(7412)`)
	if err != nil {
		return "", nil, nil, err
	}
	// FILE_COPY copies the files instead of writing the whole database
	// through the WAL: much faster for a database this size.
	dsn, drop, err := createDatabase(admin, name, " STRATEGY FILE_COPY")
	return dsn, meta, drop, err
}

func fillPostgres(ctx context.Context, name, migrated, metaPath string, fill Fill) ([]byte, error) {
	building := name + "_build"
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+building+` TEMPLATE `+migrated); err != nil {
		return nil, err
	}
	meta, err := fill(ctx, withDatabase(serverURL(), building))
	if err != nil {
		return nil, fmt.Errorf("fill %s: %w", building, err)
	}
	if err := os.WriteFile(metaPath, meta, 0o644); err != nil {
		return nil, err
	}
	dropStale(ctx, admin, "fazhi_filled_%", building)
	_, err = admin.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name)
	return meta, err
}

// removeStale removes the files of other keys: their sources changed.
func removeStale(prefix, key string) {
	matches, _ := filepath.Glob(prefix + "*")
	for _, m := range matches {
		if !strings.HasPrefix(m, prefix+key) {
			os.Remove(m)
		}
	}
}

// lockFile takes an exclusive lock on path (created if missing) and
// returns its release; the kernel releases it if the process dies.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
