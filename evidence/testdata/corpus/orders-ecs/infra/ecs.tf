resource "aws_ecs_cluster" "main" {
  name = "orders-${var.environment}"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/ecs/orders-${var.environment}"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_metric_filter" "order_failures" {
  name           = "order-failures"
  log_group_name = aws_cloudwatch_log_group.orders.name
  pattern        = "\"order failed\""
  metric_transformation {
    name      = "OrderFailures"
    namespace = "Orders"
    value     = "1"
  }
}

resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "orders"
    image        = "${aws_ecr_repository.orders.repository_url}:latest"
    portMappings = [{ containerPort = 8080 }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.orders.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "orders"
      }
    }
  }])
}

resource "aws_ecr_repository" "orders" {
  name = "orders"
}

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.orders.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  deployment_controller {
    type = "CODE_DEPLOY"
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.blue.arn
    container_name   = "orders"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "blue" {
  name        = "orders-blue"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = data.aws_vpc.main.id
  health_check {
    path = "/healthz"
  }
}

resource "aws_lb_target_group" "green" {
  name        = "orders-green"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = data.aws_vpc.main.id
  health_check {
    path = "/healthz"
  }
}

data "aws_vpc" "main" {
  tags = { Name = "main" }
}

resource "aws_appautoscaling_target" "orders" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.orders.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.desired_count
  max_capacity       = 12
}

resource "aws_appautoscaling_policy" "orders_cpu" {
  name               = "orders-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.orders.service_namespace
  resource_id        = aws_appautoscaling_target.orders.resource_id
  scalable_dimension = aws_appautoscaling_target.orders.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
