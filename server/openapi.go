package server

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3 document describing every route, served at
// GET /api/openapi.yaml. A test checks it against the real routes.
//
//go:embed openapi.yaml
var OpenAPI []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(OpenAPI)
}
