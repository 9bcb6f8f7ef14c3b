module "under_test" {
  source = "../"
  name   = "terratest-bucket"
}
