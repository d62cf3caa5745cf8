package quiverstore_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// crashBatch returns the changes of batch i (1-based): a marker quad, a
// few hundred to a few thousand data quads, and for every third batch the
// deletion of the previous batch's data quads.
func crashBatch(i int) []graph.Delta {
	var ds []graph.Delta
	ds = append(ds, graph.Delta{Quad: quad.Make(quad.IRI("batch"), quad.IRI("is"), quad.Int(i), nil), Action: graph.Add})
	for _, q := range crashData(i) {
		ds = append(ds, graph.Delta{Quad: q, Action: graph.Add})
	}
	if i%3 == 0 && i > 1 {
		for _, q := range crashData(i - 1) {
			ds = append(ds, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	return ds
}

func crashData(i int) []quad.Quad {
	return testQuads(fmt.Sprint("batch", i), 100+(i*397)%3000)
}

// crashExpected returns the sorted N-Quads a store holds after batches
// 1..n.
func crashExpected(n int) []string {
	set := map[string]bool{}
	for i := 1; i <= n; i++ {
		for _, d := range crashBatch(i) {
			set[d.Quad.NQuad()] = d.Action == graph.Add
		}
	}
	var out []string
	for q, ok := range set {
		if ok {
			out = append(out, q)
		}
	}
	sort.Strings(out)
	return out
}

// childCrash commits batches forever (until killed), continuing after
// those already in the store, printing "ack N" after each commit returns,
// and writing a snapshot every fifth batch.
func childCrash(dir string) {
	qs, err := quiverstore.Open(dir, &quiverstore.Options{CompactMinLogBytes: 256 << 10})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	st, _ := qs.QuadIteratorSize(context.Background(), quad.Predicate, mustRef(qs, quad.IRI("is")))
	for i := int(st.Value) + 1; ; i++ {
		if err := qs.ApplyDeltas(crashBatch(i), graph.IgnoreOpts{}); err != nil {
			fmt.Println("apply:", err)
			os.Exit(1)
		}
		fmt.Println("ack", i)
		if i%5 == 0 { // crash during snapshots too
			if err := qs.Compact(); err != nil {
				fmt.Println("compact:", err)
				os.Exit(1)
			}
		}
	}
}

func mustRef(qs graph.QuadStore, v quad.Value) graph.Ref {
	r, _ := qs.ValueOf(v)
	return r
}

// TestCrash kills a writing child process at random instants; each time the
// store must open, pass Check and hold exactly batches 1..n for some n at
// least the last acknowledged batch. QUIVER_CRASH_RUNS sets the number of
// kills (default 5).
func TestCrash(t *testing.T) {
	killLoop(t, "crash", 8, 20000, crashExpected)
}

// killLoop runs the child mode against one store directory QUIVER_CRASH_RUNS
// times (default 5), killing it after 1..maxAcks acknowledged batches plus
// up to maxDelayMicros; after each kill the store must open, pass Check and
// hold exactly expected(n) for some n at least the last acknowledged batch.
func killLoop(t *testing.T, mode string, maxAcks, maxDelayMicros int, expected func(n int) []string) {
	runs := 5
	if s := os.Getenv("QUIVER_CRASH_RUNS"); s != "" {
		var err error
		if runs, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := 0
	for run := 0; run < runs; run++ {
		cmd := startChild(t, mode, dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of acks plus a random delay.
		sc := bufio.NewScanner(out)
		need := 1 + rng.Intn(maxAcks)
		var other []string
		for seen := 0; seen < need && sc.Scan(); {
			if n, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				acked, _ = strconv.Atoi(n)
				seen++
			} else {
				other = append(other, sc.Text())
			}
		}
		time.Sleep(time.Duration(rng.Intn(maxDelayMicros)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				acked, _ = strconv.Atoi(n)
			} else {
				other = append(other, sc.Text())
			}
		}
		cmd.Wait()
		if len(other) > 0 {
			t.Fatalf("child: %v", other)
		}

		qs, err := quiverstore.Open(dir, nil)
		if err != nil {
			t.Fatalf("run %d: open after kill: %v", run, err)
		}
		check(t, qs)
		st, _ := qs.QuadIteratorSize(context.Background(), quad.Predicate, mustRef(qs, quad.IRI("is")))
		n := int(st.Value)
		if n < acked {
			t.Fatalf("run %d: store holds %d batches, %d were acknowledged", run, n, acked)
		}
		if got := allQuads(t, qs); !reflect.DeepEqual(got, expected(n)) {
			t.Fatalf("run %d: store is not exactly batches 1..%d", run, n)
		}
		t.Logf("run %d: killed after ack %d; store holds %d batches", run, acked, n)
		qs.Close()
		acked = n
	}
}
