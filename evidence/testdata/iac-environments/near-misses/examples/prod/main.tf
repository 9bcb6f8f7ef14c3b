module "prod" {
  source = "../../"
}
