variable "environment" {
  type = string
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "Unknown environment."
  }
}

variable "instance_type" {
  type = string
  validation {
    condition     = can(regex("^t3", var.instance_type))
    error_message = "Use t3 in dev and prod."
  }
}
