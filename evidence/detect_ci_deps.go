package evidence

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// ci-deps-update (OPS05-BP05): automated dependency updates — Dependabot
// version updates, Renovate, and (partial) pipelines that rebuild images
// on a schedule. A lockfile alone says nothing.

func init() {
	register(Detector{Name: "ci-deps-update", Run: runCIDeps})
}

var ciRenovateFiles = map[string]bool{
	"renovate.json": true, "renovate.json5": true, ".renovaterc": true, ".renovaterc.json": true, ".renovaterc.json5": true,
	".github/renovate.json": true, ".github/renovate.json5": true, ".gitlab/renovate.json": true, ".gitlab/renovate.json5": true,
}

var ciRenovateDisabled = regexp.MustCompile(`"?enabled"?\s*:\s*false`)

func runCIDeps(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, f := range []string{".github/dependabot.yml", ".github/dependabot.yaml", ".gitlab/dependabot.yml", ".gitlab/dependabot.yaml"} {
		if t.Has(f) {
			if h, ok := ciDependabot(t, f); ok {
				hits = append(hits, h)
			}
		}
	}
	for _, f := range t.Match(func(p string) bool { return ciRenovateFiles[p] }) {
		data, err := t.Read(f)
		if err != nil || len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		if ciRenovateDisabled.Match(data) && !strings.Contains(string(data), "packageRules") {
			continue
		}
		hits = append(hits, Hit{Practice: "OPS05-BP05", Confidence: Strong, Proof: Proof{Path: f, Line: 1,
			Summary: "Renovate is configured to open dependency update pull requests"}})
	}
	if t.Has("package.json") {
		if docs := ciYAMLDocs(t, "package.json"); len(docs) > 0 {
			if n := get(docs[0], "renovate"); n != nil && n.Kind == yaml.MappingNode {
				hits = append(hits, Hit{Practice: "OPS05-BP05", Confidence: Strong, Proof: Proof{Path: "package.json", Line: ciKeyLine(docs[0], "renovate"),
					KeyPath: "renovate", Summary: "package.json configures Renovate to open dependency update pull requests"}})
			}
		}
	}
	m := ciModelOf(t)
	for _, p := range m.active() {
		for _, j := range p.Jobs {
			for _, s := range j.Steps {
				if s.Kind == ciUses && strings.HasPrefix(ciUsesRef(s.Text), "renovatebot/github-action") {
					hits = append(hits, Hit{Practice: "OPS05-BP05", Confidence: Strong, Proof: Proof{Path: s.Path, Line: s.Line,
						Summary: fmt.Sprintf("%s runs Renovate to open dependency update pull requests", ciPipelineNoun(p))}})
				}
			}
		}
	}
	if len(hits) > 0 {
		return hits
	}
	return ciScheduledRebuilds(m)
}

// ciDependabot reads a Dependabot configuration's update entries.
func ciDependabot(t *Tree, f string) (Hit, bool) {
	docs := ciYAMLDocs(t, f)
	if len(docs) == 0 {
		return Hit{}, false
	}
	updates := get(docs[0], "updates")
	var ecos []string
	for _, u := range items(updates) {
		if e := str(u, "package-ecosystem"); e != "" {
			ecos = ciAddUnique(ecos, e)
		}
	}
	if len(ecos) == 0 {
		return Hit{}, false
	}
	return Hit{Practice: "OPS05-BP05", Confidence: Strong, Proof: Proof{Path: f, Line: updates.Line, KeyPath: "updates",
		Summary: fmt.Sprintf("Dependabot opens version update pull requests for %s", ciJoin(ecos))}}, true
}

// ciScheduledRebuilds finds pipelines that build images on a schedule, so
// base images pick up patches.
func ciScheduledRebuilds(m *ciModel) []Hit {
	for _, f := range ciFind(m, ciKImage) {
		if f.P.Triggers.Schedule || f.J.Cond.Schedule {
			return []Hit{{Practice: "OPS05-BP05", Confidence: Partial, Proof: Proof{Path: f.S.Path, Line: f.S.Line,
				Summary: fmt.Sprintf("%s rebuilds images with %s on a schedule, which picks up base image patches", ciPipelineNoun(f.P), f.Tool.Name)}}}
		}
	}
	return nil
}
