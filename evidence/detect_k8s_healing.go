package evidence

import (
	"context"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// k8s-self-healing: Kubernetes responding to events by itself beyond its
// defaults (OPS10-BP07): HorizontalPodAutoscalers, KEDA ScaledObjects and
// VerticalPodAutoscalers that act on load, and PodDisruptionBudgets
// protecting workloads whose probes restart and route around unhealthy
// pods. Probes alone are partial; restarting crashed containers is the
// default and does not count.

func init() {
	register(Detector{Name: "k8s-self-healing", Run: k8sSelfHealingRun})
}

const practiceAutoResponse = "OPS10-BP07"

func k8sSelfHealingRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		switch {
		case o.Is("autoscaling", "HorizontalPodAutoscaler"):
			k8sReportScaler(o, &h, fmt.Sprintf("HorizontalPodAutoscaler %s scales %s between %s and %s replicas on %s", k8sName(o), k8sTargetRef(o, "scaleTargetRef"),
				k8sOr(o.Str("spec", "minReplicas"), "1"), k8sOr(o.Str("spec", "maxReplicas"), "its maximum"), k8sHPAMetrics(o)))
		case o.Is("keda.sh", "ScaledObject") || o.Is("keda.sh", "ScaledJob"):
			var trig []string
			for _, tr := range items(get(o.Node, "spec", "triggers")) {
				trig = append(trig, o.Text(get(tr, "type")))
			}
			k8sReportScaler(o, &h, fmt.Sprintf("KEDA %s %s scales %s on %s", o.Kind, k8sName(o), k8sTargetRef(o, "scaleTargetRef"), k8sOr(k8sList(k8sUniq(trig), 3), "its triggers")))
		case o.Is("autoscaling.k8s.io", "VerticalPodAutoscaler"):
			mode := k8sOr(o.Str("spec", "updatePolicy", "updateMode"), "Auto")
			if mode == "Off" {
				h.obj(practiceAutoResponse, Partial, o, "spec.updatePolicy", fmt.Sprintf("VerticalPodAutoscaler %s only recommends resources for %s (updateMode Off)", k8sName(o), k8sTargetRef(o, "targetRef")))
				continue
			}
			k8sReportScaler(o, &h, fmt.Sprintf("VerticalPodAutoscaler %s resizes the pods of %s on observed usage (updateMode %s)", k8sName(o), k8sTargetRef(o, "targetRef"), mode))
		}
	}
	k8sDisruptionBudgets(m, &h)
	return h.result()
}

// k8sReportScaler reports an autoscaler: strong when the chart's values
// create it (or it is a plain manifest), partial when they leave it off.
func k8sReportScaler(o *k8sObject, h *k8sHits, sum string) {
	on, why := o.Enabled()
	switch {
	case !on:
		h.obj(practiceAutoResponse, Partial, o, "spec", fmt.Sprintf("Helm chart %q can create a %s, but %s leaves it turned off (%s)", o.Chart.Name, o.Kind, why, strings.Join(o.Conditions, ", ")))
		return
	case len(o.Conditions) > 0 && why != "":
		sum += " (turned on by " + why + ")"
	}
	h.obj(practiceAutoResponse, Strong, o, "spec", sum)
}

// k8sTargetRef describes the target of a scaler.
func k8sTargetRef(o *k8sObject, key string) string {
	kind := k8sOr(o.Str("spec", key, "kind"), "Deployment")
	name := o.Str("spec", key, "name")
	if name == "" || k8sTemplated(name) {
		if o.Chart != nil {
			return fmt.Sprintf("the %s of chart %q", kind, o.Chart.Name)
		}
		return "its " + kind
	}
	return fmt.Sprintf("%s %q", kind, name)
}

// k8sHPAMetrics lists what an HPA scales on.
func k8sHPAMetrics(o *k8sObject) string {
	var ms []string
	if o.Str("spec", "targetCPUUtilizationPercentage") != "" {
		ms = append(ms, "cpu")
	}
	for _, m := range items(get(o.Node, "spec", "metrics")) {
		if !o.Active(m) {
			continue
		}
		typ := o.Text(get(m, "type"))
		switch typ {
		case "Resource", "ContainerResource":
			field := "resource"
			if typ == "ContainerResource" {
				field = "containerResource"
			}
			ms = append(ms, k8sOr(o.Text(get(m, field, "name")), "resources"))
		case "Pods", "Object", "External":
			field := strings.ToLower(typ[:1]) + typ[1:]
			ms = append(ms, k8sOr(o.Text(get(m, field, "metric", "name")), strings.ToLower(typ)+" metrics"))
		}
	}
	if len(ms) == 0 {
		return "CPU"
	}
	return k8sList(k8sUniq(ms), 3)
}

