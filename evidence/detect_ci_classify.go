package evidence

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Classifying steps: what each step of the model does. Commands that hand
// over to the repository's own wrappers (make targets, package.json
// scripts, shell scripts) are followed into those files, so that a job
// running `make ci` is known to run go test and golangci-lint.

// ciStepTools returns what a step does.
func ciStepTools(t *Tree, s ciStep) []ciTool {
	switch s.Kind {
	case ciRun:
		var out []ciTool
		for _, l := range ciScriptLines(s.Text, 0) {
			out = append(out, ciLineTools(t, l.Text, 0, map[string]bool{})...)
		}
		return ciDedupTools(out)
	case ciUses:
		return ciRefTools(s.Text)
	}
	return nil
}

// ciRefTools classifies a reused action, task, orb command or pipe.
func ciRefTools(text string) []ciTool {
	ref := ciUsesRef(text)
	tools := ciMatchRules(ciUsesRules, ref)
	for i := range tools {
		tools[i].Name = strings.ReplaceAll(tools[i].Name, ciRefName, ciRefDisplay(text))
	}
	for _, tl := range tools {
		if tl.Kind == ciKDocs {
			return []ciTool{tl}
		}
	}
	if len(tools) == 0 {
		disp := ciRefDisplay(text)
		name := ciKebab(disp[strings.LastIndexByte(disp, '/')+1:])
		if k := ciKindOfName(name); k != "" {
			tools = append(tools, ciTool{Kind: k, Name: ciRefDisplay(text)})
		}
	}
	return tools
}

// ciLineTools classifies one command line.
func ciLineTools(t *Tree, line string, depth int, seen map[string]bool) []ciTool {
	var out []ciTool
	for _, seg := range ciSegments(line) {
		words := ciPeel(seg)
		if len(words) == 0 {
			continue
		}
		if res, ok := ciResolve(t, words, depth, seen); ok {
			out = append(out, res...)
			continue
		}
		out = append(out, ciMatchRules(ciCmdRules, strings.Join(ciToolWords(words), " "))...)
	}
	return out
}

// ciResolve follows a command into the repository's make targets,
// package.json scripts or shell scripts. ok is false when the command is
// none of those.
func ciResolve(t *Tree, words []string, depth int, seen map[string]bool) ([]ciTool, bool) {
	tool := ciToolWords(words)[0]
	switch {
	case tool == "make" || tool == "gmake":
		return ciResolveMake(t, words[1:], depth, seen), true
	case tool == "npm" || tool == "pnpm" || tool == "yarn" || tool == "bun":
		name, dir, ok := ciScriptName(tool, words[1:])
		if !ok {
			return nil, false
		}
		return ciResolveScript(t, tool, name, dir, depth, seen), true
	case tool == "tox" || tool == "nox" || tool == "hatch" || tool == "just" || tool == "task" ||
		tool == "go-task" || tool == "mage" || tool == "invoke" || tool == "inv" || tool == "earthly" ||
		tool == "fastlane" || tool == "nx" || tool == "turbo" || tool == "lerna" || tool == "rush" || tool == "moon":
		return ciRunnerTools(tool, words[1:]), true
	}
	if p := ciScriptPath(t, words); p != "" {
		if tools := ciResolveFile(t, p, depth, seen); len(tools) > 0 {
			return tools, true
		}
		// A script whose content says nothing we recognise (a Ruby or
		// Python launcher such as bin/rails) is judged by its name and
		// arguments instead: bin/rails test runs the tests.
	}
	return nil, false
}

// ciResolveMake classifies `make [flags] [targets]` through the Makefile.
func ciResolveMake(t *Tree, args []string, depth int, seen map[string]bool) []ciTool {
	dir, file := ".", ""
	var goals []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" || a == "--directory":
			if i+1 < len(args) {
				dir = args[i+1]
				i++
			}
		case a == "-f" || a == "--file" || a == "--makefile":
			if i+1 < len(args) {
				file = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "-C") && len(a) > 2:
			dir = a[2:]
		case strings.HasPrefix(a, "-") || strings.Contains(a, "=") || strings.Contains(a, "$"):
		default:
			goals = append(goals, a)
		}
	}
	dir = path.Clean(strings.TrimPrefix(dir, "./"))
	mpath := ciFindMakefile(t, dir)
	if file != "" {
		mpath = path.Join(dir, file)
	}
	var mf *ciMakefile
	if mpath != "" && t.Has(mpath) && depth < 4 {
		mf = ciMakefileOf(t, mpath)
	}
	if len(goals) == 0 {
		if mf == nil || mf.First == "" {
			return []ciTool{{Kind: ciKBuild, Name: "make"}}
		}
		goals = []string{mf.First}
	}
	var out []ciTool
	for _, g := range goals {
		key := "make\x00" + mpath + "\x00" + g
		var found []ciTool
		echoOnly := false
		if mf != nil && mf.Targets[g] != nil && !seen[key] {
			seen[key] = true
			cmds := mf.commands(g)
			echoOnly = len(cmds) > 0
			for _, c := range cmds {
				if !ciIsEchoOnly(c.Text) {
					echoOnly = false
				}
				for _, tl := range ciLineTools(t, c.Text, depth+1, seen) {
					tl.Via = ciVia(fmt.Sprintf("make %s at %s:%d", g, c.Path, c.Line), tl.Via)
					found = append(found, tl)
				}
			}
		}
		if k := ciKindOfName(g); k != "" && !echoOnly && ciOnlyBuilds(found) {
			found = append(found, ciTool{Kind: k, Name: "make " + g})
		}
		if len(found) == 0 && !echoOnly {
			found = append(found, ciTool{Kind: ciKBuild, Name: "make " + g})
		}
		out = append(out, found...)
	}
	return out
}

