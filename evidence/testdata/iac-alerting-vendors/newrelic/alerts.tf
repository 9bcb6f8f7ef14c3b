resource "newrelic_alert_policy" "orders" {
  name = "Orders"
}

resource "newrelic_nrql_alert_condition" "orders_throughput" {
  policy_id   = newrelic_alert_policy.orders.id
  type        = "baseline"
  name        = "Orders throughput deviates"
  runbook_url = "https://runbooks.acme.example/orders/throughput"
  baseline_direction = "upper_and_lower"
  nrql {
    query = "SELECT count(*) FROM Transaction WHERE appName = 'orders'"
  }
  critical {
    operator              = "above"
    threshold             = 3
    threshold_duration    = 300
    threshold_occurrences = "all"
  }
}

resource "newrelic_one_dashboard" "orders" {
  name = "Orders overview"
  page {
    name = "Overview"
  }
}

resource "newrelic_notification_destination" "slack" {
  name = "orders-slack"
  type = "SLACK"
}

resource "newrelic_service_level" "orders_latency" {
  guid = "abc"
  name = "Orders latency"
}
