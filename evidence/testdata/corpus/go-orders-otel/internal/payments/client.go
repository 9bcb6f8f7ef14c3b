package payments

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/acme/orders/internal/metrics"
)

var tracer trace.Tracer = otel.Tracer("payments")

// Client calls the payments API.
type Client struct {
	base string
	http *http.Client
}

// New returns a client whose calls are traced and measured.
func New(base string) Client {
	return Client{base: base, http: &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 5 * time.Second}}
}

// Charge charges an order.
func (c Client) Charge(ctx context.Context, order string) error {
	ctx, span := tracer.Start(ctx, "charge")
	defer span.End()
	start := time.Now()
	defer func() { metrics.PaymentSeconds.Observe(time.Since(start).Seconds()) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/charges/"+order, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
