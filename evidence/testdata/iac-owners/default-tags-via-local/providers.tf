locals {
  default_tags = merge(var.extra_tags, {
    "team"        = "search"
    "cost-center" = "cc-1042"
  })
}

provider "aws" {
  default_tags {
    tags = local.default_tags
  }
}
