package server_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/quiver-kg/quiver/server"
)

// mutatingCalls is one call per mutating route, with a valid body.
func mutatingCalls(t *testing.T) []request {
	nq, nqType := multipartFile(t, "NQuadFile", "x.nq", []byte("<test:m> <test:p> <test:n> .\n"))
	return []request{
		{method: "POST", path: "/api/v1/write", body: `[{"subject":"<test:m>","predicate":"<test:p>","object":"<test:n>"}]`},
		{method: "POST", path: "/write", body: `[{"subject":"<test:m>","predicate":"<test:p>","object":"<test:n>"}]`},
		{method: "POST", path: "/api/v1/delete", body: `[{"subject":"<ent:Russia>","predicate":"<rdfs:label>","object":"Russia","label":"<graph:entities>"}]`},
		{method: "POST", path: "/delete", body: `[{"subject":"<ent:Russia>","predicate":"<rdfs:label>","object":"Russia","label":"<graph:entities>"}]`},
		{method: "POST", path: "/api/v1/write/file/nquad", body: nq, header: map[string]string{"Content-Type": nqType}},
		{method: "POST", path: "/write/file/nquad", body: nq, header: map[string]string{"Content-Type": nqType}},
		{method: "POST", path: "/api/v2/write", body: "<test:m> <test:p> <test:n> .\n"},
		{method: "POST", path: "/api/v2/delete", body: "<ent:Russia> <rdfs:label> \"Russia\" <graph:entities> .\n"},
		{method: "POST", path: "/api/v2/node/delete", body: "<test:unused>"},
		{method: "POST", path: "/api/quiver/ingest", body: ingestBody(t, claimsFile)},
		{method: "POST", path: "/api/quiver/grade", body: `{"source": "ent:TASS", "reliability": "D"}`},
		{method: "POST", path: "/api/quiver/retract", body: `{"documents": ["doc:russia-recognizes-taliban"], "dryRun": true}`},
		{method: "POST", path: "/api/quiver/merge", body: `{"from": "ent:NorthKorea", "into": "ent:Iran", "dryRun": true}`},
	}
}

// TestMutatingRoutesListed checks that the table above covers every
// mutating route the server has.
func TestMutatingRoutesListed(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	covered := map[string]bool{}
	for _, c := range mutatingCalls(t) {
		covered[c.method+" "+c.path] = true
	}
	for _, r := range ts.srv.Routes() {
		if r.Mutating && !covered[r.Method+" "+r.Path] {
			t.Errorf("mutating route %s %s is not exercised by the auth and read-only tests", r.Method, r.Path)
		}
	}
}

func TestReadOnly(t *testing.T) {
	ts := newTestServer(t, server.Config{ReadOnly: true})
	before := quadCount(t, ts.store)
	for _, c := range mutatingCalls(t) {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			resp, body := ts.do(t, c)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "read-only") {
				t.Errorf("status %d body %s, want 403 read-only", resp.StatusCode, body)
			}
		})
	}
	t.Run("queries still answer", func(t *testing.T) {
		resp, body := ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V("<ent:Russia>").all()`})
		if resp.StatusCode != 200 {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	if after := quadCount(t, ts.store); after != before {
		t.Errorf("read-only store changed: %d -> %d quads", before, after)
	}
}

func TestToken(t *testing.T) {
	const token = "s3cret-token-value"
	ts := newTestServer(t, server.Config{Token: token})
	cases := []struct {
		name       string
		auth       string
		wantStatus int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong", "Bearer not-the-token", http.StatusUnauthorized},
		{"wrong scheme", "Basic " + token, http.StatusUnauthorized},
		{"prefix of the token", "Bearer s3cret", http.StatusUnauthorized},
		{"right", "Bearer " + token, http.StatusOK},
	}
	for _, tc := range cases {
		for _, c := range mutatingCalls(t) {
			t.Run(tc.name+" "+c.method+" "+c.path, func(t *testing.T) {
				if tc.auth != "" {
					if c.header == nil {
						c.header = map[string]string{}
					}
					c.header["Authorization"] = tc.auth
				}
				before := quadCount(t, ts.store)
				resp, body := ts.do(t, c)
				if resp.StatusCode != tc.wantStatus {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.wantStatus, body)
				}
				if tc.wantStatus == http.StatusUnauthorized {
					if resp.Header.Get("WWW-Authenticate") == "" {
						t.Error("401 without WWW-Authenticate")
					}
					if after := quadCount(t, ts.store); after != before {
						t.Errorf("unauthorized request changed the store: %d -> %d", before, after)
					}
				}
			})
		}
	}
	t.Run("reads need no token", func(t *testing.T) {
		resp, _ := ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V("<ent:Russia>").all()`})
		if resp.StatusCode != 200 {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
	t.Run("token never logged", func(t *testing.T) {
		if strings.Contains(ts.logs.String(), "s3cret") {
			t.Error("the token appears in the log")
		}
	})
}

