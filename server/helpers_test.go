package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/seeds"
	"github.com/quiver-kg/quiver/server"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines to log to
// while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is a real Server over a real store on a loopback listener.
type testServer struct {
	*httptest.Server
	store *graph.Store
	srv   *server.Server
	logs  *syncBuffer
}

// mustOpen opens a store and closes it when the test ends.
func mustOpen(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	s, err := graph.Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// newTestServer serves a memory store holding the seed graph with cfg.
func newTestServer(tb testing.TB, cfg server.Config) *testServer {
	tb.Helper()
	return serveStore(tb, mustOpen(tb, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads}), cfg)
}

func serveStore(tb testing.TB, store *graph.Store, cfg server.Config) *testServer {
	tb.Helper()
	logs := &syncBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	srv, err := server.New(store, cfg)
	if err != nil {
		tb.Fatalf("server.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	tb.Cleanup(hs.Close)
	return &testServer{Server: hs, store: store, srv: srv, logs: logs}
}

// request is one HTTP call of a table test.
type request struct {
	method, path string
	body         string
	header       map[string]string
}

// do sends req and returns the response with its body read.
func (ts *testServer) do(tb testing.TB, req request) (*http.Response, string) {
	tb.Helper()
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	r, err := http.NewRequest(req.method, ts.URL+req.path, body)
	if err != nil {
		tb.Fatal(err)
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	resp, err := ts.Client().Do(r)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.method, req.path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(data)
}

// quadCount is the store's number of quads.
func quadCount(tb testing.TB, s *graph.Store) int64 {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st.Quads
}

// errorBody decodes an error answer.
func errorBody(tb testing.TB, body string) server.ErrorBody {
	tb.Helper()
	var eb server.ErrorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		tb.Fatalf("error body %q is not JSON: %v", body, err)
	}
	return eb
}

func graphOptionsMemory() graph.Options { return graph.Options{Backend: graph.BackendMemory} }
