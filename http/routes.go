package http

import (
	"net/http"
	"strconv"

	"github.com/opslens/opslens"
)

// access is what a route requires of the caller. Workload routes carry the
// workload's ID in the {WorkloadId} path value.
type access int

const (
	public        access = iota // anyone, signed in or not
	signedIn                    // any signed-in user (session or API token)
	adminOnly                   // administrators
	workloadRead                // any role on the workload
	workloadWrite               // CONTRIBUTOR or OWNER on the workload
	workloadOwner               // OWNER of the workload
)

func (a access) String() string {
	return [...]string{"public", "signed-in", "admin", "workload-read", "workload-write", "workload-owner"}[a]
}

// authorize is the one function that decides whether a caller may use a
// route. Administrators may do everything. For workload routes, a user
// with no role on the workload gets ENOTFOUND, as if it did not exist
// (so workload IDs cannot be probed), and a role too weak gets
// EFORBIDDEN.
func authorize(u *opslens.User, a access, role opslens.Role) error {
	switch {
	case a == public:
		return nil
	case u == nil:
		return errSignInRequired
	case a == signedIn || u.Admin:
		return nil
	case a == adminOnly:
		return errAdminOnly
	case role == "":
		return errWorkloadNotFound
	case a == workloadRead,
		a == workloadWrite && role.Rank() >= opslens.RoleContributor.Rank(),
		a == workloadOwner && role == opslens.RoleOwner:
		return nil
	}
	return errForbidden
}

var errWorkloadNotFound = opslens.Errorf(opslens.ENOTFOUND, "no such workload")

// route is one entry of the server's route table. The table is the single
// list of what the server answers: it registers the mux, drives the
// route × role authorization test and is checked against the OpenAPI
// document.
type route struct {
	method  string
	pattern string // a net/http pattern without the method
	name    string // the operation name: metrics label, OpenAPI operationId
	access  access
	api     bool // JSON errors and token authentication; otherwise HTML pages
	handle  handlerFunc
}

// handlerFunc serves one request. An error it returns is written by the
// route's front end (a JSON body or an HTML page) with the status of
// statusOf; a handler that wrote a response returns nil.
type handlerFunc func(w http.ResponseWriter, r *request) error

// request is an http.Request with what authentication and authorization
// found: the caller, and for workload routes the workload and the
// caller's role on it.
type request struct {
	*http.Request
	User     *opslens.User
	Workload *opslens.Workload
	Role     opslens.Role
	ID       string // request ID, in logs and error messages
	session  bool   // authenticated by a session cookie (not a token)
}

// workloadRoute reports whether a route pattern is about one workload.
func workloadRoute(a access) bool { return a >= workloadRead }

// pathInt64 reads a numeric path value.
func pathInt64(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, invalidField(name, "%s %q is not a positive number", name, r.PathValue(name))
	}
	return v, nil
}

// routes returns the whole route table. Each resource file contributes
// its own routes.
func (s *Server) routes() []route {
	var all []route
	for _, part := range [][]route{
		s.opsRoutes(),
		s.apiRoutes(),
		s.uiRoutes(),
	} {
		all = append(all, part...)
	}
	return all
}
