package graph_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/seeds"
)

// TestCreationIsAtomic: a store is created with its seed, or not at all.
// A seed that fails leaves no store behind, so the next open creates and
// seeds it (before, the empty store stayed and was never seeded); what an
// interrupted creation left is removed on the next open.
func TestCreationIsAtomic(t *testing.T) {
	for _, b := range dirBackends {
		t.Run(b, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			boom := errors.New("seed unavailable")
			_, err := graph.Open(context.Background(), graph.Options{Backend: b, Dir: dir, NoSync: true,
				Seed: func() ([]quad.Quad, error) { return nil, boom }})
			if !errors.Is(err, boom) {
				t.Fatalf("open with a failing seed: %v", err)
			}
			if left := entries(t, dir); len(left) != 1 || left[0] != "quiver.lock" {
				t.Fatalf("a failed creation left %v", left)
			}
			// A creation killed half way leaves its temporary directory.
			stale := filepath.Join(dir, ".quiver-creating-123")
			if err := os.MkdirAll(filepath.Join(stale, "quiver"), 0o700); err != nil {
				t.Fatal(err)
			}
			s := mustOpen(t, graph.Options{Backend: b, Dir: dir, NoSync: true, Seed: seeds.Quads})
			seed, _ := seeds.Quads()
			if st := mustStats(t, s); !s.Created() || st.Quads != int64(len(seed)+logEntryQuads) {
				t.Fatalf("created %v with %d quads; want the seed's %d", s.Created(), st.Quads, len(seed)+logEntryQuads)
			}
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Fatalf("the stale creation is still there: %v", err)
			}
		})
	}
}

// TestStoreFilesArePrivate: whatever the mode of a data directory that
// already exists, what Quiver creates in it is its owner's alone.
func TestStoreFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, graph.Options{Dir: dir, Seed: seeds.Quads})
	mustLoadFile(t, s, "testdata/small.nq")
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is %v; want no access for group and others", p, perm)
		}
		n++
		return nil
	})
	if err != nil || n < 3 {
		t.Fatalf("%d files checked: %v", n, err)
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
