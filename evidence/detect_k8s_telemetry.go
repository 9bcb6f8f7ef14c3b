package evidence

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// k8s-telemetry: monitoring of the workload configured in its Kubernetes
// objects. Workload telemetry (OPS04-BP02): ServiceMonitors and PodMonitors
// (and their VictoriaMetrics and Google Managed Prometheus twins),
// prometheus.io/scrape annotations, OpenTelemetry Collectors, log shippers
// and monitoring agents run as DaemonSets or Deployments, and monitoring
// charts installed as dependencies or releases. Dependency telemetry
// (OPS04-BP04): blackbox Probe objects and OpenTelemetry auto-instrumentation
// (which instruments HTTP and database clients). Traceability (OPS04-BP05):
// auto-instrumentation and Collectors with a traces pipeline. A pod's
// health probes are not telemetry.

func init() {
	register(Detector{Name: "k8s-telemetry", Run: k8sTelemetryRun})
}

const (
	practiceWorkloadTelemetry = "OPS04-BP02"
	practiceDepTelemetry      = "OPS04-BP04"
	practiceTracing           = "OPS04-BP05"
)

func k8sTelemetryRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		conf := Strong
		if on, _ := o.Enabled(); !on {
			conf = Partial
		}
		k8sTelemetryObject(o, conf, &h)
		if o.Workload() && conf == Strong {
			k8sTelemetryWorkload(o, &h)
		}
		if o.Is("", "Service") && o.Annotations["prometheus.io/scrape"] == "true" && conf == Strong {
			h.obj(practiceWorkloadTelemetry, Strong, o, "metadata.annotations", fmt.Sprintf("Service %s is annotated prometheus.io/scrape, so Prometheus collects its metrics", k8sName(o)))
		}
	}
	k8sTelemetryValues(m, &h)
	k8sTelemetryCharts(m, &h)
	return h.result()
}

// k8sTelemetryObject reports monitoring custom resources.
func k8sTelemetryObject(o *k8sObject, conf Confidence, h *k8sHits) {
	off := ""
	if conf == Partial {
		off = " (turned off in the chart's values)"
	}
	g := o.Group()
	switch {
	case g == "monitoring.coreos.com" && (o.Kind == "ServiceMonitor" || o.Kind == "PodMonitor"),
		g == "operator.victoriametrics.com" && (o.Kind == "VMServiceScrape" || o.Kind == "VMPodScrape"),
		g == "monitoring.googleapis.com" && (o.Kind == "PodMonitoring" || o.Kind == "ClusterPodMonitoring"):
		h.obj(practiceWorkloadTelemetry, conf, o, "spec", fmt.Sprintf("%s %s has Prometheus scrape the metrics of %s%s", o.Kind, k8sName(o), k8sMonitorTarget(o), off))
	case k8sAgentCRs[g+"/"+o.Kind] != "":
		what := o.Kind
		if strings.HasPrefix(g, "logging.") {
			what = "logging operator " + o.Kind
		}
		h.obj(practiceWorkloadTelemetry, conf, o, "spec", fmt.Sprintf("%s %s %s%s", what, k8sName(o), k8sAgentCRs[g+"/"+o.Kind], off))
	case g == "monitoring.coreos.com" && o.Kind == "Probe":
		h.obj(practiceDepTelemetry, conf, o, "spec", fmt.Sprintf("Probe %s checks endpoints through a blackbox prober%s", k8sName(o), off))
	case g == "opentelemetry.io" && o.Kind == "OpenTelemetryCollector":
		mode := k8sOr(o.Str("spec", "mode"), "deployment")
		h.obj(practiceWorkloadTelemetry, conf, o, "spec", fmt.Sprintf("OpenTelemetryCollector %s runs a collector (%s mode) for the workload's telemetry%s", k8sName(o), mode, off))
		if k8sCollectorTraces(o) {
			h.obj(practiceTracing, conf, o, "spec.config", fmt.Sprintf("OpenTelemetryCollector %s has a traces pipeline that receives and exports traces%s", k8sName(o), off))
		}
	case g == "opentelemetry.io" && o.Kind == "Instrumentation":
		sum := fmt.Sprintf("OpenTelemetry Instrumentation %s auto-instruments the workload's services, their HTTP and database clients included%s", k8sName(o), off)
		h.obj(practiceDepTelemetry, conf, o, "spec", sum)
		prop := o.Str("spec", "propagators")
		var props []string
		for _, p := range items(get(o.Node, "spec", "propagators")) {
			props = append(props, o.Text(p))
		}
		if prop != "" {
			props = append(props, prop)
		}
		how := "exports traces"
		if len(props) > 0 {
			how = "propagates trace context (" + k8sList(props, 3) + ")"
		}
		h.obj(practiceTracing, conf, o, "spec", fmt.Sprintf("OpenTelemetry Instrumentation %s %s across the auto-instrumented services%s", k8sName(o), how, off))
	}
}

