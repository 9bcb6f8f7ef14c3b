package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/opslens/opslens/lens"
)

// termWidth returns the width to wrap text to: the terminal's, capped so
// lines stay readable, or 80 when w is not a terminal.
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			return min(cols, 100)
		}
	}
	return 80
}

// wrap fills text to width, prefixing every line with indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	for pi, para := range strings.Split(text, "\n") {
		if pi > 0 {
			b.WriteString("\n")
		}
		line := indent
		for _, word := range strings.Fields(para) {
			if len(line) > len(indent) && len(line)+1+len(word) > width {
				b.WriteString(strings.TrimRight(line, " "))
				b.WriteString("\n")
				line = indent
			}
			if len(line) > len(indent) {
				line += " "
			}
			line += word
		}
		b.WriteString(line)
	}
	return b.String()
}

// printQuestionGuide prints a question and the full guidance of each of its
// practices, as a facilitator would walk through it.
func printQuestionGuide(w io.Writer, s style, ref lens.QuestionRef, width int) {
	q := ref.Question
	fmt.Fprintf(w, "%s  %s\n", s.bold(q.ID), s.bold(q.Title))
	if q.Area() != "" {
		fmt.Fprintf(w, "%s\n", s.dim(ref.Pillar.Name+" / "+q.Area()))
	}
	if q.Description != "" {
		fmt.Fprintf(w, "\n%s\n", wrap(q.Description, width, ""))
	}
	for _, c := range q.Choices {
		if c.IsNone() {
			continue
		}
		printChoiceGuide(w, s, &c, width)
	}
}

func printChoiceGuide(w io.Writer, s style, c *lens.Choice, width int) {
	lvl := ""
	if l := c.Level(); l != "" {
		lvl = " [" + string(l) + "]"
	}
	fmt.Fprintf(w, "\n%s%s\n", s.bold(c.ID+"  "+c.Title), lvl)
	var g *lens.Guidance
	if c.Ext != nil {
		g = c.Ext.Guidance
	}
	if g == nil {
		if c.HelpfulResource != nil {
			fmt.Fprintf(w, "%s\n", wrap(c.HelpfulResource.DisplayText, width, "  "))
		}
		if c.ImprovementPlan != nil {
			fmt.Fprintf(w, "  %s\n%s\n", s.dim("Improvement plan:"), wrap(c.ImprovementPlan.DisplayText, width, "    "))
		}
		return
	}
	fmt.Fprintf(w, "%s\n", wrap(g.Summary, width, "  "))
	if g.Good != "" {
		fmt.Fprintf(w, "  %s\n%s\n", s.dim("What good looks like:"), wrap(g.Good, width, "    "))
	}
	list(w, s, "Anti-patterns:", g.AntiPatterns, width, "- ")
	list(w, s, "Improvement steps:", g.Steps, width, "")
	list(w, s, "Evidence to look for:", g.Evidence, width, "- ")
}

func list(w io.Writer, s style, title string, items []string, width int, bullet string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s\n", s.dim(title))
	for i, it := range items {
		mark := bullet
		if mark == "" {
			mark = fmt.Sprintf("%d. ", i+1)
		}
		body := wrap(it, width, strings.Repeat(" ", 4+len(mark)))
		fmt.Fprintf(w, "    %s%s\n", mark, strings.TrimLeft(body, " "))
	}
}
