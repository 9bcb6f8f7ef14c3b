package evidence

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Alert routing: Alertmanager configuration (alertmanager.yml, embedded in
// Helm values or in a Secret/ConfigMap string), AlertmanagerConfig objects,
// and Grafana contact points and notification policies. They show alerts
// pushed to people (OPS10-BP05), paging and routing trees that carry
// escalation (OPS10-BP04), and webhooks into automation (OPS10-BP07).

func init() {
	register(Detector{Name: "obs-alertmanager", Run: obsAlertmanagerRun})
}

// obsReceiver is one notification target.
type obsReceiver struct {
	Name  string
	Line  int
	Types []string // slack, pagerduty, email, webhook…; empty for a null receiver
	URLs  []string // webhook URLs
}

// obsRouting is one routing configuration.
type obsRouting struct {
	Path      string
	Line      int
	KeyPath   string
	Source    string // "Alertmanager configuration", "AlertmanagerConfig object", "Grafana alerting provisioning"
	Receivers []obsReceiver
	// MatchLabels are the labels nested routes match on (severity, team).
	MatchLabels []string
	// Routed are the receivers that nested routes send to.
	Routed    []string
	SubRoutes int
}

var obsRoutingMarkers = []string{"receivers:", "contactPoints:", "\"receivers\""}

// obsRoutingModel returns the tree's alert routing configurations.
func obsRoutingModel(t *Tree) []obsRouting {
	return obsCached(t, "routing", func(t *Tree) []obsRouting {
		var out []obsRouting
		for _, f := range obsCandidateDocs(t) {
			p := f.Path
			for _, doc := range f.Docs {
				out = append(out, obsRoutingOfDoc(p, doc)...)
			}
		}
		return out
	})
}

func obsRoutingOfDoc(p string, doc *yaml.Node) []obsRouting {
	_, kind := k8sKind(doc)
	var out []obsRouting
	obsWalk(doc, obsRoutingMarkers, func(o obsNode) bool {
		n := o.N
		if n.Kind != yaml.MappingNode {
			return true
		}
		recv, route := get(n, "receivers"), get(n, "route")
		cps := get(n, "contactPoints")
		switch {
		case recv != nil && recv.Kind == yaml.SequenceNode && route != nil && route.Kind == yaml.MappingNode:
			r := obsRouting{Path: p, Line: obsKeyLine(n, "receivers") + o.LineOff, KeyPath: obsJoinKey(o.KeyPath, "receivers"), Source: "Alertmanager configuration"}
			if kind == "AlertmanagerConfig" {
				r.Source = "AlertmanagerConfig object"
			}
			for _, it := range items(recv) {
				r.Receivers = append(r.Receivers, obsAMReceiver(it, o.LineOff))
			}
			obsRouteTree(route, &r, 0)
			out = append(out, r)
			return false
		case cps != nil && cps.Kind == yaml.SequenceNode:
			r := obsRouting{Path: p, Line: obsKeyLine(n, "contactPoints") + o.LineOff, KeyPath: obsJoinKey(o.KeyPath, "contactPoints"), Source: "Grafana alerting provisioning"}
			for _, cp := range items(cps) {
				rc := obsReceiver{Name: str(cp, "name"), Line: cp.Line + o.LineOff}
				for _, it := range items(get(cp, "receivers")) {
					if typ := strings.ToLower(str(it, "type")); typ != "" {
						rc.Types = append(rc.Types, typ)
						rc.URLs = append(rc.URLs, str(it, "settings", "url"))
					}
				}
				r.Receivers = append(r.Receivers, rc)
			}
			for _, pol := range items(get(n, "policies")) {
				obsRouteTree(pol, &r, 0)
			}
			out = append(out, r)
			return false
		}
		return true
	})
	return out
}

// obsAMReceiver reads an Alertmanager receiver: the *_configs keys
// (or *Configs in AlertmanagerConfig objects) that hold at least one entry.
func obsAMReceiver(n *yaml.Node, off int) obsReceiver {
	r := obsReceiver{Name: str(n, "name")}
	if n != nil {
		r.Line = n.Line + off
	}
	pairs(n, func(k string, _, v *yaml.Node) {
		typ := strings.TrimSuffix(strings.TrimSuffix(k, "_configs"), "Configs")
		if typ == k || len(items(v)) == 0 {
			return
		}
		r.Types = append(r.Types, strings.ToLower(typ))
		if typ == "webhook" {
			for _, w := range items(v) {
				r.URLs = append(r.URLs, str(w, "url"), str(w, "url_file"))
			}
		}
	})
	return r
}

// obsRouteTree records the nested routes below route: the labels they
// match and the receivers they send to.
func obsRouteTree(route *yaml.Node, r *obsRouting, depth int) {
	if route == nil || depth > 20 {
		return
	}
	if rc := str(route, "receiver"); rc != "" {
		r.Routed = append(r.Routed, rc)
	}
	if depth > 0 {
		r.SubRoutes++
		r.MatchLabels = append(r.MatchLabels, obsMatchLabels(route)...)
	}
	for _, sub := range items(get(route, "routes")) {
		obsRouteTree(sub, r, depth+1)
	}
}

var obsMatcherLabel = regexp.MustCompile(`^\s*"?([a-zA-Z_][a-zA-Z0-9_]*)"?\s*(=~|!~|!=|=)`)

// obsMatchLabels returns the label names a route matches on, across the
// match/match_re maps, matchers strings and AlertmanagerConfig matchers.
func obsMatchLabels(route *yaml.Node) []string {
	var out []string
	for _, k := range []string{"match", "match_re"} {
		pairs(get(route, k), func(key string, _, _ *yaml.Node) { out = append(out, key) })
	}
	for _, k := range []string{"matchers", "object_matchers"} {
		for _, m := range items(get(route, k)) {
			switch {
			case m == nil:
			case m.Kind == yaml.ScalarNode:
				if s := obsMatcherLabel.FindStringSubmatch(m.Value); s != nil {
					out = append(out, s[1])
				}
			case m.Kind == yaml.MappingNode:
				out = append(out, str(m, "name"))
			case m.Kind == yaml.SequenceNode && len(m.Content) > 0:
				out = append(out, m.Content[0].Value)
			}
		}
	}
	return out
}

var (
	obsPagingTypes = map[string]bool{"pagerduty": true, "opsgenie": true, "victorops": true, "oncall": true, "incidentio": true, "splunk_on_call": true}
	obsEscalateBy  = regexp.MustCompile(`(?i)^(severity|priority|urgency|sev|team|owner|service|tier|impact)$`)
	obsAutomation  = regexp.MustCompile(`(?i)(remediat|automation|auto-?heal|self-?heal|stackstorm|st2|rundeck|ansible|awx|lambda|runbook|argo-?events|workflow|heal)`)
)

func obsAlertmanagerRun(_ context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, r := range obsRoutingModel(t) {
		hits = append(hits, obsRoutingHits(r)...)
	}
	return hits
}

// obsRoutingHits judges one routing configuration.
func obsRoutingHits(r obsRouting) []Hit {
	types := map[string]bool{}
	active := 0
	var paging []obsReceiver
	var auto []string
	for _, rc := range r.Receivers {
		isPaging := false
		if len(rc.Types) > 0 {
			active++
		}
		for _, ty := range rc.Types {
			types[ty] = true
			isPaging = isPaging || obsPagingTypes[ty]
		}
		if isPaging {
			paging = append(paging, rc)
		}
		for _, u := range rc.URLs {
			if u != "" && obsAutomation.MatchString(u) {
				auto = append(auto, rc.Name)
				break
			}
		}
	}
	if len(types) == 0 {
		return nil // only null receivers: alerts go nowhere
	}
	var tl []string
	for ty := range types {
		tl = append(tl, ty)
	}
	sort.Strings(tl)
	proof := func(line int, s string) Proof {
		return Proof{Path: r.Path, Line: line, KeyPath: r.KeyPath, Summary: s}
	}
	hits := []Hit{{Practice: "OPS10-BP05", Confidence: Strong, Proof: proof(r.Line,
		fmt.Sprintf("%s sends alerts to people through %s (%s)", r.Source, obsPlural(active, "receiver"), strings.Join(tl, ", ")))}}
	var by []string
	for _, l := range obsUniq(r.MatchLabels) {
		if obsEscalateBy.MatchString(l) {
			by = append(by, l)
		}
	}
	switch {
	case len(paging) > 0 && len(by) > 0:
		hits = append(hits, Hit{Practice: "OPS10-BP04", Confidence: Strong, Proof: proof(paging[0].Line,
			fmt.Sprintf("%s routes alerts by %s through %s, paging on-call through %q", r.Source, strings.Join(by, " and "), obsPlural(r.SubRoutes, "nested route"), paging[0].Name))})
	case len(paging) > 0:
		hits = append(hits, Hit{Practice: "OPS10-BP04", Confidence: Partial, Proof: proof(paging[0].Line,
			fmt.Sprintf("%s pages on-call through receiver %q (%s), whose escalation policy lives in that service", r.Source, paging[0].Name, strings.Join(paging[0].Types, ", ")))})
	case len(by) > 0 && len(obsActiveRouted(r)) > 1:
		hits = append(hits, Hit{Practice: "OPS10-BP04", Confidence: Partial, Proof: proof(r.Line,
			fmt.Sprintf("%s routes alerts by %s to %s", r.Source, strings.Join(by, " and "), obsNames(obsActiveRouted(r), 3)))})
	}
	if len(auto) > 0 {
		hits = append(hits, Hit{Practice: "OPS10-BP07", Confidence: Partial, Proof: proof(r.Line,
			fmt.Sprintf("%s sends alerts to automation through webhook receiver %q", r.Source, auto[0]))})
	}
	return hits
}

// obsActiveRouted returns the receivers the routing tree uses that notify
// someone (null receivers left out).
func obsActiveRouted(r obsRouting) []string {
	active := map[string]bool{}
	for _, rc := range r.Receivers {
		active[rc.Name] = len(rc.Types) > 0
	}
	var out []string
	for _, name := range obsUniq(r.Routed) {
		if active[name] {
			out = append(out, name)
		}
	}
	return out
}
