package http

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

// The web app is server-rendered HTML that works without JavaScript;
// static/app.js only adds keyboard shortcuts and saves answers without a
// page load. Templates and static files are embedded in the binary.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// uiRoutes is the web app. Each ui_*.go file adds its pages here.
func (s *Server) uiRoutes() []route {
	var all []route
	for _, part := range [][]route{
		s.uiStaticRoutes(),
		s.uiSessionRoutes(),
		s.uiDashboardRoutes(),
		s.uiWorkloadRoutes(),
		s.uiQuestionRoutes(),
		s.uiMilestoneRoutes(),
		s.uiShareRoutes(),
		s.uiRepositoryRoutes(),
		s.uiLensRoutes(),
		s.uiAccountRoutes(),
	} {
		all = append(all, part...)
	}
	return all
}

func (s *Server) uiStaticRoutes() []route {
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return []route{
		{"GET", "/static/", "Static", public, false, func(w http.ResponseWriter, r *request) error {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r.Request)
			return nil
		}},
	}
}

// view is what every template gets: the caller, a flash message from the
// previous request, and the page's own data.
type view struct {
	Title   string
	User    *opslens.User
	Flash   string
	Version string
	Data    any
	// Refresh reloads the page after this many seconds (a page following
	// work in progress, such as a running scan); 0 never.
	Refresh int
}

// refresher is page data that asks to be reloaded while work goes on.
type refresher interface{ RefreshSeconds() int }

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"lower": strings.ToLower,
	"join":  strings.Join,
	"risk":  riskLabel,
	"add":   func(a, b int) int { return a + b },
	// reasons lists the not-applicable reasons for select boxes.
	"reasons": func() []opslens.Reason { return opslens.Reasons },
	"reason":  reasonLabel,
	"has":     func(list []string, s string) bool { return slices.Contains(list, s) },
	// count reads a risk count by the risk's name: templates cannot
	// index a map by a named string type with a literal.
	"count": func(c review.RiskCounts, risk string) int { return c[opslens.Risk(risk)] },
}

// templates holds one parsed template set per page: each page file is
// parsed with the layout so that page-specific blocks do not clash.
type templates map[string]*template.Template

func parseTemplates() (templates, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := templates{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, err
		}
		out[base] = t
	}
	return out, nil
}

// pageTemplates are parsed at start-up: a broken template is a build
// mistake, caught by every test that starts a server.
var pageTemplates = mustTemplates(parseTemplates())

func mustTemplates(t templates, err error) templates {
	if err != nil {
		panic(err)
	}
	return t
}

// render writes a page. It renders into a buffer first, so a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *request, status int, name, title string, data any) error {
	t, ok := pageTemplates[name]
	if !ok {
		return opslens.Errorf(opslens.EINTERNAL, "no template %s", name)
	}
	p := view{Title: title, User: r.User, Version: s.cfg.Version, Data: data}
	if rf, ok := data.(refresher); ok {
		p.Refresh = rf.RefreshSeconds()
	}
	if r.session {
		p.Flash = s.sessions.PopString(r.Context(), "flash")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// flash shows msg on the next page the user sees.
func (s *Server) flash(r *request, msg string) { s.sessions.Put(r.Context(), "flash", msg) }

// renderError shows an error page with the public message.
func (s *Server) renderError(w http.ResponseWriter, r *request, status int, e api.Error) {
	if err := s.render(w, r, status, "error.html", http.StatusText(status), e); err != nil {
		s.log.Error("render error page", "request_id", r.ID, "err", err)
		http.Error(w, e.Message, status)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *request) error {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusNotFound, api.Error{Code: opslens.ENOTFOUND, Message: "no API operation at " + r.Method + " " + r.URL.Path})
		return nil
	}
	_ = s.authenticate(r, false)
	return opslens.Errorf(opslens.ENOTFOUND, "there is no page at %s", r.URL.Path)
}

// safeNext returns next as a query value, if it is a path on this site.
func safeNext(next string) string { return url.QueryEscape(localPath(next)) }

// redirect answers a form post with a redirect (post/redirect/get).
func redirect(w http.ResponseWriter, r *request, to string) error {
	http.Redirect(w, r.Request, to, http.StatusSeeOther)
	return nil
}

// riskLabel and reasonLabel read as the reports do; the web app's select
// boxes need a label for "no reason" too.
var riskLabel = report.RiskLabel

func reasonLabel(r opslens.Reason) string {
	if l := report.ReasonLabel(r); l != "" {
		return l
	}
	return "No reason given"
}

// formProblem tells a form handler whether err is the user's to fix
// (bad input, someone else's change, a name taken): then the form is shown
// again with the message and the user's input. Anything else goes to the
// error page.
func formProblem(err error) (status int, msg string, ok bool) {
	switch opslens.ErrorCode(err) {
	case opslens.EINVALID, opslens.ECONFLICT, opslens.ENOTFOUND:
		return httpStatus(err), publicError(err, "").Message, true
	}
	return 0, "", false
}

// pathInt reads a small positive number from the path, such as a
// milestone number.
func pathInt(r *request, name string) (int, error) {
	v, err := pathInt64(r.Request, name)
	if err != nil || v > 1<<30 {
		return 0, opslens.Errorf(opslens.ENOTFOUND, "there is no %s %q", name, r.PathValue(name))
	}
	return int(v), nil
}

// workloadPath is the web address of a workload's page, plus more.
func workloadPath(w *opslens.Workload, more string) string {
	return "/workloads/" + strconv.FormatInt(w.ID, 10) + more
}
