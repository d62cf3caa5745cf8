package quiverstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// Child process modes (the test binary re-executes itself).
const (
	envChild = "QUIVER_TEST_CHILD"
	envDir   = "QUIVER_TEST_DIR"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "":
		os.Exit(m.Run())
	case "lock":
		childLock(os.Getenv(envDir))
	case "crash":
		childCrash(os.Getenv(envDir))
	case "staged":
		childStaged(os.Getenv(envDir))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode")
		os.Exit(2)
	}
}

// childLock tries to open the store and reports the outcome.
func childLock(dir string) {
	qs, err := quiverstore.Open(dir, nil)
	switch {
	case errors.Is(err, quiverstore.ErrLocked):
		fmt.Println("locked")
		os.Exit(0)
	case err != nil:
		fmt.Println("error:", err)
	default:
		qs.Close()
		fmt.Println("opened")
	}
	os.Exit(1)
}

func startChild(t *testing.T, mode, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envDir+"="+dir)
	return cmd
}

func testQuads(prefix string, n int) []quad.Quad {
	out := make([]quad.Quad, n)
	for i := range out {
		out[i] = quad.Make(quad.IRI(fmt.Sprintf("%s/s%d", prefix, i%7)), quad.IRI("p"), fmt.Sprintf("%s-o%d", prefix, i), nil)
	}
	return out
}

