resource "aws_sns_topic" "alerts" {
  name = "orders-alerts"
}

resource "aws_sns_topic_subscription" "oncall_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "oncall@acme.example"
}

resource "aws_cloudwatch_metric_alarm" "api_latency" {
  alarm_name          = "orders-api-p99-latency"
  alarm_description   = "p99 latency above 1s. Runbook: https://wiki.acme.example/runbooks/orders-latency"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p99"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  evaluation_periods  = 3
  period              = 60
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags = {
    Severity = "high"
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "P1-orders-api-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 10
  evaluation_periods  = 1
  period              = 60
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "orders_anomaly" {
  alarm_name          = "orders-per-minute-anomaly"
  comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold"
  evaluation_periods  = 2
  threshold_metric_id = "band"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  metric_query {
    id          = "band"
    expression  = "ANOMALY_DETECTION_BAND(m1, 2)"
    return_data = true
  }

  metric_query {
    id          = "m1"
    return_data = true
    metric {
      namespace   = "Orders"
      metric_name = "OrdersPlaced"
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_composite_alarm" "orders_down" {
  alarm_name    = "orders-down"
  alarm_rule    = "ALARM(${aws_cloudwatch_metric_alarm.api_5xx.alarm_name}) AND ALARM(${aws_cloudwatch_metric_alarm.api_latency.alarm_name})"
  alarm_actions = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "orders-cpu-high"
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 75
  evaluation_periods  = 2
  period              = 60
  alarm_actions       = [aws_appautoscaling_policy.scale_out.arn]
}

resource "aws_appautoscaling_policy" "scale_out" {
  name               = "orders-scale-out"
  policy_type        = "StepScaling"
  resource_id        = "service/orders/api"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
}

resource "aws_cloudwatch_dashboard" "orders" {
  dashboard_name = "orders-service"
  dashboard_body = jsonencode({ widgets = [] })
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/ecs/orders-api"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_metric_filter" "payment_failures" {
  name           = "payment-failures"
  log_group_name = aws_cloudwatch_log_group.api.name
  pattern        = "{ $.event = \"payment_failed\" }"
  metric_transformation {
    name      = "PaymentFailures"
    namespace = "Orders"
    value     = "1"
  }
}

resource "aws_ecs_cluster" "main" {
  name = "orders"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
