package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/server"
)

// workerEnv makes this test binary a query worker (see TestMain).
const workerEnv = "QUIVER_SERVER_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		if err := graph.ServeQueryWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// queryWorkers starts a pool of this test binary's workers.
func queryWorkers(t *testing.T, n int) *graph.QueryWorkers {
	t.Helper()
	p, err := graph.NewQueryWorkers(graph.QueryWorkersConfig{Command: []string{os.Args[0]}, Env: []string{workerEnv + "=1"}, Workers: n, MemoryBytes: 512 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// answerOf decodes a query answer, failing unless it is valid JSON.
func answerOf(t *testing.T, body string) (rows []json.RawMessage, truncated map[string]any, errMsg string) {
	t.Helper()
	var a struct {
		Result    []json.RawMessage `json:"result"`
		Truncated map[string]any    `json:"truncated"`
		Error     string            `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("answer is not valid JSON (%v): %.300s ... %.300s", err, body, body[max(0, len(body)-300):])
	}
	return a.Result, a.Truncated, a.Error
}

// TestAnswersAreCappedInBytes: an answer past the byte cap ends as valid
// JSON saying so, whether it was held back whole (small cap) or streamed
// (past the first megabyte); the caller's own limit is no truncation.
func TestAnswersAreCappedInBytes(t *testing.T) {
	for _, c := range []struct {
		name  string
		cap   int64
		query string
	}{
		{"small cap", 4 << 10, `for (var i = 0; i < 1000; i++) g.emit("row " + i)`},
		{"streamed", 3 << 20, `var s = new Array(100000).join("x"); for (var i = 0; i < 100; i++) g.emit(s)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := newTestServer(t, server.Config{MaxAnswerBytes: c.cap})
			resp, body := ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo?limit=-1", body: c.query})
			rows, trunc, _ := answerOf(t, body)
			if resp.StatusCode != 200 || trunc["reason"] != "bytes" || trunc["limit"] != float64(c.cap) || len(rows) == 0 || int64(len(body)) > c.cap+200 {
				t.Errorf("status %d, %d rows in %d bytes, truncated %v", resp.StatusCode, len(rows), len(body), trunc)
			}
		})
	}
	ts := newTestServer(t, server.Config{MaxResults: 5})
	for _, c := range []struct {
		limit  string
		reason any
	}{{"-1", "rows"}, {"3", nil}} {
		resp, body := ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo?limit=" + c.limit, body: `for (var i = 0; i < 10; i++) g.emit(i)`})
		_, trunc, _ := answerOf(t, body)
		if trunc["reason"] != c.reason || (c.reason != nil) != (resp.Header.Get("X-Result-Truncated") == "true") {
			t.Errorf("limit %s: truncated %v, header %q", c.limit, trunc, resp.Header.Get("X-Result-Truncated"))
		}
	}
}

// TestQueriesAreShed: with every query slot taken and the wait over, a
// query is refused with 503 and Retry-After, and nothing runs for it.
func TestQueriesAreShed(t *testing.T) {
	ts := newTestServer(t, server.Config{MaxQueries: 1, QueryWait: 50 * time.Millisecond, QueryTimeout: 3 * time.Second})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ts.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: `while (true) {}`})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, body := ts.do(t, request{method: "POST", path: "/api/v2/query?lang=gizmo", body: `g.V().count()`})
		if resp.StatusCode == http.StatusServiceUnavailable {
			if resp.Header.Get("Retry-After") != "1" || !strings.Contains(errorBody(t, body).Error, "busy") {
				t.Errorf("503 without Retry-After or saying why: %v %s", resp.Header, body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 503 while the only slot was taken: %d %s", resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	if resp, _ := ts.do(t, request{method: "POST", path: "/api/v2/query?lang=gizmo", body: `g.V().count()`}); resp.StatusCode != 200 {
		t.Errorf("after the slot came free: %d", resp.StatusCode)
	}
}

// TestOldClientRoutes: Cayley 0.6 clients post Gizmo to
// /api/v1/query/gremlin, with the query as a JSON string when they use
// request's json option, and ask /api/v1/shape/gremlin for a plan.
func TestOldClientRoutes(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	for _, c := range []struct {
		req  request
		want string
	}{
		{request{method: "POST", path: "/api/v1/query/gremlin", body: `g.V("<ent:Russia>").Out("<rdfs:label>").All()`}, `{"result":[{"id":"Russia"}]}`},
		{request{method: "POST", path: "/api/v1/query/gremlin", body: `"g.V(\"<ent:Russia>\").Out(\"<rdfs:label>\").All()"`,
			header: map[string]string{"Content-Type": "application/json"}}, `{"result":[{"id":"Russia"}]}`},
		{request{method: "POST", path: "/query/gremlin", body: `g.V("<ent:Russia>").Out("<rdfs:label>").All()`}, `{"result":[{"id":"Russia"}]}`},
	} {
		resp, body := ts.do(t, c.req)
		if resp.StatusCode != 200 || strings.TrimSpace(body) != c.want {
			t.Errorf("%s %s: %d %s; want %s", c.req.path, c.req.body, resp.StatusCode, body, c.want)
		}
	}
	resp, body := ts.do(t, request{method: "POST", path: "/api/v1/shape/gremlin", body: `g.V().All()`})
	if resp.StatusCode != http.StatusNotImplemented || !strings.Contains(errorBody(t, body).Error, "not served") {
		t.Errorf("shape: %d %s; want 501 saying it is not served", resp.StatusCode, body)
	}
}

// TestServerWithQueryWorkers: queries run in worker processes answer as
// in the server's process; one that allocates gigabytes in a step fails
// (400, Cayley's status for a query stopped for its memory) and the
// server goes on.
func TestServerWithQueryWorkers(t *testing.T) {
	inProcess := newTestServer(t, server.Config{})
	workers := newTestServer(t, server.Config{QueryWorkers: queryWorkers(t, 2), QueryTimeout: time.Minute})
	for _, q := range []string{
		`g.V("<ent:Russia>").out("<kg:allies-with>").out("<rdfs:label>").all()`,
		`g.emit(quiver.why("ev:RussiaRecognizesTaliban").influencers.length)`,
		`g.V().has("<rdf:type>", "<kg:Person>").count()`,
	} {
		_, want := inProcess.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: q})
		resp, got := workers.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: q})
		if resp.StatusCode != 200 || got != want {
			t.Errorf("%s: in workers %d %s; in process %s", q, resp.StatusCode, got, want)
		}
	}
	resp, body := workers.do(t, request{method: "POST", path: "/api/v1/query/gizmo", body: `g.emit("x".repeat(Math.pow(2, 31)).length)`})
	if resp.StatusCode != 400 || !strings.Contains(body, "memory") {
		t.Errorf("a 2 GiB string: %d %s", resp.StatusCode, body)
	}
	if resp, _ := workers.do(t, request{method: "GET", path: "/health"}); resp.StatusCode != http.StatusNoContent {
		t.Errorf("health after: %d", resp.StatusCode)
	}
}
