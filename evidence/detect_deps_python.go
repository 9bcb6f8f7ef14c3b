package evidence

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Python manifests: pip requirement files (with -r includes), pyproject.toml
// (PEP 621, Poetry, PDM, uv, PEP 735 groups), Pipfile, setup.cfg and the
// literal lists of setup.py (read as text: nothing is executed).

// depsPyNormalize turns a project name into its PEP 503 form, the key the
// catalog uses: lower case, runs of - _ . as one hyphen.
func depsPyNormalize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

var depsPyReqNameRe = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)`)

// depsPyReqName extracts the project name from a PEP 508 requirement string
// ("prometheus-client[twisted]>=0.17; python_version>'3.8'").
func depsPyReqName(req string) string {
	req = strings.TrimSpace(req)
	m := depsPyReqNameRe.FindStringSubmatch(req)
	if m == nil {
		return ""
	}
	return depsPyNormalize(m[1])
}

// depsPyDevWords mark requirement files, extras and groups that hold tooling.
var depsPyDevWords = map[string]bool{
	"dev": true, "develop": true, "development": true, "test": true, "tests": true, "testing": true,
	"lint": true, "linting": true, "docs": true, "doc": true, "ci": true, "typing": true, "mypy": true,
	"style": true, "format": true, "tox": true, "local": true, "debug": true, "check": true, "qa": true,
}

func depsPyDevName(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == '/'
	}) {
		if depsPyDevWords[w] {
			return true
		}
	}
	return false
}

// depsRequirementsScope says whether a requirements file is tooling from its
// name or the name of its directory (requirements/dev.txt).
func depsRequirementsScope(p string) depScope {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if depsPyDevName(base) {
		return depsScopeDev
	}
	return depsScopeRuntime
}

// depsRequirementsDecls reads a requirements file and the files it includes
// with -r (within the repository, at most a few levels deep); included
// declarations take the scope of the file that includes them.
func depsRequirementsDecls(t *Tree, p string) []depDecl {
	var out []depDecl
	seen := map[string]bool{}
	var walk func(p string, scope depScope, depth int)
	walk = func(p string, scope depScope, depth int) {
		if seen[p] || depth > 5 {
			return
		}
		seen[p] = true
		v, err := t.parsed(p, "deps-requirements", func(p string, data []byte) (any, error) {
			return depsParseRequirements(p, data), nil
		})
		if err != nil {
			return
		}
		r := v.(*depsPyRequirements)
		for _, d := range r.Decls {
			d.Scope = scope
			out = append(out, d)
		}
		for _, inc := range r.Includes {
			if t.Has(inc) && !depsTestPath(inc) {
				walk(inc, scope, depth+1)
			}
		}
	}
	walk(p, depsRequirementsScope(p), 0)
	return out
}

// depsPyRequirements is a parsed requirements file: its requirements (scope
// left to the caller) and the files it includes, relative to the root.
type depsPyRequirements struct {
	Decls    []depDecl
	Includes []string
}

// depsParseRequirements reads pip's requirement-file syntax: one requirement
// per logical line (backslash continues), comments, -r/--requirement
// includes, editable installs with #egg=, other options ignored.
func depsParseRequirements(p string, data []byte) *depsPyRequirements {
	r := &depsPyRequirements{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		line := strings.TrimRight(lines[i], "\r")
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, `\`) + " " + strings.TrimRight(lines[i], "\r")
		}
		if j := strings.Index(line, " #"); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if inc, ok := depsRequirementsInclude(line); ok {
			if inc != "" && !strings.Contains(inc, "://") {
				r.Includes = append(r.Includes, path.Clean(path.Join(path.Dir(p), inc)))
			}
			continue
		}
		if strings.HasPrefix(line, "-e ") || strings.HasPrefix(line, "--editable") {
			_, egg, ok := strings.Cut(line, "#egg=")
			if !ok {
				continue
			}
			line = egg
		} else if strings.HasPrefix(line, "-") || strings.HasPrefix(line, ".") || strings.HasPrefix(line, "/") || strings.Contains(strings.SplitN(line, " ", 2)[0], "://") {
			continue
		}
		if name := depsPyReqName(line); name != "" {
			r.Decls = append(r.Decls, depDecl{Eco: depsEcoPython, Name: name, Path: p, Line: start + 1, Scope: depsScopeRuntime})
		}
	}
	return r
}

func depsRequirementsInclude(line string) (string, bool) {
	for _, opt := range []string{"-r", "--requirement"} {
		if rest, ok := strings.CutPrefix(line, opt); ok && (rest == "" || rest[0] == ' ' || rest[0] == '=' || opt == "-r") {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "=")), true
		}
	}
	return "", false
}

// depsPythonDecls parses pyproject.toml, Pipfile, setup.cfg or setup.py.
func depsPythonDecls(t *Tree, p string) []depDecl {
	switch depsManifestKind(p) {
	case "pyproject":
		return depsManifestDecls(t, p, depsParsePyproject)
	case "pipfile":
		return depsManifestDecls(t, p, depsParsePipfile)
	case "setup.cfg":
		return depsManifestDecls(t, p, depsParseSetupCfg)
	case "setup.py":
		return depsManifestDecls(t, p, depsParseSetupPy)
	}
	return nil
}

// depsPyList is a list of requirement strings found under a TOML table.
type depsPyList struct {
	header string // the table header the entries follow, for their lines
	names  []string
	scope  depScope
}

// depsParsePyproject reads the dependency lists of pyproject.toml. The TOML
// decoder gives no positions, so each name's line is found in the text
// after the table header it belongs to.
func depsParsePyproject(p string, data []byte) ([]depDecl, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("parse pyproject.toml: %w", err)
	}
	var lists []depsPyList
	project, _ := doc["project"].(map[string]any)
	lists = append(lists, depsPyList{"[project]", depsPyReqStrings(project["dependencies"]), depsScopeRuntime})
	for _, extra := range depsSortedKeys(project["optional-dependencies"]) {
		lists = append(lists, depsPyList{"[project.optional-dependencies]", depsPyReqStrings(depsTomlMap(project["optional-dependencies"])[extra]), depsPyExtraScope(extra)})
	}
	for _, g := range depsSortedKeys(doc["dependency-groups"]) {
		lists = append(lists, depsPyList{"[dependency-groups]", depsPyReqStrings(depsTomlMap(doc["dependency-groups"])[g]), depsScopeDev})
	}
	tool := depsTomlMap(doc["tool"])
	poetry := depsTomlMap(tool["poetry"])
	lists = append(lists, depsPyList{"[tool.poetry.dependencies]", depsPyKeyNames(poetry["dependencies"]), depsScopeRuntime})
	lists = append(lists, depsPyList{"[tool.poetry.dev-dependencies]", depsPyKeyNames(poetry["dev-dependencies"]), depsScopeDev})
	for _, g := range depsSortedKeys(poetry["group"]) {
		scope := depsScopeDev
		if g == "main" {
			scope = depsScopeRuntime
		}
		deps := depsTomlMap(depsTomlMap(poetry["group"])[g])["dependencies"]
		lists = append(lists, depsPyList{"[tool.poetry.group." + g + ".dependencies]", depsPyKeyNames(deps), scope})
	}
	pdm := depsTomlMap(tool["pdm"])
	for _, g := range depsSortedKeys(pdm["dev-dependencies"]) {
		lists = append(lists, depsPyList{"[tool.pdm.dev-dependencies]", depsPyReqStrings(depsTomlMap(pdm["dev-dependencies"])[g]), depsScopeDev})
	}
	lists = append(lists, depsPyList{"[tool.uv]", depsPyReqStrings(depsTomlMap(tool["uv"])["dev-dependencies"]), depsScopeDev})
	return depsPyListDecls(p, data, lists), nil
}

// depsParsePipfile reads [packages] and [dev-packages] of a Pipfile.
func depsParsePipfile(p string, data []byte) ([]depDecl, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("parse Pipfile: %w", err)
	}
	return depsPyListDecls(p, data, []depsPyList{
		{"[packages]", depsPyKeyNames(doc["packages"]), depsScopeRuntime},
		{"[dev-packages]", depsPyKeyNames(doc["dev-packages"]), depsScopeDev},
	}), nil
}

func depsPyListDecls(p string, data []byte, lists []depsPyList) []depDecl {
	lines := strings.Split(string(data), "\n")
	var out []depDecl
	for _, l := range lists {
		for _, n := range l.names {
			if n == "" || n == "python" {
				continue
			}
			out = append(out, depDecl{Eco: depsEcoPython, Name: n, Path: p, Line: depsTomlFindLine(lines, l.header, n), Scope: l.scope})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

func depsPyExtraScope(extra string) depScope {
	if depsPyDevName(extra) {
		return depsScopeDev
	}
	return depsScopeRuntime
}

func depsTomlMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func depsSortedKeys(v any) []string {
	m := depsTomlMap(v)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// depsPyReqStrings returns the project names of an array of PEP 508 strings
// (tables in the array, like {include-group = "x"}, are skipped).
func depsPyReqStrings(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, e := range arr {
		if s, ok := e.(string); ok {
			if n := depsPyReqName(s); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// depsPyKeyNames returns the normalised keys of a Poetry/Pipfile table.
func depsPyKeyNames(v any) []string {
	var out []string
	for _, k := range depsSortedKeys(v) {
		out = append(out, depsPyNormalize(k))
	}
	return out
}

var depsTomlHeaderRe = regexp.MustCompile(`^\s*\[\[?[^\]]+\]\]?\s*(#.*)?$`)

// depsTomlFindLine finds the 1-based line where name appears as a quoted
// requirement or a key, searching after header (up to the next table
// header); it falls back to the header's line, then to 0.
func depsTomlFindLine(lines []string, header, name string) int {
	start, end := 0, len(lines)
	headerLine := 0
	for i, l := range lines {
		if strings.ReplaceAll(strings.TrimSpace(l), " ", "") == header {
			start, headerLine = i+1, i+1
			for j := i + 1; j < len(lines); j++ {
				if depsTomlHeaderRe.MatchString(lines[j]) && !strings.HasPrefix(strings.TrimSpace(lines[j]), "[\"") {
					end = j
					break
				}
			}
			break
		}
	}
	for i := start; i < end; i++ {
		if depsLineNamesRequirement(lines[i], name) {
			return i + 1
		}
	}
	return headerLine
}

// depsLineNamesRequirement reports whether a line has name as a key or at the
// start of a quoted string.
func depsLineNamesRequirement(line, name string) bool {
	trimmed := strings.TrimSpace(line)
	if strings.HasPrefix(trimmed, "#") {
		return false
	}
	candidates := []string{trimmed}
	for _, q := range []string{`"`, `'`} {
		parts := strings.Split(line, q)
		for i := 1; i < len(parts); i += 2 {
			candidates = append(candidates, parts[i])
		}
	}
	for _, c := range candidates {
		if m := depsPyReqNameRe.FindString(c); m != "" && depsPyNormalize(m) == name {
			return true
		}
	}
	return false
}

var (
	depsIniSectionRe = regexp.MustCompile(`^\[([^\]]+)\]`)
	depsIniKeyRe     = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$`)
)

// depsParseSetupCfg reads install_requires, tests_require and extras_require
// of a setuptools setup.cfg (INI with indented continuation lines).
func depsParseSetupCfg(p string, data []byte) ([]depDecl, error) {
	var out []depDecl
	section, key := "", ""
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			continue
		}
		value := trimmed
		if line[0] != ' ' && line[0] != '\t' {
			key = ""
			if m := depsIniSectionRe.FindStringSubmatch(trimmed); m != nil {
				section = strings.TrimSpace(m[1])
				continue
			}
			m := depsIniKeyRe.FindStringSubmatch(trimmed)
			if m == nil {
				continue
			}
			key, value = m[1], m[2]
		}
		scope, ok := setupCfgScope(section, key)
		if !ok {
			continue
		}
		if n := depsPyReqName(value); n != "" {
			out = append(out, depDecl{Eco: depsEcoPython, Name: n, Path: p, Line: i + 1, Scope: scope})
		}
	}
	return out, nil
}

func setupCfgScope(section, key string) (depScope, bool) {
	switch {
	case key == "":
		return 0, false
	case section == "options" && key == "install_requires":
		return depsScopeRuntime, true
	case section == "options" && key == "tests_require":
		return depsScopeDev, true
	case section == "options.extras_require":
		return depsPyExtraScope(key), true
	}
	return 0, false
}

var (
	depsSetupPyListRe = regexp.MustCompile(`\b(install_requires|tests_require)\s*=\s*\[`)
	depsSetupPyStrRe  = regexp.MustCompile(`"([^"\n]*)"|'([^'\n]*)'`)
)

// depsParseSetupPy reads the literal install_requires/tests_require lists of a
// setup.py as text. Lists built in code (read from a file, computed) are
// left to the requirement files they come from.
func depsParseSetupPy(p string, data []byte) ([]depDecl, error) {
	src := string(data)
	var out []depDecl
	for _, m := range depsSetupPyListRe.FindAllStringSubmatchIndex(src, -1) {
		scope := depsScopeRuntime
		if src[m[2]:m[3]] == "tests_require" {
			scope = depsScopeDev
		}
		body := src[m[1]:]
		body = body[:depsPyListEnd(body)]
		for _, s := range depsSetupPyStrRe.FindAllStringSubmatchIndex(body, -1) {
			lit := body[s[0]+1 : s[1]-1]
			if n := depsPyReqName(lit); n != "" {
				line := 1 + strings.Count(src[:m[1]+s[0]], "\n")
				out = append(out, depDecl{Eco: depsEcoPython, Name: n, Path: p, Line: line, Scope: scope})
			}
		}
	}
	return out, nil
}

// depsPyListEnd returns the offset of the bracket closing a list literal,
// skipping brackets inside strings ("celery[redis]"), or len(s).
func depsPyListEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ']':
			return i
		}
	}
	return len(s)
}
