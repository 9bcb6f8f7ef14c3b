package http

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiDashboardRoutes() []route {
	return []route{
		{"GET", "/{$}", "Dashboard", signedIn, false, s.uiDashboard},
		{"GET", "/portfolio/report.md", "PortfolioReportMarkdown", signedIn, false, s.uiPortfolioReport("md")},
		{"GET", "/portfolio/report.html", "PortfolioReportHTML", signedIn, false, s.uiPortfolioReport("html")},
		{"GET", "/portfolio/report.json", "PortfolioReportJSON", signedIn, false, s.uiPortfolioReport("json")},
		{"GET", "/portfolio/report.pdf", "PortfolioReportPDF", signedIn, false, s.uiPortfolioReport("pdf")},
	}
}

// portfolioStaleAfter is when the web's portfolio report calls a review
// stale: no milestone for a quarter.
const portfolioStaleAfter = 90 * 24 * time.Hour

// uiPortfolioReport downloads the portfolio report of the workloads the
// caller can see.
func (s *Server) uiPortfolioReport(format string) handlerFunc {
	render := map[string]func(io.Writer, *report.Portfolio) error{"md": report.PortfolioMarkdown, "html": report.PortfolioHTML,
		"json": report.PortfolioJSON, "pdf": report.PortfolioPDF}[format]
	types := map[string]string{"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
		"json": "application/json; charset=utf-8", "pdf": "application/pdf"}
	return func(w http.ResponseWriter, r *request) error {
		d, err := s.reviews.PortfolioData(r.Context(), opslens.SummaryFilter{UserID: r.User.ID, All: r.User.Admin})
		if err != nil {
			return err
		}
		scope := "Workloads shared with " + r.User.Name
		if r.User.Admin {
			scope = "All workloads"
		}
		var buf bytes.Buffer
		if err := render(&buf, report.BuildPortfolio(d, scope, portfolioStaleAfter, time.Now())); err != nil {
			return err
		}
		w.Header().Set("Content-Type", types[format])
		w.Header().Set("Content-Disposition", `attachment; filename="portfolio-report.`+format+`"`)
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, err = buf.WriteTo(w)
		return err
	}
}

// dashboardPageSize bounds the rows of one dashboard page, so a portfolio
// of thousands of workloads stays a page a browser renders at once.
const dashboardPageSize = 100

// dashboardQuery is the dashboard's filter and sort, read from the query
// string so that it works without JavaScript and can be bookmarked.
type dashboardQuery struct {
	Owner, Env, Tag, Risk, Sort string
	Page                        int
}

// values returns the query as URL parameters, with page p.
func (q dashboardQuery) url(p int) string {
	v := url.Values{}
	for k, s := range map[string]string{"owner": q.Owner, "env": q.Env, "tag": q.Tag, "risk": q.Risk, "sort": q.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if p > 1 {
		v.Set("page", strconv.Itoa(p))
	}
	return "/?" + v.Encode()
}

// riskFilters are the risk filter's values and labels, in menu order.
var riskFilters = []struct{ Value, Label string }{
	{"HIGH", "Has high risks"}, {"MEDIUM", "Has medium risks"},
	{"UNANSWERED", "Has unanswered questions"}, {"NONE", "No high or medium risk"},
}

var dashboardSorts = []struct{ Value, Label string }{
	{"name", "Name"}, {"risk", "Risk (worst first)"}, {"updated", "Recently updated"},
}

func readDashboardQuery(r *request) (dashboardQuery, error) {
	qs := r.URL.Query()
	q := dashboardQuery{Owner: qs.Get("owner"), Env: qs.Get("env"), Tag: strings.TrimSpace(qs.Get("tag")),
		Risk: qs.Get("risk"), Sort: qs.Get("sort"), Page: 1}
	if q.Env != "" {
		env, err := opslens.ParseEnvironment(q.Env)
		if err != nil {
			return q, invalidField("env", "%s", publicError(err, "").Message)
		}
		q.Env = string(env)
	}
	if q.Risk != "" && !oneOf(q.Risk, riskFilters) {
		return q, invalidField("risk", "unknown risk filter %q", q.Risk)
	}
	if q.Sort == "" {
		q.Sort = "name"
	} else if !oneOf(q.Sort, dashboardSorts) {
		return q, invalidField("sort", "unknown sort order %q: use name, risk or updated", q.Sort)
	}
	if p := qs.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return q, invalidField("page", "page %q is not a positive number", p)
		}
		q.Page = n
	}
	return q, nil
}

func oneOf(v string, opts []struct{ Value, Label string }) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

