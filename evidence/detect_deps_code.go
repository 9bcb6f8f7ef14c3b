package evidence

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Source facts: what one source file imports and a few call markers in it
// (metric definitions, a JSON slog handler, request-ID headers...). Each
// file is read and scanned once per tree, through the tree's cache; the
// model of detect_deps_use.go decides which files to read at all.

// depsSrcFacts is what the deps family knows about one source file.
type depsSrcFacts struct {
	Eco       depEco
	Generated bool            // a generated file: never counted
	Imports   []depsSrcImport // distinct imported modules, first occurrence each
	Markers   []depsSrcMarker
}

// depsSrcImport is an imported module (Go import path, npm package, Python
// module, Java/C# namespace, Ruby require or constant) and its line.
type depsSrcImport struct {
	Name string
	Line int
}

// depsSrcMarker is a call or construct found in a file. Name and Type carry
// what the marker saw (a metric name and instrument type, a class name).
type depsSrcMarker struct {
	Kind  string
	Line  int
	Name  string
	Type  string
	Label string // the library that made the marker, for summaries
}

// imports reports the first import of f matching a use pattern.
func (f *depsSrcFacts) importOf(patterns []string) (depsSrcImport, bool) {
	for _, imp := range f.Imports {
		for _, p := range patterns {
			if depUseMatch(f.Eco, p, imp.Name) {
				return imp, true
			}
		}
	}
	return depsSrcImport{}, false
}

// marker returns the first marker of a kind.
func (f *depsSrcFacts) marker(kind string) (depsSrcMarker, bool) {
	for _, m := range f.Markers {
		if m.Kind == kind {
			return m, true
		}
	}
	return depsSrcMarker{}, false
}

// depUseMatch matches an import against a catalog use pattern: a trailing
// * is a raw prefix; otherwise the import is the pattern or lies below it
// (go.opentelemetry.io/otel/trace below go.opentelemetry.io/otel, with the
// separator of the ecosystem: / . or Ruby's ::).
func depUseMatch(eco depEco, pattern, imp string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(imp, p)
	}
	if imp == pattern {
		return true
	}
	sep := "."
	switch eco {
	case depsEcoGo, depsEcoNPM:
		sep = "/"
	case depsEcoRuby:
		sep = "/"
		if pattern != "" && pattern[0] >= 'A' && pattern[0] <= 'Z' {
			sep = "::"
		}
	}
	return strings.HasPrefix(imp, pattern+sep)
}

// depsSkipDirs are directories of build output, tooling and documentation
// whose code is not the running workload.
var depsSkipDirs = map[string]bool{
	"dist": true, "build": true, "out": true, "target": true, "bin": true, "obj": true, ".next": true,
	".nuxt": true, ".svelte-kit": true, "coverage": true, "scripts": true, "tools": true, "hack": true,
	"docs": true, "doc": true, "bench": true, "benchmarks": true, ".storybook": true, "stories": true,
	"public": true, "static": true, "wwwroot": true, "generated": true, "gen": true,
}

// depsJSToolConfigRe matches build and test tool configuration (vite,
// jest, eslint...): not the running workload. Runtime files that happen to
// be named *.config.* (sentry.client.config.ts, Angular's app.config.ts)
// stay source.
var depsJSToolConfigRe = regexp.MustCompile(`^(vite|vitest|webpack|rollup|jest|babel|eslint|prettier|tailwind|postcss|next|nuxt|svelte|astro|` +
	`playwright|cypress|karma|tsup|esbuild|metro|commitlint|lint-staged|stylelint|remix|vue|quasar|docusaurus|electron-builder|drizzle|knip)\.config\.`)

// depsSourceEco returns the ecosystem whose language a file is written in,
// or "" for files the family never reads as source: tests, generated and
// build-output files, tooling configuration.
func depsSourceEco(p string) depEco {
	eco, test := depsSourceKind(p)
	if test {
		return ""
	}
	return eco
}

// depsTestSourceEco is depsSourceEco for test files.
func depsTestSourceEco(p string) depEco {
	eco, test := depsSourceKind(p)
	if !test {
		return ""
	}
	return eco
}

func depsSourceKind(p string) (depEco, bool) {
	eco := depsLangOf(p)
	if eco == "" {
		return "", false
	}
	if depsToolingPath(p) {
		return "", false
	}
	return eco, depsTestPath(p)
}

// depsToolingPath reports files under build-output, tooling or
// documentation directories (see depsSkipDirs).
func depsToolingPath(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if depsSkipDirs[strings.ToLower(part)] {
			return true
		}
	}
	return false
}

