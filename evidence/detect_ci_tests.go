package evidence

import (
	"context"
	"fmt"
	"path"
	"strings"
)

// ci-tests (OPS05-BP02): tests in the tree and a pipeline that runs them
// when code changes. Tests nothing runs, or a test command with no tests
// to run, are partial.

func init() {
	register(Detector{Name: "ci-tests", Run: runCITests})
}

// ciSourceExts are the extensions of code a test can be written in.
var ciSourceExts = map[string]bool{
	".go": true, ".js": true, ".jsx": true, ".ts": true, ".tsx": true, ".mjs": true, ".cjs": true,
	".py": true, ".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true, ".rb": true,
	".cs": true, ".fs": true, ".vb": true, ".rs": true, ".php": true, ".ex": true, ".exs": true,
	".swift": true, ".c": true, ".cc": true, ".cpp": true, ".cxx": true, ".sh": true, ".bats": true,
	".clj": true, ".dart": true, ".lua": true, ".erl": true, ".hs": true, ".ml": true, ".vue": true, ".svelte": true,
}

// ciIsTestFile reports whether p is a test by the conventions of its
// language.
func ciIsTestFile(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	if !ciSourceExts[ext] {
		return false
	}
	b := path.Base(p)
	stem := strings.TrimSuffix(b, path.Ext(b))
	switch {
	case strings.HasSuffix(b, "_test.go"), strings.HasSuffix(b, "_spec.rb"), strings.HasSuffix(b, "_test.rb"),
		strings.HasSuffix(b, "_test.exs"), ext == ".bats":
		return true
	case strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec") || strings.HasSuffix(stem, ".e2e") || strings.HasSuffix(stem, ".cy"):
		return true
	case ext == ".py" && (strings.HasPrefix(b, "test_") || strings.HasSuffix(stem, "_test") || b == "tests.py"):
		return true
	case (ext == ".java" || ext == ".kt" || ext == ".scala" || ext == ".groovy" || ext == ".cs" || ext == ".php" || ext == ".swift") &&
		(strings.HasSuffix(stem, "Test") || strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "IT") || strings.HasSuffix(stem, "Spec")):
		return true
	}
	for _, part := range strings.Split(path.Dir(p), "/") {
		switch part {
		case "__tests__", "test", "tests", "spec", "e2e", "integration-tests", "Tests":
			return true
		}
		if strings.HasSuffix(part, ".Tests") || strings.HasSuffix(part, ".UnitTests") || strings.HasSuffix(part, ".IntegrationTests") {
			return true
		}
	}
	return strings.Contains(p, "src/test/")
}

// ciTestFiles returns the workload's own test files.
func ciTestFiles(t *Tree) []string { return t.Match(ciIsTestFile) }

func runCITests(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	tests := ciTestFiles(t)
	var onChange, other []ciFound
	for _, f := range ciFind(m, ciKTest) {
		c := f.J.Cond.merge(f.S.Cond)
		if f.P.Triggers.onChanges() && !c.Schedule && !c.ManualOnly && !c.TagsOnly {
			onChange = append(onChange, f)
		} else {
			other = append(other, f)
		}
	}
	var hits []Hit
	seen := map[*ciPipeline]bool{}
	for _, f := range onChange {
		if seen[f.P] {
			continue
		}
		seen[f.P] = true
		run := fmt.Sprintf("%s %s runs %s %s", ciPipelineNoun(f.P), ciJobRef(f.P, f.J), ciToolText(f.Tool), ciWhen(f.P, f.J))
		if len(tests) == 0 {
			hits = append(hits, Hit{Practice: "OPS05-BP02", Confidence: Partial, Proof: Proof{Path: f.S.Path, Line: f.S.Line,
				Summary: run + ", but no test files were found in the tree"}})
			continue
		}
		hits = append(hits, Hit{Practice: "OPS05-BP02", Confidence: Strong, Proof: Proof{Path: f.S.Path, Line: f.S.Line,
			Summary: fmt.Sprintf("%s; the tree has %s (such as %s)", run, ciCount(len(tests), "test file"), tests[0])}})
	}
	if len(hits) > 0 || len(tests) == 0 {
		return hits
	}
	summary := fmt.Sprintf("The tree has %s (such as %s), but no pipeline runs them on changes", ciCount(len(tests), "test file"), tests[0])
	if len(other) > 0 {
		f := other[0]
		summary = fmt.Sprintf("The tree has %s, but %s runs them (%s) only %s, not on changes", ciCount(len(tests), "test file"), ciPipelineNoun(f.P), ciToolText(f.Tool), ciWhen(f.P, f.J))
	}
	return []Hit{{Practice: "OPS05-BP02", Confidence: Partial, Proof: Proof{Path: tests[0], Summary: summary}}}
}

// ciCount says "1 test file" or "3 test files".
func ciCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
