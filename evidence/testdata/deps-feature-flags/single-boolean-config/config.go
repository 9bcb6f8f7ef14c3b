package main

import "os"

// EnableNewCheckout is a plain switch, not a feature-flag system.
var EnableNewCheckout = os.Getenv("ENABLE_NEW_CHECKOUT") == "true"
