package evidence

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
	"golang.org/x/mod/modfile"
)

// Manifest parsers for Go (go.mod), npm (package.json) and Ruby (Gemfile,
// *.gemspec). Python, JVM and .NET manifests have their own files.

// goModInfo is what a go.mod says: its requirements and the Go version.
type goModInfo struct {
	Decls     []depDecl
	GoVersion string
	GoLine    int
}

// goModOf parses a go.mod once per tree.
func goModOf(t *Tree, p string) (*goModInfo, error) {
	v, err := t.parsed(p, "deps-gomod", func(p string, data []byte) (any, error) { return parseGoMod(p, data) })
	if err != nil {
		return nil, err
	}
	return v.(*goModInfo), nil
}

func goModDecls(t *Tree, p string) []depDecl {
	info, err := goModOf(t, p)
	if err != nil {
		return nil
	}
	return info.Decls
}

// parseGoMod reads the require directives of a go.mod. Requirements marked
// "// indirect" are not the module's own choice: they confirm an import but
// never count as declared on their own.
func parseGoMod(p string, data []byte) (info *goModInfo, err error) {
	defer func() {
		if r := recover(); r != nil {
			info, err = nil, fmt.Errorf("go.mod parser failure: %v", r)
		}
	}()
	f, err := modfile.ParseLax(p, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse go.mod: %w", err)
	}
	info = &goModInfo{}
	if f.Go != nil {
		info.GoVersion = f.Go.Version
		if f.Go.Syntax != nil {
			info.GoLine = f.Go.Syntax.Start.Line
		}
	}
	for _, r := range f.Require {
		d := depDecl{Eco: ecoGo, Name: r.Mod.Path, Path: p, Scope: scopeRuntime}
		if r.Indirect {
			d.Scope = scopeIndirect
		}
		if r.Syntax != nil {
			d.Line = r.Syntax.Start.Line
		}
		info.Decls = append(info.Decls, d)
	}
	return info, nil
}

// goVersionAtLeast compares a go directive ("1.21", "1.22.3", "1.23rc1")
// with major.minor.
func goVersionAtLeast(v string, major, minor int) bool {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err := strconv.Atoi(parts[0])
	if err != nil {
		return false
	}
	digits := parts[1]
	if i := strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		digits = digits[:i]
	}
	mi, err := strconv.Atoi(digits)
	if err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// packageJSONDecls reads the dependency maps of a package.json through the
// shared YAML cache (which keeps line numbers for JSON too).
func packageJSONDecls(t *Tree, p string) []depDecl {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return nil
	}
	return parsePackageJSON(p, docs[0])
}

// packageJSONScopes maps the dependency maps of package.json to scopes.
// devDependencies are build and test tooling: a telemetry library listed
// only there does not ship with the workload.
var packageJSONScopes = []struct {
	key   string
	scope depScope
}{
	{"dependencies", scopeRuntime},
	{"optionalDependencies", scopeRuntime},
	{"peerDependencies", scopeIndirect},
	{"devDependencies", scopeDev},
}

func parsePackageJSON(p string, doc *yaml.Node) []depDecl {
	var out []depDecl
	for _, s := range packageJSONScopes {
		pairs(get(doc, s.key), func(name string, k, _ *yaml.Node) {
			if name == "" {
				return
			}
			out = append(out, depDecl{Eco: ecoNPM, Name: name, Path: p, Line: k.Line, Scope: s.scope})
		})
	}
	return out
}

// depScript is one command line from a manifest or launcher file, for the
// launcher markers (a service started under an instrumentation agent).
type depScript struct {
	Path string
	Line int
	Text string
}

// packageJSONScripts returns the "scripts" commands of a package.json.
func packageJSONScripts(t *Tree, p string) []depScript {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return nil
	}
	var out []depScript
	pairs(get(docs[0], "scripts"), func(_ string, k, v *yaml.Node) {
		if v != nil && v.Kind == yaml.ScalarNode {
			out = append(out, depScript{Path: p, Line: k.Line, Text: v.Value})
		}
	})
	return out
}

var (
	gemLineRe   = regexp.MustCompile(`^\s*gem\s*\(?\s*['"]([^'"\s]+)['"](.*)$`)
	gemGroupRe  = regexp.MustCompile(`^\s*group\s*\(?\s*(.+?)\)?\s+do\b`)
	gemBlockRe  = regexp.MustCompile(`(^\s*(if|unless|case|begin|while|until)\b)|\bdo\s*(\|[^|]*\|)?\s*$`)
	gemEndRe    = regexp.MustCompile(`^\s*end\b`)
	gemSymbolRe = regexp.MustCompile(`:(\w+)|['"](\w+)['"]`)
	gemInlineRe = regexp.MustCompile(`\b(?:group|groups)\s*:\s*(\[[^\]]*\]|:\w+|['"]\w+['"])|:groups?\s*=>\s*(\[[^\]]*\]|:\w+)`)
)

// gemDevGroups are Bundler groups that do not ship with the application.
var gemDevGroups = map[string]bool{"development": true, "test": true, "dev": true, "ci": true, "lint": true, "rubocop": true, "debug": true, "tools": true}

// parseGemfile reads gem lines and the groups they are declared in. A gem
// whose every group is a development/test group is dev scope.
func parseGemfile(p string, data []byte) ([]depDecl, error) {
	var out []depDecl
	type block struct{ groups []string }
	var stack []block
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if m := gemLineRe.FindStringSubmatch(line); m != nil {
			groups := gemInlineGroups(m[2])
			for _, b := range stack {
				groups = append(groups, b.groups...)
			}
			out = append(out, depDecl{Eco: ecoRuby, Name: m[1], Path: p, Line: i + 1, Scope: gemScope(groups)})
			continue
		}
		if m := gemGroupRe.FindStringSubmatch(line); m != nil {
			stack = append(stack, block{groups: gemSymbols(m[1])})
			continue
		}
		if gemEndRe.MatchString(line) {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if gemBlockRe.MatchString(line) {
			stack = append(stack, block{})
		}
	}
	return out, nil
}

func gemInlineGroups(rest string) []string {
	m := gemInlineRe.FindStringSubmatch(rest)
	if m == nil {
		return nil
	}
	return gemSymbols(m[1] + m[2])
}

func gemSymbols(s string) []string {
	var out []string
	for _, m := range gemSymbolRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

func gemScope(groups []string) depScope {
	if len(groups) == 0 {
		return scopeRuntime
	}
	for _, g := range groups {
		if !gemDevGroups[g] {
			return scopeRuntime
		}
	}
	return scopeDev
}

var gemspecDepRe = regexp.MustCompile(`\.add_(runtime_|development_)?dependency\s*\(?\s*['"]([^'"\s]+)['"]`)

// parseGemspec reads add_dependency lines of a gem specification.
func parseGemspec(p string, data []byte) ([]depDecl, error) {
	var out []depDecl
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, m := range gemspecDepRe.FindAllStringSubmatch(line, -1) {
			scope := scopeRuntime
			if m[1] == "development_" {
				scope = scopeDev
			}
			out = append(out, depDecl{Eco: ecoRuby, Name: m[2], Path: p, Line: i + 1, Scope: scope})
		}
	}
	return out, nil
}
