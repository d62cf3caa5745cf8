package quiverstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
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
	clean, err := os.ReadFile(logPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	restore := func() {
		t.Helper()
		if err := os.WriteFile(logPath(dir), clean, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendLog := func(b []byte) {
		t.Helper()
		f, err := os.OpenFile(logPath(dir), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(b)
		f.Close()
	}

	// What a crash can leave after the last commit (a stray byte, zeros
	// from a file length that reached the disk before its data) is cut off.
	for _, garbage := range [][]byte{{1}, make([]byte, 100)} {
		appendLog(garbage)
		readOnlyTorn(t, dir, want)
		qs = openStore(t, dir, nil)
		check(t, qs)
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("torn tail changed the data")
		}
		qs.Close()
		if fi, _ := os.Stat(logPath(dir)); fi.Size() != full {
			t.Fatalf("log not truncated: %d bytes, want %d", fi.Size(), full)
		}
	}
	// Non-zero bytes that are not a record prefix are damage, not a crash.
	appendLog([]byte("garbage after the last record, long enough for a frame"))
	expectOpenCorrupt(t, dir)
	restore()

	// A record cut short (a process crash mid-append) or ending in zeros
	// (a power loss) loses just that (unacknowledged) record.
	lastStart := full - lastRecordLen(t, dir)
	shapes := map[string]func(b []byte) []byte{}
	for _, cut := range []int64{1, 10, 60, full - lastStart - 5} {
		shapes[fmt.Sprint("cut ", cut)] = func(b []byte) []byte { return b[:int64(len(b))-cut] }
	}
	for _, zeros := range []int64{4, 100, full - lastStart - frameLen} {
		shapes[fmt.Sprint("zeros ", zeros)] = func(b []byte) []byte {
			clear(b[int64(len(b))-zeros:])
			return b
		}
	}
	for name, shape := range shapes {
		if err := os.WriteFile(logPath(dir), shape(append([]byte(nil), clean...)), 0o644); err != nil {
			t.Fatal(err)
		}
		readOnlyTorn(t, dir, nil)
		qs = openStore(t, dir, nil)
		check(t, qs)
		got := allQuads(t, qs)
		if len(got) != len(want)-50 {
			t.Fatalf("%s: %d quads, want %d", name, len(got), len(want)-50)
		}
		// The store keeps working after the repair.
		if err := qs.AddQuads(context.Background(), testQuads("b4", 50)); err != nil {
			t.Fatal(err)
		}
		check(t, qs)
		qs.Close()
		qs = openStore(t, dir, nil)
		if got := allQuads(t, qs); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: rewrite after repair: data differs", name)
		}
		qs.Close()
	}

	// A complete last record that fails its checksum is corruption, even
	// with a few trailing zeros (one damaged byte leaves at most two).
	b := append([]byte(nil), clean...)
	b[len(b)-3] ^= 0x20
	clear(b[len(b)-2:])
	if err := os.WriteFile(logPath(dir), b, 0o644); err != nil {
		t.Fatal(err)
	}
	expectOpenCorrupt(t, dir)
	restore()
}

const frameLen = 12

// lastRecordLen returns the length (frame included) of the log's last
// record, read from the frames.
func lastRecordLen(t *testing.T, dir string) int64 {
	t.Helper()
	b, err := os.ReadFile(logPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	off, last := int64(20), int64(0)
	for off < int64(len(b)) {
		last = frameLen + int64(binary.LittleEndian.Uint32(b[off:]))
		off += last
	}
	return last
}

// snapshotFiles returns the bytes and modification times of dir's files.
func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"quiver.log", "quiver.snap"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(filepath.Join(dir, name))
		out[name] = fmt.Sprintf("%x %v", sha256.Sum256(b), fi.ModTime().UnixNano())
	}
	return out
}

