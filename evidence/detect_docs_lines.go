package evidence

import (
	"regexp"
	"strings"
)

// Light readers for reStructuredText and AsciiDoc: enough structure for the
// classifier (headings with levels, lists and checkboxes, code blocks,
// tables, "Key: value" fields, links, comments as placeholders), read line
// by line. Both formats feed the same builder as Markdown.

var (
	rstListRe      = regexp.MustCompile(`^\s*([-*+•]|\d+[.)]|#\.|\(\d+\))\s+(.*)$`)
	adocListRe     = regexp.MustCompile(`^\s*(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$`)
	adocHeadingRe  = regexp.MustCompile(`^(={1,6}|#{1,6})\s+(\S.*?)\s*=*$`)
	rstCodeRe      = regexp.MustCompile(`^(\s*)\.\.\s+(?:code-block|code|sourcecode|prompt)::\s*(\S*)`)
	rstDirectiveRe = regexp.MustCompile(`^\s*\.\.\s+(?:[\w:-]+::|_|\[|\|)`)
	adocSourceRe   = regexp.MustCompile(`^\[source(?:,\s*([\w+-]+))?.*\]\s*$`)
	adocDelimRe    = regexp.MustCompile("^(-{4,}|\\.{4,}|`{3,})\\s*(\\w*)\\s*$")
	docFieldListRe = regexp.MustCompile(`^:([\w][\w .-]{0,40}):\s*(.*)$`)
	docURLRe       = regexp.MustCompile(`https?://[^\s<>\x60\]\[)]+|mailto:[^\s<>\]\[)]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`)
	docTaskPrefix  = regexp.MustCompile(`^\[([ xX*])\]\s*`)
)

type lineDoc struct {
	b      *docBuilder
	format string
	lines  []string
	levels map[string]int // rST adornment style → heading level, in order of first use
	prose  bool           // body text seen (ends the header where fields are front matter)
	lang   string         // AsciiDoc [source,lang] waiting for its block
}

func buildLineDoc(p, format string, src []byte) *docModel {
	b := newDocBuilder(p, format, src)
	s := strings.TrimPrefix(strings.ReplaceAll(string(src), "\r\n", "\n"), "\uFEFF")
	r := &lineDoc{b: b, format: format, lines: strings.Split(s, "\n"), levels: map[string]int{}}
	for i := 0; i < len(r.lines); {
		i = r.step(i)
	}
	return b.finish()
}

// step reads the construct starting at line i and returns the next line.
func (r *lineDoc) step(i int) int {
	if next, ok := r.heading(i); ok {
		return next
	}
	if next, ok := r.block(i); ok {
		return next
	}
	l := r.lines[i]
	t := strings.TrimSpace(l)
	switch {
	case t == "":
	case docFieldListRe.MatchString(t):
		m := docFieldListRe.FindStringSubmatch(t)
		if !r.prose && len(r.b.d.Sections) <= 2 {
			r.b.d.Front.add(docKey(m[1]), strings.TrimSpace(m[2]), i+1)
		} else {
			r.b.text(m[1]+": "+m[2], i+1, false)
		}
	case r.format == "rst" && rstDirectiveRe.MatchString(l):
		// a directive or target: its content follows as ordinary lines
	case r.format == "rst" && (t == ".." || strings.HasPrefix(t, ".. ")):
		r.b.placeholder() // a comment
	case r.format == "asciidoc" && strings.HasPrefix(t, "//"):
		r.b.placeholder()
	case r.format == "asciidoc" && (strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]")):
		if m := adocSourceRe.FindStringSubmatch(t); m != nil {
			r.lang = m[1]
		}
	default:
		r.prose = true
		r.listOrText(l, i+1)
	}
	return i + 1
}

func (r *lineDoc) listOrText(l string, line int) {
	re := rstListRe
	if r.format == "asciidoc" {
		re = adocListRe
	}
	for _, u := range docURLRe.FindAllString(l, -1) {
		r.b.link(u)
	}
	if m := re.FindStringSubmatch(l); m != nil {
		marker, rest := m[1], m[2]
		ordered := marker[0] >= '0' && marker[0] <= '9' || marker[0] == '#' || marker[0] == '(' || (r.format == "asciidoc" && marker[0] == '.')
		task, checked := false, false
		if tm := docTaskPrefix.FindStringSubmatch(rest); tm != nil {
			task, checked = true, tm[1] != " "
			rest = rest[len(tm[0]):]
		}
		r.b.item(rest, line, ordered, task, checked)
		r.b.text(rest, line, false)
		return
	}
	r.b.text(l, line, false)
}

