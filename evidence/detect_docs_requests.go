package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Mechanisms to request changes and exceptions (OPS02-BP06): issue
// templates and forms, pull/merge request templates, a CONTRIBUTING guide
// that describes how changes are proposed and reviewed, and exception or
// waiver processes.

func init() {
	register(Detector{Name: "docs-requests", Run: detectDocsRequests})
}

var (
	docApproveRe = regexp.MustCompile(`(?i)\bapprov\w*|\bsign[- ]off\b`)
	docRequestRe = regexp.MustCompile(`(?i)\brequest\w*|\bsubmit\w*|\bapply\b|\b(?:file|open|raise) an?\b`)
	docReviewRe  = regexp.MustCompile(`(?i)\breview\w*|\bapprov\w*|\blgtm\b|\bmaintainers?\b`)
	docPatchRe   = regexp.MustCompile(`(?i)\bpull requests?\b|\bmerge requests?\b|\bpatch(?:es)?\b`)
)

// docIsIssueTemplatePath reports GitHub/Gitea issue templates and forms,
// GitLab issue templates, and the legacy single ISSUE_TEMPLATE.md.
func docIsIssueTemplatePath(p string) bool {
	lp := strings.ToLower(p)
	ext := path.Ext(lp)
	base := path.Base(lp)
	dir := path.Dir(lp)
	switch dir {
	case ".github/issue_template", ".gitea/issue_template":
		return (ext == ".md" || ext == ".yml" || ext == ".yaml") && base != "config.yml" && base != "config.yaml"
	case ".gitlab/issue_templates":
		return ext == ".md"
	case ".", ".github", "docs", ".gitea":
		return base == "issue_template.md"
	}
	return false
}

// docIsIssueFormPath reports GitHub issue forms (YAML issue templates).
func docIsIssueFormPath(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return docIsIssueTemplatePath(p) && (ext == ".yml" || ext == ".yaml")
}

// docIsPRTemplatePath reports pull/merge request templates of GitHub,
// GitLab, Gitea and Azure DevOps.
func docIsPRTemplatePath(p string) bool {
	lp := strings.ToLower(p)
	if path.Ext(lp) != ".md" {
		return false
	}
	dir, base := path.Dir(lp), path.Base(lp)
	switch dir {
	case ".", ".github", "docs", ".gitea", ".azuredevops", ".vsts":
		return base == "pull_request_template.md"
	case ".github/pull_request_template", ".gitlab/merge_request_templates", ".azuredevops/pull_request_template", ".gitea/pull_request_template":
		return true
	}
	return false
}

// docForm is the part of a GitHub issue form the detectors read.
type docForm struct {
	name   string
	line   int
	labels []string // labels of the input fields (markdown blocks left out)
}

// docIssueForm reads an issue form: its name and the labels of its fields.
func docIssueForm(t *Tree, p string) (docForm, bool) {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return docForm{}, false
	}
	root := docs[0]
	f := docForm{name: str(root, "name"), line: 1}
	if n := get(root, "name"); n != nil {
		f.line = n.Line
	}
	for _, it := range items(get(root, "body")) {
		if typ := str(it, "type"); typ == "" || typ == "markdown" {
			continue
		}
		label := str(it, "attributes", "label")
		if label == "" {
			label = str(it, "id")
		}
		f.labels = append(f.labels, label)
	}
	if f.name == "" {
		f.name = path.Base(p)
	}
	return f, len(f.labels) > 0 || get(root, "body") != nil
}

func detectDocsRequests(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(docIsIssueTemplatePath) {
		if h, ok := docIssueTemplateHit(t, p); ok {
			hits = append(hits, h)
		}
	}
	for _, p := range t.Match(docIsPRTemplatePath) {
		if h, ok := docPRTemplateHit(t, p); ok {
			hits = append(hits, h)
		}
	}
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindContributing); ok {
			if h, ok := docContributingChangeHit(d, m); ok {
				hits = append(hits, h)
			}
		}
		if m, ok := d.is(kindException); ok && !m.Template {
			hits = append(hits, Hit{Practice: "OPS02-BP06", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
				Summary: fmt.Sprintf("exception process %s says how to request and approve an exception%s", d.name(), docWhy(m))}})
		}
	}
	return docLimit(hits, docMaxHits)
}

