package postgres

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/internal/migration"
	"github.com/opslens/opslens/internal/pgtest"
	"github.com/opslens/opslens/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// openTemp opens the store on a new, empty database of the test server.
func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) opslens.Store { return openTemp(t) })
}

// Replicas starting together on a new database must migrate it once.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	url := pgtest.NewDatabase(t)
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() {
			db, err := Open(t.Context(), url)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("open: %v", err)
		}
	}
	db := openURL(t, url)
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	var count, max int
	if err := db.pool.QueryRow(t.Context(), `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&count, &max); err != nil {
		t.Fatal(err)
	}
	if count != len(ms) || max != ms[len(ms)-1].Version {
		t.Errorf("schema_migrations has %d rows up to %d, want %d up to %d", count, max, len(ms), ms[len(ms)-1].Version)
	}
}

func openURL(t *testing.T, url string) *DB {
	t.Helper()
	db, err := Open(t.Context(), url)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRefuseFutureSchema(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db := openURL(t, url)
	if _, err := db.pool.Exec(t.Context(), `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, now())`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(t.Context(), url)
	if err == nil || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), "upgrade opslens") {
		t.Fatalf("open of a newer schema: err = %v, want a refusal naming version 9999", err)
	}
}

func TestMigrationFailureRollsBack(t *testing.T) {
	db := openTemp(t)
	fsys := fstest.MapFS{
		"migrations/0001_init.sql":   {Data: []byte("SELECT 1")},
		"migrations/9002_broken.sql": {Data: []byte("CREATE TABLE half (x integer); THIS IS NOT SQL")},
	}
	ms, err := migration.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	err = db.applyMigrations(t.Context(), ms)
	if err == nil || !strings.Contains(err.Error(), "9002_broken.sql") {
		t.Fatalf("broken migration: err = %v, want one naming the file", err)
	}
	var half bool
	if err := db.pool.QueryRow(t.Context(), `SELECT to_regclass('half') IS NOT NULL`).Scan(&half); err != nil {
		t.Fatal(err)
	}
	if half {
		t.Error("a failed migration left a table behind")
	}
}

func TestOpenErrors(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		code      string
		not       string // text the message must not show
	}{
		{"unreachable", "postgres://opslens:s3cret@127.0.0.1:1/opslens?connect_timeout=2", opslens.EUNAVAILABLE, "s3cret"},
		{"bad URL", "postgres://opslens:s3cret@host:notaport/db", opslens.EINVALID, "s3cret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(t.Context(), tc.url)
			if opslens.ErrorCode(err) != tc.code {
				t.Fatalf("err = %v (code %q), want code %s", err, opslens.ErrorCode(err), tc.code)
			}
			if strings.Contains(err.Error(), tc.not) {
				t.Errorf("message %q shows the password", err)
			}
			t.Logf("message: %v", err)
		})
	}
}

// A statement that runs past statement_timeout is EUNAVAILABLE, and the
// server's own message never reaches the caller as is.
func TestStatementTimeout(t *testing.T) {
	db := openURL(t, pgtest.URLWithParams(pgtest.NewDatabase(t), map[string]string{"statement_timeout": "50"}))
	err := db.read(t.Context(), func(tx pgx.Tx) error {
		_, err := tx.Exec(t.Context(), `SELECT pg_sleep(1)`)
		return err
	})
	if opslens.ErrorCode(err) != opslens.EUNAVAILABLE || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v, want EUNAVAILABLE about the timeout", err)
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://h/db": true, "opslens.db": false, "mysql://h/db": false, "./postgres": false,
	} {
		if IsURL(s) != want {
			t.Errorf("IsURL(%q) = %v", s, !want)
		}
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) opslens.Store {
		db, err := Open(b.Context(), pgtest.NewDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		return db
	})
}
