resource "aws_instance" "copied" {
  ami = "ami-123"
}
