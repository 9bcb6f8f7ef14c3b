environment   = "prod"
desired_count = 4
oncall_email  = "checkout-oncall@acme.example"
