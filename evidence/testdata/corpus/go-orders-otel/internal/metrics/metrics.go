package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	// OrdersCreated counts orders by outcome.
	OrdersCreated = promauto.NewCounterVec(prometheus.CounterOpts{
		Namespace: "orders",
		Name:      "created_total",
		Help:      "Orders created, by outcome.",
	}, []string{"outcome"})

	// PaymentSeconds measures calls to the payments API.
	PaymentSeconds = promauto.NewHistogram(prometheus.HistogramOpts{
		Namespace: "orders",
		Name:      "payment_duration_seconds",
		Help:      "Duration of payment calls.",
	})
)
