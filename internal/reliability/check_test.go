package reliability_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// TestCheckCorruptedCopies flips random bytes in copies of an embedded
// store (its snapshot and its log) and runs `quiver check` on each copy.
// Every outcome must be one of: detected (exit 1, or the store refuses to
// open as corrupt), or harmless (check passes and the content is exactly
// the original's). A flip inside the log's last record is detected too: a
// complete record failing its checksum is damage, not a torn write. The
// checker opens the store read-only and must never change the files it
// checks, crash, hang, or pass a store whose content changed.
func TestCheckCorruptedCopies(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	if r := quiver(t, time.Minute, "--data", src, "init"); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	f := filepath.Join(root, "a.nq")
	writeNQuads(t, f, loadQuads(1, 400))
	if r := quiver(t, time.Minute, "--data", src, "load", f); r.code != 0 {
		t.Fatalf("load: %s", r.stderr)
	}
	// A snapshot, then two more log records after it.
	qs, err := quiverstore.Open(filepath.Join(src, "quiver"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := qs.Compact(); err != nil {
		t.Fatal(err)
	}
	if err := qs.AddQuads(ctx, loadQuads(2, 300)); err != nil {
		t.Fatal(err)
	}
	qs.Close()
	files := []string{"quiver.snap", "quiver.log"}
	beforeLast := fileSize(t, filepath.Join(src, "quiver", "quiver.log"))
	withoutLast := storeContent(t, src)
	f3 := filepath.Join(root, "c.nq")
	writeNQuads(t, f3, loadQuads(3, 200))
	if r := quiver(t, time.Minute, "--data", src, "--no-seed", "load", f3); r.code != 0 {
		t.Fatalf("load: %s", r.stderr)
	}
	want := storeContent(t, src)
	sizes := map[string]int64{}
	for _, name := range files {
		sizes[name] = fileSize(t, filepath.Join(src, "quiver", name))
	}

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d; snapshot %d bytes, log %d bytes (last record from %d)", seed, sizes["quiver.snap"], sizes["quiver.log"], beforeLast)
	flips := sized(100, 2000)
	var detected, harmless, lastRecord, lastDetected int
	for i := 0; i < flips; i++ {
		name := files[rng.Intn(len(files))]
		off := rng.Int63n(sizes[name])
		mask := byte(1 + rng.Intn(255))
		dir := copyStore(t, src, filepath.Join(root, fmt.Sprint("copy", i)))
		flipByte(t, filepath.Join(dir, "quiver", name), off, mask)
		inLast := name == "quiver.log" && off >= beforeLast
		if inLast {
			lastRecord++
		}
		before := storeFiles(t, dir)
		r := quiver(t, time.Minute, "--data", dir, "--no-seed", "check")
		if after := storeFiles(t, dir); after != before {
			t.Errorf("flip %s@%d^%#x: check changed the store's files", name, off, mask)
		}
		switch {
		case r.code == 1:
			detected++
			if inLast {
				lastDetected++
			}
		case r.code != 0:
			t.Errorf("flip %s@%d^%#x: check exit %d: %s%s", name, off, mask, r.code, r.stdout, r.stderr)
		default:
			got := storeContent(t, dir)
			switch {
			case equalLines(got, want):
				harmless++
			case equalLines(got, withoutLast):
				t.Errorf("flip %s@%d^%#x: check passed and the last record was dropped", name, off, mask)
			default:
				t.Errorf("flip %s@%d^%#x: check passed but the content changed (%d quads, want %d)", name, off, mask, len(got), len(want))
			}
		}
		os.RemoveAll(dir)
	}
	// A torn tail (a commit cut short by a crash) is reported, not cut off,
	// by `quiver check`; the next writable open drops that record.
	dir := copyStore(t, src, filepath.Join(root, "torn"))
	logFile := filepath.Join(dir, "quiver", "quiver.log")
	if err := os.Truncate(logFile, sizes["quiver.log"]-7); err != nil {
		t.Fatal(err)
	}
	before := storeFiles(t, dir)
	r := quiver(t, time.Minute, "--data", dir, "--no-seed", "check")
	if r.code != 1 || !strings.Contains(r.stdout, "torn write") {
		t.Errorf("check of a torn tail: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if storeFiles(t, dir) != before {
		t.Errorf("check of a torn tail changed the store's files")
	}
	if got := storeContent(t, dir); !equalLines(got, withoutLast) {
		t.Errorf("torn tail: a writable open holds %d quads, want %d", len(got), len(withoutLast))
	}
	if r := quiver(t, time.Minute, "--data", dir, "--no-seed", "check"); r.code != 0 {
		t.Errorf("check after the repair: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	figure(t, "byte flips", flips)
	figure(t, "detected (check exit 1)", detected)
	figure(t, "harmless (check ok, content equal)", harmless)
	figure(t, "in the last log record", lastRecord)
	figure(t, "in the last log record: detected (check exit 1)", lastDetected)
}

// storeFiles returns the sizes, modification times and contents of the
// embedded store's data files in dir, as one comparable string.
func storeFiles(t testing.TB, dir string) string {
	t.Helper()
	var out strings.Builder
	for _, name := range []string{"quiver.snap", "quiver.log"} {
		path := filepath.Join(dir, "quiver", name)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "%s %d %d %x\n", name, fi.Size(), fi.ModTime().UnixNano(), sha256.Sum256(readAll(t, path)))
	}
	return out.String()
}

// storeContent opens the embedded store in dir and returns its quads.
func storeContent(t testing.TB, dir string) []string {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Options{Dir: dir})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	defer s.Close()
	return dump(t, s)
}

// copyStore copies the store files of src (not its lock files) to dst.
func copyStore(t testing.TB, src, dst string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dst, "quiver"), 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(src, "quiver"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "quiver.") {
			writeFile(t, filepath.Join(dst, "quiver", e.Name()), readAll(t, filepath.Join(src, "quiver", e.Name())))
		}
	}
	return dst
}

func flipByte(t testing.TB, path string, off int64, mask byte) {
	t.Helper()
	b := readAll(t, path)
	b[off] ^= mask
	writeFile(t, path, b)
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
