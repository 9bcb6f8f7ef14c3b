package evidence

import "strings"

// The builder of the document model: the format readers (Markdown,
// reStructuredText, AsciiDoc) feed it headings, prose, list items, tables,
// code and links in document order, and it keeps the counts, fields and
// placeholders of each section.

// docBuilder accumulates a model; the format readers feed it headings,
// text, items, tables and code in document order.
type docBuilder struct {
	d *docModel
	// inItem is set while the text of a list item is added: a bare
	// "Owner:" item is a blank of a template, not prose leading somewhere.
	inItem  bool
	texts   []*strings.Builder // section texts, set on the sections by finish
	textLen int                // bytes of text kept over all sections
}

func newDocBuilder(p, format string, src []byte) *docBuilder {
	d := &docModel{Path: p, Format: format, Generated: docGeneratedText(src)}
	d.Lines = strings.Count(string(src), "\n")
	if len(src) > 0 && src[len(src)-1] != '\n' {
		d.Lines++
	}
	d.Sections = []docSection{{}}
	d.Front = docFront{Values: map[string]string{}, Line: map[string]int{}}
	return &docBuilder{d: d}
}

func (b *docBuilder) sec() *docSection { return &b.d.Sections[len(b.d.Sections)-1] }
func (b *docBuilder) secIndex() int    { return len(b.d.Sections) - 1 }

func (b *docBuilder) heading(text string, level, line int) {
	text = strings.Join(strings.Fields(text), " ")
	b.d.Sections = append(b.d.Sections, docSection{Heading: text, Level: level, Line: line, Roles: docHeadingRoles(text)})
}

// text adds prose that starts at line. Each line counts its words and the
// words left without placeholders; "Key: value" lines become fields, and a
// key with nothing real after it is a placeholder. guidance marks text
// that only instructs the author (a paragraph in italics).
func (b *docBuilder) text(text string, line int, guidance bool) {
	s := b.sec()
	lines := strings.Split(text, "\n")
	// A lone "Key:" line is usually prose introducing a list or a command
	// ("Restart it:"); several field lines together are a template's
	// metadata block, where an empty value is a blank to fill in.
	fieldBlock := 0
	for _, l := range lines {
		if _, _, ok := docFieldLine(l); ok {
			fieldBlock++
		}
	}
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		words := docWords(l)
		s.Words += words
		b.appendText(l)
		if guidance {
			s.Placeholders++
			continue
		}
		// Removing a placeholder can split a word ("a[x]b"); never count
		// more real words than words.
		real := min(words, docWords(docStrip(l)))
		if key, value, ok := docFieldLine(l); ok {
			if docStrip(value) == "" {
				if value != "" || fieldBlock >= 2 || b.inItem {
					real = 0
				}
			} else {
				b.field(key, value, line+i)
			}
		}
		s.RealWords += real
		if words > 0 && real == 0 {
			s.Placeholders++
		}
	}
}

func (b *docBuilder) appendText(l string) {
	for len(b.texts) < len(b.d.Sections) {
		b.texts = append(b.texts, &strings.Builder{})
	}
	if t := b.texts[len(b.d.Sections)-1]; t.Len() < docMaxText && b.textLen < docMaxTotal {
		t.WriteString(l)
		t.WriteByte('\n')
		b.textLen += len(l) + 1
	}
}

func (b *docBuilder) field(key, value string, line int) {
	if len(b.d.Fields) < docMaxRows {
		b.d.Fields = append(b.d.Fields, docField{Key: key, Value: value, Line: line, Section: b.secIndex()})
	}
}

func (b *docBuilder) item(text string, line int, ordered, task, checked bool) {
	s := b.sec()
	s.ListItems++
	if ordered {
		s.Ordered++
	}
	if task {
		s.Tasks++
		if checked {
			s.Checked++
		}
	}
	if len(b.d.Items) < docMaxItems {
		b.d.Items = append(b.d.Items, docItem{Text: strings.TrimSpace(text), Line: line, Section: b.secIndex(), Ordered: ordered, Task: task, Checked: checked})
	}
}

// table adds a table. Header words count as words but not as real ones: a
// timeline table with only its header row is still an empty timeline.
func (b *docBuilder) table(header []string, rows [][]string, line int) {
	s := b.sec()
	s.Tables++
	s.TableRows += len(rows)
	s.Words += docWords(strings.Join(header, " "))
	b.appendText(strings.Join(header, " | "))
	for _, row := range rows {
		joined := strings.Join(row, " ")
		words := docWords(joined)
		real := min(words, docWords(docStrip(joined)))
		s.Words += words
		s.RealWords += real
		if real == 0 {
			s.Placeholders++
		}
		b.appendText(strings.Join(row, " | "))
	}
	if len(rows) > docMaxRows {
		rows = rows[:docMaxRows]
	}
	t := docTable{Line: line, Section: b.secIndex(), Header: header, Rows: rows}
	b.d.Tables = append(b.d.Tables, t)
	// A two-column table is usually a key/value sheet ("| Owner | team-a |").
	if len(header) == 2 {
		for _, r := range append([][]string{header}, rows...) {
			if len(r) == 2 && docFieldKeyRe.MatchString(r[0]) && docWords(r[0]) <= 4 && docStrip(r[1]) != "" {
				b.field(docKey(strings.TrimSuffix(strings.TrimSpace(r[0]), ":")), strings.TrimSpace(r[1]), line)
			}
		}
	}
}

func (b *docBuilder) code(lang, body string) {
	s := b.sec()
	if strings.TrimSpace(body) == "" {
		s.Placeholders++
		return
	}
	s.CodeBlocks++
	s.Commands += docCommandLines(lang, body)
	// Code is kept in the text so that a runbook citing a script or a
	// command can be matched; it never counts as words.
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		b.appendText(l)
	}
}

func (b *docBuilder) link(dest string) {
	b.sec().Links++
	if len(b.d.Links) < docMaxLinks {
		b.d.Links = append(b.d.Links, dest)
	}
}

func (b *docBuilder) placeholder() { b.sec().Placeholders++ }

// finish computes totals and the title.
func (b *docBuilder) finish() *docModel {
	d := b.d
	for i := range d.Sections {
		d.Totals.add(d.Sections[i].docCounts)
		if i < len(b.texts) {
			d.Sections[i].Text = b.texts[i].String()
		}
	}
	if v, line, ok := d.Front.value("title"); ok && strings.TrimSpace(v) != "" {
		d.Title, d.TitleLine = strings.TrimSpace(v), line
		return d
	}
	best := 0
	for i := 1; i < len(d.Sections); i++ {
		if best == 0 || d.Sections[i].Level < d.Sections[best].Level {
			best = i
		}
		if d.Sections[i].Level == 1 {
			break
		}
	}
	if best > 0 {
		d.Title, d.TitleLine = d.Sections[best].Heading, d.Sections[best].Line
	}
	return d
}
