resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "main"
    schedule          = "cron(0 5 * * ? *)"
  }
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_securityhub_account" "main" {}

resource "aws_ecr_repository" "api" {
  name = "api"
  image_scanning_configuration {
    scan_on_push = true
  }
}
