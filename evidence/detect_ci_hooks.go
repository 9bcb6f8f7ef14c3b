package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Git hooks as code: pre-commit, husky and lefthook. They run linters,
// formatters and scanners before each commit; pre-commit also runs in CI
// when a pipeline calls it or pre-commit.ci is configured.

// ciHook is one hook that runs a tool before commits.
type ciHook struct {
	Path string
	Line int
	ID   string // hook id or command
	Kind string // lint, security or policy
}

// ciHookIDKinds classify well-known pre-commit hook ids that are not
// plain linters.
var ciHookIDKinds = map[string][]string{
	"gitleaks": {ciKSecurity}, "detect-secrets": {ciKSecurity}, "bandit": {ciKSecurity}, "trufflehog": {ciKSecurity},
	"detect-private-key": {ciKSecurity}, "semgrep": {ciKSecurity}, "gosec": {ciKSecurity}, "ripsecrets": {ciKSecurity},
	"talisman-commit": {ciKSecurity}, "detect-aws-credentials": {ciKSecurity}, "osv-scanner": {ciKSecurity},
	"checkov": {ciKPolicy, ciKSecurity}, "terraform_tfsec": {ciKPolicy, ciKSecurity}, "terraform_checkov": {ciKPolicy, ciKSecurity},
	"tfsec": {ciKPolicy, ciKSecurity}, "terrascan": {ciKPolicy, ciKSecurity}, "terraform_trivy": {ciKPolicy, ciKSecurity},
	"kics": {ciKPolicy, ciKSecurity}, "conftest": {ciKPolicy}, "cfn-nag": {ciKPolicy}, "cfn-guard": {ciKPolicy},
	"checkov_diff": {ciKPolicy, ciKSecurity},
}

// ciHooks returns the hooks the repository configures, cached per file.
func ciHooks(t *Tree) []ciHook {
	var out []ciHook
	for _, f := range t.Match(func(p string) bool {
		return p == ".pre-commit-config.yaml" || p == ".pre-commit-config.yml" || p == "lefthook.yml" ||
			p == "lefthook.yaml" || p == ".lefthook.yml" || path.Dir(p) == ".husky" && path.Base(p) == "pre-commit"
	}) {
		switch {
		case strings.HasPrefix(f, ".pre-commit"):
			out = append(out, ciPreCommitHooks(t, f)...)
		case strings.HasPrefix(f, ".husky"):
			for _, l := range ciScriptFileLines(t, f) {
				for _, tl := range ciLineTools(t, l.Text, 0, map[string]bool{}) {
					if tl.Kind == ciKLint || tl.Kind == ciKSecurity || tl.Kind == ciKPolicy || tl.Kind == ciKTest {
						out = append(out, ciHook{Path: f, Line: l.Line, ID: tl.Name, Kind: tl.Kind})
					}
				}
			}
		default:
			out = append(out, ciLefthook(t, f)...)
		}
	}
	return out
}

func ciPreCommitHooks(t *Tree, f string) []ciHook {
	docs := ciYAMLDocs(t, f)
	if len(docs) == 0 {
		return nil
	}
	var out []ciHook
	for _, r := range items(get(docs[0], "repos")) {
		for _, h := range items(get(r, "hooks")) {
			id := str(h, "id")
			if id == "" {
				continue
			}
			kinds, ok := ciHookIDKinds[id]
			if !ok {
				kinds = []string{ciKLint}
			}
			for _, k := range kinds {
				out = append(out, ciHook{Path: f, Line: h.Line, ID: id, Kind: k})
			}
		}
	}
	return out
}

// ciLefthook reads the pre-commit and pre-push commands of lefthook.
func ciLefthook(t *Tree, f string) []ciHook {
	docs := ciYAMLDocs(t, f)
	if len(docs) == 0 {
		return nil
	}
	var out []ciHook
	for _, stage := range []string{"pre-commit", "pre-push"} {
		pairs(get(docs[0], stage, "commands"), func(name string, _, c *yaml.Node) {
			run := get(c, "run")
			if run == nil {
				return
			}
			for _, tl := range ciLineTools(t, run.Value, 0, map[string]bool{}) {
				if tl.Kind == ciKLint || tl.Kind == ciKSecurity || tl.Kind == ciKPolicy {
					out = append(out, ciHook{Path: f, Line: run.Line, ID: tl.Name, Kind: tl.Kind})
				}
			}
		})
	}
	return out
}

// ciPreCommitInCI reports whether pre-commit hooks also run in CI: a
// pipeline runs pre-commit, or the config has a pre-commit.ci section.
func ciPreCommitInCI(t *Tree, m *ciModel) bool {
	for _, f := range ciFind(m, ciKLint) {
		if strings.Contains(strings.ToLower(f.Tool.Name), "pre-commit") {
			return true
		}
	}
	for _, f := range []string{".pre-commit-config.yaml", ".pre-commit-config.yml"} {
		if t.Has(f) {
			if docs := ciYAMLDocs(t, f); len(docs) > 0 && get(docs[0], "ci") != nil {
				return true
			}
		}
	}
	return false
}