// depsLangOf maps a file name to its ecosystem's language.
func depsLangOf(p string) depEco {
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch ext := path.Ext(lower); ext {
	case ".go":
		if strings.HasSuffix(lower, ".pb.go") || strings.Contains(lower, ".pb.") || strings.HasSuffix(lower, "_gen.go") ||
			strings.HasPrefix(lower, "zz_generated") || lower == "tools.go" || strings.HasPrefix(lower, "mock_") || strings.HasSuffix(lower, "_mock.go") {
			return ""
		}
		return depsEcoGo
	case ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte":
		if strings.HasSuffix(lower, ".d.ts") || strings.HasSuffix(lower, ".min.js") || depsJSToolConfigRe.MatchString(lower) ||
			strings.HasPrefix(lower, ".") || strings.HasPrefix(lower, "gulpfile") || strings.HasPrefix(lower, "gruntfile") {
			return ""
		}
		return depsEcoNPM
	case ".py":
		switch lower {
		case "setup.py", "noxfile.py", "fabfile.py", "conftest.py":
			return ""
		}
		return depsEcoPython
	case ".java", ".kt":
		return depsEcoJava
	case ".cs", ".fs":
		if strings.HasSuffix(lower, ".g.cs") || strings.HasSuffix(lower, ".designer.cs") || strings.HasSuffix(lower, ".generated.cs") || lower == "assemblyinfo.cs" {
			return ""
		}
		return depsEcoDotnet
	case ".rb", ".ru":
		return depsEcoRuby
	}
	return ""
}

// depsSourceFacts returns the cached facts of one source file.
func depsSourceFacts(t *Tree, p string) (*depsSrcFacts, error) {
	v, err := t.parsed(p, "deps-source", func(p string, data []byte) (any, error) {
		return depsParseSourceFacts(p, data), nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*depsSrcFacts), nil
}

// depsParseSourceFacts extracts imports and markers from a file's content. It
// never fails: what cannot be read yields fewer facts.
func depsParseSourceFacts(p string, data []byte) *depsSrcFacts {
	f := &depsSrcFacts{Eco: depsLangOf(p)}
	if depsGeneratedSource(data) {
		f.Generated = true
		return f
	}
	src := depsNewSrcText(data)
	switch f.Eco {
	case depsEcoGo:
		f.Imports = depsGoImports(p, data)
	case depsEcoNPM:
		f.Imports = depsJsImports(src)
	case depsEcoPython:
		f.Imports = depsPythonImports(src)
	case depsEcoJava:
		f.Imports = depsRegexImports(src, depsJavaImportRe)
	case depsEcoDotnet:
		f.Imports = depsRegexImports(src, depsCsharpUsingRe)
		if strings.HasSuffix(p, ".fs") {
			f.Imports = depsRegexImports(src, depsFsharpOpenRe)
		}
	case depsEcoRuby:
		f.Imports = depsRubyImports(src)
	}
	f.Markers = depsRunMarkers(f, src)
	return f
}

var depsGeneratedRe = regexp.MustCompile(`(?i)(code generated .* do not edit|@generated|<auto-generated)`)

func depsGeneratedSource(data []byte) bool {
	return depsGeneratedRe.Match(data[:min(len(data), 2048)])
}

// depsSrcText is a file's content with a line index and a lower-case copy for
// the literal pre-filters of the markers.
type depsSrcText struct {
	data       []byte
	lower      []byte
	lineStarts []int
}

func depsNewSrcText(data []byte) *depsSrcText {
	s := &depsSrcText{data: data, lower: bytes.ToLower(data), lineStarts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

// lineAt returns the 1-based line of a byte offset.
func (s *depsSrcText) lineAt(off int) int {
	return sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off })
}

// line returns the text of a 1-based line.
func (s *depsSrcText) line(n int) string {
	if n < 1 || n > len(s.lineStarts) {
		return ""
	}
	end := len(s.data)
	if n < len(s.lineStarts) {
		end = s.lineStarts[n] - 1
	}
	return string(s.data[s.lineStarts[n-1]:end])
}

// depsCommentLine reports whether a line is a comment in any of the languages
// read (//, #, /* or a block-comment continuation *).
func depsCommentLine(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*")
}

// depsGoImports parses only the import block of a Go file. A file that does
// not parse yields the imports read before the error.
func depsGoImports(p string, data []byte) (out []depsSrcImport) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, p, data, parser.ImportsOnly)
	if f == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, s := range f.Imports {
		name, err := strconv.Unquote(s.Path.Value)
		if err != nil || name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, depsSrcImport{Name: name, Line: fset.Position(s.Pos()).Line})
	}
	return out
}

// depsMaxMarkersPerKind bounds what one file contributes per marker kind.
const depsMaxMarkersPerKind = 20

