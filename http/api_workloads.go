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
		{"POST", "/api/v1/workloads", "CreateWorkload", signedIn, true, s.apiCreateWorkload},
		{"GET", "/api/v1/workloads/{WorkloadId}", "GetWorkload", workloadRead, true, s.apiGetWorkload},
		{"PATCH", "/api/v1/workloads/{WorkloadId}", "UpdateWorkload", workloadWrite, true, s.apiUpdateWorkload},
		{"DELETE", "/api/v1/workloads/{WorkloadId}", "DeleteWorkload", workloadOwner, true, s.apiDeleteWorkload},
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
	rows, next := pageOf(pg, filterPrefix(rows, r.URL.Query().Get("WorkloadNamePrefix")))
	out := api.ListWorkloadsOutput{WorkloadSummaries: []api.WorkloadSummary{}, NextToken: next}
	for _, row := range rows {
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
	return s.writeWorkload(w, r, http.StatusOK, r.Workload, nil)
}

// writeWorkload answers with a workload evaluated now and its ETag;
// create, when not nil, makes it CreateWorkload's shape.
func (s *Server) writeWorkload(w http.ResponseWriter, r *request, status int, wl *opslens.Workload, create *int64) error {
	res, err := s.reviews.Evaluate(r.Context(), wl)
	if err != nil {
		return err
	}
	setETag(w, wl.Version)
	sum := api.Summarize(wl, res, true)
	if create != nil {
		writeJSON(w, status, api.CreateWorkloadOutput{WorkloadId: *create, Workload: sum})
		return nil
	}
	writeJSON(w, status, api.WorkloadOutput{Workload: sum})
	return nil
}

// apiCreateWorkload creates a workload owned by the caller.
func (s *Server) apiCreateWorkload(w http.ResponseWriter, r *request) error {
	var in api.CreateWorkloadInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	wl := &opslens.Workload{
		Name: strings.TrimSpace(in.WorkloadName), Description: in.Description, Owner: in.Owner, ReviewOwner: in.ReviewOwner,
		Locations: in.Locations, ArchitecturalDesign: in.ArchitecturalDesign, Industry: in.Industry,
		IndustryType: in.IndustryType, Tags: in.Tags, Notes: in.Notes, PillarPriorities: in.PillarPriorities, Lenses: in.Lenses,
		Environment: opslens.EnvProduction, Profile: in.Profile,
	}
	if in.Environment != "" {
		env, err := opslens.ParseEnvironment(in.Environment)
		if err != nil {
			return withField("Environment", err)
		}
		wl.Environment = env
	}
	var err error
	if in.TemplateName != "" {
		_, err = s.reviews.CreateWorkloadFromTemplate(r.Context(), wl, in.TemplateName)
		if opslens.ErrorCode(err) == opslens.ENOTFOUND {
			return invalidField("TemplateName", "there is no template named %q", in.TemplateName)
		}
	} else {
		err = s.reviews.CreateWorkload(r.Context(), wl)
	}
	if err != nil {
		return workloadError(wl, err)
	}
	w.Header().Set("Location", "/api/v1/workloads/"+itoa(wl.ID))
	return s.writeWorkload(w, r, http.StatusCreated, wl, &wl.ID)
}

// apiUpdateWorkload changes the fields given. With If-Match or
// ClientVersion, a workload changed since that version is not touched and
// the 409 carries the stored one.
func (s *Server) apiUpdateWorkload(w http.ResponseWriter, r *request) error {
	var in api.UpdateWorkloadInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	version, err := ifMatch(r, in.ClientVersion)
	if err != nil {
		return err
	}
	var env opslens.Environment
	if in.Environment != nil {
		if env, err = opslens.ParseEnvironment(*in.Environment); err != nil {
			return withField("Environment", err)
		}
	}
	var edited opslens.Workload
	saved, err := s.reviews.UpdateWorkload(r.Context(), r.Workload, func(cur *opslens.Workload) error {
		if version != nil && cur.Version != *version {
			return &staleError{current: *cur, err: opslens.Errorf(opslens.ECONFLICT,
				"workload %q was changed by someone else (now version %d); read it again and reapply your change", cur.Name, cur.Version)}
		}
		applyWorkloadUpdate(&in, cur, env)
		edited = *cur
		return nil
	})
	if err != nil {
		return workloadError(&edited, err)
	}
	return s.writeWorkload(w, r, http.StatusOK, saved, nil)
}

func (s *Server) apiDeleteWorkload(w http.ResponseWriter, r *request) error {
	if err := s.reviews.DeleteWorkload(r.Context(), r.Workload.Name); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
