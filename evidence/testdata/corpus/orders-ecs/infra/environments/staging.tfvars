environment   = "staging"
desired_count = 1
oncall_email  = "checkout-staging@acme.example"
