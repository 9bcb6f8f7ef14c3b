data "pagerduty_escalation_policy" "shared" {
  name = "Platform"
}

resource "pagerduty_service" "x" {
  name              = "x"
  escalation_policy = data.pagerduty_escalation_policy.shared.id
}
