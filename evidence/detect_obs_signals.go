package evidence

import (
	"context"
	"strings"
)

// Detectors over the telemetry model (detect_obs_telemetry.go): workload
// telemetry collected as code (OPS04-BP02), probes of dependencies
// (OPS04-BP04), distributed tracing (OPS04-BP05) and status pages
// (OPS10-BP06). One hit per file and kind is enough for a reviewer.

func init() {
	register(
		Detector{Name: "obs-collectors", Run: obsSignalDetector(obsKindCollector, "OPS04-BP02")},
		Detector{Name: "obs-log-shipping", Run: obsSignalDetector(obsKindLogs, "OPS04-BP02")},
		Detector{Name: "obs-probes", Run: obsSignalDetector(obsKindProbe, "OPS04-BP04")},
		Detector{Name: "obs-status-pages", Run: obsSignalDetector(obsKindStatus, "OPS10-BP06")},
		Detector{Name: "obs-tracing", Run: obsTracingRun},
	)
}

// obsSignalDetector reports the signals of one kind, the first of each file.
func obsSignalDetector(kind, practice string) func(context.Context, *Tree) []Hit {
	return func(_ context.Context, t *Tree) []Hit {
		return obsSignalHits(obsSignalModel(t), practice, func(s obsSignal) bool { return s.Kind == kind })
	}
}

// obsTracingRun reports configurations that carry traces: OTel Collector
// traces pipelines, Tempo, Jaeger, Grafana Agent or Alloy traces.
func obsTracingRun(_ context.Context, t *Tree) []Hit {
	return obsSignalHits(obsSignalModel(t), "OPS04-BP05", func(s obsSignal) bool { return s.Traces })
}

func obsSignalHits(signals []obsSignal, practice string, keep func(obsSignal) bool) []Hit {
	var hits []Hit
	seen := map[string]bool{}
	for _, s := range signals {
		if !keep(s) || seen[s.Path] {
			continue
		}
		seen[s.Path] = true
		conf := Strong
		if s.Weak {
			conf = Partial
		}
		summary := s.Summary
		if practice == "OPS04-BP05" && !strings.Contains(summary, "trace") {
			summary += ", including traces"
		}
		hits = append(hits, Hit{Practice: practice, Confidence: conf, Proof: Proof{Path: s.Path, Line: s.Line, KeyPath: s.KeyPath, Summary: summary}})
	}
	return hits
}
