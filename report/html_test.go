package report

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// hostile is user text that would break out of HTML if it were not escaped.
var hostile = struct {
	name, owner, notes, qnotes, tagKey, tagVal, milestone, design string
}{
	name:      `<b>x & y</b>`,
	owner:     `"quoted" & 'single'`,
	notes:     `<script>alert("n")</script> see https://evil.example/x`,
	qnotes:    `<img src=x onerror=alert(1)>`,
	tagKey:    `<k>`,
	tagVal:    `v&w`,
	milestone: `</title><script>alert(2)</script>`,
	design:    `javascript:alert(1)`,
}

func hostileState(t *testing.T) *review.State {
	w := payments()
	w.Name, w.Owner, w.Notes, w.ArchitecturalDesign = hostile.name, hostile.owner, hostile.notes, hostile.design
	w.Tags = map[string]string{hostile.tagKey: hostile.tagVal}
	answers := mixedAnswers()
	answers[0].Notes = hostile.qnotes
	ms := &opslens.Milestone{Number: 3, Name: hostile.milestone, RecordedAt: updated}
	return state(t, w, ms, answers)
}

// twoLenses applies the fixture lens twice under different aliases, so the
// renderers must name the lens next to each pillar.
func twoLenses(t *testing.T) *review.State {
	st := state(t, payments(), nil, mixedAnswers())
	second, err := review.Evaluate("fixture-b", fixtureLens(t), milestoneAnswers())
	if err != nil {
		t.Fatal(err)
	}
	st.Workload.Lenses = append(st.Workload.Lenses, "fixture-b")
	st.Results = append(st.Results, second)
	return st
}

func TestTwoLenses(t *testing.T) {
	r := Build(twoLenses(t), generated)
	if got := r.RiskCounts.Total(); got != 10 {
		t.Errorf("workload counts %d questions, want 10", got)
	}
	md := string(render(t, "md", r))
	for _, want := range []string{"| Fixture Lens: Delivery |", "lens fixture-b;", "Fixture Lens 1.0 (fixture), Fixture Lens 1.0 (fixture-b)"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if out := string(render(t, "html", r)); !strings.Contains(out, ">Fixture Lens: Incident Response</text>") {
		t.Errorf("chart does not name the lens of each pillar")
	}
}

func TestHTML(t *testing.T) {
	all := states(t)
	tests := []struct {
		name string
		st   *review.State
		// user lists user-provided strings that may legitimately contain a
		// URL: the workload's notes and design link, and the lens's links.
		user []string
	}{
		{"mixed", all["report"], []string{payments().ArchitecturalDesign, "https://example.com/alerting-guide"}},
		{"milestone", all["milestone"], []string{payments().ArchitecturalDesign, "https://example.com/alerting-guide"}},
		{"empty", all["empty"], nil},
		{"no lens", &review.State{Workload: opslens.Workload{Name: "Bare"}}, nil},
		{"hostile", hostileState(t), []string{"https://evil.example/x", "https://example.com/alerting-guide"}},
		{"two lenses", twoLenses(t), []string{payments().ArchitecturalDesign, "https://example.com/alerting-guide"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(render(t, "html", Build(tt.st, generated)))
			if err := balanced(out); err != nil {
				t.Errorf("HTML is not well formed: %v", err)
			}
			for _, want := range []string{"<!DOCTYPE html>", "<svg", "<title id=\"chart-title\">", "@media print", "Whole workload"} {
				if !strings.Contains(out, want) {
					t.Errorf("HTML lacks %q", want)
				}
			}
			lower := strings.ToLower(out)
			for _, bad := range []string{"<script", "<link", "<img", "<iframe", "@import", "@font-face"} {
				if strings.Contains(lower, bad) {
					t.Errorf("HTML contains %q", bad)
				}
			}
			rest := out
			for _, u := range tt.user {
				rest = strings.ReplaceAll(rest, u, "")
			}
			if i := strings.Index(rest, "http://") + strings.Index(rest, "https://"); i != -2 {
				t.Errorf("HTML refers to a URL outside user text: %s", excerpt(rest, "http"))
			}
		})
	}
}

// TestHTMLEscapesUserText feeds markup through every user field and checks
// that it comes out as text.
func TestHTMLEscapesUserText(t *testing.T) {
	out := string(render(t, "html", Build(hostileState(t), generated)))
	for _, s := range []string{hostile.name, hostile.owner, hostile.notes, hostile.qnotes, hostile.tagKey + "=" + hostile.tagVal, hostile.milestone} {
		if strings.Contains(out, s) {
			t.Errorf("raw user text %q in HTML", s)
		}
		if esc := escape(s); !strings.Contains(out, esc) {
			t.Errorf("HTML lacks escaped %q (%s)", esc, excerpt(out, s[:3]))
		}
	}
	// The design link's unsafe scheme is neutralised, though its text shows.
	if strings.Contains(out, `href="javascript:`) {
		t.Error("javascript: URL in an href")
	}
	if !strings.Contains(out, "<title>"+escape(hostile.name)+": Well-Architected review</title>") {
		t.Errorf("page title not escaped: %s", excerpt(out, "<title>"))
	}
}

// escape mirrors html/template's escaping of text, which also writes the
// plus sign as a numeric reference.
func escape(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}

func excerpt(s, near string) string {
	i := strings.Index(s, near)
	if i < 0 {
		return fmt.Sprintf("(%q not found)", near)
	}
	return fmt.Sprintf("%q", s[max(0, i-60):min(len(s), i+100)])
}

// balanced is a minimal well-formedness check, standing in for an HTML
// parser (golang.org/x/net/html is not a dependency): every non-void element
// is closed in order, and style content is skipped as raw text. The
// templates close every element explicitly, so this is strict on purpose.
func balanced(doc string) error {
	void := map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true, "link": true, "wbr": true, "col": true}
	tagRe := regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)`)
	var stack []string
	for i := 0; i < len(doc); {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest, "-->")
			if end < 0 {
				return fmt.Errorf("unclosed comment at %d", i)
			}
			i += end + 3
			continue
		case strings.HasPrefix(rest, "<!"):
			i += strings.IndexByte(rest, '>') + 1
			continue
		}
		m := tagRe.FindStringSubmatch(rest)
		if m == nil {
			return fmt.Errorf("stray '<' at %d: %q", i, rest[:min(len(rest), 40)])
		}
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			return fmt.Errorf("unterminated tag at %d", i)
		}
		tag, name := rest[:end+1], m[2]
		i += end + 1
		switch {
		case m[1] == "/":
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fmt.Errorf("</%s> at %d closes %v", name, i, stack)
			}
			stack = stack[:len(stack)-1]
		case void[name] || strings.HasSuffix(tag, "/>"):
		case name == "style":
			close := strings.Index(doc[i:], "</style>")
			if close < 0 {
				return fmt.Errorf("unclosed <style>")
			}
			i += close + len("</style>")
		default:
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed elements %v", stack)
	}
	return nil
}

func TestBalanced(t *testing.T) {
	tests := []struct {
		doc string
		ok  bool
	}{
		{`<!DOCTYPE html><html><body><p>a &lt; b</p><br><svg><rect/></svg></body></html>`, true},
		{`<html><style>a>b{}</style></html>`, true},
		{`<p><b>x</p></b>`, false},
		{`<p>1 < 2</p>`, false},
		{`<div>`, false},
	}
	for _, tt := range tests {
		if err := balanced(tt.doc); (err == nil) != tt.ok {
			t.Errorf("balanced(%q) = %v, want ok=%v", tt.doc, err, tt.ok)
		}
	}
}
