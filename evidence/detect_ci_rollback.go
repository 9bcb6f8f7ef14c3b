package evidence

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// ci-rollback: rollbacks written into pipelines. A job or step that rolls a
// deployment back is a coded rollback procedure (OPS06-BP01); when it runs
// by itself after a failed deployment, or the deploy command rolls back on
// failure (helm --atomic), the rollback is automated (OPS06-BP08).

func init() {
	register(Detector{Name: "ci-rollback", Run: runCIRollback})
}

// ciAtomicDeploy matches deploy commands that undo a failed release.
var ciAtomicDeploy = regexp.MustCompile(`^(helm|helmfile)\b.*\s(--atomic|--rollback-on-failure)\b`)

func runCIRollback(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	seen := map[*ciJob]bool{}
	for _, f := range ciFind(m, ciKRollback) {
		if seen[f.J] {
			continue
		}
		seen[f.J] = true
		c := f.J.Cond.merge(f.S.Cond)
		who := ciPipelineNoun(f.P) + " " + ciJobRef(f.P, f.J)
		if c.OnFailure {
			text := fmt.Sprintf("%s runs %s when a step before it fails, rolling the deployment back without a person", who, ciToolText(f.Tool))
			hits = append(hits,
				Hit{Practice: "OPS06-BP08", Confidence: Strong, Proof: Proof{Path: f.S.Path, Line: f.S.Line, Summary: text}},
				Hit{Practice: "OPS06-BP01", Confidence: Strong, Proof: Proof{Path: f.S.Path, Line: f.S.Line, Summary: text}})
			continue
		}
		hits = append(hits, Hit{Practice: "OPS06-BP01", Confidence: Strong, Proof: Proof{Path: f.S.Path, Line: f.S.Line,
			Summary: fmt.Sprintf("%s rolls a deployment back with %s %s", who, ciToolText(f.Tool), ciWhen(f.P, f.J))}})
	}
	for _, d := range ciDeploys(m) {
		if d.S.Kind != ciRun {
			continue
		}
		for _, seg := range ciSegments(d.S.Text) {
			if ciAtomicDeploy.MatchString(strings.Join(ciNormalize(seg), " ")) {
				text := fmt.Sprintf("%s %s deploys with helm --atomic, which rolls a failed release back automatically", ciPipelineNoun(d.P), ciJobRef(d.P, d.J))
				hits = append(hits,
					Hit{Practice: "OPS06-BP08", Confidence: Strong, Proof: Proof{Path: d.S.Path, Line: d.S.Line, Summary: text}},
					Hit{Practice: "OPS06-BP01", Confidence: Strong, Proof: Proof{Path: d.S.Path, Line: d.S.Line, Summary: text}})
				break
			}
		}
	}
	return hits
}
