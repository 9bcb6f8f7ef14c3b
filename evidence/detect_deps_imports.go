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
	jsFromRe = regexp.MustCompile(`(?m)^[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[\w$*{}\s,]+?[ \t\n]from[ \t]*)?['"]([^'"\n]+)['"]`)
	// require('x'), import('x')
	jsRequireRe = regexp.MustCompile(`\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)`)
)

// jsImports returns the npm packages a JavaScript/TypeScript file imports,
// reduced to the package name (@scope/name or name); relative paths and
// node: built-ins are dropped.
func jsImports(src *srcText) []srcImport {
	var out []srcImport
	seen := map[string]bool{}
	add := func(spec string, off int) {
		name := jsPackageName(spec)
		if name == "" || seen[name] {
			return
		}
		line := src.lineAt(off)
		if commentLine(src.line(line)) {
			return
		}
		seen[name] = true
		out = append(out, srcImport{Name: name, Line: line})
	}
	for _, m := range jsFromRe.FindAllSubmatchIndex(src.data, -1) {
		if m[2] >= 0 { // import type
			continue
		}
		add(string(src.data[m[4]:m[5]]), m[0])
	}
	for _, m := range jsRequireRe.FindAllSubmatchIndex(src.data, -1) {
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	sortImports(out)
	return out
}

// jsPackageName reduces an import specifier to its package.
func jsPackageName(spec string) string {
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
	pyImportRe = regexp.MustCompile(`(?m)^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)|import[ \t]+([^\n#;]+))`)
	pyAsRe     = regexp.MustCompile(`\s+as\s+\w+`)
)

// pythonImports returns the modules a Python file imports. "from x import
// a, b" yields x, x.a and x.b, so that a catalog can tell
// "from aws_lambda_powertools import Tracer" from the logger. Relative
// imports are dropped.
func pythonImports(src *srcText) []srcImport {
	var out []srcImport
	seen := map[string]bool{}
	add := func(name string, line int) {
		name = strings.TrimSpace(name)
		if name == "" || strings.HasPrefix(name, ".") || seen[name] || !pyIdentPath(name) {
			return
		}
		seen[name] = true
		out = append(out, srcImport{Name: name, Line: line})
	}
	for _, m := range pyImportRe.FindAllSubmatchIndex(src.data, -1) {
		line := src.lineAt(m[0])
		if m[2] >= 0 {
			mod := string(src.data[m[2]:m[3]])
			if strings.HasPrefix(mod, ".") {
				continue
			}
			add(mod, line)
			names := strings.Trim(string(src.data[m[4]:m[5]]), "()\\ \t\r\n")
			for _, n := range strings.Split(names, ",") {
				n = strings.TrimSpace(pyAsRe.ReplaceAllString(strings.TrimSpace(strings.Trim(n, "\\")), ""))
				if n != "" && n != "*" {
					add(mod+"."+n, line)
				}
			}
			continue
		}
		for _, n := range strings.Split(string(src.data[m[6]:m[7]]), ",") {
			add(pyAsRe.ReplaceAllString(strings.TrimSpace(n), ""), line)
		}
	}
	sortImports(out)
	return out
}

func pyIdentPath(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

var (
	javaImportRe  = regexp.MustCompile(`(?m)^[ \t]*import[ \t]+(?:static[ \t]+)?([A-Za-z_][\w.]*)`)
	csharpUsingRe = regexp.MustCompile(`(?m)^[ \t]*(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?(?:\w+[ \t]*=[ \t]*)?([A-Za-z_][\w.]*)[ \t]*;`)
	fsharpOpenRe  = regexp.MustCompile(`(?m)^[ \t]*open[ \t]+([A-Z][\w.]*)[ \t]*\r?$`)
)

// regexImports returns the first submatch of each match of re, for
// languages whose imports are one dotted name per statement (Java, Kotlin,
// C#, F#).
func regexImports(src *srcText, re *regexp.Regexp) []srcImport {
	var out []srcImport
	seen := map[string]bool{}
	for _, m := range re.FindAllSubmatchIndex(src.data, -1) {
		name := strings.TrimSuffix(string(src.data[m[2]:m[3]]), ".")
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, srcImport{Name: name, Line: src.lineAt(m[0])})
	}
	return out
}

var (
	rubyRequireRe = regexp.MustCompile(`(?m)^[ \t]*require[ \t]*\(?[ \t]*['"]([^'"\n]+)['"]`)
	// Constants used in code: Prometheus::Client, Datadog.configure. Rails
	// loads gems through Bundler.require, so code often names a library's
	// constant without ever requiring it.
	rubyConstRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]*(?:::[A-Z][A-Za-z0-9]*)*)(?:\.[a-z_]|::[a-z_]|\s+do\b|\.new\b)`)
)

// maxRubyConstants bounds the constants kept per file.
const maxRubyConstants = 200

// rubyImports returns the requires and the top constants a Ruby file uses.
func rubyImports(src *srcText) []srcImport {
	var out []srcImport
	seen := map[string]bool{}
	add := func(name string, off int) {
		line := src.lineAt(off)
		if seen[name] || commentLine(src.line(line)) {
			return
		}
		seen[name] = true
		out = append(out, srcImport{Name: name, Line: line})
	}
	for _, m := range rubyRequireRe.FindAllSubmatchIndex(src.data, -1) {
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	for _, m := range rubyConstRe.FindAllSubmatchIndex(src.data, -1) {
		if len(out) >= maxRubyConstants {
			break
		}
		add(string(src.data[m[2]:m[3]]), m[0])
	}
	sortImports(out)
	return out
}

// sortImports orders imports by line (the regexes find them kind by kind).
func sortImports(imps []srcImport) {
	sort.SliceStable(imps, func(i, j int) bool { return imps[i].Line < imps[j].Line })
}
