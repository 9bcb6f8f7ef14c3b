variable "alerts_topic_arn" {
  type = string
}

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  alarm_name          = "${var.name}-queue-age"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 600
  evaluation_periods  = 3
  alarm_actions       = [var.alerts_topic_arn]
}
