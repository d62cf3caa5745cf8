package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/memsafe"
	"github.com/quiver-kg/quiver/graph/sandbox"
)

// workerEnv makes this test binary a query worker (see TestMain).
const workerEnv = "QUIVER_SANDBOX_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		if err := sandbox.ServeWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newPool starts a pool of this test binary's workers.
func newPool(t *testing.T, memory int64) *sandbox.Pool {
	t.Helper()
	p, err := sandbox.NewPool(sandbox.PoolConfig{Command: []string{os.Args[0]}, Env: []string{workerEnv + "=1"}, Workers: 2, MemoryBytes: memory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// testStore is a small graph: people who know each other, with names.
func testStore(t *testing.T) (cgraph.QuadStore, sandbox.Asker) {
	t.Helper()
	qs := memsafe.New()
	var deltas []cgraph.Delta
	add := func(s, p string, o quad.Value) {
		deltas = append(deltas, cgraph.Delta{Quad: quad.Make(quad.IRI(s), quad.IRI(p), o, quad.IRI("graph:entities")), Action: cgraph.Add})
	}
	for i := 0; i < 50; i++ {
		add(fmt.Sprintf("ent:P%d", i), "rdfs:label", quad.String(fmt.Sprintf("Person <%d> & co", i)))
		add(fmt.Sprintf("ent:P%d", i), "rdf:type", quad.IRI("kg:Person"))
		add(fmt.Sprintf("ent:P%d", i), "kg:knows", quad.IRI(fmt.Sprintf("ent:P%d", (i*7+3)%50)))
		add(fmt.Sprintf("ent:P%d", i), "kg:age", quad.Int(20+i))
	}
	if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	asker := sandbox.SnapshotAsker(func(ctx context.Context) (*ask.Snapshot, error) {
		return ask.NewCache(qs, func() (func(), bool) { return func() {}, true }).Snapshot(ctx)
	})
	return qs, asker
}

// collect runs a streamed query and returns its answer as one JSON list.
func collect(stream func(sandbox.RowWriter) (sandbox.Outcome, error)) (string, sandbox.Outcome, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	first := true
	out, err := stream(func(part []byte, last bool) error {
		if first {
			first = false
		} else if b.Len() > 1 && b.Bytes()[b.Len()-1] == '\n' {
			b.Truncate(b.Len() - 1)
			b.WriteByte(',')
		}
		b.Write(part)
		if last {
			b.WriteByte('\n')
		}
		return nil
	})
	return strings.TrimSuffix(b.String(), "\n") + "]", out, err
}

// TestWorkersAnswerAsInProcess: a query answers the same in a worker,
// over store calls, as in the process holding the store — tags, emitted
// values, morphisms, counts, typed values, quiver.* questions, GraphQL,
// MQL, errors and the row cap.
func TestWorkersAnswerAsInProcess(t *testing.T) {
	qs, asker := testStore(t)
	pool := newPool(t, 0)
	lim := sandbox.Limits{MaxRows: 20, Timeout: time.Minute, MaxBytes: 1 << 20, EscapeHTML: true}
	for _, c := range []struct{ lang, query string }{
		{"gizmo", `g.V("<ent:P1>").out("<kg:knows>").all()`},
		{"gizmo", `g.V("<ent:P1>").tag("a").out("<kg:knows>").tag("b").out("<rdfs:label>").all()`},
		{"gizmo", `g.V().has("<rdf:type>", "<kg:Person>").count()`},
		{"gizmo", `g.emit(g.V().has("<rdf:type>", "<kg:Person>").count())`},
		{"gizmo", `var m = g.M().out("<kg:knows>").out("<kg:knows>"); g.V("<ent:P2>").follow(m).out("<kg:age>").all()`},
		{"gizmo", `g.V().out("<kg:age>").filter(gt(60)).all()`},
		{"gizmo", `g.V().all()`},
		{"gizmo", `g.V("<ent:P3>", "<ent:nope>").in("<kg:knows>").toArray().forEach(function (x) { g.emit(x) })`},
		{"gizmo", `g.emit(quiver.node("ent:P4").label)`},
		{"gizmo", `g.emit({a: [1, 2.5, "x<y"], b: null, c: true})`},
		{"gizmo", `g.V("<ent:P5>").both().unique().all()`},
		{"gizmo", `throw new Error("boom")`},
		{"gizmo", `g.V(`},
		{"graphql", `{ nodes(id: "<ent:P1>") { id, <rdfs:label> } }`},
		{"mql", `[{"id": "<ent:P1>", "<rdfs:label>": null}]`},
		{"nope", `x`},
	} {
		local, lout, lerr := collect(func(w sandbox.RowWriter) (sandbox.Outcome, error) {
			return sandbox.Stream(context.Background(), qs, c.lang, c.query, lim, asker, w)
		})
		remote, rout, rerr := collect(func(w sandbox.RowWriter) (sandbox.Outcome, error) {
			return pool.Stream(context.Background(), qs, c.lang, c.query, lim, asker, w)
		})
		if local != remote || lout != rout || fmt.Sprint(lerr) != fmt.Sprint(rerr) {
			t.Errorf("%s:\n in process %s %+v %v\n in worker  %s %+v %v", c.query, local, lout, lerr, remote, rout, rerr)
		}
		for _, known := range []error{sandbox.ErrUnknownLanguage} {
			if errors.Is(lerr, known) != errors.Is(rerr, known) {
				t.Errorf("%s: errors.Is(%v) differs: %v / %v", c.query, known, lerr, rerr)
			}
		}
	}
}

// TestWorkersContainWhatNoLimitStops: a script that allocates gigabytes
// in one step fails with ErrMemory, one stuck inside Go code (Cayley
// walking an array that shares itself 2^40 times) fails at its timeout;
// the pool goes on answering.
func TestWorkersContainWhatNoLimitStops(t *testing.T) {
	qs, asker := testStore(t)
	pool := newPool(t, 512<<20)
	// A generous timeout for what must answer (the race detector is
	// slow), a short one for the query that can only time out.
	lim := sandbox.Limits{MaxRows: 100, Timeout: time.Minute, MaxBytes: 64 << 20}
	run := func(query string) (string, sandbox.Outcome, error) {
		return collect(func(w sandbox.RowWriter) (sandbox.Outcome, error) {
			return pool.Stream(context.Background(), qs, "gizmo", query, lim, asker, w)
		})
	}
	if _, _, err := run(`g.emit("x".repeat(Math.pow(2, 31)).length)`); !errors.Is(err, sandbox.ErrMemory) {
		t.Errorf("a 2 GiB string: %v; want ErrMemory", err)
	}
	lim.Timeout = 2 * time.Second
	if _, _, err := run(`var a = ["x"]; for (var i = 0; i < 40; i++) a = [a, a]; g.emit(a)`); !errors.Is(err, sandbox.ErrTimeout) {
		t.Errorf("an array sharing itself 2^40 times: %v; want ErrTimeout", err)
	}
	lim.Timeout = time.Minute
	got, out, err := run(`var s = "x"; for (var i = 0; i < 25; i++) s += s; for (var i = 0; i < 100; i++) g.emit(s)`)
	if err != nil || out.Rows != 1 || out.Truncated != sandbox.TruncatedBytes || len(got) != 32<<20+4 {
		t.Errorf("100 rows of 32 MiB with a 64 MiB cap: %d bytes, %+v, %v; want one row, cut by bytes", len(got), out, err)
	}
	if got, _, err := run(`g.V("<ent:P1>").out("<kg:knows>").all()`); err != nil || got != `[{"id":"<ent:P10>"}]` {
		t.Errorf("a normal query afterwards: %s %v", got, err)
	}
}
