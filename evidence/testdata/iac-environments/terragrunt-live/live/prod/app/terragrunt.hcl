terraform {
  source = "../../../modules//app"
}
inputs = {
  env = "prod"
}
