package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/seeds"
	"github.com/quiver-kg/quiver/server"
)

// fuzzServer is a server over the seed graph with a short query timeout.
func fuzzServer(tb testing.TB) (*server.Server, *graph.Store) {
	store := mustOpen(tb, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	srv, err := server.New(store, server.Config{QueryTimeout: 300 * time.Millisecond, MaxResults: 1000, MaxBodyBytes: 1 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	return srv, store
}

// checkAnswer fails on answers no input may cause: a 5xx other than a
// contained engine panic, a body that is not JSON, internals in the body.
func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code >= 500 && !strings.Contains(body, graph.ErrQueryPanic.Error()) {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("status %d, body is not JSON: %q", rec.Code, body)
	}
	if strings.Contains(body, ".go:") || strings.Contains(body, "goroutine ") {
		t.Fatalf("body leaks internals: %s", body)
	}
}

// FuzzGizmoEndpoint posts arbitrary text to POST /api/v1/query/gizmo. The
// server must answer every query with JSON, never a 5xx except a contained
// engine panic, never change the store, and stay within the timeout.
func FuzzGizmoEndpoint(f *testing.F) {
	for _, q := range []string{
		`g.V("<ent:Russia>").out("<kg:allies-with>").all()`,
		`g.V().has("<rdf:type>", "<kg:Person>").out("<rdfs:label>").all()`,
		`g.emit(quiver.why("ev:RussiaRecognizesTaliban"))`,
		`g.V().follow({}).all()`, `g.V().both(1, 2).all()`, `while (true) {}`,
		`function f() { return f() } f()`, `g.V(`, `throw 1`, `g.emit(g.V().toArray())`,
		`g.V().tag("x").out().back("x").limit(3).all()`, `g.M().out()`, `g.V().count()`,
	} {
		f.Add(q)
	}
	srv, store := fuzzServer(f)
	before := quadCount(f, store)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest("POST", "/api/v1/query/gizmo?limit=-1", strings.NewReader(query))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		checkAnswer(t, rec)
		if n := quadCount(t, store); n != before {
			t.Fatalf("a query changed the store: %d -> %d quads", before, n)
		}
	})
}

// FuzzWriteEndpoint posts arbitrary bodies to Cayley's v1 JSON write API
// and v2 N-Quads write API. Every answer is JSON and never a 5xx; a refused
// write (4xx) leaves the store exactly as it was, an accepted one adds at
// most the quads it was sent.
func FuzzWriteEndpoint(f *testing.F) {
	f.Add(false, `[{"subject":"<ent:X>","predicate":"<kg:p>","object":"o","label":"<graph:x>"}]`)
	f.Add(false, `[{"subject":"","predicate":"<kg:p>","object":"o"}]`)
	f.Add(false, `[{"subject":"<a>","predicate":"<b>","object":"\"c\"@en"}, {}]`)
	f.Add(false, `{"subject": 1}`)
	f.Add(true, "<ent:X> <kg:p> \"o\" <graph:x> .\n<ent:Y> <kg:p> _:b .\n")
	f.Add(true, "<ent:X> <kg:p> \"unterminated .\n")
	f.Add(true, "<> <kg:p> <ent:Y> .\n")
	srv, store := fuzzServer(f)
	f.Fuzz(func(t *testing.T, v2 bool, body string) {
		path, ctype := "/api/v1/write", "application/json"
		if v2 {
			path, ctype = "/api/v2/write", "application/n-quads"
		}
		before := quadCount(t, store)
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		checkAnswer(t, rec)
		if rec.Code >= 500 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		after := quadCount(t, store)
		switch {
		case rec.Code != http.StatusOK && after != before:
			t.Fatalf("refused write (%d) changed the store: %d -> %d quads", rec.Code, before, after)
		case rec.Code == http.StatusOK && (after < before || after-before > int64(len(body))):
			t.Fatalf("accepted write moved the count from %d to %d", before, after)
		}
	})
}
