provider "aws" {
  default_tags {
    tags = { Owner = "example" }
  }
}
