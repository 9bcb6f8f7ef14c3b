package main

import (
	"log"
	"net/http"

	"github.com/acme/orders/internal/api"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", api.Routes()))
}
