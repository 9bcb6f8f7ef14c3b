package images

deny[msg] {
  input.kind == "Deployment"
  c := input.spec.template.spec.containers[_]
  not startswith(c.image, "registry.acme.example/")
  msg := sprintf("image %v is not from the company registry", [c.image])
}