func TestBodyLimits(t *testing.T) {
	const limit = 1024
	ts := newTestServer(t, server.Config{MaxBodyBytes: limit})
	big := strings.Repeat("<test:big> <test:p> \"0123456789012345678901234567890123456789\" .\n", 100)
	bigFile, bigType := multipartFile(t, "NQuadFile", "big.nq", []byte(big))
	// A gzip bomb: small on the wire, far larger than 4 x limit inflated.
	bomb := gzipped(strings.Repeat("<test:bomb> <test:p> \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" .\n", 4000))
	if len(bomb) >= limit {
		t.Fatalf("bomb is %d bytes, must be under the limit", len(bomb))
	}
	bombFile, bombType := multipartFile(t, "NQuadFile", "bomb.nq.gz", []byte(bomb))
	tests := []struct {
		name    string
		req     request
		chunked bool
	}{
		{"v1 write", request{method: "POST", path: "/api/v1/write", body: "[" + strings.Repeat(`{"subject":"<a>","predicate":"<b>","object":"c"},`, 100) + "]"}, false},
		{"v1 write chunked", request{method: "POST", path: "/api/v1/write", body: "[" + strings.Repeat(`{"subject":"<a>","predicate":"<b>","object":"c"},`, 100) + "]"}, true},
		{"v1 nquad file", request{method: "POST", path: "/api/v1/write/file/nquad", body: bigFile, header: map[string]string{"Content-Type": bigType}}, false},
		{"v1 nquad file chunked", request{method: "POST", path: "/write/file/nquad", body: bigFile, header: map[string]string{"Content-Type": bigType}}, true},
		{"v1 nquad gzip bomb", request{method: "POST", path: "/api/v1/write/file/nquad", body: bombFile, header: map[string]string{"Content-Type": bombType}}, false},
		{"v2 write", request{method: "POST", path: "/api/v2/write", body: big}, false},
		{"v2 write chunked", request{method: "POST", path: "/api/v2/write", body: big}, true},
		{"v2 write gzip bomb", request{method: "POST", path: "/api/v2/write", body: bomb, header: map[string]string{"Content-Encoding": "gzip"}}, false},
		{"v2 delete", request{method: "POST", path: "/api/v2/delete", body: big}, true},
		{"ingest", request{method: "POST", path: "/api/quiver/ingest", body: ingestBody(t, claimsFile+strings.Repeat("# padding\n", 200))}, true},
		{"v1 query", request{method: "POST", path: "/api/v1/query/gizmo", body: "g.V().all()" + strings.Repeat(" ", 2*limit)}, true},
		{"v2 query", request{method: "POST", path: "/api/v2/query?lang=gizmo", body: "g.V().all()" + strings.Repeat(" ", 2*limit)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := quadCount(t, ts.store)
			var body io.Reader = strings.NewReader(tt.req.body)
			if tt.chunked {
				body = struct{ io.Reader }{body} // hides the length: no Content-Length
			}
			r, _ := http.NewRequest(tt.req.method, ts.URL+tt.req.path, body)
			for k, v := range tt.req.header {
				r.Header.Set(k, v)
			}
			resp, err := ts.Client().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413: %s", resp.StatusCode, data)
			}
			if !strings.Contains(string(data), "nothing was written") {
				t.Errorf("body %s", data)
			}
			if after := quadCount(t, ts.store); after != before {
				t.Errorf("oversize request changed the store: %d -> %d quads", before, after)
			}
		})
	}
}

func TestQueryTimeout(t *testing.T) {
	ts := newTestServer(t, server.Config{QueryTimeout: 300 * time.Millisecond})
	tests := []struct {
		name       string
		req        request
		wantStatus int
		want       string
	}{
		{"v1 keeps Cayley's 400", request{method: "POST", path: "/api/v1/query/gizmo", body: `while(true){}`}, 400, `{"error":"context deadline exceeded"}`},
		{"v1 unprefixed", request{method: "POST", path: "/query/gizmo?limit=-1", body: `var i = 0; while(true){ i++ }`}, 400, `context deadline exceeded`},
		{"v2", request{method: "POST", path: "/api/v2/query?lang=gizmo", body: `while(true){}`}, 400, `context deadline exceeded`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.do(t, tt.req)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Errorf("status %d body %s, want %d %s", resp.StatusCode, body, tt.wantStatus, tt.want)
			}
		})
	}
	t.Run("quiver API answers 504", func(t *testing.T) {
		ts := newTestServer(t, server.Config{QueryTimeout: time.Nanosecond})
		resp, body := ts.do(t, request{method: "GET", path: "/api/quiver/influence?target=ev:RussiaRecognizesTaliban"})
		if resp.StatusCode != http.StatusGatewayTimeout || !strings.Contains(body, "timed out") {
			t.Errorf("status %d body %s, want 504", resp.StatusCode, body)
		}
	})
	t.Run("server still healthy", func(t *testing.T) {
		resp, _ := ts.do(t, request{method: "GET", path: "/health"})
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("health %d", resp.StatusCode)
		}
	})
}

