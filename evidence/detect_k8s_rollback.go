package evidence

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// k8s-rollback: rollback that automation triggers (OPS06-BP08), plans for
// unsuccessful changes (OPS06-BP01), and the checks a progressive rollout
// runs on a new version before promoting it (OPS06-BP02). Argo Rollouts with analysis and
// Flagger canaries with metric checks abort and roll back by themselves;
// Flux HelmReleases remediate failed upgrades by rolling back; Helm's
// --atomic (--rollback-on-failure in Helm 4) and helmfile's atomic do the
// same for scripted installs. A rollback command in a script or a runbook
// is a plan (OPS06-BP01), not automation.

func init() {
	register(Detector{Name: "k8s-rollback", Run: k8sRollbackRun})
}

const (
	practiceAutoRollback   = "OPS06-BP08"
	practicePlanFailure    = "OPS06-BP01"
	practiceValidateDeploy = "OPS06-BP02"
)

func k8sRollbackRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	used := map[string]bool{}      // analysis templates Rollouts run, by name
	usedIn := map[*k8sChart]bool{} // charts whose Rollouts run a templated template name
	for _, o := range k8sActive(m) {
		switch {
		case o.Is("argoproj.io", "Rollout"):
			for _, n := range k8sRolloutAnalysis(o, &h) {
				used[n] = true
				if k8sTemplated(n) && o.Chart != nil {
					usedIn[o.Chart] = true
				}
			}
		case o.Is("flagger.app", "Canary"):
			k8sFlaggerRollback(o, &h)
		case o.Is("toolkit.fluxcd.io", "HelmRelease"):
			k8sHelmReleaseRemediation(o, &h)
		}
	}
	for _, o := range k8sActive(m) {
		if !(o.Is("argoproj.io", "AnalysisTemplate") || o.Is("argoproj.io", "ClusterAnalysisTemplate")) {
			continue
		}
		if !used[o.Name] && !(o.Chart != nil && usedIn[o.Chart] && o.Name == "") {
			h.obj(practiceAutoRollback, Partial, o, "spec.metrics", fmt.Sprintf("Argo Rollouts %s %s defines success checks (%s), but no Rollout in the repository runs it", o.Kind, k8sName(o), k8sMetricNames(o, get(o.Node, "spec", "metrics"))))
		}
	}
	for _, hf := range m.Helmfiles {
		if hf.Atomic {
			h.add(practiceAutoRollback, Strong, hf.Path, hf.AtomicLine, "helmDefaults", "helmfile installs every release atomically: a failed upgrade is rolled back by Helm")
			h.add(practicePlanFailure, Strong, hf.Path, hf.AtomicLine, "helmDefaults", "helmfile releases roll back to the previous revision when an upgrade fails")
		}
		for _, r := range hf.Releases {
			if r.Atomic && !hf.Atomic {
				h.add(practiceAutoRollback, Strong, hf.Path, r.AtomicLine, "releases", fmt.Sprintf("helmfile release %s is installed atomically: a failed upgrade is rolled back by Helm", k8sQuoteOr(k8sOr(r.Name, ""))))
			}
		}
	}
	k8sScriptRollbacks(t, &h)
	return h.result()
}

// k8sScriptRollbacks reports Helm --atomic installs and rollback commands
// in scripts and operational docs.
func k8sScriptRollbacks(t *Tree, h *k8sHits) {
	for _, c := range k8sScriptCommands(t) {
		switch c.Kind {
		case k8sCmdHelmAtomic:
			h.add(practiceAutoRollback, Strong, c.Path, c.Line, "", fmt.Sprintf("script runs %s: Helm rolls a failed release back by itself", c.Short))
		case k8sCmdRollback:
			h.add(practicePlanFailure, Strong, c.Path, c.Line, "", fmt.Sprintf("script %s rolls a release back with %s", c.Path, c.Short))
		case k8sCmdDocRollback:
			h.add(practicePlanFailure, Partial, c.Path, c.Line, "", fmt.Sprintf("operational doc gives the manual rollback command %s", c.Short))
		}
	}
}