// depsRunMarkers applies the marker definitions of the file's language.
func depsRunMarkers(f *depsSrcFacts, src *depsSrcText) []depsSrcMarker {
	var out []depsSrcMarker
	for _, def := range depsMarkerDefs[f.Eco] {
		if !def.applies(f, src) {
			continue
		}
		n, last := 0, 0
		for _, m := range def.Re.FindAllSubmatchIndex(src.data, -1) {
			line := src.lineAt(m[0])
			if line == last || depsCommentLine(src.line(line)) {
				continue // one marker per line and definition
			}
			last = line
			mk, ok := def.marker(src, m, line)
			if !ok {
				continue
			}
			out = append(out, mk)
			if n++; n >= depsMaxMarkersPerKind {
				break
			}
		}
	}
	return out
}

// depsMarkerDef finds one kind of call or construct in files of a language.
type depsMarkerDef struct {
	Kind  string
	Need  []string       // the file must import one of these (use patterns); nil: any file
	Lits  []string       // lower-case literals; the file must contain one (cheap pre-filter)
	Re    *regexp.Regexp // the construct
	Name  int            // submatch with the reported name, 0 for none
	Type  int            // submatch with the instrument type, 0 for TypeText
	After *regexp.Regexp // when set, the name is its first submatch in the text after the match
	// TypeText is the instrument type when no submatch says it.
	TypeText string
	Label    string
	// Refine, when set, decides the final kind from the match ("" drops it).
	Refine func(src *depsSrcText, m []int, line int) string
}

func (d *depsMarkerDef) applies(f *depsSrcFacts, src *depsSrcText) bool {
	if d.Need != nil {
		if _, ok := f.importOf(d.Need); !ok {
			return false
		}
	}
	if d.Lits == nil {
		return true
	}
	for _, l := range d.Lits {
		if bytes.Contains(src.lower, []byte(l)) {
			return true
		}
	}
	return false
}

// depsAfterWindow bounds the search for a name in an option block.
const depsAfterWindow = 600

func (d *depsMarkerDef) marker(src *depsSrcText, m []int, line int) (depsSrcMarker, bool) {
	mk := depsSrcMarker{Kind: d.Kind, Line: line, Label: d.Label, Type: d.TypeText}
	group := func(i int) string {
		if i <= 0 || 2*i+1 >= len(m) || m[2*i] < 0 {
			return ""
		}
		return string(src.data[m[2*i]:m[2*i+1]])
	}
	if d.Type > 0 {
		mk.Type = depsMetricType(group(d.Type))
	}
	mk.Name = group(d.Name)
	if d.After != nil {
		tail := src.data[m[1]:min(len(src.data), m[1]+depsAfterWindow)]
		if end := bytes.Index(tail, []byte("})")); end >= 0 {
			tail = tail[:end]
		}
		a := d.After.FindSubmatch(tail)
		if a == nil {
			return mk, false
		}
		mk.Name = string(a[1])
		if d.Kind == "metric" {
			mk.Name = depsPromFullName(tail, mk.Name)
		}
	}
	if d.Refine != nil {
		mk.Kind = d.Refine(src, m, line)
		if mk.Kind == "" {
			return mk, false
		}
	}
	return mk, true
}

var (
	depsPromNamespaceRe = regexp.MustCompile(`\bNamespace:\s*"([^"]+)"`)
	depsPromSubsystemRe = regexp.MustCompile(`\bSubsystem:\s*"([^"]+)"`)
)

// depsPromFullName joins a Go Prometheus option block's literal Namespace and
// Subsystem to the metric name as the client library does.
func depsPromFullName(block []byte, name string) string {
	parts := []string{}
	if m := depsPromNamespaceRe.FindSubmatch(block); m != nil {
		parts = append(parts, string(m[1]))
	}
	if m := depsPromSubsystemRe.FindSubmatch(block); m != nil {
		parts = append(parts, string(m[1]))
	}
	return strings.Join(append(parts, name), "_")
}

// depsMetricType turns an instrument word (Int64Counter's "Counter",
// "upDownCounterBuilder", "create_histogram") into plain words.
func depsMetricType(s string) string {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "Builder"), "builder")
	s = strings.ReplaceAll(s, "_", "")
	switch l := strings.ToLower(s); {
	case strings.Contains(l, "updown"):
		return "up-down counter"
	case strings.Contains(l, "counter"), strings.Contains(l, "count"), strings.HasPrefix(l, "inc"), strings.HasPrefix(l, "decr"):
		return "counter"
	case strings.Contains(l, "gauge"):
		return "gauge"
	case strings.Contains(l, "histogram"), strings.Contains(l, "distribution"):
		return "histogram"
	case strings.Contains(l, "summary"):
		return "summary"
	case strings.Contains(l, "tim"), strings.Contains(l, "measure"):
		return "timer"
	case strings.Contains(l, "meter"):
		return "meter"
	case strings.Contains(l, "sample"):
		return "summary"
	}
	return "metric"
}

// String renders a marker for tests and debugging.
func (m depsSrcMarker) String() string {
	return fmt.Sprintf("%s@%d name=%q type=%q", m.Kind, m.Line, m.Name, m.Type)
}