type dashboardData struct {
	Query            dashboardQuery
	Rows             []review.PortfolioRow
	Matching, All    int
	Owners           []string
	Risks, Sorts     []struct{ Value, Label string }
	Chart            riskChart
	PrevURL, NextURL string
}

func (s *Server) uiDashboard(w http.ResponseWriter, r *request) error {
	q, err := readDashboardQuery(r)
	if err != nil {
		return err
	}
	all, err := s.reviews.Portfolio(r.Context(), opslens.SummaryFilter{UserID: r.User.ID, All: r.User.Admin})
	if err != nil {
		return err
	}
	rows := filterPortfolio(all, q)
	sortPortfolio(rows, q.Sort)
	d := dashboardData{Query: q, Matching: len(rows), All: len(all), Owners: owners(all),
		Risks: riskFilters, Sorts: dashboardSorts, Chart: portfolioChart(rows)}
	from := min((q.Page-1)*dashboardPageSize, len(rows))
	to := min(from+dashboardPageSize, len(rows))
	d.Rows = rows[from:to]
	if q.Page > 1 {
		d.PrevURL = q.url(q.Page - 1)
	}
	if to < len(rows) {
		d.NextURL = q.url(q.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "dashboard.html", "Portfolio", d)
}

func filterPortfolio(rows []review.PortfolioRow, q dashboardQuery) []review.PortfolioRow {
	tagKey, tagValue, withValue := strings.Cut(q.Tag, "=")
	var out []review.PortfolioRow
	for _, row := range rows {
		w, c := row.Workload, row.Counts
		if q.Owner != "" && w.Owner != q.Owner || q.Env != "" && string(w.Environment) != q.Env {
			continue
		}
		if q.Tag != "" {
			v, ok := w.Tags[strings.TrimSpace(tagKey)]
			if !ok || withValue && v != strings.TrimSpace(tagValue) {
				continue
			}
		}
		high, medium := c[opslens.RiskHigh], c[opslens.RiskMedium]
		switch q.Risk {
		case "HIGH":
			if high == 0 {
				continue
			}
		case "MEDIUM":
			if medium == 0 {
				continue
			}
		case "UNANSWERED":
			if c[opslens.RiskUnanswered] == 0 {
				continue
			}
		case "NONE":
			if high+medium > 0 {
				continue
			}
		}
		out = append(out, row)
	}
	return out
}

func sortPortfolio(rows []review.PortfolioRow, by string) {
	name := func(i, j int) bool {
		return strings.ToLower(rows[i].Workload.Name) < strings.ToLower(rows[j].Workload.Name)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch by {
		case "risk":
			for _, r := range []opslens.Risk{opslens.RiskHigh, opslens.RiskMedium, opslens.RiskUnanswered} {
				if a.Counts[r] != b.Counts[r] {
					return a.Counts[r] > b.Counts[r]
				}
			}
		case "updated":
			if !a.Workload.UpdatedAt.Equal(b.Workload.UpdatedAt) {
				return a.Workload.UpdatedAt.After(b.Workload.UpdatedAt)
			}
		}
		return name(i, j)
	})
}

// owners lists the distinct owners of the workloads, for the filter menu.
func owners(rows []review.PortfolioRow) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if o := r.Workload.Owner; o != "" && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	sort.Strings(out)
	return out
}

// riskChart is a bar chart of question risks, drawn as inline SVG on the
// server so it needs no script; Summary is its text alternative.
type riskChart struct {
	Bars    []chartBar
	Summary string
	Height  int
}

type chartBar struct {
	Label, Class string
	Count        int
	Y, Width     int
	TextY        int
}

// portfolioChart counts the questions at each risk over the workloads.
func portfolioChart(rows []review.PortfolioRow) riskChart {
	total := review.RiskCounts{}
	for _, row := range rows {
		for r, n := range row.Counts {
			total[r] += n
		}
	}
	top := 0
	for _, r := range opslens.Risks {
		top = max(top, total[r])
	}
	var c riskChart
	var parts []string
	for i, r := range opslens.Risks {
		width := 0
		if top > 0 {
			width = total[r] * 360 / top
		}
		c.Bars = append(c.Bars, chartBar{Label: riskLabel(r), Class: "risk-" + strings.ToLower(string(r)),
			Count: total[r], Y: i * 32, Width: width, TextY: i*32 + 18})
		parts = append(parts, fmt.Sprintf("%s: %d", riskLabel(r), total[r]))
	}
	c.Height = len(opslens.Risks) * 32
	c.Summary = fmt.Sprintf("Questions by risk over %d workloads. %s.", len(rows), strings.Join(parts, "; "))
	return c
}
