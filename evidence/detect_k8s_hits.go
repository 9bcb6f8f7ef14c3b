package evidence

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// What the k8s detectors share to report: a hit list that keeps one proof
// per practice and place, and bounds the proofs per practice, strongest
// first, so that a repository with 300 Deployments yields a few good
// proofs rather than 300 lines.

// k8sMaxHits bounds the hits per practice of one detector.
const k8sMaxHits = 8

type k8sHits struct {
	hits []Hit
	seen map[string]bool
}

// add records a hit unless the same practice already has one at the place.
func (h *k8sHits) add(practice string, c Confidence, p string, line int, keyPath, summary string) {
	if h.seen == nil {
		h.seen = map[string]bool{}
	}
	key := fmt.Sprintf("%s\x00%s\x00%d", practice, p, line)
	if h.seen[key] {
		return
	}
	h.seen[key] = true
	// A value the template reader could not resolve never reaches a reader.
	summary = k8sTplPlaceholder.ReplaceAllString(summary, "(templated)")
	h.hits = append(h.hits, Hit{Practice: practice, Confidence: c, Proof: Proof{Path: p, Line: line, KeyPath: keyPath, Summary: summary}})
}

// obj records a hit located at an object's key (or the object itself).
func (h *k8sHits) obj(practice string, c Confidence, o *k8sObject, keyPath, summary string) {
	line := o.Line
	if keyPath != "" {
		line = o.KeyLine(strings.Split(keyPath, ".")...)
	}
	h.add(practice, c, o.Path, line, keyPath, summary)
}

// result returns the hits, at most k8sMaxHits per practice, strong first,
// then by path and line.
func (h *k8sHits) result() []Hit {
	sort.SliceStable(h.hits, func(i, j int) bool {
		a, b := h.hits[i], h.hits[j]
		if a.Practice != b.Practice {
			return a.Practice < b.Practice
		}
		if a.Confidence.rank() != b.Confidence.rank() {
			return a.Confidence.rank() > b.Confidence.rank()
		}
		if a.Proof.Path != b.Proof.Path {
			return a.Proof.Path < b.Proof.Path
		}
		return a.Proof.Line < b.Proof.Line
	})
	var out []Hit
	n := map[string]int{}
	for _, x := range h.hits {
		if n[x.Practice] < k8sMaxHits {
			out = append(out, x)
		}
		n[x.Practice]++
	}
	return out
}

// k8sList joins up to max names: "a, b and c" or "a, b and 3 more".
func k8sList(names []string, max int) string {
	switch {
	case len(names) == 0:
		return ""
	case len(names) == 1:
		return names[0]
	case len(names) <= max:
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
}

// k8sUniq drops repeated strings, keeping the first of each.
func k8sUniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// k8sPlural is "1 object" or "3 objects".
func k8sPlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// k8sName names an object after its kind in a summary: "api", or of chart
// "api" when a template's name is templated, or in deploy.yaml.
func k8sName(o *k8sObject) string {
	switch {
	case o.Name != "":
		return fmt.Sprintf("%q", o.Name)
	case o.Chart != nil:
		return fmt.Sprintf("of chart %q", o.Chart.Name)
	}
	return "in " + path.Base(o.Path)
}
