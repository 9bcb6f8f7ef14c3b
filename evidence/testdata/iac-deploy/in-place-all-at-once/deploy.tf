resource "aws_codedeploy_deployment_group" "legacy" {
  app_name               = "legacy"
  deployment_group_name  = "legacy"
  deployment_config_name = "CodeDeployDefault.AllAtOnce"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_style {
    deployment_type = "IN_PLACE"
  }
  auto_rollback_configuration {
    enabled = false
  }
}

resource "aws_ecs_service" "plain" {
  name = "plain"
}

resource "aws_lb_target_group" "blue" {
  name = "only-blue"
}

resource "aws_route53_record" "www" {
  name    = "www.acme.example"
  type    = "A"
  records = ["10.0.0.1"]
}
