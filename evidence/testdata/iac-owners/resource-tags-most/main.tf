locals {
  common = {
    Owner   = "platform@acme.example"
    Project = "ledger"
  }
}

resource "aws_dynamodb_table" "ledger" {
  name = "ledger"
  tags = merge(local.common, { Name = "ledger" })
}

resource "aws_s3_bucket" "exports" {
  bucket = "ledger-exports"
  tags = {
    Team = "ledger"
  }
}

resource "aws_sns_topic" "events" {
  name = "ledger-events"
  tags = { Name = "events" }
}

resource "aws_iam_role_policy_attachment" "x" {
  role       = "ledger"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
