package evidence

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// ci-security (OPS01-BP05): security scanners run by a pipeline (CodeQL,
// Trivy, Grype, Snyk, gosec, Semgrep, govulncheck, dependency audits,
// GitLab security templates…). Scanners in commit hooks only are partial.
//
// ci-policy (OPS01-BP04): policy as code — Rego, Sentinel, cfn-guard rules,
// checkov/tfsec/kics/terrascan configuration — run by a pipeline or hook
// (strong), or present but not run (partial).

func init() {
	register(
		Detector{Name: "ci-security", Run: runCISecurity},
		Detector{Name: "ci-policy", Run: runCIPolicy},
	)
}

func runCISecurity(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	seen := map[string]bool{}
	for i, g := range ciByJob(ciFind(m, ciKSecurity)) {
		if i >= 6 {
			break
		}
		hits = append(hits, Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: g.First.Path, Line: g.First.Line,
			Summary: fmt.Sprintf("%s %s scans for vulnerabilities with %s %s", ciPipelineNoun(g.P), ciJobRef(g.P, g.J), ciToolsText(g.Tools), ciWhen(g.P, g.J))}})
	}
	inCI := ciPreCommitInCI(t, m)
	for _, h := range ciHooks(t) {
		if h.Kind != ciKSecurity || seen[h.Path+"\x00"+h.ID] {
			continue
		}
		seen[h.Path+"\x00"+h.ID] = true
		if inCI && strings.HasPrefix(h.Path, ".pre-commit") {
			hits = append(hits, Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: h.Path, Line: h.Line,
				Summary: fmt.Sprintf("The pre-commit hook %s scans for secrets or vulnerabilities, and CI runs the hooks", h.ID)}})
			continue
		}
		hits = append(hits, Hit{Practice: "OPS01-BP05", Confidence: Partial, Proof: Proof{Path: h.Path, Line: h.Line,
			Summary: fmt.Sprintf("The commit hook %s scans for secrets or vulnerabilities on developers' machines, but no pipeline runs it", h.ID)}})
	}
	return hits
}

// ciPolicyFile is a policy-as-code file found in the tree.
type ciPolicyFile struct {
	Path  string
	Line  int
	What  string
	Tools []string // the tools that would run it
}

var (
	ciRegoPackage = regexp.MustCompile(`^package\s+[\w.]+`)
	ciRegoRule    = regexp.MustCompile(`^(deny|violation|warn|allow|deny_\w+|violation_\w+|warn_\w+|[a-z_][\w]*)(\s*\[[^\]]*\])?\s*(contains\b|if\b|=|:=|\{)`)
	ciGuardRule   = regexp.MustCompile(`(?m)^\s*rule\s+\w+|^\s*let\s+\w+\s*=|^\s*Resources\.\*`)
	ciPolicyCfg   = regexp.MustCompile(`^(\.checkov\.ya?ml|\.checkov\.yaml|checkov\.ya?ml|\.tfsec\.ya?ml|tfsec\.ya?ml|kics\.config|kics\.ya?ml|\.kics\.ya?ml|\.terrascan\.toml|terrascan\.toml|sentinel\.hcl|conftest\.toml|\.cfnnagrc|\.cfn-nag-rules?\.ya?ml|\.cfn_nag\.ya?ml)$`)
)

