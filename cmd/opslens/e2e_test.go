package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opslens/opslens/internal/pgtest"
)

// These tests drive opslens as a separate process, the way users and
// scripts do, against a temporary SQLite file. The process is this test
// binary itself: started with asMain set, it runs main instead of the tests.
// That is the real CLI (same code, same flags, same exit codes) without a
// separate "go build", and it keeps go test's cache honest, since the binary
// under test is the one whose hash the cache records.

const asMain = "OPSLENS_TEST_AS_MAIN"

var binary string

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main()
		return
	}
	binary = os.Args[0]
	// pgtest stops the PostgreSQL server that tests on that store start.
	pgtest.Main(m)
}

type cli struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	return &cli{t: t, db: filepath.Join(t.TempDir(), "review.db")}
}

type result struct {
	stdout, stderr string
	code           int
}

func (c *cli) runIn(stdin string, args ...string) result {
	c.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), asMain+"=1", "OPSLENS_DB="+c.db, "NO_COLOR=1", "SOURCE_DATE_EPOCH=1767225600")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("run opslens %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed and returns its standard output.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.runIn("", args...)
	if r.code != 0 {
		c.t.Fatalf("opslens %s: exit %d\nstderr: %s\nstdout: %s", strings.Join(args, " "), r.code, r.stderr, r.stdout)
	}
	return r.stdout
}

// fail runs a command that must fail with the given exit code and returns
// its standard error.
func (c *cli) fail(code int, args ...string) string {
	c.t.Helper()
	r := c.runIn("", args...)
	if r.code != code {
		c.t.Fatalf("opslens %s: exit %d, want %d\nstderr: %s\nstdout: %s", strings.Join(args, " "), r.code, code, r.stderr, r.stdout)
	}
	return r.stderr
}

func (c *cli) json(v any, args ...string) {
	c.t.Helper()
	out := c.ok(append(args, "-o", "json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("opslens %s -o json: %v\n%s", strings.Join(args, " "), err, out)
	}
}

type statusJSON struct {
	RiskCounts  map[string]int
	LensReviews []struct {
		LensAlias string
		Answers   []struct {
			QuestionId      string
			Risk            string
			SelectedChoices []string
			MissingChoices  []string
		}
	}
}

func (c *cli) status(workload string) statusJSON {
	c.t.Helper()
	var s statusJSON
	c.json(&s, "status", workload)
	return s
}

func risks(s statusJSON, lensIdx int) map[string]string {
	m := map[string]string{}
	for _, a := range s.LensReviews[lensIdx].Answers {
		m[a.QuestionId] = a.Risk
	}
	return m
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}

func assertCounts(t *testing.T, got map[string]int, want map[string]int) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("RiskCounts[%s] = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
}
