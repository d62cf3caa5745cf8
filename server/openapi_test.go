package server_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/quiver-kg/quiver/server"
)

// TestOpenAPIMatchesRoutes checks the OpenAPI document against the real
// routes: every route is documented, and every documented route answers
// (neither 404 nor 405).
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                            `yaml:"openapi"`
		Paths   map[string]map[string]interface{} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(server.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete", "head", "options":
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	ts := newTestServer(t, server.Config{})
	served := map[string]bool{}
	for _, r := range ts.srv.Routes() {
		served[r.Method+" "+r.Path] = true
	}
	t.Run("every route documented", func(t *testing.T) {
		for _, r := range keys(served) {
			if !documented[r] {
				t.Errorf("route %s is not in openapi.yaml", r)
			}
		}
	})
	t.Run("every documented route served", func(t *testing.T) {
		for _, r := range keys(documented) {
			if !served[r] {
				t.Errorf("openapi.yaml documents %s, which the server does not register", r)
			}
		}
	})
	for _, r := range keys(documented) {
		t.Run("answers "+r, func(t *testing.T) {
			method, path, _ := strings.Cut(r, " ")
			path = strings.ReplaceAll(path, "{lang}", "gizmo")
			resp, body := ts.do(t, request{method: method, path: path})
			if resp.StatusCode == http.StatusNotFound && !strings.Contains(body, "not found") || resp.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s answers %d: %s", r, resp.StatusCode, body)
			}
			if strings.Contains(body, "no such API route") {
				t.Errorf("%s is not routed: %s", r, body)
			}
		})
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
