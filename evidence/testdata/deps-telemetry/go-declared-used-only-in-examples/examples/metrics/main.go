package main

import "github.com/prometheus/client_golang/prometheus"

var c = prometheus.NewCounter(prometheus.CounterOpts{Name: "example_total"})

func main() { c.Inc() }
