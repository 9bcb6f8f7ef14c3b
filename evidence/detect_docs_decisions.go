package evidence

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Evaluating tradeoffs (OPS01-BP06) and shared design standards
// (OPS05-BP06): architecture decision records, design documents and RFCs
// that weigh alternatives, style guides and CONTRIBUTING guides that set
// coding standards.

func init() {
	register(Detector{Name: "docs-decisions", Run: detectDocsDecisions})
}

func detectDocsDecisions(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	adrs := map[string][]*docModel{} // by directory
	var adrTemplates []*docModel
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindADR); ok {
			if m.Template {
				adrTemplates = append(adrTemplates, d)
			} else {
				adrs[path.Dir(d.Path)] = append(adrs[path.Dir(d.Path)], d)
			}
			continue
		}
		if m, ok := d.is(kindDesign); ok {
			if h, ok := docDesignHit(d, m); ok {
				hits = append(hits, h)
			}
		}
		if m, ok := d.is(kindStyleGuide); ok && !m.Template {
			hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
				Summary: fmt.Sprintf("style guide %s sets shared conventions%s", d.name(), docWhy(m))}})
		}
		if m, ok := d.is(kindContributing); ok {
			if h, ok := docContributingStandardsHit(d, m); ok {
				hits = append(hits, h)
			}
		}
	}
	hits = append(hits, docADRHits(adrs)...)
	if len(adrs) == 0 && len(adrTemplates) > 0 {
		d := adrTemplates[0]
		hits = append(hits, Hit{Practice: "OPS01-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.line(),
			Summary: fmt.Sprintf("architecture decision record template %s exists, but no decision has been recorded with it", d.name())}})
	}
	return docLimit(hits, docMaxHits)
}

// docADRHits reports each folder of decision records: how many there are
// and the newest (highest number, else last by name).
func docADRHits(adrs map[string][]*docModel) []Hit {
	dirs := make([]string, 0, len(adrs))
	for d := range adrs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var hits []Hit
	for _, dir := range dirs {
		list := adrs[dir]
		sort.SliceStable(list, func(i, j int) bool {
			a, b := docADRNumber(list[i].Path), docADRNumber(list[j].Path)
			if a != b {
				return a < b
			}
			return list[i].Path < list[j].Path
		})
		newest := list[len(list)-1]
		m, _ := newest.is(kindADR)
		status := ""
		if s := docADRStatus(newest); s != "" {
			status = fmt.Sprintf(" (status %q)", docQuote(s))
		}
		where := dir
		if where == "." {
			where = "the repository root"
		}
		summary := fmt.Sprintf("%s holds %s on why design choices were made; the newest is %s %s%s",
			where, docPlural(len(list), "architecture decision record", "architecture decision records"), path.Base(newest.Path), newest.name(), status)
		hits = append(hits, Hit{Practice: "OPS01-BP06", Confidence: Strong, Proof: Proof{Path: newest.Path, Line: m.Line, Summary: summary}})
		conf := Partial
		if len(list) >= 3 {
			conf = Strong
		}
		hits = append(hits, Hit{Practice: "OPS05-BP06", Confidence: conf, Proof: Proof{Path: newest.Path, Line: m.Line,
			Summary: fmt.Sprintf("%s shares design decisions across the team in %s", where, docPlural(len(list), "architecture decision record", "architecture decision records"))}})
	}
	return hits
}

// docADRStatus returns an ADR's status: a front-matter or "Status:" field,
// else the first line of its Status section.
func docADRStatus(d *docModel) string {
	if s, _, ok := d.field("status"); ok {
		return s
	}
	for _, i := range d.withRole(roleStatus) {
		first, _, _ := strings.Cut(strings.TrimSpace(d.Sections[i].Text), "\n")
		if docStrip(first) != "" {
			return first
		}
	}
	return ""
}

// docADRNumber returns the sequence number of an ADR file (0012-x.md,
// adr-12.md), or -1.
func docADRNumber(p string) int {
	base := strings.TrimPrefix(strings.ToLower(path.Base(p)), "adr")
	base = strings.TrimLeft(base, "-_ ")
	end := 0
	for end < len(base) && end < 6 && base[end] >= '0' && base[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(base[:end])
	if err != nil {
		return -1
	}
	return n
}

// docDesignHit: a design document with a filled alternatives section
// evaluates tradeoffs; one with only drawbacks or consequences does part
// of it; one with neither is not evidence of this practice.
func docDesignHit(d *docModel, m docMatch) (Hit, bool) {
	for _, r := range []docRole{roleAlternatives, roleConsequences} {
		for _, i := range d.withRole(r) {
			if !d.subtreeFilled(i) {
				continue
			}
			h := d.Sections[i].Heading
			if r == roleAlternatives && !m.Template {
				return Hit{Practice: "OPS01-BP06", Confidence: Strong, Proof: Proof{Path: d.Path, Line: d.Sections[i].Line,
					Summary: fmt.Sprintf("design document %s weighs alternatives in section %q", d.name(), docQuote(h))}}, true
			}
			if r == roleConsequences && !m.Template {
				return Hit{Practice: "OPS01-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.Sections[i].Line,
					Summary: fmt.Sprintf("design document %s states its tradeoffs in section %q but lists no alternatives", d.name(), docQuote(h))}}, true
			}
		}
	}
	if m.Template && len(d.withRole(roleAlternatives)) > 0 {
		return Hit{Practice: "OPS01-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
			Summary: fmt.Sprintf("design document template %s asks for the alternatives considered", d.name())}}, true
	}
	return Hit{}, false
}

// docContributingStandardsHit: CONTRIBUTING with filled sections on code
// style, conventions or commit rules sets shared standards; without them it
// is a partial trace.
func docContributingStandardsHit(d *docModel, m docMatch) (Hit, bool) {
	var idx []int
	for _, i := range d.withRole(roleStandards) {
		if d.subtreeFilled(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) > 0 {
		return Hit{Practice: "OPS05-BP06", Confidence: Strong, Proof: Proof{Path: d.Path, Line: d.Sections[idx[0]].Line,
			Summary: fmt.Sprintf("%s sets shared standards in sections %s", path.Base(d.Path), docQuotedList(d.headings(idx)))}}, true
	}
	if d.Totals.RealWords >= 50 {
		return Hit{Practice: "OPS05-BP06", Confidence: Partial, Proof: Proof{Path: d.Path, Line: m.Line,
			Summary: fmt.Sprintf("%s guides contributors but sets no coding standards", path.Base(d.Path))}}, true
	}
	return Hit{}, false
}