// TestClientDisconnectCancelsQuery checks that a client that goes away
// stops its query: the server's timeout is ten minutes, so a query that
// ends within the two-minute watchdog was stopped by the departure.
func TestClientDisconnectCancelsQuery(t *testing.T) {
	ts := newTestServer(t, server.Config{QueryTimeout: 10 * time.Minute})
	for _, path := range []string{"/api/v1/query/gizmo", "/query/gizmo", "/api/v2/query?lang=gizmo"} {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			r, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+path, strings.NewReader(`while(true){}`))
			if _, err := ts.Client().Do(r); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("client error %v, want its deadline", err)
			}
			// The server logs the request once the query has stopped.
			deadline := time.Now().Add(2 * time.Minute)
			for !strings.Contains(ts.logs.String(), `"path":"`+strings.Split(path, "?")[0]+`","route":"POST `) {
				if time.Now().After(deadline) {
					t.Fatalf("query still running 2 minutes after the client left; log:\n%s", ts.logs.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(ts.logs.String(), `"status":499`) {
				t.Errorf("log does not record the client's departure (499):\n%s", ts.logs.String())
			}
		})
	}
}

// panicFS is an fs.FS whose files panic when opened: a stand-in for any
// handler bug.
type panicFS struct{ files fstest.MapFS }

func (p panicFS) Open(name string) (fs.File, error) {
	if name == "boom.js" {
		panic("boom: secret internal detail")
	}
	return p.files.Open(name)
}

func TestPanicRecovery(t *testing.T) {
	ui := panicFS{fstest.MapFS{"index.html": {Data: []byte("<html>explorer</html>")}}}
	ts := newTestServer(t, server.Config{UI: ui})
	t.Run("handler panic answers 500", func(t *testing.T) {
		resp, body := ts.do(t, request{method: "GET", path: "/boom.js"})
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		eb := errorBody(t, body)
		if eb.Error != "internal error" || eb.RequestID == "" {
			t.Errorf("body %s, want internal error with a request ID", body)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") {
			t.Errorf("5xx body leaks internals: %s", body)
		}
		if !strings.Contains(ts.logs.String(), "secret internal detail") || !strings.Contains(ts.logs.String(), eb.RequestID) {
			t.Error("the panic and its request ID are not in the log")
		}
	})
	t.Run("server keeps serving", func(t *testing.T) {
		resp, body := ts.do(t, request{method: "GET", path: "/"})
		if resp.StatusCode != 200 || !strings.Contains(body, "explorer") {
			t.Errorf("status %d body %s", resp.StatusCode, body)
		}
	})
}

