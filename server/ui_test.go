package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quiver-kg/quiver/server"
)

func TestUI(t *testing.T) {
	js := "console.log('explorer');\n" + strings.Repeat("// padding to make gzip worth it\n", 100)
	ui := fstest.MapFS{
		"index.html":       {Data: []byte("<!doctype html><title>Quiver explorer</title>")},
		"assets/app.js":    {Data: []byte(js)},
		"assets/style.css": {Data: []byte("body{}")},
	}
	ts := newTestServer(t, server.Config{UI: ui})
	tests := []struct {
		name       string
		path       string
		header     map[string]string
		wantStatus int
		want       string
		wantCT     string
	}{
		{"index", "/", nil, 200, "Quiver explorer", "text/html"},
		{"asset", "/assets/app.js", nil, 200, "console.log", "text/javascript"},
		{"client-side route gets index", "/explore/ent:Russia", nil, 200, "Quiver explorer", "text/html"},
		{"missing asset is 404", "/assets/missing.js", nil, 404, "", ""},
		{"directory is not listed", "/assets/", nil, 200, "Quiver explorer", "text/html"},
		// Paths that climb out are cleaned to paths inside the UI files:
		// at worst the explorer's index.html, never /etc/passwd.
		{"dot-dot stays inside", "/../../../../etc/passwd", nil, 200, "Quiver explorer", "text/html"},
		{"encoded dot-dot stays inside", "/%2e%2e/%2e%2e/etc/passwd", nil, 200, "Quiver explorer", "text/html"},
		{"encoded slash stays inside", "/..%2f..%2fetc%2fpasswd", nil, 200, "Quiver explorer", "text/html"},
		{"file outside with extension", "/../../../../etc/hosts.conf", nil, 404, "", ""},
		{"API paths are never the UI", "/api/unknown", nil, 404, "no such API route", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.do(t, request{method: "GET", path: tt.path, header: tt.header})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.200s", resp.StatusCode, tt.wantStatus, body)
			}
			if !strings.Contains(body, tt.want) || strings.Contains(body, "root:") {
				t.Errorf("body %.200q lacks %q", body, tt.want)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.wantCT) {
				t.Errorf("Content-Type %q, want %q", ct, tt.wantCT)
			}
		})
	}
	t.Run("ETag revalidation", func(t *testing.T) {
		resp, _ := ts.do(t, request{method: "GET", path: "/assets/style.css"})
		etag := resp.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		resp, _ = ts.do(t, request{method: "GET", path: "/assets/style.css", header: map[string]string{"If-None-Match": etag}})
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("status %d, want 304", resp.StatusCode)
		}
	})
	t.Run("gzip", func(t *testing.T) {
		r, _ := http.NewRequest("GET", ts.URL+"/assets/app.js", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(zr)
		if string(data) != js {
			t.Error("gzipped asset differs")
		}
	})
	t.Run("security headers", func(t *testing.T) {
		resp, _ := ts.do(t, request{method: "GET", path: "/"})
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("no %s", h)
			}
		}
	})
	t.Run("without index.html the build hint is shown", func(t *testing.T) {
		ts := newTestServer(t, server.Config{UI: fstest.MapFS{"other.txt": {Data: []byte("x")}}})
		resp, body := ts.do(t, request{method: "GET", path: "/"})
		if resp.StatusCode != 200 || !strings.Contains(body, "make ui") {
			t.Errorf("status %d body %s", resp.StatusCode, body)
		}
	})
}
