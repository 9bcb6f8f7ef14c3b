package evidence

import (
	"regexp"
	"strings"
)

// The classifier reads a document model as a kind of operational document
// (runbook, postmortem, ADR…) from its structure and its path together. A
// kind needs several of its characteristic sections, or a telling path plus
// the content such a file must have; a single word never decides.

// docKind is what a document is.
type docKind string

const (
	kindRunbook         docKind = "runbook"
	kindPlaybook        docKind = "playbook"
	kindPostmortem      docKind = "postmortem"
	kindADR             docKind = "adr"
	kindDesign          docKind = "design-doc"
	kindReadiness       docKind = "readiness-checklist"
	kindThreatModel     docKind = "threat-model"
	kindSecurityPolicy  docKind = "security-policy"
	kindIncidentProcess docKind = "incident-process"
	kindOnCall          docKind = "on-call"
	kindSLO             docKind = "slo"
	kindStyleGuide      docKind = "style-guide"
	kindContributing    docKind = "contributing"
	kindLessons         docKind = "lessons-learned"
	kindException       docKind = "exception-process"
	kindArchitecture    docKind = "architecture"
	kindOpsGuide        docKind = "operations-guide"
	kindReadme          docKind = "readme"
)

// docMatch is one reading of a document.
type docMatch struct {
	Kind     docKind
	Template bool   // a template, or the sections that make the kind are never filled in
	Line     int    // the line that shows it best
	Why      string // what was recognised, for summaries
}

// is returns the document's match for kind k.
func (d *docModel) is(k docKind) (docMatch, bool) {
	for _, m := range d.matches {
		if m.Kind == k {
			return m, true
		}
	}
	return docMatch{}, false
}

// kind returns the document's main kind, "" when it is none of them.
func (d *docModel) kind() docKind {
	if len(d.matches) == 0 {
		return ""
	}
	return d.matches[0].Kind
}

// docFacts are the measures the kind rules share.
type docFacts struct {
	d        *docModel
	pi       docPathInfo
	roles    map[docRole][]int // sections whose heading names the role
	filled   map[docRole]bool  // a section with the role holds real content
	title    string            // lower-cased title and file name words
	lower    string            // lower-cased text of the whole document
	words    docWordSet        // words and word pairs of the title and text
	topics   []string          // operational topics of the whole text
	steps    int               // numbered items and "Step N" headings
	readme   bool
	index    bool // mostly a list of links: an index page, not a document
	template bool // the path says template
}

func newDocFacts(d *docModel) *docFacts {
	f := &docFacts{d: d, pi: docPath(d.Path), roles: map[docRole][]int{}, filled: map[docRole]bool{}}
	f.title = strings.ToLower(d.Title + " " + strings.Join(f.pi.words, " "))
	f.readme = len(f.pi.words) > 0 && f.pi.words[0] == "readme" || f.pi.base == "index" || f.pi.base == "_index"
	f.template = f.pi.template()
	for i := range d.Sections {
		for _, r := range d.Sections[i].Roles {
			f.roles[r] = append(f.roles[r], i)
			if d.subtreeFilled(i) {
				f.filled[r] = true
			}
		}
		if docStepHeadingRe.MatchString(docNormHeading(d.Sections[i].Heading)) {
			f.steps++
		}
	}
	f.steps += d.Totals.Ordered
	f.lower = strings.ToLower(d.text())
	f.words = newDocWordSet(d.Title + "\n" + f.lower)
	f.topics = f.words.terms(docOpsVocabulary)
	t := d.Totals
	f.index = t.ListItems >= 3 && t.Links*10 >= t.ListItems*7 && t.Commands == 0 && t.RealWords < 15*t.ListItems
	return f
}

