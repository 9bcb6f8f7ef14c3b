package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v4"
)

// buildMarkdownDoc reads a Markdown (CommonMark + GitHub tables and task
// lists) file into the document model.
func buildMarkdownDoc(p string, src []byte) *docModel {
	b := newDocBuilder(p, "markdown", src)
	front, body, err := splitDocFrontMatter(src)
	b.d.Front = front
	if err != nil {
		b.d.FrontErr = err.Error()
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.TaskList, extension.Strikethrough, extension.Linkify))
	root := md.Parser().Parse(text.NewReader(body))
	w := &mdWalker{b: b, src: body, starts: docLineStarts(body)}
	_ = ast.Walk(root, w.visit)
	return b.finish()
}

// docLineStarts returns the offset of the first byte of every line.
func docLineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

type mdWalker struct {
	b      *docBuilder
	src    []byte
	starts []int
	raw    bool // keep inline HTML as text (headings: "Runbook: <name>")
}

// mdInline is the plain text of a block's inline content.
type mdInline struct {
	text         string
	commands     int  // code spans that are operator commands (`kubectl get pods`)
	guidance     bool // only italic text: an instruction to whoever fills the template in
	placeholders int
	links        []string
}

func (w *mdWalker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		w.raw = true
		in := w.inline(n)
		w.raw = false
		if p := n.Parent(); p != nil && p.Kind() == ast.KindDocument {
			w.b.heading(in.text, n.Level, w.line(n))
		} else {
			w.apply(in, w.line(n))
		}
		return ast.WalkSkipChildren, nil
	case *ast.Paragraph, *ast.TextBlock:
		// Only an item's sole paragraph can be a blank: "Restart it:"
		// followed by a code block introduces the block.
		p := n.Parent()
		w.b.inItem = p != nil && p.Kind() == ast.KindListItem && n.PreviousSibling() == nil && n.NextSibling() == nil
		w.apply(w.inline(n), w.line(n))
		w.b.inItem = false
		return ast.WalkSkipChildren, nil
	case *ast.ListItem:
		w.item(n)
	case *ast.FencedCodeBlock:
		w.b.code(string(n.Language(w.src)), string(n.Lines().Value(w.src)))
		return ast.WalkSkipChildren, nil
	case *ast.CodeBlock:
		w.b.code("", string(n.Lines().Value(w.src)))
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		if bytes.Contains(n.Lines().Value(w.src), []byte("<!--")) {
			w.b.placeholder()
		}
		return ast.WalkSkipChildren, nil
	case *east.Table:
		w.table(n)
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

func (w *mdWalker) apply(in mdInline, line int) {
	w.b.text(in.text, line, in.guidance)
	for _, l := range in.links {
		w.b.link(l)
	}
	for range in.placeholders {
		w.b.placeholder()
	}
	w.b.sec().Commands += in.commands
}

func (w *mdWalker) item(n *ast.ListItem) {
	list, _ := n.Parent().(*ast.List)
	ordered := list != nil && list.IsOrdered()
	var task, checked bool
	var txt string
	if fc := n.FirstChild(); fc != nil && (fc.Kind() == ast.KindTextBlock || fc.Kind() == ast.KindParagraph) {
		if cb, ok := fc.FirstChild().(*east.TaskCheckBox); ok {
			task, checked = true, cb.IsChecked
		}
		txt = w.inline(fc).text
	}
	w.b.item(txt, w.line(n), ordered, task, checked)
}

func (w *mdWalker) table(n *east.Table) {
	var header []string
	var rows [][]string
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			in := w.inline(c)
			cells = append(cells, strings.Join(strings.Fields(in.text), " "))
			for _, l := range in.links {
				w.b.link(l)
			}
		}
		if _, ok := r.(*east.TableHeader); ok {
			header = cells
		} else {
			rows = append(rows, cells)
		}
	}
	w.b.table(header, rows, w.line(n))
}

// inline flattens the inline children of a block to plain text, one line
// per source line, and notes links and placeholders on the way.
func (w *mdWalker) inline(n ast.Node) mdInline {
	var r mdInline
	var sb strings.Builder
	italic, other := 0, 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Emphasis:
			if c.Level == 1 {
				italic++
			} else {
				other++
			}
		case *ast.RawHTML, *east.TaskCheckBox:
		case *ast.Text:
			if len(bytes.TrimSpace(c.Value(w.src))) > 0 {
				other++
			}
		default:
			other++
		}
		w.inlineText(c, &sb, &r)
	}
	r.text = sb.String()
	r.guidance = italic > 0 && other == 0
	return r
}

func (w *mdWalker) inlineText(n ast.Node, sb *strings.Builder, r *mdInline) {
	switch n := n.(type) {
	case *ast.Text:
		sb.Write(n.Value(w.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			sb.WriteByte('\n')
		}
		return
	case *ast.String:
		sb.Write(n.Value)
		return
	case *ast.AutoLink:
		r.links = append(r.links, string(n.URL(w.src)))
		sb.Write(n.Label(w.src))
		return
	case *ast.Link:
		r.links = append(r.links, string(n.Destination))
	case *ast.CodeSpan:
		var code strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				code.Write(t.Value(w.src))
			}
		}
		if strings.Contains(code.String(), " ") {
			r.commands += docCommandLines("", code.String())
		}
		sb.WriteString(code.String())
		return
	case *ast.Image, *east.TaskCheckBox:
		return
	case *ast.RawHTML:
		raw := string(n.Segments.Value(w.src))
		if mdPlaceholderHTML(raw) {
			r.placeholders++
		}
		if w.raw {
			sb.WriteString(raw)
		} else {
			sb.WriteByte(' ')
		}
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.inlineText(c, sb, r)
	}
}