func docIssueTemplateHit(t *Tree, p string) (Hit, bool) {
	if docIsIssueFormPath(p) {
		f, ok := docIssueForm(t, p)
		if !ok {
			return Hit{}, false
		}
		if len(f.labels) == 0 {
			return Hit{Practice: "OPS02-BP06", Confidence: Partial, Proof: Proof{Path: p, Line: f.line,
				Summary: fmt.Sprintf("issue form %q exists but asks for no input", f.name)}}, true
		}
		return Hit{Practice: "OPS02-BP06", Confidence: Strong, Proof: Proof{Path: p, Line: f.line,
			Summary: fmt.Sprintf("issue form %q structures requests with %s (%s)", f.name, docPlural(len(f.labels), "field", "fields"), docQuote(strings.Join(f.labels, ", ")))}}, true
	}
	d, err := t.docModelOf(p)
	if err != nil {
		return Hit{}, false
	}
	// Templates are known by their front-matter name or their file name:
	// their first heading is part of the form, not a title.
	stem := strings.TrimSuffix(path.Base(p), path.Ext(p))
	name := fmt.Sprintf("%q", stem)
	if v, _, ok := d.Front.value("name"); ok && v != "" {
		name = fmt.Sprintf("%q", docQuote(v))
	}
	idx := docHeadingIndices(d)
	if len(idx) >= 2 || d.Totals.ListItems >= 3 || len(d.Fields) >= 2 {
		what := docPlural(d.Totals.ListItems, "list item", "list items")
		if len(idx) >= 2 {
			what = "sections " + docQuotedList(d.headings(idx))
		}
		return Hit{Practice: "OPS02-BP06", Confidence: Strong, Proof: Proof{Path: p, Line: 1,
			Summary: fmt.Sprintf("issue template %s structures requests with %s", name, what)}}, true
	}
	return Hit{Practice: "OPS02-BP06", Confidence: Partial, Proof: Proof{Path: p, Line: 1,
		Summary: fmt.Sprintf("issue template %s exists but asks for nothing specific", name)}}, true
}

func docPRTemplateHit(t *Tree, p string) (Hit, bool) {
	d, err := t.docModelOf(p)
	if err != nil {
		return Hit{}, false
	}
	what := "pull request template"
	if strings.Contains(strings.ToLower(p), "merge_request") {
		what = "merge request template"
	}
	idx := docHeadingIndices(d)
	if len(idx) >= 2 || d.Totals.ListItems >= 2 {
		var parts []string
		if len(idx) >= 2 {
			parts = append(parts, "sections "+docQuotedList(d.headings(idx)))
		}
		if d.Totals.Tasks > 0 {
			parts = append(parts, docPlural(d.Totals.Tasks, "checklist item", "checklist items"))
		}
		if len(parts) == 0 {
			parts = append(parts, docPlural(d.Totals.ListItems, "list item", "list items"))
		}
		return Hit{Practice: "OPS02-BP06", Confidence: Strong, Proof: Proof{Path: p, Line: 1,
			Summary: fmt.Sprintf("%s asks every change for %s", what, strings.Join(parts, " and "))}}, true
	}
	return Hit{Practice: "OPS02-BP06", Confidence: Partial, Proof: Proof{Path: p, Line: 1,
		Summary: what + " exists but asks for nothing specific"}}, true
}

// docContributingChangeHit reads how a CONTRIBUTING guide says changes are
// proposed, reviewed and approved.
func docContributingChangeHit(d *docModel, m docMatch) (Hit, bool) {
	var idx []int
	reviewed := false
	for _, i := range d.withRole(roleChange) {
		if d.subtreeFilled(i) {
			idx = append(idx, i)
			if docReviewRe.MatchString(d.subtreeText(i)) {
				reviewed = true
			}
		}
	}
	switch {
	case len(idx) >= 2 || (len(idx) == 1 && reviewed):
		return Hit{Practice: "OPS02-BP06", Confidence: Strong, Proof: Proof{Path: d.Path, Line: d.Sections[idx[0]].Line,
			Summary: fmt.Sprintf("%s describes how changes are proposed and reviewed in sections %s", path.Base(d.Path), docQuotedList(d.headings(idx)))}}, true
	case len(idx) == 1:
		return Hit{Practice: "OPS02-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.Sections[idx[0]].Line,
			Summary: fmt.Sprintf("%s has a section %q on contributing changes but says nothing of review or approval", path.Base(d.Path), d.headings(idx)[0])}}, true
	case d.Totals.RealWords >= 50 && docPatchRe.MatchString(d.text()):
		return Hit{Practice: "OPS02-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
			Summary: fmt.Sprintf("%s invites changes by pull request without describing a review process", path.Base(d.Path))}}, true
	}
	return Hit{}, false
}

// docHeadingIndices returns the sections that have a heading and are not
// the document title.
func docHeadingIndices(d *docModel) []int {
	var out []int
	for i := 1; i < len(d.Sections); i++ {
		if d.Sections[i].Line != d.TitleLine || d.Sections[i].Level > 1 {
			out = append(out, i)
		}
	}
	return out
}

// docQuotedList quotes each name and lists at most five.
func docQuotedList(names []string) string {
	q := make([]string, 0, len(names))
	for i, n := range names {
		if i == 5 {
			q = append(q, fmt.Sprintf("%d more", len(names)-5))
			break
		}
		q = append(q, fmt.Sprintf("%q", n))
	}
	return docJoin(q)
}
