package evidence

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// Operational readiness reviews (OPS07-BP02): readiness and launch
// checklists whose items are about operating the workload (monitoring,
// alerts, runbooks, on-call, rollback, load tests…), and pull request
// templates that make every change confirm such checks.

func init() {
	register(Detector{Name: "docs-readiness", Run: detectDocsReadiness})
}

// docCheck is one checklist item (a list item or a table row) about
// operations.
type docCheck struct {
	text   string
	line   int
	topics []string
	done   bool
}

var docDoneRe = regexp.MustCompile(`(?i)^\s*(?:yes|y|done|complete|completed|ok|pass|passed|✅|✔️?|☑️?|\[x\])\s*$`)

// docWeakTopics are operational words too common in ordinary checklists
// ("tested in production", "deployment docs updated") to make an item an
// operational readiness check on their own.
var docWeakTopics = map[string]bool{"production": true, "deployment": true, "clusters": true, "databases": true, "restarts": true}

// docReadinessTopics returns the topics of s that make a readiness check.
func docReadinessTopics(s string) []string {
	var out []string
	for _, t := range docOpsTopics(s) {
		if !docWeakTopics[t] {
			out = append(out, t)
		}
	}
	return out
}

// docReadinessItems returns the list items and table rows that name an
// operational topic, and the distinct topics over all of them.
func docReadinessItems(d *docModel) ([]docCheck, []string) {
	var out []docCheck
	seen := map[string]bool{}
	add := func(c docCheck) {
		out = append(out, c)
		for _, t := range c.topics {
			seen[t] = true
		}
	}
	for _, it := range d.Items {
		if tp := docReadinessTopics(it.Text); len(tp) > 0 {
			add(docCheck{text: it.Text, line: it.Line, topics: tp, done: it.Checked})
		}
	}
	for _, tb := range d.Tables {
		for _, row := range tb.Rows {
			tp := docReadinessTopics(strings.Join(row, " "))
			if len(tp) == 0 {
				continue
			}
			done := false
			for _, c := range row[min(1, len(row)):] {
				done = done || docDoneRe.MatchString(c)
			}
			add(docCheck{text: strings.Join(row, " | "), line: tb.Line, topics: tp, done: done})
		}
	}
	var topics []string
	for _, v := range docOpsVocabulary {
		if seen[v.name] {
			topics = append(topics, v.name)
		}
	}
	return out, topics
}

// docReadinessFilled reports whether a readiness review has been worked
// through: an operational check ticked or marked done, or a readiness
// section answered in prose (a questionnaire, as in Kubernetes KEPs).
// Ticks on other checklists of the document do not count.
func docReadinessFilled(d *docModel) bool {
	checks, _ := docReadinessItems(d)
	for _, c := range checks {
		if c.done {
			return true
		}
	}
	_, ok := docReadinessAnswers(d)
	return ok
}

// docReadinessAnswers returns a readiness section answered in prose: no
// checkboxes (that is a checklist) and at least fifty real words.
func docReadinessAnswers(d *docModel) (int, bool) {
	for _, i := range d.withRole(roleReadiness) {
		if c := d.subtreeCounts(i); c.Tasks == 0 && c.RealWords >= 50 {
			return i, true
		}
	}
	return 0, false
}

func detectDocsReadiness(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(docIsPRTemplatePath) {
		if h, ok := docPRReadinessHit(t, p); ok {
			hits = append(hits, h)
		}
	}
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		m, ok := d.is(kindReadiness)
		if !ok || docIsPRTemplatePath(d.Path) {
			continue
		}
		checks, topics := docReadinessItems(d)
		done := 0
		for _, c := range checks {
			if c.done {
				done++
			}
		}
		on := docJoin(topics[:min(len(topics), 5)])
		filled := fmt.Sprintf("readiness review %s ticks %d of %s on %s", d.name(), done, docPlural(len(checks), "operational check", "operational checks"), on)
		if i, ok := docReadinessAnswers(d); ok && done == 0 {
			filled = fmt.Sprintf("%s answers a readiness review in section %q, on %s", d.name(), docQuote(d.Sections[i].Heading), on)
		}
		hits = append(hits, docHit("OPS07-BP02", d, m, filled,
			fmt.Sprintf("readiness checklist %s lists %s on %s, none of them ticked: a template never filled in", d.name(), docPlural(len(checks), "operational check", "operational checks"), on)))
	}
	return docLimit(hits, docMaxHits)
}

// docPRReadinessHit: a pull request template whose checklist asks about two
// or more operational topics makes the review part of every change; one
// topic is a partial trace.
func docPRReadinessHit(t *Tree, p string) (Hit, bool) {
	d, err := t.docModelOf(p)
	if err != nil {
		return Hit{}, false
	}
	checks, topics := docReadinessItems(d)
	if len(checks) == 0 {
		return Hit{}, false
	}
	line := checks[0].line
	if len(topics) >= 2 {
		return Hit{Practice: "OPS07-BP02", Confidence: Strong, Proof: Proof{Path: p, Line: line,
			Summary: fmt.Sprintf("pull request template makes every change confirm %s on %s", docPlural(len(checks), "operational check", "operational checks"), docJoin(topics[:min(len(topics), 5)]))}}, true
	}
	return Hit{Practice: "OPS07-BP02", Confidence: Partial, Proof: Proof{Path: p, Line: line,
		Summary: fmt.Sprintf("pull request template asks one operational question (%s): %q", topics[0], docQuote(checks[0].text))}}, true
}
