package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/internal/migration"
	"github.com/opslens/opslens/storetest"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "opslens.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) opslens.Store { return openTemp(t) })
}

func TestStoreInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) opslens.Store {
		db, err := Open(t.Context(), ":memory:")
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		return db
	})
}

func TestOpenCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "opslens.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("directory mode = %o, want 700", perm)
	}
}

func TestOpenOddPath(t *testing.T) {
	// URI syntax characters in the path must not be parsed as URI syntax.
	path := filepath.Join(t.TempDir(), "we?ird #dir%20", "db?x=1")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not created at the given path: %v", err)
	}
}

func schemaVersions(t *testing.T, db *DB) []int {
	t.Helper()
	rows, err := db.sql.QueryContext(t.Context(), `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "opslens.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w := &opslens.Workload{Name: "persisted", Environment: opslens.EnvProduction, Lenses: []string{"x"}}
	if err := db.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	first := schemaVersions(t, db)
	db.Close()

	for range 2 {
		db, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if got := schemaVersions(t, db); fmt.Sprint(got) != fmt.Sprint(first) {
			t.Errorf("versions after reopen = %v, want %v", got, first)
		}
		if _, err := db.Workload(ctx, "persisted"); err != nil {
			t.Errorf("data lost on reopen: %v", err)
		}
		db.Close()
	}
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(ms) || first[len(first)-1] != ms[len(ms)-1].Version {
		t.Errorf("recorded versions %v, want one per embedded migration (%d)", first, len(ms))
	}
}

func TestMigrationsApplyInOrder(t *testing.T) {
	ctx := t.Context()
	db := openTemp(t)
	before := schemaVersions(t, db)
	// A later migration that depends on an earlier one must see it applied,
	// and only the pending ones may run (0001 is applied already).
	fsys := fstest.MapFS{
		"migrations/0001_init.sql":  {Data: []byte("SELECT 1")},
		"migrations/9002_extra.sql": {Data: []byte("CREATE TABLE extra (x INTEGER)")},
		"migrations/9010_more.sql":  {Data: []byte("INSERT INTO extra VALUES (42)")},
	}
	ms, err := migration.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.applyMigrations(ctx, ms); err != nil {
		t.Fatalf("apply: %v", err)
	}
	if err := db.applyMigrations(ctx, ms); err != nil {
		t.Fatalf("apply again: %v", err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM extra`).Scan(&n); err != nil || n != 1 {
		t.Errorf("extra rows = %d (err %v), want 1: each migration must run once", n, err)
	}
	if got, want := schemaVersions(t, db), append(before, 9002, 9010); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("versions = %v, want %v", got, want)
	}
}

func TestMigrationFailureRollsBack(t *testing.T) {
	ctx := t.Context()
	db := openTemp(t)
	before := schemaVersions(t, db)
	fsys := fstest.MapFS{
		"migrations/0001_init.sql":   {Data: []byte("SELECT 1")},
		"migrations/9002_broken.sql": {Data: []byte("CREATE TABLE half (x INTEGER); THIS IS NOT SQL")},
	}
	ms, err := migration.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	err = db.applyMigrations(ctx, ms)
	if err == nil || !strings.Contains(err.Error(), "9002_broken.sql") {
		t.Fatalf("broken migration: err = %v, want one naming the file", err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("a failed migration left a table behind")
	}
	if got := schemaVersions(t, db); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("versions = %v, want %v", got, before)
	}
}

