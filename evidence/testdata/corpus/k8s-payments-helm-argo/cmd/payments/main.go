package main

import (
	"log"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var charged = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "payments_charged_total",
	Help: "Charges attempted, by result.",
}, []string{"result"})

func charge(w http.ResponseWriter, r *http.Request) {
	charged.WithLabelValues("ok").Inc()
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/charge", charge)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	http.Handle("/metrics", promhttp.Handler())
	log.Fatal(http.ListenAndServe(":8080", nil))
}