// k8sAgentCRs are operator resources that deploy telemetry agents or log
// pipelines, by group/kind.
var k8sAgentCRs = map[string]string{
	"datadoghq.com/DatadogAgent":           "deploys the Datadog agent",
	"dynatrace.com/DynaKube":               "deploys Dynatrace monitoring",
	"agent.k8s.elastic.co/Agent":           "deploys the Elastic Agent",
	"beat.k8s.elastic.co/Beat":             "deploys an Elastic Beat shipping logs or metrics",
	"monitoring.grafana.com/GrafanaAgent":  "deploys the Grafana Agent",
	"fluentbit.fluent.io/FluentBit":        "deploys the Fluent Bit log shipper",
	"fluentbit.fluent.io/ClusterOutput":    "sends collected logs to a log store",
	"logging.banzaicloud.io/Flow":          "routes the workload's logs to an output",
	"logging.kube-logging.dev/Flow":        "routes the workload's logs to an output",
	"logging.banzaicloud.io/ClusterFlow":   "routes the cluster's logs to an output",
	"logging.kube-logging.dev/ClusterFlow": "routes the cluster's logs to an output",
	"operator.victoriametrics.com/VMAgent": "runs a VictoriaMetrics agent that scrapes metrics",
	"monitoring.coreos.com/Prometheus":     "runs a Prometheus server that scrapes the workload",
	"monitoring.coreos.com/ScrapeConfig":   "adds a Prometheus scrape configuration",
	"opentelemetry.io/OpAMPBridge":         "manages OpenTelemetry Collectors",
	"newrelic.com/NRIBundle":               "deploys the New Relic Kubernetes integration",
}

// k8sMonitorTarget describes what a ServiceMonitor or PodMonitor selects.
func k8sMonitorTarget(o *k8sObject) string {
	var sel []string
	pairs(get(o.Node, "spec", "selector", "matchLabels"), func(k string, _, v *yaml.Node) {
		if val := o.Text(v); !k8sTemplated(val) {
			sel = append(sel, k+"="+val)
		}
	})
	sort.Strings(sel)
	if len(sel) == 0 {
		if o.Chart != nil {
			return fmt.Sprintf("chart %q's pods", o.Chart.Name)
		}
		return "the selected pods"
	}
	return "pods labelled " + k8sList(sel, 2)
}

// k8sCollectorTraces reports a Collector config with a traces pipeline.
func k8sCollectorTraces(o *k8sObject) bool {
	cfg := get(o.Node, "spec", "config")
	if cfg != nil && cfg.Kind == yaml.ScalarNode && strings.Contains(cfg.Value, "pipelines") {
		if docs, err := decodeYAML([]byte(cfg.Value)); err == nil && len(docs) > 0 {
			cfg = docs[0]
		}
	}
	traces := false
	pairs(get(cfg, "service", "pipelines"), func(k string, _, _ *yaml.Node) {
		traces = traces || k == "traces" || strings.HasPrefix(k, "traces/")
	})
	return traces
}