func ciVia(outer, inner string) string {
	if inner == "" {
		return outer
	}
	return outer + ", " + inner
}

// ciOnlyBuilds reports whether what a wrapper runs is unknown or only
// builds: then its name (test, lint, deploy) says what it is for. A
// "check" target that runs linters is not also a test run.
func ciOnlyBuilds(tools []ciTool) bool {
	for _, tl := range tools {
		if tl.Kind != ciKBuild && tl.Kind != ciKImage {
			return false
		}
	}
	return true
}

// ciYarnBuiltins are yarn/pnpm/bun commands that are not script names.
var ciYarnBuiltins = map[string]bool{
	"install": true, "add": true, "remove": true, "upgrade": true, "up": true, "why": true, "info": true,
	"config": true, "cache": true, "dlx": true, "exec": true, "create": true, "init": true, "link": true,
	"publish": true, "pack": true, "version": true, "workspace": true, "workspaces": true, "set": true,
	"import": true, "audit": true, "outdated": true, "global": true, "bin": true, "licenses": true,
	"i": true, "ci": true, "list": true, "ls": true, "prune": true, "rebuild": true, "store": true,
	"node": true, "plugin": true, "constraints": true, "dedupe": true, "x": true, "npm": true,
}

// ciScriptName returns the package.json script an npm-family command runs.
func ciScriptName(tool string, args []string) (name, dir string, ok bool) {
	dir = "."
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--prefix" || a == "--cwd" || a == "-C" || a == "--dir") && i+1 < len(args) {
			dir = args[i+1]
			i++
			continue
		}
		if strings.HasPrefix(a, "--prefix=") || strings.HasPrefix(a, "--cwd=") || strings.HasPrefix(a, "--dir=") {
			_, dir, _ = strings.Cut(a, "=")
			continue
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		rest = append(rest, a)
	}
	if len(rest) == 0 {
		return "", dir, false // yarn alone installs; npm alone prints help
	}
	switch cmd := rest[0]; {
	case cmd == "test" || cmd == "t" || cmd == "tst":
		return "test", dir, true
	case cmd == "start" && tool == "npm":
		return "start", dir, true
	case cmd == "run" || cmd == "run-script" || cmd == "rum" || cmd == "urn":
		if len(rest) > 1 {
			return rest[1], dir, true
		}
		return "", dir, false
	case tool != "npm" && !ciYarnBuiltins[cmd]:
		return cmd, dir, true
	}
	return "", dir, false
}

// ciResolveScript classifies a package.json script by what it runs.
func ciResolveScript(t *Tree, tool, name, dir string, depth int, seen map[string]bool) []ciTool {
	pj := path.Join(path.Clean(dir), "package.json")
	label := tool + " run " + name
	if name == "test" {
		label = tool + " test"
	}
	var found []ciTool
	echoOnly := false
	script, line, ok := ciPackageScript(t, pj, name)
	key := "npm\x00" + pj + "\x00" + name
	if ok && depth < 4 && !seen[key] {
		seen[key] = true
		echoOnly = ciIsEchoOnly(script) || strings.Contains(script, "no test specified")
		for _, sub := range ciExpandRunAll(script) {
			for _, tl := range ciLineTools(t, sub, depth+1, seen) {
				tl.Via = ciVia(fmt.Sprintf("%s at %s:%d", label, pj, line), tl.Via)
				found = append(found, tl)
			}
		}
	}
	if k := ciKindOfName(name); k != "" && !echoOnly && ciOnlyBuilds(found) {
		found = append(found, ciTool{Kind: k, Name: label})
	}
	return found
}

// ciExpandRunAll turns npm-run-all/run-s/run-p/concurrently lists into
// `npm run` commands; other scripts are returned as they are.
func ciExpandRunAll(script string) []string {
	var out []string
	for _, seg := range ciSegments(script) {
		w := ciNormalize(seg)
		if len(w) > 1 && (w[0] == "npm-run-all" || w[0] == "run-s" || w[0] == "run-p" || w[0] == "npm-run-all2") {
			for _, n := range w[1:] {
				if !strings.HasPrefix(n, "-") && !strings.ContainsAny(n, "*") {
					out = append(out, "npm run "+n)
				}
			}
			continue
		}
		out = append(out, strings.Join(seg, " "))
	}
	return out
}

