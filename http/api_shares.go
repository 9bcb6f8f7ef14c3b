package http

import (
	"net/http"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

// apiShareRoutes: who may do what with a workload. Only its owners (and
// administrators) see and change its shares.
func (s *Server) apiShareRoutes() []route {
	const sh = "/api/v1/workloads/{WorkloadId}/shares"
	return []route{
		{"GET", sh, "ListWorkloadShares", workloadOwner, true, s.apiListShares},
		{"POST", sh, "CreateWorkloadShare", workloadOwner, true, s.apiCreateShare},
		{"PATCH", sh + "/{ShareId}", "UpdateWorkloadShare", workloadOwner, true, s.apiUpdateShare},
		{"DELETE", sh + "/{ShareId}", "DeleteWorkloadShare", workloadOwner, true, s.apiDeleteShare},
	}
}

func (s *Server) apiListShares(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	shares, err := s.accounts.Shares(r.Context(), r.Workload.ID)
	if err != nil {
		return err
	}
	var all []api.ShareSummary
	for _, sh := range shares {
		all = append(all, api.ShareOf(sh))
	}
	out := api.ListSharesOutput{WorkloadId: r.Workload.ID}
	out.WorkloadShareSummaries, out.NextToken = pageOf(pg, all)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiCreateShare grants a user a role; granting one to a user who has a
// role already changes it.
func (s *Server) apiCreateShare(w http.ResponseWriter, r *request) error {
	var in api.CreateShareInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	role, err := opslens.ParseRole(in.PermissionType)
	if err != nil {
		return withField("PermissionType", err)
	}
	if in.SharedWith == "" {
		return invalidField("SharedWith", "SharedWith must name a user")
	}
	sh, err := s.accounts.Share(r.Context(), r.Workload.ID, in.SharedWith, role)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return invalidField("SharedWith", "there is no user named %q", in.SharedWith)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/workloads/"+itoa(r.Workload.ID)+"/shares/"+sh.ShareID())
	writeJSON(w, http.StatusCreated, api.ShareOutput{WorkloadId: r.Workload.ID, ShareId: sh.ShareID(), Share: api.ShareOf(*sh)})
	return nil
}

// shareOf finds the share of the path's ShareId.
func (s *Server) shareOf(r *request) (opslens.Share, error) {
	id, err := pathInt64(r.Request, "ShareId")
	if err != nil {
		return opslens.Share{}, err
	}
	shares, err := s.accounts.Shares(r.Context(), r.Workload.ID)
	if err != nil {
		return opslens.Share{}, err
	}
	for _, sh := range shares {
		if sh.UserID == id {
			return sh, nil
		}
	}
	return opslens.Share{}, opslens.Errorf(opslens.ENOTFOUND, "workload %q has no share %d", r.Workload.Name, id)
}

func (s *Server) apiUpdateShare(w http.ResponseWriter, r *request) error {
	var in api.UpdateShareInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	role, err := opslens.ParseRole(in.PermissionType)
	if err != nil {
		return withField("PermissionType", err)
	}
	cur, err := s.shareOf(r)
	if err != nil {
		return err
	}
	sh, err := s.accounts.Share(r.Context(), r.Workload.ID, cur.SharedWith, role)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.ShareOutput{WorkloadId: r.Workload.ID, ShareId: sh.ShareID(), Share: api.ShareOf(*sh)})
	return nil
}

func (s *Server) apiDeleteShare(w http.ResponseWriter, r *request) error {
	cur, err := s.shareOf(r)
	if err != nil {
		return err
	}
	if err := s.accounts.Unshare(r.Context(), r.Workload.ID, cur.UserID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
