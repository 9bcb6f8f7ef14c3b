package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"example.com/svc/internal/telemetry"
)

func main() {
	log, _ := zap.NewProduction()
	defer log.Sync()
	shutdown := telemetry.Setup()
	defer shutdown()
	http.Handle("/metrics", promhttp.Handler())
	log.Info("listening", zap.String("addr", ":8080"))
	_ = http.ListenAndServe(":8080", nil)
}