// ciPackageScript returns a script of a package.json and its line.
func ciPackageScript(t *Tree, pj, name string) (string, int, bool) {
	if !t.Has(pj) {
		return "", 0, false
	}
	docs := ciYAMLDocs(t, pj)
	if len(docs) == 0 {
		return "", 0, false
	}
	n := get(docs[0], "scripts", name)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", 0, false
	}
	return n.Value, n.Line, true
}

// ciRunnerTools classifies task runners by the task names given.
func ciRunnerTools(tool string, args []string) []ciTool {
	var out []ciTool
	names := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if k, v, ok := strings.Cut(a, "="); ok && (k == "--target" || k == "--targets" || k == "-t") {
			a, args[i] = "-t", v
			args = append(args[:i+1], append([]string{v}, args[i+1:]...)...)
		}
		if a == "-e" || a == "-s" || a == "--session" || a == "-t" || a == "--target" || a == "--targets" {
			if i+1 < len(args) {
				for _, n := range strings.Split(args[i+1], ",") {
					names++
					if k := ciKindOfName(strings.TrimSpace(n)); k != "" {
						out = append(out, ciTool{Kind: k, Name: tool + " " + n})
					}
				}
				i++
			}
			continue
		}
		if strings.HasPrefix(a, "-") || strings.Contains(a, "=") || a == "run" || a == "affected" || a == "run-many" || a == "exec" {
			continue
		}
		names++
		if k := ciKindOfName(strings.SplitN(a, ":", 2)[0]); k != "" {
			out = append(out, ciTool{Kind: k, Name: tool + " " + a})
		} else if k := ciKindOfName(a); k != "" {
			out = append(out, ciTool{Kind: k, Name: tool + " " + a})
		}
	}
	if names == 0 && (tool == "tox" || tool == "nox") {
		out = append(out, ciTool{Kind: ciKTest, Name: tool})
	}
	return out
}

// ciScriptPath returns the repository path of a script the command runs
// (./scripts/test.sh, bash ci/deploy.sh), or "".
func ciScriptPath(t *Tree, words []string) string {
	w := words
	switch w[0] {
	case "bash", "sh", "zsh", "source", ".", "pwsh", "powershell", "python", "python3", "node":
		w = ciSkipFlags(w[1:])
		if len(w) == 0 {
			return ""
		}
	}
	p := strings.TrimPrefix(w[0], "./")
	if p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "$") || strings.HasPrefix(p, "-") {
		return ""
	}
	p = path.Clean(p)
	if !strings.Contains(p, "/") && !strings.HasSuffix(p, ".sh") && !strings.HasSuffix(p, ".ps1") {
		return ""
	}
	if t.Has(p) {
		return p
	}
	return ""
}

// ciResolveFile classifies a repository script by its lines, or by its
// name when its lines say nothing we know.
func ciResolveFile(t *Tree, p string, depth int, seen map[string]bool) []ciTool {
	var found []ciTool
	key := "file\x00" + p
	echoOnly := false
	if depth < 4 && !seen[key] {
		seen[key] = true
		lines := ciScriptFileLines(t, p)
		echoOnly = len(lines) > 0
		for _, l := range lines {
			if !ciIsEchoOnly(l.Text) {
				echoOnly = false
			}
			for _, tl := range ciLineTools(t, l.Text, depth+1, seen) {
				tl.Via = ciVia(fmt.Sprintf("%s:%d", p, l.Line), tl.Via)
				found = append(found, tl)
			}
		}
	}
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if k := ciKindOfName(base); k != "" && !echoOnly && ciOnlyBuilds(found) {
		found = append(found, ciTool{Kind: k, Name: p})
	}
	return found
}

// ciScriptFileLines returns the command lines of a shell script, cached.
func ciScriptFileLines(t *Tree, p string) []ciLine {
	v, err := t.parsed(p, "ci-script", func(_ string, data []byte) (any, error) {
		return ciScriptLines(string(data), 1), nil
	})
	if err != nil {
		return nil
	}
	return v.([]ciLine)
}

// ciDedupTools drops repeated kind+name pairs, keeping the first.
func ciDedupTools(tools []ciTool) []ciTool {
	seen := map[string]bool{}
	var out []ciTool
	for _, tl := range tools {
		k := tl.Kind + "\x00" + tl.Name
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, tl)
	}
	return out
}

// ciRefName in a rule's name stands for the reference as written.
const ciRefName = "$ref"

// ciRefDisplay is a reference as written, without its version.
func ciRefDisplay(text string) string {
	text = strings.TrimPrefix(strings.TrimSpace(text), "docker://")
	if at := strings.IndexByte(text, '@'); at > 0 {
		text = text[:at]
	}
	return text
}

// ciKebab turns camelCase into kebab-case, lower-cased: buildPlugin →
// build-plugin, so that names of Jenkins library steps classify.
func ciKebab(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && !(s[i-1] >= 'A' && s[i-1] <= 'Z') && s[i-1] != '-' && s[i-1] != '_' {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
