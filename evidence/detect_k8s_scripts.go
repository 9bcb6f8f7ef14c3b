package evidence

import (
	"path"
	"regexp"
	"strings"
)

// Helm and kubectl commands in the repository's own scripts (shell
// scripts, Makefiles, justfiles) and in the code blocks of its
// operational docs: Helm releases installed by a script (OPS06-BP03),
// installs that roll back by themselves on failure (--atomic, Helm 4's
// --rollback-on-failure: OPS06-BP08), and scripted or documented rollbacks
// (helm rollback, kubectl rollout undo, kubectl argo rollouts abort:
// OPS06-BP01). CI pipeline files are the ci family's and are not read here.

// k8sCmdKind classifies a command.
type k8sCmdKind int

const (
	k8sCmdHelmDeploy  k8sCmdKind = iota + 1 // helm upgrade/install
	k8sCmdHelmAtomic                        // … with --atomic / --rollback-on-failure
	k8sCmdRollback                          // helm rollback, kubectl rollout undo, argo rollouts abort/undo
	k8sCmdDocRollback                       // a rollback command shown in an operational doc
)

// k8sCmd is one recognised command.
type k8sCmd struct {
	Kind  k8sCmdKind
	Path  string
	Line  int
	Short string // the command, shortened: "helm upgrade --install --atomic"
}

// k8sScriptFile selects the scripts read for commands.
func k8sScriptFile(p string) bool {
	if k8sIncidentalPath(p) {
		return false
	}
	base := path.Base(p)
	switch base {
	case "Makefile", "makefile", "GNUmakefile", "justfile", "Justfile", ".justfile":
		return true
	}
	switch path.Ext(p) {
	case ".sh", ".bash", ".mk":
		return true
	}
	return false
}

// k8sOpsDoc selects Markdown files that document operations: runbooks,
// deployment and release guides, and the READMEs of deploy directories.
var k8sOpsDoc = regexp.MustCompile(`(?i)(runbook|playbook|rollback|roll-back|deploy|release|operat|incident|ops/|/ops|helm|k8s|kubernetes|charts?/)`)

// k8sScriptCommands returns the recognised commands of the tree, read once.
func k8sScriptCommands(t *Tree) []k8sCmd {
	v := k8sMemo(t, "k8s script commands", func() any {
		var out []k8sCmd
		for _, p := range t.Match(k8sScriptFile) {
			data, err := t.Read(p)
			if err != nil {
				continue
			}
			out = append(out, k8sCommandsIn(p, string(data), false)...)
		}
		for _, p := range t.Match(func(p string) bool {
			return strings.EqualFold(path.Ext(p), ".md") && k8sOpsDoc.MatchString(p) && !k8sIncidentalPath(strings.TrimPrefix(p, "docs/"))
		}) {
			data, err := t.Read(p)
			if err != nil {
				continue
			}
			out = append(out, k8sCommandsIn(p, k8sMarkdownCode(string(data)), true)...)
		}
		return out
	})
	cmds, _ := v.([]k8sCmd)
	return cmds
}

// k8sMarkdownCode keeps the code of a Markdown file (fenced blocks,
// indented blocks and inline code spans), blanking prose, line for line.
func k8sMarkdownCode(src string) string {
	lines := strings.Split(src, "\n")
	fence := ""
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence, lines[i] = "", ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence, lines[i] = trimmed[:3], ""
		case strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t"):
			// indented code block: keep
		default:
			var spans []string
			parts := strings.Split(l, "`")
			for j := 1; j < len(parts); j += 2 {
				spans = append(spans, parts[j])
			}
			lines[i] = strings.Join(spans, " ; ")
		}
	}
	return strings.Join(lines, "\n")
}

// k8sCommandsIn finds the Helm and kubectl commands of a script.
func k8sCommandsIn(p, src string, doc bool) []k8sCmd {
	var out []k8sCmd
	for _, l := range k8sLogicalLines(src) {
		for _, words := range k8sCmdSegments(l.text) {
			kind, short := k8sClassify(words)
			if kind == 0 {
				continue
			}
			if doc {
				if kind != k8sCmdRollback {
					continue
				}
				kind = k8sCmdDocRollback
			}
			out = append(out, k8sCmd{Kind: kind, Path: p, Line: l.line, Short: short})
		}
	}
	return out
}

