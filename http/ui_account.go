package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opslens/opslens"
)

func (s *Server) uiAccountRoutes() []route {
	return []route{
		{"GET", "/account", "AccountPage", signedIn, false, s.uiAccount},
		{"POST", "/account/password", "ChangePasswordForm", signedIn, false, s.uiChangePassword},
		{"POST", "/account/tokens", "CreateTokenForm", signedIn, false, s.uiCreateToken},
		{"POST", "/account/tokens/{TokenId}/delete", "RevokeTokenForm", signedIn, false, s.uiRevokeToken},
		{"GET", "/admin/users", "UsersPage", adminOnly, false, s.uiUsers},
		{"POST", "/admin/users", "CreateUserForm", adminOnly, false, s.uiCreateUser},
		{"POST", "/admin/users/{UserId}/admin", "SetAdminForm", adminOnly, false, s.uiSetAdmin},
		{"POST", "/admin/users/{UserId}/delete", "DeleteUserForm", adminOnly, false, s.uiDeleteUser},
	}
}

type accountPage struct {
	Tokens        []*opslens.Token
	NewSecret     string // shown once, right after creation
	TokenName     string
	TokenDays     string
	PasswordError string
	TokenError    string
}

func (s *Server) renderAccount(w http.ResponseWriter, r *request, status int, p accountPage) error {
	ts, err := s.accounts.Tokens(r.Context(), r.User.ID)
	if err != nil {
		return err
	}
	p.Tokens = ts
	return s.render(w, r, status, "account.html", "Your account", p)
}

func (s *Server) uiAccount(w http.ResponseWriter, r *request) error {
	return s.renderAccount(w, r, http.StatusOK, accountPage{})
}

// uiChangePassword needs the current password, so a session left open on
// a shared screen cannot take the account over. The change ends every
// other session; this one starts afresh.
func (s *Server) uiChangePassword(w http.ResponseWriter, r *request) error {
	var err error
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		err = invalidField("confirm", "the new password and its confirmation differ")
	} else if _, aerr := s.accounts.Authenticate(r.Context(), r.User.Name, r.PostFormValue("current")); aerr != nil {
		err = invalidField("current", "the current password is wrong")
	} else {
		var u *opslens.User
		if u, err = s.accounts.SetPassword(r.Context(), r.User.ID, r.PostFormValue("new")); err == nil {
			err = s.signIn(r.Context(), u)
		}
	}
	if status, msg, ok := formProblem(err); ok {
		return s.renderAccount(w, r, status, accountPage{PasswordError: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "Password changed. Other sessions are signed out.")
	return redirect(w, r, "/account")
}

// uiCreateToken shows the new secret in the response itself, never in the
// session or a redirect, as it must not be stored anywhere.
func (s *Server) uiCreateToken(w http.ResponseWriter, r *request) error {
	p := accountPage{TokenName: strings.TrimSpace(r.PostFormValue("name")), TokenDays: strings.TrimSpace(r.PostFormValue("days"))}
	var ttl time.Duration
	var err error
	if p.TokenDays != "" {
		days, cerr := strconv.Atoi(p.TokenDays)
		if cerr != nil || days < 1 || days > 3650 {
			err = invalidField("days", "days must be a whole number from 1 to 3650, or empty for no expiry")
		}
		ttl = time.Duration(days) * 24 * time.Hour
	}
	if err == nil {
		_, p.NewSecret, err = s.accounts.CreateToken(r.Context(), r.User.ID, p.TokenName, ttl)
	}
	if status, msg, ok := formProblem(err); ok {
		p.TokenError = msg
		return s.renderAccount(w, r, status, p)
	} else if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderAccount(w, r, http.StatusCreated, accountPage{NewSecret: p.NewSecret})
}

func (s *Server) uiRevokeToken(w http.ResponseWriter, r *request) error {
	id, err := strconv.ParseInt(r.PathValue("TokenId"), 10, 64)
	if err != nil {
		return opslens.Errorf(opslens.ENOTFOUND, "no such token")
	}
	if err := s.accounts.RevokeToken(r.Context(), r.User.ID, id); err != nil {
		return err
	}
	s.flash(r, "Token revoked.")
	return redirect(w, r, "/account")
}

type usersPage struct {
	Users []*opslens.User
	Me    int64
	Name  string
	Admin bool
	Error string
}

func (s *Server) renderUsers(w http.ResponseWriter, r *request, status int, p usersPage) error {
	us, err := s.accounts.Users(r.Context())
	if err != nil {
		return err
	}
	p.Users, p.Me = us, r.User.ID
	return s.render(w, r, status, "users.html", "Users", p)
}

func (s *Server) uiUsers(w http.ResponseWriter, r *request) error {
	return s.renderUsers(w, r, http.StatusOK, usersPage{})
}

func (s *Server) uiCreateUser(w http.ResponseWriter, r *request) error {
	p := usersPage{Name: strings.TrimSpace(r.PostFormValue("name")), Admin: r.PostFormValue("admin") != ""}
	// The store accepts token-only users; the web form is for people, who
	// sign in with a password.
	err := invalidField("password", "enter a password of at least %d characters", opslens.MinPasswordLength)
	if pw := r.PostFormValue("password"); pw != "" {
		_, err = s.accounts.CreateUser(r.Context(), p.Name, pw, p.Admin)
	}
	if status, msg, ok := formProblem(err); ok {
		p.Error = msg
		return s.renderUsers(w, r, status, p)
	} else if err != nil {
		return err
	}
	s.flash(r, "User "+p.Name+" created.")
	return redirect(w, r, "/admin/users")
}

// userOf reads the user of an admin form's path.
func (s *Server) userOf(r *request) (*opslens.User, error) {
	id, err := strconv.ParseInt(r.PathValue("UserId"), 10, 64)
	if err != nil {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "no such user")
	}
	return s.accounts.UserByID(r.Context(), id)
}

func (s *Server) uiSetAdmin(w http.ResponseWriter, r *request) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	admin := r.PostFormValue("admin") == "true"
	_, err = s.accounts.SetAdmin(r.Context(), u.ID, admin)
	if status, msg, ok := formProblem(err); ok {
		return s.renderUsers(w, r, status, usersPage{Error: msg})
	} else if err != nil {
		return err
	}
	if admin {
		s.flash(r, u.Name+" is now an administrator.")
	} else {
		s.flash(r, u.Name+" is no longer an administrator.")
	}
	return redirect(w, r, "/admin/users")
}

func (s *Server) uiDeleteUser(w http.ResponseWriter, r *request) error {
	u, err := s.userOf(r)
	if err != nil {
		return err
	}
	err = s.accounts.DeleteUser(r.Context(), u.ID)
	if status, msg, ok := formProblem(err); ok {
		return s.renderUsers(w, r, status, usersPage{Error: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "User "+u.Name+" deleted.")
	return redirect(w, r, "/admin/users")
}
