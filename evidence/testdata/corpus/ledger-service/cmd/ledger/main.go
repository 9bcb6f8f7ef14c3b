// Command ledger serves the account ledger over HTTP.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/acme/ledger-service/internal/ledger"
)

func main() {
	store := ledger.NewStore()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /entries", ledger.PostEntry(store))
	mux.HandleFunc("GET /balances/{account}", ledger.GetBalance(store))
	addr := os.Getenv("LEDGER_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	log.Fatal(http.ListenAndServe(addr, mux))
}
