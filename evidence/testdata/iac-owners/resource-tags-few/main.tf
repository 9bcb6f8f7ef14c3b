resource "aws_s3_bucket" "a" {
  bucket = "a"
  tags   = { Name = "a", Environment = "prod" }
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  tags   = { Name = "b" }
}
resource "aws_s3_bucket" "c" {
  bucket = "c"
  tags   = { Name = "c" }
}
resource "aws_s3_bucket" "d" {
  bucket = "d"
  tags   = { Name = "d", owner = var.owner }
}
