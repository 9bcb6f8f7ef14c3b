module "app" {
  source         = "../../modules/app"
  environment    = "staging"
  instance_count = 2
}
