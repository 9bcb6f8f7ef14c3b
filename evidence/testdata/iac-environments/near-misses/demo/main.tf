module "demo" {
  source = "../"
  name   = "demo-bucket"
}
