package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/opslens/opslens"
)

// wrap turns a route into a handler: authenticate, load and authorize the
// workload of workload routes, then run the handler with the caller as
// the audit actor, and write any error the route's way.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := routeInfoFrom(r.Context())
		if info != nil {
			info.name = rt.name
		}
		req := &request{Request: r, ID: requestID(r.Context())}
		if err := s.serveRoute(w, req, rt); err != nil {
			s.writeError(w, req, rt, err)
		}
	})
}

func (s *Server) serveRoute(w http.ResponseWriter, r *request, rt route) error {
	if err := s.authenticate(r, rt.api); err != nil {
		return err
	}
	if workloadRoute(rt.access) {
		if r.User == nil {
			return errSignInRequired
		}
		id, err := pathInt64(r.Request, "WorkloadId")
		if err != nil {
			return errWorkloadNotFound
		}
		if r.Role, err = s.accounts.Role(r.Context(), id, r.User); err != nil {
			return err
		}
		if err := authorize(r.User, rt.access, r.Role); err != nil {
			return err
		}
		if r.Workload, err = s.reviews.WorkloadByID(r.Context(), id); err != nil {
			return err
		}
	} else if err := authorize(r.User, rt.access, ""); err != nil {
		return err
	}
	if r.User != nil {
		r.Request = r.WithContext(opslens.WithActor(r.Context(), opslens.Actor{Name: r.User.Name, UserID: r.User.ID}))
	}
	return rt.handle(w, r)
}

// writeError answers a failed request: JSON for API routes, a page (or a
// redirect to sign in) for the web app. Internal errors are logged with
// the request ID and never shown.
func (s *Server) writeError(w http.ResponseWriter, r *request, rt route, err error) {
	status := httpStatus(err)
	body := publicError(err, r.ID)
	switch {
	case status >= 500:
		s.log.Error("request failed", "request_id", r.ID, "route", rt.name, "err", err)
		s.metrics.dbErrors.Inc()
	case status == http.StatusTooManyRequests:
		var rl *rateLimited
		if errors.As(err, &rl) {
			w.Header().Set("Retry-After", strconv.Itoa(int(rl.wait.Seconds())+1))
		}
	}
	if rt.api {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="opslens"`)
		}
		writeJSON(w, status, body)
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r.Request, "/signin?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.renderError(w, r, status, body)
}

// rateLimited is an ETOOMANY error that says when to retry.
type rateLimited struct {
	wait time.Duration
	err  error
}

func (e *rateLimited) Error() string { return e.err.Error() }
func (e *rateLimited) Unwrap() error { return e.err }

// writeJSON writes v as the JSON body of a response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// middleware wraps the mux, outermost first: recover from panics, name
// the request, security headers, log and measure, refuse cross-origin
// writes, limit the body and the time, load the session.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.sessions.LoadAndSave(h)
	h = s.limits(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.observe(h)
	h = securityHeaders(h, s.cfg.secure())
	h = withRequestID(h)
	return s.recoverer(h)
}

func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "request_id", requestID(r.Context()), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// A client's X-Request-Id is kept when it is short and plain, so a proxy's
// IDs carry through; otherwise the server makes one.
var plainID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func withRequestID(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !plainID.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// securityHeaders: no inline script or style (the CSP allows only our own
// files), no framing, no MIME sniffing, no referrer beyond the origin.
func securityHeaders(h http.Handler, secure bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

// limits bounds each request's body and time. Lens imports carry whole
// lens documents and get more room.
func (s *Server) limits(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.cfg.MaxBodyBytes
		if r.URL.Path == "/api/v1/lenses" || r.URL.Path == "/lenses" {
			limit = 8 << 20
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// routeInfo lets the handler tell the outer middleware which route served
// a request, for metrics and logs.
type routeInfo struct{ name string }

type routeInfoKey struct{}

func routeInfoFrom(ctx context.Context) *routeInfo {
	ri, _ := ctx.Value(routeInfoKey{}).(*routeInfo)
	return ri
}

// statusWriter records the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs every request and counts it in the metrics.
func (s *Server) observe(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &routeInfo{name: "unmatched"}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeInfoKey{}, info)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		took := time.Since(start)
		s.metrics.observe(info.name, r.Method, sw.status, took)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", requestID(r.Context())), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("route", info.name), slog.Int("status", sw.status),
			slog.Duration("took", took), slog.String("client", s.clientIP(r)))
	})
}
