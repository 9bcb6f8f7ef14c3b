package evidence

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// withDetectors replaces the registry for one test. Tests that use it must
// not run in parallel with others.
func withDetectors(t *testing.T, ds ...Detector) {
	t.Helper()
	saved := detectors
	detectors = ds
	t.Cleanup(func() { detectors = saved })
}

// fileDetector reports practice for every own file with the given suffix.
func fileDetector(name, practice string, conf Confidence, suffix string) Detector {
	return Detector{Name: name, Run: func(_ context.Context, t *Tree) []Hit {
		var out []Hit
		for _, f := range t.Match(func(p string) bool { return strings.HasSuffix(p, suffix) }) {
			out = append(out, Hit{Practice: practice, Confidence: conf, Proof: Proof{Path: f, Line: 1, Summary: name + " saw " + f}})
		}
		return out
	}}
}

func TestScanSeveralRepositories(t *testing.T) {
	withDetectors(t,
		fileDetector("yaml", "OPS05-BP04", Partial, ".yaml"),
		fileDetector("tf", "OPS05-BP03", Strong, ".tf"),
		fileDetector("boom", "OPS01-BP01", Strong, ".panic"),
		Detector{Name: "boom", Run: func(context.Context, *Tree) []Hit { panic("bug") }},
	)
	git := newTestRepo(t, map[string]string{"ci.yaml": "a: 1\n", "main.tf": "", "vendor/x/ci.yaml": ""})
	plain := t.TempDir()
	writeTestFiles(t, plain, map[string]string{"deploy.yaml": "b: 2\n", "big.yaml": strings.Repeat("x", MaxFileSize+1)})
	var ticks atomic.Int32
	rep, err := Scan(context.Background(), []string{git, plain}, Options{
		Version: "1.2.3", Now: fixedNow,
		Progress: func(done, total int) {
			ticks.Add(1)
			if total != 8 || done < 1 || done > total {
				t.Errorf("progress %d/%d", done, total)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ticks.Load() != 8 {
		t.Errorf("progress called %d times, want 8", ticks.Load())
	}
	if rep.Tool != "opslens" || rep.Version != "1.2.3" || !rep.ScannedAt.Equal(fixedNow()) {
		t.Errorf("report header: %q %q %v", rep.Tool, rep.Version, rep.ScannedAt)
	}
	if len(rep.Repositories) != 2 || !rep.Repositories[0].Git || rep.Repositories[0].Commit == "" || rep.Repositories[1].Git ||
		rep.Repositories[0].Path != git || rep.Repositories[0].Files != 3 {
		t.Errorf("repositories: %+v", rep.Repositories)
	}
	var got []string
	for _, f := range rep.Findings {
		for _, p := range f.Evidence {
			got = append(got, fmt.Sprintf("%s %s %s %s", f.BestPracticeID, f.Confidence, repoName(p.Repository, git, plain), p.Path))
		}
	}
	want := []string{ // lens order: OPS05-BP03 before OPS05-BP04
		"OPS05-BP03 strong git main.tf",
		"OPS05-BP04 partial git ci.yaml",
		"OPS05-BP04 partial plain big.yaml",
		"OPS05-BP04 partial plain deploy.yaml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	panicked := 0
	for _, w := range rep.Warnings {
		if strings.Contains(w.Message, "detector boom failed: bug") {
			panicked++
		}
	}
	if panicked != 2 {
		t.Errorf("want one warning per repository for the panicking detector: %+v", rep.Warnings)
	}
}

func repoName(p, git, plain string) string {
	switch p {
	case git:
		return "git"
	case plain:
		return "plain"
	}
	return "?" + p
}

func TestMergeRules(t *testing.T) {
	proof := func(path string, line int) Proof { return Proof{Path: path, Line: line, Summary: "s " + path} }
	var many []Hit
	for i := range maxProofs + 5 {
		many = append(many, Hit{"OPS08-BP06", Strong, proof("alerts.yaml", 100-i)})
	}
	hits := [][]Hit{
		{
			{"OPS07-BP03", Partial, proof("b.md", 1)},
			{"OPS05-BP04", Partial, proof("Makefile", 0)},
			{"OPS07-BP03", Strong, proof("a.md", 3)},
			{"OPS07-BP03", Strong, proof("a.md", 3)}, // duplicate
			{"OPS07-BP03", Partial, proof("a.md", 3)},
			{"OPS99-BP99", Strong, proof("x", 1)},  // not a practice
			{"OPS05-BP04", "", proof("ci.yml", 2)}, // no confidence: partial
		},
		many,
	}
	findings, warnings, err := merge([]string{"r1", "r2"}, hits)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range findings {
		ids = append(ids, f.BestPracticeID+" "+string(f.Confidence))
	}
	if want := []string{"OPS05-BP04 partial", "OPS07-BP03 strong", "OPS08-BP06 strong"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("findings %q, want %q", ids, want)
	}
	runbooks := findings[1]
	if runbooks.QuestionID != "OPS07" || runbooks.ChoiceID != "OPS07_BP03" || runbooks.Title == "" {
		t.Errorf("finding header %+v", runbooks)
	}
	var paths []string
	for _, p := range runbooks.Evidence {
		paths = append(paths, fmt.Sprintf("%s:%d", p.Path, p.Line))
		if p.Repository != "r1" {
			t.Errorf("proof repository %q", p.Repository)
		}
	}
	// Three identical a.md:3 proofs (two strong, one partial) become one,
	// and the strong one sorts before the partial b.md.
	if want := []string{"a.md:3", "b.md:1"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("OPS07-BP03 proofs %q, want %q", paths, want)
	}
	if n := len(findings[2].Evidence); n != maxProofs {
		t.Errorf("OPS08-BP06 kept %d proofs, want the cap %d", n, maxProofs)
	}
	if first := findings[2].Evidence[0]; first.Line != 100-maxProofs-4 {
		t.Errorf("proofs not ordered by line: first %+v", first)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, "OPS99-BP99") {
		t.Errorf("warnings %+v", warnings)
	}
}

func TestMergeCapsPerRepository(t *testing.T) {
	var a, b []Hit
	for i := range maxProofs + 3 {
		a = append(a, Hit{"OPS10-BP05", Partial, Proof{Path: "a.yaml", Line: i + 1, Summary: "x"}})
		b = append(b, Hit{"OPS10-BP05", Strong, Proof{Path: "b.yaml", Line: i + 1, Summary: "x"}})
	}
	findings, _, err := merge([]string{"one", "two"}, [][]Hit{a, b})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, p := range findings[0].Evidence {
		count[p.Repository]++
	}
	if count["one"] != maxProofs || count["two"] != maxProofs || findings[0].Confidence != Strong {
		t.Errorf("per-repository proofs %v, confidence %s", count, findings[0].Confidence)
	}
}

func TestReportJSONFieldNames(t *testing.T) {
	withDetectors(t, fileDetector("yaml", "OPS05-BP04", Strong, ".yaml"))
	dir := newTestRepo(t, map[string]string{"ci.yaml": "a: 1\n"})
	rep, err := Scan(context.Background(), []string{dir}, Options{Version: "v1", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var generic map[string]any
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"Tool", "Version", "ScannedAt", "Repositories", "Findings", "Unknown", "Warnings"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("report has no %s: %s", k, data)
		}
	}
	repo := generic["Repositories"].([]any)[0].(map[string]any)
	if repo["Commit"] == "" || repo["Path"] != dir {
		t.Errorf("repository %v", repo)
	}
	f := generic["Findings"].([]any)[0].(map[string]any)
	want := map[string]any{"BestPracticeId": "OPS05-BP04", "QuestionId": "OPS05", "ChoiceId": "OPS05_BP04", "Confidence": "strong"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("finding %s = %v, want %v", k, f[k], v)
		}
	}
	ev := f["Evidence"].([]any)[0].(map[string]any)
	if ev["Path"] != "ci.yaml" || ev["Line"] != 1.0 || ev["Summary"] == "" {
		t.Errorf("evidence %v", ev)
	}
	if _, ok := ev["Repository"]; ok {
		t.Error("Repository is set on proofs of a single-repository scan")
	}
}

func TestScanErrors(t *testing.T) {
	withDetectors(t)
	if _, err := Scan(context.Background(), []string{t.TempDir(), "/does/not/exist"}, Options{}); err == nil {
		t.Error("a missing directory did not fail the scan")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, []string{t.TempDir()}, Options{}); err == nil {
		t.Error("a cancelled scan succeeded")
	}
	rep, err := Scan(context.Background(), []string{t.TempDir()}, Options{})
	if err != nil || rep.Findings == nil || rep.Warnings == nil || rep.Unknown == nil {
		t.Errorf("empty scan: %+v, %v (lists must be empty, not null)", rep, err)
	}
}

func TestUnknownPractices(t *testing.T) {
	withDetectors(t, Detector{Name: "history", Run: func(_ context.Context, tree *Tree) []Hit {
		tree.markUnknown("OPS05-BP09", "not a git repository")
		tree.markUnknown("OPS05-BP09", "not a git repository")
		return nil
	}})
	a, b := t.TempDir(), t.TempDir()
	rep, err := Scan(context.Background(), []string{a, b}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unknown) != 2 || rep.Unknown[0].Repository != a || rep.Unknown[1].Repository != b || rep.Unknown[0].Reason != "not a git repository" {
		t.Errorf("unknown %+v", rep.Unknown)
	}
}
