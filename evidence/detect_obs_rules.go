package evidence

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// The alert/rule model: every alerting and recording rule of the workload,
// wherever it is declared, read once per tree and shared by the alerting,
// recording-rule, anomaly, runbook, severity and SLO detectors.
//
// Sources: Prometheus rule files and the Thanos/Cortex/Mimir/Loki ruler
// files that share their format (top-level groups whose entries hold rules
// with alert or record plus expr); PrometheusRule objects
// (monitoring.coreos.com, spec.groups); rule groups embedded in Helm values
// or ConfigMaps, as structure or as a YAML string (additionalPrometheusRulesMap,
// serverFiles.alerting_rules.yml); Grafana alert-rule provisioning files
// (apiVersion 1, rules with condition and data); Datadog monitors kept as
// JSON or YAML (type, query, message).

// obsRule is one alerting or recording rule.
type obsRule struct {
	Path    string
	Line    int
	KeyPath string
	// Source says where the rule was declared: "rule file",
	// "PrometheusRule", "Helm values", "ConfigMap", "Grafana alert rule",
	// "Datadog monitor".
	Source      string
	Group       string
	Alert       string // alert name; empty for a recording rule
	Record      string // recorded series name; empty for an alert
	Expr        string // PromQL, LogQL, Grafana query text or Datadog query
	For         string
	Labels      map[string]string
	Annotations map[string]string // Datadog: "message" holds the message
	Priority    string            // Datadog monitor priority (1–5) as P1…P5
}

// IsAlert reports whether r is an alerting rule (not a recording rule).
func (r obsRule) IsAlert() bool { return r.Record == "" }

// Name is the alert name or the recorded series.
func (r obsRule) Name() string {
	if r.IsAlert() {
		return r.Alert
	}
	return r.Record
}

// obsRuleSet is the model of one tree.
type obsRuleSet struct {
	Rules []obsRule // in path, then line order
}

// Alerts returns the alerting rules.
func (s *obsRuleSet) Alerts() []obsRule { return s.filter(obsRule.IsAlert) }

// Records returns the recording rules.
func (s *obsRuleSet) Records() []obsRule {
	return s.filter(func(r obsRule) bool { return !r.IsAlert() })
}

