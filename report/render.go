package report

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"sort"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// The templates are parsed once: a broken template is a build defect, and
// panicking at init makes every test catch it.
var (
	markdownTmpl = texttemplate.Must(texttemplate.New("report.md.tmpl").
			Funcs(texttemplate.FuncMap(sharedFuncs())).Funcs(markdownFuncs).
			ParseFS(templateFS, "templates/report.md.tmpl"))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("report.html.tmpl").
			Funcs(htmltemplate.FuncMap(sharedFuncs())).Funcs(htmlFuncs).
			ParseFS(templateFS, "templates/report.html.tmpl"))
)

// Markdown writes the report as GitHub-flavoured Markdown.
func Markdown(w io.Writer, r *Report) error {
	if err := markdownTmpl.Execute(w, r); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}

// HTML writes the report as one self-contained HTML page: inline CSS and
// SVG, no scripts, fonts or images fetched from elsewhere, so it can be
// mailed, archived or printed as is. html/template escapes all user text.
func HTML(w io.Writer, r *Report) error {
	data := struct {
		*Report
		Chart chart
	}{r, buildChart(r)}
	if err := htmlTmpl.Execute(w, data); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// sharedFuncs are the helpers both formats use, so that labels read the
// same in Markdown and HTML. Each call returns a fresh map because the two
// template packages take distinct FuncMap types.
func sharedFuncs() map[string]any {
	return map[string]any{
		"riskLabel":   RiskLabel,
		"reasonLabel": ReasonLabel,
		"levelLabel":  levelLabel,
		"statusLabel": statusLabel,
		"envLabel":    envLabel,
		"date":        func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"datetime":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"join":        func(sep string, s []string) string { return strings.Join(s, sep) },
		"industry":    industry,
		"lensLabel":   lensLabel,
		"plural":      plural,
		"tagList":     tagList,
		"nonblank":    func(s string) bool { return strings.TrimSpace(s) != "" },
		"add":         func(a, b int) int { return a + b },
	}
}

// RiskLabel is a risk as people read it, in reports and the web app.
func RiskLabel(r opslens.Risk) string {
	switch r {
	case opslens.RiskHigh:
		return "High"
	case opslens.RiskMedium:
		return "Medium"
	case opslens.RiskNone:
		return "No risk"
	case opslens.RiskNotApplicable:
		return "Not applicable"
	case opslens.RiskUnanswered:
		return "Unanswered"
	}
	return string(r)
}

// ReasonLabel returns "" for no reason so templates can skip it; NONE is
// the AWS way of saying there is none.
func ReasonLabel(r opslens.Reason) string {
	switch r {
	case "", opslens.ReasonNone:
		return ""
	case opslens.ReasonOutOfScope:
		return "Out of scope"
	case opslens.ReasonBusinessPriorities:
		return "Business priorities"
	case opslens.ReasonArchitectureConstraints:
		return "Architecture constraints"
	case opslens.ReasonOther:
		return "Other"
	}
	return string(r)
}

func levelLabel(l lens.Level) string {
	switch l {
	case lens.LevelHigh:
		return "High"
	case lens.LevelMedium:
		return "Medium"
	}
	return "Low"
}

func statusLabel(s opslens.ChoiceStatus) string {
	switch s {
	case opslens.ChoiceSelected:
		return "selected"
	case opslens.ChoiceNotApplicable:
		return "not applicable"
	}
	return "not selected"
}

func envLabel(e string) string {
	switch opslens.Environment(e) {
	case opslens.EnvProduction:
		return "Production"
	case opslens.EnvPreproduction:
		return "Pre-production"
	}
	return e
}

func industry(w Workload) string {
	var parts []string
	for _, s := range []string{w.IndustryType, w.Industry} {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

func lensLabel(lr LensReview) string {
	s := lr.LensName
	if lr.LensVersion != "" {
		s += " " + lr.LensVersion
	}
	return s + " (" + lr.LensAlias + ")"
}

// tagList renders tags as "key=value" pairs in key order, because Go maps
// have no order and golden files need one.
func tagList(tags map[string]string) []string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "=" + tags[k]
	}
	return out
}