// has returns the roles among rs that some heading names.
func (f *docFacts) has(rs ...docRole) []docRole {
	var out []docRole
	for _, r := range rs {
		if len(f.roles[r]) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func (f *docFacts) hasRole(r docRole) bool { return len(f.roles[r]) > 0 }

// hasTop reports a section naming role r at heading level 1 or 2.
func (f *docFacts) hasTop(r docRole) bool {
	for _, i := range f.roles[r] {
		if f.d.Sections[i].Level <= 2 {
			return true
		}
	}
	return false
}

// sections returns the indices of sections naming any of rs.
func (f *docFacts) sections(rs ...docRole) []int {
	seen := map[int]bool{}
	var out []int
	for _, r := range rs {
		for _, i := range f.roles[r] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	return out
}

// unfilled reports whether the given sections are mostly without real
// content, or, when none are given, whether the document holds
// placeholders and next to no real words: a template never filled in. A
// short document without placeholders is short, not a template.
func (f *docFacts) unfilled(idx []int) bool {
	t := f.d.Totals
	if t.RealWords == 0 && t.Commands == 0 && t.Checked == 0 {
		return true
	}
	if t.Placeholders >= 3 && t.RealWords < 25 && t.Commands == 0 && t.Checked == 0 {
		return true
	}
	if len(idx) == 0 {
		return false
	}
	n := 0
	for _, i := range idx {
		if f.d.subtreeFilled(i) {
			n++
		}
	}
	return n*2 < len(idx)
}

// match builds a match whose Why lists the facts given and the sections
// found (the title heading left out).
func (f *docFacts) match(k docKind, idx []int, facts ...string) docMatch {
	m := docMatch{Kind: k, Line: f.d.line(), Template: f.template || f.unfilled(idx)}
	var body []int
	for _, i := range idx {
		if s := f.d.Sections[i]; s.Line != f.d.TitleLine && !(s.Level == 1 && strings.EqualFold(s.Heading, f.d.Title)) {
			body = append(body, i)
		}
	}
	var parts []string
	for _, x := range facts {
		if x != "" {
			parts = append(parts, x)
		}
	}
	if hs := f.d.headings(body); len(hs) > 0 {
		parts = append(parts, "sections "+docQuotedList(hs))
	}
	m.Why = docJoin(parts)
	return m
}

// docRule recognises one kind.
type docRule struct {
	kind docKind
	test func(f *docFacts) (docMatch, bool)
}

// docRules in priority order: the first match is the document's kind.
var docRules []docRule

func init() {
	docRules = []docRule{
		{kindSecurityPolicy, docIsSecurityPolicy},
		{kindContributing, docIsContributing},
		{kindPostmortem, docIsPostmortem},
		{kindADR, docIsADR},
		{kindThreatModel, docIsThreatModel},
		{kindRunbook, docIsRunbook},
		{kindPlaybook, docIsPlaybook},
		{kindIncidentProcess, docIsIncidentProcess},
		{kindOnCall, docIsOnCall},
		{kindReadiness, docIsReadiness},
		{kindSLO, docIsSLO},
		{kindDesign, docIsDesign},
		{kindStyleGuide, docIsStyleGuide},
		{kindException, docIsException},
		{kindLessons, docIsLessons},
		{kindArchitecture, docIsArchitecture},
		{kindOpsGuide, docIsOpsGuide},
		{kindReadme, docIsReadme},
	}
}

// docExclusive says which kinds a kind rules out: a postmortem's
// "Mitigation" section does not make it a playbook, nor a threat model's
// "Mitigations".
var docExclusive = map[docKind][]docKind{
	kindSecurityPolicy: {kindContributing, kindPostmortem, kindADR, kindRunbook, kindPlaybook, kindIncidentProcess, kindOnCall, kindReadiness, kindSLO, kindDesign, kindStyleGuide, kindException, kindLessons, kindArchitecture, kindOpsGuide, kindReadme},
	kindContributing:   {kindPostmortem, kindADR, kindRunbook, kindPlaybook, kindOnCall, kindReadiness, kindDesign, kindStyleGuide, kindException, kindLessons, kindArchitecture, kindOpsGuide, kindReadme},
	kindPostmortem:     {kindADR, kindRunbook, kindPlaybook, kindIncidentProcess, kindOnCall, kindReadiness, kindDesign, kindThreatModel, kindException, kindLessons, kindArchitecture, kindOpsGuide},
	kindADR:            {kindRunbook, kindPlaybook, kindIncidentProcess, kindOnCall, kindReadiness, kindDesign, kindThreatModel, kindStyleGuide, kindException, kindLessons, kindArchitecture, kindOpsGuide},
	kindThreatModel:    {kindPlaybook, kindRunbook, kindDesign, kindArchitecture, kindOpsGuide},
	kindRunbook:        {kindArchitecture, kindOpsGuide},
	kindPlaybook:       {kindArchitecture, kindOpsGuide},
	kindReadme:         {kindRunbook, kindPlaybook, kindDesign, kindStyleGuide, kindException, kindLessons, kindArchitecture, kindOpsGuide},
}

// classifyDoc returns every kind the document reads as, strongest first.
// Generated files are none.
func classifyDoc(d *docModel) []docMatch {
	if d.Generated {
		return nil
	}
	f := newDocFacts(d)
	var out []docMatch
	ruled := map[docKind]bool{}
	if docIsReadmeFile(f) {
		// The top README introduces the project; a nested one may be the
		// document of its folder (keps/…/README.md, rfcs/0007/README.md),
		// but a service's README is not its runbook.
		ex := docExclusive[kindReadme]
		if len(f.pi.dirs) > 0 {
			ex = []docKind{kindRunbook, kindPlaybook, kindStyleGuide, kindArchitecture, kindOpsGuide}
		}
		for _, k := range ex {
			ruled[k] = true
		}
	}
	for _, r := range docRules {
		if ruled[r.kind] {
			continue
		}
		m, ok := r.test(f)
		if !ok {
			continue
		}
		out = append(out, m)
		for _, k := range docExclusive[r.kind] {
			ruled[k] = true
		}
	}
	return out
}

func docIsReadmeFile(f *docFacts) bool { return len(f.pi.words) > 0 && f.pi.words[0] == "readme" }

// Candidates: which files the docs detectors model at all.

// docSkipNames are files with a single specific use (licences, changelogs,
// codes of conduct): they are never read as operational documents.
var docSkipNames = map[string]bool{
	"changelog": true, "changes": true, "history": true, "news": true, "release notes": true, "releasenotes": true,
	"releases": true, "license": true, "licence": true, "copying": true, "code of conduct": true, "codeofconduct": true,
	"authors": true, "contributors": true, "notice": true, "patents": true, "third party notices": true,
	"thirdpartynotices": true, "maintainers": true, "funding": true, "support": true, "governance": true,
	"citation": true, "copyright": true,
}

// docCandidate reports whether p is a documentation file the docs
// detectors should model: any Markdown/rST/AsciiDoc file of the workload
// (READMEs included: a folder per document, like Kubernetes KEPs, keeps the
// document in its README), but not a licence or changelog and not generated
// API reference.
func docCandidate(p string) bool {
	if docFormat(p) == "" {
		return false
	}
	pi := docPath(p)
	if docSkipNames[strings.Join(pi.words, " ")] {
		return false
	}
	for i, d := range pi.dirs {
		if (d == "api" || d == "apidocs" || d == "api-docs" || d == "api-reference" || d == "reference") && i > 0 {
			return false // generated API and CLI reference pages
		}
	}
	return true
}

// docMaxModels bounds the documents modelled per repository: a tree with
// more is a documentation archive, and the first few thousand (in path
// order) say what its practices are.
const docMaxModels = 3000

// docModels returns the models of all candidate documents, skipping files
// that cannot be read (already warned about).
func docModels(t *Tree) []*docModel {
	paths := t.Match(docCandidate)
	if len(paths) > docMaxModels {
		t.Warn("", "only the first %d of %d documentation files were read for documentation evidence", docMaxModels, len(paths))
		paths = paths[:docMaxModels]
	}
	var out []*docModel
	for _, d := range inParallel(paths, func(p string) *docModel {
		d, _ := t.docModelOf(p)
		return d
	}) {
		if d != nil {
			out = append(out, d)
		}
	}
	return out
}

// docRegexps used by several rules.
var (
	docYStatementRe = regexp.MustCompile(`(?is)\bin the context of\b.{0,400}\bfacing\b.{0,400}\b(?:we )?decided (?:for|to|on)\b`)
	docADRNumberRe  = regexp.MustCompile(`^(?:adr[-_ ]?)?\d{1,5}(?:[-_ .]|$)`)
	docDevTitleRe   = regexp.MustCompile(`(?i)\b(?:install(?:ation|ing)?|getting started|quick ?start|contribut\w*|development|developing|developer setup|local (?:setup|development)|dev setup|build(?:ing)? from source|tutorial|onboarding)\b`)
	docIfThenRe     = regexp.MustCompile(`\b(?:if|when)\b[^.\n]{3,120}\b(?:check|look at|inspect|verify|run|restart|escalate|page|roll ?back|scale|drain|fail ?over|contact|open|review|increase|flush|clear|kill)\b`)
)
