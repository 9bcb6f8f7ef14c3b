terraform {
  source = "../../../modules//app"
}
inputs = {
  env = "staging"
}
