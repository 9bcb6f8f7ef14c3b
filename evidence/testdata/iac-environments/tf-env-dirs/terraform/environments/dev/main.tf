module "app" {
  source         = "../../modules/app"
  environment    = "dev"
  instance_count = 2
}
