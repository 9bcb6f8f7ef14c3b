module example.com/svc

go 1.20

require (
	github.com/prometheus/client_golang v1.19.0
)
