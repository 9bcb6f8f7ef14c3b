package telemetry

import (
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Setup installs the global tracer provider.
func Setup() func() {
	tp := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(tp)
	return func() {}
}
