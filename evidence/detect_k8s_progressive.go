package evidence

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Progressive delivery on Kubernetes: canary releases (OPS06-BP04) with
// Argo Rollouts, Flagger, weighted routing of a service mesh, Gateway API
// or ingress, Knative traffic splits and Spinnaker canary stages; and
// blue/green deployments (OPS06-BP05) with Argo Rollouts, Flagger or two
// Deployments behind a Service that selects one colour. A Deployment's
// RollingUpdate strategy is neither.

func init() {
	register(
		Detector{Name: "k8s-canary", Run: k8sCanaryRun},
		Detector{Name: "k8s-blue-green", Run: k8sBlueGreenRun},
	)
}

const (
	practiceCanary    = "OPS06-BP04"
	practiceBlueGreen = "OPS06-BP05"
)

// k8sActive returns the counted objects that the chart's values render.
func k8sActive(m *k8sModel) []*k8sObject {
	var out []*k8sObject
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		if on, _ := o.Enabled(); on {
			out = append(out, o)
		}
	}
	return out
}

// k8sFlaggerAnalysis returns a Flagger Canary's analysis (canaryAnalysis
// in older versions).
func k8sFlaggerAnalysis(o *k8sObject) (*yaml.Node, string) {
	if a := get(o.Node, "spec", "analysis"); a != nil {
		return a, "spec.analysis"
	}
	return get(o.Node, "spec", "canaryAnalysis"), "spec.canaryAnalysis"
}

// k8sFlaggerMode tells canary, A/B or blue/green from a Flagger analysis.
func k8sFlaggerMode(a *yaml.Node) string {
	switch {
	case get(a, "stepWeight") != nil || get(a, "stepWeights") != nil || get(a, "maxWeight") != nil:
		return "canary"
	case get(a, "iterations") != nil && get(a, "match") != nil:
		return "A/B"
	case get(a, "iterations") != nil:
		return "blue/green"
	}
	return ""
}

func k8sCanaryRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	for _, o := range k8sActive(m) {
		switch {
		case o.Is("argoproj.io", "Rollout"):
			k8sRolloutCanary(o, &h)
		case o.Is("flagger.app", "Canary"):
			a, kp := k8sFlaggerAnalysis(o)
			target := k8sOr(o.Str("spec", "targetRef", "name"), "its target")
			switch k8sFlaggerMode(a) {
			case "canary":
				h.obj(practiceCanary, Strong, o, kp, fmt.Sprintf("Flagger Canary %s shifts traffic to new versions of %s step by step (%s)", k8sName(o), target, k8sFlaggerSteps(o, a)))
			case "A/B":
				h.obj(practiceCanary, Strong, o, kp+".match", fmt.Sprintf("Flagger Canary %s tests new versions of %s on matching requests only (A/B, %s iterations)", k8sName(o), target, o.Text(get(a, "iterations"))))
			}
		case o.Kind == "Ingress" && o.Annotations["nginx.ingress.kubernetes.io/canary"] == "true":
			how := "requests matched by header or cookie"
			if w := o.Annotations["nginx.ingress.kubernetes.io/canary-weight"]; w != "" {
				how = w + "% of requests"
			}
			h.obj(practiceCanary, Strong, o, "metadata.annotations", fmt.Sprintf("canary Ingress %s sends %s to the new version (ingress-nginx canary)", k8sName(o), how))
		default:
			k8sWeightedRouting(o, &h)
		}
	}
	for _, p := range k8sSpinnakerPipelines(t) {
		if len(p.Canary) > 0 {
			h.add(practiceCanary, Strong, p.Path, p.Line, "stages", fmt.Sprintf("Spinnaker pipeline %s runs canary analysis (%s) before full deployment", k8sQuoteOr(p.Name), k8sList(k8sUniq(p.Canary), 2)))
		}
	}
	return h.result()
}

