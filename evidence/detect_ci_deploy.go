package evidence

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// ci-deploy: fully automated deployment (OPS05-BP10, OPS06-BP07, reported
// together) — a deploy job that runs on pushes to the default branch with
// no manual gate — and tests on the deployment path (OPS06-BP02): a deploy
// job that waits for a test job, or checks the deployment after it.

func init() {
	register(Detector{Name: "ci-deploy", Run: runCIDeploy})
}

// ciDeploy is a job that deploys, with the step that does it.
type ciDeploy struct {
	P    *ciPipeline
	J    *ciJob
	S    ciStep
	What string
}

// ciRegistryEnvs are environment names used for publishing packages or
// documentation, not for running the workload.
var ciRegistryEnvs = regexp.MustCompile(`(?i)^(pypi|testpypi|test-pypi|npm|npmjs|nuget|crates(\.io)?|rubygems|maven|maven-central|sonatype|ossrh|docker(hub)?|ghcr|github-pages|pages|gh-pages|docs|documentation|release|releases|publish|publishing|homebrew|snap(craft)?|pkg|packages|artifacts|codecov|coverage|copilot)$`)

// ciDeploys returns one deploy per job: the first step that deploys, or the
// environment a deployment job targets.
func ciDeploys(m *ciModel) []ciDeploy {
	var out []ciDeploy
	for _, p := range m.active() {
		for _, j := range p.Jobs {
			if d, ok := ciJobDeploy(p, j); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

func ciJobDeploy(p *ciPipeline, j *ciJob) (ciDeploy, bool) {
	if j.Ephemeral {
		return ciDeploy{}, false // deploys to a throwaway cluster are tests
	}
	docsOnly, busy := true, false
	for _, s := range j.Steps {
		for _, tl := range s.Tools {
			if tl.Kind == ciKDeploy && (!tl.Weak || ciJobSaysDeploy(j)) {
				return ciDeploy{P: p, J: j, S: s, What: ciToolText(tl)}, true
			}
			if tl.Kind != ciKDocs {
				docsOnly, busy = false, true
			}
		}
		if len(s.Tools) == 0 && (s.Kind == ciUses || s.Kind == ciRun && !ciIsEchoOnly(s.Text)) && !ciSetupStep(s) {
			docsOnly, busy = false, true
		}
	}
	for _, e := range j.Envs {
		if ciRegistryEnvs.MatchString(e.Name) || strings.Contains(e.Name, "${{") && ciTier(e.Name) == "" {
			continue
		}
		if busy && !docsOnly {
			return ciDeploy{P: p, J: j, S: ciStep{Path: ciOr(e.Path, j.Path), Line: e.Line}, What: fmt.Sprintf("a deployment to environment %q", e.Name)}, true
		}
	}
	return ciDeploy{}, false
}

// ciSetupStep reports steps that only prepare a job (checkout, setup-*,
// caches, logins, credentials).
func ciSetupStep(s ciStep) bool {
	if s.Kind != ciUses {
		return false
	}
	r := ciUsesRef(s.Text)
	return strings.HasPrefix(r, "actions/") || strings.Contains(r, "setup") || strings.Contains(r, "login") ||
		strings.Contains(r, "credentials") || strings.Contains(r, "cache") || r == "checkout"
}

// ciDeployState says how a deploy job runs.
type ciDeployState struct {
	Auto   bool   // runs on pushes to the default branch with no manual gate
	Branch string // the branch it deploys from when automatic
	Why    string // why it is not automatic, for partial summaries
}

func ciDeployStatus(t *Tree, d ciDeploy) ciDeployState {
	tr := d.P.Triggers
	if g := d.P.gate(d.J); g != "" {
		return ciDeployState{Why: "only after " + g}
	}
	c := d.J.Cond.merge(d.S.Cond)
	switch {
	case !tr.onChanges() && tr.Manual:
		return ciDeployState{Why: "only when started by hand"}
	case c.ManualOnly:
		return ciDeployState{Why: "only when started by hand"}
	case c.TagsOnly || !tr.onChanges() && tr.Tags:
		return ciDeployState{Why: "only when a release tag is pushed"}
	case c.Schedule || !tr.onChanges() && tr.Schedule:
		return ciDeployState{Why: "only on a schedule"}
	case c.PROnly || !tr.Push && !tr.Implicit && tr.PR:
		return ciDeployState{Why: "only for pull requests (preview deployments)"}
	}
	if b, ok := d.P.stepOnDefaultBranch(t, d.J, d.S); ok {
		return ciDeployState{Auto: true, Branch: b}
	}
	if !tr.onChanges() {
		return ciDeployState{Why: tr.when()}
	}
	bs := ciAddUnique(append([]string(nil), tr.Branches...), c.Branches...)
	return ciDeployState{Why: "automatically on pushes to " + ciBranchList(bs) + ", not the default branch"}
}

// ciDeployAfterMerge returns proof that a deploy follows merges to the
// default branch without a manual step, for the history family
// (OPS06-BP06).
func ciDeployAfterMerge(t *Tree) (Proof, bool) {
	for _, d := range ciDeploys(ciModelOf(t)) {
		if st := ciDeployStatus(t, d); st.Auto {
			return Proof{Path: d.S.Path, Line: d.S.Line, Summary: ciDeploySentence(d, st)}, true
		}
	}
	return Proof{}, false
}

func ciDeploySentence(d ciDeploy, st ciDeployState) string {
	head := fmt.Sprintf("%s %s runs %s", ciPipelineNoun(d.P), ciJobRef(d.P, d.J), d.What)
	if st.Auto {
		after := ""
		if up := d.P.upstream(d.J); len(up) > 0 {
			after = " after " + ciJobRef(d.P, up[0])
			if len(up) > 1 {
				after = fmt.Sprintf("%s and %d more", after, len(up)-1)
			}
		}
		return fmt.Sprintf("%s on every push to %s%s, with no manual step", head, st.Branch, after)
	}
	return head + " " + st.Why
}

func runCIDeploy(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	deploys := ciDeploys(m)
	if len(deploys) == 0 {
		return nil
	}
	tested := false
	for _, f := range ciFind(m, ciKTest) {
		if f.P.Triggers.onChanges() {
			tested = true
			break
		}
	}
	// a manual production deploy makes automatic deploys to other
	// environments only part of the way
	var manualProd *ciDeploy
	for i, d := range deploys {
		if !ciDeployStatus(t, d).Auto && ciDeployTier(d) == "production" {
			manualProd = &deploys[i]
			break
		}
	}
	var hits []Hit
	for _, d := range deploys {
		st := ciDeployStatus(t, d)
		conf, summary := Partial, ciDeploySentence(d, st)
		tier := ciDeployTier(d)
		switch {
		case st.Auto && manualProd != nil && tier != "production" && tier != "":
			summary += fmt.Sprintf(", but production deploys only through %s (manual approval)", ciJobRef(manualProd.P, manualProd.J))
		case st.Auto && tested:
			conf = Strong
		case st.Auto:
			summary += ", but no pipeline runs tests on changes"
		}
		if !st.Auto && strings.HasPrefix(st.Why, "only after") {
			summary += " (manual approval)"
		}
		for _, bp := range []string{"OPS05-BP10", "OPS06-BP07"} {
			hits = append(hits, Hit{Practice: bp, Confidence: conf, Proof: Proof{Path: d.S.Path, Line: d.S.Line, Summary: summary}})
		}
		if h, ok := ciDeployTested(d); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// ciDeployTier is the environment tier a deploy targets, from its
// environments or its job's name; "" when unknown.
func ciDeployTier(d ciDeploy) string {
	for _, e := range d.J.Envs {
		if tier := ciTier(e.Name); tier != "" {
			return tier
		}
	}
	if tier := ciTier(d.J.Name); tier == "production" || tier == "staging" || tier == "development" || tier == "pre-production" {
		return tier
	}
	return ""
}

// ciDeployTested finds tests on the deployment path of d: a test job it
// waits for, a test step before the deploy step in the same job, or a check
// of the deployment after it.
func ciDeployTested(d ciDeploy) (Hit, bool) {
	hit := func(s ciStep, text string) (Hit, bool) {
		return Hit{Practice: "OPS06-BP02", Confidence: Strong, Proof: Proof{Path: s.Path, Line: s.Line, Summary: text}}, true
	}
	for _, up := range d.P.upstream(d.J) {
		if _, tl, ok := ciJobTool(up, ciKTest); ok {
			return hit(d.S, fmt.Sprintf("%s %s deploys only after %s has run %s", ciPipelineNoun(d.P), ciJobRef(d.P, d.J), ciJobRef(d.P, up), ciToolText(tl)))
		}
	}
	before := true
	for _, s := range d.J.Steps {
		if s.Line == d.S.Line && s.Path == d.S.Path && s.Text == d.S.Text {
			before = false
			continue
		}
		for _, tl := range s.Tools {
			if before && tl.Kind == ciKTest {
				return hit(s, fmt.Sprintf("%s %s runs %s before it deploys", ciPipelineNoun(d.P), ciJobRef(d.P, d.J), ciToolText(tl)))
			}
			if !before && (tl.Kind == ciKVerify || tl.Kind == ciKTest) {
				return hit(s, fmt.Sprintf("%s %s checks the deployment with %s after it deploys", ciPipelineNoun(d.P), ciJobRef(d.P, d.J), ciToolText(tl)))
			}
		}
	}
	for _, j := range d.P.Jobs {
		for _, up := range d.P.upstream(j) {
			if up != d.J {
				continue
			}
			for _, kind := range []string{ciKVerify, ciKTest} {
				if s, tl, ok := ciJobTool(j, kind); ok {
					return hit(s, fmt.Sprintf("%s %s checks the deployment of %s with %s", ciPipelineNoun(d.P), ciJobRef(d.P, j), ciJobRef(d.P, d.J), ciToolText(tl)))
				}
			}
		}
	}
	return Hit{}, false
}

// ciJobTool returns the first step of j that does kind.
func ciJobTool(j *ciJob, kind string) (ciStep, ciTool, bool) {
	for _, s := range j.Steps {
		for _, tl := range s.Tools {
			if tl.Kind == kind {
				return s, tl, true
			}
		}
	}
	return ciStep{}, ciTool{}, false
}
