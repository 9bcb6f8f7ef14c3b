package evidence

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// histRepo builds a git repository for a test with a fixed author and
// fixed dates, so that hashes and figures are the same on every run.
type histRepo struct {
	t   *testing.T
	dir string
}

func newHistRepo(t *testing.T) *histRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := &histRepo{t: t, dir: t.TempDir()}
	r.git(time.Time{}, "init", "-q", "-b", "main")
	return r
}

// git runs a git command in the repository with the given date as author
// and committer date (and so tagger date), ignoring user configuration.
func (r *histRepo) git(when time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	if when.IsZero() {
		when = day(0)
	}
	date := fmt.Sprintf("%d +0000", when.Unix())
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Tester", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada Tester", "GIT_COMMITTER_EMAIL=ada@example.com",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// write sets the content of files in the work tree.
func (r *histRepo) write(files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// commit writes files and commits every change in the work tree.
func (r *histRepo) commit(when time.Time, msg string, files map[string]string) {
	r.t.Helper()
	r.write(files)
	r.git(when, "add", "-A")
	r.git(when, "commit", "-q", "-m", msg)
}

// textLines returns n numbered lines of text naming tag.
func textLines(tag string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s line %d\n", tag, i)
	}
	return b.String()
}

// day returns noon of the given day before fixedNow's date (day(0) is the
// scan's day).
func day(before int) time.Time {
	return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, -before)
}

// growingFile commits count changes of size lines each, every gap days,
// ending on the day `end` days before the scan, each appending to one file.
func (r *histRepo) growingFile(name string, end, count, gap, size int) {
	r.t.Helper()
	content := ""
	for i := range count {
		content += textLines(fmt.Sprintf("change %d", i), size)
		when := day(end + (count-1-i)*gap)
		r.commit(when, fmt.Sprintf("change %d", i), map[string]string{name: content})
	}
}

