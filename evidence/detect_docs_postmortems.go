package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Post-incident analysis (OPS11-BP02) and shared lessons (OPS11-BP08):
// postmortems and incident reviews recognised by their structure, templates
// for them, lessons-learned documents, and changelog entries that record an
// operational failure together with its cause.

func init() {
	register(Detector{Name: "docs-postmortems", Run: detectDocsPostmortems})
}

func detectDocsPostmortems(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	var filled, templates []*docModel
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindPostmortem); ok {
			if m.Template {
				templates = append(templates, d)
			} else {
				filled = append(filled, d)
				hits = append(hits, docPostmortemHits(d, m)...)
			}
			continue
		}
		if m, ok := d.is(kindLessons); ok && !m.Template {
			hits = append(hits, Hit{Practice: "OPS11-BP08", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
				Summary: fmt.Sprintf("lessons-learned document %s shares what the team learned%s", d.name(), docWhy(m))}})
		}
	}
	hits = append(hits, docPostmortemProcessHits(filled, templates)...)
	hits = append(hits, docPostmortemForms(t)...)
	hits = append(hits, docChangelogLessons(t)...)
	return docLimit(hits, docMaxHits)
}

// docPostmortemProcessHits: a postmortem template is intent (partial for
// OPS11-BP02 while no review written with it exists) and, like written
// reviews, a partial trace of an incident process (OPS10-BP01).
func docPostmortemProcessHits(filled, templates []*docModel) []Hit {
	var hits []Hit
	for _, d := range templates {
		m, _ := d.is(kindPostmortem)
		if len(filled) == 0 {
			hits = append(hits, Hit{Practice: "OPS11-BP02", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
				Summary: fmt.Sprintf("postmortem template %s%s exists, but no incident review written with it is in the repository", d.name(), docWhy(m))}})
		}
		hits = append(hits, Hit{Practice: "OPS10-BP01", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
			Summary: fmt.Sprintf("postmortem template %s gives the incident process a review step", d.name())}})
	}
	if len(templates) == 0 && len(filled) > 0 {
		d := filled[0]
		hits = append(hits, Hit{Practice: "OPS10-BP01", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.line(),
			Summary: fmt.Sprintf("the repository holds %s, so incidents are reviewed after the fact; e.g. %s", docPlural(len(filled), "postmortem", "postmortems"), d.name())}})
	}
	return hits
}

// docPostmortemHits gives the hits of one written postmortem.
func docPostmortemHits(d *docModel, m docMatch) []Hit {
	hits := []Hit{{Practice: "OPS11-BP02", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
		Summary: fmt.Sprintf("postmortem %s analyses an incident%s", d.name(), docWhy(m))}}}
	for _, r := range []docRole{roleLessons, roleActions} {
		for _, i := range d.withRole(r) {
			if d.subtreeFilled(i) {
				return append(hits, Hit{Practice: "OPS11-BP08", Confidence: Strong, Proof: Proof{Path: d.Path, Line: d.Sections[i].Line,
					Summary: fmt.Sprintf("postmortem %s shares its lessons in section %q", d.name(), docQuote(d.Sections[i].Heading))}})
			}
		}
	}
	return append(hits, Hit{Practice: "OPS11-BP08", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
		Summary: fmt.Sprintf("postmortem %s is published in the repository but records no lessons or action items", d.name())}})
}

// docPostmortemForms finds issue forms (YAML) that ask for a postmortem's
// parts: a template for incident reviews, intent rather than practice.
func docPostmortemForms(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(docIsIssueFormPath) {
		form, ok := docIssueForm(t, p)
		if !ok {
			continue
		}
		roles := map[docRole]bool{}
		for _, l := range form.labels {
			for _, r := range docHeadingRoles(l) {
				roles[r] = true
			}
		}
		n := 0
		for _, r := range docPostmortemRoles {
			if roles[r] {
				n++
			}
		}
		if n < 3 {
			continue
		}
		hits = append(hits,
			Hit{Practice: "OPS11-BP02", Confidence: Partial, Proof: Proof{Path: p, Line: form.line,
				Summary: fmt.Sprintf("issue form %q asks for a postmortem's parts (%s)", form.name, docQuote(strings.Join(form.labels, ", ")))}},
			Hit{Practice: "OPS10-BP01", Confidence: Partial, Proof: Proof{Path: p, Line: form.line,
				Summary: fmt.Sprintf("issue form %q gives the incident process a review step", form.name)}})
	}
	return hits
}

var (
	// docOpsEventRe names an operational failure in a changelog entry.
	docOpsEventRe = regexp.MustCompile(`(?i)\b(?:incidents?|outages?|regressions?|data loss|downtime|degradation|degraded|production|post-?mortem|sev ?[0-4])\b`)
	// docCauseRe says why it happened.
	docCauseRe = regexp.MustCompile(`(?i)\b(?:caused by|due to|because|root cause|(?:which|that) (?:led|leads|caused) to|resulting in|triggered by|post-?mortem)\b`)
)

// docIsChangelog reports whether p is a changelog at the top of the tree or
// of docs/.
func docIsChangelog(p string) bool {
	if ext := strings.ToLower(path.Ext(p)); ext != "" && ext != ".txt" && docFormat(p) == "" {
		return false
	}
	dir := path.Dir(p)
	if dir != "." && dir != "docs" && dir != "doc" {
		return false
	}
	switch strings.Join(docPath(p).words, " ") {
	case "changelog", "changes", "history", "news", "release notes", "releasenotes", "releases":
		return true
	}
	return false
}

// docChangelogLessons finds changelog entries that record an operational
// failure with its cause. Two or more make the changelog a partial record
// of lessons; one such line in a long changelog is not a practice.
func docChangelogLessons(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(docIsChangelog) {
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		var first string
		firstLine, n := 0, 0
		for i, l := range strings.Split(string(data), "\n") {
			if docOpsEventRe.MatchString(l) && docCauseRe.MatchString(l) {
				n++
				if firstLine == 0 {
					firstLine, first = i+1, strings.TrimLeft(strings.TrimSpace(l), "-*+ ")
				}
			}
		}
		if n < 2 {
			continue
		}
		hits = append(hits, Hit{Practice: "OPS11-BP08", Confidence: Partial, Proof: Proof{Path: p, Line: firstLine,
			Summary: fmt.Sprintf("%s records %d operational failures with their causes, e.g. %q", path.Base(p), n, docQuote(first))}})
	}
	return hits
}