func TestCORS(t *testing.T) {
	const allowed = "https://explorer.example.org"
	open := newTestServer(t, server.Config{})
	strict := newTestServer(t, server.Config{AllowedOrigins: []string{allowed}})
	write := `[{"subject":"<test:cors>","predicate":"<test:p>","object":"x"}]`
	tests := []struct {
		name       string
		ts         *testServer
		req        request
		wantStatus int
		wantACAO   string
	}{
		{"off by default: GET gets no CORS header", open,
			request{method: "GET", path: "/api/quiver/stats", header: map[string]string{"Origin": allowed}}, 200, ""},
		{"off by default: preflight refused", open,
			request{method: "OPTIONS", path: "/api/v1/write", header: map[string]string{"Origin": allowed, "Access-Control-Request-Method": "POST"}}, 403, ""},
		{"off by default: cross-origin write refused", open,
			request{method: "POST", path: "/api/v1/write", body: write, header: map[string]string{"Origin": "https://evil.example"}}, 403, ""},
		{"same origin write allowed", open,
			request{method: "POST", path: "/api/v1/write", body: write, header: map[string]string{"Origin": open.URL}}, 200, ""},
		{"same host and port, other scheme: write refused", open,
			request{method: "POST", path: "/api/v1/write", body: write, header: map[string]string{"Origin": "https" + strings.TrimPrefix(open.URL, "http")}}, 403, ""},
		{"same origin behind a TLS proxy: write allowed", open,
			request{method: "POST", path: "/api/v1/write", body: write, header: map[string]string{"Origin": "https" + strings.TrimPrefix(open.URL, "http"), "X-Forwarded-Proto": "https"}}, 200, ""},
		{"allowed origin: preflight", strict,
			request{method: "OPTIONS", path: "/api/v1/write", header: map[string]string{"Origin": allowed, "Access-Control-Request-Method": "POST"}}, 204, allowed},
		{"allowed origin: GET", strict,
			request{method: "GET", path: "/api/quiver/stats", header: map[string]string{"Origin": allowed}}, 200, allowed},
		{"allowed origin: write", strict,
			request{method: "POST", path: "/api/v1/write", body: write, header: map[string]string{"Origin": allowed}}, 200, allowed},
		{"other origin: preflight denied", strict,
			request{method: "OPTIONS", path: "/api/v1/write", header: map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}}, 403, ""},
		{"other origin: GET has no CORS header", strict,
			request{method: "GET", path: "/api/quiver/stats", header: map[string]string{"Origin": "https://evil.example"}}, 200, ""},
		{"other origin: query refused", strict,
			request{method: "POST", path: "/api/v1/query/gizmo", body: "g.V().all()", header: map[string]string{"Origin": "https://evil.example"}}, 403, ""},
		{"origin differing only by port denied", strict,
			request{method: "GET", path: "/api/quiver/stats", header: map[string]string{"Origin": allowed + ":8443"}}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.ts.do(t, tt.req)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.wantACAO {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.wantACAO)
			}
			if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials must never be allowed")
			}
		})
	}
}

