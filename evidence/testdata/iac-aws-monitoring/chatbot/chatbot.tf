resource "aws_sns_topic" "ops" {
  name = "ops"
}

resource "aws_chatbot_slack_channel_configuration" "ops" {
  configuration_name = "ops-alerts"
  iam_role_arn       = aws_iam_role.chatbot.arn
  slack_channel_id   = "C0123456"
  slack_team_id      = "T0123456"
  sns_topic_arns     = [aws_sns_topic.ops.arn]
}

resource "aws_cloudwatch_metric_alarm" "disk" {
  alarm_name          = "db-disk-low"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  comparison_operator = "LessThanThreshold"
  threshold           = 5000000000
  evaluation_periods  = 1
  alarm_actions       = [aws_sns_topic.ops.arn]
}
