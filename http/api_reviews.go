package http

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

// apiReviewRoutes: a workload's lens reviews, their answers, improvement
// plans and reports. Reads take an optional MilestoneNumber to read a
// milestone instead of the current review.
func (s *Server) apiReviewRoutes() []route {
	const lr = "/api/v1/workloads/{WorkloadId}/lensReviews"
	return []route{
		{"GET", lr, "ListLensReviews", workloadRead, true, s.apiListLensReviews},
		{"GET", lr + "/{LensAlias}", "GetLensReview", workloadRead, true, s.apiGetLensReview},
		{"GET", lr + "/{LensAlias}/answers", "ListAnswers", workloadRead, true, s.apiListAnswers},
		{"GET", lr + "/{LensAlias}/answers/{QuestionId}", "GetAnswer", workloadRead, true, s.apiGetAnswer},
		{"PATCH", lr + "/{LensAlias}/answers/{QuestionId}", "UpdateAnswer", workloadWrite, true, s.apiUpdateAnswer},
		{"GET", lr + "/{LensAlias}/improvements", "ListLensReviewImprovements", workloadRead, true, s.apiListImprovements},
		{"GET", lr + "/{LensAlias}/report", "GetLensReviewReport", workloadRead, true, s.apiGetReport},
	}
}

// stateOf evaluates the review the request reads: the milestone named by
// MilestoneNumber, or the current one.
func (s *Server) stateOf(r *request) (*review.State, int, error) {
	n, err := queryInt(r, "MilestoneNumber")
	if err != nil {
		return nil, 0, err
	}
	st, err := s.reviews.StateAt(r.Context(), r.Workload, n)
	return st, n, err
}

// lensOf finds the lens review of the path's LensAlias in a state.
// lensReviewOf reads the state the request names (now, or the milestone
// of MilestoneNumber) and its review of the {LensAlias} lens.
func (s *Server) lensReviewOf(r *request) (*review.State, int, *review.LensResult, error) {
	st, n, err := s.stateOf(r)
	if err != nil {
		return nil, 0, nil, err
	}
	res, err := lensOf(r, st)
	return st, n, res, err
}

func lensOf(r *request, st *review.State) (*review.LensResult, error) {
	alias := r.PathValue("LensAlias")
	for _, res := range st.Results {
		if res.Alias == alias {
			return res, nil
		}
	}
	return nil, opslens.Errorf(opslens.ENOTFOUND, "lens %q is not applied to workload %q (applied: %s)",
		alias, st.Workload.Name, strings.Join(st.Workload.Lenses, ", "))
}

func (s *Server) apiListLensReviews(w http.ResponseWriter, r *request) error {
	st, n, err := s.stateOf(r)
	if err != nil {
		return err
	}
	out := api.ListLensReviewsOutput{WorkloadId: r.Workload.ID, MilestoneNumber: n, LensReviewSummaries: []api.LensSummary{}}
	for _, res := range st.Results {
		out.LensReviewSummaries = append(out.LensReviewSummaries, api.LensSummaryOf(res))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGetLensReview(w http.ResponseWriter, r *request) error {
	_, n, res, err := s.lensReviewOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.LensReviewOutput{WorkloadId: r.Workload.ID, MilestoneNumber: n, LensReview: api.LensSummaryOf(res)})
	return nil
}

// apiListImprovements is the lens review's improvement plan, highest risk
// first, a page at a time.
func (s *Server) apiListImprovements(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	st, n, res, err := s.lensReviewOf(r)
	if err != nil {
		return err
	}
	var items []api.PlanItem
	for i, it := range review.PlanFor([]*review.LensResult{res}, &st.Workload) {
		j := api.PlanItemOf(i+1, it)
		if ev, ok := st.Evidence[it.LensAlias][it.Choice.ID]; ok {
			j.Evidence = &ev
		}
		items = append(items, j)
	}
	out := api.ListImprovementsOutput{WorkloadId: r.Workload.ID, LensAlias: res.Alias, MilestoneNumber: n}
	out.ImprovementSummaries, out.NextToken = pageOf(pg, items)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// reportFormats are GetLensReviewReport's formats: renderer and media type.
var reportFormats = map[string]struct {
	render    func(*bytes.Buffer, *report.Report) error
	mediaType string
	ext       string
}{
	"markdown": {func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) }, "text/markdown; charset=utf-8", "md"},
	"html":     {func(b *bytes.Buffer, r *report.Report) error { return report.HTML(b, r) }, "text/html; charset=utf-8", "html"},
	"json":     {func(b *bytes.Buffer, r *report.Report) error { return report.JSON(b, r) }, "application/json; charset=utf-8", "json"},
	"pdf":      {func(b *bytes.Buffer, r *report.Report) error { return report.PDF(b, r) }, "application/pdf", "pdf"},
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// apiGetReport renders the lens review's stakeholder report as a download.
func (s *Server) apiGetReport(w http.ResponseWriter, r *request) error {
	name := strings.ToLower(r.URL.Query().Get("Format"))
	if name == "" || name == "md" {
		name = "markdown"
	}
	f, ok := reportFormats[name]
	if !ok {
		return invalidField("Format", "Format %q is not one of markdown, html, json or pdf", r.URL.Query().Get("Format"))
	}
	st, _, err := s.stateOf(r)
	if err != nil {
		return err
	}
	res, err := lensOf(r, st)
	if err != nil {
		return err
	}
	one := *st
	one.Results = []*review.LensResult{res}
	var buf bytes.Buffer
	if err := f.render(&buf, report.Build(&one, time.Now().UTC())); err != nil {
		return fmt.Errorf("render %s report of %s: %w", name, st.Workload.Name, err)
	}
	file := unsafeFileChars.ReplaceAllString(st.Workload.Name+"-"+res.Alias, "_") + "." + f.ext
	w.Header().Set("Content-Type", f.mediaType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// pillarOf checks the optional PillarId filter against the lens.
func pillarOf(r *request, res *review.LensResult) (string, error) {
	id := r.URL.Query().Get("PillarId")
	if id == "" || slices.ContainsFunc(res.Pillars, func(p review.PillarResult) bool { return p.ID == id }) {
		return id, nil
	}
	return "", invalidField("PillarId", "lens %s has no pillar %q", res.Alias, id)
}
