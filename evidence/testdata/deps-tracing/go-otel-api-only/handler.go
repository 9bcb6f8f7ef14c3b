package api

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer trace.Tracer = otel.Tracer("api")

func handle(ctx context.Context) {
	_, span := tracer.Start(ctx, "handle")
	defer span.End()
}
