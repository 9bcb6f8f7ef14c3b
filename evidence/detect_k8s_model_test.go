package evidence

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// k8sObjectLines renders a model's objects for comparison.
func k8sObjectLines(m *k8sModel) []string {
	var out []string
	for _, o := range m.Objects {
		flags := ""
		for f, on := range map[string]bool{" incidental": o.Incidental, " patch": o.Patch, " bundle": o.Bundle} {
			if on {
				flags += f
			}
		}
		src := "manifest"
		if o.Source == k8sHelmTemplate {
			src = "template"
		}
		out = append(out, fmt.Sprintf("%s:%d doc=%d item=%d %s %s %q ns=%q %s%s", o.Path, o.Line, o.Doc, o.Item, o.APIVersion, o.Kind, o.Name, o.Namespace, src, flags))
	}
	return out
}

func TestK8sModelObjects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "multi-document file, empty documents skipped",
			files: map[string]string{"k8s/app.yaml": "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n---\n---\n# nothing\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"},
			want: []string{
				`k8s/app.yaml:3 doc=0 item=-1 apps/v1 Deployment "web" ns="shop" manifest`,
				`k8s/app.yaml:12 doc=1 item=-1 v1 Service "web" ns="" manifest`,
			},
		},
		{
			name:  "List items and JSON manifests",
			files: map[string]string{"deploy/list.yaml": "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: batch/v1\n    kind: Job\n    metadata: {name: b}\n", "deploy/svc.json": "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n  \"metadata\": {\"name\": \"j\"}\n}\n", "src/data.json": "{\"apiVersion\": \"v1\", \"kind\": \"Secret\"}\n"},
			want: []string{
				`deploy/list.yaml:4 doc=0 item=0 v1 ConfigMap "a" ns="" manifest`,
				`deploy/list.yaml:7 doc=0 item=1 batch/v1 Job "b" ns="" manifest`,
				`deploy/svc.json:3 doc=0 item=-1 v1 Service "j" ns="" manifest`,
			},
		},
		{
			name: "documents without apiVersion or kind are not objects",
			files: map[string]string{
				"config/app.yaml":         "server:\n  port: 8080\n",
				"kind.yaml":               "kind: Cluster\nnodes: []\n",
				".github/workflows/x.yml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ci}\n",
				"docker-compose.yml":      "services: {}\n",
			},
		},
		{
			name: "Helm templates, incidental paths, CRD bundles, Kustomize patches",
			files: map[string]string{
				"charts/api/Chart.yaml":                 "apiVersion: v2\nname: api\nversion: 1.0.0\n",
				"charts/api/values.yaml":                "name: api\n",
				"charts/api/templates/cm.yaml":          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  namespace: {{ .Release.Namespace }}\n",
				"charts/api/templates/tests/pod.yaml":   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n",
				"charts/api/crds/widgets.yaml":          "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.acme.io\n",
				"docs/example.yaml":                     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n",
				"deploy/kustomization.yaml":             "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n",
				"deploy/cm.yaml":                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\n",
				"deploy/patch.yaml":                     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata: {a: b}\n",
				"charts/api/charts/redis/Chart.yaml":    "apiVersion: v2\nname: redis\nversion: 1.0.0\n",
				"charts/api/charts/redis/templates/x.y": "ignored",
			},
			want: []string{
				`charts/api/crds/widgets.yaml:2 doc=0 item=-1 apiextensions.k8s.io/v1 CustomResourceDefinition "widgets.acme.io" ns="" manifest bundle`,
				`charts/api/templates/cm.yaml:2 doc=0 item=-1 v1 ConfigMap "api" ns="" template`,
				`charts/api/templates/tests/pod.yaml:2 doc=0 item=-1 v1 Pod "t" ns="" template incidental`,
				`deploy/cm.yaml:2 doc=0 item=-1 v1 ConfigMap "base" ns="" manifest`,
				`deploy/patch.yaml:2 doc=0 item=-1 v1 ConfigMap "base" ns="" manifest patch`,
				`docs/example.yaml:2 doc=0 item=-1 v1 Pod "demo" ns="" manifest incidental`,
			},
		},
		{
			name: "a chart template that does not parse is still recognised",
			files: map[string]string{
				"chart/Chart.yaml":           "apiVersion: v2\nname: c\nversion: 1.0.0\n",
				"chart/templates/broken.yml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n\t- tabs: [are: {not: allowed\n\t  x: ]]\n  : :\n",
			},
			want: []string{`chart/templates/broken.yml:2 doc=0 item=-1 apps/v1 Deployment "web" ns="" template`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := k8sObjectLines(k8sModelOf(testTree(t, tt.files)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("objects:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestK8sVendoredSubchart(t *testing.T) {
	tree := testTree(t, map[string]string{
		"charts/app/Chart.yaml":                         "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    repository: https://charts.bitnami.com/bitnami\n    version: 17.0.0\n  - name: local\n    repository: file://charts/local\n    version: 0.1.0\n",
		"charts/app/charts/redis/Chart.yaml":            "apiVersion: v2\nname: redis\nversion: 17.0.0\n",
		"charts/app/charts/redis/templates/sts.yaml":    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\n",
		"charts/app/charts/local/Chart.yaml":            "apiVersion: v2\nname: local\nversion: 0.1.0\n",
		"charts/app/charts/local/templates/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: local\n",
	})
	m := k8sModelOf(tree)
	var charts []string
	for _, c := range m.Charts {
		charts = append(charts, c.Name)
	}
	if !reflect.DeepEqual(charts, []string{"app", "local"}) {
		t.Errorf("charts %v, want app and local (redis is fetched from a repository)", charts)
	}
	got := k8sObjectLines(m)
	want := []string{`charts/app/charts/local/templates/deploy.yaml:2 doc=0 item=-1 apps/v1 Deployment "local" ns="" template`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("objects %q, want %q", got, want)
	}
}

func TestK8sObjectValues(t *testing.T) {
	tree := testTree(t, map[string]string{
		"c/Chart.yaml":       "apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: \"2.0\"\n",
		"c/values.yaml":      "image:\n  repository: ghcr.io/acme/web\n  tag: \"\"\nprobe:\n  enabled: false\nlivenessProbe:\n  httpGet: {path: /healthz, port: http}\nreadinessProbe: {}\nmonitor:\n  enabled: false\n",
		"c/values-prod.yaml": "monitor:\n  enabled: true\n",
		"c/templates/d.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Chart.Name }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default "latest" }}"
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
          readinessProbe:
            {{- toYaml .Values.readinessProbe | nindent 12 }}
          {{- if .Values.probe.enabled }}
          startupProbe:
            httpGet: {path: /, port: http}
          {{- end }}
`,
		"c/templates/sm.yaml": "{{- if .Values.monitor.enabled }}\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\n{{- end }}\n",
	})
	m := k8sModelOf(tree)
	d := m.Find("apps", "Deployment", "", "web")
	if d == nil {
		t.Fatalf("deployment not found: %q", k8sObjectLines(m))
	}
	c := d.Containers()[0]
	if img := d.Text(get(c, "image")); img != "ghcr.io/acme/web:latest" {
		t.Errorf("image %q", img)
	}
	for probe, want := range map[string]bool{"livenessProbe": true, "readinessProbe": false, "startupProbe": false} {
		if got := d.SetIn(c, probe); got != want {
			t.Errorf("SetIn(%s) = %v, want %v", probe, got, want)
		}
	}
	sm := m.Find("monitoring.coreos.com", "ServiceMonitor", "", "web")
	if on, why := sm.Enabled(); !on || why != "c/values-prod.yaml" {
		t.Errorf("ServiceMonitor enabled = %v by %q, want true by c/values-prod.yaml", on, why)
	}
}

func TestK8sEvalCond(t *testing.T) {
	c := &k8sChart{Values: []*k8sValues{{Default: true}}}
	docs, err := decodeYAML([]byte("a:\n  on: true\n  off: false\n  empty: {}\n  list: [1]\n  name: web\n  zero: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	c.Values[0].Doc = docs[0]
	tests := map[string]int{
		".Values.a.on":                    1,
		".Values.a.off":                   0,
		".Values.a.missing":               0,
		".Values.a.empty":                 0,
		".Values.a.list":                  1,
		".Values.a.zero":                  0,
		"not .Values.a.off":               1,
		"and .Values.a.on .Values.a.list": 1,
		"and .Values.a.on .Values.a.off":  0,
		"or .Values.a.off (not .Values.a.on) .Values.a.list": 1,
		`eq .Values.a.name "web"`:                            1,
		`ne .Values.a.name "web"`:                            0,
		`.Capabilities.APIVersions.Has "policy/v1"`:          -1,
		"and .Values.a.on .Capabilities.KubeVersion":         -1,
		"and .Values.a.off .Capabilities.KubeVersion":        0,
		".Values.a.on | default false":                       -1,
		"and .Values.a.off (gt (int .Values.a.zero) 1)":      0,
		"or .Values.a.on (gt (int .Values.a.zero) 1)":        1,
		"and .Values.a.on (gt (int .Values.a.zero) 1)":       -1,
		`hasKey .Values.a "on"`:                              -1,
		"(((":                                                -1,
		"":                                                   -1,
	}
	for cond, want := range tests {
		if got := k8sEvalCond(c, cond, nil); got != want {
			t.Errorf("k8sEvalCond(%q) = %d, want %d", cond, got, want)
		}
	}
}

func FuzzK8sEvalCond(f *testing.F) {
	for _, s := range []string{"and .Values.a (not .Values.b)", `eq .Values.x "y"`, "or ( ( ) ) \"", "not"} {
		f.Add(s)
	}
	c := &k8sChart{}
	f.Fuzz(func(t *testing.T, cond string) {
		if r := k8sEvalCond(c, cond, nil); r < -1 || r > 1 {
			t.Fatalf("result %d", r)
		}
	})
}

func TestK8sModelCachedAndConcurrent(t *testing.T) {
	tree := testTree(t, map[string]string{"k8s/a.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n"})
	var wg sync.WaitGroup
	models := make([]*k8sModel, 8)
	for i := range models {
		wg.Add(1)
		go func() {
			defer wg.Done()
			models[i] = k8sModelOf(tree)
		}()
	}
	wg.Wait()
	for _, m := range models[1:] {
		if m != models[0] {
			t.Fatal("model built more than once")
		}
	}
	var hits int
	for _, d := range Detectors() {
		if strings.HasPrefix(d.Name, "k8s-") || d.Name == "migrations" {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = d.Run(context.Background(), tree)
			}()
			hits++
		}
	}
	wg.Wait()
	if hits < 10 {
		t.Errorf("only %d k8s detectors registered", hits)
	}
}

func TestK8sTemplatedAPIVersion(t *testing.T) {
	tree := testTree(t, map[string]string{
		"c/Chart.yaml":         "apiVersion: v2\nname: db\nversion: 1.0.0\n",
		"c/templates/sts.yaml": "apiVersion: {{ include \"common.capabilities.statefulset.apiVersion\" . }}\nkind: StatefulSet\nmetadata:\n  name: db\n",
		"c/templates/x.yaml":   "apiVersion: {{ .Values.api }}\nkind: Widget\nmetadata:\n  name: w\n",
	})
	got := k8sObjectLines(k8sModelOf(tree))
	want := []string{`c/templates/sts.yaml:2 doc=0 item=-1 apps/v1 StatefulSet "db" ns="" template`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("objects %q, want %q", got, want)
	}
}

// FuzzK8sDetectors puts one input in every role the k8s detectors read
// (manifest, chart template, values, Chart.yaml, kustomization, helmfile,
// script, migration) and runs them all: no input may make one panic.
func FuzzK8sDetectors(f *testing.F) {
	f.Add(HelmFixtureDeployment)
	f.Add("apiVersion: v1\nkind: List\nitems:\n  - *a\n")
	f.Add("resources: [../x, ../../y]\nbases: [.]\npatches: [{path: p.yaml}]\n")
	f.Add("releases:\n  - name: x\n    atomic: true\nenvironments: {a: {}, b: {}}\n")
	f.Add("-- +goose Up\n-- +goose Down\n")
	f.Fuzz(func(t *testing.T, data string) {
		dir := t.TempDir()
		files := map[string]string{
			"k8s/app.yaml": data, "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
			"chart/templates/t.yaml": data, "chart/templates/_helpers.tpl": data, "chart/values.yaml": data, "chart/values-prod.yaml": data,
			"sub/Chart.yaml": data, "k8s/kustomization.yaml": data, "helmfile.yaml": data,
			"scripts/deploy.sh": data, "db/migrations/1_a.sql": data, "docs/runbook-deploy.md": data,
		}
		for p, content := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tree, err := OpenTree(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		defer tree.Close()
		for _, d := range Detectors() {
			if strings.HasPrefix(d.Name, "k8s-") || d.Name == "migrations" {
				d.Run(context.Background(), tree)
			}
		}
	})
}

func TestK8sLabelsIn(t *testing.T) {
	tree := testTree(t, map[string]string{
		"c/Chart.yaml":  "apiVersion: v2\nname: api\nversion: 1.0.0\n",
		"c/values.yaml": "podLabels:\n  squad: checkout\n  tier: web\n",
		"c/templates/_helpers.tpl": `{{/* labels */}}
{{- define "api.labels" -}}
helm.sh/chart: {{ .Chart.Name }}
{{ include "api.selectorLabels" . }}
{{- if .Values.team }}
team: payments
{{- end }}
{{- end }}
{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: api
{{- end }}
`,
		"c/templates/d.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    tier: backend
    {{- include "api.labels" . | nindent 4 }}
spec:
  template:
    metadata:
      labels:
        {{- include "api.selectorLabels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      containers: []
`,
	})
	d := k8sModelOf(tree).Find("apps", "Deployment", "", "api")
	if d == nil {
		t.Fatal("deployment not read")
	}
	if got, want := d.LabelsIn("metadata", "labels"), map[string]string{"tier": "backend", "team": "payments", "app.kubernetes.io/name": "api"}; !reflect.DeepEqual(got, want) {
		t.Errorf("object labels %v, want %v", got, want)
	}
	if got, want := d.LabelsIn("spec", "template", "metadata", "labels"), map[string]string{"app.kubernetes.io/name": "api", "squad": "checkout", "tier": "web"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pod labels %v, want %v", got, want)
	}
	if got := k8sTplDefines("{{ define \"a\" }}x: 1\n{{ if .b }}y: 2{{ end }}\n{{ end }}{{ define \"b\" }}z{{ end }}"); got["a"] != "x: 1\n{{ if .b }}y: 2{{ end }}" || got["b"] != "z" {
		t.Errorf("defines %q", got)
	}
}
