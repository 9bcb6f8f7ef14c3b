resource "pagerduty_escalation_policy" "example" {
  name = "example"
}
