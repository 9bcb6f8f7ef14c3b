package http

import (
	"net/http"

	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

func (s *Server) apiMilestoneRoutes() []route {
	const ms = "/api/v1/workloads/{WorkloadId}/milestones"
	return []route{
		{"GET", ms, "ListMilestones", workloadRead, true, s.apiListMilestones},
		{"POST", ms, "CreateMilestone", workloadWrite, true, s.apiCreateMilestone},
		{"GET", ms + "/{MilestoneNumber}", "GetMilestone", workloadRead, true, s.apiGetMilestone},
		{"GET", ms + "/{MilestoneNumber}/diff", "GetMilestoneDiff", workloadRead, true, s.apiMilestoneDiff},
	}
}

// apiCreateMilestone records the review as it stands, under the next
// number.
func (s *Server) apiCreateMilestone(w http.ResponseWriter, r *request) error {
	var in api.CreateMilestoneInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.reviews.CreateMilestone(r.Context(), r.Workload, in.MilestoneName)
	if err != nil {
		return withField("MilestoneName", err)
	}
	w.Header().Set("Location", "/api/v1/workloads/"+itoa(r.Workload.ID)+"/milestones/"+itoa(int64(m.Number)))
	writeJSON(w, http.StatusCreated, api.CreateMilestoneOutput{WorkloadId: r.Workload.ID, MilestoneNumber: m.Number})
	return nil
}

// apiListMilestones lists milestones by number with their risk roll-ups;
// only the page's milestones are evaluated.
func (s *Server) apiListMilestones(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	all, err := s.reviews.Milestones(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	ms, next := pageOf(pg, all)
	out := api.ListMilestonesOutput{WorkloadId: r.Workload.ID, MilestoneSummaries: []api.Milestone{}, NextToken: next}
	for _, m := range ms {
		res, err := s.reviews.EvaluateSnapshot(r.Context(), m.Snapshot)
		if err != nil {
			return err
		}
		out.MilestoneSummaries = append(out.MilestoneSummaries, api.MilestoneOf(m, res))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// milestoneState evaluates the milestone of the path.
func (s *Server) milestoneState(r *request) (*review.State, error) {
	n, err := pathInt64(r.Request, "MilestoneNumber")
	if err != nil {
		return nil, err
	}
	return s.reviews.StateAt(r.Context(), r.Workload, int(n))
}

func (s *Server) apiGetMilestone(w http.ResponseWriter, r *request) error {
	st, err := s.milestoneState(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.MilestoneOutput{
		WorkloadId: r.Workload.ID, Milestone: api.MilestoneOf(st.Milestone, st.Results),
		Workload: api.Summarize(&st.Workload, st.Results, true),
	})
	return nil
}

// apiMilestoneDiff compares the milestone with milestone To, or with the
// current review when To is absent.
func (s *Server) apiMilestoneDiff(w http.ResponseWriter, r *request) error {
	to, err := queryInt(r, "To")
	if err != nil {
		return err
	}
	from, err := s.milestoneState(r)
	if err != nil {
		return err
	}
	dest, err := s.reviews.StateAt(r.Context(), r.Workload, to)
	if err != nil {
		return withField("To", asInvalid(err))
	}
	writeJSON(w, http.StatusOK, api.DiffOf(from.Label, dest.Label, review.Compare(from.Results, dest.Results)))
	return nil
}
