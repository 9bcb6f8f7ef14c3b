package evidence

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Test repositories are built by the tests themselves: files written into
// t.TempDir(), and for git cases a real git repository with commits at
// fixed dates, so results never depend on the machine or the clock.

// writeTestFiles creates each file (slash-separated path → content) under dir.
func writeTestFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// testTree writes files into a temporary directory and opens it as a
// tree, for tests of one model or detector.
func testTree(t testing.TB, files map[string]string) *Tree {
	t.Helper()
	dir := t.TempDir()
	writeTestFiles(t, dir, files)
	return openTestTree(t, dir)
}

// requireGit skips the test when no git binary is installed.
func requireGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
}

// testRepoEpoch is the date of the first commit of test repositories.
var testRepoEpoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// runTestGit runs git in dir with an isolated configuration and returns its
// trimmed output.
func runTestGit(t testing.TB, dir string, at time.Time, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	date := at.Format(time.RFC3339)
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// initTestRepo makes dir a git repository on branch main.
func initTestRepo(t testing.TB, dir string) {
	t.Helper()
	requireGit(t)
	runTestGit(t, dir, testRepoEpoch, "init", "-q", "-b", "main")
}

// commitTestRepo commits everything in dir (n counts commits, for the date:
// one day apart from testRepoEpoch).
func commitTestRepo(t testing.TB, dir string, n int, msg string) {
	t.Helper()
	at := testRepoEpoch.Add(time.Duration(n) * 24 * time.Hour)
	runTestGit(t, dir, at, "add", "-A")
	runTestGit(t, dir, at, "commit", "-q", "--allow-empty", "-m", msg)
}

// newTestRepo builds a repository whose history is one commit per file set.
func newTestRepo(t testing.TB, commits ...map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	initTestRepo(t, dir)
	for i, files := range commits {
		writeTestFiles(t, dir, files)
		commitTestRepo(t, dir, i, fmt.Sprintf("change %d", i+1))
	}
	return dir
}

// openTestTree opens dir and closes the tree at the end of the test.
func openTestTree(t testing.TB, dir string) *Tree {
	t.Helper()
	tree, err := OpenTree(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	tree.now = fixedNow
	return tree
}

// treeWarnings renders the tree's warnings as "path: message" lines.
func treeWarnings(tree *Tree) []string {
	var out []string
	for _, w := range tree.Warnings() {
		out = append(out, w.Path+": "+w.Message)
	}
	return out
}

// treeHasWarning reports whether some warning is about path and contains part.
func treeHasWarning(tree *Tree, path, part string) bool {
	for _, w := range tree.Warnings() {
		if w.Path == path && strings.Contains(w.Message, part) {
			return true
		}
	}
	return false
}
