package graph_test

import (
	"context"
	"os"
	"testing"
	"time"
	"unicode/utf8"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/graphtest"
	"github.com/cayleygraph/cayley/graph/graphtest/testutil"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

// TestConformance runs Cayley's QuadStore conformance suite
// (graphtest.TestAll: loads, deletes, sizes, iterators, typed values,
// writers, 1k batches, the path morphisms and the integration queries over
// the 30k-movie data) against the QuadStore behind graph.Open, for every
// backend Open accepts that can run here. Each gen call opens a fresh, empty
// store through graph.Open, so Quiver's backend wiring is what is tested,
// not a store built by hand.
//
// The configs follow the ones Cayley uses for the same kind of store:
//
//   - memory: as Cayley's memstore test (integration forced on).
//   - embedded (Quiver's own engine, package quiverstore): as Cayley's kv
//     tests (kvtest: NoPrimitives), with integration forced on.
//   - bolt, leveldb (Cayley's kv stores, kept for comparison): as kvtest,
//     integration not forced (Cayley's own packages run it; on bolt it alone
//     takes about 50 s).
//   - postgres: as Cayley's sql/postgres test through sqltest (NoPrimitives,
//     OptimizesComparison, TimeRound, TimeInMcs: PostgreSQL keeps
//     microseconds), plus sqltest's zero-rune check. Integration only on
//     request; see postgresIntegration.
//
// mysql needs a server the suite does not start yet; it is not run.
func TestConformance(t *testing.T) {
	// Cayley's suites open "../../data/30kmoviedata.nq.gz" and
	// "data/testdata.nq" relative to the working directory.
	cayleydata.Chdir(t)

	t.Run("memory", func(t *testing.T) {
		graphtest.TestAll(t, openFor(graph.BackendMemory), &graphtest.Config{
			AlwaysRunIntegration: true,
		})
	})
	t.Run("embedded", func(t *testing.T) {
		graphtest.TestAll(t, openFor(graph.BackendEmbedded), &graphtest.Config{
			NoPrimitives:         true,
			AlwaysRunIntegration: true,
		})
	})
	for _, b := range []string{graph.BackendBolt, graph.BackendLevelDB} {
		t.Run(b, func(t *testing.T) {
			graphtest.TestAll(t, openFor(b), &graphtest.Config{
				NoPrimitives:         true,
				AlwaysRunIntegration: os.Getenv("QUIVER_LONG") == "1",
			})
		})
	}
	t.Run("postgres", func(t *testing.T) {
		if pgDSN == "" {
			postgresDSN(t, "conformance") // fails, saying how to install PostgreSQL
		}
		gen := openFor(graph.BackendPostgres)
		graphtest.TestAll(t, gen, &graphtest.Config{
			NoPrimitives:         true,
			TimeInMcs:            true,
			TimeRound:            true,
			OptimizesComparison:  true,
			AlwaysRunIntegration: postgresIntegration(),
		})
		t.Run("zero rune", func(t *testing.T) { testZeroRune(t, gen) })
	})
}

// postgresIntegration reports whether the integration part of the suite is
// forced on for postgres: only with QUIVER_PG_INTEGRATION=1 (Cayley's own
// RUN_INTEGRATION=true also runs it). Cayley's own postgres test does not
// force it either. Measured here (2 cores, PostgreSQL 15, fsync off):
//
//   - loading the 471,705 movie quads through Cayley's SQL writer takes
//     about 2 min 30 s (memory: 3 s, embedded: 1 s);
//   - 11 of the 12 queries then pass in 0-2 s each, but "Keanu and Bullock
//     with other" returns nothing within graphtest's 300 s query timeout:
//     a Cayley SQL-backend planning problem, not ours (the same query takes
//     10 ms on memory and embedded). The whole run is about 8 min and fails.
//
// So it is not part of the default suite, nor of QUIVER_LONG=1 runs, which
// would then always fail; QUIVER_PG_INTEGRATION=1 runs it on purpose.
func postgresIntegration() bool {
	return os.Getenv("QUIVER_PG_INTEGRATION") == "1"
}

// openFor returns a graphtest gen func that opens a fresh, empty store of
// the backend through graph.Open and closes it when the calling test ends.
func openFor(backend string) testutil.DatabaseFunc {
	return func(t testing.TB) (cgraph.QuadStore, cgraph.Options) {
		t.Helper()
		opts := graph.Options{Backend: backend}
		switch backend {
		case graph.BackendPostgres:
			opts.DSN = postgresDSN(t, "conformance")
		case graph.BackendMemory:
		default:
			opts.Dir = t.TempDir()
		}
		start := time.Now()
		s, err := graph.Open(context.Background(), opts)
		if err != nil {
			t.Fatalf("open %s store: %v", backend, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Logf("opening the %s store took %v", backend, d)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close %s store: %v", backend, err)
			}
		})
		return s.QuadStore(), nil
	}
}

// testZeroRune is Cayley's sqltest check that a string holding U+0000
// (which PostgreSQL text columns cannot store as is) round-trips.
func testZeroRune(t *testing.T, gen testutil.DatabaseFunc) {
	qs, opts := gen(t)
	w := testutil.MakeWriter(t, qs, opts)
	obj := quad.String("AB\u0000CD")
	if !utf8.ValidString(string(obj)) {
		t.Fatal("invalid utf8")
	}
	if err := w.AddQuad(quad.Quad{Subject: quad.IRI("bob"), Predicate: quad.IRI("pred"), Object: obj}); err != nil {
		t.Fatal(err)
	}
	ref, err := qs.ValueOf(quad.Raw(obj.String()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := qs.NameOf(ref)
	if err != nil {
		t.Fatal(err)
	}
	if got != obj {
		t.Fatalf("got %#v, want %#v", got, obj)
	}
}
