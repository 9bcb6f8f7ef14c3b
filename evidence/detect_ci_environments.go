package evidence

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// ci-environments (OPS05-BP08): pipelines that deploy to more than one
// environment (development, staging, production…), read from deployment
// environments and the names of deploy jobs.

func init() {
	register(Detector{Name: "ci-environments", Run: runCIEnvironments})
}

var ciTiers = []struct {
	tier string
	re   *regexp.Regexp
}{
	{"production", regexp.MustCompile(`(^|[^a-z])(prod|production|prd|live)([^a-z]|$)`)},
	{"pre-production", regexp.MustCompile(`(^|[^a-z])(preprod|pre-prod|pre-production|preproduction|pprd)([^a-z]|$)`)},
	{"staging", regexp.MustCompile(`(^|[^a-z])(stag|stage|staging|stg)([^a-z]|$)`)},
	{"UAT", regexp.MustCompile(`(^|[^a-z])(uat|acceptance|acc)([^a-z]|$)`)},
	{"QA", regexp.MustCompile(`(^|[^a-z])(qa|test|testing|tst|int|integration|sit)([^a-z]|$)`)},
	{"development", regexp.MustCompile(`(^|[^a-z])(dev|develop|development|sandbox|sbx)([^a-z]|$)`)},
	{"review", regexp.MustCompile(`(^|[^a-z])(review|preview|pr)([^a-z]|$)`)},
	{"demo", regexp.MustCompile(`(^|[^a-z])(demo|perf|performance|load)([^a-z]|$)`)},
}

// ciTier returns the environment tier a name stands for, or "".
func ciTier(name string) string {
	name = strings.ToLower(name)
	for _, t := range ciTiers {
		if t.re.MatchString(name) {
			return t.tier
		}
	}
	return ""
}

func runCIEnvironments(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	type seen struct {
		name     string
		d        ciDeploy
		path     string
		line     int
		fromName bool
	}
	tiers := map[string]seen{}
	for _, d := range ciDeploys(m) {
		var names []string
		at := map[string]ciEnv{}
		for _, e := range d.J.Envs {
			names = append(names, e.Name)
			at[e.Name] = ciEnv{Path: ciOr(e.Path, d.J.Path), Line: e.Line}
		}
		fromName := false
		if len(names) == 0 {
			names = append(names, d.J.Name)
			at[d.J.Name] = ciEnv{Path: d.S.Path, Line: d.S.Line}
			fromName = true
		}
		for _, n := range names {
			tier := ciTier(n)
			if tier == "" || fromName && (tier == "QA" || tier == "review" || tier == "demo") && !strings.Contains(strings.ToLower(n), "qa") {
				continue // "test-and-deploy" names a step, not an environment
			}
			if _, ok := tiers[tier]; !ok {
				tiers[tier] = seen{n, d, at[n].Path, at[n].Line, fromName}
			}
		}
	}
	if len(tiers) < 2 {
		return nil
	}
	var list []string
	for tier := range tiers {
		list = append(list, tier)
	}
	sort.Strings(list)
	var hits []Hit
	for _, tier := range list {
		s := tiers[tier]
		target := fmt.Sprintf("environment %q", s.name)
		if s.fromName {
			target = "the " + tier + " environment"
		}
		hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: s.path, Line: ciOrInt(s.line, s.d.J.Line),
			Summary: fmt.Sprintf("%s %s deploys to %s, one of %d environments the pipelines deploy to (%s)",
				ciPipelineNoun(s.d.P), ciJobRef(s.d.P, s.d.J), target, len(list), strings.Join(list, ", "))}})
	}
	return hits
}
