package evidence

import (
	"fmt"
	"reflect"
	"testing"
)

func TestK8sEnvOf(t *testing.T) {
	tests := map[string]string{
		"deploy/overlays/production":       "prod",
		"values-staging.yaml":              "staging",
		"charts/api/values.prd.yaml":       "prod",
		"environments/pre-prod/values":     "preprod",
		"envs/non-prod":                    "nonprod",
		"clusters/dev-eu-west-1":           "dev",
		"api-uat":                          "uat",
		"values-ha.yaml":                   "",
		"internal/testing-tools":           "test",
		"overlays/us-east-1":               "",
		"apps/production/staging-mirror":   "staging", // the deepest name wins
		"contest/latest/integrationserver": "",
	}
	for in, want := range tests {
		if got := k8sEnvOf(in); got != want {
			t.Errorf("k8sEnvOf(%q) = %q, want %q", in, got, want)
		}
	}
	if got := k8sEnvOfPath("charts/values-values", "values"); got != "" {
		t.Errorf("ignored words: got %q", got)
	}
}

func TestK8sValuesFile(t *testing.T) {
	for p, want := range map[string]bool{
		"charts/api/values.yaml":        true,
		"charts/api/values-prod.yaml":   true,
		"charts/api/values.staging.yml": true,
		"deploy/prod-values.yaml":       true,
		"deploy/prod.values.yaml":       true,
		"helmfile/values/prod.yaml":     true,
		"config/values.json":            false,
		"src/valuesets.yaml":            false,
		"charts/api/myvalues.yaml":      false,
	} {
		if got := k8sValuesFile(p); got != want {
			t.Errorf("k8sValuesFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestK8sCommandsIn(t *testing.T) {
	script := `#!/bin/bash
set -e
# helm rollback api   (a comment)
echo "helm upgrade --install api"
helm upgrade --install api ./chart \
  --atomic --timeout 5m
$(HELM) upgrade api ./chart --wait
sudo -E helm install x ./c --dry-run
FOO=1 kubectl rollout undo deployment/api && kubectl rollout status deployment/api
kubectl argo rollouts abort checkout
/usr/local/bin/helm upgrade --install a b --rollback-on-failure
`
	var got []string
	for _, c := range k8sCommandsIn("deploy.sh", script, false) {
		got = append(got, fmt.Sprintf("%d %d %s", c.Line, c.Kind, c.Short))
	}
	want := []string{
		fmt.Sprintf("5 %d helm upgrade --install with automatic rollback on failure", k8sCmdHelmAtomic),
		fmt.Sprintf("7 %d helm upgrade", k8sCmdHelmDeploy),
		fmt.Sprintf("9 %d kubectl rollout undo", k8sCmdRollback),
		fmt.Sprintf("10 %d kubectl argo rollouts abort", k8sCmdRollback),
		fmt.Sprintf("11 %d helm upgrade --install with automatic rollback on failure", k8sCmdHelmAtomic),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands:\n%q\nwant\n%q", got, want)
	}
}

func TestK8sMarkdownCode(t *testing.T) {
	md := "# Rollback\n\nRun helm rollback when things break.\n\n```sh\nhelm rollback api 3\n```\n\nOr `kubectl rollout undo deploy/api` inline.\n\n    helm rollback indented 2\n"
	var got []string
	for _, c := range k8sCommandsIn("r.md", k8sMarkdownCode(md), true) {
		got = append(got, fmt.Sprintf("%d %s", c.Line, c.Short))
	}
	want := []string{"6 helm rollback", "9 kubectl rollout undo", "11 helm rollback"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("doc commands %q, want %q", got, want)
	}
}

func FuzzK8sCommandsIn(f *testing.F) {
	for _, s := range []string{"helm upgrade --install a b --atomic\n", "```\nkubectl rollout undo x\n", "a \\\n\\\n", "$( helm", "`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		k8sCommandsIn("x.sh", src, false)
		k8sCommandsIn("x.md", k8sMarkdownCode(src), true)
	})
}

func TestK8sAgentOf(t *testing.T) {
	for image, want := range map[string]string{
		"cr.fluentbit.io/fluent/fluent-bit:3.0.4":                       "the Fluent Bit log shipper",
		"timberio/vector:0.38.0-distroless-libc":                        "the Vector log shipper",
		"gcr.io/datadoghq/agent:7":                                      "the Datadog agent",
		"grafana/promtail@sha256:abc":                                   "Promtail, shipping logs to Loki",
		"otel/opentelemetry-collector-contrib:0.100.0":                  "the OpenTelemetry Collector",
		"localhost:5000/acme/agent:1":                                   "",
		"ghcr.io/acme/vector:1":                                         "",
		"quay.io/prometheus/node-exporter:v1.8.0":                       "the Prometheus node exporter",
		"registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.12.0": "kube-state-metrics",
	} {
		if got := k8sAgentOf(image); got != want {
			t.Errorf("k8sAgentOf(%q) = %q, want %q", image, got, want)
		}
	}
}

func TestK8sRemoteRef(t *testing.T) {
	for ref, want := range map[string]bool{
		"../../base": false, "deployment.yaml": false,
		"github.com/acme/platform//base?ref=v1": true, "https://example.com/x.yaml": true,
		"git@github.com:acme/x.git//base": true,
	} {
		if got := k8sRemoteRef(ref); got != want {
			t.Errorf("k8sRemoteRef(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestK8sParseHelmfile(t *testing.T) {
	hf := k8sParseHelmfile("helmfile.yaml.gotmpl", `environments:
  default: {}
  {{ range .Values.envs }}
  {{ . }}: {}
  {{ end }}
  prod:
    values: [prod.yaml]
---
helmDefaults:
  rollbackOnFailure: true
releases:
  - name: {{ .Values.name | default "api" }}
    chart: ./charts/api
    atomic: true
  - name: db
    chart: bitnami/postgresql
`)
	if hf == nil {
		t.Fatal("nil helmfile")
	}
	if !reflect.DeepEqual(hf.Envs, []string{"prod"}) || !hf.Atomic || hf.AtomicLine != 10 || len(hf.Releases) != 2 || !hf.Releases[0].Atomic || hf.Releases[1].Chart != "bitnami/postgresql" {
		t.Errorf("helmfile %+v", hf)
	}
	if k8sParseHelmfile("h.yaml", "repositories: []\n") != nil {
		t.Error("a helmfile without releases or environments should be nil")
	}
}
