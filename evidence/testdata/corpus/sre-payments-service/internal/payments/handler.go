package payments

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var processed = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "payments_processed_total",
	Help: "Payments processed, by outcome.",
}, []string{"outcome"})

// Handler accepts payment requests.
type Handler struct{ log *slog.Logger }

// NewHandler returns a handler that logs to log.
func NewHandler(log *slog.Logger) *Handler { return &Handler{log: log} }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	processed.WithLabelValues("accepted").Inc()
	h.log.Info("payment accepted")
	w.WriteHeader(http.StatusAccepted)
}
