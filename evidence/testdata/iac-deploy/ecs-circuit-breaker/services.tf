resource "aws_ecs_service" "web" {
  name          = "web"
  desired_count = 2
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

resource "aws_ecs_service" "worker" {
  name          = "worker"
  desired_count = 1
  deployment_circuit_breaker {
    enable   = true
    rollback = false
  }
  alarms {
    alarm_names = ["worker-errors"]
    enable      = true
    rollback    = true
  }
}
