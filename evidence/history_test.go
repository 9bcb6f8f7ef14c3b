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
		r.git(day(0), "tag", "-a", "go/v0.12.0", "-m", "same release, module tag") // one release, two names
		r.git(day(-3), "tag", "-a", "v9.9.9", "-m", "future")                      // tagged after the scan: not counted
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
		if d.Name != "git-history" {
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

// logOut builds `git log -z --numstat` output in historyLogFormat.
func logOut(commits ...string) string { return strings.Join(commits, "") }

func TestParseLog(t *testing.T) {
	long := strings.Repeat("d/", 40000) + "f.go"
	cases := []struct {
		name    string
		in      string
		want    string // one line per commit: hash parents|at|ct|files
		wantErr bool
	}{
		{name: "empty", in: "", want: ""},
		{name: "one commit with files",
			in:   "\x1eaaa bbb\x1f100\x1f200\x00\n3\t1\tmain.go\x0010\t0\tREADME.md\x00",
			want: "aaa [bbb]|100|200|+3-1 +10-0"},
		{name: "root commit has no parents",
			in:   "\x1eaaa \x1f1\x1f2\x00\n1\t0\ta\x00",
			want: "aaa []|1|2|+1-0"},
		{name: "merge without numstat, then a commit",
			in:   logOut("\x1emmm p1 p2\x1f5\x1f6\x00", "\x1ep1 p0\x1f3\x1f4\x00\n2\t2\tx\x00"),
			want: "mmm [p1 p2]|5|6|\np1 [p0]|3|4|+2-2"},
		{name: "binary file",
			in:   "\x1eaaa p\x1f1\x1f2\x00\n-\t-\tlogo.png\x005\t0\ta.go\x00",
			want: "aaa [p]|1|2|bin +5-0"},
		{name: "rename with change, paths may look like headers",
			in:   "\x1eaaa p\x1f1\x1f2\x00\n1\t1\t\x00old.txt\x00\x1eweird\x00\x1ebbb p\x1f3\x1f4\x00",
			want: "aaa [p]|1|2|+1-1\nbbb [p]|3|4|"},
		{name: "binary rename",
			in:   "\x1eaaa p\x1f1\x1f2\x00\n-\t-\t\x00a.png\x00b.png\x00",
			want: "aaa [p]|1|2|bin"},
		{name: "path longer than the read buffer",
			in:   "\x1eaaa p\x1f1\x1f2\x00\n7\t0\t" + long + "\x00",
			want: "aaa [p]|1|2|+7-0"},
		{name: "output cut short", in: "\x1eaaa p\x1f1\x1f2\x00\n4\t0\ta.g", want: "aaa [p]|1|2|+4-0"},
		{name: "data before the first commit", in: "3\t1\tmain.go\x00", wantErr: true},
		{name: "header without dates", in: "\x1eaaa p\x00", wantErr: true},
		{name: "header with a bad date", in: "\x1eaaa p\x1fx\x1f2\x00", wantErr: true},
		{name: "header without hash", in: "\x1e p\x1f1\x1f2\x00", wantErr: true},
		{name: "bad numstat", in: "\x1eaaa p\x1f1\x1f2\x00\nthree\t1\tmain.go\x00", wantErr: true},
		{name: "numstat without path", in: "\x1eaaa p\x1f1\x1f2\x00\n3\t1\x00", wantErr: true},
		{name: "negative count", in: "\x1eaaa p\x1f1\x1f2\x00\n-3\t1\ta\x00", wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			err := parseLog(strings.NewReader(c.in), func(r *logRecord) bool {
				got = append(got, renderRecord(r))
				return true
			})
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if c.wantErr {
				return
			}
			if g := strings.Join(got, "\n"); g != c.want {
				t.Errorf("got\n%s\nwant\n%s", g, c.want)
			}
		})
	}
}

func renderRecord(r *logRecord) string {
	var fs []string
	for _, f := range r.Files {
		if f.Binary {
			fs = append(fs, "bin")
		} else {
			fs = append(fs, fmt.Sprintf("+%d-%d", f.Added, f.Deleted))
		}
	}
	return fmt.Sprintf("%s %v|%d|%d|%s", r.Hash, r.Parents, r.AuthorTime, r.CommitTime, strings.Join(fs, " "))
}