// activeRepo is a repository with small changes every four days over the
// window, two merged feature branches (one of which merged main into
// itself first), a binary file, a rename, one commit before the window,
// and, when tagged, three release tags plus tags that must not count.
func activeRepo(t *testing.T, tagged bool) *histRepo {
	r := newHistRepo(t)
	r.commit(day(200), "initial import", map[string]string{"README.md": "# svc\n", "old.txt": textLines("old", 300)})
	if tagged {
		r.git(day(200), "tag", "v0.1.0") // before the window
	}
	r.growingFile("svc/main.go", 30, 15, 4, 12)
	// A feature branch that merges main into itself before it is merged.
	r.git(day(25), "checkout", "-q", "-b", "feature")
	r.commit(day(25), "feature: part 1", map[string]string{"svc/feature.go": textLines("feature", 40)})
	r.commit(day(24), "feature: part 2", map[string]string{"svc/feature_test.go": textLines("test", 30)})
	r.git(day(23), "checkout", "-q", "main")
	r.commit(day(23), "hotfix", map[string]string{"svc/hotfix.go": textLines("hotfix", 8)})
	r.git(day(22), "checkout", "-q", "feature")
	r.git(day(22), "merge", "-q", "--no-ff", "-m", "Merge main into feature", "main")
	r.git(day(21), "checkout", "-q", "main")
	r.git(day(21), "merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
	if tagged {
		r.git(day(21), "tag", "-a", "v1.0.0", "-m", "release 1.0.0")
	}
	r.commit(day(18), "add logo", map[string]string{"web/logo.png": "\x89PNG\r\n\x1a\n\x00\x00\x01"})
	r.commit(day(14), "new logo", map[string]string{"web/logo.png": "\x89PNG\r\n\x1a\n\x00\x00\x02\x03"})
	if err := os.Mkdir(filepath.Join(r.dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.git(day(10), "mv", "old.txt", "docs/old.txt")
	r.commit(day(10), "move old notes", map[string]string{"docs/old.txt": strings.Replace(textLines("old", 300), "old line 7\n", "old line seven\n", 1)})
	if tagged {
		r.git(day(10), "tag", "v1.1.0")
		r.git(day(10), "tag", "before-cleanup") // no digit: not a release
	}
	r.git(day(6), "checkout", "-q", "-b", "fix")
	r.commit(day(6), "fix: retry", map[string]string{"svc/retry.go": textLines("retry", 20)})
	r.git(day(4), "checkout", "-q", "main")
	r.git(day(4), "merge", "-q", "--no-ff", "-m", "Merge fix", "fix")
	r.commit(day(2), "docs", map[string]string{"README.md": "# svc\n\nRuns the service.\n"})
	if tagged {
		r.git(day(1), "tag", "-a", "v1.2.0", "-m", "release 1.2.0")
		r.git(day(-3), "tag", "-a", "v9.9.9", "-m", "future") // tagged after the scan: not counted
	}
	return r
}

// historyCase renders what the two history detectors report on dir: hits,
// unknowns, warnings and the figures as JSON.
func historyCase(t *testing.T, dir string) string {
	t.Helper()
	tree, err := OpenTree(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	tree.now = fixedNow
	var lines []string
	for _, d := range Detectors() {
		if !strings.HasPrefix(d.Name, "git-history-") {
			continue
		}
		for _, h := range d.Run(context.Background(), tree) {
			lines = append(lines, fmt.Sprintf("%s %s %s: %s", h.Practice, h.Confidence, h.Proof.Path, h.Proof.Summary))
		}
	}
	for _, u := range tree.unknown {
		lines = append(lines, fmt.Sprintf("unknown %s: %s", u.BestPracticeID, u.Reason))
	}
	for _, w := range tree.Warnings() {
		lines = append(lines, fmt.Sprintf("warning %s: %s", w.Path, w.Message))
	}
	sort.Strings(lines)
	js, err := json.MarshalIndent(tree.history, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n") + "\nhistory: " + string(js) + "\n"
}

func TestHistoryGolden(t *testing.T) {
	cases := []struct {
		name   string
		build  func(t *testing.T) string
		deploy bool // set deployFollowsMerge to report a deploy pipeline
	}{
		{name: "active-tagged", build: func(t *testing.T) string { return activeRepo(t, true).dir }},
		{name: "active-untagged", build: func(t *testing.T) string { return activeRepo(t, false).dir }},
		{name: "active-deploy-pipeline", deploy: true, build: func(t *testing.T) string { return activeRepo(t, false).dir }},
		{name: "big-rare", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.commit(day(300), "start", map[string]string{"a.txt": "a\n"})
			r.growingFile("big.go", 3, 4, 25, 600)
			return r.dir
		}},
		{name: "small-rare", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.commit(day(300), "start", map[string]string{"a.txt": "a\n"})
			r.growingFile("small.go", 3, 5, 20, 15)
			return r.dir
		}},
		{name: "big-frequent", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.commit(day(300), "start", map[string]string{"a.txt": "a\n"})
			r.growingFile("big.go", 3, 20, 4, 400)
			return r.dir
		}},
		{name: "stale", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.commit(day(400), "start", map[string]string{"a.txt": "a\n"})
			r.growingFile("svc.go", 120, 20, 4, 10)
			return r.dir
		}},
		{name: "young", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.commit(day(3), "start", map[string]string{"a.txt": "a\n"})
			r.growingFile("svc.go", 2, 2, 0, 10)
			return r.dir
		}},
		{name: "shallow-clone", build: func(t *testing.T) string {
			src := activeRepo(t, true)
			dst := filepath.Join(t.TempDir(), "clone")
			src.git(time.Time{}, "clone", "-q", "--depth", "1", "file://"+src.dir, dst)
			return dst
		}},
		{name: "not-git", build: func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
		{name: "empty-repo", build: func(t *testing.T) string {
			r := newHistRepo(t)
			r.write(map[string]string{"main.go": "package main\n"})
			return r.dir
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.build(t)
			if c.deploy {
				deployFollowsMerge = func(*Tree) (Proof, bool) {
					return Proof{Path: ".github/workflows/deploy.yml", Line: 3, Summary: "deploys on pushes to main"}, true
				}
				defer func() { deployFollowsMerge = nil }()
			}
			checkGolden(t, filepath.Join("testdata", "history", c.name+".golden"), historyCase(t, dir))
		})
	}
}