func stats(t *testing.T, qs graph.QuadStore) graph.Stats {
	t.Helper()
	st, err := qs.Stats(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func check(t *testing.T, qs *quiverstore.QuadStore) {
	t.Helper()
	if err := qs.Check(context.Background()); err != nil {
		t.Fatalf("check: %v", err)
	}
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	qs, err := quiverstore.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := qs.AddQuads(ctx, testQuads("a", 100)); err != nil {
		t.Fatal(err)
	}
	typed := []quad.Quad{
		quad.Make(quad.BNode("x"), quad.IRI("when"), quad.Time(time.Unix(1700000000, 123456789).UTC()), quad.IRI("g")),
		quad.Make(quad.BNode("x"), quad.IRI("n"), quad.Int(-42), nil),
		quad.Make(quad.BNode("x"), quad.IRI("f"), quad.Float(2.5), nil),
		quad.Make(quad.BNode("x"), quad.IRI("b"), quad.Bool(true), nil),
		quad.Make(quad.BNode("x"), quad.IRI("l"), quad.LangString{Value: "hi \"there\"\n", Lang: "en"}, nil),
		quad.Make(quad.BNode("x"), quad.IRI("t"), quad.TypedString{Value: "7", Type: "custom"}, nil),
	}
	if err := qs.AddQuads(ctx, typed); err != nil {
		t.Fatal(err)
	}
	del := []graph.Delta{{Quad: testQuads("a", 100)[3], Action: graph.Delete}}
	if err := qs.ApplyDeltas(del, graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	want, wantStats := allQuads(t, qs), stats(t, qs)
	check(t, qs)
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	for round := 0; round < 3; round++ {
		qs = openStore(t, dir, nil)
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: quads differ after reopen:\n%v\nwant\n%v", round, got, want)
		}
		if got := stats(t, qs); got != wantStats {
			t.Fatalf("round %d: stats %+v, want %+v", round, got, wantStats)
		}
		check(t, qs)
		v, _ := qs.ValueOf(quad.BNode("x"))
		if v == nil {
			t.Fatal("value lost")
		}
		if round == 1 {
			if err := qs.Compact(); err != nil { // snapshot path
				t.Fatal(err)
			}
			check(t, qs)
		}
		qs.Close()
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	qs := openStore(t, dir, nil)
	_ = qs

	start := time.Now()
	_, err := quiverstore.Open(dir, nil)
	if !errors.Is(err, quiverstore.ErrLocked) {
		t.Fatalf("second open in process: got %v, want ErrLocked", err)
	}
	t.Logf("second open failed in %v: %v", time.Since(start), err)

	out, err := startChild(t, "lock", dir).Output()
	if err != nil || string(out) != "locked\n" {
		t.Fatalf("child open: %q, %v; want locked", out, err)
	}

	qs.Close()
	qs2 := openStore(t, dir, nil) // released on Close
	qs2.Close()
	out, err = startChild(t, "lock", dir).Output()
	if err == nil || string(out) != "opened\n" {
		t.Fatalf("child open after close: %q, %v; want opened", out, err)
	}
}

func TestAtomicBatch(t *testing.T) {
	qs := openStore(t, t.TempDir(), nil)
	base := testQuads("a", 10)
	if err := qs.AddQuads(context.Background(), base); err != nil {
		t.Fatal(err)
	}
	want, wantStats := allQuads(t, qs), stats(t, qs)

	fresh := testQuads("b", 20)
	var deltas []graph.Delta
	for _, q := range fresh {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	deltas = append(deltas, graph.Delta{Quad: base[0], Action: graph.Delete})
	dup := graph.Delta{Quad: base[5], Action: graph.Add}
	missing := graph.Delta{Quad: quad.Make("no", "such", "quad", nil), Action: graph.Delete}
	for _, tc := range []struct {
		last graph.Delta
		opts graph.IgnoreOpts
		err  error
	}{
		{dup, graph.IgnoreOpts{IgnoreMissing: true}, graph.ErrQuadExists},
		{missing, graph.IgnoreOpts{IgnoreDup: true}, graph.ErrQuadNotExist},
		{graph.Delta{Quad: fresh[0], Action: graph.Add}, graph.IgnoreOpts{}, graph.ErrQuadExists}, // dup within the batch
		{graph.Delta{Quad: base[0], Action: graph.Delete}, graph.IgnoreOpts{}, graph.ErrQuadNotExist},
		{graph.Delta{Quad: base[1], Action: 7}, graph.IgnoreOpts{}, graph.ErrInvalidAction},
	} {
		err := qs.ApplyDeltas(append(deltas[:len(deltas):len(deltas)], tc.last), tc.opts)
		var de *graph.DeltaError
		if !errors.As(err, &de) || !errors.Is(err, tc.err) {
			t.Fatalf("got %v, want a DeltaError wrapping %v", err, tc.err)
		}
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("failed batch changed the store")
		}
		if got := stats(t, qs); got != wantStats {
			t.Fatalf("failed batch changed stats: %+v", got)
		}
		if v, _ := qs.ValueOf(fresh[0].Object); v != nil {
			t.Fatalf("failed batch left a value")
		}
		check(t, qs)
	}
	// Reopening shows the same: nothing of the failed batches was logged.
	dir := t.TempDir()
	qs2 := openStore(t, dir, nil)
	qs2.AddQuads(context.Background(), base)
	qs2.ApplyDeltas(append(deltas, dup), graph.IgnoreOpts{})
	qs2.Close()
	qs2 = openStore(t, dir, nil)
	if got := allQuads(t, qs2); !reflect.DeepEqual(got, want) {
		t.Fatalf("failed batch reached the log")
	}
}

func logPath(dir string) string { return filepath.Join(dir, "quiver.log") }

func TestTornTail(t *testing.T) {
	dir := t.TempDir()
	qs := openStore(t, dir, nil)
	for i := 0; i < 5; i++ {
		if err := qs.AddQuads(context.Background(), testQuads(fmt.Sprint("b", i), 50)); err != nil {
			t.Fatal(err)
		}
	}
	want := allQuads(t, qs)
	qs.Close()
	fi, err := os.Stat(logPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	full := fi.Size()

	// Garbage appended after the last commit is cut off.
	for _, garbage := range [][]byte{{1}, []byte("garbage after the last record, long enough for a frame"), make([]byte, 100)} {
		f, err := os.OpenFile(logPath(dir), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(garbage)
		f.Close()
		qs = openStore(t, dir, nil)
		check(t, qs)
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("garbage tail changed the data")
		}
		qs.Close()
		if fi, _ := os.Stat(logPath(dir)); fi.Size() != full {
			t.Fatalf("log not truncated: %d bytes, want %d", fi.Size(), full)
		}
	}

	// A record cut short loses just that (unacknowledged) record.
	for _, cut := range []int64{1, 10, 60} {
		if err := os.Truncate(logPath(dir), full-cut); err != nil {
			t.Fatal(err)
		}
		qs = openStore(t, dir, nil)
		check(t, qs)
		got := allQuads(t, qs)
		if len(got) != len(want)-50 {
			t.Fatalf("cut %d: %d quads, want %d", cut, len(got), len(want)-50)
		}
		// The store keeps working after the repair.
		if err := qs.AddQuads(context.Background(), testQuads("b4", 50)); err != nil {
			t.Fatal(err)
		}
		check(t, qs)
		qs.Close()
		qs = openStore(t, dir, nil)
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("rewrite after cut: data differs")
		}
		qs.Close()
	}
}

func copyDir(t *testing.T, src string) string {
	dst := t.TempDir()
	for _, name := range []string{"quiver.log", "quiver.snap"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func flip(t *testing.T, path string, off int64) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 0x5a
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCorruption(t *testing.T) {
	src := t.TempDir()
	qs := openStore(t, src, nil)
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		qs.AddQuads(ctx, testQuads(fmt.Sprint("c", i), 40))
	}
	if err := qs.Compact(); err != nil {
		t.Fatal(err)
	}
	for i := 4; i < 8; i++ {
		qs.AddQuads(ctx, testQuads(fmt.Sprint("c", i), 40))
	}
	want := allQuads(t, qs)
	qs.Close()
	snap, _ := os.Stat(filepath.Join(src, "quiver.snap"))
	logInfo, _ := os.Stat(logPath(src))

	expectCorrupt := func(name string, off int64) {
		dir := copyDir(t, src)
		flip(t, filepath.Join(dir, name), off)
		qs, err := quiverstore.Open(dir, nil)
		if err == nil {
			err = qs.Check(ctx)
			qs.Close()
		}
		if !errors.Is(err, quiverstore.ErrCorrupt) {
			t.Fatalf("flip %s@%d: got %v, want ErrCorrupt", name, off, err)
		}
	}
	// Every byte of the snapshot and of the log before its last record.
	for off := int64(0); off < snap.Size(); off += 7 {
		expectCorrupt("quiver.snap", off)
	}
	for off := int64(0); off < logInfo.Size()/2; off += 13 {
		expectCorrupt("quiver.log", off)
	}
	// Anywhere: detected, or (in the last record, which looks torn) the
	// store opens to a consistent prefix. Never a panic.
	for off := logInfo.Size() / 2; off < logInfo.Size(); off += 11 {
		dir := copyDir(t, src)
		flip(t, logPath(dir), off)
		qs, err := quiverstore.Open(dir, nil)
		if errors.Is(err, quiverstore.ErrCorrupt) {
			continue
		} else if err != nil {
			t.Fatalf("flip log@%d: %v", off, err)
		}
		check(t, qs)
		if got := allQuads(t, qs); len(got) != len(want)-40 {
			t.Fatalf("flip log@%d opened with %d quads, want %d", off, len(got), len(want)-40)
		}
		qs.Close()
	}
}
