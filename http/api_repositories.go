package http

import (
	"net/http"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

// apiRepositoryRoutes: the repositories whose scans feed a workload's
// evidence. Everyone on the workload sees them and their runs;
// contributors start scans; owners register and remove repositories.
func (s *Server) apiRepositoryRoutes() []route {
	const rp = "/api/v1/workloads/{WorkloadId}/repositories"
	return []route{
		{"GET", rp, "ListRepositories", workloadRead, true, s.apiListRepositories},
		{"POST", rp, "CreateRepository", workloadOwner, true, s.apiCreateRepository},
		{"DELETE", rp + "/{RepositoryId}", "DeleteRepository", workloadOwner, true, s.apiDeleteRepository},
		{"POST", rp + "/{RepositoryId}/scans", "StartScan", workloadWrite, true, s.apiStartScan},
		{"GET", "/api/v1/workloads/{WorkloadId}/scans", "ListScanRuns", workloadRead, true, s.apiListScanRuns},
	}
}

// recentRuns is how many scan runs pages and lists show.
const recentRuns = 50

func (s *Server) apiListRepositories(w http.ResponseWriter, r *request) error {
	repos, err := s.store.Repositories(r.Context(), r.Workload.ID)
	if err != nil {
		return err
	}
	runs, err := s.store.ScanRuns(r.Context(), r.Workload.ID, recentRuns)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.ListRepositoriesOutput{WorkloadId: r.Workload.ID, Repositories: api.RepositoriesOf(repos, runs)})
	return nil
}

func (s *Server) apiCreateRepository(w http.ResponseWriter, r *request) error {
	var in api.CreateRepositoryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	repo, err := s.addRepository(r, in.Location, in.ScanEvery, in.Apply)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/workloads/"+itoa(r.Workload.ID)+"/repositories/"+itoa(repo.ID))
	writeJSON(w, http.StatusCreated, api.RepositoryOutput{Repository: api.RepositoryOf(*repo, nil)})
	return nil
}

// addRepository registers a repository for the API and the web form.
// A directory on the server is for administrators only: anyone else could
// otherwise have the server read its own files.
func (s *Server) addRepository(r *request, location, every string, apply bool) (*opslens.Repository, error) {
	repo := &opslens.Repository{WorkloadID: r.Workload.ID, Location: strings.TrimSpace(location), Apply: apply}
	if every = strings.TrimSpace(every); every != "" {
		d, err := time.ParseDuration(every)
		if err != nil {
			return nil, invalidField("ScanEvery", "ScanEvery %q is not a duration such as 24h or 168h", every)
		}
		repo.Every = d
	}
	if err := repo.Validate(); err != nil {
		field := "Location"
		if strings.Contains(err.Error(), "schedule") {
			field = "ScanEvery"
		}
		return nil, withField(field, err)
	}
	if !opslens.IsGitURL(repo.Location) && !r.User.Admin {
		return nil, opslens.Errorf(opslens.EFORBIDDEN, "only administrators may register a directory on the server; give a git URL")
	}
	if err := s.store.CreateRepository(r.Context(), repo); err != nil {
		return nil, err
	}
	return repo, nil
}

// repositoryOf finds the path's repository on the path's workload.
func (s *Server) repositoryOf(r *request) (*opslens.Repository, error) {
	id, err := pathInt64(r.Request, "RepositoryId")
	if err != nil {
		return nil, err
	}
	repo, err := s.store.Repository(r.Context(), id)
	if err == nil && repo.WorkloadID != r.Workload.ID {
		err = opslens.Errorf(opslens.ENOTFOUND, "workload %q has no repository %d", r.Workload.Name, id)
	}
	return repo, err
}

func (s *Server) apiDeleteRepository(w http.ResponseWriter, r *request) error {
	repo, err := s.repositoryOf(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteRepository(r.Context(), repo.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiStartScan(w http.ResponseWriter, r *request) error {
	run, dup, err := s.startScan(r)
	if err != nil {
		return err
	}
	status := http.StatusAccepted
	if dup {
		status = http.StatusOK
	}
	writeJSON(w, status, api.ScanOutput{ScanRun: run, Duplicate: dup})
	return nil
}

func (s *Server) startScan(r *request) (opslens.ScanRun, bool, error) {
	repo, err := s.repositoryOf(r)
	if err != nil {
		return opslens.ScanRun{}, false, err
	}
	if s.cfg.Scans == nil {
		return opslens.ScanRun{}, false, opslens.Errorf(opslens.EUNAVAILABLE, "this server does not run background scans")
	}
	return s.cfg.Scans.ScanNow(r.Context(), repo.ID)
}

func (s *Server) apiListScanRuns(w http.ResponseWriter, r *request) error {
	runs, err := s.store.ScanRuns(r.Context(), r.Workload.ID, recentRuns)
	if err != nil {
		return err
	}
	if runs == nil {
		runs = []opslens.ScanRun{}
	}
	writeJSON(w, http.StatusOK, api.ListScanRunsOutput{WorkloadId: r.Workload.ID, ScanRuns: runs})
	return nil
}
