resource "aws_ssm_document" "restart_service" {
  name            = "RestartOrdersService"
  document_type   = "Automation"
  document_format = "YAML"
  content         = file("${path.module}/runbooks/restart.yaml")
}

resource "aws_ssm_document" "collect_logs" {
  name          = "CollectOrdersLogs"
  document_type = "Command"
  content       = file("${path.module}/runbooks/collect.json")
}