func TestParseLogStops(t *testing.T) {
	in := logOut("\x1ea p\x1f1\x1f2\x00", "\x1eb p\x1f1\x1f2\x00", "\x1ec p\x1f1\x1f2\x00")
	n := 0
	err := parseLog(strings.NewReader(in), func(*logRecord) bool { n++; return n < 2 })
	if err != nil || n != 2 {
		t.Fatalf("parseLog read %d commits (err %v), want to stop after 2", n, err)
	}
}

func FuzzParseLog(f *testing.F) {
	f.Add("\x1eaaa bbb\x1f100\x1f200\x00\n3\t1\tmain.go\x00-\t-\tx.png\x00")
	f.Add("\x1eaaa p\x1f1\x1f2\x00\n1\t1\t\x00old\x00new\x00\x1em p q\x1f1\x1f2\x00")
	f.Add("\x1e\x1f\x1f\x00\n\t\t\x00")
	f.Fuzz(func(t *testing.T, in string) {
		w := newHistoryWindow("h", 1<<33)
		_ = parseLog(strings.NewReader(in), func(r *logRecord) bool {
			for _, fs := range r.Files {
				if fs.Added < 0 || fs.Deleted < 0 {
					t.Fatalf("negative count in %+v", fs)
				}
			}
			return w.add(r)
		})
		h := w.figures(fixedNow())
		if h.Commits < h.NonMergeCommits || h.MedianChangedLines < 0 {
			t.Fatalf("inconsistent figures %+v", h)
		}
	})
}

func TestParseTagList(t *testing.T) {
	in := "v1.0.0\t1700000000\tc1\t\n" + // lightweight: the object is the commit
		"before-refactor\t1700000100\tc2\t\n" + // no digit: not a release
		"release-2024.05\t1700000200\tt3\tc3\n" + // annotated: peeled to its commit
		"v2\t\tc4\t\nbroken\nv3\tx\tc5\t\nv4\t1\tc6\n\n"
	got := fmt.Sprint(parseTagList([]byte(in)))
	want := "[{v1.0.0 1700000000 c1} {release-2024.05 1700000200 c3}]"
	if got != want {
		t.Errorf("parseTagList = %s, want %s", got, want)
	}
}

func FuzzParseTagList(f *testing.F) {
	f.Add([]byte("v1.0.0\t1700000000\tabc\t\nx\t1\tdef\tghi\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, tg := range parseTagList(in) {
			if !strings.ContainsAny(tg.Name, "0123456789") {
				t.Fatalf("tag %q kept without a digit", tg.Name)
			}
		}
	})
}

func TestTagFigures(t *testing.T) {
	const d = 86400
	tags := []tagDate{{"v3", 40 * d, "c3"}, {"v1", 10 * d, "c1"}, {"v0", 1 * d, "c0"}, {"v2", 20 * d, "c2"},
		{"v0.302.0", 20*d + 60, "c2"}, {"v9", 99 * d, "c9"}}
	h := &History{}
	tagFigures(h, tags, 5*d, 50*d)
	if h.Tags != 3 || h.LatestTag != "v3" || h.ReleaseCadenceDays != 15 {
		t.Errorf("got %d tags, latest %s, cadence %v; want 3, v3, 15", h.Tags, h.LatestTag, h.ReleaseCadenceDays)
	}
}

// TestHistoryWindow feeds commits out of date order, as skewed clocks make
// git print them, and checks which ones the window keeps.
func TestHistoryWindow(t *testing.T) {
	const d = 86400
	newest := int64(1000 * d)
	recs := []logRecord{
		{Hash: "h", Parents: []string{"m1"}, CommitTime: newest, Files: []fileStat{{Added: 4}}},
		{Hash: "m1", Parents: []string{"a", "side"}, CommitTime: newest - d},
		{Hash: "side", Parents: []string{"a"}, CommitTime: newest - 2*d, Files: []fileStat{{Binary: true}, {Added: 1, Deleted: 1}}},
		{Hash: "old1", Parents: []string{"x"}, CommitTime: newest - 100*d, Files: []fileStat{{Added: 900}}},
		{Hash: "a", Parents: []string{"old2"}, CommitTime: newest - 3*d, Files: []fileStat{{Added: 10, Deleted: 10}}}, // skewed clock
	}
	w := newHistoryWindow("h", newest)
	for i := range recs {
		w.add(&recs[i])
	}
	h := w.figures(time.Unix(newest+5*d, 0))
	if h.Commits != 4 || h.NonMergeCommits != 3 || h.MergesToDefaultBranch != 1 || h.BinaryFileChanges != 1 {
		t.Errorf("figures %+v: want 4 commits, 3 non-merge, 1 merge to the branch, 1 binary change", h)
	}
	if h.MedianChangedLines != 4 || h.YoungerThanWindow || h.NewestCommitAgeDays != 5 || h.Stale {
		t.Errorf("figures %+v: want median 4 over the full window, 5 days old, not stale", h)
	}
	// The reader stops after windowSlop commits older than the window.
	old := logRecord{Hash: "o", Parents: []string{"p"}, CommitTime: 1}
	for i := 1; i < windowSlop; i++ {
		if !w.add(&old) {
			t.Fatalf("stopped after %d old commits, want %d", i+1, windowSlop)
		}
	}
	if w.add(&old) {
		t.Errorf("still reading after %d old commits", windowSlop+1)
	}
}

