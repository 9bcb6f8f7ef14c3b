package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/acme/orders/internal/flags"
	"github.com/acme/orders/internal/orders"
	"github.com/acme/orders/internal/payments"
	"github.com/acme/orders/internal/telemetry"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	slog.SetDefault(logger)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	shutdown, err := telemetry.Start(ctx, "orders")
	if err != nil {
		logger.Error("telemetry", "err", err)
		os.Exit(1)
	}
	defer shutdown(context.Background())

	h := orders.Handler{Payments: payments.New(os.Getenv("PAYMENTS_URL")), Flags: flags.New()}
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Post("/orders", h.Create)
	r.Handle("/metrics", promhttp.Handler())

	srv := &http.Server{Addr: ":8080", Handler: otelhttp.NewHandler(r, "orders")}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	logger.Info("listening", "addr", srv.Addr)
	_ = srv.ListenAndServe()
}
