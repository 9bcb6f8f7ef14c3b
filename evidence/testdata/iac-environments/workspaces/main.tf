locals {
  env = terraform.workspace
  sizes = {
    default = "t3.micro"
    prod    = "m5.large"
  }
}

resource "aws_instance" "app" {
  ami           = "ami-0abcdef"
  instance_type = local.sizes[terraform.workspace]
}
