package evidence

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestDetectorGolden runs every detector that has fixtures over each of its
// fixture trees, testdata/<detector>/<case>/, and compares the hits with
// testdata/<detector>.golden. Fixture trees are plain directories (no git),
// so they are listed by the directory walk. Run with -update to rewrite.
func TestDetectorGolden(t *testing.T) {
	for _, d := range Detectors() {
		dir := filepath.Join("testdata", d.Name)
		cases, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Run(d.Name, func(t *testing.T) {
			var b strings.Builder
			for _, c := range cases {
				if !c.IsDir() {
					continue
				}
				fmt.Fprintf(&b, "== %s\n", c.Name())
				for _, line := range detectorLines(t, d, filepath.Join(dir, c.Name())) {
					b.WriteString(line + "\n")
				}
			}
			checkGolden(t, filepath.Join("testdata", d.Name+".golden"), b.String())
		})
	}
}

// detectorLines runs one detector over a fixture tree and renders its hits
// and warnings as sorted lines.
func detectorLines(t *testing.T, d Detector, dir string) []string {
	t.Helper()
	tree, err := OpenTree(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	tree.now = fixedNow
	var lines []string
	hits := d.Run(context.Background(), tree)
	checkHits(t, d.Name, tree, hits)
	for _, h := range hits {
		loc := h.Proof.Path
		if loc == "" {
			loc = "(repository)"
		}
		if h.Proof.Line > 0 {
			loc += fmt.Sprintf(":%d", h.Proof.Line)
		}
		if h.Proof.KeyPath != "" {
			loc += " [" + h.Proof.KeyPath + "]"
		}
		lines = append(lines, fmt.Sprintf("%s %s %s: %s", h.Practice, h.Confidence, loc, h.Proof.Summary))
	}
	for _, w := range tree.Warnings() {
		lines = append(lines, fmt.Sprintf("warning %s: %s", w.Path, w.Message))
	}
	sort.Strings(lines)
	return lines
}

// checkHits enforces the rules every detector's hits follow, so that a
// mistake shows in the detector's own golden test rather than in a scan:
// a practice of the built-in lens, a known confidence, a proof that names
// a listed file of the workload (or no file, for history figures), and one
// sentence.
func checkHits(t *testing.T, detector string, tree *Tree, hits []Hit) {
	t.Helper()
	titles, _, err := practiceIndex()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		p := h.Proof
		var problems []string
		if _, ok := titles[h.Practice]; !ok {
			problems = append(problems, "unknown practice")
		}
		if h.Confidence != Strong && h.Confidence != Partial {
			problems = append(problems, "confidence must be strong or partial")
		}
		if p.Path != "" && !tree.Has(p.Path) && !tree.HasDir(p.Path) {
			problems = append(problems, "path is not a listed file or directory")
		}
		if p.Path != "" && thirdParty(p.Path) {
			problems = append(problems, "path is third-party code")
		}
		if p.Line < 0 {
			problems = append(problems, "negative line")
		}
		if strings.TrimSpace(p.Summary) == "" || strings.Contains(p.Summary, "\n") {
			problems = append(problems, "summary must be one non-empty line")
		}
		if len(problems) > 0 {
			t.Errorf("detector %s: hit %+v: %s", detector, h, strings.Join(problems, "; "))
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./evidence -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update if the change is intended)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// fixedNow is the clock of fixture scans, so history windows are stable.
var fixedNow = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