var mdTagRe = regexp.MustCompile(`^</?([A-Za-z][A-Za-z0-9-]*)`)

// mdHTMLTags are real HTML elements seen in documentation; any other
// "<words like this>" is a placeholder such as <fill in> or <team name>.
var mdHTMLTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "br": true, "code": true, "del": true, "details": true, "div": true,
	"em": true, "i": true, "img": true, "ins": true, "kbd": true, "mark": true, "p": true, "pre": true,
	"s": true, "small": true, "span": true, "strong": true, "sub": true, "summary": true, "sup": true,
	"table": true, "tbody": true, "td": true, "th": true, "thead": true, "tr": true, "u": true, "ul": true,
	"ol": true, "li": true, "hr": true, "picture": true, "source": true, "video": true, "center": true,
	"font": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "dl": true,
	"dt": true, "dd": true, "blockquote": true, "q": true, "cite": true, "time": true, "var": true, "samp": true,
}

func mdPlaceholderHTML(raw string) bool {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "<!--") {
		return true
	}
	m := mdTagRe.FindStringSubmatch(raw)
	return m == nil || !mdHTMLTags[strings.ToLower(m[1])]
}

// line returns the 1-based line where node n starts.
func (w *mdWalker) line(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if p := c.Pos(); p >= 0 {
			return w.lineAt(p)
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return w.lineAt(c.Lines().At(0).Start)
		}
	}
	return 0
}

func (w *mdWalker) lineAt(off int) int { return sort.SearchInts(w.starts, off+1) }

// splitDocFrontMatter finds YAML ("---") or TOML ("+++") front matter at the
// top of a file. It returns the front matter and the body with the front
// matter's lines left empty, so that line numbers stay those of the file.
// A file without front matter comes back unchanged; front matter that does
// not parse comes back as an error, with the body still usable.
func splitDocFrontMatter(src []byte) (docFront, []byte, error) {
	front := docFront{Values: map[string]string{}, Line: map[string]int{}}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	lines := strings.SplitAfter(string(src), "\n")
	delim := strings.TrimSpace(lines[0])
	if delim != "---" && delim != "+++" {
		return front, src, nil
	}
	end := -1
	for i := 1; i < len(lines) && i < 2000; i++ {
		l := strings.TrimSpace(lines[i])
		if l == delim || (delim == "---" && l == "...") {
			end = i
			break
		}
	}
	if end < 0 {
		return front, src, nil // a thematic break, not front matter
	}
	fm := strings.Join(lines[1:end], "")
	blank := strings.Count(strings.Join(lines[:end+1], ""), "\n")
	body := []byte(strings.Repeat("\n", blank) + strings.Join(lines[end+1:], ""))
	var err error
	if delim == "---" {
		err = docYAMLFront(fm, &front)
	} else {
		err = docTOMLFront(fm, &front)
	}
	if err != nil && !docLooksLikeFront(fm) {
		// Two thematic breaks around a banner, not front matter.
		return docFront{Values: map[string]string{}, Line: map[string]int{}}, src, nil
	}
	return front, body, err
}

var docFrontKeyRe = regexp.MustCompile(`^[A-Za-z_][\w.-]*\s*[:=]`)

// docLooksLikeFront reports whether the text between two delimiter lines
// starts like front matter ("key: value" or "key = value"), so that a
// failure to parse it deserves a warning rather than a second reading as
// Markdown.
func docLooksLikeFront(fm string) bool {
	for _, l := range strings.Split(fm, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return docFrontKeyRe.MatchString(l)
		}
	}
	return false
}

// docYAMLFront reads the top-level keys of YAML front matter; the first
// front-matter line is line 2 of the file.
func docYAMLFront(fm string, front *docFront) error {
	docs, err := decodeYAML([]byte(fm))
	if err != nil {
		return fmt.Errorf("YAML: %w", err)
	}
	if len(docs) == 0 {
		return nil
	}
	if docs[0].Kind != yaml.MappingNode {
		return errors.New("YAML front matter is not a mapping")
	}
	pairs(docs[0], func(key string, k, v *yaml.Node) {
		front.add(docKey(key), docYAMLValue(v), k.Line+1)
	})
	return nil
}

func docYAMLValue(v *yaml.Node) string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value
	case yaml.SequenceNode:
		var vals []string
		for _, it := range items(v) {
			if it != nil && it.Kind == yaml.ScalarNode {
				vals = append(vals, it.Value)
			}
		}
		return strings.Join(vals, ", ")
	}
	return ""
}

// docTOMLFront reads the top-level keys of Hugo-style TOML front matter.
func docTOMLFront(fm string, front *docFront) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("TOML: parser failure: %v", r)
		}
	}()
	var m map[string]any
	if _, err := toml.Decode(fm, &m); err != nil {
		return fmt.Errorf("TOML: %w", err)
	}
	lines := strings.Split(fm, "\n")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line := 0
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), k) {
				line = i + 2
				break
			}
		}
		var v string
		switch x := m[k].(type) {
		case string:
			v = x
		case []any:
			var vals []string
			for _, e := range x {
				vals = append(vals, fmt.Sprint(e))
			}
			v = strings.Join(vals, ", ")
		case map[string]any:
		default:
			v = fmt.Sprint(x)
		}
		front.add(docKey(k), v, line)
	}
	return nil
}

func (f *docFront) add(key, value string, line int) {
	if _, dup := f.Values[key]; dup || key == "" {
		return
	}
	f.Keys = append(f.Keys, key)
	f.Values[key] = value
	f.Line[key] = line
}
