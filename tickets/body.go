package tickets

import (
	"fmt"
	"strings"
)

// markup is a tracker's text format: GitHub and GitLab render Markdown,
// Jira its own wiki markup.
type markup struct {
	heading func(string) string
	bullet  string
	number  string // prefix of a numbered list item; "" numbers by hand
	code    func(string) string
	link    func(text, url string) string
}

var markdown = markup{
	heading: func(s string) string { return "### " + s },
	bullet:  "- ",
	code:    func(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" },
	link:    func(text, url string) string { return "[" + text + "](" + url + ")" },
}

var jiraWiki = markup{
	heading: func(s string) string { return "h3. " + s },
	bullet:  "* ",
	number:  "# ",
	code:    func(s string) string { return "{{" + s + "}}" },
	link:    func(text, url string) string { return "[" + text + "|" + url + "]" },
}

// Body renders a ticket's description: the facts, then per practice why
// it matters, the steps and the evidence, then the link back and the key
// that identifies the ticket on later exports.
func (t Ticket) Body(m markup) string {
	var b strings.Builder
	for _, f := range t.Facts {
		b.WriteString(m.bullet + f + "\n")
	}
	for _, p := range t.Practices {
		b.WriteString("\n" + m.heading(p.BestPracticeID+" "+p.Title) + "\n\n")
		fmt.Fprintf(&b, "Risk level while it is missing: %s.\n", strings.ToLower(string(p.Level)))
		if p.Why != "" {
			b.WriteString("\n" + p.Why + "\n")
		}
		if len(p.Steps) > 0 {
			b.WriteString("\nSteps:\n\n")
			for i, s := range p.Steps {
				prefix := m.number
				if prefix == "" {
					prefix = fmt.Sprintf("%d. ", i+1)
				}
				b.WriteString(prefix + s + "\n")
			}
		}
		if len(p.Evidence) > 0 {
			b.WriteString("\nWhat a repository scan found:\n\n")
			for _, e := range p.Evidence {
				b.WriteString(m.bullet + e + "\n")
			}
		}
	}
	b.WriteString("\n")
	if t.Link != "" {
		b.WriteString(m.link("Open the question in opslens", t.Link) + "\n\n")
	}
	b.WriteString("opslens key: " + m.code(t.Key) + "\n")
	return b.String()
}

// Markdown is the ticket's body as GitHub and GitLab render it.
func (t Ticket) Markdown() string { return t.Body(markdown) }