func (s *obsRuleSet) filter(keep func(obsRule) bool) []obsRule {
	var out []obsRule
	for _, r := range s.Rules {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// obsByFile groups rules by file, keeping the model's order.
func obsByFile(rules []obsRule) (paths []string, by map[string][]obsRule) {
	by = map[string][]obsRule{}
	for _, r := range rules {
		if _, ok := by[r.Path]; !ok {
			paths = append(paths, r.Path)
		}
		by[r.Path] = append(by[r.Path], r)
	}
	return paths, by
}

// obsRuleModel returns the tree's rules, built once.
func obsRuleModel(t *Tree) *obsRuleSet {
	return obsCached(t, "rules", buildObsRules)
}

func buildObsRules(t *Tree) *obsRuleSet {
	s := &obsRuleSet{}
	for _, f := range obsCandidateDocs(t) {
		p := f.Path
		for _, doc := range f.Docs {
			s.Rules = append(s.Rules, obsRulesOfDoc(p, doc, obsValuesFile(t, p))...)
		}
	}
	sort.SliceStable(s.Rules, func(i, j int) bool {
		a, b := s.Rules[i], s.Rules[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return s
}

// obsRuleMarkers are the texts that make a string worth parsing as an
// embedded rule file.
var obsRuleMarkers = []string{"groups:", "\"groups\""}

// obsRulesOfDoc finds every rule group and Datadog monitor in one document;
// values says the file is a Helm values file.
func obsRulesOfDoc(p string, doc *yaml.Node, values bool) []obsRule {
	api, kind := k8sKind(doc)
	source := "rule file"
	switch {
	case kind == "PrometheusRule" && strings.HasPrefix(api, "monitoring.coreos.com/"):
		source = "PrometheusRule"
	case kind == "ConfigMap":
		source = "ConfigMap"
	case kind != "" && api != "":
		source = kind + " object"
	case values:
		source = "Helm values"
	}
	var out []obsRule
	obsWalk(doc, obsRuleMarkers, func(o obsNode) bool {
		n := o.N
		if n.Kind != yaml.MappingNode {
			return true
		}
		if obsDatadogMonitor(n) {
			out = append(out, obsDatadogRule(p, o))
			return false
		}
		groups := get(n, "groups")
		if groups == nil || groups.Kind != yaml.SequenceNode {
			return true
		}
		g := obsNode{N: groups, KeyPath: obsJoinKey(o.KeyPath, "groups"), LineOff: o.LineOff}
		found := obsRulesOfGroups(p, g, source)
		out = append(out, found...)
		return len(found) == 0
	})
	return out
}

// obsValuesFile reports whether p is a Helm values file.
func obsValuesFile(t *Tree, p string) bool {
	base := p[strings.LastIndex(p, "/")+1:]
	dir := strings.TrimSuffix(p, base)
	return strings.HasPrefix(base, "values") || t.Has(dir+"Chart.yaml")
}

// obsRulesOfGroups reads a sequence of rule groups.
func obsRulesOfGroups(p string, groups obsNode, source string) []obsRule {
	var out []obsRule
	for gi, g := range items(groups.N) {
		name := str(g, "name")
		rules := get(g, "rules")
		for ri, r := range items(rules) {
			if r == nil || r.Kind != yaml.MappingNode {
				continue
			}
			rule := obsRule{
				Path: p, Line: r.Line + groups.LineOff, Source: source, Group: name,
				KeyPath:     groups.KeyPath + "[" + strconv.Itoa(gi) + "].rules[" + strconv.Itoa(ri) + "]",
				For:         str(r, "for"),
				Labels:      obsStrMap(get(r, "labels")),
				Annotations: obsStrMap(get(r, "annotations")),
			}
			switch {
			case obsHas(r, "condition") && get(r, "data") != nil && get(r, "data").Kind == yaml.SequenceNode:
				rule.Source = "Grafana alert rule"
				rule.Alert = str(r, "title")
				if rule.Alert == "" {
					rule.Alert = str(r, "uid")
				}
				rule.Expr = obsGrafanaQueries(get(r, "data"))
			case !obsHas(r, "expr"):
				continue
			case str(r, "alert") != "":
				rule.Alert, rule.Expr = str(r, "alert"), scalarText(get(r, "expr"))
			case str(r, "record") != "":
				rule.Record, rule.Expr = str(r, "record"), scalarText(get(r, "expr"))
			default:
				continue
			}
			rule.Expr = strings.TrimSpace(rule.Expr)
			if rule.Source == "rule file" && logqlQuery(rule.Expr) {
				rule.Source = "Loki rule file"
			}
			out = append(out, rule)
		}
	}
	return out
}

// obsGrafanaQueries joins the query texts of a Grafana alert rule's data.
func obsGrafanaQueries(data *yaml.Node) string {
	var q []string
	for _, d := range items(data) {
		m := get(d, "model")
		for _, k := range []string{"expr", "query", "expression", "rawSql"} {
			if v := str(m, k); v != "" {
				q = append(q, v)
			}
		}
	}
	return strings.Join(q, "\n")
}

// obsDatadogTypes are the monitor types of Datadog's monitor API.
var obsDatadogType = regexp.MustCompile(`^([a-z0-9-]+ alert|composite|service check)$`)

// obsDatadogMonitor reports whether mapping n is a Datadog monitor.
func obsDatadogMonitor(n *yaml.Node) bool {
	return obsDatadogType.MatchString(str(n, "type")) && str(n, "query") != "" &&
		(obsHas(n, "message") || obsHas(n, "name"))
}

func obsDatadogRule(p string, o obsNode) obsRule {
	n := o.N
	r := obsRule{
		Path: p, Line: o.Line(), KeyPath: o.KeyPath, Source: "Datadog monitor",
		Alert: str(n, "name"), Expr: str(n, "query"),
		Labels:      map[string]string{},
		Annotations: map[string]string{"message": str(n, "message")},
	}
	if r.Alert == "" {
		r.Alert = "unnamed monitor"
	}
	if pr := str(n, "priority"); pr >= "1" && pr <= "5" && len(pr) == 1 {
		r.Priority = "P" + pr
	}
	for _, tag := range items(get(n, "tags")) {
		if tag == nil {
			continue
		}
		if k, v, ok := strings.Cut(tag.Value, ":"); ok {
			r.Labels[k] = v
		}
	}
	return r
}

// obsSeverity returns the rule's severity or priority, or "".
func obsSeverity(r obsRule) string {
	if r.Priority != "" {
		return r.Priority
	}
	for _, k := range []string{"severity", "priority", "sev", "urgency", "level"} {
		for lk, v := range r.Labels {
			if strings.EqualFold(lk, k) && strings.TrimSpace(v) != "" {
				return v
			}
		}
	}
	return ""
}

var (
	obsURL     = regexp.MustCompile(`https?://[^\s"'<>)\]]+`)
	obsDocPath = regexp.MustCompile(`(^|[\s(\[:])\.{0,2}/?[\w.-]+(/[\w.-]+)*\.(md|adoc|rst)\b`)
	obsDocURL  = regexp.MustCompile(`(?i)(runbook|playbook|wiki|/docs?/|docs\.|confluence|notion\.so|atlassian|github\.com|gitlab|\.md\b|/howto|sop)`)
)

// obsRunbookLink returns the runbook or playbook a rule links, or "":
// a runbook/playbook annotation, or a documentation link in the description,
// summary or Datadog message.
func obsRunbookLink(r obsRule) string {
	for k, v := range r.Annotations {
		lk := strings.ToLower(k)
		if (strings.Contains(lk, "runbook") || strings.Contains(lk, "playbook")) && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	for _, k := range []string{"description", "summary", "message", "doc", "documentation", "dashboard_url"} {
		text := r.Annotations[k]
		for _, u := range obsURL.FindAllString(text, -1) {
			if obsDocURL.MatchString(u) {
				return u
			}
		}
		if m := obsDocPath.FindString(text); m != "" {
			return strings.TrimLeft(m, " \t\n([:")
		}
	}
	return ""
}

// obsSelfMonitoring matches the alerts a monitoring stack ships about
// itself (kube-prometheus and the Prometheus chart defaults): they watch
// Prometheus and Alertmanager, not the workload's outcomes.
var obsSelfMonitoring = regexp.MustCompile(`^(Watchdog|InfoInhibitor|DeadMansSwitch|DeadMansSnitch|ConfigReloaderSidecarErrors|Prometheus[A-Z]\w*|Alertmanager[A-Z]\w*)$`)
