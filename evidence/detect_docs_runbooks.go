package evidence

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Runbooks (OPS07-BP03), playbooks (OPS07-BP04) and the owners they name
// (OPS02-BP02), read from documents classified by their structure, plus
// scripted procedures kept next to the runbooks.

func init() {
	register(
		Detector{Name: "docs-runbooks", Run: detectDocsRunbooks},
		Detector{Name: "docs-playbooks", Run: detectDocsPlaybooks},
	)
}

// docMaxHits bounds the proofs one docs detector gives per practice: a
// reviewer needs a few good ones, and the merge keeps ten over all
// detectors.
const docMaxHits = 5

// docHit is a hit on a document; partial when the match is a template.
func docHit(practice string, d *docModel, m docMatch, strong, template string) Hit {
	if m.Template {
		return Hit{Practice: practice, Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line, Summary: template}}
	}
	return Hit{Practice: practice, Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line, Summary: strong}}
}

// docLimit keeps at most n hits per practice, strong ones first, then in
// path order, so that a repository with fifty runbooks shows five.
func docLimit(hits []Hit, n int) []Hit {
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Practice != b.Practice {
			return a.Practice < b.Practice
		}
		if a.Confidence.rank() != b.Confidence.rank() {
			return a.Confidence.rank() > b.Confidence.rank()
		}
		if a.Proof.Path != b.Proof.Path {
			return a.Proof.Path < b.Proof.Path
		}
		return a.Proof.Line < b.Proof.Line
	})
	var out []Hit
	count := map[string]int{}
	for _, h := range hits {
		if count[h.Practice] < n {
			count[h.Practice]++
			out = append(out, h)
		}
	}
	return out
}

// docWhy appends a match's reasons to a phrase: "runbook X with …".
func docWhy(m docMatch) string {
	if m.Why == "" {
		return ""
	}
	return " with " + m.Why
}

func detectDocsRunbooks(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	var runbooks []*docModel
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		m, ok := d.is(kindRunbook)
		if !ok {
			continue
		}
		runbooks = append(runbooks, d)
		hits = append(hits, docHit("OPS07-BP03", d, m,
			fmt.Sprintf("runbook %s gives a routine procedure%s", d.name(), docWhy(m)),
			fmt.Sprintf("runbook template %s was never filled in: its sections hold only placeholders", d.name())))
		if h, ok := docOwnerHit(d, m, "runbook"); ok {
			hits = append(hits, h)
		}
	}
	hits = append(hits, docScriptedProcedures(t, runbooks)...)
	return docLimit(hits, docMaxHits)
}

func detectDocsPlaybooks(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindPlaybook); ok {
			what := "playbook"
			switch lt := strings.ToLower(d.Title + " " + d.Path); {
			case strings.Contains(lt, "troubleshoot"):
				what = "troubleshooting guide"
			case strings.Contains(lt, "incident response") || strings.Contains(lt, "incident-response"):
				what = "incident response guide"
			}
			hits = append(hits, docHit("OPS07-BP04", d, m,
				fmt.Sprintf("%s %s guides responders through investigating and mitigating issues%s", what, d.name(), docWhy(m)),
				fmt.Sprintf("%s template %s was never filled in: its sections hold only placeholders", what, d.name())))
			if h, ok := docOwnerHit(d, m, what); ok {
				hits = append(hits, h)
			}
			continue
		}
		if m, ok := d.is(kindIncidentProcess); ok && !m.Template && docGuides(d) {
			hits = append(hits, docHit("OPS07-BP04", d, m,
				fmt.Sprintf("incident response guide %s walks responders through handling an incident%s", d.name(), docWhy(m)), ""))
		}
	}
	return docLimit(hits, docMaxHits)
}

// docGuides reports whether an incident process document also tells
// responders what to do: filled steps, mitigation or investigation sections.
func docGuides(d *docModel) bool {
	for _, r := range []docRole{roleProcedure, roleMitigate, roleInvestigate} {
		for _, i := range d.withRole(r) {
			if d.subtreeFilled(i) {
				return true
			}
		}
	}
	return d.Totals.Ordered >= 3
}

