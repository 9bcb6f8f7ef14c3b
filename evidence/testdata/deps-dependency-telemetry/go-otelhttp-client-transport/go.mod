module example.com/svc

go 1.22

require (
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp v0.49.0
	github.com/XSAM/otelsql v0.29.0
)
