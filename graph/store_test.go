package graph_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/seeds"
)

// dirBackends are the backends that live in a directory.
var dirBackends = []string{graph.BackendEmbedded, graph.BackendBolt, graph.BackendLevelDB}

func TestEveryShippedBackendOpens(t *testing.T) {
	for _, b := range append([]string{graph.BackendMemory}, dirBackends...) {
		t.Run(b, func(t *testing.T) {
			s := mustOpen(t, graph.Options{Backend: b, Dir: t.TempDir(), NoSync: true})
			// small.nq is one document: 9 quads, plus the change log's
			// entry for loading it.
			res := mustLoadFile(t, s, "testdata/small.nq")
			if res.Read != 9 || res.Added != 9+logEntryQuads || len(res.Documents) != 1 || res.Documents[0].Action != "load" {
				t.Fatalf("load = %+v, want 9 read, %d added, one document loaded", res, 9+logEntryQuads)
			}
			st := mustStats(t, s)
			if st.Quads != 9+logEntryQuads || st.Backend != b {
				t.Fatalf("stats = %+v", st)
			}
			out, err := s.Query(context.Background(), graph.LangGizmo, `g.V("<ent:A>").out("<kg:knows>").all()`, graph.QueryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(out.Rows) != "[map[id:<ent:B>]]" {
				t.Fatalf("rows = %v", out.Rows)
			}
		})
	}
}

func TestDirectoryStoresPersistAcrossReopen(t *testing.T) {
	for _, b := range dirBackends {
		t.Run(b, func(t *testing.T) {
			dir := t.TempDir()
			ctx := context.Background()
			s, err := graph.Open(ctx, graph.Options{Backend: b, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if !s.Created() {
				t.Error("a new directory should report Created")
			}
			mustLoadFile(t, s, "testdata/small.nq")
			want := dumpSet(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s2 := mustOpen(t, graph.Options{Backend: b, Dir: dir})
			if s2.Created() {
				t.Error("reopened store reports Created")
			}
			got := dumpSet(t, s2)
			if len(got) != len(want) {
				t.Fatalf("after reopen %d quads, want %d", len(got), len(want))
			}
			for q := range want {
				if !got[q] {
					t.Errorf("lost %s", q)
				}
			}
		})
	}
}

func TestUnknownBackend(t *testing.T) {
	_, err := graph.Open(context.Background(), graph.Options{Backend: "bolt2", Dir: t.TempDir()})
	if !errors.Is(err, graph.ErrUnknownBackend) {
		t.Fatalf("err = %v, want ErrUnknownBackend", err)
	}
}

func TestSQLBackendNeedsDSN(t *testing.T) {
	_, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendPostgres})
	if err == nil {
		t.Fatal("postgres without a DSN opened")
	}
}

func TestSecondOpenerFailsFast(t *testing.T) {
	dir := t.TempDir()
	mustOpen(t, graph.Options{Dir: dir})
	// A second opener that waited for the lock would hang here until the
	// test binary's timeout; it must fail at once with ErrLocked.
	_, err := graph.Open(context.Background(), graph.Options{Dir: dir})
	if !errors.Is(err, graph.ErrLocked) {
		t.Fatalf("second open: err = %v, want ErrLocked", err)
	}
}

// TestSecondProcessFailsFast opens the store here and again in a child
// process (this test binary re-executed), which must fail with the lock
// message rather than hang.
func TestSecondProcessFailsFast(t *testing.T) {
	if dir := os.Getenv("QUIVER_TEST_LOCK_CHILD"); dir != "" {
		_, err := graph.Open(context.Background(), graph.Options{Dir: dir})
		if errors.Is(err, graph.ErrLocked) {
			fmt.Println("LOCKED:", err)
			os.Exit(0)
		}
		fmt.Println("UNEXPECTED:", err)
		os.Exit(3)
	}
	dir := t.TempDir()
	mustOpen(t, graph.Options{Dir: dir})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSecondProcessFailsFast$")
	cmd.Env = append(os.Environ(), "QUIVER_TEST_LOCK_CHILD="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if want := "store is locked by another process"; !contains(string(out), want) {
		t.Fatalf("child output %q lacks %q", out, want)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	dir := t.TempDir()
	s, err := graph.Open(context.Background(), graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro := mustOpen(t, graph.Options{Dir: dir, ReadOnly: true})
	ctx := context.Background()
	if _, err := ro.Load(ctx, []quad.Quad{quad.Make(entA, quad.IRI("p"), entB, nil)}); !errors.Is(err, graph.ErrReadOnly) {
		t.Errorf("Load: err = %v, want ErrReadOnly", err)
	}
	if _, err := ro.Delete(ctx, []quad.Quad{quad.Make(entA, quad.IRI("p"), entB, nil)}); !errors.Is(err, graph.ErrReadOnly) {
		t.Errorf("Delete: err = %v, want ErrReadOnly", err)
	}
}

func TestClosedStore(t *testing.T) {
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Stats(context.Background()); !errors.Is(err, graph.ErrClosed) {
		t.Errorf("Stats after Close: err = %v, want ErrClosed", err)
	}
}

func TestDeleteIsAtomicAndCounts(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
	mustLoadFile(t, s, "testdata/small.nq")
	before := mustStats(t, s).Quads
	n, err := s.Delete(context.Background(), []quad.Quad{
		quad.Make(entA, quad.IRI("rdfs:label"), quad.String("Alpha"), quad.IRI("graph:entities")),
		quad.Make(entA, quad.IRI("kg:knows"), quad.IRI("ent:Nobody"), nil),
	})
	if err != nil || n != 1 {
		t.Fatalf("Delete = %d, %v; want 1 removed", n, err)
	}
	if st := mustStats(t, s); st.Quads != before-1 {
		t.Fatalf("quads after delete = %d, want %d", st.Quads, before-1)
	}
	// Evidence is removed a document at a time, never a quad at a time.
	_, err = s.Delete(context.Background(), []quad.Quad{quad.Make(entA, quad.IRI("kg:knows"), entB, quad.IRI("claim:c1"))})
	if !errors.Is(err, graph.ErrNotDocuments) || !strings.Contains(err.Error(), "retract the document") {
		t.Fatalf("deleting a claim's fact: %v", err)
	}
	if st := mustStats(t, s); st.Quads != before-1 {
		t.Fatalf("a refused delete changed the store: %d quads", st.Quads)
	}
}

func TestLoadTwiceAddsNothing(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
	mustLoadFile(t, s, "testdata/small.nq")
	if res := mustLoadFile(t, s, "testdata/small.nq"); res.Added != 0 {
		t.Fatalf("second load added %d", res.Added)
	}
}

func TestSeedLoadedOnCreateOnly(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, graph.Options{Dir: filepath.Join(dir, "store"), Seed: seeds.Quads})
	st := mustStats(t, s)
	seed, err := seeds.Quads()
	if err != nil {
		t.Fatal(err)
	}
	// The seed is one document: its quads and the log entry of its load.
	if st.Quads != int64(len(seed)+logEntryQuads) {
		t.Fatalf("fresh seeded store has %d quads, the seed has %d (+%d in the log)", st.Quads, len(seed), logEntryQuads)
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check on the seed: %+v, %v", rep, err)
	}
	if _, err := s.Delete(context.Background(), seed[:1]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := mustOpen(t, graph.Options{Dir: filepath.Join(dir, "store"), Seed: seeds.Quads})
	if got := mustStats(t, s2).Quads; got != int64(len(seed)+logEntryQuads)-1 {
		t.Fatalf("reopen reloaded the seed: %d quads", got)
	}
}

func TestCheckFindsOrphanClaimLabels(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
	ctx := context.Background()
	// A store damaged behind Quiver's back: Load refuses a fact without
	// its claim, so write it through Cayley's API.
	if err := s.QuadStore().ApplyDeltas([]cgraph.Delta{{Quad: quad.Make(entA, quad.IRI("kg:knows"), entB, quad.IRI("claim:ghost")), Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !contains(rep.Problems[0], "claim:ghost") {
		t.Fatalf("check = %+v, want a problem naming claim:ghost", rep)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestPostgresReopenKeepsData(t *testing.T) {
	dsn := postgresDSN(t, "reopen")
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendPostgres, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Created() {
		t.Error("a fresh database should report Created")
	}
	mustLoadFile(t, s, "testdata/small.nq")
	s.Close()
	s2 := mustOpen(t, graph.Options{Backend: graph.BackendPostgres, DSN: dsn})
	if s2.Created() {
		t.Error("reopened database reports Created")
	}
	if st := mustStats(t, s2); st.Quads != 9+logEntryQuads {
		t.Fatalf("after reopen: %d quads, want %d", st.Quads, 9+logEntryQuads)
	}
}
