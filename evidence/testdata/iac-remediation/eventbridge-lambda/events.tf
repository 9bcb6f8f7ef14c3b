resource "aws_lambda_function" "health_responder" {
  function_name = "health-responder"
  handler       = "main.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.responder.arn
  filename      = "build/responder.zip"
}

resource "aws_cloudwatch_event_rule" "health" {
  name = "aws-health-events"
  event_pattern = jsonencode({
    source      = ["aws.health"]
    detail-type = ["AWS Health Event"]
  })
}

resource "aws_cloudwatch_event_target" "health" {
  rule = aws_cloudwatch_event_rule.health.name
  arn  = aws_lambda_function.health_responder.arn
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly-report"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.health_responder.arn
}

resource "aws_cloudwatch_event_rule" "uploads" {
  name          = "image-uploaded"
  event_pattern = <<-EOT
    {"source": ["aws.s3"], "detail-type": ["Object Created"]}
  EOT
}

resource "aws_cloudwatch_event_target" "uploads" {
  rule = aws_cloudwatch_event_rule.uploads.name
  arn  = aws_lambda_function.health_responder.arn
}
