package evidence

import (
	"context"
	"fmt"
	"path"
)

// The deps detectors: one per practice, all reading the shared model
// (depsModelOf), so manifests and source files are read once per tree
// however many of them run.

func init() {
	register(
		Detector{Name: "deps-telemetry", Run: depsPracticeDetector("OPS04-BP01")},
		Detector{Name: "deps-user-activity", Run: depsPracticeDetector("OPS04-BP03")},
		Detector{Name: "deps-dependency-telemetry", Run: depsPracticeDetector("OPS04-BP04")},
		Detector{Name: "deps-tracing", Run: depsPracticeDetector("OPS04-BP05")},
		Detector{Name: "deps-feature-flags", Run: depsPracticeDetector("OPS03-BP05")},
		Detector{Name: "deps-metrics", Run: depsMetricsDetector},
	)
}

// depsPracticeDetector reports, for one practice, every catalog library
// shown in use (its declaration and where code uses it, at the library's
// confidence for the practice) and every primary library declared for run
// time but unused (partial: intent). A library imported only by tests
// yields nothing: a test-only import says nothing about the running
// workload.
func depsPracticeDetector(practice string) func(context.Context, *Tree) []Hit {
	return func(_ context.Context, t *Tree) []Hit {
		m := depsModelOf(t)
		var hs depsHits
		for i := range depCatalog {
			l := &depCatalog[i]
			role, ok := l.role(practice)
			u := m.Used[l.ID]
			if !ok || u == nil {
				continue
			}
			if u.Via != "auto" && u.Decl != nil && l.Title != "" {
				hs.add(practice, role.Confidence, depsDeclProof(u))
			}
			hs.add(practice, role.Confidence, depsUseProof(u))
		}
		for _, u := range m.Unused {
			if _, ok := u.Lib.role(practice); ok {
				hs.add(practice, Partial, Proof{Path: u.Path, Line: u.Line, Summary: fmt.Sprintf(
					"%s declares %s, %s, but no non-test code of the workload was found using it", path.Base(u.Decl.Path), u.Decl.Name, u.Lib.Title)})
			}
		}
		return hs.hits
	}
}

func (l *depLib) role(practice string) (depRole, bool) {
	for _, r := range l.Roles {
		if r.Practice == practice {
			return r, true
		}
	}
	return depRole{}, false
}

// depsHits collects hits, one per place, keeping the strongest confidence.
type depsHits struct {
	hits []Hit
	at   map[[2]string]int
}

func (h *depsHits) add(practice string, c Confidence, p Proof) {
	if h.at == nil {
		h.at = map[[2]string]int{}
	}
	k := [2]string{p.Path, fmt.Sprint(p.Line)}
	if i, ok := h.at[k]; ok {
		if c.rank() > h.hits[i].Confidence.rank() {
			h.hits[i].Confidence = c
			h.hits[i].Proof = p
		}
		return
	}
	h.at[k] = len(h.hits)
	h.hits = append(h.hits, Hit{Practice: practice, Confidence: c, Proof: p})
}

// depsDeclProof is the manifest line of a used library.
func depsDeclProof(u *depUse) Proof {
	d := u.Decl
	qual := ""
	switch d.Scope {
	case depsScopeIndirect:
		qual = " (as an indirect dependency)"
	case depsScopeManaged:
		qual = " (in its centrally managed versions)"
	}
	return Proof{Path: d.Path, Line: d.Line, Summary: fmt.Sprintf("%s declares %s%s, %s", path.Base(d.Path), d.Name, qual, u.Lib.Title)}
}

// depsUseProof is where the workload uses the library.
func depsUseProof(u *depUse) Proof {
	p := Proof{Path: u.Path, Line: u.Line}
	l := u.Lib
	switch u.Via {
	case "import":
		verb := "imports"
		if l.Eco == depsEcoRuby && u.Import != "" && u.Import[0] >= 'A' && u.Import[0] <= 'Z' {
			verb = "uses" // a Ruby constant, loaded by Bundler rather than required
		}
		p.Summary = fmt.Sprintf("Non-test code %s %s, %s", verb, u.Import, l.Title)
	case "marker":
		p.Summary = "Non-test code " + l.Says
		if u.Detail != "" {
			p.Summary += " (" + u.Detail + ")"
		}
	case "launch":
		p.Summary = depsLauncherSays(u.Kind)
	case "config":
		if u.Kind == "spring-structured-logging" {
			p.Summary = fmt.Sprintf("Turns on Spring Boot's structured logging for the %s output", u.Detail)
		} else {
			p.Summary = fmt.Sprintf("Configures JVM logging with a JSON encoder (%s), so log records are structured", u.Detail)
		}
	case "auto":
		says := l.Says
		if says == "" {
			says = "which sets itself up when the application starts"
		}
		p.Summary = fmt.Sprintf("%s declares %s, %s, %s", path.Base(u.Decl.Path), u.Decl.Name, l.Title, says)
	}
	return p
}

// depsMetricsDetector reports custom metrics defined in the workload's
// code (OPS08-BP02), naming each: counters, histograms and gauges the
// application registers itself, not the runtime metrics a client library
// exports by default.
func depsMetricsDetector(_ context.Context, t *Tree) []Hit {
	var out []Hit
	for _, mt := range depsModelOf(t).Metrics {
		out = append(out, Hit{Practice: "OPS08-BP02", Confidence: Strong, Proof: Proof{Path: mt.Path, Line: mt.Line,
			Summary: fmt.Sprintf("Defines the custom %s %s %q", mt.Label, mt.Type, mt.Name)}})
	}
	return out
}
