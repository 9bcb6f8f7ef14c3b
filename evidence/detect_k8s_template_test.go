package evidence

import (
	"reflect"
	"strings"
	"testing"
)

func TestK8sReadTemplate(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    string // Text
		actions []string
		conds   map[int][]string // 0-based line -> conditions
	}{
		{
			name:    "inline actions become placeholders",
			src:     "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\nname: {{ include \"x.name\" . }}",
			want:    "image: \"__TPL0__:__TPL1__\"\nname: __TPL2__",
			actions: []string{".Values.image.repository", ".Values.image.tag", `include "x.name" .`},
		},
		{
			name: "action-only lines are blanked, indentation kept",
			src:  "metadata:\n  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\n  name: x",
			want: "metadata:\n  labels:\n\n  name: x",
		},
		{
			name:  "if blocks keep their content and record the condition",
			src:   "{{- if .Values.autoscaling.enabled }}\nkind: HorizontalPodAutoscaler\n{{- end }}\nkind: Service",
			want:  "\nkind: HorizontalPodAutoscaler\n\nkind: Service",
			conds: map[int][]string{1: {".Values.autoscaling.enabled"}, 3: nil},
		},
		{
			name:  "else branch dropped once the if branch held YAML",
			src:   "{{- if .Values.a }}\napiVersion: networking.k8s.io/v1\n{{- else }}\napiVersion: networking.k8s.io/v1beta1\n{{- end }}",
			want:  "\napiVersion: networking.k8s.io/v1\n\n\n",
			conds: map[int][]string{1: {".Values.a"}},
		},
		{
			name:  "else branch kept when the if branch was empty, under the opposite condition",
			src:   "{{- if .Values.existingSecret }}\n{{- else }}\nkind: Secret\n{{- end }}",
			want:  "\n\nkind: Secret\n",
			conds: map[int][]string{2: {"not (.Values.existingSecret)"}},
		},
		{
			name:  "else if takes its own condition",
			src:   "{{- if .Values.a }}\n{{- else if .Values.b }}\nkind: B\n{{- end }}",
			want:  "\n\nkind: B\n",
			conds: map[int][]string{2: {".Values.b"}},
		},
		{
			name: "define blocks are dropped",
			src:  "{{- define \"x.labels\" -}}\napp: x\n{{- end }}\nkind: Service",
			want: "\n\n\nkind: Service",
		},
		{
			name: "multi-line comments and actions keep line numbers",
			src:  "{{/*\n  a comment with }} inside? no: */}}\nkind: Service\nvalue: {{ printf \"%s\"\n  .Values.x }}\nnext: 1",
			want: "\n\nkind: Service\nvalue: __TPL0__\n\nnext: 1",
		},
		{
			name: "quoted braces inside an action do not end it",
			src:  "a: {{ \"}}\" }}\nb: 2",
			want: "a: __TPL0__\nb: 2",
		},
		{
			name: "unterminated action runs to the end",
			src:  "a: 1\nb: {{ .Values.x\nc: 3",
			want: "a: 1\nb: __TPL0__\n",
		},
		{
			name:  "nested conditions",
			src:   "{{- if .Values.a }}\n{{- with .Values.b }}\nk: v\n{{- end }}\n{{- end }}",
			want:  "\n\nk: v\n\n",
			conds: map[int][]string{2: {".Values.a", ".Values.b"}},
		},
		{
			name: "range bodies are kept once",
			src:  "items:\n{{- range .Values.hosts }}\n  - host: {{ . | quote }}\n{{- end }}",
			want: "items:\n\n  - host: __TPL0__\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := k8sReadTemplate(tt.src)
			if got.Text != tt.want {
				t.Errorf("text:\n%q\nwant\n%q", got.Text, tt.want)
			}
			if len(got.Lines) != strings.Count(tt.src, "\n")+1 {
				t.Errorf("got %d lines, source has %d", len(got.Lines), strings.Count(tt.src, "\n")+1)
			}
			if tt.actions != nil && !reflect.DeepEqual(got.Actions, tt.actions) {
				t.Errorf("actions %q, want %q", got.Actions, tt.actions)
			}
			for line, want := range tt.conds {
				if !reflect.DeepEqual(got.Conds[line], want) {
					t.Errorf("conds of line %d = %q, want %q", line, got.Conds[line], want)
				}
			}
		})
	}
}

func TestK8sTplDocuments(t *testing.T) {
	src := "{{- if .Values.a }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{- end }}\n---\n# only a comment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  bad: [unclosed\n  replicas: 2\n"
	docs := k8sTplDocuments(k8sReadTemplate(src).Text)
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want 3 (the comment-only one counts as text)", len(docs))
	}
	if docs[0].Node == nil || str(docs[0].Node, "kind") != "ConfigMap" || k8sKeyLine(docs[0].Node, "kind") != 3 {
		t.Errorf("first document: %+v", docs[0])
	}
	// The second document has a line the parser rejects: it is blanked and
	// the rest is read, with the file's line numbers.
	d := docs[2]
	if d.Node == nil {
		t.Fatalf("third document not repaired: %q", d.Text)
	}
	if str(d.Node, "kind") != "Deployment" || k8sKeyLine(d.Node, "spec", "replicas") != 16 {
		t.Errorf("third document: kind %q, replicas line %d", str(d.Node, "kind"), k8sKeyLine(d.Node, "spec", "replicas"))
	}
}

func TestK8sShallowHead(t *testing.T) {
	doc := k8sTplDocument{First: 10, Text: "apiVersion: \"apps/v1\"\nkind: Deployment # the app\nmetadata:\n  labels:\n    name: nope\n  name: 'web'\nspec: {"}
	api, kind, name, line := k8sShallowHead(doc)
	if api != "apps/v1" || kind != "Deployment" || name != "web" || line != 11 {
		t.Errorf("got %q %q %q %d", api, kind, name, line)
	}
}

func FuzzK8sReadTemplate(f *testing.F) {
	for _, s := range []string{
		HelmFixtureDeployment,
		"{{- if .Values.a }}\nkind: A\n{{- else }}\nkind: B\n{{- end }}",
		"{{/* c */}}\n{{ \"}}\" }}\n{{",
		"a: {{ `raw }}` }}\n---\nb: [",
		"{{- define \"x\" }}\n{{- end }}\n{{ end }}{{ end }}{{ else }}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tpl := k8sReadTemplate(src)
		if n := strings.Count(src, "\n") + 1; len(tpl.Lines) != n || len(tpl.Conds) != n {
			t.Fatalf("%d lines, %d conds for a %d-line source", len(tpl.Lines), len(tpl.Conds), n)
		}
		for _, d := range k8sTplDocuments(tpl.Text) {
			k8sShallowHead(d)
		}
	})
}

// HelmFixtureDeployment is a `helm create` style template, for fuzz seeds.
const HelmFixtureDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
`
