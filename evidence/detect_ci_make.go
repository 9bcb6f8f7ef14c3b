package evidence

import (
	"path"
	"regexp"
	"strings"
)

// A small reader of Makefiles: targets, their prerequisites and recipe
// lines, simple variables and literal includes. Enough to know what
// `make test` runs; nothing is evaluated beyond plain variable references.

// ciMakefile is one parsed Makefile with its includes merged.
type ciMakefile struct {
	Path    string
	First   string // the default goal
	Targets map[string]*ciMakeTarget
	Vars    map[string]string
}

// ciMakeTarget is one rule.
type ciMakeTarget struct {
	Path    string
	Line    int
	Prereqs []string
	Recipe  []ciLine
}

var (
	ciMakeAssign = regexp.MustCompile(`^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|:=|::=|\+=|=|!=)\s*(.*)$`)
	ciMakeRule   = regexp.MustCompile(`^([^\t:=#][^:=#]*?)\s*::?\s*(.*)$`)
	ciMakeVarRef = regexp.MustCompile(`\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]`)
)

// ciParseMakefile reads Makefile text. include reads an included file by
// its path relative to the repository (nil to ignore includes).
func ciParseMakefile(p string, data []byte, include func(string) []byte) *ciMakefile {
	mf := &ciMakefile{Path: p, Targets: map[string]*ciMakeTarget{}, Vars: map[string]string{}}
	mf.parse(p, string(data), include, 0)
	return mf
}

func (mf *ciMakefile) parse(p, text string, include func(string) []byte, depth int) {
	var current []*ciMakeTarget
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := lines[i]
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(lines[i])
		}
		if strings.HasPrefix(line, "\t") {
			cmd := strings.TrimSpace(line)
			cmd = strings.TrimLeft(cmd, "@-+")
			if cmd == "" || strings.HasPrefix(cmd, "#") {
				continue
			}
			for _, t := range current {
				t.Recipe = append(t.Recipe, ciLine{lineNo, cmd})
			}
			continue
		}
		trimmed := strings.TrimSpace(ciStripMakeComment(line))
		if trimmed == "" {
			continue
		}
		if word, rest, _ := strings.Cut(trimmed, " "); word == "include" || word == "-include" || word == "sinclude" {
			current = nil
			if include != nil && depth < 3 {
				for _, inc := range strings.Fields(mf.expand(rest, 0)) {
					ip := path.Join(path.Dir(p), inc)
					if data := include(ip); data != nil {
						mf.parse(ip, string(data), include, depth+1)
					}
				}
			}
			continue
		}
		if ciMakeDirective(trimmed) {
			continue
		}
		if m := ciMakeAssign.FindStringSubmatch(trimmed); m != nil {
			current = nil
			mf.assign(m[1], m[2], m[3])
			continue
		}
		if m := ciMakeRule.FindStringSubmatch(trimmed); m != nil {
			current = mf.rule(p, lineNo, m[1], m[2])
			continue
		}
		current = nil
	}
}

func (mf *ciMakefile) assign(name, op, value string) {
	switch op {
	case "?=":
		if _, ok := mf.Vars[name]; !ok {
			mf.Vars[name] = value
		}
	case "+=":
		mf.Vars[name] = strings.TrimSpace(mf.Vars[name] + " " + value)
	case "!=":
		mf.Vars[name] = "" // a shell command: not run
	default:
		mf.Vars[name] = value
	}
}

