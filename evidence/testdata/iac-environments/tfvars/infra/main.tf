resource "aws_s3_bucket" "data" {
  bucket = "acme-${var.env}-data"
}
