package http

import (
	"net/http"
	"strings"

	"github.com/opslens/opslens/account"
	"github.com/opslens/opslens/api"
)

// apiUserRoutes: user administration.
func (s *Server) apiUserRoutes() []route {
	return []route{
		{"GET", "/api/v1/users", "ListUsers", adminOnly, true, s.apiListUsers},
		{"POST", "/api/v1/users", "CreateUser", adminOnly, true, s.apiCreateUser},
		{"PATCH", "/api/v1/users/{UserId}", "UpdateUser", adminOnly, true, s.apiUpdateUser},
		{"DELETE", "/api/v1/users/{UserId}", "DeleteUser", adminOnly, true, s.apiDeleteUser},
	}
}

func (s *Server) apiListUsers(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	users, err := s.accounts.Users(r.Context())
	if err != nil {
		return err
	}
	var out api.ListUsersOutput
	out.Users, out.NextToken = pageOf(pg, users)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// userField names the field of the account service's rules.
func userField(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "user name"):
		return withField("UserName", err)
	case strings.HasPrefix(msg, "password"):
		return withField("Password", err)
	}
	return err
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *request) error {
	var in api.CreateUserInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.accounts.CreateUser(r.Context(), strings.TrimSpace(in.UserName), in.Password, in.Admin)
	if err != nil {
		return userField(err)
	}
	w.Header().Set("Location", "/api/v1/users/"+itoa(u.ID))
	setETag(w, u.Version)
	writeJSON(w, http.StatusCreated, api.UserOutput{User: u})
	return nil
}

// apiUpdateUser sets a password and the administrator flag together, in
// one transaction; the last administrator stays one.
func (s *Server) apiUpdateUser(w http.ResponseWriter, r *request) error {
	id, err := pathInt64(r.Request, "UserId")
	if err != nil {
		return err
	}
	var in api.UpdateUserInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	version, err := ifMatch(r, in.ClientVersion)
	if err != nil {
		return err
	}
	u, err := s.accounts.UpdateUser(r.Context(), id, account.UserEdit{Password: in.Password, Admin: in.Admin, Version: version})
	if err != nil {
		return userField(err)
	}
	setETag(w, u.Version)
	writeJSON(w, http.StatusOK, api.UserOutput{User: u})
	return nil
}

func (s *Server) apiDeleteUser(w http.ResponseWriter, r *request) error {
	id, err := pathInt64(r.Request, "UserId")
	if err != nil {
		return err
	}
	if _, err := s.accounts.UserByID(r.Context(), id); err != nil {
		return err
	}
	if err := s.accounts.DeleteUser(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
