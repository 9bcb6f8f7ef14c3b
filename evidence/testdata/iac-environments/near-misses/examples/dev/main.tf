module "dev" {
  source = "../../"
}
