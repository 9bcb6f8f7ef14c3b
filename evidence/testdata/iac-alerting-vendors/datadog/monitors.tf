resource "datadog_monitor" "checkout_errors" {
  name     = "Checkout error rate high"
  type     = "query alert"
  query    = "sum(last_5m):sum:trace.http.request.errors{service:checkout}.as_count() > 50"
  priority = 2
  message  = <<-EOT
    Error rate is high. Runbook: https://wiki.acme.example/runbooks/checkout-errors
    @pagerduty-checkout @slack-checkout-alerts
  EOT
}

resource "datadog_monitor" "checkout_traffic_anomaly" {
  name    = "Checkout traffic anomaly"
  type    = "query alert"
  query   = "avg(last_4h):anomalies(sum:trace.http.request.hits{service:checkout}.as_count(), 'agile', 2) >= 1"
  message = "Traffic is unusual for this time of week."
  tags    = ["team:checkout", "severity:warning"]
}

resource "datadog_dashboard_json" "checkout" {
  dashboard = file("${path.module}/dashboards/checkout.json")
}

resource "datadog_service_level_objective" "checkout_availability" {
  name = "Checkout availability"
  type = "metric"
  query {
    numerator   = "sum:trace.http.request.hits{service:checkout,!http.status_class:5xx}.as_count()"
    denominator = "sum:trace.http.request.hits{service:checkout}.as_count()"
  }
  thresholds {
    timeframe = "30d"
    target    = 99.9
  }
}

resource "datadog_synthetics_test" "checkout_health" {
  name    = "Checkout health"
  type    = "api"
  subtype = "http"
  status  = "live"
  locations = ["aws:eu-central-1"]
  request_definition {
    method = "GET"
    url    = "https://checkout.acme.example/health"
  }
}
