project = "orders"
extensions = []