// ciPolicyFiles finds Rego policies with rules, Sentinel policies,
// cfn-guard rule files and scanner configurations.
func ciPolicyFiles(t *Tree) []ciPolicyFile {
	var out []ciPolicyFile
	for _, f := range t.Match(func(p string) bool {
		b := path.Base(p)
		e := path.Ext(b)
		return (e == ".rego" && !strings.HasSuffix(b, "_test.rego")) || e == ".sentinel" || e == ".guard" ||
			ciPolicyCfg.MatchString(b) || path.Dir(p) == ".tfsec" && (b == "config.yml" || b == "config.json" || b == "config.yaml")
	}) {
		b := path.Base(f)
		switch path.Ext(b) {
		case ".rego":
			if line, ok := ciRegoRules(t, f); ok {
				out = append(out, ciPolicyFile{f, line, "an OPA/Rego policy", []string{"conftest", "opa", "regula", "gator", "trivy", "kics", "checkov"}})
			}
		case ".sentinel":
			out = append(out, ciPolicyFile{f, 0, "a Sentinel policy", []string{"sentinel"}})
		case ".guard":
			if data, err := t.Read(f); err == nil && ciGuardRule.Match(data) {
				out = append(out, ciPolicyFile{f, 0, "cfn-guard rules", []string{"cfn-guard", "guard"}})
			}
		default:
			tool := strings.SplitN(strings.TrimPrefix(b, "."), ".", 2)[0]
			what := "a " + tool + " configuration"
			switch {
			case path.Dir(f) == ".tfsec":
				tool, what = "tfsec", "a tfsec configuration"
			case b == "sentinel.hcl":
				what = "a Sentinel policy set"
			case strings.HasPrefix(tool, "cfn"):
				tool, what = "cfn_nag", "a cfn-nag rule configuration"
			}
			out = append(out, ciPolicyFile{f, 0, what, []string{strings.ReplaceAll(tool, "-", "_"), tool}})
		}
	}
	return out
}

// ciRegoRules reports whether a Rego file declares a package and at least
// one rule, and the line of the first rule.
func ciRegoRules(t *Tree, f string) (int, bool) {
	data, err := t.Read(f)
	if err != nil {
		return 0, false
	}
	pkg := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case ciRegoPackage.MatchString(line):
			pkg = true
		case pkg && !strings.HasPrefix(line, "import") && !strings.HasPrefix(line, "default ") && ciRegoRule.MatchString(line):
			return n, true
		}
	}
	return 0, false
}

func runCIPolicy(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	seen := map[string]bool{}
	for i, g := range ciByJob(ciFind(m, ciKPolicy)) {
		if i >= 5 {
			break
		}
		hits = append(hits, Hit{Practice: "OPS01-BP04", Confidence: Strong, Proof: Proof{Path: g.First.Path, Line: g.First.Line,
			Summary: fmt.Sprintf("%s %s checks the code against policies with %s %s", ciPipelineNoun(g.P), ciJobRef(g.P, g.J), ciToolsText(g.Tools), ciWhen(g.P, g.J))}})
	}
	for _, h := range ciHooks(t) {
		if h.Kind == ciKPolicy && !seen[h.Path+h.ID] {
			seen[h.Path+h.ID] = true
			hits = append(hits, Hit{Practice: "OPS01-BP04", Confidence: Strong, Proof: Proof{Path: h.Path, Line: h.Line,
				Summary: fmt.Sprintf("The commit hook %s checks infrastructure code against policies before each commit", h.ID)}})
		}
	}
	var ran []string
	for _, f := range ciFind(m, ciKPolicy) {
		ran = append(ran, strings.ToLower(f.Tool.Name))
	}
	for _, h := range ciHooks(t) {
		if h.Kind == ciKPolicy {
			ran = append(ran, strings.ToLower(h.ID))
		}
	}
	files := ciPolicyFiles(t)
	for i, f := range files {
		if i >= 5 {
			break
		}
		conf, tail := Partial, ", but no pipeline or hook runs it"
		if ciRunsAny(ran, f.Tools) {
			conf, tail = Strong, ", and a pipeline or hook runs it"
		}
		hits = append(hits, Hit{Practice: "OPS01-BP04", Confidence: conf, Proof: Proof{Path: f.Path, Line: f.Line,
			Summary: fmt.Sprintf("%s is %s%s", f.Path, f.What, tail)}})
	}
	return hits
}

// ciRunsAny reports whether one of the tools that ran is one of want.
func ciRunsAny(ran, want []string) bool {
	for _, r := range ran {
		for _, w := range want {
			if strings.Contains(r, w) {
				return true
			}
		}
	}
	return false
}
