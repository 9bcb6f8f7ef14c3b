terraform {
  required_version = ">= 1.5"
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "orders/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = var.region
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
  name    = "orders"
  cidr    = "10.20.0.0/16"
}

resource "aws_ecs_cluster" "main" {
  name = "orders"
}

resource "aws_ecs_service" "api" {
  name            = "orders-api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2
}

# resource "aws_ecs_service" "old" {
#   name = "legacy"
# }
