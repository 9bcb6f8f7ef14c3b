package report

import (
	"fmt"
	htmltemplate "html/template"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// htmlFuncs are helpers only the HTML template needs. None of them returns
// template.HTML: user text must always pass through html/template's escaping.
var htmlFuncs = htmltemplate.FuncMap{
	"riskClass":  func(r opslens.Risk) string { return strings.ToLower(strings.ReplaceAll(string(r), "_", "-")) },
	"levelClass": func(l lens.Level) string { return strings.ToLower(levelLabel(l)) },
}

// Chart geometry, in SVG user units. The SVG scales to the page width
// through its viewBox, so these only fix proportions.
const (
	chartWidth   = 720
	legendHeight = 30
	legendStep   = 144
	rowHeight    = 48
	labelBase    = 14 // baseline of a row's label, from the row's top
	barTop       = 20 // top of a row's bar, from the row's top
	barHeight    = 20
	minCountW    = 22 // narrower segments have no room for their count
)

// riskStyle is how a risk looks in the chart. Unanswered uses a hatch
// pattern, not just a pale fill, so it stays distinct from "not applicable"
// when printed in grey scale.
var riskStyle = map[opslens.Risk]struct{ Fill, Text, Legend string }{
	opslens.RiskHigh:          {"#c62828", "#ffffff", "High risk"},
	opslens.RiskMedium:        {"#f2a900", "#1f2328", "Medium risk"},
	opslens.RiskNone:          {"#2e7d32", "#ffffff", "No risk"},
	opslens.RiskNotApplicable: {"#90a4ae", "#1f2328", "Not applicable"},
	opslens.RiskUnanswered:    {"url(#ol-hatch)", "#1f2328", "Unanswered"},
}

// chart is the precomputed geometry of the risk chart: one horizontal
// stacked bar for the whole workload, then one per pillar. Each bar shows
// shares of its own questions, so pillars of different sizes compare.
type chart struct {
	ViewBox string
	Width   int
	Height  int
	BarH    int
	Desc    string
	Legend  []legendItem
	Rows    []chartRow
}

type legendItem struct {
	X, TextX    int
	Fill, Label string
}

type chartRow struct {
	Label, Total   string
	LabelY, BarY   int
	TextY          int
	Workload       bool
	Title          string
	Segments       []segment
	EmptyX, EmptyY int
}

type segment struct {
	X, W, TextX    string
	Fill, TextFill string
	Count          int
	ShowCount      bool
	Title          string
}

func buildChart(r *Report) chart {
	c := chart{Desc: "Share of questions at each risk level, for the whole workload and for each pillar. " + r.Summary()}
	for i, risk := range opslens.Risks {
		st := riskStyle[risk]
		c.Legend = append(c.Legend, legendItem{X: i * legendStep, TextX: i*legendStep + 20, Fill: st.Fill, Label: st.Legend})
	}
	y := legendHeight
	add := func(label string, counts RiskCounts, workload bool) {
		c.Rows = append(c.Rows, row(label, counts, y, workload))
		y += rowHeight
	}
	add("Whole workload", r.RiskCounts, true)
	for _, lr := range r.LensReviews {
		for _, p := range lr.PillarReviewSummaries {
			label := p.PillarName
			if r.MultiLens() {
				label = lr.LensName + ": " + label
			}
			add(label, p.RiskCounts, false)
		}
	}
	c.Width, c.Height, c.BarH = chartWidth, y, barHeight
	c.ViewBox = fmt.Sprintf("0 0 %d %d", chartWidth, y)
	return c
}

func row(label string, counts RiskCounts, top int, workload bool) chartRow {
	total := counts.Total()
	cr := chartRow{
		Label: label, Total: plural(total, "question"), Workload: workload,
		LabelY: top + labelBase, BarY: top + barTop, TextY: top + barTop + barHeight/2 + 4,
		EmptyX: chartWidth / 2, EmptyY: top + barTop + barHeight/2 + 4,
	}
	var parts []string
	x := 0.0
	for _, risk := range opslens.Risks {
		n := counts[risk]
		parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(RiskLabel(risk))))
		if n == 0 || total == 0 {
			continue
		}
		w := float64(chartWidth) * float64(n) / float64(total)
		st := riskStyle[risk]
		cr.Segments = append(cr.Segments, segment{
			X: num(x), W: num(w), TextX: num(x + w/2), Fill: st.Fill, TextFill: st.Text,
			Count: n, ShowCount: w >= minCountW,
			Title: fmt.Sprintf("%s: %s of %d (%.0f%%)", st.Legend, plural(n, "question"), total, 100*float64(n)/float64(total)),
		})
		x += w
	}
	cr.Title = label + ": " + strings.Join(parts, ", ")
	return cr
}

// num formats a coordinate compactly; full float precision would only add
// noise to the file and to golden comparisons.
func num(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}
