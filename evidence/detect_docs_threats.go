package evidence

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// The threat landscape (OPS01-BP05), documentation side: threat models
// written as documents (STRIDE tables, threats with mitigations), models of
// threat-modelling tools (Microsoft TMT .tm7, OWASP Threat Dragon JSON,
// Threagile YAML, pytm), and a security policy that says how to report a
// vulnerability. Security scanning in pipelines belongs to the CI family.

func init() {
	register(Detector{Name: "docs-threats", Run: detectDocsThreats})
}

// docStrideTerms are the six STRIDE threat categories.
var docStrideTerms = []docTerm{
	docTermOf("spoofing", "spoof", "spoofing", "spoofed"),
	docTermOf("tampering", "tamper", "tampering", "tampered"),
	docTermOf("repudiation", "repudiation"),
	docTermOf("information disclosure", "information disclosure", "data leak*", "data exposure"),
	docTermOf("denial of service", "denial of", "dos", "ddos"),
	docTermOf("elevation of privilege", "elevation of", "privilege escalation"),
}

// docStride returns the STRIDE categories a text names.
func docStride(s string) []string { return newDocWordSet(s).terms(docStrideTerms) }

func detectDocsThreats(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindThreatModel); ok {
			hits = append(hits, docHit("OPS01-BP05", d, m,
				fmt.Sprintf("threat model %s analyses threats to the workload%s", d.name(), docWhy(m)),
				fmt.Sprintf("threat model template %s was never filled in", d.name())))
		}
		if _, ok := d.is(kindSecurityPolicy); ok {
			hits = append(hits, docSecurityPolicyHit(d))
		}
	}
	for _, p := range t.Match(docThreatToolCandidate) {
		if h, ok := docThreatToolHit(t, p); ok {
			hits = append(hits, h)
		}
	}
	return docLimit(hits, docMaxHits)
}

var (
	docReportRe   = regexp.MustCompile(`(?i)\breport(?:ing|ed|s)?\b[^.\n]{0,80}\b(?:vulnerabilit\w*|security (?:issues?|bugs?|problems?|concerns?))|\bvulnerabilit\w*[^.\n]{0,60}\breport`)
	docContactRe  = regexp.MustCompile(`(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|security/advisories|/security/policy|hackerone\.com|bugcrowd\.com|huntr\.(?:dev|com)|intigriti|private vulnerability reporting|report a vulnerability|security\.txt|openbugbounty`)
	docResponseRe = regexp.MustCompile(`(?i)\bwithin\s+(?:\d+|one|two|three|five|seven|ten|a)\s*(?:business |working )?(?:hours?|days?|weeks?)\b|\b\d+\s*(?:business |working )?(?:hours|days)\b`)
)

// docSecurityPolicyHit: a SECURITY.md that says how to report a
// vulnerability privately is strong; one that only states a support policy
// ("use the latest release") is partial.
func docSecurityPolicyHit(d *docModel) Hit {
	text := d.text()
	for _, l := range d.Links {
		text += "\n" + l
	}
	report := docReportRe.MatchString(text) || len(d.withRole(roleReporting)) > 0
	contact := docContactRe.FindString(text)
	base := path.Base(d.Path)
	if report && contact != "" {
		s := fmt.Sprintf("%s tells reporters how to disclose a vulnerability privately (%s)", base, docQuote(strings.TrimPrefix(contact, "mailto:")))
		if r := docResponseRe.FindString(text); r != "" {
			s += fmt.Sprintf(" and states a response time (%q)", docQuote(r))
		}
		line := d.line()
		if idx := d.withRole(roleReporting); len(idx) > 0 {
			line = d.Sections[idx[0]].Line
		}
		return Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: d.Path, Line: line, Summary: s}}
	}
	return Hit{Practice: "OPS01-BP05", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.line(),
		Summary: fmt.Sprintf("%s states a security policy but gives no private way to report a vulnerability", base)}}
}

// docThreatToolCandidate selects files of threat-modelling tools by name
// and place: .tm7 files, and JSON/YAML/Python files named or kept as threat
// models.
func docThreatToolCandidate(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	if ext == ".tm7" {
		return true
	}
	if ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".py" {
		return false
	}
	pi := docPath(p)
	return pi.named("threat model", "threatmodel", "threat dragon", "threatdragon", "threagile", "tm", "threats") ||
		pi.inDir("threatmodel", "threatmodels", "threatmodeling", "threatmodelling", "threatdragon", "threats")
}

func docThreatToolHit(t *Tree, p string) (Hit, bool) {
	switch strings.ToLower(path.Ext(p)) {
	case ".tm7":
		data, err := t.Read(p)
		if err == nil && !bytes.Contains(data[:min(len(data), 4096)], []byte("ThreatModel")) {
			return Hit{}, false
		}
		return Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: p,
			Summary: "Microsoft Threat Modeling Tool model of the workload"}}, true
	case ".py":
		data, err := t.Read(p)
		if err != nil || !bytes.Contains(data, []byte("pytm")) || !bytes.Contains(data, []byte("TM(")) {
			return Hit{}, false
		}
		return Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: p,
			Summary: "pytm threat model written as code"}}, true
	}
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return Hit{}, false
	}
	root := docs[0]
	if get(root, "threagile_version") != nil {
		n := len(docMapKeys(get(root, "technical_assets")))
		return Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: p, Line: get(root, "threagile_version").Line,
			Summary: fmt.Sprintf("Threagile model describes %s for threat analysis", docPlural(n, "technical asset", "technical assets"))}}, true
	}
	if get(root, "summary") != nil && get(root, "detail", "diagrams") != nil {
		threats := 0
		walkNodes(get(root, "detail"), func(n *yaml.Node) bool {
			if n.Kind == yaml.MappingNode {
				threats += len(items(get(n, "threats")))
			}
			return true
		})
		title := str(root, "summary", "title")
		if title == "" {
			title = path.Base(p)
		}
		return Hit{Practice: "OPS01-BP05", Confidence: Strong, Proof: Proof{Path: p, Line: get(root, "summary").Line,
			Summary: fmt.Sprintf("OWASP Threat Dragon model %q lists %s", docQuote(title), docPlural(threats, "threat", "threats"))}}, true
	}
	return Hit{}, false
}

// docMapKeys returns the keys of a mapping node.
func docMapKeys(n *yaml.Node) []string {
	var keys []string
	pairs(n, func(k string, _, _ *yaml.Node) { keys = append(keys, k) })
	return keys
}