// TestHostCheck checks the DNS-rebinding defence of a loopback server.
func TestHostCheck(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	for _, tc := range []struct {
		host string
		want int
	}{
		{"127.0.0.1", 204}, {"localhost:64210", 204}, {"[::1]:64210", 204},
		{"evil.example", http.StatusMisdirectedRequest}, {"evil.example:64210", http.StatusMisdirectedRequest},
	} {
		t.Run(tc.host, func(t *testing.T) {
			r, _ := http.NewRequest("GET", ts.URL+"/health", nil)
			r.Host = tc.host
			resp, err := ts.Client().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}

// TestHostCheckAllowedHosts checks that Config.AllowedHosts lets a local
// reverse proxy's host names through, and nothing else.
func TestHostCheckAllowedHosts(t *testing.T) {
	ts := newTestServer(t, server.Config{AllowedHosts: []string{"KG.example", "proxy.example:8443", "[fd00::1]", "10.0.0.5"}})
	for _, tc := range []struct {
		host string
		want int
	}{
		{"localhost:64210", 204},
		{"kg.example", 204},                                   // exact, case-insensitive
		{"kg.example:80", 204},                                // an entry without a port matches any port
		{"proxy.example:8443", 204},                           // exact host and port
		{"[fd00::1]:8080", 204},                               // IPv6 entry without a port
		{"10.0.0.5", 204},                                     // IP entry
		{"proxy.example", http.StatusMisdirectedRequest},      // port given in the entry, none in the request
		{"proxy.example:8444", http.StatusMisdirectedRequest}, // other port
		{"sub.kg.example", http.StatusMisdirectedRequest},     // no subdomains
		{"kg.example.evil", http.StatusMisdirectedRequest},
		{"evil.example", http.StatusMisdirectedRequest},
	} {
		t.Run(tc.host, func(t *testing.T) {
			r, _ := http.NewRequest("GET", ts.URL+"/health", nil)
			r.Host = tc.host
			resp, err := ts.Client().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}

func TestConfigRefusesUnsafe(t *testing.T) {
	store := mustOpen(t, graphOptionsMemory())
	tests := []struct {
		name string
		cfg  server.Config
		ok   bool
	}{
		{"default loopback without token", server.Config{}, true},
		{"every interface without token", server.Config{Addr: ":64210"}, false},
		{"public address without token", server.Config{Addr: "0.0.0.0:64210"}, false},
		{"host name without token", server.Config{Addr: "example.org:64210"}, false},
		{"public address with token", server.Config{Addr: "0.0.0.0:64210", Token: "t0ken"}, true},
		{"IPv6 loopback", server.Config{Addr: "[::1]:64210"}, true},
		{"debug listener beyond loopback", server.Config{DebugAddr: "0.0.0.0:6060"}, false},
		{"debug listener on loopback", server.Config{DebugAddr: "127.0.0.1:6060"}, true},
		{"wildcard origin", server.Config{AllowedOrigins: []string{"*"}}, false},
		{"origin with path", server.Config{AllowedOrigins: []string{"https://a.example/app"}}, false},
		{"exact origin", server.Config{AllowedOrigins: []string{"https://a.example:8443"}}, true},
		{"exact allowed hosts", server.Config{AllowedHosts: []string{"kg.example", "kg.example:8443", "10.0.0.5", "[fd00::1]", "[fd00::1]:80"}}, true},
		{"wildcard host", server.Config{AllowedHosts: []string{"*"}}, false},
		{"wildcard subdomain host", server.Config{AllowedHosts: []string{"*.example.com"}}, false},
		{"empty host", server.Config{AllowedHosts: []string{""}}, false},
		{"host with scheme", server.Config{AllowedHosts: []string{"https://kg.example"}}, false},
		{"host with path", server.Config{AllowedHosts: []string{"kg.example/app"}}, false},
		{"host with bad port", server.Config{AllowedHosts: []string{"kg.example:http"}}, false},
		{"host with port only", server.Config{AllowedHosts: []string{":8080"}}, false},
		{"bare IPv6 host", server.Config{AllowedHosts: []string{"fd00::1"}}, false},
		{"host with space", server.Config{AllowedHosts: []string{"kg example"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := server.New(store, tt.cfg)
			if tt.ok && err != nil {
				t.Errorf("New: %v", err)
			}
			if !tt.ok && !errors.Is(err, server.ErrConfig) {
				t.Errorf("New: %v, want ErrConfig", err)
			}
		})
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	hs := ts.srv.HTTPServer()
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": hs.ReadHeaderTimeout, "ReadTimeout": hs.ReadTimeout,
		"WriteTimeout": hs.WriteTimeout, "IdleTimeout": hs.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("%s is not set", name)
		}
	}
	if hs.WriteTimeout <= 30*time.Second {
		t.Errorf("WriteTimeout %v leaves no room for a 30s query", hs.WriteTimeout)
	}
	if hs.MaxHeaderBytes <= 0 {
		t.Error("MaxHeaderBytes is not set")
	}
}

// TestSlowHeadersCutOff checks that a client that never finishes its
// headers is disconnected.
func TestSlowHeadersCutOff(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for ReadHeaderTimeout")
	}
	store := mustOpen(t, graphOptionsMemory())
	srv, err := server.New(store, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	hs.ReadHeaderTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	defer hs.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("connection still open after 5s of incomplete headers")
	}
}

func TestDebugListener(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	ts.do(t, request{method: "GET", path: "/health"})
	debug := httptest.NewServer(ts.srv.DebugHandler())
	defer debug.Close()
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		t.Run("API port does not serve "+path, func(t *testing.T) {
			resp, _ := ts.do(t, request{method: "GET", path: path})
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
		})
	}
	t.Run("metrics count requests", func(t *testing.T) {
		resp, err := http.Get(debug.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(data), `quiver_http_requests_total{code="204",method="GET",route="GET /health"} 1`) {
			t.Errorf("metrics lack the health request:\n%.2000s", data)
		}
	})
	t.Run("pprof index", func(t *testing.T) {
		resp, err := http.Get(debug.URL + "/debug/pprof/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

func TestRequestLog(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	resp, _ := ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V(`, header: map[string]string{"X-Request-ID": "test-id-42"}})
	if resp.Header.Get("X-Request-ID") != "test-id-42" {
		t.Errorf("request ID %q not kept", resp.Header.Get("X-Request-ID"))
	}
	log := ts.logs.String()
	for _, want := range []string{`"id":"test-id-42"`, `"route":"POST /api/v1/query/{lang}"`, `"status":400`, `"error":"SyntaxError`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if n := strings.Count(log, `"msg":"request"`); n != 1 {
		t.Errorf("%d request lines, want 1", n)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	store := mustOpen(t, graphOptionsMemory())
	srv, err := server.New(store, server.Config{Addr: "127.0.0.1:0", DebugAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(server.ShutdownTimeout + 5*time.Second):
		t.Fatal("Serve did not return after its context was cancelled")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/health"); err == nil {
		t.Error("server still answers after shutdown")
	}
}
