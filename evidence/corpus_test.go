package evidence

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The corpus measures the scanner as a reviewer would: small but complete
// repositories under testdata/corpus/<name>/, each labelled by hand in
// <name>.labels with what a careful reviewer accepts as evidence per
// practice. The full scan (every registered detector) runs over each, and
// the findings are compared with the labels:
//
//   - a practice labelled strong or partial is a positive; one labelled
//     none, or not listed, is a negative;
//   - the scan finds a practice when it reports it with any confidence.
//
// True positives, false positives and false negatives are summed per
// practice over all repositories; overall precision and recall are the
// sums over every practice. The table is kept in testdata/corpus.golden
// and, with -update, in docs/evidence-accuracy.md.
//
// A repository with <name>.history is scanned as a git repository built
// from it (see buildCorpusHistory); the others are scanned as plain
// directories.

// Thresholds below which the corpus test fails.
const (
	minPrecision = 0.85
	minRecall    = 0.70
)

type corpusLabel struct {
	Practice string
	Label    string // strong, partial or none
	Line     int
}

// corpusCounts are one practice's results over the corpus.
type corpusCounts struct{ TP, FP, FN, ConfDiff int }

// corpusResult is the comparison of one repository's scan with its labels.
type corpusResult struct {
	Repo   string
	Counts map[string]*corpusCounts
	Notes  []string // each false positive, false negative and confidence difference
}

func TestCorpusPrecisionRecall(t *testing.T) {
	root := filepath.Join("testdata", "corpus")
	names := corpusRepos(t, root)
	if len(names) == 0 {
		t.Skip("no corpus repositories")
	}
	titles, order, err := practiceIndex()
	if err != nil {
		t.Fatal(err)
	}
	var results []corpusResult
	for _, name := range names {
		labels := readCorpusLabels(t, filepath.Join(root, name+".labels"), titles)
		dir := filepath.Join(root, name)
		if _, err := os.Stat(filepath.Join(root, name+".history")); err == nil {
			dir = buildCorpusHistory(t, dir, filepath.Join(root, name+".history"))
		}
		rep, err := Scan(context.Background(), []string{dir}, Options{Version: "corpus", Now: fixedNow})
		if err != nil {
			t.Fatalf("scan %s: %v", name, err)
		}
		results = append(results, compareCorpus(name, rep, labels))
	}
	table, precision, recall := corpusTable(results, order)
	checkGolden(t, filepath.Join("testdata", "corpus.golden"), table)
	if *update {
		writeAccuracyDoc(t, table)
	}
	if precision < minPrecision || recall < minRecall {
		t.Errorf("corpus precision %.2f (minimum %.2f), recall %.2f (minimum %.2f)\n%s", precision, minPrecision, recall, minRecall, table)
	}
}

// corpusRepos lists the corpus directories that have a labels file.
func corpusRepos(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, e.Name()+".labels")); err != nil {
			t.Errorf("corpus repository %s has no %s.labels", e.Name(), e.Name())
			continue
		}
		names = append(names, e.Name())
	}
	return names
}

// readCorpusLabels reads "OPS05-BP04 strong|partial|none" lines; # starts
// a comment. Unknown practices, labels and duplicates are errors.
func readCorpusLabels(t *testing.T, path string, titles map[string]string) map[string]corpusLabel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels := map[string]corpusLabel{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			t.Fatalf("%s:%d: want \"PRACTICE strong|partial|none\", got %q", path, n, sc.Text())
		}
		id, label := fields[0], fields[1]
		if _, ok := titles[id]; !ok {
			t.Fatalf("%s:%d: unknown practice %s", path, n, id)
		}
		if label != "strong" && label != "partial" && label != "none" {
			t.Fatalf("%s:%d: label %q is not strong, partial or none", path, n, label)
		}
		if prev, dup := labels[id]; dup {
			t.Fatalf("%s:%d: %s labelled again (first on line %d)", path, n, id, prev.Line)
		}
		labels[id] = corpusLabel{Practice: id, Label: label, Line: n}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return labels
}

func compareCorpus(name string, rep *Report, labels map[string]corpusLabel) corpusResult {
	res := corpusResult{Repo: name, Counts: map[string]*corpusCounts{}}
	count := func(id string) *corpusCounts {
		if res.Counts[id] == nil {
			res.Counts[id] = &corpusCounts{}
		}
		return res.Counts[id]
	}
	found := map[string]Finding{}
	for _, f := range rep.Findings {
		found[f.BestPracticeID] = f
	}
	for id, f := range found {
		l, labelled := labels[id]
		switch {
		case !labelled || l.Label == "none":
			count(id).FP++
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s false positive (%s): %s", name, id, f.Confidence, firstProof(f)))
		case string(f.Confidence) != l.Label:
			count(id).TP++
			count(id).ConfDiff++
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s found %s, labelled %s: %s", name, id, f.Confidence, l.Label, firstProof(f)))
		default:
			count(id).TP++
		}
	}
	for id, l := range labels {
		if _, ok := found[id]; !ok && l.Label != "none" {
			count(id).FN++
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s false negative (labelled %s)", name, id, l.Label))
		}
	}
	sort.Strings(res.Notes)
	return res
}

func firstProof(f Finding) string {
	if len(f.Evidence) == 0 {
		return "no proof"
	}
	p := f.Evidence[0]
	loc := p.Path
	if loc == "" {
		loc = "(repository)"
	}
	if p.Line > 0 {
		loc += fmt.Sprintf(":%d", p.Line)
	}
	return loc + " " + p.Summary
}