type k8sLogical struct {
	line int
	text string
}

// k8sLogicalLines joins continued lines and drops comments.
func k8sLogicalLines(src string) []k8sLogical {
	var out []k8sLogical
	var cur strings.Builder
	start := 0
	for i, raw := range strings.Split(src, "\n") {
		l := strings.TrimRight(raw, " \t\r")
		if cur.Len() == 0 {
			start = i + 1
			l = strings.TrimLeft(l, " \t@-+$>")
			l = strings.TrimLeft(l, " ")
			if strings.HasPrefix(l, "#") {
				continue
			}
		}
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		out = append(out, k8sLogical{start, cur.String()})
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, k8sLogical{start, cur.String()})
	}
	return out
}

var k8sCmdSplit = regexp.MustCompile(`\s*(?:&&|\|\||;|\|)\s*`)

// k8sCmdSegments splits a line into simple commands and their words.
func k8sCmdSegments(line string) [][]string {
	var out [][]string
	for _, seg := range k8sCmdSplit.Split(line, -1) {
		words := strings.Fields(seg)
		// Peel off wrappers: env assignments, sudo, exec, command substitution.
		for len(words) > 0 && (strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") || words[0] == "sudo" || words[0] == "exec" || words[0] == "command" || words[0] == "(" || words[0] == "$(") {
			words = words[1:]
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// k8sTool returns the tool name of a command word: helm for helm,
// ./bin/helm, $(HELM) or ${HELM_BIN}.
func k8sTool(w string) string {
	w = strings.Trim(w, `"'()`)
	w = strings.ToLower(path.Base(w))
	w = strings.Trim(w, "${}()")
	switch {
	case w == "helm" || w == "helm3" || strings.HasPrefix(w, "helm_") && !strings.Contains(w, "file"):
		return "helm"
	case w == "kubectl" || w == "oc" || w == "kubectl_cmd" || w == "kubectl_bin":
		return "kubectl"
	}
	return ""
}

// k8sClassify recognises a helm or kubectl command's purpose.
func k8sClassify(words []string) (k8sCmdKind, string) {
	tool := k8sTool(words[0])
	if tool == "" {
		return 0, ""
	}
	var args, flags []string
	for _, w := range words[1:] {
		if strings.HasPrefix(w, "-") {
			flags = append(flags, strings.SplitN(w, "=", 2)[0])
		} else {
			args = append(args, w)
		}
	}
	has := func(f ...string) bool {
		for _, x := range flags {
			for _, y := range f {
				if x == y {
					return true
				}
			}
		}
		return false
	}
	sub := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	switch {
	case tool == "helm" && (sub(0) == "upgrade" || sub(0) == "install") && !has("--dry-run"):
		short := "helm " + sub(0)
		if has("--install", "-i") {
			short += " --install"
		}
		if has("--atomic", "--rollback-on-failure") {
			return k8sCmdHelmAtomic, short + " with automatic rollback on failure"
		}
		return k8sCmdHelmDeploy, short
	case tool == "helm" && sub(0) == "rollback":
		return k8sCmdRollback, "helm rollback"
	case tool == "kubectl" && sub(0) == "rollout" && sub(1) == "undo":
		return k8sCmdRollback, "kubectl rollout undo"
	case tool == "kubectl" && sub(0) == "argo" && sub(1) == "rollouts" && (sub(2) == "abort" || sub(2) == "undo"):
		return k8sCmdRollback, "kubectl argo rollouts " + sub(2)
	}
	return 0, ""
}

// k8sMemo computes build once per tree and kind, in the tree's cache.
func k8sMemo(t *Tree, kind string, build func() any) any {
	return memo(t, "k8s:"+kind, func(*Tree) any { return build() })
}