// readOnlyTorn opens dir read-only: it must hold every complete record (want
// if not empty, else anything), Check must report the torn tail, writes
// must fail, and no file may change.
func readOnlyTorn(t *testing.T, dir string, want []string) {
	t.Helper()
	before := snapshotFiles(t, dir)
	ro, err := quiverstore.Open(dir, &quiverstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	if got := allQuads(t, ro); len(want) > 0 && !reflect.DeepEqual(got, want) {
		t.Fatalf("read-only open: %d quads, want %d", len(got), len(want))
	}
	if err := ro.Check(context.Background()); !errors.Is(err, quiverstore.ErrTornTail) {
		t.Fatalf("read-only check: %v, want ErrTornTail", err)
	}
	if err := ro.AddQuads(context.Background(), testQuads("ro", 3)); !errors.Is(err, quiverstore.ErrReadOnly) {
		t.Fatalf("read-only AddQuads: %v, want ErrReadOnly", err)
	}
	ro.Close()
	if after := snapshotFiles(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("read-only open changed the files: %v -> %v", before, after)
	}
}

// expectOpenCorrupt requires both a read-only and a writable open of dir to
// fail with ErrCorrupt, changing no file.
func expectOpenCorrupt(t *testing.T, dir string) {
	t.Helper()
	before := snapshotFiles(t, dir)
	for _, ro := range []bool{true, false} {
		qs, err := quiverstore.Open(dir, &quiverstore.Options{ReadOnly: ro})
		if err == nil {
			qs.Close()
		}
		if !errors.Is(err, quiverstore.ErrCorrupt) {
			t.Fatalf("open (read-only %v): %v, want ErrCorrupt", ro, err)
		}
	}
	if after := snapshotFiles(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("a failed open changed the files")
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := quiverstore.Open(filepath.Join(dir, "missing"), &quiverstore.Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a missing store succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("read-only open created the directory: %v", err)
	}
	qs := openStore(t, dir, &quiverstore.Options{CompactMinLogBytes: -1})
	qs.AddQuads(ctx, testQuads("r", 30))
	if err := qs.Compact(); err != nil {
		t.Fatal(err)
	}
	qs.AddQuads(ctx, testQuads("s", 30))
	want := allQuads(t, qs)
	// A writable store excludes read-only opens.
	if _, err := quiverstore.Open(dir, &quiverstore.Options{ReadOnly: true}); !errors.Is(err, quiverstore.ErrLocked) {
		t.Fatalf("read-only open of a held store: %v, want ErrLocked", err)
	}
	qs.Close()

	before := snapshotFiles(t, dir)
	ro := openStore(t, dir, &quiverstore.Options{ReadOnly: true})
	ro2 := openStore(t, dir, &quiverstore.Options{ReadOnly: true}) // shared
	if _, err := quiverstore.Open(dir, nil); !errors.Is(err, quiverstore.ErrLocked) {
		t.Fatalf("writable open of a read-only held store: %v, want ErrLocked", err)
	}
	check(t, ro)
	if got := allQuads(t, ro); !reflect.DeepEqual(got, want) {
		t.Fatal("read-only open: data differs")
	}
	q := testQuads("s", 1)[0]
	for name, err := range map[string]error{
		"AddQuads":    ro.AddQuads(ctx, testQuads("t", 2)),
		"ApplyDeltas": ro.ApplyDeltas([]graph.Delta{{Quad: q, Action: graph.Delete}}, graph.IgnoreOpts{}),
		"Compact":     ro.Compact(),
	} {
		if !errors.Is(err, quiverstore.ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", name, err)
		}
	}
	if _, err := ro.BeginAdd(0); !errors.Is(err, quiverstore.ErrReadOnly) {
		t.Errorf("BeginAdd: %v, want ErrReadOnly", err)
	}
	ro.Close()
	ro2.Close()
	if after := snapshotFiles(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("read-only opens changed the files")
	}

	// Through Cayley's registry, with the "read_only" option.
	quiverstore.Register()
	cqs, err := graph.NewQuadStore(quiverstore.Type, dir, graph.Options{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	if err := cqs.ApplyDeltas([]graph.Delta{{Quad: q, Action: graph.Delete}}, graph.IgnoreOpts{}); !errors.Is(err, quiverstore.ErrReadOnly) {
		t.Errorf("registry read_only: %v, want ErrReadOnly", err)
	}
	cqs.Close()
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
	qs.Close()
	snap, _ := os.Stat(filepath.Join(src, "quiver.snap"))
	logInfo, _ := os.Stat(logPath(src))

	expectCorrupt := func(name string, off int64) {
		dir := copyDir(t, src)
		flip(t, filepath.Join(dir, name), off)
		for _, ro := range []bool{true, false} {
			qs, err := quiverstore.Open(dir, &quiverstore.Options{ReadOnly: ro})
			if err == nil {
				err = qs.Check(ctx)
				qs.Close()
			}
			if !errors.Is(err, quiverstore.ErrCorrupt) {
				t.Fatalf("flip %s@%d (read-only %v): got %v, want ErrCorrupt", name, off, ro, err)
			}
		}
	}
	// Every byte of the snapshot and of the log, its last record included
	// (a flipped byte there is damage, not a torn write).
	for off := int64(0); off < snap.Size(); off += 7 {
		expectCorrupt("quiver.snap", off)
	}
	for off := int64(0); off < logInfo.Size(); off += 5 {
		expectCorrupt("quiver.log", off)
	}
	for off := logInfo.Size() - 16; off < logInfo.Size(); off++ {
		expectCorrupt("quiver.log", off)
	}
}
