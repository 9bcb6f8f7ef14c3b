package evidence

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// The telemetry model: collectors, agents, exporters, log shippers, probes
// and status pages configured as code, read once per tree. Each entry says
// what kind of thing it is and what it shows; the detectors in
// detect_obs_signals.go choose the kinds that prove their practice.

// obsSignal is one telemetry configuration found in the repository.
type obsSignal struct {
	Kind    string // see the obsKind* constants
	Path    string
	Line    int
	KeyPath string
	Summary string // what the configuration does, one sentence
	Traces  bool   // carries traces (an OTel traces pipeline, a trace backend)
	Weak    bool   // intent only (a local-development container, unused modules)
}

// Kinds of telemetry configuration.
const (
	obsKindCollector = "collector" // metrics or agent collection (Prometheus, OTel, CloudWatch agent…)
	obsKindLogs      = "logs"      // log shipping (Fluent Bit, Vector, Promtail…)
	obsKindTracing   = "tracing"   // trace backends (Tempo, Jaeger)
	obsKindProbe     = "probe"     // synthetic or blackbox checks of endpoints
	obsKindStatus    = "status"    // status pages
)

// obsSignalModel returns the tree's telemetry configurations, built once.
func obsSignalModel(t *Tree) []obsSignal {
	return obsCached(t, "signals", func(t *Tree) []obsSignal {
		var out []obsSignal
		for _, f := range obsCandidateDocs(t) {
			p := f.Path
			for _, doc := range f.Docs {
				out = append(out, obsSignalsOfDoc(p, doc)...)
			}
		}
		out = append(out, obsTextSignals(t)...)
		sort.SliceStable(out, func(i, j int) bool {
			if out[i].Path != out[j].Path {
				return out[i].Path < out[j].Path
			}
			return out[i].Line < out[j].Line
		})
		return out
	})
}

var obsSignalMarkers = []string{"scrape_configs", "receivers:", "[OUTPUT]", "job_name", "pipelines:", "sinks:", "logs_collected", "metrics_collected"}

// obsSignalsOfDoc classifies the telemetry configuration in one document.
func obsSignalsOfDoc(p string, doc *yaml.Node) []obsSignal {
	doc = deref(doc)
	if doc == nil {
		return nil
	}
	out := obsTopLevelSignals(p, doc)
	obsWalk(doc, obsSignalMarkers, func(o obsNode) bool {
		if o.N.Kind != yaml.MappingNode {
			return true
		}
		if s, ok := obsMappingSignal(p, o); ok {
			out = append(out, s...)
			return false
		}
		pairs(o.N, func(k string, _, v *yaml.Node) {
			if v != nil && v.Kind == yaml.ScalarNode && strings.Contains(v.Value, "[OUTPUT]") {
				off := o.LineOff + v.Line
				if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
					off--
				}
				out = append(out, obsFluentBitSignals(p, v.Value, off, obsJoinKey(o.KeyPath, k))...)
			}
		})
		return true
	})
	return out
}

// obsMappingSignal recognises a configuration at any depth of a document
// (so also inside Helm values and ConfigMap strings).
func obsMappingSignal(p string, o obsNode) ([]obsSignal, bool) {
	n := o.N
	at := func(key, kind, summary string) obsSignal {
		line := obsKeyLine(n, key)
		if line == 0 {
			line = n.Line
		}
		return obsSignal{Kind: kind, Path: p, Line: line + o.LineOff, KeyPath: obsJoinKey(o.KeyPath, key), Summary: summary}
	}
	if jobs := obsScrapeJobs(get(n, "scrape_configs")); len(jobs) > 0 {
		if obsHas(n, "clients") || obsHas(n, "client") || obsHas(n, "positions") {
			return []obsSignal{at("scrape_configs", obsKindLogs, fmt.Sprintf("Promtail ships logs to Loki from %s (%s)", obsPlural(len(jobs), "scrape job"), obsNames(jobs, 3)))}, true
		}
		out := []obsSignal{at("scrape_configs", obsKindCollector, fmt.Sprintf("Prometheus scrape configuration collects metrics from %s (%s)", obsPlural(len(jobs), "job"), obsNames(jobs, 3)))}
		return append(out, obsProbeJobs(p, get(n, "scrape_configs"), o)...), true
	}
	for _, k := range []string{"additionalScrapeConfigs", "extraScrapeConfigs"} {
		if jobs := obsScrapeJobs(get(n, k)); len(jobs) > 0 {
			return []obsSignal{at(k, obsKindCollector, fmt.Sprintf("Prometheus scrape configuration (Helm value %s) collects metrics from %s (%s)", k, obsPlural(len(jobs), "job"), obsNames(jobs, 3)))}, true
		}
	}
	if pipes := get(n, "service", "pipelines"); pipes != nil && pipes.Kind == yaml.MappingNode && obsHas(n, "receivers") && obsHas(n, "exporters") {
		var names []string
		traces := false
		pairs(pipes, func(k string, _, _ *yaml.Node) {
			names = append(names, k)
			traces = traces || k == "traces" || strings.HasPrefix(k, "traces/")
		})
		s := at("service", obsKindCollector, fmt.Sprintf("OpenTelemetry Collector runs %s (%s) from receivers %s", obsPlural(len(names), "pipeline"), strings.Join(names, ", "), obsKeys(get(n, "receivers"))))
		s.KeyPath = obsJoinKey(o.KeyPath, "service.pipelines")
		s.Traces = traces
		return []obsSignal{s}, true
	}
	if src, sinks := get(n, "sources"), get(n, "sinks"); obsTypedMap(src) && obsTypedMap(sinks) {
		return []obsSignal{at("sinks", obsKindLogs, fmt.Sprintf("Vector ships data from sources %s to sinks %s", obsKeys(src), obsKeys(sinks)))}, true
	}
	if in, outp := get(n, "pipeline", "inputs"), get(n, "pipeline", "outputs"); len(items(in)) > 0 && len(items(outp)) > 0 {
		return []obsSignal{at("pipeline", obsKindLogs, fmt.Sprintf("Fluent Bit pipeline ships %s to %s", obsItemNames(in), obsItemNames(outp)))}, true
	}
	return nil, false
}

