package jobs

import "go.opentelemetry.io/otel"

var meter = otel.Meter("jobs")

var processed, _ = meter.Int64Counter("jobs.processed")
var queueDepth, _ = meter.Int64ObservableGauge("jobs.queue.depth")
