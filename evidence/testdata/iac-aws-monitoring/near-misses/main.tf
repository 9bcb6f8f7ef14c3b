# resource "aws_cloudwatch_metric_alarm" "disabled" {
#   alarm_name = "never"
# }

/*
resource "aws_cloudwatch_dashboard" "old" {
  dashboard_name = "old"
}
*/

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
