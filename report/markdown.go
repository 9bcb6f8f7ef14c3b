package report

import (
	"strings"
	texttemplate "text/template"
)

// markdownFuncs escape user text for Markdown. text/template escapes
// nothing, so every user string in report.md.tmpl goes through one of them.
var markdownFuncs = texttemplate.FuncMap{
	"cell": cell,
	"md":   inline,
	"para": para,
	"code": code,
}

// code renders text as a CommonMark code span, where backslash escapes do
// not apply: the fence is one backtick longer than any run of backticks in
// the text, and a space pads text that starts or ends with one. Newlines
// become spaces so the span stays on one line.
func code(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// inline makes user text safe in running Markdown text. "<" is escaped
// because many wikis render raw HTML: a note that reads "<script>" must
// show as text, not run. Backslash escapes are plain CommonMark and keep
// the raw file readable, unlike HTML entities.
func inline(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, "<", `\<`)
}

// cell makes user text safe in a table cell: a pipe would end the cell and
// a newline the row, so pipes are escaped and newlines become spaces.
func cell(s string) string {
	s = inline(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	if s == "" {
		return "—"
	}
	return s
}

// para renders multi-line user text, such as notes, as Markdown that keeps
// the author's line breaks (CommonMark hard breaks, a trailing backslash)
// and blank-line paragraphs. Every line after the first is indented by
// indent spaces so that the text stays inside a list item.
func para(indent int, s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	pad := strings.Repeat(" ", indent)
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(p), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, inline(l))
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\\\n"+pad))
		}
	}
	return strings.Join(paras, "\n\n"+pad)
}
