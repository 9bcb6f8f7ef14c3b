package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Knowledge management (OPS11-BP04): a documentation site (MkDocs,
// Docusaurus, Antora, Sphinx, Hugo, Jekyll, mdBook, VitePress, GitBook) or
// operational documents kept in the repository (architecture, operations
// guides, runbooks and playbooks); a README with operational sections alone
// is partial. Metric baselines (OPS08-BP04), documentation side: SLO
// documents with targets.

func init() {
	register(
		Detector{Name: "docs-knowledge", Run: detectDocsKnowledge},
		Detector{Name: "docs-slos", Run: detectDocsSLOs},
	)
}

func detectDocsKnowledge(ctx context.Context, t *Tree) []Hit {
	hits := docSiteHits(t)
	var ops []*docModel
	var readme *docModel
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		for _, k := range []docKind{kindArchitecture, kindOpsGuide} {
			if m, ok := d.is(k); ok && !m.Template {
				what := "architecture document"
				if k == kindOpsGuide {
					what = "operations guide"
				}
				hits = append(hits, Hit{Practice: "OPS11-BP04", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
					Summary: fmt.Sprintf("%s %s keeps operational knowledge in the repository%s", what, d.name(), docWhy(m))}})
			}
		}
		for _, k := range []docKind{kindRunbook, kindPlaybook, kindIncidentProcess, kindOnCall, kindPostmortem} {
			if m, ok := d.is(k); ok && !m.Template {
				ops = append(ops, d)
				break
			}
		}
		if _, ok := d.is(kindReadme); ok && !strings.Contains(d.Path, "/") {
			readme = d
		}
	}
	if len(ops) > 0 {
		hits = append(hits, Hit{Practice: "OPS11-BP04", Confidence: Strong, Proof: Proof{Path: ops[0].Path, Line: ops[0].line(),
			Summary: fmt.Sprintf("the repository keeps %s (runbooks, playbooks, incident guides or reviews), among them %s", docPlural(len(ops), "operational document", "operational documents"), ops[0].name())}})
	}
	if len(hits) == 0 && readme != nil {
		if h, ok := docReadmeHit(readme); ok {
			hits = append(hits, h)
		}
	}
	return docLimit(hits, docMaxHits)
}

