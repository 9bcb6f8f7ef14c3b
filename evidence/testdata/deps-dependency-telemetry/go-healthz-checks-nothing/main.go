package main

import (
	"net/http"

	"go.uber.org/zap"
)

func main() {
	log := zap.NewExample()
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	log.Info("up")
}
