resource "aws_codedeploy_deployment_config" "linear" {
  deployment_config_name = "lambda-linear-20-every-2"
  compute_platform       = "Lambda"
  traffic_routing_config {
    type = "TimeBasedLinear"
    time_based_linear {
      interval   = 2
      percentage = 20
    }
  }
}

resource "aws_codedeploy_deployment_group" "fn" {
  app_name               = "fn"
  deployment_group_name  = "fn"
  deployment_config_name = aws_codedeploy_deployment_config.linear.id
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
}
