package http

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes every /api/v1 route; openapi_test.go checks it
// against the route table both ways and the responses against it.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiOpenAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", "GetOpenAPI", public, true, s.apiOpenAPI},
	}
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openAPIDoc)
	return err
}
