package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Dashboards as code: Grafana dashboard JSON (plain, API-export wrapped,
// inside a ConfigMap labelled for the Grafana sidecar, or in a
// GrafanaDashboard object), Grafonnet/grafana-builder Jsonnet, Datadog and
// CloudWatch dashboard JSON, and Grafana dashboard providers. They show
// metrics collected and analysed (OPS08-BP03) and a view of status
// (OPS10-BP06). CloudWatch dashboards declared in IaC are the iac family's.

func init() {
	register(Detector{Name: "obs-dashboards", Run: obsDashboardsRun})
}

// obsDashboard is one dashboard kept in the repository.
type obsDashboard struct {
	Path    string
	Line    int
	KeyPath string
	Kind    string // "Grafana", "Datadog", "CloudWatch", "Grafonnet"
	Title   string
	Panels  int
	// Provider is true for a Grafana provisioning file that only says where
	// dashboards are loaded from.
	Provider bool
}

// obsDashboardModel returns the tree's dashboards, built once.
func obsDashboardModel(t *Tree) []obsDashboard {
	return obsCached(t, "dashboards", func(t *Tree) []obsDashboard {
		var out []obsDashboard
		for _, f := range obsCandidateDocs(t) {
			p := f.Path
			for _, doc := range f.Docs {
				out = append(out, obsDashboardsOfDoc(p, doc)...)
			}
		}
		for _, p := range t.Match(obsJsonnetFile) {
			if d, ok := obsJsonnetDashboard(t, p); ok {
				out = append(out, d)
			}
		}
		return out
	})
}

// obsDashboardsOfDoc reads the dashboards of one JSON or YAML document.
func obsDashboardsOfDoc(p string, doc *yaml.Node) []obsDashboard {
	doc = deref(doc)
	api, kind := k8sKind(doc)
	switch {
	case kind == "ConfigMap":
		return obsEmbeddedDashboards(p, get(doc, "data"), "data")
	case kind == "GrafanaDashboard" && strings.Contains(api, "integreatly.org"):
		spec := get(doc, "spec")
		if ds := obsEmbeddedDashboards(p, spec, "spec"); len(ds) > 0 {
			return ds
		}
		for _, k := range []string{"url", "grafanaCom", "configMapRef", "jsonnet", "gzipJson", "jsonnetLib"} {
			if obsHas(spec, k) {
				return []obsDashboard{{Path: p, Line: doc.Line, Kind: "Grafana", Title: str(doc, "metadata", "name")}}
			}
		}
		return nil
	case str(doc, "apiVersion") == "1" && get(doc, "providers") != nil:
		if len(items(get(doc, "providers"))) == 0 {
			return nil
		}
		return []obsDashboard{{Path: p, Line: obsKeyLine(doc, "providers"), KeyPath: "providers", Kind: "Grafana", Provider: true}}
	}
	if d, ok := obsDashboardOf(p, doc, 0, ""); ok {
		return []obsDashboard{d}
	}
	return nil
}

// obsEmbeddedDashboards parses dashboard JSON held as string values of a
// ConfigMap's data or a GrafanaDashboard's spec.json.
func obsEmbeddedDashboards(p string, data *yaml.Node, kp string) []obsDashboard {
	var out []obsDashboard
	pairs(data, func(k string, _, v *yaml.Node) {
		if v == nil || v.Kind != yaml.ScalarNode || !strings.Contains(v.Value, "panels") {
			return
		}
		docs, err := decodeYAML([]byte(v.Value))
		if err != nil || len(docs) == 0 {
			return
		}
		off := v.Line - 1
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			off++
		}
		if d, ok := obsDashboardOf(p, deref(docs[0]), off, kp+"."+k); ok {
			out = append(out, d)
		}
	})
	return out
}

