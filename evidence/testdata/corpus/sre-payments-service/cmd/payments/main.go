package main

import (
	"log/slog"
	"net/http"
	"os"

	"example.com/payments/internal/payments"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	h := payments.NewHandler(log)
	http.Handle("/payments", h)
	http.Handle("/metrics", promhttp.Handler())
	log.Info("listening", "addr", ":8080")
	if err := http.ListenAndServe(":8080", nil); err != nil {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}
