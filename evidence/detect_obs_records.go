package evidence

import (
	"context"
	"fmt"
	"strings"
)

// Recording rules define the workload's own series (SLIs, ratios,
// percentiles) from raw metrics (OPS08-BP02) and pre-compute them for
// dashboards and analysis (OPS08-BP03). Loki ruler rules are log queries
// saved as code (OPS08-BP03).

func init() {
	register(Detector{Name: "obs-recording-rules", Run: obsRecordsRun})
}

// obsPlatformMetric matches metrics that Kubernetes, node and runtime
// exporters expose by default: recording rules over only these aggregate
// the platform, not the workload's outcomes.
func obsPlatformMetric(m string) bool {
	for _, p := range []string{"node_", "container_", "kube_", "kubelet_", "apiserver_", "machine_", "process_", "go_", "prometheus_", "alertmanager_", "scheduler_", "etcd_", "coredns_", "workqueue_", "rest_client_", "storage_operation_", "kubeproxy_", "cluster:", "node:", "instance:", "namespace_", "node_namespace_pod", ":node_"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return m == "up" || strings.HasPrefix(m, "instance_")
}

func obsRecordsRun(_ context.Context, t *Tree) []Hit {
	paths, by := obsByFile(obsRuleModel(t).Records())
	var hits []Hit
	for _, p := range paths {
		var workload, platform, logs []string
		var firstOwn *obsRule
		for i, r := range by[p] {
			switch {
			case logqlQuery(r.Expr):
				logs = append(logs, r.Record)
			case obsOnlyPlatform(r.Expr):
				platform = append(platform, r.Record)
			default:
				workload = append(workload, r.Record)
				if firstOwn == nil {
					firstOwn = &by[p][i]
				}
			}
		}
		first := by[p][0]
		noun := obsSourceNoun(first.Source)
		if len(logs) > 0 {
			hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Strong, Proof: Proof{
				Path: p, Line: first.Line, KeyPath: first.KeyPath,
				Summary: fmt.Sprintf("%s saves %s over logs as recording rules (%s)", noun, obsPlural(len(logs), "LogQL query"), obsNames(logs, 2)),
			}})
		}
		if firstOwn != nil {
			proof := Proof{Path: p, Line: firstOwn.Line, KeyPath: firstOwn.KeyPath}
			proof.Summary = fmt.Sprintf("%s defines %s over the workload's metrics (%s)", noun, obsPlural(len(workload), "recording rule"), obsNames(workload, 2))
			hits = append(hits, Hit{Practice: "OPS08-BP02", Confidence: Strong, Proof: proof})
			proof.Summary = fmt.Sprintf("%s pre-computes %s for dashboards and analysis (%s)", noun, obsPlural(len(workload)+len(platform), "series"), obsNames(append(workload, platform...), 2))
			hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Strong, Proof: proof})
		} else if len(platform) > 0 {
			hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Partial, Proof: Proof{
				Path: p, Line: first.Line, KeyPath: first.KeyPath,
				Summary: fmt.Sprintf("%s pre-computes %s, all over default platform metrics (%s)", noun, obsPlural(len(platform), "series"), obsNames(platform, 2)),
			}})
		}
	}
	return append(hits, obsLogAlertHits(t)...)
}

// obsOnlyPlatform reports whether every metric an expression reads is a
// default platform metric.
func obsOnlyPlatform(expr string) bool {
	ms := promqlMetrics(expr)
	if len(ms) == 0 {
		return false
	}
	for _, m := range ms {
		if !obsPlatformMetric(m) {
			return false
		}
	}
	return true
}

// obsLogAlertHits reports Loki alerting rules: log queries saved as code.
func obsLogAlertHits(t *Tree) []Hit {
	paths, by := obsByFile(obsRuleModel(t).Alerts())
	var hits []Hit
	for _, p := range paths {
		var names []string
		var first *obsRule
		for i, r := range by[p] {
			if r.Source != "Datadog monitor" && logqlQuery(r.Expr) {
				names = append(names, r.Alert)
				if first == nil {
					first = &by[p][i]
				}
			}
		}
		if first != nil {
			hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Strong, Proof: Proof{
				Path: p, Line: first.Line, KeyPath: first.KeyPath,
				Summary: fmt.Sprintf("%s keeps %s as alerting rules (%s)", obsSourceNoun(first.Source), obsPlural(len(names), "LogQL query"), obsNames(names, 2)),
			}})
		}
	}
	return hits
}
