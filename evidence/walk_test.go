package evidence

import "testing"

func TestThirdParty(t *testing.T) {
	for p, want := range map[string]bool{
		"main.go":                               false,
		".github/workflows/ci.yml":              false,
		"vendor/github.com/x/y/ci.yml":          true,
		"web/node_modules/pkg/index.js":         true,
		"examples/basic/main.tf":                true,
		"modules/vpc/examples/simple/main.tf":   true,
		"evidence/testdata/corpus/a/ci.yml":     true,
		"src/main/java/com/example/App.java":    false,
		"app/src/main/kotlin/com/example/Ok.kt": false,
		"src/examples/demo.ts":                  false,
		"docs/samples/runbook.md":               true,
		"charts/app/.terraform/modules/x.tf":    true,
	} {
		if got := thirdParty(p); got != want {
			t.Errorf("thirdParty(%q) = %v, want %v", p, got, want)
		}
	}
}
