package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
)

func (s *Server) uiShareRoutes() []route {
	return []route{
		{"GET", "/workloads/{WorkloadId}/shares", "SharesPage", workloadOwner, false, s.uiShares},
		{"POST", "/workloads/{WorkloadId}/shares", "ShareForm", workloadOwner, false, s.uiShare},
		{"POST", "/workloads/{WorkloadId}/shares/{ShareId}/delete", "UnshareForm", workloadOwner, false, s.uiUnshare},
		{"GET", "/workloads/{WorkloadId}/history", "HistoryPage", workloadRead, false, s.uiHistory},
	}
}

var shareRoles = []opslens.Role{opslens.RoleReadonly, opslens.RoleContributor, opslens.RoleOwner}

type sharesPage struct {
	W      *opslens.Workload
	Shares []opslens.Share
	Roles  []opslens.Role
	User   string // the add form's input, kept when refused
	Role   opslens.Role
	Error  string
}

func (s *Server) renderShares(w http.ResponseWriter, r *request, status int, p sharesPage) error {
	shares, err := s.accounts.Shares(r.Context(), r.Workload.ID)
	if err != nil {
		return err
	}
	p.W, p.Shares, p.Roles = r.Workload, shares, shareRoles
	if p.Role == "" {
		p.Role = opslens.RoleReadonly
	}
	return s.render(w, r, status, "shares.html", "Sharing · "+r.Workload.Name, p)
}

func (s *Server) uiShares(w http.ResponseWriter, r *request) error {
	return s.renderShares(w, r, http.StatusOK, sharesPage{})
}

// uiShare adds a user or changes their role: both are the same grant.
func (s *Server) uiShare(w http.ResponseWriter, r *request) error {
	p := sharesPage{User: strings.TrimSpace(r.PostFormValue("user")), Role: opslens.Role(r.PostFormValue("role"))}
	role, err := opslens.ParseRole(string(p.Role))
	if err != nil {
		err = invalidField("role", "%s", publicError(err, "").Message)
	} else if p.User == "" {
		err = invalidField("user", "enter the name of the user to share with")
	} else {
		_, err = s.accounts.Share(r.Context(), r.Workload.ID, p.User, role)
	}
	if status, msg, ok := formProblem(err); ok {
		p.Error = msg
		return s.renderShares(w, r, status, p)
	} else if err != nil {
		return err
	}
	s.flash(r, p.User+" now has the role "+strings.ToLower(string(role))+".")
	return redirect(w, r, workloadPath(r.Workload, "/shares"))
}

func (s *Server) uiUnshare(w http.ResponseWriter, r *request) error {
	id, err := strconv.ParseInt(r.PathValue("ShareId"), 10, 64)
	if err != nil {
		return opslens.Errorf(opslens.ENOTFOUND, "no such share")
	}
	err = s.accounts.Unshare(r.Context(), r.Workload.ID, id)
	if status, msg, ok := formProblem(err); ok {
		return s.renderShares(w, r, status, sharesPage{Error: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "Share removed.")
	return redirect(w, r, workloadPath(r.Workload, "/shares"))
}

type historyPage struct {
	W        *opslens.Workload
	Events   []opslens.AuditEvent
	OlderURL string
}

const historyPageSize = 50

func (s *Server) uiHistory(w http.ResponseWriter, r *request) error {
	f := opslens.AuditFilter{WorkloadID: r.Workload.ID, Limit: historyPageSize + 1}
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return invalidField("before", "before must be an event number")
		}
		f.Before = n
	}
	events, err := s.accounts.History(r.Context(), f)
	if err != nil {
		return err
	}
	p := historyPage{W: r.Workload, Events: events}
	if len(events) > historyPageSize {
		p.Events = events[:historyPageSize]
		p.OlderURL = workloadPath(r.Workload, "/history?before="+strconv.FormatInt(p.Events[historyPageSize-1].ID, 10))
	}
	return s.render(w, r, http.StatusOK, "history.html", "History · "+r.Workload.Name, p)
}
