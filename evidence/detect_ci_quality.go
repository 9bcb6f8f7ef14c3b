package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// ci-quality (OPS05-BP07): linters, formatters and static analysis run by
// a pipeline or a commit hook. A linter configuration that nothing runs is
// partial.

func init() {
	register(Detector{Name: "ci-quality", Run: runCIQuality})
}

// ciLintConfigs name linter and formatter configuration files.
var ciLintConfigs = regexp.MustCompile(`^(\.golangci\.(ya?ml|toml|json)|\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts)|ruff\.toml|\.ruff\.toml|\.flake8|\.pylintrc|pylintrc|mypy\.ini|\.mypy\.ini|\.rubocop\.yml|checkstyle\.xml|checkstyle-[\w-]+\.xml|\.prettierrc(\.(js|cjs|json|ya?ml|toml))?|prettier\.config\.(js|cjs|mjs)|\.stylelintrc(\.(js|json|ya?ml))?|detekt\.ya?ml|\.swiftlint\.yml|phpstan\.neon(\.dist)?|\.hadolint\.ya?ml|\.yamllint(\.ya?ml)?|\.markdownlint(\.(json|ya?ml|jsonc))?|tslint\.json|biome\.jsonc?|\.clang-tidy|rustfmt\.toml|\.rustfmt\.toml|clippy\.toml|\.shellcheckrc|sonar-project\.properties|\.scalafmt\.conf|\.editorconfig-checker\.json|\.tflint\.hcl|spotbugs-exclude\.xml|pmd-ruleset\.xml|\.jshintrc|\.credo\.exs|\.php-cs-fixer(\.dist)?\.php|phpcs\.xml(\.dist)?)$`)

// ciPyprojectLint finds linter sections of pyproject.toml and setup.cfg.
var ciPyprojectLint = regexp.MustCompile(`(?m)^\[(tool\.(ruff|black|pylint|mypy|isort|flake8|pyright)|flake8|pylint|mypy|isort|pycodestyle)[\].]`)

func runCIQuality(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	for i, g := range ciByJob(ciFind(m, ciKLint)) {
		if i >= 6 {
			break
		}
		hits = append(hits, Hit{Practice: "OPS05-BP07", Confidence: Strong, Proof: Proof{Path: g.First.Path, Line: g.First.Line,
			Summary: fmt.Sprintf("%s %s runs %s %s", ciPipelineNoun(g.P), ciJobRef(g.P, g.J), ciToolsText(g.Tools), ciWhen(g.P, g.J))}})
	}
	hookFiles := map[string][]string{}
	hookLine := map[string]int{}
	for _, h := range ciHooks(t) {
		if h.Kind != ciKLint {
			continue
		}
		hookFiles[h.Path] = ciAddUnique(hookFiles[h.Path], h.ID)
		if hookLine[h.Path] == 0 {
			hookLine[h.Path] = h.Line
		}
	}
	for f, ids := range hookFiles {
		hits = append(hits, Hit{Practice: "OPS05-BP07", Confidence: Strong, Proof: Proof{Path: f, Line: hookLine[f],
			Summary: fmt.Sprintf("Commit hooks run %s before each commit", ciFirstN(ids, 5))}})
	}
	if len(hits) > 0 {
		return hits
	}
	for _, f := range ciLintConfigFiles(t) {
		hits = append(hits, Hit{Practice: "OPS05-BP07", Confidence: Partial, Proof: Proof{Path: f,
			Summary: fmt.Sprintf("%s configures a linter or formatter, but no pipeline or commit hook runs it", path.Base(f))}})
		if len(hits) >= 3 {
			break
		}
	}
	return hits
}

// ciLintConfigFiles returns linter configurations in the tree.
func ciLintConfigFiles(t *Tree) []string {
	var out []string
	for _, f := range t.Match(func(p string) bool {
		b := path.Base(p)
		return strings.Count(p, "/") <= 2 && (ciLintConfigs.MatchString(b) || b == "pyproject.toml" || b == "setup.cfg" || b == "tox.ini")
	}) {
		b := path.Base(f)
		if b == "pyproject.toml" || b == "setup.cfg" || b == "tox.ini" {
			data, err := t.Read(f)
			if err != nil || !ciPyprojectLint.Match(data) {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// ciFirstN lists up to n names, saying how many more there are.
func ciFirstN(names []string, n int) string {
	if len(names) <= n {
		return ciJoin(names)
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
