package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
)

func TestMigrateTwiceIsNoop(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", applied)
		}
	})
}

func TestEmptyPostgresMigrates(t *testing.T) {
	for _, e := range dbtest.Engines() {
		if e != sqldb.Postgres {
			continue
		}
		dsn := dbtest.NewEmptyPostgres(t)
		db, err := sqldb.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) == 0 || !strings.HasPrefix(applied[0], "0001_") {
			t.Fatalf("applied = %v", applied)
		}
	}
}

func TestTimestampsAndUniqueViolation(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 30, 15, 123000000, time.UTC)
		insert := `INSERT INTO units (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`
		var id int64
		if err := db.QueryRowContext(ctx, insert, "慈溪市人民政府", "government", now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := db.QueryRowContext(ctx, `SELECT created_at FROM units WHERE id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Errorf("created_at = %v, want %v", got, now)
		}
		_, err := db.ExecContext(ctx, insert, "慈溪市人民政府", "government", now)
		if !sqldb.IsUniqueViolation(err) {
			t.Errorf("duplicate insert: err = %v, want unique violation", err)
		}
	})
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u:secret@host/db", "postgres://u:***@host/db"},
		{"postgres://u@host/db", "postgres://u@host/db"},
		{"data/fazhi.db", "data/fazhi.db"},
	} {
		if got := sqldb.RedactForTest(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
