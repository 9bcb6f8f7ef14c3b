variable "owner" {
  default = "someone"
}

resource "aws_s3_bucket" "a" {
  bucket = "a"
  tags = {
    Owner = ""
    Name  = "a"
  }
}
