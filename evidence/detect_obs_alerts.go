package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Detectors over the alerting rules of the rule model: alerting on outcomes
// (OPS08-BP06), anomaly alerts (OPS08-BP07), a runbook per alert
// (OPS10-BP02, OPS07-BP03), priorities (OPS10-BP03), and the notification
// targets Datadog monitors name in their messages (OPS10-BP05, OPS10-BP04).

func init() {
	register(
		Detector{Name: "obs-alerts", Run: obsAlertsRun},
		Detector{Name: "obs-anomaly-alerts", Run: obsAnomalyRun},
		Detector{Name: "obs-alert-runbooks", Run: obsRunbooksRun},
		Detector{Name: "obs-alert-severity", Run: obsSeverityRun},
	)
}

// obsAlertsRun reports each file that defines alerting rules, once per file.
func obsAlertsRun(_ context.Context, t *Tree) []Hit {
	paths, by := obsByFile(obsRuleModel(t).Alerts())
	var hits []Hit
	for _, p := range paths {
		rules := by[p]
		var own, self []string
		for _, r := range rules {
			if obsSelfMonitoring.MatchString(r.Alert) {
				self = append(self, r.Alert)
			} else {
				own = append(own, r.Alert)
			}
		}
		first := rules[0]
		h := Hit{Practice: "OPS08-BP06", Confidence: Strong, Proof: Proof{Path: p, Line: first.Line, KeyPath: first.KeyPath}}
		kind := obsSourceNoun(first.Source)
		if len(own) > 0 {
			h.Proof.Summary = fmt.Sprintf("%s defines %s (%s)", kind, obsPlural(len(rules), obsAlertNoun(first.Source)), obsNames(own, 2))
		} else {
			h.Confidence = Partial
			h.Proof.Summary = fmt.Sprintf("%s defines only alerts on the monitoring stack itself (%s), none on the workload", kind, obsNames(self, 2))
		}
		hits = append(hits, h)
		hits = append(hits, obsDatadogNotify(rules)...)
	}
	return hits
}

// obsSourceNoun names where rules were declared, for summaries.
func obsSourceNoun(source string) string {
	switch source {
	case "rule file":
		return "Prometheus rule file"
	case "Loki rule file":
		return "Loki ruler file"
	case "PrometheusRule":
		return "PrometheusRule object"
	case "Helm values":
		return "Helm values file"
	case "ConfigMap":
		return "ConfigMap embedding Prometheus rules"
	case "Grafana alert rule":
		return "Grafana alerting provisioning file"
	case "Datadog monitor":
		return "Datadog monitor definition"
	}
	return source
}

func obsAlertNoun(source string) string {
	switch source {
	case "Datadog monitor":
		return "monitor"
	case "Grafana alert rule":
		return "alert rule"
	}
	return "alerting rule"
}

var (
	obsMention = regexp.MustCompile(`(?:^|[\s,(])@([A-Za-z0-9_.+-]+(?:@[A-Za-z0-9_.-]+)?)`)
	obsPaging  = regexp.MustCompile(`(?i)^(pagerduty|opsgenie|victorops|splunk-on-call|oncall|incident)`)
)

// obsDatadogNotify reports the people and channels Datadog monitors notify
// through @-mentions in their messages: one hit per file.
func obsDatadogNotify(rules []obsRule) []Hit {
	for _, r := range rules {
		if r.Source != "Datadog monitor" {
			continue
		}
		var handles, paging []string
		for _, m := range obsMention.FindAllStringSubmatch(r.Annotations["message"], -1) {
			handles = append(handles, "@"+m[1])
			if obsPaging.MatchString(m[1]) {
				paging = append(paging, "@"+m[1])
			}
		}
		if len(handles) == 0 {
			continue
		}
		proof := Proof{Path: r.Path, Line: r.Line, KeyPath: r.KeyPath}
		proof.Summary = fmt.Sprintf("Datadog monitor %q notifies %s when it triggers", r.Alert, strings.Join(obsUniq(handles), ", "))
		hits := []Hit{{Practice: "OPS10-BP05", Confidence: Strong, Proof: proof}}
		if len(paging) > 0 {
			proof.Summary = fmt.Sprintf("Datadog monitor %q pages through an on-call service (%s), whose escalation policy takes over", r.Alert, strings.Join(obsUniq(paging), ", "))
			hits = append(hits, Hit{Practice: "OPS10-BP04", Confidence: Partial, Proof: proof})
		}
		return hits
	}
	return nil
}

func obsUniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// obsAnomalyRun reports alerts that compare with past behaviour or a
// forecast, at most one per file; fixed thresholds do not count.
func obsAnomalyRun(_ context.Context, t *Tree) []Hit {
	paths, by := obsByFile(obsRuleModel(t).Alerts())
	var hits []Hit
	for _, p := range paths {
		for _, r := range by[p] {
			how := ""
			if r.Source == "Datadog monitor" {
				if f := ddAnomaly(r.Expr); f != "" {
					how = "uses Datadog's " + f + "() to compare with the metric's usual behaviour"
				}
			} else if !logqlQuery(r.Expr) {
				how = promqlAnomaly(r.Expr)
			}
			if how == "" {
				continue
			}
			hits = append(hits, Hit{Practice: "OPS08-BP07", Confidence: Strong, Proof: Proof{
				Path: p, Line: r.Line, KeyPath: r.KeyPath,
				Summary: fmt.Sprintf("%s %q %s", obsAlertNoun(r.Source), r.Alert, how),
			}})
			break
		}
	}
	return hits
}

// obsRunbooksRun reports the share of alerts that link a runbook or
// playbook (OPS10-BP02), and that runbooks exist (OPS07-BP03): strong when
// a link points at a document in the repository, partial for a link to
// elsewhere, which shows runbooks are kept but not what they hold.
func obsRunbooksRun(_ context.Context, t *Tree) []Hit {
	alerts := obsRuleModel(t).Alerts()
	if len(alerts) == 0 {
		return nil
	}
	var linked []obsRule
	var links []string
	for _, r := range alerts {
		if l := obsRunbookLink(r); l != "" {
			linked = append(linked, r)
			links = append(links, l)
		}
	}
	if len(linked) == 0 {
		return nil
	}
	first := linked[0]
	conf := Partial
	if 2*len(linked) >= len(alerts) {
		conf = Strong
	}
	hits := []Hit{{Practice: "OPS10-BP02", Confidence: conf, Proof: Proof{
		Path: first.Path, Line: first.Line, KeyPath: first.KeyPath,
		Summary: fmt.Sprintf("%d of %s link a runbook or playbook (%q links %s)", len(linked), obsPlural(len(alerts), "alerting rule"), first.Alert, links[0]),
	}}}
	for i, r := range linked {
		if doc := obsRepoDoc(t, r.Path, links[i]); doc != "" {
			hits = append(hits, Hit{Practice: "OPS07-BP03", Confidence: Strong, Proof: Proof{
				Path: r.Path, Line: r.Line, KeyPath: r.KeyPath,
				Summary: fmt.Sprintf("alert %q links runbook %s, which is kept in the repository", r.Alert, doc),
			}})
			return hits
		}
	}
	return append(hits, Hit{Practice: "OPS07-BP03", Confidence: Partial, Proof: Proof{
		Path: first.Path, Line: first.Line, KeyPath: first.KeyPath,
		Summary: fmt.Sprintf("alert %q links runbook %s, so runbooks are kept, outside this repository", first.Alert, links[0]),
	}})
}

// obsRepoDoc resolves a runbook link to a file of the repository: a
// relative path (from the rule file or the root), or a URL to this
// repository's blob whose tail names a listed file. It returns "".
func obsRepoDoc(t *Tree, from, link string) string {
	link = strings.SplitN(link, "#", 2)[0]
	if strings.Contains(link, "://") {
		// https://github.com/org/repo/blob/main/docs/runbooks/x.md
		_, rest, ok := strings.Cut(link, "/blob/")
		if !ok {
			return ""
		}
		if _, tail, ok := strings.Cut(rest, "/"); ok && t.Has(tail) {
			return tail
		}
		return ""
	}
	for _, c := range []string{path.Join(path.Dir(from), link), path.Clean(strings.TrimPrefix(link, "/"))} {
		if t.Has(c) {
			return c
		}
	}
	return ""
}

// obsSeverityRun reports the share of alerts that carry a severity or
// priority, with the values used.
func obsSeverityRun(_ context.Context, t *Tree) []Hit {
	alerts := obsRuleModel(t).Alerts()
	counts := map[string]int{}
	var first *obsRule
	n := 0
	for i, r := range alerts {
		s := obsSeverity(r)
		if s == "" {
			continue
		}
		switch {
		case strings.Contains(s, "{{") || strings.Contains(s, "TEMPLATED"):
			s = "set by template"
		case len(s) == 2 && (s[0] == 'p' || s[0] == 'P'):
			s = strings.ToUpper(s)
		default:
			s = strings.ToLower(s)
		}
		counts[s]++
		n++
		if first == nil {
			first = &alerts[i]
		}
	}
	if first == nil {
		return nil
	}
	var vals []string
	for v := range counts {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool {
		if counts[vals[i]] != counts[vals[j]] {
			return counts[vals[i]] > counts[vals[j]]
		}
		return vals[i] < vals[j]
	})
	var parts []string
	for _, v := range vals {
		parts = append(parts, fmt.Sprintf("%s: %d", v, counts[v]))
	}
	conf := Partial
	if 2*n >= len(alerts) {
		conf = Strong
	}
	return []Hit{{Practice: "OPS10-BP03", Confidence: conf, Proof: Proof{
		Path: first.Path, Line: first.Line, KeyPath: first.KeyPath,
		Summary: fmt.Sprintf("%d of %s carry a severity or priority (%s)", n, obsPlural(len(alerts), "alerting rule"), strings.Join(parts, ", ")),
	}}}
}
