package evidence

import (
	"regexp"
	"sort"
	"strings"
)

// Import extractors for the languages without a parser in the standard
// library. They read import statements by their shape, skip comment lines,
// and keep the first line each module is imported at.

var (
	// import x from 'y', import {a,\n b} from "y", import * as x from 'y',
	// export {x} from 'y'; "import type" is erased at compile time and so
	// imports nothing at run time.
	depsJsFromRe = regexp.MustCompile(`(?m)^[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[\w$*{}\s,]+?[ \t\n]from[ \t]*)?['"]([^'"\n]+)['"]`)
	// require('x'), import('x')
	depsJsRequireRe = regexp.MustCompile(`\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)`)
)

// depsJsImports returns the npm packages a JavaScript/TypeScript file imports,
// reduced to the package name (@scope/name or name); relative paths and
// node: built-ins are dropped.
func depsJsImports(src *depsSrcText) []depsSrcImport {
	var out []depsSrcImport
	seen := map[string]bool{}
	add := func(spec string, off int) {
		name := depsJsPackageName(spec)
		if name == "" || seen[name] {
			return
		}
		line := src.lineAt(off)
		if depsCommentLine(src.line(line)) {
			return
		}
		seen[name] = true
		out = append(out, depsSrcImport{Name: name, Line: line})
	}
	for _, m := range depsJsFromRe.FindAllSubmatchIndex(src.data, -1) {
		if m[2] >= 0 { // import type
			continue
		}
		add(string(src.data[m[4]:m[5]]), m[0])
	}
	for _, m := range depsJsRequireRe.FindAllSubmatchIndex(src.data, -1) {
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	depsSortImports(out)
	return out
}

// depsJsPackageName reduces an import specifier to its package.
func depsJsPackageName(spec string) string {
	if spec == "" || spec[0] == '.' || spec[0] == '/' || strings.HasPrefix(spec, "node:") || strings.Contains(spec, ":") {
		return ""
	}
	parts := strings.Split(spec, "/")
	if strings.HasPrefix(spec, "@") {
		if len(parts) < 2 || parts[1] == "" {
			return ""
		}
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

var (
	depsPyImportRe = regexp.MustCompile(`(?m)^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)|import[ \t]+([^\n#;]+))`)
	depsPyAsRe     = regexp.MustCompile(`\s+as\s+\w+`)
)

// depsPythonImports returns the modules a Python file imports. "from x import
// a, b" yields x, x.a and x.b, so that a catalog can tell
// "from aws_lambda_powertools import Tracer" from the logger. Relative
// imports are dropped.
func depsPythonImports(src *depsSrcText) []depsSrcImport {
	var out []depsSrcImport
	seen := map[string]bool{}
	add := func(name string, line int) {
		name = strings.TrimSpace(name)
		if name == "" || strings.HasPrefix(name, ".") || seen[name] || !depsPyIdentPath(name) {
			return
		}
		seen[name] = true
		out = append(out, depsSrcImport{Name: name, Line: line})
	}
	for _, m := range depsPyImportRe.FindAllSubmatchIndex(src.data, -1) {
		line := src.lineAt(m[0])
		if m[2] >= 0 {
			mod := string(src.data[m[2]:m[3]])
			if strings.HasPrefix(mod, ".") {
				continue
			}
			add(mod, line)
			depsNames := strings.Trim(string(src.data[m[4]:m[5]]), "()\\ \t\r\n")
			for _, n := range strings.Split(depsNames, ",") {
				n = strings.TrimSpace(depsPyAsRe.ReplaceAllString(strings.TrimSpace(strings.Trim(n, "\\")), ""))
				if n != "" && n != "*" {
					add(mod+"."+n, line)
				}
			}
			continue
		}
		for _, n := range strings.Split(string(src.data[m[6]:m[7]]), ",") {
			add(depsPyAsRe.ReplaceAllString(strings.TrimSpace(n), ""), line)
		}
	}
	depsSortImports(out)
	return out
}

func depsPyIdentPath(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

var (
	depsJavaImportRe  = regexp.MustCompile(`(?m)^[ \t]*import[ \t]+(?:static[ \t]+)?([A-Za-z_][\w.]*)`)
	depsCsharpUsingRe = regexp.MustCompile(`(?m)^[ \t]*(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?(?:\w+[ \t]*=[ \t]*)?([A-Za-z_][\w.]*)[ \t]*;`)
	depsFsharpOpenRe  = regexp.MustCompile(`(?m)^[ \t]*open[ \t]+([A-Z][\w.]*)[ \t]*\r?$`)
)

// depsRegexImports returns the first submatch of each match of re, for
// languages whose imports are one dotted name per statement (Java, Kotlin,
// C#, F#).
func depsRegexImports(src *depsSrcText, depsRe *regexp.Regexp) []depsSrcImport {
	var out []depsSrcImport
	seen := map[string]bool{}
	for _, m := range depsRe.FindAllSubmatchIndex(src.data, -1) {
		name := strings.TrimSuffix(string(src.data[m[2]:m[3]]), ".")
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, depsSrcImport{Name: name, Line: src.lineAt(m[0])})
	}
	return out
}

var (
	depsRubyRequireRe = regexp.MustCompile(`(?m)^[ \t]*require[ \t]*\(?[ \t]*['"]([^'"\n]+)['"]`)
	// Constants used in code: Prometheus::Client, Datadog.configure. Rails
	// loads gems through Bundler.require, so code often names a library's
	// constant without ever requiring it.
	depsRubyConstRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]*(?:::[A-Z][A-Za-z0-9]*)*)(?:\.[a-z_]|::[a-z_]|\s+do\b|\.new\b)`)
)

// depsMaxRubyConstants bounds the constants kept per file.
const depsMaxRubyConstants = 200

// depsRubyImports returns the requires and the top constants a Ruby file uses.
func depsRubyImports(src *depsSrcText) []depsSrcImport {
	var out []depsSrcImport
	seen := map[string]bool{}
	add := func(name string, off int) {
		line := src.lineAt(off)
		if seen[name] || depsCommentLine(src.line(line)) {
			return
		}
		seen[name] = true
		out = append(out, depsSrcImport{Name: name, Line: line})
	}
	for _, m := range depsRubyRequireRe.FindAllSubmatchIndex(src.data, -1) {
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	for _, m := range depsRubyConstRe.FindAllSubmatchIndex(src.data, -1) {
		if len(out) >= depsMaxRubyConstants {
			break
		}
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	depsSortImports(out)
	return out
}

// depsSortImports orders imports by line (the regexes find them kind by kind).
func depsSortImports(imps []depsSrcImport) {
	sort.SliceStable(imps, func(i, j int) bool { return imps[i].Line < imps[j].Line })
}
