package evidence

import (
	"context"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// SLOs as code: OpenSLO, Sloth (plain files and PrometheusServiceLevel
// objects), Pyrra ServiceLevelObjective, Nobl9, Google's slo-generator and
// Datadog SLO definitions; and alerts on error-budget burn rates. They show
// targets set from an understanding of normal behaviour (OPS08-BP04) and,
// where they define their indicators, workload metrics (OPS08-BP02).

func init() {
	register(Detector{Name: "obs-slo", Run: obsSLORun})
}

// obsSLO is one service-level objective or indicator declared as code.
type obsSLO struct {
	Path    string
	Line    int
	KeyPath string
	Format  string // OpenSLO, Sloth, Pyrra, Nobl9, slo-generator, Datadog
	Kind    string // SLO, SLI or AlertPolicy
	Name    string
	Target  string // as written: 99.9, 0.999, "99.5%"
	// Indicator is true when the entry defines how its SLI is measured
	// (queries or metric sources), not only a reference to one.
	Indicator bool
}

// obsSLOModel returns the tree's SLO declarations, built once.
func obsSLOModel(t *Tree) []obsSLO {
	return obsCached(t, "slos", func(t *Tree) []obsSLO {
		var out []obsSLO
		for _, f := range obsCandidateDocs(t) {
			p := f.Path
			for _, doc := range f.Docs {
				out = append(out, obsSLOsOfDoc(p, doc)...)
			}
		}
		return out
	})
}

// obsSLOsOfDoc reads the SLO declarations of one document.
func obsSLOsOfDoc(p string, doc *yaml.Node) []obsSLO {
	doc = deref(doc)
	api, kind := k8sKind(doc)
	at := func(n *yaml.Node, kp, format, kind, name, target string, ind bool) obsSLO {
		line := doc.Line
		if n != nil {
			line = n.Line
		}
		return obsSLO{Path: p, Line: line, KeyPath: kp, Format: format, Kind: kind, Name: name, Target: target, Indicator: ind}
	}
	name := str(doc, "metadata", "name")
	if dn := str(doc, "metadata", "displayName"); name == "" {
		name = dn
	}
	spec := get(doc, "spec")
	switch {
	case strings.HasPrefix(api, "openslo"):
		return obsOpenSLO(doc, kind, at(doc, "", "OpenSLO", kind, name, "", false))
	case api == "sloth.slok.dev/v1" && kind == "PrometheusServiceLevel":
		return obsSlothSLOs(p, get(spec, "slos"), "spec.slos")
	case str(doc, "version") == "prometheus/v1" && get(doc, "slos") != nil:
		return obsSlothSLOs(p, get(doc, "slos"), "slos")
	case strings.HasPrefix(api, "pyrra.dev/") && kind == "ServiceLevelObjective":
		return []obsSLO{at(doc, "", "Pyrra", "SLO", name, str(spec, "target"), get(spec, "indicator") != nil)}
	case strings.HasPrefix(api, "n9/") && kind == "SLO":
		obj := items(get(spec, "objectives"))
		target := ""
		ind := get(spec, "indicator") != nil
		if len(obj) > 0 {
			target = str(obj[0], "target")
			ind = ind && (obsHas(obj[0], "rawMetric") || obsHas(obj[0], "countMetrics"))
		}
		return []obsSLO{at(doc, "", "Nobl9", "SLO", name, target, ind)}
	case strings.HasPrefix(api, "sre.google.com/") && kind == "ServiceLevelObjective":
		return []obsSLO{at(doc, "", "slo-generator", "SLO", name, str(spec, "goal"), get(spec, "service_level_indicator") != nil)}
	case str(doc, "slo_name") != "" && str(doc, "slo_target") != "":
		return []obsSLO{at(doc, "", "slo-generator", "SLO", str(doc, "slo_name"), str(doc, "slo_target"), get(doc, "backend") != nil)}
	}
	return obsDatadogSLOs(p, doc)
}

// obsOpenSLO reads an OpenSLO object: an SLO with objectives, an SLI with
// its metric, or an alert policy.
func obsOpenSLO(doc *yaml.Node, kind string, base obsSLO) []obsSLO {
	spec := get(doc, "spec")
	switch kind {
	case "SLO":
		obj := items(get(spec, "objectives"))
		if len(obj) == 0 {
			return nil
		}
		base.Target = str(obj[0], "target")
		if base.Target == "" {
			base.Target = str(obj[0], "targetPercent")
		}
		ind := get(spec, "indicator", "spec")
		base.Indicator = obsHas(ind, "ratioMetric") || obsHas(ind, "thresholdMetric")
		return []obsSLO{base}
	case "SLI":
		base.Indicator = obsHas(spec, "ratioMetric") || obsHas(spec, "thresholdMetric")
		if !base.Indicator {
			return nil
		}
		return []obsSLO{base}
	case "AlertPolicy", "AlertCondition":
		return []obsSLO{base}
	}
	return nil
}

// obsSlothSLOs reads the slos list of a Sloth file or object.
func obsSlothSLOs(p string, slos *yaml.Node, kp string) []obsSLO {
	var out []obsSLO
	for i, s := range items(slos) {
		if s == nil || str(s, "objective") == "" {
			continue
		}
		sli := get(s, "sli")
		out = append(out, obsSLO{
			Path: p, Line: s.Line, KeyPath: fmt.Sprintf("%s[%d]", kp, i), Format: "Sloth", Kind: "SLO",
			Name: str(s, "name"), Target: str(s, "objective"),
			Indicator: obsHas(sli, "events") || obsHas(sli, "raw") || obsHas(sli, "plugin"),
		})
	}
	return out
}

// obsDatadogSLOs reads Datadog SLO definitions kept as JSON or YAML: a
// mapping (or a list of them) with thresholds and a metric or monitor type.
func obsDatadogSLOs(p string, doc *yaml.Node) []obsSLO {
	var out []obsSLO
	check := func(n *yaml.Node, kp string) {
		th := items(get(n, "thresholds"))
		typ := str(n, "type")
		if len(th) == 0 || (typ != "metric" && typ != "monitor" && typ != "time_slice") {
			return
		}
		out = append(out, obsSLO{
			Path: p, Line: n.Line, KeyPath: kp, Format: "Datadog", Kind: "SLO", Name: str(n, "name"),
			Target: str(th[0], "target"), Indicator: get(n, "query") != nil || get(n, "sli_specification") != nil,
		})
	}
	if doc.Kind == yaml.SequenceNode {
		for i, it := range items(doc) {
			check(it, fmt.Sprintf("[%d]", i))
		}
	} else {
		check(doc, "")
	}
	return out
}

// obsSLORun reports SLO files (OPS08-BP04, and OPS08-BP02 where they define
// their indicators) and burn-rate alerts (OPS08-BP04), one hit per file.
func obsSLORun(_ context.Context, t *Tree) []Hit {
	var hits []Hit
	var paths []string
	by := map[string][]obsSLO{}
	for _, s := range obsSLOModel(t) {
		if by[s.Path] == nil {
			paths = append(paths, s.Path)
		}
		by[s.Path] = append(by[s.Path], s)
	}
	for _, p := range paths {
		hits = append(hits, obsSLOFileHits(by[p])...)
	}
	return append(hits, obsBurnRateHits(t)...)
}

func obsSLOFileHits(slos []obsSLO) []Hit {
	var hits []Hit
	var objectives []string
	var first *obsSLO
	for i, s := range slos {
		if s.Kind != "SLO" {
			continue
		}
		d := s.Name
		if d == "" {
			d = "unnamed"
		}
		if s.Target != "" {
			d += " at " + s.Target
		}
		objectives = append(objectives, d)
		if first == nil {
			first = &slos[i]
		}
	}
	if first != nil {
		hits = append(hits, Hit{Practice: "OPS08-BP04", Confidence: Strong, Proof: Proof{
			Path: first.Path, Line: first.Line, KeyPath: first.KeyPath,
			Summary: fmt.Sprintf("%s file sets %s as code (%s)", slos[0].Format, obsPlural(len(objectives), "service-level objective"), obsNames(objectives, 2)),
		}})
	}
	for _, s := range slos {
		if !s.Indicator {
			continue
		}
		what := "SLO"
		if s.Kind == "SLI" {
			what = "SLI"
		}
		hits = append(hits, Hit{Practice: "OPS08-BP02", Confidence: Strong, Proof: Proof{
			Path: s.Path, Line: s.Line, KeyPath: s.KeyPath,
			Summary: fmt.Sprintf("%s %s %q defines the service-level indicator it measures from the workload's metrics", s.Format, what, s.Name),
		}})
		break
	}
	if first == nil && len(hits) == 0 {
		s := slos[0]
		hits = append(hits, Hit{Practice: "OPS08-BP04", Confidence: Partial, Proof: Proof{
			Path: s.Path, Line: s.Line, KeyPath: s.KeyPath,
			Summary: fmt.Sprintf("%s %s %q alerts on a service-level objective declared elsewhere", s.Format, s.Kind, s.Name),
		}})
	}
	return hits
}

// obsBurnRateHits reports alerts on error-budget burn rates, and rules that
// Sloth or Pyrra generated from SLOs (they record the objective).
func obsBurnRateHits(t *Tree) []Hit {
	var hits []Hit
	seen := map[string]bool{}
	for _, r := range obsRuleModel(t).Rules {
		if seen[r.Path] {
			continue
		}
		var summary string
		switch burn, multi := promqlBurnRate(r.Expr); {
		case r.IsAlert() && burn && multi:
			summary = fmt.Sprintf("alert %q fires when the error budget burns too fast over a long and a short window", r.Alert)
		case r.IsAlert() && burn:
			summary = fmt.Sprintf("alert %q fires when the error budget burns too fast", r.Alert)
		case !r.IsAlert() && strings.HasPrefix(r.Record, "slo:objective") || r.Labels["sloth_slo"] != "" && !r.IsAlert():
			summary = fmt.Sprintf("recording rule %q records a service-level objective (rules generated from an SLO)", r.Record)
		default:
			continue
		}
		seen[r.Path] = true
		hits = append(hits, Hit{Practice: "OPS08-BP04", Confidence: Strong, Proof: Proof{Path: r.Path, Line: r.Line, KeyPath: r.KeyPath, Summary: summary}})
	}
	return hits
}
