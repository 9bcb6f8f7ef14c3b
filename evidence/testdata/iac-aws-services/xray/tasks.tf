resource "aws_lambda_function" "worker" {
  function_name = "worker"
  handler       = "main.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.worker.arn
  tracing_config {
    mode = "Active"
  }
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    { name = "api", image = "acme/api:1.0" },
    { name = "xray", image = "public.ecr.aws/xray/aws-xray-daemon:3.3.7" }
  ])
}
