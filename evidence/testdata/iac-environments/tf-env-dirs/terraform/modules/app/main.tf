resource "aws_instance" "app" {
  count         = var.instance_count
  ami           = "ami-0abcdef"
  instance_type = "t3.small"
}
