package http

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/opslens/opslens"
)

// metrics are the server's Prometheus metrics, on a registry of its own
// (not the global one) so that tests can run many servers.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	dbErrors prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opslens_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "opslens_http_request_duration_seconds", Help: "Time to serve HTTP requests, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		dbErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "opslens_database_errors_total", Help: "Requests that failed on a database or internal error.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.dbErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&portfolioCollector{s: s})
	return m
}

func (m *metrics) observe(route, method string, code int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// portfolioCollector reports the number of workloads and of questions at
// each risk across the portfolio, read when Prometheus scrapes.
type portfolioCollector struct{ s *Server }

var (
	workloadsDesc = prometheus.NewDesc("opslens_workloads", "Workloads in the database.", nil, nil)
	risksDesc     = prometheus.NewDesc("opslens_questions", "Questions across all workloads, by risk.", []string{"risk"}, nil)
)

func (c *portfolioCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- workloadsDesc
	ch <- risksDesc
}

func (c *portfolioCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := c.s.reviews.Portfolio(ctx, opslens.SummaryFilter{All: true})
	if err != nil {
		c.s.log.Warn("collect portfolio metrics", "err", err)
		ch <- prometheus.NewInvalidMetric(workloadsDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(workloadsDesc, prometheus.GaugeValue, float64(len(rows)))
	totals := map[opslens.Risk]int{}
	for _, r := range rows {
		for risk, n := range r.Counts {
			totals[risk] += n
		}
	}
	for _, risk := range opslens.Risks {
		ch <- prometheus.MustNewConstMetric(risksDesc, prometheus.GaugeValue, float64(totals[risk]), string(risk))
	}
}
