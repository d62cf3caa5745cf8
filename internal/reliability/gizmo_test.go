package reliability_test

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/internal/cayleydata"
	"github.com/quiver-kg/quiver/server"
)

// hostileTimeout is the query timeout of the server that must refuse the
// hostile queries; answerTimeout is that of the server that answers the
// queries meant to be answered (status 200), generous enough for a busy
// machine under the race detector.
const (
	hostileTimeout = 2 * time.Second
	answerTimeout  = 2 * time.Minute
)

// hostile lists queries meant to hurt the server. want is the status the
// answer must have (Cayley's 400 for a timeout, for a query stopped for its
// memory and for the script's own errors, 500 for a contained engine
// panic, 200 for a capped result; 0: 200 or 400, whichever comes first).
var hostile = []struct {
	name, query string
	want        int
	says        string
}{
	{"infinite loop", `while (true) {}`, 400, "deadline exceeded"},
	{"infinite loop with work", `var i = 0; for (;;) { i = (i + 1) % 7 }`, 400, "deadline exceeded"},
	{"unbounded recursion", `function f(n) { return f(n + 1) + 1 } f(0)`, 400, "call depth exceeded"},
	{"mutual recursion", `function a(n) { return b(n) } function b(n) { return a(n + 1) } a(0)`, 400, "call depth exceeded"},
	{"growing array", `var a = []; for (;;) a.push(a.length)`, 400, "deadline exceeded"},
	{"array of big strings", `var a = []; for (;;) a.push(new Array(100000).join("x") + a.length)`, 400, "deadline exceeded"},
	{"doubling string", `var s = "x"; for (;;) s = s + s`, 400, ""},
	{"huge sparse array join", `new Array(1e9).join("x")`, 400, ""},
	// Which limit stops it first depends on the machine's speed: either
	// answer is a correct refusal.
	{"deep object", `var o = {}; for (;;) o = {a: o}`, 400, "deadline exceeded|too much memory"},
	{"all nodes as one array", `g.emit(g.V().toArray())`, 200, ""},
	{"all nodes unlimited", `g.V().all()`, 200, ""},
	{"four-hop explosion", `g.V().out().in().out().in().all()`, 0, ""},
	{"callback per node", `g.V().forEach(function (n) { g.emit(JSON.stringify(n) + new Array(100).join("y")) })`, 0, ""},
	{"regexp backtracking", `var s = new Array(40).join("a") + "!"; g.emit(/^(a|aa)+$/.test(s))`, 200, ""},
	{"panic: both with numbers", `g.V().both(1, 2, 3).all()`, 500, "query failed inside the engine"},
	{"panic: follow with object", `g.V().follow({}).all()`, 500, "query failed inside the engine"},
	{"panic: followRecursive with object", `g.V().followRecursive({}).all()`, 500, "query failed inside the engine"},
	{"panic in a callback", `g.V().out("</film/performance/actor>").follow({}).forEach(function (x) { g.emit(x) })`, 500, "query failed inside the engine"},
	{"syntax error", `g.V(`, 400, ""},
	{"throw", `throw new Error("boom")`, 400, "boom"},
}

