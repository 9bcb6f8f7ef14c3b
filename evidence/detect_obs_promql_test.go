package evidence

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPromqlDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"5m", 5 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"1w", 7 * 24 * time.Hour, true},
		{"2d", 48 * time.Hour, true},
		{"500ms", 500 * time.Millisecond, true},
		{"-1d", -24 * time.Hour, true},
		{"", 0, false},
		{"5x", 0, false},
		{"{{.window}}", 0, false},
	}
	for _, tc := range tests {
		got, ok := promqlDuration(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("promqlDuration(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPromqlAnomaly(t *testing.T) {
	tests := []struct {
		expr string
		want string // substring of the reason; "" for none
	}{
		{`rate(x[5m]) < 0.5 * rate(x[5m] offset 1w)`, "offset 1w"},
		{`rate(x[5m]) / rate(x[5m] offset -1d)`, "offset -1d"},
		{`predict_linear(node_filesystem_avail_bytes[6h], 4*3600) < 0`, "predict_linear"},
		{`holt_winters(x[1d], 0.3, 0.3)`, "holt_winters"},
		{`abs(x - avg_over_time(x[1h])) / stddev_over_time(x[1h]) > 3`, "stddev_over_time"},
		{`x < 0.6 * avg_over_time(x[7d])`, "average over 1w"},
		{`avg_over_time(x[1d]) > 10`, ""},
		{`x < 0.6 * avg_over_time(x[1h])`, ""},
		{`rate(x[5m]) - rate(x[5m] offset 5m) > 1`, ""},
		{`up{job="offset 1w"} == 0`, ""},
		{`up{job="predict_linear("} == 0`, ""},
		{`rate(errors_total[5m]) > 0.1 # offset 1w`, ""},
	}
	for _, tc := range tests {
		got := promqlAnomaly(tc.expr)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("promqlAnomaly(%q) = %q, want containing %q", tc.expr, got, tc.want)
		}
	}
}

func TestPromqlBurnRate(t *testing.T) {
	tests := []struct {
		expr        string
		burn, multi bool
	}{
		{`job:slo_errors_per_request:ratio_rate1h > (14.4 * (1 - 0.999)) and job:slo_errors_per_request:ratio_rate5m > (14.4 * (1 - 0.999))`, true, true},
		{`sum(rate(errors[1h])) / sum(rate(total[1h])) > 14.4 * (1-0.99) and sum(rate(errors[5m])) / sum(rate(total[5m])) > 14.4 * (1-0.99)`, true, true},
		{`slo:sli_error:ratio_rate1h{sloth_slo="x"} > (6 * 0.001)`, true, false},
		{`sum(rate(errors[5m])) / sum(rate(total[5m])) > 0.05`, false, false},
		{`up == 0 and up offset 1h == 0`, false, false},
	}
	for _, tc := range tests {
		burn, multi := promqlBurnRate(tc.expr)
		if burn != tc.burn || multi != tc.multi {
			t.Errorf("promqlBurnRate(%q) = %v, %v; want %v, %v", tc.expr, burn, multi, tc.burn, tc.multi)
		}
	}
}

func TestPromqlMetrics(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`sum by (job, code) (rate(http_requests_total{code=~"5.."}[5m]))`, []string{"http_requests_total"}},
		{`a:b:rate5m / on (job) group_left(team) c`, []string{"a:b:rate5m", "c"}},
		{`vector(1)`, nil},
		{`x offset 1w and bool y`, []string{"x", "y"}},
	}
	for _, tc := range tests {
		if got := promqlMetrics(tc.expr); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("promqlMetrics(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestLogqlAndDatadog(t *testing.T) {
	logs := map[string]bool{
		`sum(rate({app="api"} |= "error" [5m]))`:                   true,
		`count_over_time({job="x"}[1h]) > 0`:                       true,
		`sum by (app) (rate({ns="p"} | json | level="error"[1m]))`: true,
		`sum(rate(http_requests_total{code="500"}[5m]))`:           false,
	}
	for expr, want := range logs {
		if got := logqlQuery(expr); got != want {
			t.Errorf("logqlQuery(%q) = %v, want %v", expr, got, want)
		}
	}
	dd := map[string]string{
		"avg(last_4h):anomalies(avg:x{*}, 'basic', 2) >= 1":          "anomalies",
		"avg(last_1h):outliers(avg:x{*} by {host}, 'DBSCAN', 3) > 0": "outliers",
		"max(next_1w):forecast(avg:disk{*}, 'linear', 1) >= 0.9":     "forecast",
		"avg(last_5m):avg:x{*} > 10":                                 "",
	}
	for q, want := range dd {
		if got := ddAnomaly(q); got != want {
			t.Errorf("ddAnomaly(%q) = %q, want %q", q, got, want)
		}
	}
}

func FuzzPromql(f *testing.F) {
	f.Add(`sum(rate(x{a="b"}[5m] offset 1w)) / predict_linear(y[1h], 3600)`)
	f.Add(`"unterminated`)
	f.Add(`avg_over_time(x[1d]) (((`)
	f.Add("x # comment\n and y[99999999999999999d]")
	f.Fuzz(func(t *testing.T, expr string) {
		_ = promqlAnomaly(expr)
		_, _ = promqlBurnRate(expr)
		_ = promqlMetrics(expr)
		_ = logqlQuery(expr)
		_ = ddAnomaly(expr)
	})
}
