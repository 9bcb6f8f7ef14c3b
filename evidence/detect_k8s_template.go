package evidence

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// A light reader for Go-templated YAML: Helm chart templates and
// helmfile.yaml.gotmpl. Templates are usually not valid YAML, and rendering
// them would mean evaluating code from the repository, so the reader removes
// the template actions instead and keeps the YAML around them:
//
//   - a line made only of actions ({{- if … }}, {{ end }}, {{- include … |
//     nindent 4 }}) becomes an empty line, so the remaining YAML keeps its
//     indentation and every line keeps its number;
//   - an action inside a line ({{ .Values.image.tag }}) becomes a
//     placeholder scalar __TPLn__, where n indexes the action's text, so a
//     value can later be resolved against the chart's values;
//   - of an if/else, only the first branch that holds any YAML is kept, so
//     the result does not hold both branches' keys; define blocks are
//     dropped (they are output elsewhere, if at all);
//   - the if/with conditions around each line are recorded, so a detector
//     can tell an object the chart always creates from one behind
//     {{- if .Values.autoscaling.enabled }}.

// k8sTemplate is a template file with its actions taken out.
type k8sTemplate struct {
	Text    string   // the YAML left, line for line with the source
	Lines   []string // Text split into lines
	Actions []string // inner text of each action replaced by a placeholder
	// Conds holds, per 0-based line, the if/with conditions enclosing it
	// (outermost first); lines outside any share a nil slice.
	Conds [][]string
	// Blanked holds, per 0-based line made only of actions, their texts:
	// `toYaml .Values.livenessProbe | nindent 12` under a key says where
	// the key's value comes from.
	Blanked map[int][]string
}

// k8sTplSegment is a piece of one line: text, or (part of) an action.
type k8sTplSegment struct {
	text   string
	action bool
	start  bool // the line where the action starts (its control effect applies here)
}

// k8sTplFrame is one open if/with/range/define block.
type k8sTplFrame struct {
	keyword string
	cond    string
	skip    bool // inside a define, or in an else branch after a kept branch
	emitted bool // the current branch produced YAML lines
}

// k8sReadTemplate strips the template actions from src (see above). It never
// fails: unbalanced or unterminated actions are treated as ending the file.
func k8sReadTemplate(src string) *k8sTemplate {
	lines := k8sTplLines(src)
	out := &k8sTemplate{Conds: make([][]string, len(lines)), Blanked: map[int][]string{}}
	var stack []*k8sTplFrame
	var conds []string
	text := make([]string, len(lines))
	for i, segs := range lines {
		skipping := k8sTplSkipping(stack)
		actionOnly := true // only actions and spaces: nothing of the YAML
		for _, s := range segs {
			if !s.action && strings.TrimSpace(s.text) != "" {
				actionOnly = false
			}
		}
		if !skipping && actionOnly {
			for _, s := range segs {
				if s.action && s.start {
					out.Blanked[i] = append(out.Blanked[i], s.text)
				}
			}
		}
		if !skipping && !actionOnly {
			var b strings.Builder
			for _, s := range segs {
				switch {
				case !s.action:
					b.WriteString(s.text)
				case s.start:
					fmt.Fprintf(&b, "__TPL%d__", len(out.Actions))
					out.Actions = append(out.Actions, s.text)
				}
			}
			text[i] = b.String()
			if !strings.HasPrefix(strings.TrimSpace(text[i]), "#") {
				for _, f := range stack {
					f.emitted = true
				}
			}
		}
		out.Conds[i] = conds
		for _, s := range segs {
			if s.action && s.start {
				stack = k8sTplControl(stack, s.text)
			}
		}
		conds = k8sTplConds(stack, conds)
	}
	out.Lines = text
	out.Text = strings.Join(text, "\n")
	return out
}

// k8sTplSkipping reports whether lines at this point are not output.
func k8sTplSkipping(stack []*k8sTplFrame) bool {
	for _, f := range stack {
		if f.skip {
			return true
		}
	}
	return false
}

