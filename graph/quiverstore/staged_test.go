package quiverstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/quiverstore"
)

func TestStagedCommitAbort(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	qs, err := quiverstore.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	pre := testQuads("pre", 50)
	if err := qs.AddQuads(ctx, pre); err != nil {
		t.Fatal(err)
	}
	before := allQuads(t, qs)

	// Aborted: nothing visible, nothing written.
	b, err := qs.BeginAdd(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, testQuads("gone", 300)); err != nil {
		t.Fatal(err)
	}
	if got := allQuads(t, qs); !reflect.DeepEqual(got, before) {
		t.Fatal("staged quads visible before commit")
	}
	b.Abort()
	b.Abort() // harmless
	if err := b.Commit(); !errors.Is(err, quiverstore.ErrBatchDone) {
		t.Fatalf("commit after abort: %v", err)
	}

	// Committed in parts, with duplicates of the store and across parts.
	b, err = qs.BeginAdd(1000)
	if err != nil {
		t.Fatal(err)
	}
	data := testQuads("staged", 1000)
	for i := 0; i < len(data); i += 128 {
		part := data[i:min(i+128, len(data))]
		part = append(part[:len(part):len(part)], pre[:3]...)
		if i > 0 {
			part = append(part, data[i-1])
		}
		if err := b.Add(ctx, part); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() != len(data) {
		t.Fatalf("staged %d quads, want %d", b.Len(), len(data))
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, data); !errors.Is(err, quiverstore.ErrBatchDone) {
		t.Fatalf("add after commit: %v", err)
	}
	want := map[string]bool{}
	for _, q := range append(pre, data...) {
		want[q.NQuad()] = true
	}
	check(t, qs)
	got := allQuads(t, qs)
	if len(got) != len(want) {
		t.Fatalf("store holds %d quads, want %d", len(got), len(want))
	}
	// An invalid quad fails the part; the batch can only be aborted.
	b, err = qs.BeginAdd(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, []quad.Quad{{Subject: quad.IRI("x")}}); err == nil {
		t.Fatal("invalid quad accepted")
	}
	if err := b.Commit(); err == nil {
		t.Fatal("commit after a failed part succeeded")
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}
	qs = openStore(t, dir, nil)
	check(t, qs)
	if got2 := allQuads(t, qs); !reflect.DeepEqual(got2, got) {
		t.Fatal("reopened store differs")
	}
}

// stagedBatch returns the quads of staged batch i: a marker and data.
func stagedBatch(i int) []quad.Quad {
	return append([]quad.Quad{quad.Make(quad.IRI("batch"), quad.IRI("is"), quad.Int(i), nil)}, crashData(i)...)
}

// childStaged commits staged batches forever, each given in parts with
// pauses between them (so kills land while a batch is staged), printing
// "ack N" after each Commit returns.
func childStaged(dir string) {
	ctx := context.Background()
	qs, err := quiverstore.Open(dir, nil)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	st, _ := qs.QuadIteratorSize(ctx, quad.Predicate, mustRef(qs, quad.IRI("is")))
	for i := int(st.Value) + 1; ; i++ {
		b, err := qs.BeginAdd(0)
		if err != nil {
			fmt.Println("begin:", err)
			os.Exit(1)
		}
		qa := stagedBatch(i)
		for j := 0; j < len(qa); j += 500 {
			if err := b.Add(ctx, qa[j:min(j+500, len(qa))]); err != nil {
				fmt.Println("add:", err)
				os.Exit(1)
			}
			time.Sleep(time.Millisecond)
		}
		if err := b.Commit(); err != nil {
			fmt.Println("commit:", err)
			os.Exit(1)
		}
		fmt.Println("ack", i)
	}
}

func stagedExpected(n int) []string {
	set := map[string]bool{}
	for i := 1; i <= n; i++ {
		for _, q := range stagedBatch(i) {
			set[q.NQuad()] = true
		}
	}
	out := make([]string, 0, len(set))
	for q := range set {
		out = append(out, q)
	}
	sort.Strings(out)
	return out
}

// TestCrashStaged kills a child committing staged batches at random
// instants (mostly while a batch is being staged, also during commits):
// the store must open, pass Check and hold exactly whole batches 1..n,
// n at least the last acknowledged one. QUIVER_CRASH_RUNS sets the runs.
func TestCrashStaged(t *testing.T) {
	killLoop(t, "staged", 4, 10000, stagedExpected)
}