func TestRefuseFutureSchema(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "opslens.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'later')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("opened a database with a newer schema")
	}
	t.Logf("refusal: %v", err)
	ms, _ := migration.Load(migrationFS)
	known := fmt.Sprint(ms[len(ms)-1].Version)
	for _, want := range []string{"9999", known, path, "upgrade"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestPragmas(t *testing.T) {
	db := openTemp(t)
	// Several connections, since pragmas are per connection.
	db.sql.SetMaxIdleConns(0)
	for _, p := range []struct{ name, want string }{
		{"foreign_keys", "1"},
		{"journal_mode", "wal"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"},
	} {
		var got string
		if err := db.sql.QueryRowContext(t.Context(), "PRAGMA "+p.name).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", p.name, err)
		}
		if got != p.want {
			t.Errorf("PRAGMA %s = %s, want %s", p.name, got, p.want)
		}
	}
}

// TestCascade checks the schema itself: deleting a workload or dropping a
// lens leaves no orphan rows behind in any table.
func TestCascade(t *testing.T) {
	ctx := t.Context()
	db := openTemp(t)
	w := &opslens.Workload{Name: "cascade", Environment: opslens.EnvProduction, Lenses: []string{"a", "b"}}
	if err := db.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	ans := []opslens.Answer{{QuestionID: "q", IsApplicable: true, Choices: []opslens.ChoiceAnswer{{ChoiceID: "c", Status: opslens.ChoiceSelected}}}}
	for _, l := range w.Lenses {
		if err := db.PutAnswers(ctx, w.ID, l, slices.Clone(ans)); err != nil {
			t.Fatal(err)
		}
	}
	snap := opslens.Snapshot{Workload: *w, Reviews: []opslens.LensAnswers{{LensAlias: "a", Answers: ans}}}
	if err := db.CreateMilestone(ctx, &opslens.Milestone{WorkloadID: w.ID, Name: "m", Snapshot: snap}); err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := db.UpdateWorkload(ctx, w.ID, func(w *opslens.Workload) error {
		w.Lenses = []string{"a"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if a, c := count("answers"), count("choice_answers"); a != 1 || c != 1 {
		t.Errorf("after dropping lens b: %d answers, %d choices; want 1 and 1", a, c)
	}
	if err := db.DeleteWorkload(ctx, "CASCADE"); err != nil {
		t.Fatalf("delete by name in another case: %v", err)
	}
	for _, table := range []string{"workloads", "workload_lenses", "answers", "choice_answers", "milestones", "milestone_lenses"} {
		if n := count(table); n != 0 {
			t.Errorf("%s has %d rows after deleting the only workload", table, n)
		}
	}
}

func TestSQLiteSpecifics(t *testing.T) {
	ctx := t.Context()
	db := openTemp(t)
	w := &opslens.Workload{Name: "Mixed", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := db.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	dup := &opslens.Workload{Name: "MIXED", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := db.CreateWorkload(ctx, dup); opslens.ErrorCode(err) != opslens.ECONFLICT {
		t.Errorf("names must be unique regardless of case: err = %v", err)
	} else if !strings.Contains(err.Error(), `workload "MIXED" already exists`) {
		t.Errorf("conflict message = %q", err)
	}
	if _, err := db.Workload(ctx, "mixed"); err != nil {
		t.Errorf("lookup ignoring case: %v", err)
	}
	err := db.PutAnswers(ctx, w.ID, "not-applied", []opslens.Answer{{QuestionID: "q", IsApplicable: true}})
	if opslens.ErrorCode(err) != opslens.ENOTFOUND || !strings.Contains(err.Error(), `"not-applied"`) {
		t.Errorf("answers for a lens the workload does not apply: err = %v, want ENOTFOUND naming the lens", err)
	}
	_, err = db.Workload(ctx, "nope")
	if err == nil || err.Error() != `workload "nope" not found` {
		t.Errorf("not-found message = %v", err)
	}
	twice := &opslens.Workload{Name: "twice", Environment: opslens.EnvProduction, Lenses: []string{"a", "a"}}
	if err := db.CreateWorkload(ctx, twice); opslens.ErrorCode(err) != opslens.EINVALID {
		t.Errorf("lens applied twice: err = %v, want EINVALID", err)
	}
	// IDs are never reused, so a stale ID cannot reach a newer workload.
	if err := db.DeleteWorkload(ctx, "Mixed"); err != nil {
		t.Fatal(err)
	}
	again := &opslens.Workload{Name: "Mixed", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := db.CreateWorkload(ctx, again); err != nil {
		t.Fatal(err)
	}
	if again.ID == w.ID {
		t.Errorf("workload ID %d was reused", w.ID)
	}
}

// TestConcurrentHandles writes through two DB values on one file at once:
// WAL, IMMEDIATE write transactions and the busy timeout must make every
// write succeed without SQLITE_BUSY.
func TestConcurrentHandles(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "shared.db")
	var dbs [2]*DB
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	// Open concurrently too: both race to apply the migrations.
	for i := range dbs {
		wg.Go(func() {
			db, err := Open(ctx, path)
			if err != nil {
				errs <- fmt.Errorf("open %d: %w", i, err)
				return
			}
			dbs[i] = db
		})
	}
	wg.Wait()
	close(errs)
	for _, db := range dbs {
		if db != nil {
			t.Cleanup(func() { db.Close() })
		}
	}
	for err := range errs {
		t.Fatal(err)
	}

	shared := &opslens.Workload{Name: "shared", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := dbs[0].CreateWorkload(ctx, shared); err != nil {
		t.Fatal(err)
	}
	const perHandle = 20
	errs = make(chan error, 4*perHandle)
	for i, db := range dbs {
		wg.Go(func() {
			for j := range perHandle {
				w := &opslens.Workload{Name: fmt.Sprintf("w-%d-%02d", i, j), Environment: opslens.EnvProduction, Lenses: []string{"a"}}
				if err := db.CreateWorkload(ctx, w); err != nil {
					errs <- err
				}
				a := []opslens.Answer{{QuestionID: fmt.Sprintf("q-%d-%02d", i, j), IsApplicable: true}}
				if err := db.PutAnswers(ctx, shared.ID, "a", a); err != nil {
					errs <- err
				}
				m := &opslens.Milestone{WorkloadID: shared.ID, Name: fmt.Sprintf("m-%d-%02d", i, j)}
				if err := db.CreateMilestone(ctx, m); err != nil {
					errs <- err
				}
				if _, err := db.Workloads(ctx); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := dbs[1].Workloads(ctx)
	if err != nil || len(all) != 1+2*perHandle {
		t.Errorf("workloads: %d (err %v), want %d", len(all), err, 1+2*perHandle)
	}
	answers, err := dbs[0].Answers(ctx, shared.ID, "a")
	if err != nil || len(answers) != 2*perHandle {
		t.Errorf("answers: %d (err %v), want %d", len(answers), err, 2*perHandle)
	}
	ms, err := dbs[1].Milestones(ctx, shared.ID)
	if err != nil || len(ms) != 2*perHandle {
		t.Fatalf("milestones: %d (err %v), want %d", len(ms), err, 2*perHandle)
	}
	for i, m := range ms {
		if m.Number != i+1 {
			t.Errorf("milestone %d has number %d: numbers must be dense and unique", i, m.Number)
		}
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) opslens.Store {
		db, err := Open(b.Context(), filepath.Join(b.TempDir(), "opslens.db"))
		if err != nil {
			b.Fatal(err)
		}
		return db
	})
}