// k8sTplConds returns the conditions of the open frames, reusing prev when
// they have not changed so that lines share one slice.
func k8sTplConds(stack []*k8sTplFrame, prev []string) []string {
	var cur []string
	for _, f := range stack {
		if f.keyword == "if" || f.keyword == "with" {
			cur = append(cur, f.cond)
		}
	}
	if len(cur) == len(prev) {
		same := true
		for i := range cur {
			same = same && cur[i] == prev[i]
		}
		if same {
			return prev
		}
	}
	return cur
}

// k8sTplControl applies one action's effect on the block structure.
func k8sTplControl(stack []*k8sTplFrame, action string) []*k8sTplFrame {
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(action, "-"), "-"))
	word, rest := body, ""
	if i := strings.IndexAny(body, " \t\r\n"); i >= 0 {
		word, rest = body[:i], strings.TrimSpace(body[i:])
	}
	switch word {
	case "if", "with", "range", "block":
		return append(stack, &k8sTplFrame{keyword: word, cond: rest})
	case "define":
		return append(stack, &k8sTplFrame{keyword: word, skip: true})
	case "else":
		if n := len(stack); n > 0 {
			f := stack[n-1]
			if f.keyword != "define" && f.emitted {
				f.skip = true
			}
			if f.keyword == "if" && !f.skip {
				// The first branch held nothing: the else branch is the
				// content, under the opposite (or the else-if) condition.
				f.cond = k8sTplElseCond(f.cond, rest)
			}
		}
	case "end":
		if n := len(stack); n > 0 {
			return stack[:n-1]
		}
	}
	return stack
}

// k8sTplElseCond is the condition of an else branch of `if cond`.
func k8sTplElseCond(cond, elseRest string) string {
	if c, ok := strings.CutPrefix(elseRest, "if "); ok {
		return strings.TrimSpace(c)
	}
	if c, ok := strings.CutPrefix(cond, "not "); ok {
		return strings.TrimSpace(c)
	}
	return "not (" + cond + ")"
}

// k8sTplLines splits src into lines of segments. An action that spans
// lines appears as a starting segment on its first line and as
// continuation segments on the following ones.
func k8sTplLines(src string) [][]k8sTplSegment {
	var lines [][]k8sTplSegment
	var cur []k8sTplSegment
	i := 0
	flushText := func(s string) {
		for {
			before, after, found := strings.Cut(s, "\n")
			if before != "" {
				cur = append(cur, k8sTplSegment{text: strings.TrimSuffix(before, "\r")})
			}
			if !found {
				return
			}
			lines = append(lines, cur)
			cur = nil
			s = after
		}
	}
	for i < len(src) {
		open := strings.Index(src[i:], "{{")
		if open < 0 {
			flushText(src[i:])
			break
		}
		flushText(src[i : i+open])
		start := i + open + 2
		end := k8sTplActionEnd(src, start)
		inner := src[start:end]
		cur = append(cur, k8sTplSegment{action: true, start: true, text: strings.TrimSpace(inner)})
		for range strings.Count(inner, "\n") {
			lines = append(lines, cur)
			cur = []k8sTplSegment{{action: true}}
		}
		i = min(end+2, len(src))
	}
	return append(lines, cur)
}

// k8sTplActionEnd returns the index of the "}}" closing the action whose
// inner text starts at start, skipping string literals and comments, or
// len(src) when the action is not closed.
func k8sTplActionEnd(src string, start int) int {
	i, newlines := start, 0
	for i < len(src) {
		switch c := src[i]; {
		case strings.HasPrefix(src[i:], "/*"):
			e := strings.Index(src[i+2:], "*/")
			if e < 0 {
				return len(src)
			}
			i += e + 4
		case c == '"' || c == '\'':
			i = k8sTplStringEnd(src, i+1, c)
		case c == '`':
			e := strings.IndexByte(src[i+1:], '`')
			if e < 0 {
				return len(src)
			}
			i += e + 2
		case strings.HasPrefix(src[i:], "}}"):
			return i
		case c == '\n':
			newlines++
			if newlines > 40 {
				// An action this long is not one: treat it as unterminated.
				return len(src)
			}
			i++
		default:
			i++
		}
	}
	return len(src)
}

// k8sTplStringEnd skips an interpreted string or character literal.
func k8sTplStringEnd(src string, i int, quote byte) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
		case quote:
			return i + 1
		case '\n':
			return i // unterminated: let the line end it
		default:
			i++
		}
	}
	return i
}

