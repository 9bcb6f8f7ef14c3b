package evidence

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestObsRuleModel(t *testing.T) {
	type want struct {
		source, name string
		alert        bool
		line         int
		severity     string
		runbook      string
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{
			name: "plain rule file",
			files: map[string]string{"monitoring/alerts.yml": `groups:
- name: g
  rules:
  - record: job:x:rate5m
    expr: sum(rate(x[5m]))
  - alert: XHigh
    expr: job:x:rate5m > 1
    labels: {severity: critical}
    annotations: {runbook_url: "https://wiki/x"}
`},
			want: []want{
				{"rule file", "job:x:rate5m", false, 4, "", ""},
				{"rule file", "XHigh", true, 6, "critical", "https://wiki/x"},
			},
		},
		{
			name: "PrometheusRule after another document",
			files: map[string]string{"k8s/all.yaml": `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: r}
spec:
  groups:
  - name: g
    rules:
    - alert: Down
      expr: up == 0
      labels: {priority: P2}
`},
			want: []want{{"PrometheusRule", "Down", true, 12, "P2", ""}},
		},
		{
			name: "Helm values embedding a rules string",
			files: map[string]string{"chart/values.yaml": `serverFiles:
  alerting_rules.yml: |
    groups:
      - name: g
        rules:
          - alert: Slow
            expr: latency > 1
            annotations:
              description: see docs/runbooks/slow.md
`, "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n"},
			want: []want{{"Helm values", "Slow", true, 6, "", "docs/runbooks/slow.md"}},
		},
		{
			name: "Grafana alert provisioning",
			files: map[string]string{"grafana/alerting.yaml": `apiVersion: 1
groups:
  - orgId: 1
    name: g
    folder: f
    interval: 1m
    rules:
      - uid: a
        title: Errors
        condition: B
        data:
          - refId: A
            model: {expr: "rate(errors_total[5m])"}
        labels: {severity: warning}
`},
			want: []want{{"Grafana alert rule", "Errors", true, 8, "warning", ""}},
		},
		{
			name: "Datadog monitors list",
			files: map[string]string{"monitors/cart.yaml": `- name: Cart errors
  type: metric alert
  query: "sum(last_5m):sum:cart.errors{*} > 5"
  message: "See https://github.com/acme/cart/blob/main/RUNBOOK.md @slack-cart"
  priority: 1
`},
			want: []want{{"Datadog monitor", "Cart errors", true, 1, "P1", "https://github.com/acme/cart/blob/main/RUNBOOK.md"}},
		},
		{
			name:  "empty groups and unrelated YAML",
			files: map[string]string{"monitoring/rules.yml": "groups: []\n", "app/config.yaml": "groups:\n  - name: admins\n    members: [a]\n"},
		},
		{
			name:  "rules in examples are not the workload's",
			files: map[string]string{"examples/alerts.yml": "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"},
		},
		{
			name: "Helm template with actions",
			files: map[string]string{"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "chart/templates/rules.yaml": `{{- if .Values.rules }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ .Release.Name }}
spec:
  groups:
  - name: g
    rules:
    - alert: {{ .Values.prefix }}Down
      expr: up{job="{{ .Release.Name }}"} == 0
{{- end }}
`},
			want: []want{{"PrometheusRule", "TEMPLATEDDown", true, 10, "", ""}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rules := obsRuleModel(testTree(t, tc.files)).Rules
			if len(rules) != len(tc.want) {
				t.Fatalf("got %d rules %+v, want %d", len(rules), rules, len(tc.want))
			}
			for i, w := range tc.want {
				r := rules[i]
				got := want{r.Source, r.Name(), r.IsAlert(), r.Line, obsSeverity(r), obsRunbookLink(r)}
				if got != w {
					t.Errorf("rule %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

func TestObsRuleModelCached(t *testing.T) {
	tree := testTree(t, map[string]string{"a.rules": "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"})
	if a, b := obsRuleModel(tree), obsRuleModel(tree); a != b || len(a.Rules) != 1 {
		t.Fatalf("model not shared: %p %p (%d rules)", a, b, len(a.Rules))
	}
}

func TestObsRunbookLink(t *testing.T) {
	tests := []struct {
		ann  map[string]string
		want string
	}{
		{map[string]string{"runbook_url": " https://r/x "}, "https://r/x"},
		{map[string]string{"playbook": "docs/playbooks/db.md"}, "docs/playbooks/db.md"},
		{map[string]string{"description": "Follow https://acme.atlassian.net/wiki/x to fix"}, "https://acme.atlassian.net/wiki/x"},
		{map[string]string{"description": "Dashboard: https://grafana.acme.io/d/abc"}, ""},
		{map[string]string{"summary": "See ./runbooks/disk-full.md."}, "./runbooks/disk-full.md"},
		{map[string]string{"summary": "Disk is full on {{ $labels.instance }}"}, ""},
		{map[string]string{"runbook_url": ""}, ""},
	}
	for _, tc := range tests {
		if got := obsRunbookLink(obsRule{Annotations: tc.ann}); got != tc.want {
			t.Errorf("obsRunbookLink(%v) = %q, want %q", tc.ann, got, tc.want)
		}
	}
}

func TestObsRepoDoc(t *testing.T) {
	tree := testTree(t, map[string]string{"docs/runbooks/a.md": "# A", "monitoring/alerts.yml": "x: 1"})
	tests := []struct{ link, want string }{
		{"../docs/runbooks/a.md", "docs/runbooks/a.md"},
		{"docs/runbooks/a.md#steps", "docs/runbooks/a.md"},
		{"https://github.com/acme/x/blob/main/docs/runbooks/a.md", "docs/runbooks/a.md"},
		{"https://wiki.acme.io/a.md", ""},
		{"docs/runbooks/missing.md", ""},
	}
	for _, tc := range tests {
		if got := obsRepoDoc(tree, "monitoring/alerts.yml", tc.link); got != tc.want {
			t.Errorf("obsRepoDoc(%q) = %q, want %q", tc.link, got, tc.want)
		}
	}
}

func TestObsUntemplateKeepsLines(t *testing.T) {
	in := "{{- if .Values.x }}\nkind: A\nname: {{ .Release.Name }}-x\n  {{- include \"l\" . | nindent 2 }}\n{{- end }}\n"
	out := obsUntemplate(in)
	if strings.Count(out, "\n") != strings.Count(in, "\n") {
		t.Fatalf("line count changed:\n%s", out)
	}
	if !strings.Contains(out, "name: TEMPLATED-x") || strings.Contains(out, "{{") {
		t.Errorf("unexpected output:\n%s", out)
	}
}

func TestObsVendoredChart(t *testing.T) {
	tree := testTree(t, map[string]string{
		"deploy/Chart.yaml":                   "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: up\n  repository: https://charts.example\n- name: local\n  repository: file://./charts/local\n",
		"deploy/charts/up/values.yaml":        "a: 1",
		"deploy/charts/local/values.yaml":     "a: 1",
		"deploy/charts/unlisted/values.yaml":  "a: 1",
		"other/charts/up/templates/rule.yaml": "a: 1",
	})
	tests := map[string]bool{
		"deploy/charts/up/values.yaml":        true,
		"deploy/charts/local/values.yaml":     false,
		"deploy/charts/unlisted/values.yaml":  false,
		"other/charts/up/templates/rule.yaml": false,
	}
	for p, want := range tests {
		if got := obsVendoredChart(tree, p); got != want {
			t.Errorf("obsVendoredChart(%s) = %v, want %v", p, got, want)
		}
	}
}

func FuzzObsRulesOfDoc(f *testing.F) {
	f.Add("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n")
	f.Add("spec:\n  groups:\n  - rules:\n    - record: r\n      expr: |\n        sum(x)\n")
	f.Add("a:\n  b: |\n    groups:\n      - rules: [{alert: x, expr: y}]\n")
	f.Add(`{"name": "m", "type": "query alert", "query": "avg(last_5m):x > 1", "message": "@a"}`)
	f.Add("route: {receiver: a}\nreceivers: [{name: a, slack_configs: [{}]}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		docs, err := decodeYAML([]byte(s))
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, r := range obsRulesOfDoc("x.yaml", d, false) {
				_ = obsRunbookLink(r)
				_ = obsSeverity(r)
			}
			_ = obsRoutingOfDoc("x.yaml", d)
			_ = obsSLOsOfDoc("x.yaml", d)
			_ = obsDashboardsOfDoc("x.yaml", d)
			_ = obsSignalsOfDoc("x.yaml", d)
		}
	})
}

func FuzzObsUntemplate(f *testing.F) {
	f.Add("{{- if x }}\na: {{ b }}\n{{ end }}")
	f.Add("a: {{ {{ }} }}\n")
	f.Fuzz(func(t *testing.T, s string) {
		if out := obsUntemplate(s); strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Fatalf("line count changed for %q", s)
		}
	})
}

func TestObsMatchLabels(t *testing.T) {
	tests := []struct {
		route string
		want  []string
	}{
		{"match: {severity: critical}\nmatch_re: {team: pay.*}\n", []string{"severity", "team"}},
		{"matchers: ['severity=~\"critical|page\"', 'team != \"x\"']\n", []string{"severity", "team"}},
		{"matchers:\n  - name: priority\n    value: P1\n", []string{"priority"}},
		{"object_matchers: [[severity, '=', critical]]\n", []string{"severity"}},
		{"receiver: x\n", nil},
	}
	for _, tc := range tests {
		docs, err := decodeYAML([]byte(tc.route))
		if err != nil {
			t.Fatal(err)
		}
		got := obsMatchLabels(docs[0])
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("obsMatchLabels(%q) = %v, want %v", tc.route, got, tc.want)
		}
	}
}

// TestObsDetectorsConcurrent runs every observability detector at once over
// one tree, as a scan does, so the shared models are built under -race.
func TestObsDetectorsConcurrent(t *testing.T) {
	tree, err := OpenTree(context.Background(), filepath.Join("testdata", "corpus", "obs-checkout-service"))
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	var wg sync.WaitGroup
	counts := make([]int, len(Detectors()))
	for i, d := range Detectors() {
		if !strings.HasPrefix(d.Name, "obs-") {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i] = len(d.Run(context.Background(), tree))
		}()
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		t.Fatal("no hits over the checkout corpus")
	}
}