// k8sAgents maps container image names to the telemetry agent they run.
var k8sAgents = map[string]string{
	"fluent-bit": "the Fluent Bit log shipper", "fluentbit": "the Fluent Bit log shipper", "aws-for-fluent-bit": "the Fluent Bit log shipper",
	"fluentd": "the Fluentd log shipper", "fluentd-kubernetes-daemonset": "the Fluentd log shipper",
	"timberio/vector": "the Vector log shipper", "promtail": "Promtail, shipping logs to Loki",
	"grafana/agent": "the Grafana Agent", "grafana/alloy": "Grafana Alloy",
	"datadog/agent": "the Datadog agent", "datadoghq/agent": "the Datadog agent",
	"newrelic/infrastructure-k8s": "the New Relic infrastructure agent", "newrelic/infrastructure": "the New Relic infrastructure agent",
	"opentelemetry-collector": "the OpenTelemetry Collector", "opentelemetry-collector-contrib": "the OpenTelemetry Collector",
	"opentelemetry-collector-k8s": "the OpenTelemetry Collector", "splunk-otel-collector": "the Splunk OpenTelemetry Collector",
	"filebeat": "Filebeat", "metricbeat": "Metricbeat", "elastic-agent": "the Elastic Agent",
	"node-exporter": "the Prometheus node exporter", "cloudwatch-agent": "the CloudWatch agent",
	"kube-state-metrics": "kube-state-metrics", "dynatrace/oneagent": "Dynatrace OneAgent",
}

// k8sAgentOf returns the agent an image runs, or "".
func k8sAgentOf(image string) string {
	image = strings.ToLower(image)
	if i := strings.IndexAny(image, "@"); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	base := path.Base(image)
	if a := k8sAgents[path.Base(path.Dir(image))+"/"+base]; a != "" {
		return a
	}
	if a := k8sAgents[base]; a != "" && base != "agent" && base != "infrastructure" {
		return a
	}
	return ""
}

// k8sTelemetryWorkload reports agents run by the workload's objects, the
// prometheus.io/scrape annotation on pods, and OpenTelemetry injection.
func k8sTelemetryWorkload(o *k8sObject, h *k8sHits) {
	for _, c := range items(get(o.PodTemplate(), "spec", "containers")) {
		if a := k8sAgentOf(o.Text(get(c, "image"))); a != "" {
			where := ""
			if o.Kind == "DaemonSet" {
				where = " on every node"
			}
			h.obj(practiceWorkloadTelemetry, Strong, o, "", fmt.Sprintf("%s runs %s%s", o.Ref(), a, where))
			break
		}
	}
	ann := k8sStringMap(get(o.PodTemplate(), "metadata", "annotations"))
	if o.Text(get(o.PodTemplate(), "metadata", "annotations", "prometheus.io/scrape")) == "true" {
		h.obj(practiceWorkloadTelemetry, Strong, o, "", fmt.Sprintf("the pods of %s are annotated prometheus.io/scrape, so Prometheus collects their metrics", o.Ref()))
	}
	var langs []string
	for k := range ann {
		lang, ok := strings.CutPrefix(k, "instrumentation.opentelemetry.io/inject-")
		v := o.Text(get(o.PodTemplate(), "metadata", "annotations", k))
		if ok && !strings.EqualFold(v, "false") && strings.TrimSpace(v) != "" {
			langs = append(langs, lang)
		}
	}
	sort.Strings(langs)
	if len(langs) > 0 {
		sum := fmt.Sprintf("%s is auto-instrumented by the OpenTelemetry Operator (%s): its requests and client calls are traced", o.Ref(), strings.Join(langs, ", "))
		h.obj(practiceTracing, Strong, o, "", sum)
		h.obj(practiceDepTelemetry, Strong, o, "", sum)
	}
}

// k8sTelemetryValues reports Helm values that annotate pods for scraping
// or configure the Datadog or New Relic charts.
func k8sTelemetryValues(m *k8sModel, h *k8sHits) {
	for _, v := range m.ValuesFiles {
		if k8sIncidentalPath(v.Path) {
			continue
		}
		if what, key := k8sAgentValues(v.Doc); what != "" {
			h.add(practiceWorkloadTelemetry, Strong, v.Path, k8sKeyLine(v.Doc, key), key, "Helm values configure "+what)
		}
		walkNodes(v.Doc, func(n *yaml.Node) bool {
			if n.Kind != yaml.MappingNode {
				return true
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "prometheus.io/scrape" && n.Content[i+1].Value == "true" {
					h.add(practiceWorkloadTelemetry, Strong, v.Path, n.Content[i].Line, "", "Helm values annotate the pods with prometheus.io/scrape, so Prometheus collects their metrics")
					return false
				}
			}
			return true
		})
	}
}