// docReadmeHit: the evidence-signals table counts "a README alone" as
// partial knowledge management, so a top-level README with any real
// content is partial; one with filled operational sections (deployment,
// monitoring, troubleshooting…) says so. A README that is only a title,
// or only placeholders, is nothing.
func docReadmeHit(d *docModel) (Hit, bool) {
	var idx []int
	for _, r := range []docRole{roleOperations, roleInvestigate, roleMitigate, roleRollback, roleEscalation} {
		for _, i := range d.withRole(r) {
			if d.subtreeFilled(i) && d.subtreeCounts(i).RealWords >= 15 {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		words := d.Totals.RealWords - docWords(d.Title)
		if words < minReadmeWords {
			return Hit{}, false
		}
		return Hit{Practice: "OPS11-BP04", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.line(),
			Summary: fmt.Sprintf("%s describes the project in %d words; it is the only documentation", path.Base(d.Path), words)}}, true
	}
	hs := d.headings(idx)
	return Hit{Practice: "OPS11-BP04", Confidence: Partial, Proof: Proof{Path: d.Path, Line: d.Sections[idx[0]].Line,
		Summary: fmt.Sprintf("%s documents operations in sections %s, but there is no other operational documentation", path.Base(d.Path), docQuotedList(hs))}}, true
}

// minReadmeWords is the least a README must say, beyond its title, to be
// documentation at all.
const minReadmeWords = 3

// docSiteHits recognises documentation-site generators by their
// configuration and the pages next to it.
func docSiteHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Files() {
		dir, base := path.Dir(p), strings.ToLower(path.Base(p))
		if strings.Count(p, "/") > 2 {
			continue
		}
		var h Hit
		ok := false
		switch {
		case base == "mkdocs.yml" || base == "mkdocs.yaml":
			h, ok = docMkDocsHit(t, p)
		case strings.HasPrefix(base, "docusaurus.config."):
			h, ok = docSiteGenerator(t, p, "Docusaurus", dir, path.Join(dir, "docs"))
		case base == "antora.yml" || base == "antora-playbook.yml":
			h, ok = docSiteGenerator(t, p, "Antora", dir, path.Join(dir, "modules"))
		case base == "conf.py" && t.Has(path.Join(dir, "index.rst")) || base == "conf.py" && t.Has(path.Join(dir, "index.md")):
			h, ok = docSiteGenerator(t, p, "Sphinx", dir)
		case base == "book.toml" && t.Has(path.Join(dir, "src/SUMMARY.md")):
			h, ok = docSiteGenerator(t, p, "mdBook", path.Join(dir, "src"))
		case strings.HasPrefix(base, "config.") && path.Base(dir) == ".vitepress":
			h, ok = docSiteGenerator(t, p, "VitePress", path.Dir(dir))
		case base == ".gitbook.yaml" || base == "summary.md" && t.Has(path.Join(dir, "book.json")):
			h, ok = docSiteGenerator(t, p, "GitBook", dir)
		case (base == "_config.yml") && docPath(p).inDir("docs", "doc", "site", "website"):
			h, ok = docSiteGenerator(t, p, "Jekyll", dir)
		case docIsHugoConfig(t, p):
			h, ok = docSiteGenerator(t, p, "Hugo", path.Join(dir, "content"))
		}
		if ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// docIsHugoConfig reports a Hugo site configuration: hugo.* anywhere near
// the top, or a generic config.* next to content/ and Hugo's own layouts,
// themes or archetypes folders.
func docIsHugoConfig(t *Tree, p string) bool {
	dir, base := path.Dir(p), strings.ToLower(path.Base(p))
	if !t.HasDir(path.Join(dir, "content")) {
		return false
	}
	switch base {
	case "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json":
		return true
	case "config.toml", "config.yaml", "config.yml":
		return t.HasDir(path.Join(dir, "layouts")) || t.HasDir(path.Join(dir, "themes")) || t.HasDir(path.Join(dir, "archetypes"))
	}
	return false
}

// docPagesUnder counts documentation pages under any of dirs.
func docPagesUnder(t *Tree, dirs ...string) int {
	n := 0
	for _, f := range t.Files() {
		if docFormat(f) == "" && !strings.HasSuffix(f, ".html") {
			continue
		}
		for _, d := range dirs {
			if d == "." || strings.HasPrefix(f, d+"/") {
				n++
				break
			}
		}
	}
	return n
}

// docSiteGenerator: a site configuration with at least three pages beside
// it is a documentation site; with fewer it is a site being started.
func docSiteGenerator(t *Tree, p, tool string, dirs ...string) (Hit, bool) {
	n := docPagesUnder(t, dirs...)
	if n >= 3 {
		return Hit{Practice: "OPS11-BP04", Confidence: Strong, Proof: Proof{Path: p,
			Summary: fmt.Sprintf("%s documentation site with %s", tool, docPlural(n, "page", "pages"))}}, true
	}
	if n > 0 {
		return Hit{Practice: "OPS11-BP04", Confidence: Partial, Proof: Proof{Path: p,
			Summary: fmt.Sprintf("%s documentation site with only %s", tool, docPlural(n, "page", "pages"))}}, true
	}
	return Hit{}, false
}

// docMkDocsHit reads an MkDocs configuration: its nav lists the pages;
// without a nav, MkDocs publishes every page of docs_dir.
func docMkDocsHit(t *Tree, p string) (Hit, bool) {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return Hit{}, false
	}
	root := docs[0]
	name := str(root, "site_name")
	if name == "" {
		name = "MkDocs"
	}
	if nav := get(root, "nav"); nav != nil {
		pages := 0
		walkNodes(nav, func(n *yaml.Node) bool {
			if n.Kind == yaml.ScalarNode && docFormat(n.Value) != "" {
				pages++
			}
			return true
		})
		if pages >= 2 {
			return Hit{Practice: "OPS11-BP04", Confidence: Strong, Proof: Proof{Path: p, Line: nav.Line, KeyPath: "nav",
				Summary: fmt.Sprintf("MkDocs site %q publishes %s from its nav", docQuote(name), docPlural(pages, "page", "pages"))}}, true
		}
	}
	dir := str(root, "docs_dir")
	if dir == "" {
		dir = "docs"
	}
	return docSiteGenerator(t, p, "MkDocs", path.Join(path.Dir(p), dir))
}

func detectDocsSLOs(ctx context.Context, t *Tree) []Hit {
	var hits []Hit
	for _, d := range docModels(t) {
		if ctx.Err() != nil {
			return nil
		}
		if m, ok := d.is(kindSLO); ok {
			targets := docSLOTargets(d)
			hits = append(hits, Hit{Practice: "OPS08-BP04", Confidence: Strong, Proof: Proof{Path: d.Path, Line: m.Line,
				Summary: fmt.Sprintf("SLO document %s sets %s, e.g. %q", d.name(), docPlural(len(targets), "target", "targets"), docQuote(targets[0].text))}})
		}
	}
	return docLimit(hits, docMaxHits)
}

// docTarget is one service level target found in a document.
type docTarget struct {
	text string
	line int
}

var (
	docTargetRe    = regexp.MustCompile(`(?i)\b\d{2,3}(?:\.\d+)?\s?%(?:[^a-z]|$)|\bp(?:50|75|90|95|99|99\.9|999)\b[^|\n]{0,20}?(?:<|≤|<=|under|below|within)\s*\d+|(?:<|≤|<=|under|below)\s*\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|milliseconds)\b`)
	docSLOTableRe  = regexp.MustCompile(`(?i)\bslos?\b|\bslis?\b|\bobjective|\bservice level`)
	docSLOHeaderRe = regexp.MustCompile(`(?i)\bslos?\b|\bslis?\b|\bobjective|\btarget|\bthreshold|\bavailability\b|\blatency\b|\berror budget\b|\bsla\b`)
)

// docSLOTargets returns the targets of SLO tables (a header naming SLO,
// objective, target…, a row with a percentage or latency bound) and of list
// items in SLO sections.
func docSLOTargets(d *docModel) []docTarget {
	var out []docTarget
	for _, tb := range d.Tables {
		if !docSLOHeaderRe.MatchString(strings.Join(tb.Header, " ")) {
			continue
		}
		for _, row := range tb.Rows {
			if j := strings.Join(row, " | "); docTargetRe.MatchString(j) {
				out = append(out, docTarget{text: j, line: tb.Line})
			}
		}
	}
	for _, it := range d.Items {
		if d.Sections[it.Section].hasRole(roleSLO) && docTargetRe.MatchString(it.Text) {
			out = append(out, docTarget{text: it.Text, line: it.Line})
		}
	}
	return out
}

// docSLOTable reports an SLO table: a header naming SLOs or objectives with
// at least one target row.
func docSLOTable(d *docModel) bool {
	for _, tb := range d.Tables {
		if !docSLOTableRe.MatchString(strings.Join(tb.Header, " ")) {
			continue
		}
		for _, row := range tb.Rows {
			if docTargetRe.MatchString(strings.Join(row, " ")) {
				return true
			}
		}
	}
	return false
}
