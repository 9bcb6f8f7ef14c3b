terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "orders/terraform.tfstate"
    region = "eu-west-1"
  }
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Service   = "orders"
      Owner     = "team-checkout"
      ManagedBy = "terraform"
    }
  }
}
