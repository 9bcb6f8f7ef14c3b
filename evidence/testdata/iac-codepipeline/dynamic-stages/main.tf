resource "aws_codepipeline" "this" {
  name     = var.name
  role_arn = var.role_arn

  dynamic "stage" {
    for_each = var.stages
    content {
      name = stage.value.name
      dynamic "action" {
        for_each = stage.value.actions
        content {
          name     = action.value.name
          category = action.value.category
          owner    = "AWS"
          provider = action.value.provider
          version  = "1"
        }
      }
    }
  }
}
