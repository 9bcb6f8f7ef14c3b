resource "aws_cloudwatch_dashboard" "mod" {
  dashboard_name = "mod"
}
