terraform {
  required_providers {
    pagerduty = {
      source = "PagerDuty/pagerduty"
    }
  }
}

resource "pagerduty_schedule" "primary" {
  name      = "Checkout primary"
  time_zone = "Europe/Berlin"
  layer {
    name                         = "weekly"
    start                        = "2024-01-01T00:00:00+01:00"
    rotation_virtual_start       = "2024-01-01T00:00:00+01:00"
    rotation_turn_length_seconds = 604800
    users                        = [data.pagerduty_user.ana.id, data.pagerduty_user.ben.id]
  }
}

resource "pagerduty_escalation_policy" "checkout" {
  name      = "Checkout"
  num_loops = 2
  rule {
    escalation_delay_in_minutes = 10
    target {
      type = "schedule_reference"
      id   = pagerduty_schedule.primary.id
    }
  }
}

resource "pagerduty_service" "checkout" {
  name              = "Checkout API"
  escalation_policy = pagerduty_escalation_policy.checkout.id
}

resource "pagerduty_service_integration" "cloudwatch" {
  name    = "CloudWatch"
  service = pagerduty_service.checkout.id
  vendor  = data.pagerduty_vendor.cloudwatch.id
}
