package metrics

import "github.com/prometheus/client_golang/prometheus"

var testOnly = prometheus.NewGauge(prometheus.GaugeOpts{Name: "test_only_gauge"})
