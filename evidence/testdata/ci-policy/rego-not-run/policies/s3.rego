package terraform.s3

violation[msg] {
  r := input.resource_changes[_]
  r.type == "aws_s3_bucket"
  msg := sprintf("%v has no encryption", [r.address])
}