// heading recognises an AsciiDoc "== Title" or an rST title underlined (and
// optionally overlined) with one repeated punctuation character.
func (r *lineDoc) heading(i int) (int, bool) {
	l := r.lines[i]
	if r.format == "asciidoc" {
		if m := adocHeadingRe.FindStringSubmatch(l); m != nil {
			r.b.heading(m[2], len(m[1]), i+1)
			return i + 1, true
		}
		return 0, false
	}
	over := rstAdornment(l)
	if over != 0 && i+2 < len(r.lines) && rstAdornment(r.lines[i+2]) == over && strings.TrimSpace(r.lines[i+1]) != "" {
		r.rstHeading(r.lines[i+1], string(over)+"o", i+2)
		return i + 3, true
	}
	if t := strings.TrimSpace(l); t != "" && over == 0 && i+1 < len(r.lines) && !strings.HasPrefix(l, " ") {
		if u := rstAdornment(r.lines[i+1]); u != 0 && len(strings.TrimSpace(r.lines[i+1])) >= min(len(t), 3) {
			r.rstHeading(t, string(u), i+1)
			return i + 2, true
		}
	}
	return 0, false
}

func (r *lineDoc) rstHeading(text, style string, line int) {
	lvl, ok := r.levels[style]
	if !ok {
		lvl = len(r.levels) + 1
		r.levels[style] = lvl
	}
	r.b.heading(strings.TrimSpace(text), lvl, line)
}

// rstAdornment returns the character of a section adornment line (three or
// more of one punctuation character), or 0.
func rstAdornment(l string) byte {
	t := strings.TrimRight(l, " \t")
	if len(t) < 3 || !strings.ContainsRune("=-~^\"'`*+#:._", rune(t[0])) {
		return 0
	}
	for j := 1; j < len(t); j++ {
		if t[j] != t[0] {
			return 0
		}
	}
	return t[0]
}

// block reads code blocks, comment blocks and tables.
func (r *lineDoc) block(i int) (int, bool) {
	l := r.lines[i]
	t := strings.TrimSpace(l)
	if r.format == "asciidoc" {
		switch {
		case t == "////":
			end := r.until(i+1, func(s string) bool { return strings.TrimSpace(s) == "////" })
			r.b.placeholder()
			return end + 1, true
		case t == "|===":
			return r.adocTable(i), true
		}
		if m := adocDelimRe.FindStringSubmatch(t); m != nil {
			end := r.until(i+1, func(s string) bool { return strings.TrimSpace(s) == m[1] })
			lang := r.lang
			if m[2] != "" {
				lang = m[2]
			}
			r.b.code(lang, strings.Join(r.lines[i+1:end], "\n"))
			r.lang = ""
			return end + 1, true
		}
		return 0, false
	}
	if m := rstCodeRe.FindStringSubmatch(l); m != nil {
		return r.rstIndented(i+1, len(m[1]), m[2]), true
	}
	if strings.HasSuffix(t, "::") && !strings.HasPrefix(t, "..") && i+1 < len(r.lines) {
		if t != "::" {
			r.prose = true
			r.listOrText(strings.TrimSuffix(l, ":"), i+1)
		}
		return r.rstIndented(i+1, len(l)-len(strings.TrimLeft(l, " ")), ""), true
	}
	if strings.HasPrefix(t, "+-") && strings.HasSuffix(t, "+") {
		return r.rstGridTable(i), true
	}
	if rstSimpleBorder(t) {
		return r.rstSimpleTable(i), true
	}
	return 0, false
}

// until returns the first line from i on for which stop holds, or the end.
func (r *lineDoc) until(i int, stop func(string) bool) int {
	for ; i < len(r.lines); i++ {
		if stop(r.lines[i]) {
			return i
		}
	}
	return len(r.lines)
}

// rstIndented reads the literal block indented deeper than indent.
func (r *lineDoc) rstIndented(i, indent int, lang string) int {
	start := i
	for ; i < len(r.lines); i++ {
		l := r.lines[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " \t")) <= indent {
			break
		}
	}
	var body []string
	for _, l := range r.lines[start:i] {
		if t := strings.TrimSpace(l); !strings.HasPrefix(t, ":") {
			body = append(body, l)
		}
	}
	r.b.code(lang, strings.Join(body, "\n"))
	return i
}

