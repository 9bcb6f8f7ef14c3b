package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// ci-shared-standards (OPS05-BP06): standards shared across teams and
// pulled in by reference — reusable workflows and pipeline templates from
// another repository, Jenkins shared libraries, lint and format configs
// extended from an organisation's package. An .editorconfig alone is
// partial.

func init() {
	register(Detector{Name: "ci-shared-standards", Run: runCIShared})
}

// ciPublicScopes are npm scopes of public frameworks and tools, whose
// configs are not an organisation's own standard.
var ciPublicScopes = map[string]bool{
	"@typescript-eslint": true, "@eslint": true, "@vue": true, "@nuxt": true, "@next": true, "@angular-eslint": true,
	"@remix-run": true, "@tsconfig": true, "@rushstack": true, "@babel": true, "@react-native": true,
	"@react-native-community": true, "@sveltejs": true, "@stylistic": true, "@commitlint": true, "@antfu": true,
	"@vercel": true, "@storybook": true, "@nrwl": true, "@nx": true, "@electron-toolkit": true, "@ianvs": true,
	"@trivago": true, "@testing-library": true, "@microsoft": true, "@docusaurus": true, "@tanstack": true,
	"@vitest": true, "@jest": true, "@angular": true, "@ember": true, "@eslint-community": true, "@graphql-eslint": true,
	"@expo": true, "@shopify": true, "@sindresorhus": true, "@prettier": true, "@biomejs": true,
}

var ciScopedConfig = regexp.MustCompile(`(@[\w.-]+)/(eslint-config|prettier-config|stylelint-config|tsconfig|commitlint-config|eslint-plugin|style-guide|lint-config|code-style)[\w./-]*`)

func runCIShared(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	seen := map[string]bool{}
	for _, p := range m.Pipelines {
		for _, r := range p.Refs {
			if !r.External || r.Kind == "orb" || (r.Kind == "template" && p.System == "GitLab CI") || seen[r.Text] {
				continue
			}
			if r.Kind == "workflow" && !strings.Contains(r.Text, "/.github/workflows/") {
				continue
			}
			seen[r.Text] = true
			hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: Strong, Proof: Proof{Path: r.Path, Line: r.Line,
				Summary: fmt.Sprintf("%s reuses the shared %s %s from another repository", ciPipelineNoun(p), ciRefNoun(r), r.Text)}})
		}
	}
	hits = append(hits, ciSharedConfigs(t)...)
	if len(hits) == 0 && t.Has(".editorconfig") {
		hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: Partial, Proof: Proof{Path: ".editorconfig",
			Summary: ".editorconfig sets shared formatting rules for editors"}})
	}
	return hits
}

func ciRefNoun(r ciRef) string {
	switch r.Kind {
	case "workflow":
		return "workflow"
	case "library":
		return "pipeline library"
	case "include":
		return "CI configuration"
	}
	return "template"
}

// ciSharedConfigs finds lint, format and compiler configs extended from an
// organisation's package.
func ciSharedConfigs(t *Tree) []Hit {
	var hits []Hit
	for _, f := range t.Match(func(p string) bool {
		b := path.Base(p)
		return strings.Count(p, "/") <= 1 && (strings.HasPrefix(b, ".eslintrc") || strings.HasPrefix(b, "eslint.config.") ||
			strings.HasPrefix(b, ".prettierrc") || strings.HasPrefix(b, "prettier.config.") || strings.HasPrefix(b, ".stylelintrc") ||
			b == "tsconfig.json" || b == "package.json" || b == ".rubocop.yml" || strings.HasPrefix(b, "commitlint.config."))
	}) {
		if path.Base(f) == ".rubocop.yml" {
			if docs := ciYAMLDocs(t, f); len(docs) > 0 {
				if n := get(docs[0], "inherit_gem"); n != nil && n.Kind == yaml.MappingNode && len(n.Content) > 0 {
					hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: Strong, Proof: Proof{Path: f, Line: n.Line,
						Summary: fmt.Sprintf("RuboCop inherits the shared style configuration of gem %s", n.Content[0].Value)}})
				}
			}
			continue
		}
		data, err := t.Read(f)
		if err != nil {
			continue
		}
		for _, mt := range ciScopedConfig.FindAllSubmatchIndex(data, -1) {
			if ciPublicScopes[string(data[mt[2]:mt[3]])] {
				continue
			}
			if path.Base(f) == "package.json" && !ciInConfigKey(data, mt[0]) {
				continue
			}
			line := 1 + strings.Count(string(data[:mt[0]]), "\n")
			hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: Strong, Proof: Proof{Path: f, Line: line,
				Summary: fmt.Sprintf("%s extends the organisation's shared config %s", path.Base(f), string(data[mt[0]:mt[1]]))}})
			break
		}
	}
	return hits
}

// ciInConfigKey reports whether offset i of package.json lies in an
// eslintConfig, prettier or stylelint section rather than dependencies
// (a dependency alone is not an extension).
func ciInConfigKey(data []byte, i int) bool {
	before := string(data[:i])
	k := max(strings.LastIndex(before, `"eslintConfig"`), strings.LastIndex(before, `"prettier"`), strings.LastIndex(before, `"stylelint"`))
	d := max(strings.LastIndex(before, `"dependencies"`), strings.LastIndex(before, `"devDependencies"`), strings.LastIndex(before, `"peerDependencies"`))
	return k >= 0 && k > d
}
