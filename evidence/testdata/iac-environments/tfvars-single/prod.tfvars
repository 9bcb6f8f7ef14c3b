bucket_suffix = "prod"