// k8sProbes returns the probe kinds set on a workload's containers.
func k8sProbes(o *k8sObject) []string {
	var out []string
	for _, c := range items(get(o.PodTemplate(), "spec", "containers")) {
		for _, p := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
			if o.SetIn(c, p) {
				out = append(out, p)
			}
		}
	}
	return k8sUniq(out)
}

// k8sSelects reports whether a selector's labels all match a workload's
// pod labels. An empty or templated selector matches nothing.
func k8sSelects(pdb, w *k8sObject, sel *yaml.Node) bool {
	labels := map[string]string{}
	pairs(get(w.PodTemplate(), "metadata", "labels"), func(k string, _, v *yaml.Node) { labels[k] = w.Text(v) })
	n := 0
	ok := true
	pairs(sel, func(k string, _, v *yaml.Node) {
		val := pdb.Text(v)
		if k8sTemplated(val) || k8sTemplated(k) {
			ok = false
			return
		}
		n++
		ok = ok && labels[k] == val
	})
	return ok && n > 0
}

// k8sDisruptionBudgets reports PodDisruptionBudgets with the probes of the
// workloads they protect, and probed workloads without one (partial).
func k8sDisruptionBudgets(m *k8sModel, h *k8sHits) {
	workloads := m.Workloads()
	covered := map[*k8sObject]bool{}
	for _, pdb := range m.Kind("policy", "PodDisruptionBudget") {
		if on, _ := pdb.Enabled(); !on {
			continue
		}
		sel := get(pdb.Node, "spec", "selector", "matchLabels")
		var match []*k8sObject
		for _, w := range workloads {
			// A selector the reader cannot see matches its own chart's workloads.
			sameChart := pdb.Chart != nil && pdb.Chart == w.Chart && k8sTemplatedSelector(pdb, sel)
			if sameChart || k8sSelects(pdb, w, sel) {
				match = append(match, w)
			}
		}
		what := k8sBudget(pdb)
		var probed []*k8sObject
		for _, w := range match {
			covered[w] = true
			if len(k8sProbes(w)) > 0 {
				probed = append(probed, w)
			}
		}
		if len(probed) > 0 {
			w := probed[0]
			h.obj(practiceAutoResponse, Strong, pdb, "spec", fmt.Sprintf("PodDisruptionBudget %s %s for %s during disruptions, and its %s restart or route around unhealthy pods",
				k8sName(pdb), what, w.Ref(), k8sList(k8sProbes(w), 3)))
			continue
		}
		h.obj(practiceAutoResponse, Partial, pdb, "spec", fmt.Sprintf("PodDisruptionBudget %s %s during disruptions, but the workload it protects has no probes here", k8sName(pdb), what))
	}
	for _, w := range workloads {
		if covered[w] {
			continue
		}
		if on, _ := w.Enabled(); !on {
			continue
		}
		if probes := k8sProbes(w); len(probes) > 0 {
			h.obj(practiceAutoResponse, Partial, w, "", fmt.Sprintf("%s has %s that restart or stop routing to unhealthy containers", w.Ref(), k8sList(probes, 3)))
		}
	}
}

// k8sTemplatedSelector reports a selector the reader could not see: left
// empty by an include, or with templated values.
func k8sTemplatedSelector(o *k8sObject, sel *yaml.Node) bool {
	if sel == nil || (sel.Kind == yaml.ScalarNode && sel.Value == "") {
		return o.Source == k8sHelmTemplate
	}
	templated := false
	pairs(sel, func(k string, _, v *yaml.Node) { templated = templated || k8sTemplated(o.Text(v)) })
	return templated
}

// k8sBudget says what a PodDisruptionBudget guarantees.
func k8sBudget(pdb *k8sObject) string {
	if v := k8sOr(pdb.Str("spec", "minAvailable"), ""); v != "" {
		if strings.HasSuffix(v, "%") {
			return "keeps at least " + v + " of the pods available"
		}
		return "keeps at least " + k8sPlural(atoiOr(v), "pod") + " available"
	}
	if v := k8sOr(pdb.Str("spec", "maxUnavailable"), ""); v != "" {
		if strings.HasSuffix(v, "%") {
			return "allows at most " + v + " of the pods to be unavailable"
		}
		return "allows at most " + k8sPlural(atoiOr(v), "pod") + " to be unavailable"
	}
	return "bounds voluntary disruptions"
}

// atoiOr parses a small count, 0 when it is not one.
func atoiOr(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