// k8sRolloutCanary reports an Argo Rollout's canary strategy.
func k8sRolloutCanary(o *k8sObject, h *k8sHits) {
	c := get(o.Node, "spec", "strategy", "canary")
	if c == nil {
		return
	}
	var weights []string
	for _, s := range items(get(c, "steps")) {
		if w := o.Text(get(s, "setWeight")); w != "" {
			weights = append(weights, w+"%")
		}
	}
	routing := ""
	pairs(get(c, "trafficRouting"), func(k string, _, _ *yaml.Node) {
		if routing == "" {
			routing = " through " + k
		}
	})
	switch {
	case len(weights) > 0:
		h.obj(practiceCanary, Strong, o, "spec.strategy.canary", fmt.Sprintf("Argo Rollout %s releases canaries in steps of %s%s", k8sName(o), k8sList(weights, 5), routing))
	case routing != "" || len(items(get(c, "steps"))) > 0:
		h.obj(practiceCanary, Strong, o, "spec.strategy.canary", fmt.Sprintf("Argo Rollout %s releases new versions as canaries%s", k8sName(o), routing))
	default:
		h.obj(practiceCanary, Partial, o, "spec.strategy.canary", fmt.Sprintf("Argo Rollout %s uses the canary strategy without steps, which replaces pods much like a rolling update", k8sName(o)))
	}
}

// k8sFlaggerSteps describes a Flagger canary's weights.
func k8sFlaggerSteps(o *k8sObject, a *yaml.Node) string {
	if ws := items(get(a, "stepWeights")); len(ws) > 0 {
		var s []string
		for _, w := range ws {
			s = append(s, o.Text(w)+"%")
		}
		return "weights " + k8sList(s, 5)
	}
	step, max := o.Text(get(a, "stepWeight")), o.Text(get(a, "maxWeight"))
	switch {
	case step != "" && max != "":
		return fmt.Sprintf("%s%% steps up to %s%%", step, max)
	case step != "":
		return step + "% steps"
	}
	return "up to " + max + "%"
}

// k8sWeight is one weighted backend of a route.
type k8sWeight struct {
	name   string
	weight float64
}

// k8sWeightedRouting reports routes that split traffic between versions.
func k8sWeightedRouting(o *k8sObject, h *k8sHits) {
	var routes [][]k8sWeight
	var kp, what string
	switch {
	case o.Is("networking.istio.io", "VirtualService"):
		kp, what = "spec.http", "Istio VirtualService"
		for _, r := range items(get(o.Node, "spec", "http")) {
			routes = append(routes, k8sWeights(o, get(r, "route"), "weight", func(n *yaml.Node) string {
				return strings.Trim(o.Text(get(n, "destination", "host"))+"/"+o.Text(get(n, "destination", "subset")), "/")
			}))
		}
	case o.Is("split.smi-spec.io", "TrafficSplit"):
		kp, what = "spec.backends", "SMI TrafficSplit"
		routes = append(routes, k8sWeights(o, get(o.Node, "spec", "backends"), "weight", func(n *yaml.Node) string { return o.Text(get(n, "service")) }))
	case o.Is("gateway.networking.k8s.io", "HTTPRoute") || o.Is("gateway.networking.k8s.io", "GRPCRoute"):
		kp, what = "spec.rules", "Gateway API "+o.Kind
		for _, r := range items(get(o.Node, "spec", "rules")) {
			routes = append(routes, k8sWeights(o, get(r, "backendRefs"), "weight", func(n *yaml.Node) string { return o.Text(get(n, "name")) }))
		}
	case o.Group() == "serving.knative.dev" && (o.Kind == "Service" || o.Kind == "Route"):
		kp, what = "spec.traffic", "Knative "+o.Kind
		routes = append(routes, k8sWeights(o, get(o.Node, "spec", "traffic"), "percent", func(n *yaml.Node) string {
			return k8sOr(o.Text(get(n, "revisionName")), k8sOr(o.Text(get(n, "tag")), "latest revision"))
		}))
	case (o.Group() == "traefik.io" || o.Group() == "traefik.containo.us") && o.Kind == "TraefikService":
		kp, what = "spec.weighted.services", "Traefik weighted service"
		routes = append(routes, k8sWeights(o, get(o.Node, "spec", "weighted", "services"), "weight", func(n *yaml.Node) string { return o.Text(get(n, "name")) }))
	default:
		return
	}
	k8sReportSplit(o, h, routes, kp, what)
}

// k8sReportSplit reports the first route that splits traffic (strong) or
// that has weights set but sends everything to one backend (partial).
func k8sReportSplit(o *k8sObject, h *k8sHits, routes [][]k8sWeight, kp, what string) {
	prepared := false
	for _, ws := range routes {
		if len(ws) < 2 {
			continue
		}
		live := 0
		var parts []string
		for _, w := range ws {
			if w.weight > 0 {
				live++
			}
			parts = append(parts, fmt.Sprintf("%s %g%%", k8sOr(w.name, "backend"), w.weight))
		}
		if live >= 2 {
			h.obj(practiceCanary, Strong, o, kp, fmt.Sprintf("%s %s splits traffic between versions: %s", what, k8sName(o), k8sList(parts, 4)))
			return
		}
		prepared = true
	}
	if prepared {
		h.obj(practiceCanary, Partial, o, kp, fmt.Sprintf("%s %s has weighted routes for a gradual shift, but sends all traffic to one backend now", what, k8sName(o)))
	}
}

