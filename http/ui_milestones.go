package http

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiMilestoneRoutes() []route {
	return []route{
		{"GET", "/workloads/{WorkloadId}/plan", "PlanPage", workloadRead, false, s.uiPlan},
		{"GET", "/workloads/{WorkloadId}/milestones", "MilestonesPage", workloadRead, false, s.uiMilestones},
		{"POST", "/workloads/{WorkloadId}/milestones", "CreateMilestoneForm", workloadWrite, false, s.uiCreateMilestone},
		{"GET", "/workloads/{WorkloadId}/milestones/{MilestoneNumber}", "MilestonePage", workloadRead, false, s.uiMilestone},
		{"GET", "/workloads/{WorkloadId}/diff", "DiffPage", workloadRead, false, s.uiDiff},
		{"GET", "/workloads/{WorkloadId}/report.md", "ReportMarkdown", workloadRead, false, s.uiReport("md")},
		{"GET", "/workloads/{WorkloadId}/report.html", "ReportHTML", workloadRead, false, s.uiReport("html")},
		{"GET", "/workloads/{WorkloadId}/report.json", "ReportJSON", workloadRead, false, s.uiReport("json")},
		{"GET", "/workloads/{WorkloadId}/report.pdf", "ReportPDF", workloadRead, false, s.uiReport("pdf")},
	}
}

type planPage struct {
	W     *opslens.Workload
	Items []review.PlanItem
}

func (s *Server) uiPlan(w http.ResponseWriter, r *request) error {
	res, err := s.reviews.Evaluate(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	p := planPage{W: r.Workload, Items: review.PlanFor(res, r.Workload)}
	return s.render(w, r, http.StatusOK, "plan.html", "Improvement plan · "+r.Workload.Name, p)
}

// milestonesPage lists milestones with their risk counts, and the form to
// record one (kept with the user's input when refused).
type milestonesPage struct {
	W          *opslens.Workload
	CanWrite   bool
	Milestones []milestoneRow
	Name       string
	Error      string
}

type milestoneRow struct {
	*opslens.Milestone
	Counts review.RiskCounts
}

func (s *Server) renderMilestones(w http.ResponseWriter, r *request, status int, p milestonesPage) error {
	ms, err := s.reviews.Milestones(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	for _, m := range ms {
		res, err := s.reviews.EvaluateSnapshot(r.Context(), m.Snapshot)
		if err != nil {
			return err
		}
		p.Milestones = append(p.Milestones, milestoneRow{m, review.Counts(res)})
	}
	p.W, p.CanWrite = r.Workload, r.Role.Rank() >= opslens.RoleContributor.Rank()
	return s.render(w, r, status, "milestones.html", "Milestones · "+r.Workload.Name, p)
}

func (s *Server) uiMilestones(w http.ResponseWriter, r *request) error {
	return s.renderMilestones(w, r, http.StatusOK, milestonesPage{})
}

func (s *Server) uiCreateMilestone(w http.ResponseWriter, r *request) error {
	name := r.PostFormValue("name")
	m, err := s.reviews.CreateMilestone(r.Context(), r.Workload, name)
	if status, msg, ok := formProblem(err); ok {
		return s.renderMilestones(w, r, status, milestonesPage{Name: name, Error: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "Milestone "+strconv.Itoa(m.Number)+" recorded.")
	return redirect(w, r, workloadPath(r.Workload, "/milestones/"+strconv.Itoa(m.Number)))
}

type statePage struct {
	W     *opslens.Workload
	State *review.State
	Risks review.RiskCounts
}

func (s *Server) uiMilestone(w http.ResponseWriter, r *request) error {
	n, err := pathInt(r, "MilestoneNumber")
	if err != nil {
		return err
	}
	st, err := s.reviews.StateAt(r.Context(), r.Workload, n)
	if err != nil {
		return err
	}
	p := statePage{W: r.Workload, State: st, Risks: review.Counts(st.Results)}
	return s.render(w, r, http.StatusOK, "milestone.html", st.Milestone.Name+" · "+r.Workload.Name, p)
}

type diffPage struct {
	W          *opslens.Workload
	Milestones []*opslens.Milestone
	From, To   int
	FromLabel  string
	ToLabel    string
	Diff       *review.Diff
}

// uiDiff compares two milestones, or a milestone and now (to empty or 0).
// Without from it compares the latest milestone with now.
func (s *Server) uiDiff(w http.ResponseWriter, r *request) error {
	ms, err := s.reviews.Milestones(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	p := diffPage{W: r.Workload, Milestones: ms}
	if len(ms) > 0 {
		p.From = ms[len(ms)-1].Number
	}
	for field, dst := range map[string]*int{"from": &p.From, "to": &p.To} {
		if v := r.URL.Query().Get(field); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return invalidField(field, "%s must be a milestone number, or 0 for now", field)
			}
			*dst = n
		}
	}
	from, err := s.reviews.StateAt(r.Context(), r.Workload, p.From)
	if err != nil {
		return err
	}
	to, err := s.reviews.StateAt(r.Context(), r.Workload, p.To)
	if err != nil {
		return err
	}
	p.FromLabel, p.ToLabel, p.Diff = from.Label, to.Label, review.Compare(from.Results, to.Results)
	return s.render(w, r, http.StatusOK, "diff.html", "Changes · "+r.Workload.Name, p)
}

// uiReport downloads a report of the current review, or of the milestone
// given as ?milestone=n.
func (s *Server) uiReport(format string) handlerFunc {
	render := map[string]func(io.Writer, *report.Report) error{
		"md": report.Markdown, "html": report.HTML, "json": report.JSON, "pdf": report.PDF}[format]
	types := map[string]string{"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
		"json": "application/json; charset=utf-8", "pdf": "application/pdf"}
	return func(w http.ResponseWriter, r *request) error {
		n := 0
		if v := r.URL.Query().Get("milestone"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 0 {
				return invalidField("milestone", "milestone must be a number")
			}
		}
		st, err := s.reviews.StateAt(r.Context(), r.Workload, n)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := render(&buf, report.Build(st, time.Now().UTC())); err != nil {
			return err
		}
		name := fileSlug(r.Workload.Name) + "-report"
		if n > 0 {
			name += "-milestone-" + strconv.Itoa(n)
		}
		w.Header().Set("Content-Type", types[format])
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
		// The HTML report carries its own inline styles, which the web
		// app's policy forbids; as a download it is opened from disk.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, err = buf.WriteTo(w)
		return err
	}
}

// fileSlug makes a workload name safe as a download's file name: letters,
// digits and dashes only, so no quote or path can slip into the header.
func fileSlug(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "workload"
}
