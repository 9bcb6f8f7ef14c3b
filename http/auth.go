package http

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/opslens/opslens"
)

// sessionStore keeps web sessions in the opslens store, so a server needs
// nothing beside its database and sessions survive restarts.
type sessionStore struct{ store opslens.Store }

func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.store.FindSession(ctx, token)
}
func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.store.CommitSession(ctx, token, b, expiry)
}
func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, token)
}

// The context-free methods complete scs.Store; scs calls the Ctx ones.
func (s sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}
func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}
func (s sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

func newSessions(store opslens.Store, cfg Config) *scs.SessionManager {
	sm := scs.New()
	sm.Store = sessionStore{store}
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.SessionIdle
	sm.Cookie.Name = "opslens_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.secure()
	sm.Cookie.Path = "/"
	return sm
}

// Session keys.
const (
	sessUser = "user"      // the signed-in user's ID
	sessAuth = "auth-nano" // when they signed in, Unix nanoseconds
)

// authenticate finds the caller: an API token (Authorization: Bearer) on
// API routes, else the session cookie. A session that began before the
// user's last password change, or whose user is gone, is ended.
func (s *Server) authenticate(r *request, apiRoute bool) error {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" && apiRoute {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return opslens.Errorf(opslens.EUNAUTHORIZED, "the Authorization header must be \"Bearer <token>\"")
		}
		u, err := s.accounts.AuthenticateToken(ctx, strings.TrimSpace(secret))
		if err != nil {
			return err
		}
		r.User = u
		return nil
	}
	id := s.sessions.GetInt64(ctx, sessUser)
	if id == 0 {
		return nil
	}
	u, err := s.accounts.UserByID(ctx, id)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return s.sessions.Destroy(ctx)
	}
	if err != nil {
		return err
	}
	if time.Unix(0, s.sessions.GetInt64(ctx, sessAuth)).Before(u.PasswordChangedAt) {
		return s.sessions.Destroy(ctx)
	}
	r.User, r.session = u, true
	return nil
}

// signIn starts a session for u under a new token (so a token planted
// before sign-in is worthless).
func (s *Server) signIn(ctx context.Context, u *opslens.User) error {
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUser, u.ID)
	s.sessions.Put(ctx, sessAuth, time.Now().UnixNano())
	return nil
}

// signOut ends the session.
func (s *Server) signOut(ctx context.Context) error { return s.sessions.Destroy(ctx) }

// signinPeriod is how often a client address or user name regains a
// sign-in attempt once its burst is spent.
const signinPeriod = 12 * time.Second

// allowSignIn takes one sign-in attempt for every key from the store's
// rate limit, shared by every replica on the database.
func (s *Server) allowSignIn(ctx context.Context, keys ...string) (bool, time.Duration, error) {
	wait, err := s.store.RateLimit(ctx, keys, signinPeriod, s.cfg.SignInBurst)
	return wait == 0, wait, err
}

// clientIP is the caller's address: the connection's peer, or behind a
// trusted proxy the address the proxy appended to X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.BehindProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
