package orders

import (
	"net/http"

	"github.com/acme/orders/internal/flags"
	"github.com/acme/orders/internal/metrics"
	"github.com/acme/orders/internal/payments"
)

// Handler serves the orders API.
type Handler struct {
	Payments payments.Client
	Flags    flags.Flags
}

// Create places an order.
func (h Handler) Create(w http.ResponseWriter, r *http.Request) {
	if err := h.Payments.Charge(r.Context(), r.FormValue("id")); err != nil {
		metrics.OrdersCreated.WithLabelValues("payment_failed").Inc()
		http.Error(w, "payment failed", http.StatusBadGateway)
		return
	}
	metrics.OrdersCreated.WithLabelValues("ok").Inc()
	w.WriteHeader(http.StatusCreated)
}
