resource "aws_codedeploy_app" "orders" {
  name             = "orders"
  compute_platform = "ECS"
}

resource "aws_codedeploy_deployment_group" "orders" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "orders-${var.environment}"
  deployment_config_name = "CodeDeployDefault.ECSCanary10Percent5Minutes"
  service_role_arn       = aws_iam_role.codedeploy.arn

  deployment_style {
    deployment_option = "WITH_TRAFFIC_CONTROL"
    deployment_type   = "BLUE_GREEN"
  }

  blue_green_deployment_config {
    deployment_ready_option {
      action_on_timeout = "CONTINUE_DEPLOYMENT"
    }
    terminate_blue_instances_on_deployment_success {
      action                           = "TERMINATE"
      termination_wait_time_in_minutes = 10
    }
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  alarm_configuration {
    enabled = true
    alarms  = [aws_cloudwatch_metric_alarm.orders_5xx.alarm_name]
  }

  ecs_service {
    cluster_name = aws_ecs_cluster.main.name
    service_name = aws_ecs_service.orders.name
  }
}

resource "aws_iam_role" "codedeploy" {
  name               = "orders-codedeploy"
  assume_role_policy = data.aws_iam_policy_document.codedeploy_assume.json
}