// docOwnerKeys are the keys under which documents name who owns them.
var docOwnerKeys = []string{"owner", "owners", "owning team", "team", "service owner", "process owner", "runbook owner", "maintainer", "maintainers", "responsible team", "owned by", "responsible"}

// docOwner returns who a document names as its owner: a front-matter key,
// an "Owner:" line or table row, an Owner column, or an Owner section.
func docOwner(d *docModel) (owner string, line int, ok bool) {
	if v, l, ok := d.field(docOwnerKeys...); ok {
		return v, l, true
	}
	// owner_slack, owner_email, owner_team…: any front-matter key about
	// the owner names one.
	for _, k := range d.Front.Keys {
		if v := d.Front.Values[k]; strings.HasPrefix(k, "owner ") && docStrip(v) != "" {
			return v, d.Front.Line[k], true
		}
	}
	for _, tb := range d.Tables {
		for j, h := range tb.Header {
			if !docIsOwnerKey(docKey(h)) || len(tb.Rows) == 0 || j >= len(tb.Rows[0]) {
				continue
			}
			if v := tb.Rows[0][j]; docStrip(v) != "" {
				return v, tb.Line, true
			}
		}
	}
	for _, i := range d.withRole(roleOwner) {
		s := &d.Sections[i]
		// Only a short first line names someone ("Team Payments,
		// #payments-oncall"); a paragraph about ownership does not.
		if first, _, _ := strings.Cut(strings.TrimSpace(s.Text), "\n"); s.Filled() && docStrip(first) != "" && docWords(first) <= 6 {
			return first, s.Line, true
		}
	}
	return "", 0, false
}

func docIsOwnerKey(k string) bool {
	for _, o := range docOwnerKeys {
		if k == o {
			return true
		}
	}
	return false
}

func docOwnerHit(d *docModel, m docMatch, what string) (Hit, bool) {
	owner, line, ok := docOwner(d)
	if !ok || m.Template {
		return Hit{}, false
	}
	return Hit{Practice: "OPS02-BP02", Confidence: Strong, Proof: Proof{Path: d.Path, Line: line,
		Summary: fmt.Sprintf("%s %s names its owner: %s", what, d.name(), docQuote(owner))}}, true
}

// docScriptExts are files that hold a scripted procedure.
var docScriptExts = map[string]bool{".sh": true, ".bash": true, ".ps1": true, ".py": true, ".rb": true, ".ipynb": true, ".zsh": true}

// docScriptDir reports whether a script lies where teams keep operational
// procedures: a runbooks folder or scripts/ops (ops/scripts).
func docScriptDir(p string) bool {
	pi := docPath(p)
	if pi.inDir("runbooks", "runbook", "sops", "procedures") {
		return true
	}
	d := "/" + strings.ToLower(path.Dir(p)) + "/"
	return strings.Contains(d, "/scripts/ops/") || strings.Contains(d, "/ops/scripts/") || strings.Contains(d, "/scripts/runbooks/")
}

// docScriptedProcedures finds scripts in runbook folders or scripts/ops: a
// script a runbook describes (same name, or the runbook cites its path) is a
// strong scripted procedure; one no runbook mentions is partial.
func docScriptedProcedures(t *Tree, runbooks []*docModel) []Hit {
	var hits []Hit
	for _, p := range t.Match(func(p string) bool { return docScriptExts[strings.ToLower(path.Ext(p))] && docScriptDir(p) }) {
		name := path.Base(p)
		stem := strings.TrimSuffix(name, path.Ext(name))
		var doc *docModel
		for _, d := range runbooks {
			db := path.Base(d.Path)
			if strings.EqualFold(strings.TrimSuffix(db, path.Ext(db)), stem) || strings.Contains(d.text(), name) {
				doc = d
				break
			}
		}
		if doc != nil {
			hits = append(hits, Hit{Practice: "OPS07-BP03", Confidence: Strong, Proof: Proof{Path: p,
				Summary: fmt.Sprintf("script %s automates the procedure that runbook %s describes", name, doc.Path)}})
			continue
		}
		hits = append(hits, Hit{Practice: "OPS07-BP03", Confidence: Partial, Proof: Proof{Path: p,
			Summary: fmt.Sprintf("script %s is kept as an operational procedure, but no runbook describes it", name)}})
	}
	return hits
}
