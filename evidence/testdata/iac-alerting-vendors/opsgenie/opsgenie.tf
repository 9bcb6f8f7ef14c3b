resource "opsgenie_schedule" "platform" {
  name          = "platform-oncall"
  timezone      = "UTC"
  owner_team_id = opsgenie_team.platform.id
}

resource "opsgenie_escalation" "platform" {
  name = "platform-escalation"
  rules {
    condition   = "if-not-acked"
    notify_type = "default"
    delay       = 5
    recipient {
      type = "schedule"
      id   = opsgenie_schedule.platform.id
    }
  }
}

resource "opsgenie_api_integration" "prometheus" {
  name = "prometheus"
  type = "Prometheus"
}
