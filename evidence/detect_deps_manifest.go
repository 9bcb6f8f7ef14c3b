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

// depsGoModInfo is what a go.mod says: its requirements and the Go version.
type depsGoModInfo struct {
	Decls     []depDecl
	GoVersion string
	GoLine    int
}

// depsGoModOf parses a go.mod once per tree.
func depsGoModOf(t *Tree, p string) (*depsGoModInfo, error) {
	v, err := t.parsed(p, "deps-gomod", func(p string, data []byte) (any, error) { return depsParseGoMod(p, data) })
	if err != nil {
		return nil, err
	}
	return v.(*depsGoModInfo), nil
}

func depsGoModDecls(t *Tree, p string) []depDecl {
	info, err := depsGoModOf(t, p)
	if err != nil {
		return nil
	}
	return info.Decls
}

// depsParseGoMod reads the require directives of a go.mod. Requirements marked
// "// indirect" are not the module's own choice: they confirm an import but
// never count as declared on their own.
func depsParseGoMod(p string, data []byte) (info *depsGoModInfo, err error) {
	defer func() {
		if r := recover(); r != nil {
			info, err = nil, fmt.Errorf("go.mod parser failure: %v", r)
		}
	}()
	f, err := modfile.ParseLax(p, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse go.mod: %w", err)
	}
	info = &depsGoModInfo{}
	if f.Go != nil {
		info.GoVersion = f.Go.Version
		if f.Go.Syntax != nil {
			info.GoLine = f.Go.Syntax.Start.Line
		}
	}
	for _, r := range f.Require {
		d := depDecl{Eco: depsEcoGo, Name: r.Mod.Path, Path: p, Scope: depsScopeRuntime}
		if r.Indirect {
			d.Scope = depsScopeIndirect
		}
		if r.Syntax != nil {
			d.Line = r.Syntax.Start.Line
		}
		info.Decls = append(info.Decls, d)
	}
	return info, nil
}

// depsGoVersionAtLeast compares a go directive ("1.21", "1.22.3", "1.23rc1")
// with major.minor.
func depsGoVersionAtLeast(v string, major, minor int) bool {
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

// depsPackageJSONDecls reads the dependency maps of a package.json through the
// shared YAML cache (which keeps line numbers for JSON too).
func depsPackageJSONDecls(t *Tree, p string) []depDecl {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return nil
	}
	return depsParsePackageJSON(p, docs[0])
}

// depsPackageJSONScopes maps the dependency maps of package.json to scopes.
// devDependencies are build and test tooling: a telemetry library listed
// only there does not ship with the workload.
var depsPackageJSONScopes = []struct {
	key   string
	scope depScope
}{
	{"dependencies", depsScopeRuntime},
	{"optionalDependencies", depsScopeRuntime},
	{"peerDependencies", depsScopeIndirect},
	{"devDependencies", depsScopeDev},
}

func depsParsePackageJSON(p string, doc *yaml.Node) []depDecl {
	var out []depDecl
	for _, s := range depsPackageJSONScopes {
		pairs(get(doc, s.key), func(name string, k, _ *yaml.Node) {
			if name == "" {
				return
			}
			out = append(out, depDecl{Eco: depsEcoNPM, Name: name, Path: p, Line: k.Line, Scope: s.scope})
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

// depsPackageJSONScripts returns the "scripts" commands of a package.json.
func depsPackageJSONScripts(t *Tree, p string) []depScript {
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
	depsGemLineRe   = regexp.MustCompile(`^\s*gem\s*\(?\s*['"]([^'"\s]+)['"](.*)$`)
	depsGemGroupRe  = regexp.MustCompile(`^\s*group\s*\(?\s*(.+?)\)?\s+do\b`)
	depsGemBlockRe  = regexp.MustCompile(`(^\s*(if|unless|case|begin|while|until)\b)|\bdo\s*(\|[^|]*\|)?\s*$`)
	depsGemEndRe    = regexp.MustCompile(`^\s*end\b`)
	depsGemSymbolRe = regexp.MustCompile(`:(\w+)|['"](\w+)['"]`)
	depsGemInlineRe = regexp.MustCompile(`\b(?:group|groups)\s*:\s*(\[[^\]]*\]|:\w+|['"]\w+['"])|:groups?\s*=>\s*(\[[^\]]*\]|:\w+)`)
)

// depsGemDevGroups are Bundler groups that do not ship with the application.
var depsGemDevGroups = map[string]bool{"development": true, "test": true, "dev": true, "ci": true, "lint": true, "rubocop": true, "debug": true, "tools": true}

// depsParseGemfile reads gem lines and the groups they are declared in. A gem
// whose every group is a development/test group is dev scope.
func depsParseGemfile(p string, data []byte) ([]depDecl, error) {
	var out []depDecl
	type block struct{ groups []string }
	var stack []block
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if m := depsGemLineRe.FindStringSubmatch(line); m != nil {
			groups := depsGemInlineGroups(m[2])
			for _, b := range stack {
				groups = append(groups, b.groups...)
			}
			out = append(out, depDecl{Eco: depsEcoRuby, Name: m[1], Path: p, Line: i + 1, Scope: depsGemScope(groups)})
			continue
		}
		if m := depsGemGroupRe.FindStringSubmatch(line); m != nil {
			stack = append(stack, block{groups: depsGemSymbols(m[1])})
			continue
		}
		if depsGemEndRe.MatchString(line) {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if depsGemBlockRe.MatchString(line) {
			stack = append(stack, block{})
		}
	}
	return out, nil
}

func depsGemInlineGroups(rest string) []string {
	m := depsGemInlineRe.FindStringSubmatch(rest)
	if m == nil {
		return nil
	}
	return depsGemSymbols(m[1] + m[2])
}

func depsGemSymbols(s string) []string {
	var out []string
	for _, m := range depsGemSymbolRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

func depsGemScope(groups []string) depScope {
	if len(groups) == 0 {
		return depsScopeRuntime
	}
	for _, g := range groups {
		if !depsGemDevGroups[g] {
			return depsScopeRuntime
		}
	}
	return depsScopeDev
}

var depsGemspecDepRe = regexp.MustCompile(`\.add_(runtime_|development_)?dependency\s*\(?\s*['"]([^'"\s]+)['"]`)

// depsParseGemspec reads add_dependency lines of a gem specification.
func depsParseGemspec(p string, data []byte) ([]depDecl, error) {
	var out []depDecl
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, m := range depsGemspecDepRe.FindAllStringSubmatch(line, -1) {
			scope := depsScopeRuntime
			if m[1] == "development_" {
				scope = depsScopeDev
			}
			out = append(out, depDecl{Eco: depsEcoRuby, Name: m[2], Path: p, Line: i + 1, Scope: scope})
		}
	}
	return out, nil
}
