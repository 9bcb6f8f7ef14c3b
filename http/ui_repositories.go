package http

import (
	"net/http"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

func (s *Server) uiRepositoryRoutes() []route {
	const rp = "/workloads/{WorkloadId}/repositories"
	return []route{
		{"GET", rp, "RepositoriesPage", workloadRead, false, s.uiRepositories},
		{"POST", rp, "RepositoryForm", workloadOwner, false, s.uiAddRepository},
		{"POST", rp + "/{RepositoryId}/scan", "ScanForm", workloadWrite, false, s.uiScan},
		{"POST", rp + "/{RepositoryId}/delete", "RemoveRepositoryForm", workloadOwner, false, s.uiRemoveRepository},
	}
}

type repositoriesPage struct {
	W            *opslens.Workload
	Repositories []api.Repository
	Runs         []opslens.ScanRun
	CanScan      bool // contributors and owners start scans
	Owner        bool
	ScansOn      bool // this server runs a scan queue
	Admin        bool // may register directories on the server
	// The add form's input, kept when refused.
	Location, Every string
	Apply           bool
	Error           string
}

// RefreshSeconds reloads the page every few seconds while a scan waits or
// runs, so its progress shows without JavaScript.
func (p repositoriesPage) RefreshSeconds() int {
	for _, r := range p.Runs {
		if r.State == opslens.ScanQueued || r.State == opslens.ScanRunning {
			return 3
		}
	}
	return 0
}

func (s *Server) renderRepositories(w http.ResponseWriter, r *request, status int, p repositoriesPage) error {
	repos, err := s.store.Repositories(r.Context(), r.Workload.ID)
	if err != nil {
		return err
	}
	runs, err := s.store.ScanRuns(r.Context(), r.Workload.ID, recentRuns)
	if err != nil {
		return err
	}
	p.W, p.Repositories, p.Runs = r.Workload, api.RepositoriesOf(repos, runs), runs
	p.CanScan = r.User.Admin || r.Role.Rank() >= opslens.RoleContributor.Rank()
	p.Owner = r.User.Admin || r.Role == opslens.RoleOwner
	p.ScansOn, p.Admin = s.cfg.Scans != nil, r.User.Admin
	return s.render(w, r, status, "repositories.html", "Repositories · "+r.Workload.Name, p)
}

func (s *Server) uiRepositories(w http.ResponseWriter, r *request) error {
	return s.renderRepositories(w, r, http.StatusOK, repositoriesPage{})
}

func (s *Server) uiAddRepository(w http.ResponseWriter, r *request) error {
	p := repositoriesPage{Location: r.PostFormValue("location"), Every: r.PostFormValue("every"), Apply: r.PostFormValue("apply") == "on"}
	repo, err := s.addRepository(r, p.Location, p.Every, p.Apply)
	if status, msg, ok := formProblem(err); ok {
		p.Error = msg
		return s.renderRepositories(w, r, status, p)
	} else if opslens.ErrorCode(err) == opslens.EFORBIDDEN {
		p.Error = publicError(err, "").Message
		return s.renderRepositories(w, r, http.StatusForbidden, p)
	} else if err != nil {
		return err
	}
	s.flash(r, "Registered "+repo.Location+".")
	return redirect(w, r, workloadPath(r.Workload, "/repositories"))
}

func (s *Server) uiScan(w http.ResponseWriter, r *request) error {
	run, dup, err := s.startScan(r)
	if status, msg, ok := formProblem(err); ok {
		return s.renderRepositories(w, r, status, repositoriesPage{Error: msg})
	} else if err != nil {
		return err
	}
	if dup {
		s.flash(r, "A scan of "+run.Location+" is waiting already.")
	} else {
		s.flash(r, "Queued a scan of "+run.Location+".")
	}
	return redirect(w, r, workloadPath(r.Workload, "/repositories"))
}

func (s *Server) uiRemoveRepository(w http.ResponseWriter, r *request) error {
	repo, err := s.repositoryOf(r)
	if err == nil {
		err = s.store.DeleteRepository(r.Context(), repo.ID)
	}
	if status, msg, ok := formProblem(err); ok {
		return s.renderRepositories(w, r, status, repositoriesPage{Error: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "Removed "+repo.Location+"; its evidence stays on the review.")
	return redirect(w, r, workloadPath(r.Workload, "/repositories"))
}