// obsDashboardOf recognises a dashboard document: Grafana (title and
// panels or rows, possibly under "dashboard"), Datadog (title, widgets,
// layout_type) or a CloudWatch dashboard body (widgets with properties).
func obsDashboardOf(p string, n *yaml.Node, off int, kp string) (obsDashboard, bool) {
	if inner := get(n, "dashboard"); inner != nil && inner.Kind == yaml.MappingNode {
		n, kp = inner, obsJoinKey(kp, "dashboard")
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return obsDashboard{}, false
	}
	d := obsDashboard{Path: p, Line: n.Line + off, KeyPath: kp, Title: str(n, "title")}
	if l := obsKeyLine(n, "title"); l > 0 {
		d.Line = l + off
	}
	if panels := obsGrafanaPanels(n); panels > 0 && d.Title != "" {
		d.Kind, d.Panels = "Grafana", panels
		return d, true
	}
	widgets := items(get(n, "widgets"))
	if len(widgets) == 0 {
		return obsDashboard{}, false
	}
	switch {
	case d.Title != "" && str(n, "layout_type") != "":
		d.Kind, d.Panels = "Datadog", len(widgets)
		return d, true
	case get(widgets[0], "properties") != nil && str(widgets[0], "type") != "":
		d.Kind, d.Panels = "CloudWatch", len(widgets)
		if d.Title == "" {
			d.Title = strings.TrimSuffix(path.Base(p), path.Ext(p))
		}
		return d, true
	}
	return obsDashboard{}, false
}

// obsGrafanaPanels counts a Grafana dashboard's panels, in rows too.
func obsGrafanaPanels(n *yaml.Node) int {
	count := 0
	for _, pn := range items(get(n, "panels")) {
		if str(pn, "type") == "row" {
			count += len(items(get(pn, "panels")))
			continue
		}
		count++
	}
	for _, row := range items(get(n, "rows")) {
		count += len(items(get(row, "panels")))
	}
	return count
}

func obsJsonnetFile(p string) bool {
	ext := path.Ext(p)
	return ext == ".jsonnet" || ext == ".libsonnet"
}

var (
	obsGrafonnetImport = regexp.MustCompile(`import\s+['"][^'"]*(grafonnet|grafana-builder|grafana\.libsonnet|grafana-foundation-sdk)`)
	obsJsonnetTitle    = regexp.MustCompile(`(?:dashboard\.new|\.dashboard)\(\s*(?:title\s*=\s*)?['"]([^'"]+)['"]`)
)

// obsJsonnetDashboard reads a Jsonnet file that builds Grafana dashboards
// with Grafonnet or grafana-builder.
func obsJsonnetDashboard(t *Tree, p string) (obsDashboard, bool) {
	data, err := t.Read(p)
	if err != nil {
		return obsDashboard{}, false
	}
	s := string(data)
	loc := obsGrafonnetImport.FindStringIndex(s)
	if loc == nil {
		return obsDashboard{}, false
	}
	m := obsJsonnetTitle.FindStringSubmatchIndex(s)
	if m == nil {
		return obsDashboard{}, false
	}
	return obsDashboard{
		Path: p, Line: 1 + strings.Count(s[:m[0]], "\n"), Kind: "Grafonnet",
		Title: s[m[2]:m[3]],
	}, true
}

func obsDashboardsRun(_ context.Context, t *Tree) []Hit {
	ds := obsDashboardModel(t)
	var hits []Hit
	seen := map[string]bool{}
	real := false
	for _, d := range ds {
		real = real || !d.Provider
	}
	for _, d := range ds {
		if seen[d.Path] {
			continue
		}
		seen[d.Path] = true
		proof := Proof{Path: d.Path, Line: d.Line, KeyPath: d.KeyPath}
		if d.Provider {
			if !real {
				proof.Summary = "Grafana provisioning loads dashboards from files, but no dashboard is kept in the repository"
				hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Partial, Proof: proof})
			}
			continue
		}
		what := fmt.Sprintf("%s dashboard %q", d.Kind, d.Title)
		panels := ""
		switch {
		case d.Kind == "Grafonnet":
			what = fmt.Sprintf("Grafana dashboard %q, built with Grafonnet,", d.Title)
		case d.Kind == "Datadog" || d.Kind == "CloudWatch":
			panels = " with " + obsPlural(d.Panels, "widget")
		case d.Panels > 0:
			panels = " with " + obsPlural(d.Panels, "panel")
		}
		proof.Summary = fmt.Sprintf("%s%s is kept as code to analyse the workload's metrics", what, panels)
		hits = append(hits, Hit{Practice: "OPS08-BP03", Confidence: Strong, Proof: proof})
		proof.Summary = fmt.Sprintf("%s%s shows the workload's status", what, panels)
		hits = append(hits, Hit{Practice: "OPS10-BP06", Confidence: Strong, Proof: proof})
	}
	return hits
}
