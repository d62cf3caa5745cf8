package reliability_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/quiver-kg/quiver/server"
)

// TestConcurrentClients runs writers and readers against the real server
// (loopback, hardened http.Server) on an embedded store: every write is
// one quad through Cayley's v1 write API, every read the quad count from
// Quiver's stats API. It demands 0 transport errors and 0 5xx, that the
// count never goes backwards for any reader, and that the final count,
// over HTTP and after reopening the store, equals the writes acknowledged.
// Default: 8 writers x 100 writes + 8 readers; QUIVER_SOAK=1: 32 x 500 + 32.
func TestConcurrentClients(t *testing.T) {
	writers, writes, readers := sized(8, 32), sized(100, 500), sized(8, 32)
	dir := filepath.Join(t.TempDir(), "store")
	s, err := graph.Open(context.Background(), graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	url, stopServer := startServer(t, s, server.Config{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: writers + readers}, Timeout: time.Minute}
	baseGoroutines := runtime.NumGoroutine()

	var (
		acked, transportErrs, fiveXX, otherStatus, backwards, reads atomic.Int64
		stop                                                        atomic.Bool
		wg, rg                                                      sync.WaitGroup
		firstProblem                                                sync.Once
		problem                                                     string
	)
	note := func(format string, args ...any) {
		firstProblem.Do(func() { problem = fmt.Sprintf(format, args...) })
	}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < writes; i++ {
				body := fmt.Sprintf(`[{"subject":"<w:%d>","predicate":"<p:write>","object":"%d","label":"<graph:load>"}]`, w, i)
				resp, err := client.Post(url+"/api/v1/write", "application/json", strings.NewReader(body))
				if err != nil {
					transportErrs.Add(1)
					note("writer %d write %d: %v", w, i, err)
					continue
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case resp.StatusCode == 200 && strings.Contains(string(data), "Successfully wrote 1 quads"):
					acked.Add(1)
				case resp.StatusCode >= 500:
					fiveXX.Add(1)
					note("writer %d write %d: %d %s", w, i, resp.StatusCode, data)
				default:
					otherStatus.Add(1)
					note("writer %d write %d: %d %s", w, i, resp.StatusCode, data)
				}
			}
		}(w)
	}
	for r := 0; r < readers; r++ {
		rg.Add(1)
		go func(r int) {
			defer rg.Done()
			last := int64(-1)
			for !stop.Load() {
				resp, err := client.Get(url + "/api/quiver/stats")
				if err != nil {
					transportErrs.Add(1)
					note("reader %d: %v", r, err)
					continue
				}
				var st graph.Stats
				err = json.NewDecoder(resp.Body).Decode(&st)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					fiveXX.Add(1)
					note("reader %d: status %d", r, resp.StatusCode)
					continue
				}
				if err != nil || resp.StatusCode != 200 {
					otherStatus.Add(1)
					note("reader %d: status %d %v", r, resp.StatusCode, err)
					continue
				}
				if st.Quads < last {
					backwards.Add(1)
					note("reader %d: count went from %d to %d", r, last, st.Quads)
				}
				last = st.Quads
				reads.Add(1)
			}
		}(r)
	}
	start := time.Now()
	wg.Wait()
	elapsed := time.Since(start)
	stop.Store(true)
	rg.Wait()

	resp, err := client.Get(url + "/api/quiver/stats")
	if err != nil {
		t.Fatal(err)
	}
	var final graph.Stats
	json.NewDecoder(resp.Body).Decode(&final)
	resp.Body.Close()
	client.CloseIdleConnections()

	// The server's goroutines (one per connection) go away with the
	// connections.
	if n, ok := goroutinesSettle(baseGoroutines, 2, 10*time.Second); !ok {
		t.Errorf("goroutines: %d after the clients left, %d before they came", n, baseGoroutines)
	}
	stopServer()
	mustCheck(t, s)
	s.Close()
	s2 := openStore(t, graph.Options{Dir: dir})
	reopened, _ := s2.Stats(context.Background())
	mustCheck(t, s2)

	total := int64(writers * writes)
	figure(t, "clients", fmt.Sprintf("%d writers x %d writes + %d readers", writers, writes, readers))
	figure(t, "writes acknowledged", acked.Load())
	figure(t, "quads present (HTTP / after reopen)", fmt.Sprintf("%d / %d", final.Quads, reopened.Quads))
	figure(t, "reads", reads.Load())
	figure(t, "transport errors", transportErrs.Load())
	figure(t, "5xx", fiveXX.Load())
	figure(t, "counts going backwards", backwards.Load())
	figure(t, "write throughput", fmt.Sprintf("%.0f writes/s over %v", float64(total)/elapsed.Seconds(), elapsed.Round(time.Millisecond)))
	if problem != "" {
		t.Errorf("first problem: %s", problem)
	}
	if transportErrs.Load() != 0 || fiveXX.Load() != 0 || otherStatus.Load() != 0 || backwards.Load() != 0 {
		t.Errorf("transport errors %d, 5xx %d, other statuses %d, backwards counts %d; want all 0",
			transportErrs.Load(), fiveXX.Load(), otherStatus.Load(), backwards.Load())
	}
	if acked.Load() != total || final.Quads != acked.Load() || reopened.Quads != acked.Load() {
		t.Errorf("acknowledged %d of %d writes; the store holds %d (HTTP), %d (reopened)", acked.Load(), total, final.Quads, reopened.Quads)
	}
}
