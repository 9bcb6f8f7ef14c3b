package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Incident processes (OPS10-BP01), severity definitions (OPS10-BP03) and
// escalation paths or on-call rotations (OPS10-BP04), as documented.
// Paging and escalation policies as code belong to the observability family.

func init() {
	register(Detector{Name: "docs-incidents", Run: detectDocsIncidents})
}

func detectDocsIncidents(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindIncidentProcess); ok {
			hits = append(hits, docHit("OPS10-BP01", d, m,
				fmt.Sprintf("incident response process %s says how incidents are run%s", d.name(), docWhy(m)),
				fmt.Sprintf("incident process template %s was never filled in", d.name())))
		}
		if m, ok := d.is(kindOnCall); ok && !m.Template {
			hits = append(hits,
				Hit{Practice: "OPS10-BP01", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
					Summary: fmt.Sprintf("on-call guide %s documents how the team responds to events%s", d.name(), docWhy(m))}},
				Hit{Practice: "OPS10-BP04", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
					Summary: fmt.Sprintf("on-call guide %s documents the rotation responders are paged through", d.name())}})
		}
		if !docIncidentContext(d) {
			continue
		}
		if h, ok := docSeverityHit(d); ok {
			hits = append(hits, h)
		}
		if h, ok := docEscalationHit(d); ok {
			hits = append(hits, h)
		}
	}
	for _, p := range t.Match(docIsIssueTemplatePath) {
		if docPath(p).named("incident", "outage", "postmortem", "post mortem", "sev") {
			hits = append(hits, Hit{Practice: "OPS10-BP01", Confidence: Partial, Proof: Proof{Path: p, Line: 1,
				Summary: fmt.Sprintf("issue template %s lets people report incidents in a fixed form", path.Base(p))}})
		}
	}
	return docLimit(hits, docMaxHits)
}

// docIncidentContext reports whether a document may define operational
// severities or escalation: not a security policy (vulnerability severity
// is another matter), a contribution guide or a template.
func docIncidentContext(d *docModel) bool {
	if _, ok := d.is(kindSecurityPolicy); ok {
		return false
	}
	if _, ok := d.is(kindContributing); ok {
		return false
	}
	return !docPath(d.Path).template()
}

var (
	// docSevIDRe: SEV1, Sev-2, Severity 3 — specific to incident severity.
	docSevIDRe = regexp.MustCompile(`(?i)^\W*(sev(?:erity)?[\s-]?[0-5])\b`)
	// docPrioIDRe: P1, S2, Priority 1, Level 2 — ambiguous alone, so only
	// read in an incident context.
	docPrioIDRe = regexp.MustCompile(`(?i)^\W*((?:p|s|priority|level)[\s-]?[0-5])\b`)
	// docSevWordRe: named levels, again only in an incident context.
	docSevWordRe = regexp.MustCompile(`(?i)^\W*(critical|high|medium|moderate|low|major|minor|emergency|urgent|sev(?:ere)?)\W*$`)
)

