package http

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/opslens/opslens"
)

// opsRoutes are for machines: liveness, readiness and metrics.
func (s *Server) opsRoutes() []route {
	return []route{
		{"GET", "/healthz", "Healthz", public, true, s.healthz},
		{"GET", "/readyz", "Readyz", public, true, s.readyz},
		{"GET", "/metrics", "Metrics", public, true, s.serveMetrics},
	}
}

// healthz says the process serves requests.
func (s *Server) healthz(w http.ResponseWriter, r *request) error {
	writeJSON(w, http.StatusOK, map[string]string{"Status": "ok", "Version": s.cfg.Version})
	return nil
}

// readyz says the database answers, so a load balancer sends traffic.
func (s *Server) readyz(w http.ResponseWriter, r *request) error {
	if _, err := s.store.Role(r.Context(), 0, 0); err != nil {
		s.log.Warn("readiness check failed", "err", err)
		return opslens.Errorf(opslens.EUNAVAILABLE, "the database does not answer; the server log says why")
	}
	writeJSON(w, http.StatusOK, map[string]string{"Status": "ready"})
	return nil
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *request) error {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r.Request)
	return nil
}
