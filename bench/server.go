package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/server"
)

// ServerStats are the load generator's results: per request kind, count
// and latency percentiles in milliseconds.
type ServerStats struct {
	Seconds     float64              `json:"seconds"`
	Clients     int                  `json:"clients"`
	ReqPerSec   float64              `json:"req_per_sec"`
	ReadP50     float64              `json:"read_p50"`
	ReadP99     float64              `json:"read_p99"`
	WritePerSec float64              `json:"write_per_sec"`
	WriteP50    float64              `json:"write_p50"`
	WriteP99    float64              `json:"write_p99"`
	Errors      int                  `json:"errors"`
	Kinds       map[string]KindStats `json:"kinds"`
}

type KindStats struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

type request struct {
	kind, method, path, body string
}

// readMix is the read workload: Gizmo over HTTP (Cayley's v1 API) and the
// question layer's search and neighbourhood endpoints.
var readMix = []request{
	{"gizmo: name lookup", "POST", "/api/v1/query/gizmo", `g.V("Keanu Reeves").in("<name>").out("<type>").all()`},
	{"gizmo: films of an actor", "POST", "/api/v1/query/gizmo", `g.V("Sandra Bullock").in("<name>").in("</film/performance/actor>").in("</film/film/starring>").out("<name>").all()`},
	{"gizmo: co-stars, counted", "POST", "/api/v1/query/gizmo", costar + `g.emit(g.V("Tom Hanks").in("<name>").follow(costar).count())`},
	{"search", "GET", "/api/quiver/search?q=Keanu&limit=5", ""},
	{"neighbors", "GET", "/api/quiver/neighbors?id=/en/keanu_reeves&limit=20", ""},
}

// taskServer serves the embedded store over loopback and drives it with
// concurrent readers and one writer adding a quad every 250 ms.
func taskServer(ctx context.Context, spec Spec) Result {
	st, err := graph.Open(ctx, graph.Options{Dir: spec.Dir})
	if err != nil {
		return errResult(err)
	}
	defer st.Close()
	srv, err := server.New(st, server.Config{})
	if err != nil {
		return errResult(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := ts.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 16

	do := func(r request) (time.Duration, error) {
		var body io.Reader
		if r.body != "" {
			body = strings.NewReader(r.body)
		}
		req, _ := http.NewRequestWithContext(ctx, r.method, ts.URL+r.path, body)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d := time.Since(t)
		if resp.StatusCode != 200 {
			return d, fmt.Errorf("%s %s: HTTP %d", r.method, r.path, resp.StatusCode)
		}
		return d, nil
	}
	// Warm up: one of each (builds the question layer's snapshot).
	for _, r := range readMix {
		if _, err := do(r); err != nil {
			return errResult(err)
		}
	}
	dur := time.Duration(spec.Seconds * float64(time.Second))
	if dur <= 0 {
		dur = 8 * time.Second
	}
	clients := 4
	var mu sync.Mutex
	lat := map[string][]float64{}
	errs := 0
	record := func(kind string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs++
			if errs <= 3 {
				logf("    server: %v", err)
			}
			return
		}
		lat[kind] = append(lat[kind], ms(d))
	}
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline); i++ {
				r := readMix[i%len(readMix)]
				d, err := do(r)
				record(r.kind, d, err)
			}
		}(c)
	}
	if spec.N == 0 { // reads only
		wg.Wait()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; time.Now().Before(deadline); i++ {
			body := fmt.Sprintf(`[{"subject":"</bench/w%d>","predicate":"</bench/wrote>","object":"write %d"}]`, i, i)
			d, err := do(request{"write", "POST", "/api/v1/write", body})
			record("write", d, err)
			time.Sleep(250 * time.Millisecond)
		}
	}()
	wg.Wait()
	ss := &ServerStats{Seconds: dur.Seconds(), Clients: clients, Errors: errs, Kinds: map[string]KindStats{}}
	var reads []float64
	for k, xs := range lat {
		ss.Kinds[k] = KindStats{N: len(xs), P50: median(xs), P99: percentile(xs, 99)}
		if k != "write" {
			reads = append(reads, xs...)
		}
	}
	ss.ReqPerSec = float64(len(reads)) / dur.Seconds()
	ss.ReadP50, ss.ReadP99 = median(reads), percentile(reads, 99)
	ss.WritePerSec = float64(len(lat["write"])) / dur.Seconds()
	ss.WriteP50, ss.WriteP99 = median(lat["write"]), percentile(lat["write"], 99)
	return Result{Server: ss}
}
