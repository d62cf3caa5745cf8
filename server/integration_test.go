package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/internal/cayleycases"
	"github.com/quiver-kg/quiver/internal/cayleydata"
	"github.com/quiver-kg/quiver/server"
)

// integrationCases is cayleycases.JSON: Cayley's own
// integration table (query text and expected rows) with its comparison
// rules.
type integrationCases struct {
	Dataset struct {
		File  string `json:"file"`
		Quads int64  `json:"quads"`
	} `json:"dataset"`
	Cases []struct {
		Name       string           `json:"name"`
		Query      string           `json:"query"`
		ExpectKind string           `json:"expect_kind"`
		Expect     json.RawMessage  `json:"expect"`
		Ordered    bool             `json:"ordered"`
		Long       bool             `json:"long"`
		ExpectRows []map[string]any `json:"-"`
	} `json:"cases"`
}

// uploadNQuadFile posts a file to /api/v1/write/file/nquad as Cayley's UI
// does, streaming the multipart body.
func uploadNQuadFile(tb testing.TB, url, path string) string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("NQuadFile", filepath.Base(path))
		if err == nil {
			_, err = io.Copy(fw, f)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	resp, err := http.Post(url+"/api/v1/write/file/nquad", mw.FormDataContentType(), pr)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		tb.Fatalf("upload: status %d: %s", resp.StatusCode, body)
	}
	return string(body)
}

// canonicalRows turns result rows into sorted canonical strings (keys
// sorted, every value stringified), dropping null rows: the comparison
// rule of the case file.
func canonicalRows(rows []any) []string {
	var out []string
	for _, r := range rows {
		if r == nil {
			continue
		}
		m, ok := r.(map[string]any)
		if !ok {
			out = append(out, fmt.Sprint(r))
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "%q:%q,", k, fmt.Sprint(m[k]))
		}
		out = append(out, b.String())
	}
	return out
}

// TestCayleyIntegrationOverHTTP loads Cayley's 30k movie data into the
// embedded default store through POST /api/v1/write/file/nquad and runs
// Cayley's 12 integration cases over POST /api/v1/query/gizmo?limit=-1,
// exactly as a Cayley client would.
func TestCayleyIntegrationOverHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 471,705 quads into the embedded store")
	}
	var cases integrationCases
	if err := json.Unmarshal(cayleycases.JSON, &cases); err != nil {
		t.Fatal(err)
	}
	dir, err := cayleydata.DataDir()
	if err != nil {
		t.Fatalf("Cayley's data: %v", err)
	}
	store := mustOpen(t, graph.Options{Backend: graph.BackendEmbedded, Dir: t.TempDir()})
	ts := serveStore(t, store, server.Config{})

	start := time.Now()
	msg := uploadNQuadFile(t, ts.URL, filepath.Join(dir, filepath.Base(cases.Dataset.File)))
	t.Logf("load through HTTP: %v (%s)", time.Since(start).Round(time.Millisecond), strings.TrimSpace(msg))
	if got := quadCount(t, store); got != cases.Dataset.Quads {
		t.Fatalf("store holds %d quads, want %d", got, cases.Dataset.Quads)
	}

	for i, c := range cases.Cases {
		t.Run(c.Name, func(t *testing.T) {
			// Alternate the historic and the current v1 path.
			path := "/api/v1/query/gizmo?limit=-1"
			if i%2 == 1 {
				path = "/query/gizmo?limit=-1"
			}
			start := time.Now()
			resp, body := ts.do(t, request{method: "POST", path: path, body: c.Query})
			t.Logf("%s: %v", path, time.Since(start).Round(time.Millisecond))
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var got struct {
				Result []any `json:"result"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("answer %q: %v", body, err)
			}
			var expect []any
			if err := json.Unmarshal(c.Expect, &expect); err != nil {
				t.Fatal(err)
			}
			g, w := canonicalRows(got.Result), canonicalRows(expect)
			if !c.Ordered {
				sort.Strings(g)
				sort.Strings(w)
			}
			if strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("%d rows, want %d\ngot:  %.1500s\nwant: %.1500s", len(g), len(w), strings.Join(g, " | "), strings.Join(w, " | "))
			}
		})
	}
}
