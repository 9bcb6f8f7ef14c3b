package evidence

import (
	"strings"
	"testing"
)

func TestDeploysAfterMerge(t *testing.T) {
	argo := `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  source:
    repoURL: https://example.com/shop.git
    targetRevision: main
    path: deploy
  destination:
    server: https://kubernetes.default.svc
    namespace: shop
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
`
	tests := []struct {
		name  string
		files map[string]string
		want  string // part of the proof's path, "" for none
	}{
		{"gitops auto-sync", map[string]string{"argo/shop.yaml": argo}, "argo/shop.yaml"},
		{"nothing deploys", map[string]string{"main.go": "package main\n", "README.md": "# shop\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := deploysAfterMerge(testTree(t, tt.files))
			if ok != (tt.want != "") || !strings.Contains(p.Path, tt.want) {
				t.Errorf("deploysAfterMerge = %+v, %v; want a proof in %q", p, ok, tt.want)
			}
		})
	}
}
