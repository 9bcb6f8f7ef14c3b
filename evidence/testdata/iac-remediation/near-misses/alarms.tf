resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "errors"
  namespace           = "App"
  metric_name         = "Errors"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  evaluation_periods  = 1
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_autoscaling_policy" "manual_step" {
  name                   = "unused-step"
  autoscaling_group_name = "workers"
  policy_type            = "StepScaling"
}
