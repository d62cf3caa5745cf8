package reliability_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/server"
)

// TestJSONLDNeverFetches offers JSON-LD documents whose @context points at
// a local HTTP server that counts its hits, and at a local file that exists,
// in every place JSON-LD 1.1 allows a context reference. Each must be
// refused with a located error, through the library and through the HTTP
// API, with zero hits on the server.
func TestJSONLDNeverFetches(t *testing.T) {
	var hits atomic.Int64
	ctxServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write([]byte(`{"@context": {"name": "http://example.org/name"}}`))
	}))
	defer ctxServer.Close()
	dir := t.TempDir()
	local := filepath.Join(dir, "context.jsonld")
	writeFile(t, local, []byte(`{"@context": {"name": "http://example.org/name"}}`))
	url := ctxServer.URL + "/context.jsonld"

	docs := map[string]string{
		"string":        `{"@context": "URL", "@id": "http://example.org/a", "name": "x"}`,
		"array":         `{"@context": [{"ex": "http://example.org/"}, "URL"], "@id": "ex:a", "name": "x"}`,
		"import":        `{"@context": {"@version": 1.1, "@import": "URL"}, "@id": "http://example.org/a", "name": "x"}`,
		"scoped":        `{"@context": {"@version": 1.1, "knows": {"@id": "http://example.org/knows", "@context": "URL"}}, "@id": "http://example.org/a", "knows": {"@id": "http://example.org/b", "name": "y"}}`,
		"type-scoped":   `{"@context": {"@version": 1.1, "Person": {"@id": "http://example.org/Person", "@context": "URL"}}, "@id": "http://example.org/a", "@type": "Person", "name": "x"}`,
		"nested-graph":  `{"@graph": [{"@context": "URL", "@id": "http://example.org/a", "name": "x"}]}`,
		"deeply-nested": `{"@id": "http://example.org/a", "http://example.org/p": {"@id": "http://example.org/b", "http://example.org/q": [{"@context": "URL", "name": "x"}]}}`,
		"top-array":     `[{"@id": "http://example.org/z"}, {"@context": "URL", "@id": "http://example.org/a"}]`,
	}
	refs := map[string]string{"http": url, "file": "file://" + local, "relative": "context.jsonld", "absolute-path": local}

	// The HTTP API reads JSON-LD request bodies the same way.
	store := openStore(t, graph.Options{Backend: graph.BackendMemory})
	srv, err := server.New(store, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(srv)
	defer api.Close()

	n := 0
	for form, doc := range docs {
		for kind, ref := range refs {
			t.Run(form+"/"+kind, func(t *testing.T) {
				text := strings.ReplaceAll(doc, "URL", ref)
				path := filepath.Join(dir, form+"-"+kind+".jsonld")
				writeFile(t, path, []byte(text))
				_, err := parse.ReadFile(context.Background(), path, parse.Options{})
				if problem := locatedError(err, path, 1, 0, "refused"); problem != "" {
					t.Errorf("library: %s", problem)
				}
				req, _ := http.NewRequest("POST", api.URL+"/api/v2/write", strings.NewReader(text))
				req.Header.Set("Content-Type", "application/ld+json")
				resp, err := api.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest {
					t.Errorf("HTTP: status %d, want 400", resp.StatusCode)
				}
				n++
			})
		}
	}
	if h := hits.Load(); h != 0 {
		t.Errorf("the context server was contacted %d times", h)
	}
	if st, _ := store.Stats(context.Background()); st.Quads != 0 {
		t.Errorf("refused documents wrote %d quads", st.Quads)
	}
	figure(t, "JSON-LD documents with external contexts refused (library and HTTP)", n)
	figure(t, "requests to the context server", hits.Load())

	t.Run("inline context still works", func(t *testing.T) {
		path := filepath.Join(dir, "inline.jsonld")
		writeFile(t, path, []byte(`{"@context": {"name": "http://example.org/name"}, "@id": "http://example.org/a", "name": "x"}`))
		qs, err := parse.ReadFile(context.Background(), path, parse.Options{})
		if err != nil || len(qs) != 1 {
			t.Fatalf("%d quads, %v", len(qs), err)
		}
	})
	t.Run("deep nesting refused", func(t *testing.T) {
		for _, depth := range []int{65, 1000, 200000} {
			path := filepath.Join(dir, "deep.jsonld")
			writeFile(t, path, []byte(strings.Repeat("[", depth)+strings.Repeat("]", depth)))
			_, err := parse.ReadFile(context.Background(), path, parse.Options{})
			if problem := locatedError(err, path, 1, 66, "nested deeper than 64"); problem != "" {
				t.Errorf("depth %d: %s", depth, problem)
			}
		}
		path := filepath.Join(dir, "ok.jsonld")
		writeFile(t, path, []byte(strings.Repeat("[", 64)+strings.Repeat("]", 64)))
		if _, err := parse.ReadFile(context.Background(), path, parse.Options{}); err != nil {
			t.Errorf("depth 64 refused: %v", err)
		}
	})
}
