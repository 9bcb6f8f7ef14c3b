resource "aws_sns_topic" "orders_alerts" {
  name = "orders-alerts-${var.environment}"
}

resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.orders_alerts.arn
  protocol  = "email"
  endpoint  = var.oncall_email
}

resource "aws_cloudwatch_metric_alarm" "orders_5xx" {
  alarm_name          = "orders-${var.environment}-5xx"
  alarm_description   = "Orders API returns server errors. Runbook: https://wiki.acme.example/checkout/runbooks/orders-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.orders_alerts.arn]
  tags = {
    Severity = "critical"
  }
}

resource "aws_cloudwatch_metric_alarm" "orders_latency" {
  alarm_name          = "orders-${var.environment}-latency"
  alarm_description   = "p99 latency over 800 ms. Runbook: https://wiki.acme.example/checkout/runbooks/orders-latency"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  threshold           = 0.8
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.orders_alerts.arn]
  tags = {
    Severity = "warning"
  }
}

resource "aws_cloudwatch_metric_alarm" "order_failures" {
  alarm_name          = "orders-${var.environment}-failures"
  alarm_description   = "Orders are failing. Runbook: https://wiki.acme.example/checkout/runbooks/order-failures"
  namespace           = "Orders"
  metric_name         = "OrderFailures"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.orders_alerts.arn]
  tags = {
    Severity = "critical"
  }
}

# Anomaly detection on order volume was tried and switched off (too noisy):
# resource "aws_cloudwatch_metric_alarm" "order_volume_anomaly" {
#   alarm_name          = "orders-volume-anomaly"
#   comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold"
#   threshold_metric_id = "band"
# }

resource "aws_cloudwatch_dashboard" "orders" {
  dashboard_name = "orders-${var.environment}"
  dashboard_body = jsonencode({
    widgets = [{
      type = "metric"
      properties = {
        title   = "Requests and errors"
        metrics = [["AWS/ApplicationELB", "RequestCount"], ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"]]
        region  = var.region
      }
    }]
  })
}
