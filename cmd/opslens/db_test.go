package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// fillForCopy makes one of each thing a copy must carry and returns the
// workload's status.
func (c *cli) fillForCopy() string {
	c.t.Helper()
	c.ok("workload", "create", "payments", "--owner", "team-payments")
	c.ok("answer", "payments", "OPS01", "--select", "BP01,BP02")
	c.ok("milestone", "create", "payments", "baseline")
	c.runIn("a-long-password\n", "user", "create", "ann", "--admin", "--password-stdin")
	return c.ok("status", "payments", "-o", "json")
}

// A whole database copies into a new file that then serves the same
// review; a destination that holds anything is refused and untouched.
func TestDBMigrateFrom(t *testing.T) {
	c := newCLI(t)
	before := c.fillForCopy()

	dst := filepath.Join(t.TempDir(), "copy.db")
	out := c.ok("db", "migrate-from", c.db, "--to", dst)
	contains(t, "copy summary", out, "1 workloads", "1 answers", "1 milestones", "1 users")

	copyCLI := &cli{t: t, db: dst}
	if after := copyCLI.ok("status", "payments", "-o", "json"); after != before {
		t.Fatalf("the copy's status differs:\n%s\nwant\n%s", after, before)
	}
	contains(t, "users of the copy", copyCLI.ok("user", "list"), "ann")

	errText := c.fail(1, "db", "migrate-from", c.db, "--to", dst)
	contains(t, "second copy into the same file", errText, "not empty")
	if got := copyCLI.ok("workload", "list", "-o", "json"); strings.Count(got, `"WorkloadName"`) != 1 {
		t.Fatalf("a refused copy changed the destination:\n%s", got)
	}
	c.fail(2, "db", "migrate-from", c.db)
}

// A database named by a URL opslens cannot open is refused with exit 2,
// and no file or folder of that name appears.
func TestDBValueURLRefused(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"mysql://x/y", "file:///tmp/x.db", "sqlite://x.db"} {
		c := &cli{t: t, db: v}
		r := c.runIn("", "workload", "list")
		if r.code != 2 || !strings.Contains(r.stderr, v) {
			t.Errorf("--db %s: exit %d, stderr %q", v, r.code, r.stderr)
		}
	}
	c := newCLI(t)
	c.fail(2, "db", "migrate-from", c.db, "--to", "mysql://db.example/opslens")
	if entries, _ := filepath.Glob(filepath.Join(dir, "*")); len(entries) != 0 {
		t.Fatalf("files appeared: %v", entries)
	}
}
