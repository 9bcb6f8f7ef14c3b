package evidence

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// The document model: the structure of one documentation file (Markdown,
// and headings-level support for reStructuredText and AsciiDoc), built once
// per scan and shared by every docs detector. Detectors judge documents by
// this structure (which sections exist, whether they hold real content,
// numbered steps, checklists, tables) and by their path, never by a single
// word in the text.

// docModel is one documentation file.
type docModel struct {
	Path      string
	Format    string // "markdown", "rst" or "asciidoc"
	Title     string // front-matter title, else the first top-level heading
	TitleLine int
	Front     docFront // front matter (YAML or TOML), or rST/AsciiDoc header fields
	FrontErr  string   // why the front matter did not parse, if it did not
	// Sections[0] is the preamble before the first heading (Level 0, no
	// heading); every heading starts a new section that runs to the next one.
	Sections  []docSection
	Items     []docItem  // list items, in order (task-list checkboxes included)
	Tables    []docTable // tables, in order
	Fields    []docField // "Key: value" lines and two-column table rows
	Links     []string   // link destinations, at most docMaxLinks
	Totals    docCounts  // sums over all sections
	Generated bool       // the file says a tool wrote it
	Lines     int

	matches []docMatch // what the classifier read it as, strongest first
}

// docFront is front matter: top-level keys, normalised (lower case, "_"
// and "-" as spaces), with scalar values or lists joined by ", ".
type docFront struct {
	Keys   []string
	Values map[string]string
	Line   map[string]int
}

// value returns the front-matter value of the first key present.
func (f docFront) value(keys ...string) (string, int, bool) {
	for _, k := range keys {
		if v, ok := f.Values[k]; ok {
			return v, f.Line[k], true
		}
	}
	return "", 0, false
}

// docCounts are the measures of a section's own body (or of a whole
// document in Totals).
type docCounts struct {
	Words        int // words of prose, list items and table cells
	RealWords    int // words left once placeholders are removed
	ListItems    int
	Ordered      int // items of numbered lists
	Tasks        int // task-list checkboxes
	Checked      int // ticked checkboxes
	Links        int
	Tables       int
	TableRows    int // body rows of tables
	CodeBlocks   int
	Commands     int // command lines inside code blocks
	Placeholders int // placeholder chunks: HTML comments, TBD, <fill in>, italic guidance…
}

func (c *docCounts) add(o docCounts) {
	c.Words += o.Words
	c.RealWords += o.RealWords
	c.ListItems += o.ListItems
	c.Ordered += o.Ordered
	c.Tasks += o.Tasks
	c.Checked += o.Checked
	c.Links += o.Links
	c.Tables += o.Tables
	c.TableRows += o.TableRows
	c.CodeBlocks += o.CodeBlocks
	c.Commands += o.Commands
	c.Placeholders += o.Placeholders
}

// docSection is a heading and the body up to the next heading.
type docSection struct {
	Heading string
	Level   int // 1 for "#" (or an rST/AsciiDoc title), 0 for the preamble
	Line    int
	Roles   []docRole // what the heading names: timeline, rollback, status…
	docCounts
	Text string // plain text of the body and its code blocks, capped at docMaxText
}

// Filled reports whether the section's own body holds real content: a few
// words that are not placeholders, a code block, or a ticked checkbox.
func (s *docSection) Filled() bool {
	return s.RealWords >= 3 || s.CodeBlocks > 0 || s.Checked > 0
}

// Empty reports whether the section has no body at all.
func (s *docSection) Empty() bool {
	return s.Words == 0 && s.CodeBlocks == 0 && s.Tables == 0 && s.Placeholders == 0
}

