resource "aws_ssm_patch_baseline" "linux" {
  name             = "linux-security"
  operating_system = "AMAZON_LINUX_2023"
  approval_rule {
    approve_after_days = 7
    patch_filter {
      key    = "CLASSIFICATION"
      values = ["Security"]
    }
  }
}

resource "aws_ssm_maintenance_window" "weekly" {
  name     = "weekly-patching"
  schedule = "cron(0 2 ? * SUN *)"
  duration = 3
  cutoff   = 1
}

resource "aws_ssm_maintenance_window_task" "patch" {
  window_id       = aws_ssm_maintenance_window.weekly.id
  task_type       = "RUN_COMMAND"
  task_arn        = "AWS-RunPatchBaseline"
  max_concurrency = "10%"
  max_errors      = "1"
}

resource "aws_ssm_association" "scan" {
  name                = "AWS-RunPatchBaseline"
  schedule_expression = "rate(1 day)"
  parameters = {
    Operation = "Scan"
  }
}

resource "aws_imagebuilder_image_pipeline" "base" {
  name                             = "base-ami"
  image_recipe_arn                 = aws_imagebuilder_image_recipe.base.arn
  infrastructure_configuration_arn = aws_imagebuilder_infrastructure_configuration.base.arn
  schedule {
    schedule_expression = "cron(0 0 ? * MON *)"
  }
}
