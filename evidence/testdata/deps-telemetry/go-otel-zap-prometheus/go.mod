module example.com/svc

go 1.22

require (
	github.com/prometheus/client_golang v1.19.0
	go.opentelemetry.io/otel v1.24.0
	go.opentelemetry.io/otel/sdk v1.24.0
	go.uber.org/zap v1.27.0
	github.com/sirupsen/logrus v1.9.3
	github.com/rs/zerolog v1.32.0 // indirect
)
