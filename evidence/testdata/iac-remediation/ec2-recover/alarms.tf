resource "aws_cloudwatch_metric_alarm" "bastion_status" {
  alarm_name          = "bastion-status-check"
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_System"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 2
  dimensions = {
    InstanceId = aws_instance.bastion.id
  }
  alarm_actions = ["arn:aws:automate:${var.region}:ec2:recover"]
}