// k8sRolloutAnalysis reports an Argo Rollout's analysis runs and returns
// the templates it references.
func k8sRolloutAnalysis(o *k8sObject, h *k8sHits) []string {
	type ref struct{ kp, when string }
	var refs []ref
	var names []string
	add := func(n *yaml.Node, kp, when string) {
		ts := items(get(n, "templates"))
		if len(ts) == 0 {
			return
		}
		refs = append(refs, ref{kp, when})
		for _, t := range ts {
			names = append(names, o.Text(get(t, "templateName")))
		}
	}
	add(get(o.Node, "spec", "strategy", "canary", "analysis"), "spec.strategy.canary.analysis", "in the background of the canary")
	for _, s := range items(get(o.Node, "spec", "strategy", "canary", "steps")) {
		add(get(s, "analysis"), "spec.strategy.canary.steps", "as a canary step")
	}
	add(get(o.Node, "spec", "strategy", "blueGreen", "prePromotionAnalysis"), "spec.strategy.blueGreen.prePromotionAnalysis", "before promotion")
	add(get(o.Node, "spec", "strategy", "blueGreen", "postPromotionAnalysis"), "spec.strategy.blueGreen.postPromotionAnalysis", "after promotion")
	names = k8sUniq(names)
	var shown []string
	for _, n := range names {
		if !k8sTemplated(n) {
			shown = append(shown, n)
		}
	}
	what := "an analysis template"
	if len(shown) > 0 {
		what = "analysis " + k8sList(shown, 3)
	}
	strategy := get(o.Node, "spec", "strategy", "canary") != nil || get(o.Node, "spec", "strategy", "blueGreen") != nil
	switch {
	case len(refs) > 0:
		sum := fmt.Sprintf("Argo Rollout %s runs %s %s and aborts the update back to the stable version when it fails", k8sName(o), what, refs[0].when)
		h.obj(practiceAutoRollback, Strong, o, refs[0].kp, sum)
		h.obj(practiceValidateDeploy, Strong, o, refs[0].kp, fmt.Sprintf("Argo Rollout %s checks each new version with %s %s before promoting it", k8sName(o), what, refs[0].when))
		h.obj(practicePlanFailure, Strong, o, refs[0].kp, sum)
	case o.Str("spec", "progressDeadlineAbort") == "true":
		sum := fmt.Sprintf("Argo Rollout %s aborts an update that does not progress within its deadline, returning to the stable version", k8sName(o))
		h.obj(practiceAutoRollback, Strong, o, "spec.progressDeadlineAbort", sum)
		h.obj(practicePlanFailure, Strong, o, "spec.progressDeadlineAbort", sum)
	case strategy:
		h.obj(practicePlanFailure, Partial, o, "spec.strategy", fmt.Sprintf("Argo Rollout %s keeps the stable version running during an update, so a bad release can be aborted back to it", k8sName(o)))
	}
	return names
}

// k8sMetricNames lists the names of analysis metrics.
func k8sMetricNames(o *k8sObject, metrics *yaml.Node) string {
	var names []string
	for _, m := range items(metrics) {
		names = append(names, o.Text(get(m, "name")))
	}
	names = k8sUniq(names)
	if len(names) == 0 {
		return "no metrics"
	}
	return k8sList(names, 3)
}

// k8sFlaggerRollback reports a Flagger analysis that checks metrics or
// webhooks and rolls back after repeated failures.
func k8sFlaggerRollback(o *k8sObject, h *k8sHits) {
	a, kp := k8sFlaggerAnalysis(o)
	if a == nil {
		return
	}
	metrics, hooks := items(get(a, "metrics")), items(get(a, "webhooks"))
	if len(metrics) == 0 && len(hooks) == 0 {
		h.obj(practicePlanFailure, Partial, o, kp, fmt.Sprintf("Flagger Canary %s keeps the primary version until the new one is promoted", k8sName(o)))
		return
	}
	checks := k8sMetricNames(o, get(a, "metrics"))
	if len(metrics) == 0 {
		checks = k8sPlural(len(hooks), "webhook check")
	}
	threshold := k8sOr(o.Text(get(a, "threshold")), "")
	after := "when checks fail"
	if threshold != "" {
		after = "after " + threshold + " failed checks"
	}
	sum := fmt.Sprintf("Flagger Canary %s checks %s during the rollout and rolls back automatically %s", k8sName(o), checks, after)
	h.obj(practiceAutoRollback, Strong, o, kp, sum)
	h.obj(practiceValidateDeploy, Strong, o, kp, fmt.Sprintf("Flagger Canary %s checks %s on each new version before promoting it", k8sName(o), checks))
	h.obj(practicePlanFailure, Strong, o, kp, sum)
}

// k8sHelmReleaseRemediation reports a Flux HelmRelease that rolls back a
// failed upgrade by itself.
func k8sHelmReleaseRemediation(o *k8sObject, h *k8sHits) {
	rem := get(o.Node, "spec", "upgrade", "remediation")
	if rem == nil {
		if get(o.Node, "spec", "rollback") != nil {
			h.obj(practicePlanFailure, Partial, o, "spec.rollback", fmt.Sprintf("Flux HelmRelease %s configures how a rollback is done, though upgrades do not trigger it by themselves", k8sName(o)))
		}
		return
	}
	retries, _ := strconv.Atoi(o.Text(get(rem, "retries")))
	last := o.Text(get(rem, "remediateLastFailure")) == "true"
	strategy := o.Text(get(rem, "strategy"))
	if (retries == 0 && !last) || (strategy != "" && strategy != "rollback") {
		return
	}
	how := "rolls a failed upgrade back automatically"
	if retries != 0 {
		tries := strconv.Itoa(retries)
		if retries < 0 {
			tries = "unlimited"
		}
		how += fmt.Sprintf(" and retries it (%s retries)", tries)
	}
	if strings.EqualFold(o.Text(get(o.Node, "spec", "test", "enable")), "true") {
		how += "; failing Helm tests count as a failed upgrade"
	}
	sum := fmt.Sprintf("Flux HelmRelease %s %s", k8sName(o), how)
	h.obj(practiceAutoRollback, Strong, o, "spec.upgrade.remediation", sum)
	if strings.EqualFold(o.Text(get(o.Node, "spec", "test", "enable")), "true") {
		h.obj(practiceValidateDeploy, Strong, o, "spec.test", fmt.Sprintf("Flux HelmRelease %s runs the chart's Helm tests after each upgrade", k8sName(o)))
	}
	h.obj(practicePlanFailure, Strong, o, "spec.upgrade.remediation", sum)
}
