resource "grafana_dashboard" "api" {
  config_json = file("dashboards/api.json")
}

resource "grafana_rule_group" "api" {
  name             = "api"
  folder_uid       = grafana_folder.api.uid
  interval_seconds = 60
  rule {
    name      = "API 5xx ratio"
    condition = "C"
    labels = {
      severity = "page"
    }
    annotations = {
      summary     = "API returns errors"
      runbook_url = "https://runbooks.acme.example/api-5xx"
    }
  }
}

resource "grafana_contact_point" "oncall" {
  name = "oncall"
  email {
    addresses = ["oncall@acme.example"]
  }
}

resource "grafana_oncall_escalation_chain" "default" {
  name = "default"
}
