package evidence

import (
	"path"
	"sort"
	"strings"
)

// The deps family answers, from dependency manifests confirmed by use in
// code, which telemetry, tracing, analytics and feature-flag libraries a
// workload runs with. It is built in layers, each computed once per tree and
// shared by the detectors of detect_deps_detectors.go:
//
//   - depsManifests: every dependency declared in the manifests of the six
//     ecosystems (file, line, scope), see detect_deps_manifest*.go;
//   - depsSourceFacts: per source file, the imported modules and a few call
//     markers (detect_deps_code.go), read only when needed;
//   - depsModelOf: the catalog (detect_deps_catalog*.go) matched against
//     both, with the first use of each declared library in non-test code.

// depEco is a package ecosystem, and with it the source language whose
// files are read to confirm that a declared library is used.
type depEco string

const (
	depsEcoGo     depEco = "go"
	depsEcoNPM    depEco = "npm"
	depsEcoPython depEco = "python"
	depsEcoJava   depEco = "java"
	depsEcoDotnet depEco = "dotnet"
	depsEcoRuby   depEco = "ruby"
)

// depEcos lists the ecosystems in the order the model reads them.
var depEcos = []depEco{depsEcoGo, depsEcoNPM, depsEcoPython, depsEcoJava, depsEcoDotnet, depsEcoRuby}

// depScope says what a declaration is for. Only runtime declarations show
// that the workload ships a library; the others may confirm an import but
// never count on their own.
type depScope int

const (
	// depsScopeRuntime: shipped with the workload (dependencies, install_requires,
	// implementation, PackageReference, a gem outside dev/test groups).
	depsScopeRuntime depScope = iota
	// depsScopeIndirect: present but not the workload's own choice (go.mod
	// "// indirect", npm peerDependencies).
	depsScopeIndirect
	// depsScopeManaged: a version pinned centrally (Maven dependencyManagement,
	// Directory.Packages.props, a Gradle version catalog entry).
	depsScopeManaged
	// depsScopeDev: development and test tooling (devDependencies, test scope,
	// dev groups, requirements-dev.txt).
	depsScopeDev
	// depsScopeBuild: build plugins and annotation processors.
	depsScopeBuild
)

func (s depScope) String() string {
	switch s {
	case depsScopeRuntime:
		return "runtime"
	case depsScopeIndirect:
		return "indirect"
	case depsScopeManaged:
		return "managed"
	case depsScopeDev:
		return "dev"
	case depsScopeBuild:
		return "build"
	}
	return "unknown"
}

// shipped reports whether a declaration of this scope can confirm that an
// import in non-test code belongs to a declared library.
func (s depScope) shipped() bool { return s <= depsScopeManaged }

// depDecl is one declared dependency.
type depDecl struct {
	Eco   depEco
	Name  string // as matched: Go module path, npm package, normalised Python project, group:artifact, NuGet ID, gem
	Path  string // the manifest
	Line  int    // 1-based; 0 when the manifest gives no line
	Scope depScope
}

// depsManifests returns every dependency declared by the workload's own
// manifests (tests, vendored and example trees excluded), in path order.
// It is computed once per tree.
func depsManifests(t *Tree) []depDecl {
	return depsTreeValue(t, "deps-manifests", func() any { return depsCollectManifests(t) }).([]depDecl)
}

// depsDeclared returns the shipped declarations of eco whose name matches
// one of the patterns (see depNameMatch).
func depsDeclared(t *Tree, eco depEco, patterns ...string) []depDecl {
	var out []depDecl
	for _, d := range depsManifests(t) {
		if d.Eco == eco && d.Scope.shipped() && depNameMatchAny(patterns, d.Name) {
			out = append(out, d)
		}
	}
	return out
}

// depsTreeValue caches a value computed from the whole tree in the tree's
// parsed-file cache, under a key no file path can take, so it lives and dies
// with the tree and is built once however many detectors ask concurrently.
func depsTreeValue(t *Tree, kind string, build func() any) any {
	return memo(t, "deps:"+kind, func(*Tree) any { return build() })
}

// depsManifestKind names the parser for a file, or "" when it is no manifest.
func depsManifestKind(p string) string {
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch {
	case base == "go.mod":
		return "go.mod"
	case base == "package.json":
		return "package.json"
	case base == "pyproject.toml":
		return "pyproject"
	case base == "Pipfile":
		return "pipfile"
	case base == "setup.cfg":
		return "setup.cfg"
	case base == "setup.py":
		return "setup.py"
	case depsIsRequirementsFile(p):
		return "requirements"
	case base == "pom.xml":
		return "pom"
	case base == "build.gradle" || base == "build.gradle.kts":
		return "gradle"
	case strings.HasSuffix(lower, ".csproj") || strings.HasSuffix(lower, ".fsproj") || strings.HasSuffix(lower, ".vbproj"):
		return "msbuild"
	case base == "Directory.Packages.props" || base == "Directory.Build.props":
		return "msbuild"
	case lower == "packages.config":
		return "packages.config"
	case base == "Gemfile" || base == "gems.rb":
		return "gemfile"
	case strings.HasSuffix(base, ".gemspec"):
		return "gemspec"
	}
	return ""
}

// depsIsRequirementsFile matches pip requirement files: requirements.txt,
// requirements-prod.txt, dev-requirements.txt, requirements/base.txt and
// their pip-tools .in sources.
func depsIsRequirementsFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	if ext != ".txt" && ext != ".in" {
		return false
	}
	if strings.Contains(base, "requirements") {
		return true
	}
	dir := path.Base(path.Dir(p))
	return dir == "requirements" || dir == "reqs"
}

