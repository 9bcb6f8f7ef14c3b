package http

import (
	"net/http"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

func (s *Server) apiWorkloadRoutes() []route {
	return []route{
		{"GET", "/api/v1/workloads", "ListWorkloads", signedIn, true, s.apiListWorkloads},
		{"GET", "/api/v1/workloads/{WorkloadId}", "GetWorkload", workloadRead, true, s.apiGetWorkload},
	}
}

// apiListWorkloads lists the workloads the caller may see, with their risk
// counts, a page at a time (WorkloadNamePrefix filters as in AWS).
func (s *Server) apiListWorkloads(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	rows, err := s.reviews.Portfolio(r.Context(), opslens.SummaryFilter{UserID: r.User.ID, All: r.User.Admin})
	if err != nil {
		return err
	}
	rows = filterPrefix(rows, r.URL.Query().Get("WorkloadNamePrefix"))
	from, to, next := pg.slice(len(rows))
	out := listWorkloadsOutput{WorkloadSummaries: []api.WorkloadSummary{}, NextToken: next}
	for _, row := range rows[from:to] {
		out.WorkloadSummaries = append(out.WorkloadSummaries, api.WorkloadSummary{Workload: row.Workload, RiskCounts: row.Counts})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func filterPrefix(rows []review.PortfolioRow, prefix string) []review.PortfolioRow {
	if prefix == "" {
		return rows
	}
	var out []review.PortfolioRow
	for _, r := range rows {
		if len(r.Workload.Name) >= len(prefix) && strings.EqualFold(r.Workload.Name[:len(prefix)], prefix) {
			out = append(out, r)
		}
	}
	return out
}

// apiGetWorkload returns a workload with its lens reviews' risk counts.
func (s *Server) apiGetWorkload(w http.ResponseWriter, r *request) error {
	res, err := s.reviews.Evaluate(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	setETag(w, r.Workload.Version)
	writeJSON(w, http.StatusOK, map[string]any{"Workload": api.Summarize(r.Workload, res, true)})
	return nil
}
