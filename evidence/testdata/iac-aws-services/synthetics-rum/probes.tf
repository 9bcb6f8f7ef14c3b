resource "aws_synthetics_canary" "checkout" {
  name                 = "checkout-flow"
  artifact_s3_location = "s3://acme-canaries/"
  execution_role_arn   = aws_iam_role.canary.arn
  handler              = "checkout.handler"
  runtime_version      = "syn-nodejs-puppeteer-9.0"
  zip_file             = "canaries/checkout.zip"
  schedule {
    expression = "rate(5 minutes)"
  }
}

resource "aws_route53_health_check" "payments_provider" {
  fqdn              = "api.payments-provider.example"
  port              = 443
  type              = "HTTPS"
  resource_path     = "/health"
  failure_threshold = 3
  request_interval  = 30
}

resource "aws_rum_app_monitor" "web" {
  name   = "shop-web"
  domain = "shop.acme.example"
}
