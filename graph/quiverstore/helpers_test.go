package quiverstore_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// cayleyDir returns the Cayley module's directory in the module cache.
func cayleyDir(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		tb.Skipf("cannot locate the Cayley module: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// moviesPath returns the path of Cayley's 30k movie data set.
func moviesPath(tb testing.TB) string {
	return filepath.Join(cayleyDir(tb), "data", "30kmoviedata.nq.gz")
}

// enterDataTree builds a temporary tree where Cayley's test data is found at
// the relative paths its suites use (../../../data and ../../../../data),
// changes into it and changes back when the test ends.
func enterDataTree(t testing.TB) {
	t.Helper()
	src := filepath.Join(cayleyDir(t), "data")
	root := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "*.nq*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Cayley data files in %s: %v", src, err)
	}
	for _, dir := range []string{"data", "a/data"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.Symlink(f, filepath.Join(root, dir, filepath.Base(f))); err != nil {
				t.Fatal(err)
			}
		}
	}
	work := filepath.Join(root, "a", "b", "c", "d")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(work); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}

// openStore opens a store in dir and closes it when the test ends.
func openStore(tb testing.TB, dir string, opts *quiverstore.Options) *quiverstore.QuadStore {
	tb.Helper()
	qs, err := quiverstore.Open(dir, opts)
	if err != nil {
		tb.Fatalf("open %s: %v", dir, err)
	}
	tb.Cleanup(func() { qs.Close() })
	return qs
}

// allQuads returns the store's quads as sorted N-Quads lines.
func allQuads(tb testing.TB, qs graph.QuadStore) []string {
	tb.Helper()
	r := graph.NewQuadStoreReader(qs)
	defer r.Close()
	qa, err := quad.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, len(qa))
	for i, q := range qa {
		out[i] = q.NQuad()
	}
	sortStrings(out)
	return out
}
