module "alerts" {
  source  = "terraform-aws-modules/sns/aws"
  version = "~> 6.0"
  name    = "payments-alerts"
  subscriptions = {
    oncall = {
      protocol = "email"
      endpoint = "payments-oncall@acme.example"
    }
  }
}

module "api_errors_alarm" {
  source  = "terraform-aws-modules/cloudwatch/aws//modules/metric-alarm"
  version = "~> 5.0"

  alarm_name          = "payments-api-errors"
  alarm_description   = "Server errors on the payments API"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  threshold           = 5
  period              = 60
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  alarm_actions       = [module.alerts.topic_arn]
}

module "api_logs" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-cloudwatch.git//modules/log-group?ref=v5.3.0"
  name   = "/payments/api"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "payments"
}