// obsScrapeJobs returns the job names of a scrape_configs sequence.
func obsScrapeJobs(n *yaml.Node) []string {
	var jobs []string
	for _, j := range items(n) {
		if name := str(j, "job_name"); name != "" {
			jobs = append(jobs, name)
		}
	}
	return jobs
}

// obsProbeJobs finds scrape jobs that go through the blackbox exporter
// (metrics_path /probe with a module): probes of endpoints.
func obsProbeJobs(p string, jobs *yaml.Node, o obsNode) []obsSignal {
	var out []obsSignal
	for _, j := range items(jobs) {
		if !strings.Contains(str(j, "metrics_path"), "probe") || get(j, "params", "module") == nil {
			continue
		}
		targets := 0
		for _, sc := range items(get(j, "static_configs")) {
			targets += len(items(get(sc, "targets")))
		}
		what := "its discovered targets"
		if targets > 0 {
			what = obsPlural(targets, "target")
		}
		out = append(out, obsSignal{Kind: obsKindProbe, Path: p, Line: j.Line + o.LineOff, KeyPath: o.KeyPath,
			Summary: fmt.Sprintf("scrape job %q probes %s through the blackbox exporter", str(j, "job_name"), what)})
	}
	return out
}

// obsTypedMap reports whether n maps names to components with a type.
func obsTypedMap(n *yaml.Node) bool {
	ok := false
	pairs(n, func(_ string, _, v *yaml.Node) { ok = ok || str(v, "type") != "" })
	return ok
}

// obsKeys lists a mapping's keys, three at most.
func obsKeys(n *yaml.Node) string {
	var ks []string
	pairs(n, func(k string, _, _ *yaml.Node) { ks = append(ks, k) })
	return obsNames(ks, 3)
}

// obsItemNames lists the name fields of a sequence, three at most.
func obsItemNames(n *yaml.Node) string {
	var ks []string
	for _, it := range items(n) {
		ks = append(ks, str(it, "name"))
	}
	return obsNames(ks, 3)
}

var obsComposeFile = regexp.MustCompile(`(^|/)(docker-)?compose[^/]*\.ya?ml$`)