// docSeverityLevels finds incident severity definitions: table rows,
// headings or list items that start with a level and give its criteria.
func docSeverityLevels(d *docModel) (levels []string, line int) {
	incidentish := len(d.withRole(roleSeverity)) > 0 || newDocWordSet(d.Title+" "+d.Path).incident() || d.kind() == kindIncidentProcess || d.kind() == kindOnCall
	level := func(s string, cell bool) string {
		if m := docSevIDRe.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		if !incidentish {
			return ""
		}
		if m := docPrioIDRe.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		if cell {
			if m := docSevWordRe.FindStringSubmatch(s); m != nil {
				return m[1]
			}
		}
		return ""
	}
	// Levels are grouped by family (SEV, P, S, named words) and the largest
	// family wins, so "S3" in a dependency table never pairs with "P1".
	type found struct {
		levels []string
		line   int
	}
	families := map[string]*found{}
	seen := map[string]bool{}
	var order []string
	add := func(l string, at int) {
		key := strings.ToLower(strings.Join(strings.Fields(l), ""))
		fam := strings.TrimRight(strings.ReplaceAll(key, "-", ""), "012345")
		if docSevWordRe.MatchString(l) {
			fam = "word"
		}
		if seen[key] {
			return
		}
		seen[key] = true
		f := families[fam]
		if f == nil {
			f = &found{line: at}
			families[fam] = f
			order = append(order, fam)
		}
		f.levels = append(f.levels, l)
	}
	for _, tb := range d.Tables {
		for _, row := range tb.Rows {
			if len(row) >= 2 && docWords(row[0]) <= 4 && docWords(docStrip(strings.Join(row[1:], " "))) >= 3 {
				if l := level(row[0], true); l != "" {
					add(l, tb.Line)
				}
			}
		}
	}
	for i, s := range d.Sections {
		if l := level(s.Heading, false); l != "" && d.subtreeFilled(i) {
			add(l, s.Line)
		}
	}
	for _, it := range d.Items {
		if l := level(it.Text, false); l != "" && docWords(docStrip(it.Text)) >= 4 {
			add(l, it.Line)
		}
	}
	var best *found
	for _, fam := range order {
		if f := families[fam]; best == nil || len(f.levels) > len(best.levels) {
			best = f
		}
	}
	if best == nil || len(best.levels) < 2 {
		return nil, 0
	}
	return best.levels, best.line
}

func docSeverityHit(d *docModel) (Hit, bool) {
	levels, line := docSeverityLevels(d)
	if len(levels) == 0 {
		return Hit{}, false
	}
	return Hit{Practice: "OPS10-BP03", Confidence: Strong, Proof: Proof{Path: d.Path, Line: line,
		Summary: fmt.Sprintf("%s defines incident severity levels %s with their criteria", d.name(), docJoin(levels))}}, true
}

var (
	docContactPointRe = regexp.MustCompile(`(?i)(?:^|\s)@[\w-]{2,}|(?:^|\s)#[\w-]{2,}|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\bpagerduty\b|\bopsgenie\b|\bvictorops\b|\bslack\b|\bphone\b|\bon[- ]?call\b|\bincident commander\b|\b(?:team|engineering|service) (?:lead|manager|owner)\b|\bmanager\b`)
	docTimeoutRe      = regexp.MustCompile(`(?i)\b(?:after|within|wait(?:ing)?|if no (?:response|ack\w*|answer|reply)\w*(?: \w+){0,4} (?:in|within|after))\s+\d+\s*(?:min(?:ute)?s?|m|hours?|h)\b`)
	docTierRe         = regexp.MustCompile(`(?i)\b(?:tier|level|l)\s?[1-4]\b|\bprimary\b|\bsecondary\b`)
)

// docEscalationHit: an escalation section with tiers (a list, a table or
// named levels) and whom to reach or when, is a documented escalation path;
// an escalation section without them is partial.
func docEscalationHit(d *docModel) (Hit, bool) {
	for _, i := range d.withRole(roleEscalation) {
		if !d.subtreeFilled(i) {
			continue
		}
		c := d.subtreeCounts(i)
		text := d.subtreeText(i)
		tiers := c.ListItems >= 2 || c.TableRows >= 2 || len(docTierRe.FindAllString(text, 3)) >= 2
		contact := docContactPointRe.MatchString(text)
		timeout := docTimeoutRe.FindString(text)
		h := d.Sections[i].Heading
		if tiers && (contact || timeout != "") {
			var with []string
			if contact {
				with = append(with, "whom to reach")
			}
			if timeout != "" {
				with = append(with, fmt.Sprintf("time limits (%q)", docQuote(timeout)))
			}
			s := fmt.Sprintf("%s documents an escalation path in section %q with tiers, %s", d.name(), docQuote(h), docJoin(with))
			return Hit{Practice: "OPS10-BP04", Confidence: Strong, Proof: Proof{Path: d.Path, Line: d.Sections[i].Line, Summary: s}}, true
		}
		return Hit{Practice: "OPS10-BP04", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.Sections[i].Line,
			Summary: fmt.Sprintf("%s has an escalation section %q without tiers or contacts", d.name(), docQuote(h))}}, true
	}
	return Hit{}, false
}
