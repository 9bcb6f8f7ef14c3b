resource "aws_codepipeline" "example" {
  name = "example"
}
