policy "restrict-instance" {
  source = "./restrict-instance.sentinel"
  enforcement_level = "hard-mandatory"
}
