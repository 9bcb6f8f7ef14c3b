resource "aws_s3_bucket" "vendored" {
  bucket = "vendored"
}
