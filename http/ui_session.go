package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/opslens/opslens"
)

func (s *Server) uiSessionRoutes() []route {
	return []route{
		{"GET", "/signin", "SignInPage", public, false, s.uiSignInPage},
		{"POST", "/signin", "SignIn", public, false, s.uiSignIn},
		{"POST", "/signout", "SignOut", public, false, s.uiSignOut},
	}
}

type signInForm struct {
	Name  string
	Next  string
	Error string
}

func (s *Server) uiSignInPage(w http.ResponseWriter, r *request) error {
	next := localPath(r.URL.Query().Get("next"))
	if r.User != nil {
		return redirect(w, r, next)
	}
	return s.render(w, r, http.StatusOK, "signin.html", "Sign in", signInForm{Next: next})
}

// uiSignIn checks the password under the rate limit: per client address
// and per user name, so neither one address nor many can guess quickly.
func (s *Server) uiSignIn(w http.ResponseWriter, r *request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	form := signInForm{Name: name, Next: localPath(r.PostFormValue("next"))}
	ok, wait, err := s.allowSignIn(r.Context(), "ip:"+s.clientIP(r.Request), "user:"+strings.ToLower(name))
	if err != nil {
		return err
	}
	if !ok {
		return &rateLimited{wait: wait, err: opslens.Errorf(opslens.ETOOMANY,
			"too many sign-in attempts; wait %d seconds and try again", int(wait.Seconds())+1)}
	}
	u, err := s.accounts.Authenticate(r.Context(), name, r.PostFormValue("password"))
	if opslens.ErrorCode(err) == opslens.EUNAUTHORIZED {
		form.Error = err.Error()
		return s.render(w, r, http.StatusUnauthorized, "signin.html", "Sign in", form)
	}
	if err != nil {
		return err
	}
	if err := s.signIn(r.Context(), u); err != nil {
		return err
	}
	return redirect(w, r, form.Next)
}

func (s *Server) uiSignOut(w http.ResponseWriter, r *request) error {
	if err := s.signOut(r.Context()); err != nil {
		return err
	}
	return redirect(w, r, "/signin")
}

// localPath returns next if it is a path on this site, else "/".
func localPath(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}
