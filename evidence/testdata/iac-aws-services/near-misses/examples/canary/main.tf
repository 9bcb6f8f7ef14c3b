resource "aws_synthetics_canary" "example" {
  name = "example"
}
