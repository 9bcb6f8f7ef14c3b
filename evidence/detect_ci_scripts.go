package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// ci-entry-scripts (OPS05-BP04, OPS05-BP07, partial): some projects keep
// their pipeline outside the repository (a CI service configured in its
// UI, a platform that runs one script) and only the entry script lives in
// the repository: .ci/run, ci/build.sh, scripts/ci.sh. Such a script shows
// that builds and checks are scripted for CI, but not when they run, so it
// is partial, and only counted when the repository has no pipeline
// definition that the other ci detectors read.

func init() {
	register(Detector{Name: "ci-entry-scripts", Run: runCIEntryScripts})
}

// ciEntryScriptPath matches the places CI entry scripts conventionally live.
var ciEntryScriptPath = regexp.MustCompile(`^(\.ci|ci|\.buildkite|\.teamcity|scripts?/ci)/[^/]+$|^(scripts?/)?(ci|run-ci|ci-[\w-]+)(\.sh|\.bash)?$`)

// ciEntryKinds are what a CI entry script must do to count, in the order
// proofs name them.
var ciEntryKinds = []string{ciKBuild, ciKTest, ciKLint}

func runCIEntryScripts(_ context.Context, t *Tree) []Hit {
	if len(ciModelOf(t).active()) > 0 {
		return nil
	}
	var hits []Hit
	for _, p := range t.Match(ciEntryScriptPath.MatchString) {
		data, err := t.Read(p)
		if err != nil || !strings.HasPrefix(string(data), "#!") {
			continue
		}
		hits = append(hits, ciEntryScriptHits(t, p, string(data))...)
	}
	return hits
}

// ciEntryScriptHits classifies a script's commands line by line.
func ciEntryScriptHits(t *Tree, p, text string) []Hit {
	byKind := map[string][]string{}
	first := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, tl := range ciLineTools(t, line, 0, map[string]bool{p: true}) {
			if !slices.Contains(byKind[tl.Kind], tl.Name) {
				byKind[tl.Kind] = append(byKind[tl.Kind], tl.Name)
			}
			if _, ok := first[tl.Kind]; !ok {
				first[tl.Kind] = i + 1
			}
		}
	}
	var does []string
	line := 0
	for _, k := range ciEntryKinds {
		if len(byKind[k]) == 0 {
			continue
		}
		does = append(does, byKind[k]...)
		if line == 0 || first[k] < line {
			line = first[k]
		}
	}
	if len(does) == 0 {
		return nil
	}
	name := path.Base(p)
	hits := []Hit{{Practice: "OPS05-BP04", Confidence: Partial, Proof: Proof{Path: p, Line: line,
		Summary: fmt.Sprintf("CI entry script %s runs %s, but no pipeline definition in the repository says when it runs", name, joinNames(limitNames(does, 4)))}}}
	if lint := byKind[ciKLint]; len(lint) > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP07", Confidence: Partial, Proof: Proof{Path: p, Line: first[ciKLint],
			Summary: fmt.Sprintf("CI entry script %s runs %s, but no pipeline definition in the repository shows they gate changes", name, joinNames(limitNames(lint, 4)))}})
	}
	return hits
}

// limitNames keeps the first n names and says how many more there were.
func limitNames(names []string, n int) []string {
	if len(names) <= n {
		return names
	}
	return append(names[:n:n], fmt.Sprintf("%d more", len(names)-n))
}
