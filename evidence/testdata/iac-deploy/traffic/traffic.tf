resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.api.function_name
  function_version = "7"
  routing_config {
    additional_version_weights = {
      "8" = 0.1
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.blue.arn
        weight = 90
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 10
      }
    }
  }
}

resource "aws_lb_target_group" "blue" {
  name = "web-blue"
  port = 8080
}

resource "aws_lb_target_group" "green" {
  name = "web-green"
  port = 8080
}

resource "aws_route53_record" "api_canary" {
  zone_id        = aws_route53_zone.main.zone_id
  name           = "api.acme.example"
  type           = "CNAME"
  ttl            = 60
  set_identifier = "canary"
  records        = ["canary.api.acme.example"]
  weighted_routing_policy {
    weight = 5
  }
}

resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  canary_settings {
    percent_traffic = 10
  }
}

resource "aws_appconfig_deployment_strategy" "gradual" {
  name                           = "gradual-20"
  deployment_duration_in_minutes = 20
  growth_factor                  = 20
  replicate_to                   = "NONE"
}

resource "aws_appconfig_environment" "prod" {
  name           = "prod"
  application_id = aws_appconfig_application.app.id
  monitor {
    alarm_arn      = aws_cloudwatch_metric_alarm.errors.arn
    alarm_role_arn = aws_iam_role.appconfig.arn
  }
}