func rstSimpleBorder(t string) bool {
	if !strings.HasPrefix(t, "=") || !strings.Contains(t, " ") {
		return false
	}
	return strings.Trim(t, "= ") == ""
}

// rstGridTable reads a grid table: rows between "+---+" lines, a "+===+"
// line closing the header.
func (r *lineDoc) rstGridTable(i int) int {
	start := i
	var header []string
	var rows [][]string
	var cur []string
	for ; i < len(r.lines); i++ {
		t := strings.TrimSpace(r.lines[i])
		switch {
		case strings.HasPrefix(t, "+") && strings.HasSuffix(t, "+"):
			if cur != nil {
				if strings.Contains(t, "=") && header == nil && len(rows) == 0 {
					header = cur
				} else {
					rows = append(rows, cur)
				}
				cur = nil
			}
		case strings.HasPrefix(t, "|"):
			cells := strings.Split(strings.Trim(t, "|"), "|")
			if cur == nil {
				cur = make([]string, len(cells))
			}
			for j, c := range cells {
				if j < len(cur) {
					cur[j] = strings.TrimSpace(cur[j] + " " + strings.TrimSpace(c))
				}
			}
		default:
			r.b.table(header, rows, start+1)
			return i
		}
	}
	r.b.table(header, rows, start+1)
	return i
}

// rstSimpleTable reads a simple table: "=====  =====" borders, the column
// spans taken from the first one, the header between the first two.
func (r *lineDoc) rstSimpleTable(i int) int {
	border := r.lines[i]
	var cols [][2]int
	for j := 0; j < len(border); {
		if border[j] != '=' {
			j++
			continue
		}
		k := j
		for k < len(border) && border[k] == '=' {
			k++
		}
		cols = append(cols, [2]int{j, k})
		j = k
	}
	var blocks [][][]string
	var cur [][]string
	end := i + 1
	for ; end < len(r.lines); end++ {
		l := r.lines[end]
		if rstSimpleBorder(strings.TrimSpace(l)) {
			blocks = append(blocks, cur)
			cur = nil
			if len(blocks) == 2 {
				break
			}
			continue
		}
		if strings.TrimSpace(l) == "" && len(blocks) == 0 && cur == nil {
			break
		}
		if strings.TrimSpace(l) != "" {
			cur = append(cur, rstCells(l, cols))
		}
	}
	if len(blocks) == 2 {
		var header []string
		if len(blocks[0]) > 0 {
			header = blocks[0][0]
		}
		r.b.table(header, blocks[1], i+1)
		return end + 1
	}
	if len(blocks) == 1 {
		r.b.table(nil, blocks[0], i+1)
	}
	return end
}

func rstCells(l string, cols [][2]int) []string {
	cells := make([]string, len(cols))
	for j, c := range cols {
		from := c[0]
		to := len(l)
		if j+1 < len(cols) {
			to = cols[j+1][0]
		}
		if from < len(l) {
			cells[j] = strings.TrimSpace(l[from:min(to, len(l))])
		}
	}
	return cells
}

// adocTable reads a |=== table: the first line's cells are the header when
// a blank line follows it, as AsciiDoc itself decides.
func (r *lineDoc) adocTable(i int) int {
	start := i
	end := r.until(i+1, func(s string) bool { return strings.TrimSpace(s) == "|===" })
	var cells []string
	width := 0
	var header []string
	for j := i + 1; j < end; j++ {
		t := strings.TrimSpace(r.lines[j])
		if !strings.HasPrefix(t, "|") {
			continue
		}
		parts := strings.Split(t[1:], "|")
		for k := range parts {
			parts[k] = strings.TrimSpace(parts[k])
		}
		if width == 0 {
			width = len(parts)
			if j+1 < end && strings.TrimSpace(r.lines[j+1]) == "" {
				header = parts
				continue
			}
		}
		cells = append(cells, parts...)
	}
	var rows [][]string
	for width > 0 && len(cells) > 0 {
		n := min(width, len(cells))
		rows = append(rows, cells[:n])
		cells = cells[n:]
	}
	r.b.table(header, rows, start+1)
	return end + 1
}
