provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      ManagedBy = "terraform"
      Owner     = "payments-team"
      Service   = "checkout"
    }
  }
}
