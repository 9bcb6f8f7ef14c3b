package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/opslens/opslens/internal/pgtest"
)

// newPostgresCLI runs opslens on a new, empty PostgreSQL database.
func newPostgresCLI(t *testing.T) *cli {
	t.Helper()
	return &cli{t: t, db: pgtest.NewDatabase(t)}
}

// The same review made on SQLite and on PostgreSQL reads back the same,
// command for command.
func TestPostgresSameAsSQLite(t *testing.T) {
	steps := [][]string{
		{"workload", "create", "payments", "--owner", "team-payments", "--tag", "tier=1"},
		{"answer", "payments", "OPS01", "--select", "BP01,BP02"},
		{"answer", "payments", "OPS02", "--question-na", "--reason", "OUT_OF_SCOPE"},
		{"milestone", "create", "payments", "baseline"},
		{"answer", "payments", "OPS01", "--select", "BP03"},
	}
	reads := [][]string{
		{"status", "payments", "-o", "json"},
		{"plan", "payments", "-o", "json"},
		{"milestone", "diff", "payments", "1", "-o", "json"},
		{"workload", "list", "-o", "json"},
	}
	lite, pg := newCLI(t), newPostgresCLI(t)
	for _, c := range []*cli{lite, pg} {
		for _, s := range steps {
			c.ok(s...)
		}
	}
	for _, r := range reads {
		// Times differ between two runs; everything else must not.
		if a, b := stamps.ReplaceAllString(lite.ok(r...), "TIME"), stamps.ReplaceAllString(pg.ok(r...), "TIME"); a != b {
			t.Errorf("opslens %s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", strings.Join(r, " "), a, b)
		}
	}
}

var stamps = regexp.MustCompile(`\d{4}-\d\d-\d\dT[0-9:.]+Z`)

// A SQLite database copies into PostgreSQL and back with nothing lost.
func TestDBMigrateFromPostgres(t *testing.T) {
	c := newCLI(t)
	before := c.fillForCopy()

	pg := newPostgresCLI(t)
	contains(t, "copy to PostgreSQL", c.ok("db", "migrate-from", c.db, "--to", pg.db), "1 workloads", "1 milestones", "1 users")
	if got := pg.ok("status", "payments", "-o", "json"); got != before {
		t.Fatalf("status on PostgreSQL differs:\n%s\nwant\n%s", got, before)
	}
	// New rows on the copy never reuse a copied ID.
	pg.ok("workload", "create", "ledger", "--owner", "team-ledger")
	contains(t, "second copy into the same database", pg.fail(1, "db", "migrate-from", c.db, "--to", pg.db), "not empty")

	back := newCLI(t)
	contains(t, "copy back to SQLite", pg.ok("db", "migrate-from", pg.db, "--to", back.db), "2 workloads")
	if got := back.ok("status", "payments", "-o", "json"); got != before {
		t.Fatalf("status after the round trip differs:\n%s\nwant\n%s", got, before)
	}
}

// An unreachable server is EUNAVAILABLE (exit 4) with a message that names
// the address but never the password.
func TestPostgresUnreachable(t *testing.T) {
	c := &cli{t: t, db: "postgres://opslens:s3cret@127.0.0.1:1/opslens?connect_timeout=2"}
	r := c.runIn("", "workload", "list")
	if r.code != 4 || !strings.Contains(r.stderr, "127.0.0.1:1") || strings.Contains(r.stderr, "s3cret") {
		t.Fatalf("exit %d, stderr %q: want 4 and the address without the password", r.code, r.stderr)
	}
}
