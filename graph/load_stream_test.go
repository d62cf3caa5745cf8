package graph_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
)

// writeNQ writes n statements (about 40 bytes each, so 50,000 span
// several parse chunks), replacing line bad (1-based, 0: none).
func writeNQ(t *testing.T, dir, name string, n, bad int, prefix string) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if i == bad {
			sb.WriteString("<s> <p> <unterminated .\n")
			continue
		}
		fmt.Fprintf(&sb, "<%s%d> <p%d> \"v%d\" .\n", prefix, i%5000, i%7, i)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func dirSize(t *testing.T, dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && fi.Name() != "LOCK" {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// TestStreamedLoadIsAtomic: LoadFile and LoadFiles stream into one staged
// batch; an error anywhere (late in a big file, or in the last file) is
// located and writes nothing; a good load is complete and duplicates are
// skipped.
func TestStreamedLoadIsAtomic(t *testing.T) {
	ctx := context.Background()
	work := t.TempDir()
	dir := filepath.Join(work, "store")
	s, err := graph.Open(ctx, graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	good := writeNQ(t, work, "good.nq", 50000, 0, "a")
	good2 := writeNQ(t, work, "good2.nq", 30000, 0, "b")
	badLate := writeNQ(t, work, "bad.nq", 50000, 48123, "c")
	statsBefore, _ := s.Stats(ctx)
	sizeBefore := dirSize(t, dir)

	for _, files := range [][]string{{badLate}, {good, badLate}, {good, good2, badLate}} {
		_, err := s.LoadFiles(ctx, files, graph.LoadOptions{})
		var pe *parse.Error
		if !errors.As(err, &pe) || pe.File != badLate || pe.Line != 48123 || pe.Column == 0 {
			t.Fatalf("%v: got %v, want a ParseError at %s:48123", files, err, badLate)
		}
		if st, _ := s.Stats(ctx); st.Quads != statsBefore.Quads {
			t.Fatalf("%v: failed load changed the store: %d quads, was %d", files, st.Quads, statsBefore.Quads)
		}
		if got := dirSize(t, dir); got != sizeBefore {
			t.Fatalf("%v: failed load wrote to disk: %d bytes, was %d", files, got, sizeBefore)
		}
	}
	res, err := s.LoadFiles(ctx, []string{good, good2, good}, graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 130000 || res.Added != 80000 {
		t.Fatalf("load: %+v, want 130000 read, 80000 added", res)
	}
	res, err = s.LoadFile(ctx, good, parse.Options{})
	if err != nil || res.Read != 50000 || res.Added != 0 {
		t.Fatalf("reload: %+v %v", res, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = graph.Open(ctx, graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(ctx); st.Quads != statsBefore.Quads+80000 {
		t.Fatalf("after reopen: %d quads, want %d", st.Quads, statsBefore.Quads+80000)
	}
}
