package main

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	requests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "checkout_requests_total",
		Help: "Checkout requests by response code.",
	}, []string{"code"})
	duration = promauto.NewHistogram(prometheus.HistogramOpts{
		Name: "checkout_request_duration_seconds",
		Help: "Checkout request latency.",
	})
)

func handle(w http.ResponseWriter, r *http.Request) {
	t := prometheus.NewTimer(duration)
	defer t.ObserveDuration()
	requests.WithLabelValues("200").Inc()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/checkout", handle)
	http.Handle("/metrics", promhttp.Handler())
	slog.Info("listening", "addr", ":8080")
	if err := http.ListenAndServe(":8080", nil); err != nil {
		slog.Error("server stopped", "err", err)
	}
}
