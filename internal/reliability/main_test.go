package reliability_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/backends"
	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/internal/pgtest"
)

// quiverBin is the quiver binary TestMain builds for the process-level
// tests; pgDSN the superuser DSN of the throwaway PostgreSQL server (""
// when PostgreSQL is not installed: the tests needing it then fail, saying
// how to install it).
var (
	quiverBin string
	pgDSN     string
)

// TestMain registers every backend (the postgres crash test opens one) and
// builds the quiver binary the tests run.
func TestMain(m *testing.M) {
	backends.RegisterAll()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "quiver-reliability-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	quiverBin = filepath.Join(dir, "quiver")
	// A plain build: the binary is the thing under test, as users run it.
	cmd := exec.Command("go", "build", "-o", quiverBin, "github.com/quiver-kg/quiver/cmd/quiver")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build quiver:", err)
		return 1
	}
	return pgtest.Main(m, &pgDSN)
}

// soak reports whether the long variants were asked for (QUIVER_SOAK=1).
func soak() bool { return os.Getenv("QUIVER_SOAK") == "1" }

// sized returns def in the default suite and long with QUIVER_SOAK=1.
func sized(def, long int) int {
	if soak() {
		return long
	}
	return def
}

// result is what one quiver process did.
type result struct {
	code           int // exit code; -1 when killed by a signal
	stdout, stderr string
	elapsed        time.Duration
}

// quiver runs the binary with args and returns what it did; timeout bounds
// the run (the process is killed after it and the test fails).
func quiver(t testing.TB, timeout time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, quiverBin, args...)
	cmd.Env = append(os.Environ(), "QUIVER_DATA=/nonexistent-use-data-flag")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("quiver %s: still running after %v\nstderr: %s", strings.Join(args, " "), timeout, r.stderr)
	}
	r.code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("quiver %s: %v", strings.Join(args, " "), err)
	}
	if crashed(r.stderr) {
		t.Fatalf("quiver %s crashed:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

// crashed reports whether a process's stderr shows a Go panic or fatal
// runtime error rather than an orderly failure.
func crashed(stderr string) bool {
	return strings.Contains(stderr, "panic:") || strings.Contains(stderr, "fatal error:") ||
		strings.Contains(stderr, "goroutine ") && strings.Contains(stderr, ".go:")
}

// loadQuads is load number i of a crash or accounting run: n quads, all
// labelled <load:i>, so what a store holds of it can be counted exactly.
func loadQuads(i, n int) []quad.Quad {
	qs := make([]quad.Quad, n)
	label := quad.IRI(fmt.Sprintf("load:%d", i))
	for j := range qs {
		qs[j] = quad.Make(
			quad.IRI(fmt.Sprintf("ent:L%dE%d", i, j%97)),
			quad.IRI(fmt.Sprintf("rel:p%d", j%7)),
			quad.String(fmt.Sprintf("value %d of load %d — ünïcödé", j, i)),
			label)
	}
	return qs
}

// writeNQuads writes qs as an N-Quads file.
func writeNQuads(t testing.TB, path string, qs []quad.Quad) {
	t.Helper()
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.NQuad())
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// openStore opens a store and closes it when the test ends.
func openStore(t testing.TB, opts graph.Options) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open %s store: %v", opts.Backend, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// dump returns every quad of s as sorted N-Quads lines.
func dump(t testing.TB, s *graph.Store) []string {
	t.Helper()
	var out []string
	r := cgraph.NewQuadStoreReader(s.QuadStore())
	defer r.Close()
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("read the store: %v", err)
		}
		out = append(out, q.NQuad())
	}
	sort.Strings(out)
	return out
}

// byLabel groups N-Quads lines by their label.
func byLabel(t testing.TB, s *graph.Store) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	r := cgraph.NewQuadStoreReader(s.QuadStore())
	defer r.Close()
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("read the store: %v", err)
		}
		l := fmt.Sprint(q.Label)
		if out[l] == nil {
			out[l] = map[string]bool{}
		}
		out[l][q.NQuad()] = true
	}
	return out
}

// mustCheck runs Store.Check and fails the test on any problem.
func mustCheck(t testing.TB, s *graph.Store) graph.CheckReport {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatalf("check could not run: %v", err)
	}
	if !rep.OK() {
		t.Fatalf("check found problems: %v", rep.Problems)
	}
	return rep
}

// goroutinesSettle waits until the number of goroutines is at most
// baseline+slack, returning the last count and whether it got there.
func goroutinesSettle(baseline, slack int, within time.Duration) (int, bool) {
	deadline := time.Now().Add(within)
	for {
		n := runtime.NumGoroutine()
		if n <= baseline+slack {
			return n, true
		}
		if time.Now().After(deadline) {
			return n, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// figure logs one figure of a run in a form scripts/soak.sh and the docs
// collect: "FIGURE name: value".
func figure(t testing.TB, name string, value any) {
	t.Helper()
	t.Logf("FIGURE %s: %v", name, value)
}

func itoa(i int) string { return strconv.Itoa(i) }

// repoTestdata is the repository's top-level testdata directory (the
// malformed-input corpus and accepted edge cases), seen from this package.
const repoTestdata = "../../testdata"
