resource "aws_lambda_function" "fn" {
  function_name = "fn"
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_guardduty_detector" "off" {
  enable = false
}

resource "aws_ssm_document" "session" {
  name          = "session-prefs"
  document_type = "Session"
}

resource "aws_appconfig_configuration_profile" "settings" {
  application_id = "abc"
  name           = "settings"
  location_uri   = "hosted"
  type           = "AWS.Freeform"
}

resource "aws_ecr_repository" "noscan" {
  name = "noscan"
}
