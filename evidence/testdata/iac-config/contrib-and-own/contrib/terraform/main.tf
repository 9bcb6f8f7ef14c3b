resource "aws_instance" "community" {
  ami = "ami-123"
}