// depsCollectManifests parses every manifest of the workload.
func depsCollectManifests(t *Tree) []depDecl {
	// Manifests of tests, tools, scripts and docs sites declare their own
	// tooling, not what the workload ships.
	files := t.Match(func(p string) bool { return depsManifestKind(p) != "" && !depsTestPath(p) && !depsToolingPath(p) })
	var out []depDecl
	var catalogs map[string]*depsGradleCatalog
	for _, p := range files {
		switch depsManifestKind(p) {
		case "go.mod":
			out = append(out, depsGoModDecls(t, p)...)
		case "package.json":
			out = append(out, depsPackageJSONDecls(t, p)...)
		case "requirements":
			out = append(out, depsRequirementsDecls(t, p)...)
		case "pyproject", "pipfile", "setup.cfg", "setup.py":
			out = append(out, depsPythonDecls(t, p)...)
		case "pom":
			out = append(out, depsManifestDecls(t, p, depsParsePom)...)
		case "gradle":
			if catalogs == nil {
				catalogs = depsGradleCatalogs(t)
				out = append(out, depsCatalogDecls(catalogs)...)
			}
			out = append(out, depsGradleDecls(t, p, catalogs)...)
		case "msbuild":
			out = append(out, depsManifestDecls(t, p, depsParseMSBuild)...)
		case "packages.config":
			out = append(out, depsManifestDecls(t, p, depsParsePackagesConfig)...)
		case "gemfile":
			out = append(out, depsManifestDecls(t, p, depsParseGemfile)...)
		case "gemspec":
			out = append(out, depsManifestDecls(t, p, depsParseGemspec)...)
		}
	}
	if catalogs == nil {
		// A version catalog without any build file read: still declarations.
		out = append(out, depsCatalogDecls(depsGradleCatalogs(t))...)
	}
	return dedupDecls(out)
}

// depsManifestDecls parses one manifest through the tree's cache.
func depsManifestDecls(t *Tree, p string, parse func(p string, data []byte) ([]depDecl, error)) []depDecl {
	v, err := t.parsed(p, "deps-manifest", func(p string, data []byte) (any, error) { return parse(p, data) })
	if err != nil {
		return nil
	}
	return v.([]depDecl)
}

// dedupDecls keeps one declaration per place and name (an included
// requirements file reached twice), the most shipped scope winning, and
// orders them by path and line.
func dedupDecls(in []depDecl) []depDecl {
	type key struct {
		path, name string
		line       int
	}
	best := map[key]int{}
	var out []depDecl
	for _, d := range in {
		k := key{d.Path, d.Name, d.Line}
		if i, ok := best[k]; ok {
			if d.Scope < out[i].Scope {
				out[i].Scope = d.Scope
			}
			continue
		}
		best[k] = len(out)
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// depNameMatch matches a declared or imported name against a catalog
// pattern: exact (case-insensitive), or a prefix when the pattern ends in *.
func depNameMatch(pattern, name string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return len(name) >= len(p) && strings.EqualFold(name[:len(p)], p)
	}
	return strings.EqualFold(pattern, name)
}

func depNameMatchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if depNameMatch(p, name) {
			return true
		}
	}
	return false
}

// depsTestDirs are directory names holding tests, mocks or test-only code.
var depsTestDirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "__mocks__": true, "spec": true, "specs": true,
	"e2e": true, "cypress": true, "playwright": true, "integration-tests": true, "integration_tests": true,
	"integrationtest": true, "integrationtests": true, "androidtest": true, "testfixtures": true,
	"mocks": true, "mock": true, "fakes": true, "testutil": true, "testutils": true, "testing": true,
	"test-utils": true, "test_utils": true,
}

// depsTestPath reports whether p is test code (or a manifest of tests): a
// file in a test directory (test/, tests/, __tests__/, spec/, src/test/,
// a .NET *.Tests project) or named like a test in any language.
func depsTestPath(p string) bool {
	dir := path.Dir(p)
	if dir != "." {
		for _, part := range strings.Split(dir, "/") {
			l := strings.ToLower(part)
			if depsTestDirs[l] || strings.HasPrefix(l, "test_") {
				return true
			}
			for _, suf := range []string{".tests", ".test", ".unittests", ".integrationtests", ".specs", ".benchmarks"} {
				if strings.HasSuffix(l, suf) {
					return true
				}
			}
		}
	}
	base := path.Base(p)
	lower := strings.ToLower(base)
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case strings.HasSuffix(lower, "_test.go"), strings.HasSuffix(lower, "_spec.rb"), strings.HasSuffix(lower, "_test.rb"):
		return true
	case strings.Contains(lower, ".test.") || strings.Contains(lower, ".spec.") || strings.Contains(lower, ".stories.") || strings.Contains(lower, ".cy."):
		return true
	case strings.HasSuffix(lower, ".py") && (strings.HasPrefix(lower, "test_") || strings.HasSuffix(lower, "_test.py") || lower == "conftest.py" || lower == "tests.py"):
		return true
	case strings.HasSuffix(lower, ".java") || strings.HasSuffix(lower, ".kt") || strings.HasSuffix(lower, ".cs"):
		return strings.HasSuffix(stem, "Test") || strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "IT") || strings.HasSuffix(stem, "TestCase")
	}
	return false
}