// k8sWeights reads the weighted entries of a route list; entries without a
// weight are left out (a single unweighted backend is not a split).
func k8sWeights(o *k8sObject, list *yaml.Node, key string, name func(*yaml.Node) string) []k8sWeight {
	var out []k8sWeight
	for _, n := range items(list) {
		v := o.Text(get(n, key))
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		out = append(out, k8sWeight{name(n), f})
	}
	return out
}

func k8sBlueGreenRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	for _, o := range k8sActive(m) {
		switch {
		case o.Is("argoproj.io", "Rollout") && get(o.Node, "spec", "strategy", "blueGreen") != nil:
			bg := get(o.Node, "spec", "strategy", "blueGreen")
			active, preview := o.Text(get(bg, "activeService")), o.Text(get(bg, "previewService"))
			sum := fmt.Sprintf("Argo Rollout %s runs new versions beside the current one and then switches its active Service over", k8sName(o))
			if active != "" && !k8sTemplated(active) {
				sum = fmt.Sprintf("Argo Rollout %s runs new versions beside the current one and then switches active Service %q over", k8sName(o), active)
			}
			if preview != "" && !k8sTemplated(preview) && active != "" && !k8sTemplated(active) {
				sum = fmt.Sprintf("Argo Rollout %s runs each new version behind preview Service %q before switching active Service %q to it", k8sName(o), preview, active)
			}
			h.obj(practiceBlueGreen, Strong, o, "spec.strategy.blueGreen", sum)
		case o.Is("flagger.app", "Canary"):
			a, kp := k8sFlaggerAnalysis(o)
			if k8sFlaggerMode(a) == "blue/green" {
				h.obj(practiceBlueGreen, Strong, o, kp+".iterations", fmt.Sprintf("Flagger Canary %s deploys new versions of %s blue/green: %s checks before switching all traffic", k8sName(o), k8sOr(o.Str("spec", "targetRef", "name"), "its target"), o.Text(get(a, "iterations"))))
			}
		}
	}
	k8sColourSwitch(m, &h)
	return h.result()
}

// k8sColourSwitch finds two Deployments told apart by a blue/green label
// and a Service whose selector picks one of them: switching the selector
// moves all traffic between two complete environments.
func k8sColourSwitch(m *k8sModel, h *k8sHits) {
	type pair struct{ blue, green *k8sObject }
	byKey := map[string]*pair{}
	var keys []string
	for _, o := range m.Workloads() {
		if o.Kind != "Deployment" && o.Kind != "StatefulSet" {
			continue
		}
		pairs(get(o.PodTemplate(), "metadata", "labels"), func(k string, _, v *yaml.Node) {
			colour := strings.ToLower(o.Text(v))
			if colour != "blue" && colour != "green" {
				return
			}
			p := byKey[k]
			if p == nil {
				p = &pair{}
				byKey[k] = p
				keys = append(keys, k)
			}
			if colour == "blue" && p.blue == nil {
				p.blue = o
			} else if colour == "green" && p.green == nil {
				p.green = o
			}
		})
	}
	for _, k := range keys {
		p := byKey[k]
		if p.blue == nil || p.green == nil {
			continue
		}
		if svc := k8sColourService(m, k); svc != nil {
			h.obj(practiceBlueGreen, Strong, svc, "spec.selector."+k, fmt.Sprintf("Service %q selects by label %s=%s between Deployments %q (blue) and %q (green): switching the label moves traffic between two full environments",
				svc.Name, k, svc.Str("spec", "selector", k), p.blue.Name, p.green.Name))
			continue
		}
		h.obj(practiceBlueGreen, Partial, p.blue, "", fmt.Sprintf("Deployments %q and %q run blue and green versions side by side (label %s), but no Service here switches between them", p.blue.Name, p.green.Name, k))
	}
}

// k8sColourService returns a Service whose selector picks a colour by key.
func k8sColourService(m *k8sModel, key string) *k8sObject {
	for _, s := range m.Kind("", "Service") {
		if v := strings.ToLower(s.Str("spec", "selector", key)); v == "blue" || v == "green" {
			return s
		}
	}
	return nil
}