// obsTopLevelSignals recognises whole-file configurations by their
// top-level keys or Kubernetes kind.
func obsTopLevelSignals(p string, doc *yaml.Node) []obsSignal {
	base := path.Base(p)
	api, kind := k8sKind(doc)
	at := func(key, k, summary string) []obsSignal {
		line := obsKeyLine(doc, key)
		if line == 0 {
			line = doc.Line
		}
		return []obsSignal{{Kind: k, Path: p, Line: line, KeyPath: key, Summary: summary}}
	}
	switch {
	case obsComposeFile.MatchString(p):
		return obsComposeSignals(p, doc)
	case kind == "Probe" && strings.HasPrefix(api, "monitoring.coreos.com/"):
		n := len(items(get(doc, "spec", "targets", "staticConfig", "static")))
		return at("spec", obsKindProbe, fmt.Sprintf("Probe %q checks %s through the blackbox exporter", str(doc, "metadata", "name"), obsPlural(n, "static target")))
	case kind == "Jaeger" && strings.HasPrefix(api, "jaegertracing.io/"):
		s := at("spec", obsKindTracing, fmt.Sprintf("Jaeger instance %q collects traces", str(doc, "metadata", "name")))
		s[0].Traces = true
		return s
	case kind == "DatadogAgent" && strings.HasPrefix(api, "datadoghq.com/"):
		return at("spec", obsKindCollector, fmt.Sprintf("DatadogAgent %q deploys the Datadog agent", str(doc, "metadata", "name")))
	case get(doc, "metrics", "metrics_collected") != nil || get(doc, "logs", "logs_collected") != nil:
		return at("agent", obsKindCollector, "CloudWatch agent configuration collects "+obsCWAgentParts(doc))
	case get(doc, "distributor", "receivers") != nil && get(doc, "storage", "trace") != nil:
		s := at("distributor", obsKindTracing, "Grafana Tempo configuration receives and stores traces")
		s[0].Traces = true
		return s
	case get(doc, "traces", "configs") != nil:
		s := at("traces", obsKindTracing, "Grafana Agent configuration collects traces")
		s[0].Traces = true
		return s
	case (base == "datadog.yaml" || base == "datadog.yml") && (obsHas(doc, "api_key") || obsHas(doc, "site") || obsHas(doc, "logs_enabled") || obsHas(doc, "apm_config")):
		return at("", obsKindCollector, "Datadog agent configuration"+obsDatadogParts(doc))
	case strings.Contains(p, "conf.d/") && strings.HasSuffix(path.Dir(p), ".d") && len(items(get(doc, "instances"))) > 0:
		check := strings.TrimSuffix(path.Base(path.Dir(p)), ".d")
		return at("instances", obsKindCollector, fmt.Sprintf("Datadog agent check %q collects from %s", check, obsPlural(len(items(get(doc, "instances"))), "instance")))
	case obsDatadogValues(doc):
		return at("datadog", obsKindCollector, "Helm values deploy the Datadog agent"+obsDatadogParts(get(doc, "datadog")))
	case strings.HasPrefix(base, "newrelic-infra") && obsHas(doc, "license_key"):
		return at("license_key", obsKindCollector, "New Relic infrastructure agent configuration")
	case obsHas(doc, "filebeat.inputs") || obsHas(doc, "filebeat.autodiscover") || get(doc, "filebeat", "inputs") != nil:
		return at("filebeat.inputs", obsKindLogs, "Filebeat configuration ships logs"+obsBeatOutput(doc))
	case obsHas(doc, "metricbeat.modules"):
		return at("metricbeat.modules", obsKindCollector, "Metricbeat configuration collects metrics"+obsBeatOutput(doc))
	case len(items(get(doc, "heartbeat.monitors"))) > 0:
		return at("heartbeat.monitors", obsKindProbe, fmt.Sprintf("Heartbeat checks %s", obsPlural(len(items(get(doc, "heartbeat.monitors"))), "endpoint")))
	case len(items(get(doc, "metrics"))) > 0 && str(items(get(doc, "metrics"))[0], "aws_namespace") != "":
		return at("metrics", obsKindCollector, fmt.Sprintf("CloudWatch exporter exports %s to Prometheus", obsPlural(len(items(get(doc, "metrics"))), "CloudWatch metric")))
	case len(items(get(doc, "discovery", "jobs"))) > 0 && str(items(get(doc, "discovery", "jobs"))[0], "type") != "":
		return at("discovery", obsKindCollector, fmt.Sprintf("YACE exports CloudWatch metrics of %s to Prometheus", obsPlural(len(items(get(doc, "discovery", "jobs"))), "AWS service job")))
	}
	return obsProbeAndStatus(p, doc)
}

func obsCWAgentParts(doc *yaml.Node) string {
	var parts []string
	if m := get(doc, "metrics", "metrics_collected"); m != nil {
		parts = append(parts, "metrics ("+strings.Trim(obsKeys(m), "")+")")
	}
	if l := get(doc, "logs", "logs_collected"); l != nil {
		parts = append(parts, "logs ("+obsKeys(l)+")")
	}
	return strings.Join(parts, " and ")
}

func obsDatadogParts(n *yaml.Node) string {
	var parts []string
	for _, k := range []string{"logs_enabled", "logs", "apm_config", "apm", "process_config", "processAgent"} {
		if obsHas(n, k) {
			parts = append(parts, strings.TrimSuffix(strings.TrimSuffix(k, "_config"), "_enabled"))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(obsUniq(parts), ", ") + " settings"
}

// obsDatadogValues recognises values for the Datadog Helm chart.
func obsDatadogValues(doc *yaml.Node) bool {
	dd := get(doc, "datadog")
	return dd != nil && dd.Kind == yaml.MappingNode && (obsHas(dd, "apiKey") || obsHas(dd, "apiKeyExistingSecret") || obsHas(dd, "site") || obsHas(dd, "clusterName"))
}

func obsBeatOutput(doc *yaml.Node) string {
	var outs []string
	pairs(doc, func(k string, _, _ *yaml.Node) {
		if strings.HasPrefix(k, "output.") {
			outs = append(outs, strings.TrimPrefix(k, "output."))
		}
	})
	pairs(get(doc, "output"), func(k string, _, _ *yaml.Node) { outs = append(outs, k) })
	if len(outs) == 0 {
		return ""
	}
	return " to " + strings.Join(outs, ", ")
}
