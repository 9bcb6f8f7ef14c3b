module "api_service" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "~> 5.11"

  name        = "payments-api"
  cluster_arn = module.cluster.arn

  deployment_circuit_breaker = {
    enable   = true
    rollback = true
  }
}