// corpusTable renders the results as Markdown and returns the overall
// precision and recall.
func corpusTable(results []corpusResult, order []string) (string, float64, float64) {
	total := map[string]*corpusCounts{}
	var all corpusCounts
	var notes []string
	for _, r := range results {
		for id, c := range r.Counts {
			if total[id] == nil {
				total[id] = &corpusCounts{}
			}
			t := total[id]
			t.TP, t.FP, t.FN, t.ConfDiff = t.TP+c.TP, t.FP+c.FP, t.FN+c.FN, t.ConfDiff+c.ConfDiff
			all.TP, all.FP, all.FN, all.ConfDiff = all.TP+c.TP, all.FP+c.FP, all.FN+c.FN, all.ConfDiff+c.ConfDiff
		}
		notes = append(notes, r.Notes...)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Corpus: %d repositories (%s).\n\n", len(results), corpusNames(results))
	// Practice IDs only: titles are in the lens, and a table of them here
	// would be one more copy of published text to keep in sync.
	b.WriteString("| practice | TP | FP | FN | precision | recall | confidence differs |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, id := range order {
		c := total[id]
		if c == nil {
			continue
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %s | %s | %d |\n", id, c.TP, c.FP, c.FN,
			ratio(c.TP, c.TP+c.FP), ratio(c.TP, c.TP+c.FN), c.ConfDiff)
	}
	precision, recall := fraction(all.TP, all.TP+all.FP), fraction(all.TP, all.TP+all.FN)
	fmt.Fprintf(&b, "| **all** | %d | %d | %d | %s | %s | %d |\n", all.TP, all.FP, all.FN,
		ratio(all.TP, all.TP+all.FP), ratio(all.TP, all.TP+all.FN), all.ConfDiff)
	if len(notes) > 0 {
		b.WriteString("\nDifferences from the labels:\n\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String(), precision, recall
}

func corpusNames(results []corpusResult) string {
	var names []string
	for _, r := range results {
		names = append(names, r.Repo)
	}
	return strings.Join(names, ", ")
}

// fraction is n/d, or 1 when there is nothing to measure.
func fraction(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

func ratio(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(d))
}

// buildCorpusHistory copies a corpus repository into a temporary directory
// and makes it a git repository. Each line of the history file is one
// commit, "YYYY-MM-DD path..." (files or directories of the repository);
// files no line names are added by the last commit.
func buildCorpusHistory(t *testing.T, src, historyFile string) string {
	t.Helper()
	requireGit(t)
	dir := filepath.Join(t.TempDir(), filepath.Base(src))
	copyTestTree(t, src, dir)
	data, err := os.ReadFile(historyFile)
	if err != nil {
		t.Fatal(err)
	}
	initTestRepo(t, dir)
	var lines [][]string
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if f := strings.Fields(line); len(f) > 0 {
			lines = append(lines, f)
		}
	}
	for i, f := range lines {
		at, err := time.Parse(time.DateOnly, f[0])
		if err != nil {
			t.Fatalf("%s: %v", historyFile, err)
		}
		at = at.Add(10 * time.Hour)
		add := append([]string{"add", "--"}, f[1:]...)
		if i == len(lines)-1 {
			add = []string{"add", "-A"}
		}
		if len(add) > 2 || i == len(lines)-1 {
			runTestGit(t, dir, at, add...)
		}
		runTestGit(t, dir, at, "commit", "-q", "--allow-empty", "-m", fmt.Sprintf("change %d", i+1))
	}
	return dir
}

// copyTestTree copies the regular files of src into dst.
func copyTestTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeTestFiles(t, dst, map[string]string{filepath.ToSlash(rel): string(data)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeAccuracyDoc(t *testing.T, table string) {
	t.Helper()
	doc := `# Evidence accuracy

How often does ` + "`opslens scan`" + ` report evidence a reviewer would accept, and how
much of that evidence does it find? This page answers with a corpus of small
repositories kept in ` + "`evidence/testdata/corpus/`" + `, each labelled by hand.

## Method

Each repository under ` + "`evidence/testdata/corpus/<name>/`" + ` is a plausible small workload:
its code, pipelines, infrastructure, monitoring and documents, mixed with
things that must not count (vendored code, a library's examples, empty
templates, a word in a README). Next to it, ` + "`<name>.labels`" + ` records, one line
per practice, what a careful reviewer accepts as evidence after reading the
repository against the evidence signals table: ` + "`strong`" + `, ` + "`partial`" + ` or ` + "`none`" + `.
Practices not listed are ` + "`none`" + `. A repository with ` + "`<name>.history`" + ` is turned
into a git repository whose commits have the dates listed there, so the
history figures are the same on every run.

The test ` + "`TestCorpusPrecisionRecall`" + ` runs the full scan over each repository and
compares the practices found (with any confidence) with the labels:

- **TP**: labelled strong or partial, and found;
- **FP**: labelled none (or not labelled), and found;
- **FN**: labelled strong or partial, and not found;
- **confidence differs**: found, but with the other confidence than the label
  (counted as a TP).

Precision is TP / (TP + FP), recall is TP / (TP + FN), per practice and over
all practices of all repositories.

The test fails when the overall **precision is below 0.85** or the overall
**recall is below 0.70**: a scan that reports what a reviewer would reject
costs trust, so precision has the higher bar. The corpus is small and written
by the same people as the detectors, so these figures are an upper bound for
repositories the detectors have never seen; they catch regressions, they do
not prove accuracy in general.

Regenerate this page and ` + "`evidence/testdata/corpus.golden`" + ` after changing a
detector or the corpus:

` + "```" + `
go test ./evidence -run TestCorpusPrecisionRecall -update
` + "```" + `

## Results

` + table
	if err := os.WriteFile(filepath.Join("..", "docs", "evidence-accuracy.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}