// k8sTplPlaceholder matches the placeholders the reader leaves in values.
var k8sTplPlaceholder = regexp.MustCompile(`__TPL(\d+)__`)

// k8sTemplated reports whether a value still holds a template placeholder.
func k8sTemplated(s string) bool { return strings.Contains(s, "__TPL") }

// k8sTplDocument is one YAML document of a read template.
type k8sTplDocument struct {
	Node  *yaml.Node // nil when the document could not be parsed
	First int        // 1-based first line of the document's text
	Text  string     // the document's lines (for the shallow reader)
}

// k8sTplDocuments splits the read template into documents at --- lines and
// parses each one, keeping the file's line numbers. A document that does
// not parse is retried with the offending line blanked, a few times, since
// a stray template artefact often spoils one line only.
func k8sTplDocuments(text string) []k8sTplDocument {
	lines := strings.Split(text, "\n")
	var docs []k8sTplDocument
	first := 0
	emit := func(end int) {
		body := lines[first:end]
		if strings.TrimSpace(strings.Join(body, "")) == "" {
			return
		}
		d := k8sTplDocument{First: first + 1, Text: strings.Join(body, "\n")}
		d.Node = k8sParseLines(first, body)
		docs = append(docs, d)
	}
	for i, l := range lines {
		if l == "---" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "---\t") {
			emit(i)
			first = i + 1
		}
	}
	emit(len(lines))
	return docs
}

var k8sYAMLErrLine = regexp.MustCompile(`line (\d+)`)

// k8sParseLines parses one document whose first line is offset+1 in the
// file, so that node lines are file lines.
func k8sParseLines(offset int, body []string) *yaml.Node {
	body = append([]string(nil), body...)
	for attempt := 0; attempt < 4; attempt++ {
		src := strings.Repeat("\n", offset) + strings.Join(body, "\n")
		docs, err := decodeYAML([]byte(src))
		if err == nil {
			if len(docs) == 0 {
				return nil
			}
			return docs[0]
		}
		idx := k8sCulprit(err.Error(), body, offset)
		if idx < 0 {
			return nil
		}
		body[idx] = ""
	}
	return nil
}

// k8sCulprit picks the line to blank for a parse error: the line the error
// names, or for an unclosed flow collection the line before it that opens
// one; blank lines are skipped backwards. -1 when there is none.
func k8sCulprit(msg string, body []string, offset int) int {
	m := k8sYAMLErrLine.FindStringSubmatch(msg)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	idx := min(n-1-offset, len(body)-1)
	if strings.Contains(msg, "expected ','") {
		for i := idx; i >= 0; i-- {
			l := body[i]
			if strings.Count(l, "[") > strings.Count(l, "]") || strings.Count(l, "{") > strings.Count(l, "}") {
				return i
			}
		}
	}
	for ; idx >= 0; idx-- {
		if strings.TrimSpace(body[idx]) != "" {
			return idx
		}
	}
	return -1
}

// k8sShallowHead reads apiVersion, kind and metadata.name of a document
// from its lines alone, for templates whose YAML could not be parsed.
func k8sShallowHead(doc k8sTplDocument) (api, kind, name string, kindLine int) {
	inMeta := false
	for i, l := range strings.Split(doc.Text, "\n") {
		switch {
		case strings.HasPrefix(l, "apiVersion:"):
			api = k8sUnquote(strings.TrimPrefix(l, "apiVersion:"))
		case strings.HasPrefix(l, "kind:"):
			kind = k8sUnquote(strings.TrimPrefix(l, "kind:"))
			kindLine = doc.First + i
		case strings.HasPrefix(l, "metadata:"):
			inMeta = true
		case inMeta && name == "" && strings.HasPrefix(strings.TrimLeft(l, " "), "name:") && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
			name = k8sUnquote(strings.TrimPrefix(strings.TrimSpace(l), "name:"))
		case l != "" && l[0] != ' ' && l[0] != '#':
			inMeta = false
		}
	}
	return api, kind, name, kindLine
}

// k8sUnquote trims a plain YAML scalar written on a line: spaces, a
// trailing comment and surrounding quotes.
func k8sUnquote(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return s
}