// k8sAgentValues recognises values for the Datadog and New Relic charts.
func k8sAgentValues(doc *yaml.Node) (what, key string) {
	if dd := get(doc, "datadog"); dd != nil && dd.Kind == yaml.MappingNode {
		for _, k := range []string{"apiKey", "apiKeyExistingSecret", "site", "clusterName", "logs", "apm"} {
			if get(dd, k) != nil {
				return "the Datadog agent", "datadog"
			}
		}
	}
	for _, k := range []string{"newrelic-infrastructure", "nri-kube-events", "nri-metadata-injection", "newrelic-logging"} {
		if n := get(doc, k); n != nil && n.Kind == yaml.MappingNode {
			return "the New Relic Kubernetes integration", k
		}
	}
	if get(doc, "global", "licenseKey") != nil && get(doc, "global", "cluster") != nil {
		return "the New Relic Kubernetes integration", "global"
	}
	return "", ""
}

// k8sMonitoringCharts are charts that deploy monitoring; the value says
// which practice they serve.
var k8sMonitoringCharts = map[string]string{
	"kube-prometheus-stack": practiceWorkloadTelemetry, "prometheus": practiceWorkloadTelemetry, "prometheus-operator": practiceWorkloadTelemetry,
	"victoria-metrics-k8s-stack": practiceWorkloadTelemetry, "victoria-metrics-agent": practiceWorkloadTelemetry,
	"loki": practiceWorkloadTelemetry, "loki-stack": practiceWorkloadTelemetry, "promtail": practiceWorkloadTelemetry,
	"fluent-bit": practiceWorkloadTelemetry, "fluentd": practiceWorkloadTelemetry, "vector": practiceWorkloadTelemetry,
	"datadog": practiceWorkloadTelemetry, "datadog-operator": practiceWorkloadTelemetry, "newrelic-bundle": practiceWorkloadTelemetry,
	"nri-bundle": practiceWorkloadTelemetry, "opentelemetry-collector": practiceWorkloadTelemetry, "grafana-agent": practiceWorkloadTelemetry,
	"alloy": practiceWorkloadTelemetry, "k8s-monitoring": practiceWorkloadTelemetry, "elastic-agent": practiceWorkloadTelemetry,
	"filebeat": practiceWorkloadTelemetry, "metricbeat": practiceWorkloadTelemetry, "prometheus-node-exporter": practiceWorkloadTelemetry,
	"kube-state-metrics": practiceWorkloadTelemetry, "splunk-otel-collector": practiceWorkloadTelemetry, "dynatrace-operator": practiceWorkloadTelemetry,
	"signoz": practiceWorkloadTelemetry, "prometheus-blackbox-exporter": practiceDepTelemetry,
}

// k8sTelemetryCharts reports monitoring charts the repository installs:
// chart dependencies, Flux HelmReleases, Argo CD Applications, helmfile
// releases.
func k8sTelemetryCharts(m *k8sModel, h *k8sHits) {
	report := func(chart, p string, line int, via string) {
		name := path.Base(chart)
		practice := k8sMonitoringCharts[name]
		if practice == "" {
			return
		}
		what := "installs monitoring"
		if practice == practiceDepTelemetry {
			what = "installs blackbox probing"
		}
		h.add(practice, Strong, p, line, "", fmt.Sprintf("%s %s: the %s chart", via, what, name))
	}
	for _, c := range m.Charts {
		for _, d := range c.Deps {
			report(d.Name, c.Path, d.Line, fmt.Sprintf("Helm chart %q", c.Name))
		}
	}
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		switch {
		case o.Is("toolkit.fluxcd.io", "HelmRelease"):
			report(o.Str("spec", "chart", "spec", "chart"), o.Path, o.KeyLine("spec", "chart"), fmt.Sprintf("Flux HelmRelease %s", k8sName(o)))
		case o.Is("argoproj.io", "Application"):
			for _, s := range append([]*yaml.Node{get(o.Node, "spec", "source")}, items(get(o.Node, "spec", "sources"))...) {
				if c := o.Text(get(s, "chart")); c != "" {
					report(c, o.Path, o.KeyLine("spec"), fmt.Sprintf("Argo CD Application %s", k8sName(o)))
				}
			}
		}
	}
	for _, hf := range m.Helmfiles {
		for _, r := range hf.Releases {
			report(r.Chart, hf.Path, r.Line, "helmfile release "+k8sQuoteOr(k8sOr(r.Name, "")))
		}
	}
}
