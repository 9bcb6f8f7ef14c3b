package http

import (
	"net/http"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

// apiMeRoutes: who the caller is, and their own API tokens.
func (s *Server) apiMeRoutes() []route {
	return []route{
		{"GET", "/api/v1/me", "GetMe", signedIn, true, s.apiGetMe},
		{"GET", "/api/v1/me/tokens", "ListTokens", signedIn, true, s.apiListTokens},
		{"POST", "/api/v1/me/tokens", "CreateToken", signedIn, true, s.apiCreateToken},
		{"DELETE", "/api/v1/me/tokens/{TokenId}", "DeleteToken", signedIn, true, s.apiDeleteToken},
	}
}

func (s *Server) apiGetMe(w http.ResponseWriter, r *request) error {
	setETag(w, r.User.Version)
	writeJSON(w, http.StatusOK, r.User)
	return nil
}

func (s *Server) apiListTokens(w http.ResponseWriter, r *request) error {
	ts, err := s.accounts.Tokens(r.Context(), r.User.ID)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*opslens.Token{}
	}
	writeJSON(w, http.StatusOK, api.ListTokensOutput{Tokens: ts})
	return nil
}

// maxTokenDays bounds token lifetimes to ten years, far beyond any real
// need and far below a duration overflow.
const maxTokenDays = 3650

// apiCreateToken makes a token of the caller; its secret is in this
// response only.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *request) error {
	var in api.CreateTokenInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ExpiresInDays < 0 || in.ExpiresInDays > maxTokenDays {
		return invalidField("ExpiresInDays", "ExpiresInDays must be 0 (never) to %d", maxTokenDays)
	}
	t, secret, err := s.accounts.CreateToken(r.Context(), r.User.ID, in.Name, time.Duration(in.ExpiresInDays)*24*time.Hour)
	if err != nil {
		return withField("Name", err)
	}
	writeJSON(w, http.StatusCreated, api.CreateTokenOutput{Token: t, Secret: secret})
	return nil
}

// apiDeleteToken revokes one of the caller's tokens; another user's token
// is as unknown as a missing one.
func (s *Server) apiDeleteToken(w http.ResponseWriter, r *request) error {
	id, err := pathInt64(r.Request, "TokenId")
	if err != nil {
		return err
	}
	if err := s.accounts.RevokeToken(r.Context(), r.User.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