// TestHostileGizmo sends every query of hostile to a real server over
// Cayley's 30k movie graph (471,705 quads) on the embedded store: each
// must be answered with the expected status (a refusal is cancelled by the
// 2 s query timeout or a limit; a query meant to answer is sent to a
// second server over the same store with a generous timeout, so that it
// answers on a busy machine) and a body free of internals; after each, the
// server must answer a normal query, and at the end its goroutines must be
// back to the baseline. How long answers took is reported as a figure,
// never asserted: timing depends on the machine.
func TestHostileGizmo(t *testing.T) {
	data, err := cayleydata.DataDir()
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, graph.Options{Dir: filepath.Join(t.TempDir(), "store")})
	mustLoad(t, s, filepath.Join(data, "30kmoviedata.nq.gz"))
	workers := queryWorkers(t)
	url, stop := startServer(t, s, server.Config{QueryTimeout: hostileTimeout, MaxResults: 50000, QueryWorkers: workers})
	defer stop()
	answerURL, stopAnswer := startServer(t, s, server.Config{QueryTimeout: answerTimeout, MaxResults: 50000, QueryWorkers: workers})
	defer stopAnswer()
	client := &http.Client{Timeout: 2 * answerTimeout}
	post := func(url, query string, limit string) (int, string, time.Duration) {
		start := time.Now()
		resp, err := client.Post(url+"/api/v1/query/gizmo?limit="+limit, "text/plain", strings.NewReader(query))
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(body), time.Since(start)
	}
	normal := func() {
		t.Helper()
		code, body, _ := post(url, `g.V("</en/keanu_reeves>").out("<name>").all()`, "0")
		if code != 200 || !strings.Contains(body, "Keanu Reeves") {
			t.Fatalf("normal query after hostile ones: %d %s", code, body)
		}
	}
	normal()
	client.CloseIdleConnections()
	runtime.GC()
	baseline := runtime.NumGoroutine()

	var slowest time.Duration
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			to := url
			if h.want == 200 {
				to = answerURL
			}
			code, body, took := post(to, h.query, "-1")
			slowest = max(slowest, took)
			if h.want == 0 && (code == 200 || code == 400) {
				code = 0
			}
			if code != h.want || !saysOneOf(body, h.says) {
				t.Errorf("status %d %.300s; want %d saying %q", code, body, h.want, h.says)
			}
			if strings.Contains(body, ".go:") || strings.Contains(body, "goroutine") || strings.Contains(body, "runtime error") {
				t.Errorf("answer leaks internals: %.300s", body)
			}
			if code == 200 {
				var res struct{ Result []any }
				if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Result) > 50000 {
					t.Errorf("%d rows (cap 50000), %v", len(res.Result), err)
				}
			}
			t.Logf("%d in %v", code, took.Round(time.Millisecond))
			normal()
		})
	}
	figure(t, "hostile queries", len(hostile))
	figure(t, "slowest answer", slowest.Round(time.Millisecond))

	t.Run("concurrent hostile queries", func(t *testing.T) {
		var wg sync.WaitGroup
		var refused atomic.Int64
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				q := []string{`while (true) {}`, `function f() { return f() } f()`, `g.V().follow({}).all()`, `g.V().out().in().out().in().all()`}[i%4]
				code, body, _ := post(url, q, "-1")
				switch {
				case code == http.StatusServiceUnavailable:
					// Every query slot was taken: a refusal, not a failure.
					refused.Add(1)
				case code != 200 && code != 400 && code != 500:
					t.Errorf("%s: status %d %.300s", q, code, body)
				}
			}(i)
		}
		wg.Wait()
		figure(t, "concurrent hostile queries refused with 503", refused.Load())
		normal()
	})

	client.CloseIdleConnections()
	// Each worker process has two goroutines of the server reading it.
	n, ok := goroutinesSettle(baseline, 2+2*workers.Workers(), 15*time.Second)
	figure(t, "goroutines before / after", itoa(baseline)+" / "+itoa(n))
	if !ok {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d after the hostile queries, %d before\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

// queryWorkers starts query workers running the quiver binary, as
// `quiver serve` does; they stop when the test ends.
func queryWorkers(t *testing.T) *graph.QueryWorkers {
	t.Helper()
	w, err := graph.NewQueryWorkers(graph.QueryWorkersConfig{Command: []string{quiverBin, "query-worker"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// saysOneOf reports whether body contains one of the "|"-separated phrases
// in says ("" matches anything).
func saysOneOf(body, says string) bool {
	for _, phrase := range strings.Split(says, "|") {
		if strings.Contains(body, phrase) {
			return true
		}
	}
	return false
}
