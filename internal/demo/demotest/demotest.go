// Package demotest gives tests their own copy of a database holding the
// whole demo (demo.Load), on either engine.
//
// A full load is the heaviest thing the suite does — minutes under the race
// detector — and several packages test against the demo. The load runs once
// per machine, engine and version of the sources (dbtest.CloneFilled); each
// test then gets a copy it may change freely.
package demotest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/demo"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// Open returns a store over a fresh copy of the demo database on engine,
// closed and removed after the test, and the summary of the load.
func Open(t testing.TB, engine sqldb.Engine) (*store.Store, demo.Summary) {
	t.Helper()
	s, sum, drop, err := OpenShared(engine)
	if err != nil {
		t.Fatalf("demo database on %s: %v", engine, err)
	}
	t.Cleanup(drop)
	return s, sum
}

// OpenShared is Open for fixtures that outlive one test: the caller calls
// drop (from TestMain) to close and remove the copy.
func OpenShared(engine sqldb.Engine) (*store.Store, demo.Summary, func(), error) {
	var sum demo.Summary
	key, err := sourceKey()
	if err != nil {
		return nil, sum, nil, err
	}
	dsn, meta, remove, err := dbtest.CloneFilled(engine, key, fill)
	if err != nil {
		return nil, sum, nil, err
	}
	if err := json.Unmarshal(meta, &sum); err != nil {
		remove()
		return nil, sum, nil, fmt.Errorf("demo summary: %w", err)
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		remove()
		return nil, sum, nil, err
	}
	return store.New(db), sum, func() { db.Close(); remove() }, nil
}

// fill is the one full load that the copies come from.
func fill(ctx context.Context, dsn string) ([]byte, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	var sum demo.Summary
	_, err = db.Migrate(ctx)
	if err == nil {
		sum, err = demo.Load(ctx, store.New(db))
	}
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(sum)
}

var (
	keyOnce sync.Once
	key     string
	keyErr  error
)

// sourceKey names the demo's content: a hash of every non-test source file
// of the module (the demo, the store and its migrations write it) and of
// today's date (the stores stamp the day some records are written).
func sourceKey() (string, error) {
	keyOnce.Do(func() { key, keyErr = hashSources() })
	return key, keyErr
}

func hashSources() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("demotest: no source path to hash")
	}
	root := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("demotest: no go.mod above %s", file)
		}
		root = parent
	}
	h := sha256.New()
	fmt.Fprintln(h, time.Now().Format(time.DateOnly))
	for _, top := range []string{"go.mod", "go.sum", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			fmt.Fprintln(h, strings.TrimPrefix(path, root))
			_, err = io.Copy(h, f)
			return err
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
