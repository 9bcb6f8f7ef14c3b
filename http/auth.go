package http

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"golang.org/x/time/rate"

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

// signinLimiter slows password guessing: each client address and each
// user name may try 5 times in a row, then once every 12 seconds.
type signinLimiter struct {
	mu   sync.Mutex
	keys map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newSigninLimiter() *signinLimiter { return &signinLimiter{keys: map[string]*limiterEntry{}} }

// allow reports whether every key may try now; a refused try costs no
// token of the keys that still had one.
func (l *signinLimiter) allow(keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if len(l.keys) > 10000 {
		for k, e := range l.keys {
			if now.Sub(e.seen) > 10*time.Minute {
				delete(l.keys, k)
			}
		}
	}
	var rs []*rate.Reservation
	for _, k := range keys {
		e := l.keys[k]
		if e == nil {
			e = &limiterEntry{lim: rate.NewLimiter(rate.Every(12*time.Second), 5)}
			l.keys[k] = e
		}
		e.seen = now
		rs = append(rs, e.lim.ReserveN(now, 1))
	}
	var wait time.Duration
	for _, r := range rs {
		wait = max(wait, r.DelayFrom(now))
	}
	if wait == 0 {
		return true, 0
	}
	for _, r := range rs {
		r.CancelAt(now)
	}
	return false, wait
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
