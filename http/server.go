// Package http is opslens's web front end: the JSON API under /api/v1 and
// the server-rendered web app, on the same review and account services as
// the CLI. Plain net/http: the route table (routes.go) lists every route
// with what it requires, one function authorizes them all (authorize),
// and one table maps error codes to status codes (errors.go).
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/account"
	"github.com/opslens/opslens/review"
)

// Config is how the server is run. The zero value of each field has a
// sensible default (see withDefaults).
type Config struct {
	Addr    string // listen address; default 127.0.0.1:8080
	BaseURL string // the URL users open (behind a proxy, the proxy's); default http://Addr
	// TLSCert and TLSKey serve HTTPS directly. Behind a TLS-terminating
	// proxy leave them empty and set BaseURL to the https:// address.
	TLSCert, TLSKey string
	// BehindProxy trusts the last X-Forwarded-For hop as the client's
	// address (for sign-in rate limits and logs). Only set it when a proxy
	// you run is the only way in.
	BehindProxy bool
	Logger      *slog.Logger
	// SessionLifetime ends a session however active (default 12 h);
	// SessionIdle ends an unused one (default 2 h).
	SessionLifetime, SessionIdle time.Duration
	// RequestTimeout bounds every request's work, database calls included
	// (default 30 s).
	RequestTimeout time.Duration
	// MaxBodyBytes bounds request bodies (default 1 MiB; lens imports get
	// 8 MiB).
	MaxBodyBytes int64
	// SignInBurst is how many sign-in attempts in a row one client address
	// or one user name gets before it must wait 12 s between attempts
	// (default 5).
	SignInBurst int
	Version     string // shown in the footer and /healthz
	// Scans queues repository scans (package jobs); nil turns the scan
	// buttons and StartScan off.
	Scans ScanQueue
}

// ScanQueue queues a scan of a registered repository; duplicate reports a
// scan of it that was waiting already.
type ScanQueue interface {
	ScanNow(ctx context.Context, repositoryID int64) (run opslens.ScanRun, duplicate bool, err error)
}

func (c Config) withDefaults() (Config, error) {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.BaseURL == "" {
		scheme := "http"
		if c.TLSCert != "" {
			scheme = "https"
		}
		c.BaseURL = scheme + "://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, opslens.Errorf(opslens.EINVALID, "base URL %q must be an http:// or https:// URL", c.BaseURL)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return c, opslens.Errorf(opslens.EINVALID, "TLS needs both a certificate and a key")
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.SessionLifetime == 0 {
		c.SessionLifetime = 12 * time.Hour
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = 2 * time.Hour
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.SignInBurst == 0 {
		c.SignInBurst = 5
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 1 << 20
	}
	return c, nil
}

// secure reports whether users reach the server over HTTPS, so cookies
// must be Secure.
func (c Config) secure() bool {
	return c.TLSCert != "" || len(c.BaseURL) > 8 && c.BaseURL[:8] == "https://"
}

// Server is the web front end.
type Server struct {
	cfg      Config
	reviews  *review.Service
	accounts *account.Service
	store    opslens.Store
	sessions *scs.SessionManager
	metrics  *metrics
	log      *slog.Logger
	table    []route
	handler  http.Handler
}

// New builds a server over a store.
func New(store opslens.Store, reviews *review.Service, cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, reviews: reviews, accounts: account.New(store), store: store, log: cfg.Logger}
	s.sessions = newSessions(store, cfg)
	s.metrics = newMetrics(s)
	s.table = s.routes()
	mux := http.NewServeMux()
	for _, rt := range s.table {
		mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	mux.Handle("/", s.wrap(route{name: "NotFound", access: public, handle: s.notFound}))
	s.handler = s.middleware(mux)
	return s, nil
}

// Handler returns the server's whole handler, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// Accounts returns the account service the server uses.
func (s *Server) Accounts() *account.Service { return s.accounts }

// ListenAndServe serves until ctx ends, then shuts down gracefully:
// requests in flight finish (each is one transaction, so none is cut in
// half), new ones are refused. ready, if not nil, is called with the
// address once the server listens.
func (s *Server) ListenAndServe(ctx context.Context, ready func(addr net.Addr)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		// Requests get a context of their own, not ctx: a shutdown lets
		// them finish rather than cancelling their database work.
		BaseContext: func(net.Listener) context.Context { return context.Background() },
	}
	go s.cleanSessions(ctx)
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.RequestTimeout+5*time.Second)
		defer cancel()
		done <- srv.Shutdown(sctx)
	}()
	if ready != nil {
		ready(ln.Addr())
	}
	if s.cfg.TLSCert != "" {
		err = srv.ServeTLS(ln, s.cfg.TLSCert, s.cfg.TLSKey)
	} else {
		err = srv.Serve(ln)
	}
	if !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

// cleanSessions removes expired sessions every hour.
func (s *Server) cleanSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.store.DeleteExpiredSessions(context.Background()); err != nil {
				s.log.Warn("delete expired sessions", "err", err)
			}
		}
	}
}
