module "app" {
  source         = "../../modules/app"
  environment    = "prod"
  instance_count = 2
}