// hasRole reports whether the heading names role r.
func (s *docSection) hasRole(r docRole) bool {
	for _, x := range s.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// docItem is one list item.
type docItem struct {
	Text    string
	Line    int
	Section int
	Ordered bool
	Task    bool // a task-list checkbox
	Checked bool
}

// docTable is a table: header cells and body rows, as plain text.
type docTable struct {
	Line    int
	Section int
	Header  []string
	Rows    [][]string
}

// docField is a "Key: value" line or a two-column table row.
type docField struct {
	Key     string // normalised like front-matter keys
	Value   string
	Line    int
	Section int
}

// docFieldKeyRe: a key cell of a key/value table starts with a letter
// ("Owner"), unlike the time column of a timeline ("14:02").
var docFieldKeyRe = regexp.MustCompile(`^\s*[*_]*\pL`)

const (
	docMaxText  = 16 << 10 // per section
	docMaxTotal = 96 << 10 // per document
	docMaxItems = 2000
	docMaxRows  = 500
	docMaxLinks = 200
)

// docExtensions are the files the model reads, by format.
var docExtensions = map[string]string{
	".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".mdown": "markdown",
	".rst": "rst", ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".asc": "asciidoc",
}

// docFormat returns the format of a documentation file, "" for others.
func docFormat(p string) string { return docExtensions[strings.ToLower(path.Ext(p))] }

// docModelOf returns the model of a documentation file, built once per scan
// however many detectors ask. Files that cannot be read were warned about.
func (t *Tree) docModelOf(p string) (*docModel, error) {
	v, err := t.parsed(p, "document", func(p string, data []byte) (any, error) { return buildDocModel(p, data) })
	if err != nil {
		return nil, err
	}
	d := v.(*docModel)
	if d.FrontErr != "" {
		t.Warn(p, "front matter not read: %s", d.FrontErr)
	}
	return d, nil
}

// buildDocModel parses one file into its model and classifies it. A
// failure inside a parser is a bug there, not a reason to stop the scan: it
// becomes an error the cache records as a warning.
func buildDocModel(p string, data []byte) (d *docModel, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	switch docFormat(p) {
	case "rst":
		d = buildLineDoc(p, "rst", data)
	case "asciidoc":
		d = buildLineDoc(p, "asciidoc", data)
	default:
		d = buildMarkdownDoc(p, data)
	}
	d.matches = classifyDoc(d)
	return d, nil
}

// subtree returns the index after the last section nested under section i.
func (d *docModel) subtree(i int) int {
	j := i + 1
	if i == 0 {
		return j // the preamble has no nested sections
	}
	for j < len(d.Sections) && d.Sections[j].Level > d.Sections[i].Level {
		j++
	}
	return j
}

// subtreeCounts sums the counts of section i and the sections nested in it.
func (d *docModel) subtreeCounts(i int) docCounts {
	var c docCounts
	for j := i; j < d.subtree(i); j++ {
		c.add(d.Sections[j].docCounts)
	}
	return c
}

// subtreeFilled reports whether section i or a section nested in it holds
// real content.
func (d *docModel) subtreeFilled(i int) bool {
	for j := i; j < d.subtree(i); j++ {
		if d.Sections[j].Filled() {
			return true
		}
	}
	return false
}

// subtreeText returns the body text of section i and its nested sections.
func (d *docModel) subtreeText(i int) string {
	var b strings.Builder
	for j := i; j < d.subtree(i); j++ {
		if j > i {
			b.WriteString(d.Sections[j].Heading + "\n")
		}
		b.WriteString(d.Sections[j].Text)
	}
	return b.String()
}

// withRole returns the sections whose heading names role r.
func (d *docModel) withRole(r docRole) []int {
	var out []int
	for i := range d.Sections {
		if d.Sections[i].hasRole(r) {
			out = append(out, i)
		}
	}
	return out
}

// field returns the first front-matter value or "Key: value" field with one
// of the keys whose value is not a placeholder.
func (d *docModel) field(keys ...string) (value string, line int, ok bool) {
	for _, k := range keys {
		if v, l, ok := d.Front.value(k); ok && docStrip(v) != "" {
			return v, l, true
		}
	}
	for _, f := range d.Fields {
		for _, k := range keys {
			if f.Key == k && docStrip(f.Value) != "" {
				return f.Value, f.Line, true
			}
		}
	}
	return "", 0, false
}

// text returns the whole body text, headings included. It is joined on
// each call rather than kept, so a cached model holds its text once.
func (d *docModel) text() string {
	var b strings.Builder
	for _, s := range d.Sections {
		b.WriteString(s.Heading + "\n" + s.Text)
	}
	return b.String()
}

// headings lists the distinct headings of the sections given, for summaries.
func (d *docModel) headings(idx []int) []string {
	idx = append([]int(nil), idx...)
	sort.Ints(idx)
	var out []string
	seen := map[string]bool{}
	for _, i := range idx {
		h := docQuote(d.Sections[i].Heading)
		if h != "" && !seen[strings.ToLower(h)] {
			seen[strings.ToLower(h)] = true
			out = append(out, h)
		}
	}
	return out
}

// name returns how a summary refers to the document: its title in quotes,
// or its file name.
func (d *docModel) name() string {
	if d.Title != "" {
		return fmt.Sprintf("%q", docQuote(d.Title))
	}
	return path.Base(d.Path)
}

// line returns the line a proof should point at: the title, else line 1.
func (d *docModel) line() int {
	if d.TitleLine > 0 {
		return d.TitleLine
	}
	return 1
}
