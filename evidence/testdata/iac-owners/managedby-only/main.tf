provider "aws" {
  default_tags {
    tags = {
      ManagedBy   = "terraform"
      Environment = "prod"
      CreatedBy   = "ci"
    }
  }
}

resource "aws_s3_bucket" "a" {
  bucket = "a"
  tags   = { Name = "a" }
}