// TestHistoryRenamesAndBinaries checks on a real repository that a moved
// file with one changed line counts as two changed lines, not as the whole
// file deleted and added, and that binary files count as no lines.
func TestHistoryRenamesAndBinaries(t *testing.T) {
	r := newHistRepo(t)
	body := textLines("notes", 500)
	r.commit(day(9), "notes", map[string]string{"notes.txt": body, "img.bin": "\x00\x01\x02"})
	if err := os.Remove(filepath.Join(r.dir, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	r.commit(day(8), "move notes", map[string]string{"docs/notes.txt": strings.Replace(body, "notes line 3\n", "notes line three\n", 1)})
	r.commit(day(7), "new image", map[string]string{"img.bin": "\x00\x09"})
	w, err := readHistoryWindow(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(w.changed) != "[0 2 500]" || w.binary != 2 {
		t.Errorf("changed lines per commit (newest first) %v, binary changes %d; want [0 2 500] and 2", w.changed, w.binary)
	}
}

func TestHistoryJudgement(t *testing.T) {
	cases := []struct {
		name                 string
		h                    History
		deploy               bool
		wantOps05, wantOps06 Confidence
	}{
		{"small and frequent, tagged", History{NonMergeCommits: 30, MedianChangedLines: 200, ChangesPerWeek: 1, Tags: 2}, false, Strong, Strong},
		{"small and frequent, no release cadence", History{NonMergeCommits: 30, MedianChangedLines: 12, ChangesPerWeek: 3, Tags: 1}, false, Strong, Partial},
		{"small and frequent, deploy pipeline", History{NonMergeCommits: 30, MedianChangedLines: 12, ChangesPerWeek: 3}, true, Strong, Strong},
		{"stale", History{NonMergeCommits: 30, MedianChangedLines: 12, ChangesPerWeek: 3, Tags: 5, Stale: true}, true, Partial, Partial},
		{"small only", History{NonMergeCommits: 3, MedianChangedLines: 12, ChangesPerWeek: 0.9, Tags: 5}, true, Partial, Partial},
		{"frequent only", History{NonMergeCommits: 30, MedianChangedLines: 201, ChangesPerWeek: 3, Tags: 5}, true, Partial, Partial},
		{"neither", History{NonMergeCommits: 3, MedianChangedLines: 900, ChangesPerWeek: 0.2, Tags: 5}, true, "", ""},
		{"only merges", History{Commits: 20, ChangesPerWeek: 0}, true, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			deployFollowsMerge = nil
			if c.deploy {
				deployFollowsMerge = func(*Tree) (Proof, bool) { return Proof{Path: "deploy.yml", Summary: "deploys"}, true }
			}
			defer func() { deployFollowsMerge = nil }()
			got05 := confidenceOf(smallChangeHits(&c.h))
			got06 := confidenceOf(smallDeployHits(&Tree{}, &c.h))
			if got05 != c.wantOps05 || got06 != c.wantOps06 {
				t.Errorf("OPS05-BP09 %q, OPS06-BP06 %q; want %q, %q", got05, got06, c.wantOps05, c.wantOps06)
			}
		})
	}
}

func confidenceOf(hits []Hit) Confidence {
	if len(hits) == 0 {
		return ""
	}
	return hits[0].Confidence
}

// TestHistoryReadOnce checks that the two detectors share one read.
func TestHistoryReadOnce(t *testing.T) {
	r := newHistRepo(t)
	r.commit(day(2), "one", map[string]string{"a.txt": "a\n"})
	tree, err := OpenTree(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	tree.now = fixedNow
	h1 := tree.gitHistory(context.Background())
	h2 := tree.gitHistory(context.Background())
	if h1 == nil || h1 != h2 || tree.history != h1 {
		t.Errorf("history read twice or not recorded: %p %p %p", h1, h2, tree.history)
	}
}
