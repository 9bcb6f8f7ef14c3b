package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	OrdersPlaced = promauto.NewCounterVec(prometheus.CounterOpts{
		Namespace: "shop",
		Name:      "orders_placed_total",
		Help:      "Orders placed, by payment method.",
	}, []string{"method"})

	CheckoutSeconds = promauto.NewHistogram(prometheus.HistogramOpts{
		Name:    "checkout_duration_seconds",
		Help:    "Time to complete a checkout.",
		Buckets: prometheus.DefBuckets,
	})
)

// Register adds the Go runtime collector (default metrics: not evidence on their own).
func Register(r *prometheus.Registry) { r.MustRegister(collectors.NewGoCollector()) }