// rule records "targets: prereqs [; recipe]" and returns the targets that
// following recipe lines belong to.
func (mf *ciMakefile) rule(p string, lineNo int, targets, rest string) []*ciMakeTarget {
	prereqs, inline, hasInline := strings.Cut(rest, ";")
	if strings.Contains(prereqs, "=") {
		return nil // a target-specific variable
	}
	var out []*ciMakeTarget
	for _, name := range strings.Fields(mf.expand(targets, 0)) {
		t := mf.Targets[name]
		if t == nil {
			t = &ciMakeTarget{Path: p, Line: lineNo}
			mf.Targets[name] = t
		}
		t.Prereqs = append(t.Prereqs, strings.Fields(mf.expand(prereqs, 0))...)
		if hasInline && strings.TrimSpace(inline) != "" {
			t.Recipe = append(t.Recipe, ciLine{lineNo, strings.TrimSpace(inline)})
		}
		if mf.First == "" && !strings.HasPrefix(name, ".") && !strings.Contains(name, "%") {
			mf.First = name
		}
		out = append(out, t)
	}
	return out
}

// ciMakeDirective reports conditionals and other directives whose both
// branches we keep reading.
func ciMakeDirective(line string) bool {
	w, _, _ := strings.Cut(line, " ")
	switch w {
	case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define", "endef", "export", "unexport", "vpath", "$(info", "$(warning", "$(error":
		return true
	}
	return false
}

func ciStripMakeComment(line string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		return line[:i]
	}
	return line
}

// expand replaces $(VAR) and ${VAR} references with their values; unknown
// variables expand to nothing, $(MAKE) to make.
func (mf *ciMakefile) expand(s string, depth int) string {
	if depth > 5 || !strings.Contains(s, "$") {
		return s
	}
	return ciMakeVarRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		switch name {
		case "MAKE":
			return "make"
		case "CURDIR", "PWD":
			return "."
		}
		if v, ok := mf.Vars[name]; ok {
			return mf.expand(v, depth+1)
		}
		return ""
	})
}

// commands returns the recipe lines that `make target` runs, prerequisites
// first, with variables expanded; at most limit lines.
func (mf *ciMakefile) commands(target string) []ciMakeCommand {
	var out []ciMakeCommand
	seen := map[string]bool{}
	var visit func(name string, depth int)
	visit = func(name string, depth int) {
		t := mf.Targets[name]
		if t == nil || seen[name] || depth > 6 || len(out) > 200 {
			return
		}
		seen[name] = true
		for _, pre := range t.Prereqs {
			visit(pre, depth+1)
		}
		for _, l := range t.Recipe {
			out = append(out, ciMakeCommand{Target: name, Path: t.Path, Line: l.Line, Text: mf.expand(l.Text, 0)})
		}
	}
	visit(target, 0)
	return out
}

// ciMakeCommand is one recipe line reached from a goal.
type ciMakeCommand struct {
	Target string
	Path   string
	Line   int
	Text   string
}

// ciMakefileOf returns the parsed Makefile at p, cached per tree.
func ciMakefileOf(t *Tree, p string) *ciMakefile {
	v, err := t.parsed(p, "ci-makefile", func(p string, data []byte) (any, error) {
		return ciParseMakefile(p, data, func(inc string) []byte {
			var found []byte
			for _, f := range ciGlobFiles(t, inc) {
				if d, err := t.Read(f); err == nil {
					found = append(found, d...)
					found = append(found, '\n')
				}
			}
			return found
		}), nil
	})
	if err != nil {
		return nil
	}
	return v.(*ciMakefile)
}

// ciGlobFiles returns the listed files matching a path that may hold glob
// characters.
func ciGlobFiles(t *Tree, pattern string) []string {
	pattern = path.Clean(pattern)
	if !strings.ContainsAny(pattern, "*?[") {
		if t.Has(pattern) {
			return []string{pattern}
		}
		return nil
	}
	dir := path.Dir(pattern)
	var out []string
	for _, f := range t.AllFiles() {
		if path.Dir(f) == dir {
			if ok, _ := path.Match(pattern, f); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// ciMakefileNames are the files make reads by default.
var ciMakefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// ciFindMakefile returns the Makefile make would read in dir.
func ciFindMakefile(t *Tree, dir string) string {
	for _, n := range ciMakefileNames {
		p := path.Join(dir, n)
		if t.Has(p) {
			return p
		}
	}
	return ""
}
