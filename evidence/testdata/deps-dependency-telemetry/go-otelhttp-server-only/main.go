package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func main() {
	// Inbound requests only: this measures the service, not its dependencies.
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.DefaultServeMux, "server"))
}
