package evidence

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Probes, status pages and monitoring containers: blackbox exporter
// modules, Gatus, Upptime, Uptime Kuma exports, Datadog synthetic tests,
// Checkly checks, and exporters or agents run from Compose files.

// obsProbeAndStatus recognises whole-file probe and status-page configs.
func obsProbeAndStatus(p string, doc *yaml.Node) []obsSignal {
	base := path.Base(p)
	sig := func(key, kind, summary string) obsSignal {
		line := obsKeyLine(doc, key)
		if line == 0 {
			line = doc.Line
		}
		return obsSignal{Kind: kind, Path: p, Line: line, KeyPath: key, Summary: summary}
	}
	switch {
	case obsBlackboxModules(doc) > 0:
		s := sig("modules", obsKindProbe, fmt.Sprintf("blackbox exporter configuration defines %s for probing endpoints", obsPlural(obsBlackboxModules(doc), "probe module")))
		s.Weak = true // modules say how to probe, not what
		return []obsSignal{s}
	case obsGatusEndpoints(doc) > 0:
		n := obsGatusEndpoints(doc)
		return []obsSignal{
			sig("endpoints", obsKindProbe, fmt.Sprintf("Gatus checks %s with conditions on status, latency or body", obsPlural(n, "endpoint"))),
			sig("endpoints", obsKindStatus, fmt.Sprintf("Gatus serves a status page for %s", obsPlural(n, "monitored endpoint"))),
		}
	case base == ".upptimerc.yml" || base == ".upptimerc.yaml":
		n := len(items(get(doc, "sites")))
		if n == 0 {
			return nil
		}
		return []obsSignal{
			sig("sites", obsKindProbe, fmt.Sprintf("Upptime checks %s on a schedule", obsPlural(n, "site"))),
			sig("sites", obsKindStatus, fmt.Sprintf("Upptime publishes a status page for %s", obsPlural(n, "site"))),
		}
	case len(items(get(doc, "monitorList"))) > 0:
		n := len(items(get(doc, "monitorList")))
		out := []obsSignal{sig("monitorList", obsKindProbe, fmt.Sprintf("Uptime Kuma export holds %s", obsPlural(n, "monitor")))}
		if obsHas(doc, "statusPageList") || obsHas(doc, "version") {
			out = append(out, sig("monitorList", obsKindStatus, fmt.Sprintf("Uptime Kuma export configures status monitoring of %s", obsPlural(n, "monitor"))))
		}
		return out
	case obsDatadogSynthetic(doc):
		return []obsSignal{sig("config", obsKindProbe, fmt.Sprintf("Datadog %s synthetic test %q checks %s", str(doc, "type"), str(doc, "name"), obsOr(str(doc, "config", "request", "url"), "an endpoint")))}
	}
	return nil
}

func obsOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// obsBlackboxModules counts blackbox exporter modules with a prober.
func obsBlackboxModules(doc *yaml.Node) int {
	n := 0
	pairs(get(doc, "modules"), func(_ string, _, v *yaml.Node) {
		if str(v, "prober") != "" {
			n++
		}
	})
	return n
}

// obsGatusEndpoints counts Gatus endpoints: a URL and conditions.
func obsGatusEndpoints(doc *yaml.Node) int {
	n := 0
	for _, e := range items(get(doc, "endpoints")) {
		if str(e, "url") != "" && len(items(get(e, "conditions"))) > 0 {
			n++
		}
	}
	return n
}

// obsDatadogSynthetic recognises a Datadog synthetic test definition.
func obsDatadogSynthetic(doc *yaml.Node) bool {
	typ := str(doc, "type")
	return (typ == "api" || typ == "browser") && get(doc, "config") != nil &&
		(get(doc, "config", "request") != nil || get(doc, "config", "assertions") != nil) && obsHas(doc, "locations")
}

// obsComposeImage classifies the images of Compose services that collect
// telemetry. Trace backends in Compose are usually local development: weak.
var obsComposeImages = []struct {
	re   *regexp.Regexp
	kind string
	what string
	weak bool
}{
	{regexp.MustCompile(`(^|/)(node-exporter|node_exporter|blackbox-exporter|cadvisor|[a-z0-9-]+[-_]exporter)(:|$)`), obsKindCollector, "an exporter", false},
	{regexp.MustCompile(`(^|/)(opentelemetry-collector[a-z-]*|otelcol[a-z-]*|agent|alloy|cloudwatch-agent|infrastructure(-bundle)?|vmagent|telegraf)(:|$)`), obsKindCollector, "a telemetry agent", false},
	{regexp.MustCompile(`(^|/)(fluent-bit|fluentd|vector|promtail|filebeat|logstash)(:|$)`), obsKindLogs, "a log shipper", false},
	{regexp.MustCompile(`(^|/)(all-in-one|jaeger[a-z-]*|zipkin|tempo)(:|$)`), obsKindTracing, "a trace backend, usually for local development", true},
}

// obsComposeSignals reads the services of a Compose file for exporters,
// agents, log shippers and trace backends.
func obsComposeSignals(p string, doc *yaml.Node) []obsSignal {
	var out []obsSignal
	pairs(get(doc, "services"), func(name string, k, v *yaml.Node) {
		img := str(v, "image")
		if img == "" {
			return
		}
		ref := strings.ToLower(img)
		if i := strings.LastIndex(ref, "@"); i >= 0 {
			ref = ref[:i]
		}
		for _, c := range obsComposeImages {
			if !c.re.MatchString(ref) || (c.what == "a telemetry agent" && !obsTelemetryVendor(ref)) {
				continue
			}
			s := obsSignal{Kind: c.kind, Path: p, Line: k.Line, KeyPath: "services." + name, Weak: c.weak,
				Summary: fmt.Sprintf("Compose service %q runs %s (%s)", name, c.what, img)}
			s.Traces = c.kind == obsKindTracing
			out = append(out, s)
			return
		}
	})
	return out
}

// obsTelemetryVendor keeps generic image names such as "agent" to the
// vendors whose agent collects telemetry.
func obsTelemetryVendor(ref string) bool {
	for _, v := range []string{"otel", "opentelemetry", "grafana/", "datadog", "newrelic", "amazon/cloudwatch", "victoriametrics", "telegraf"} {
		if strings.Contains(ref, v) {
			return true
		}
	}
	return false
}
