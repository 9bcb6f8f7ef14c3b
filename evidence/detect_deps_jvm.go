package evidence

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// JVM manifests: Maven pom.xml (dependencies, dependencyManagement, build
// plugins), Gradle build scripts (Groovy and Kotlin DSL, read as text) and
// Gradle version catalogs (gradle/*.versions.toml). Names are
// "groupId:artifactId".

// depsXMLDecoder returns a lenient decoder that reports line numbers: HTML
// entities and undeclared encodings, common in hand-written build files, do
// not stop it.
func depsXMLDecoder(data []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return dec
}

// depsPomDep is a dependency or plugin element being read.
type depsPomDep struct {
	depth                  int
	line                   int
	plugin                 bool
	group, artifact, scope string
}

// depsParsePom reads <dependency> and <plugin> elements of a Maven POM with the
// line where each starts. Dependencies under dependencyManagement only pin
// versions (managed scope); plugins and their dependencies are build scope.
func depsParsePom(p string, data []byte) ([]depDecl, error) {
	dec := depsXMLDecoder(data)
	var (
		out   []depDecl
		stack []string
		open  []*depsPomDep // a plugin and the dependency it declares may both be open
		text  strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("parse pom.xml: %w", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, e.Name.Local)
			text.Reset()
			if e.Name.Local == "dependency" && parent == "dependencies" || e.Name.Local == "plugin" && parent == "plugins" {
				line, _ := dec.InputPos()
				open = append(open, &depsPomDep{depth: len(stack), line: line, plugin: e.Name.Local == "plugin"})
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			if n := len(open); n > 0 {
				cur := open[n-1]
				if len(stack) == cur.depth+1 {
					cur.set(e.Name.Local, strings.TrimSpace(text.String()))
				}
				if len(stack) == cur.depth {
					if d, ok := depsPomDecl(p, cur, stack); ok {
						out = append(out, d)
					}
					open = open[:n-1]
				}
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func (d *depsPomDep) set(field, v string) {
	switch field {
	case "groupId":
		d.group = v
	case "artifactId":
		d.artifact = v
	case "scope":
		d.scope = v
	}
}

func depsPomDecl(p string, d *depsPomDep, stack []string) (depDecl, bool) {
	if d.artifact == "" {
		return depDecl{}, false
	}
	group := d.group
	if group == "" && d.plugin {
		group = "org.apache.maven.plugins"
	}
	scope := depsScopeRuntime
	inside := strings.Join(stack, "/")
	switch {
	case d.plugin || strings.Contains(inside, "/plugin/"):
		scope = depsScopeBuild
	case strings.Contains(inside, "dependencyManagement"):
		scope = depsScopeManaged
	case d.scope == "test":
		scope = depsScopeDev
	}
	return depDecl{Eco: depsEcoJava, Name: group + ":" + d.artifact, Path: p, Line: d.line, Scope: scope}, true
}

// depsGradleCatalog is a parsed version catalog: library aliases (normalised:
// - _ . are one separator, as in Gradle's accessors) to coordinates.
type depsGradleCatalog struct {
	Path     string
	Accessor string            // "libs" for libs.versions.toml
	Libs     map[string]string // alias → group:artifact
	Lines    map[string]int    // alias → line
	Bundles  map[string][]string
}

// depsGradleCatalogs parses the version catalogs of the tree, by accessor name.
func depsGradleCatalogs(t *Tree) map[string]*depsGradleCatalog {
	out := map[string]*depsGradleCatalog{}
	for _, p := range t.Match(func(p string) bool {
		return strings.HasSuffix(p, ".versions.toml") && path.Base(path.Dir(p)) == "gradle" && !depsTestPath(p)
	}) {
		v, err := t.parsed(p, "deps-catalog", func(p string, data []byte) (any, error) { return depsParseVersionCatalog(p, data) })
		if err != nil {
			continue
		}
		c := v.(*depsGradleCatalog)
		if _, dup := out[c.Accessor]; !dup {
			out[c.Accessor] = c
		}
	}
	return out
}

// depsParseVersionCatalog reads [libraries] and [bundles] of a Gradle version
// catalog.
func depsParseVersionCatalog(p string, data []byte) (*depsGradleCatalog, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("parse version catalog: %w", err)
	}
	c := &depsGradleCatalog{
		Path:     p,
		Accessor: strings.TrimSuffix(path.Base(p), ".versions.toml"),
		Libs:     map[string]string{}, Lines: map[string]int{}, Bundles: map[string][]string{},
	}
	lines := strings.Split(string(data), "\n")
	for _, alias := range depsSortedKeys(doc["libraries"]) {
		coord := depsCatalogCoordinate(depsTomlMap(doc["libraries"])[alias])
		if coord == "" {
			continue
		}
		key := depsPyNormalize(alias)
		c.Libs[key] = coord
		c.Lines[key] = depsTomlFindLine(lines, "[libraries]", key)
	}
	for _, b := range depsSortedKeys(doc["bundles"]) {
		arr, _ := depsTomlMap(doc["bundles"])[b].([]any)
		for _, a := range arr {
			if s, ok := a.(string); ok {
				c.Bundles[depsPyNormalize(b)] = append(c.Bundles[depsPyNormalize(b)], depsPyNormalize(s))
			}
		}
	}
	return c, nil
}

// depsCatalogCoordinate reads "g:a:v", {module = "g:a"} or {group, name}.
func depsCatalogCoordinate(v any) string {
	switch e := v.(type) {
	case string:
		return depsGradleCoordinate(e)
	case map[string]any:
		if m, ok := e["module"].(string); ok {
			return depsGradleCoordinate(m)
		}
		g, _ := e["group"].(string)
		n, _ := e["name"].(string)
		if g != "" && n != "" {
			return g + ":" + n
		}
	}
	return ""
}

// depsGradleCoordinate keeps group:artifact of "group:artifact:version@ext".
func depsGradleCoordinate(s string) string {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return parts[0] + ":" + strings.SplitN(parts[1], "@", 2)[0]
}

// depsCatalogDecls lists every catalog library as a managed declaration: the
// catalog pins it; the build scripts that reference it declare it.
func depsCatalogDecls(cs map[string]*depsGradleCatalog) []depDecl {
	var out []depDecl
	for _, c := range cs {
		for alias, coord := range c.Libs {
			out = append(out, depDecl{Eco: depsEcoJava, Name: coord, Path: c.Path, Line: c.Lines[alias], Scope: depsScopeManaged})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path+fmt.Sprint(out[i].Line) < out[j].Path+fmt.Sprint(out[j].Line) })
	return out
}

var (
	depsGradleDepRe = regexp.MustCompile(`\b([a-z][A-Za-z0-9]*)\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?` +
		`(?:['"]([^'"\s$]+:[^'"\s]+)['"]|group\s*[:=]\s*['"]([^'"]+)['"]\s*,\s*name\s*[:=]\s*['"]([^'"]+)['"]|([a-z]\w*)\.([\w.]+))`)
	depsGradleKnownConfigs = map[string]bool{
		"implementation": true, "api": true, "compileOnly": true, "runtimeOnly": true, "compile": true, "runtime": true,
		"compileOnlyApi": true, "developmentOnly": true, "providedCompile": true, "providedRuntime": true,
		"annotationProcessor": true, "kapt": true, "ksp": true, "agent": true, "javaagent": true,
	}
)

// depsGradleConfigScope maps a Gradle configuration to a scope, or false when
// the word is no dependency configuration.
func depsGradleConfigScope(cfg string) (depScope, bool) {
	known := depsGradleKnownConfigs[cfg]
	for _, suf := range []string{"Implementation", "Api", "CompileOnly", "RuntimeOnly", "AnnotationProcessor"} {
		if strings.HasSuffix(cfg, suf) {
			known = true
		}
	}
	switch {
	case !known:
		return 0, false
	case strings.Contains(strings.ToLower(cfg), "test"):
		return depsScopeDev, true
	case cfg == "annotationProcessor" || cfg == "kapt" || cfg == "ksp" || strings.HasSuffix(cfg, "AnnotationProcessor"):
		return depsScopeBuild, true
	}
	return depsScopeRuntime, true
}

func depsGradleDecls(t *Tree, p string, catalogs map[string]*depsGradleCatalog) []depDecl {
	return depsManifestDecls(t, p, func(p string, data []byte) ([]depDecl, error) {
		return depsParseGradle(p, data, catalogs), nil
	})
}

// depsParseGradle reads dependency lines of a Groovy or Kotlin build script:
// string coordinates, map notation, and version-catalog accessors
// (libs.otel.api, libs.bundles.observability) resolved through catalogs.
func depsParseGradle(p string, data []byte, catalogs map[string]*depsGradleCatalog) []depDecl {
	var out []depDecl
	inComment := false
	for i, line := range strings.Split(string(data), "\n") {
		code := depsGradleStripComments(line, &inComment)
		for _, m := range depsGradleDepRe.FindAllStringSubmatch(code, -1) {
			scope, ok := depsGradleConfigScope(m[1])
			if !ok {
				continue
			}
			for _, name := range depsGradleNames(m, catalogs) {
				out = append(out, depDecl{Eco: depsEcoJava, Name: name, Path: p, Line: i + 1, Scope: scope})
			}
		}
	}
	return out
}

func depsGradleNames(m []string, catalogs map[string]*depsGradleCatalog) []string {
	switch {
	case m[2] != "":
		if c := depsGradleCoordinate(m[2]); c != "" {
			return []string{c}
		}
	case m[3] != "":
		return []string{m[3] + ":" + m[4]}
	case m[5] != "":
		c := catalogs[m[5]]
		if c == nil {
			return nil
		}
		ref := strings.TrimSuffix(m[6], ".get")
		if b, ok := strings.CutPrefix(ref, "bundles."); ok {
			var out []string
			for _, alias := range c.Bundles[depsPyNormalize(b)] {
				if coord := c.Libs[alias]; coord != "" {
					out = append(out, coord)
				}
			}
			return out
		}
		if coord := c.Libs[depsPyNormalize(ref)]; coord != "" {
			return []string{coord}
		}
	}
	return nil
}

// depsGradleStripComments removes // and /* */ comments from a line, carrying
// block-comment state across lines.
func depsGradleStripComments(line string, inComment *bool) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if *inComment {
			if strings.HasPrefix(line[i:], "*/") {
				*inComment = false
				i++
			}
			continue
		}
		if strings.HasPrefix(line[i:], "/*") {
			*inComment = true
			i++
			continue
		}
		if strings.HasPrefix(line[i:], "//") && (i == 0 || line[i-1] != ':') {
			break
		}
		b.WriteByte(line[i])
	}
	return b.String()
}
