resource "aws_cloudwatch_metric_alarm" "example" {
  alarm_name    = "example"
  alarm_actions = [aws_sns_topic.example.arn]
}
