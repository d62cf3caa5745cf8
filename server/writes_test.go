package server_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/server"
)

// slowBody delivers body in two halves, pause apart.
func slowBody(body string, pause time.Duration) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(body[:len(body)/2]))
		time.Sleep(pause)
		pw.Write([]byte(body[len(body)/2:]))
		pw.Close()
	}()
	return pr
}

// TestSlowWriteGetsItsAnswer: http.Server's write timeout runs from the
// request's headers, so a write whose body took longer to arrive than the
// timeout was committed, logged 200, and its client got a closed
// connection. Now its answer reaches it.
func TestSlowWriteGetsItsAnswer(t *testing.T) {
	store := mustOpen(t, graphOptionsMemory())
	srv, err := server.New(store, server.Config{WriteTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	defer hs.Close()
	body := "<test:slow> <test:p> \"one\" .\n<test:slow> <test:p> \"two\" .\n"
	resp, err := http.Post("http://"+ln.Addr().String()+"/api/v2/write", "application/n-quads", slowBody(body, 800*time.Millisecond))
	if err != nil {
		t.Fatalf("the write's answer was lost: %v (the store holds %d quads)", err, quadCount(t, store))
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(answer), "Successfully wrote 2 quads") || quadCount(t, store) != 2 {
		t.Fatalf("%d %s; the store holds %d quads", resp.StatusCode, answer, quadCount(t, store))
	}
}

// TestIdempotencyKey: a write sent again with the same Idempotency-Key
// gets the first answer, marked replayed, and writes nothing more; the
// same key with another request is refused, as is a key whose first
// request still runs; keys are per route.
func TestIdempotencyKey(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	keyed := func(path, key, body string) request {
		return request{method: "POST", path: path, body: body, header: map[string]string{"Idempotency-Key": key}}
	}
	write := "<test:k> <test:p> \"a\" .\n<test:k> <test:p> \"b\" .\n"
	resp, first := ts.do(t, keyed("/api/v2/write", "k-1", write))
	if resp.StatusCode != 200 || !strings.Contains(first, `"added":2`) {
		t.Fatalf("first write: %d %s", resp.StatusCode, first)
	}
	count := quadCount(t, ts.store)
	resp, again := ts.do(t, keyed("/api/v2/write", "k-1", write))
	if resp.StatusCode != 200 || again != first || resp.Header.Get("Idempotent-Replayed") != "true" || quadCount(t, ts.store) != count {
		t.Errorf("replay: %d %s (replayed %q); first %s", resp.StatusCode, again, resp.Header.Get("Idempotent-Replayed"), first)
	}
	if resp, body := ts.do(t, keyed("/api/v2/write", "k-1", "<test:k> <test:p> \"c\" .\n")); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the key with another body: %d %s; want 422", resp.StatusCode, body)
	}
	if resp, body := ts.do(t, keyed("/api/v2/delete", "k-1", write)); resp.StatusCode != 200 || !strings.Contains(body, `"removed":2`) {
		t.Errorf("the key on another route is another key: %d %s", resp.StatusCode, body)
	}
	// A refused write's outcome is kept too: it is the answer.
	resp, bad := ts.do(t, keyed("/api/v2/write", "k-2", "<test:k> <test:p> .\n"))
	if resp2, bad2 := ts.do(t, keyed("/api/v2/write", "k-2", "<test:k> <test:p> .\n")); resp.StatusCode != 400 || resp2.StatusCode != 400 || bad2 != bad {
		t.Errorf("a refused write replayed: %d %s / %d %s", resp.StatusCode, bad, resp2.StatusCode, bad2)
	}
	if resp, _ := ts.do(t, keyed("/api/v2/write", strings.Repeat("k", 300), write)); resp.StatusCode != 400 {
		t.Errorf("an overlong key: %d", resp.StatusCode)
	}

	// While the first request with a key runs, the key answers 409. The
	// slow request must claim the key before a probe does: a probe that
	// came first instead (a busy machine) tries again with a new key.
	for attempt := 1; ; attempt++ {
		key := fmt.Sprint("k-slow-", attempt)
		done := make(chan struct{})
		go func() {
			defer close(done)
			req, _ := http.NewRequest("POST", ts.URL+"/api/v2/write", slowBody("<test:k> <test:p> \"slow\" .\n", 2*time.Second))
			req.Header.Set("Idempotency-Key", key)
			if resp, err := ts.Client().Do(req); err == nil {
				resp.Body.Close()
			}
		}()
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
		resp, body := ts.do(t, keyed("/api/v2/write", key, "<test:k> <test:p> \"slow\" .\n"))
		<-done
		if resp.StatusCode == http.StatusConflict && resp.Header.Get("Retry-After") != "" {
			break
		}
		if attempt == 3 {
			t.Fatalf("no 409 while the first request ran: %d %s", resp.StatusCode, body)
		}
	}
}
