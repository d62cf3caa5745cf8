package reliability_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/internal/pgtest"
)

// crashTarget is a store the crash test loads into through the binary.
type crashTarget struct {
	args []string                        // global flags selecting the store
	open func(t testing.TB) *graph.Store // opens it in this process
	// fresh switches to a new, empty store (a new directory or database);
	// soak runs do so now and then to keep each store small.
	fresh func(t testing.TB)
}

// crashFigures is the accounting of one crash test.
type crashFigures struct {
	runs, kills, acked, unackedPresent, unackedAbsent int
	corrupt, partial, lost                            int
}

// TestCrashDuringLoadEmbedded kills `quiver load` (kill -9) at random
// instants while it loads into the embedded store: after each kill the
// store must pass `quiver check`, and every load must be present in full
// (always, when the process printed success) or absent in full.
func TestCrashDuringLoadEmbedded(t *testing.T) {
	root := t.TempDir()
	var dir string
	epoch := 0
	target := &crashTarget{}
	target.fresh = func(testing.TB) {
		epoch++
		dir = filepath.Join(root, fmt.Sprint("store", epoch))
		target.args = []string{"--data", dir, "--no-seed"}
	}
	target.open = func(t testing.TB) *graph.Store {
		s, err := graph.Open(context.Background(), graph.Options{Dir: dir})
		if err != nil {
			t.Fatalf("open after kill: %v", err)
		}
		return s
	}
	target.fresh(t)
	crashLoads(t, target, sized(20, 200), 1000, 20000)
}

// TestCrashDuringLoadPostgres is the same against a real PostgreSQL
// server: our process is killed mid-load; PostgreSQL's transaction must
// leave each load all there or not there at all.
func TestCrashDuringLoadPostgres(t *testing.T) {
	if pgDSN == "" {
		t.Fatal(pgtest.Unavailable())
	}
	var dsn string
	epoch := 0
	target := &crashTarget{}
	target.fresh = func(t testing.TB) {
		epoch++
		var err error
		if dsn, err = pgtest.CreateDatabase(pgDSN, fmt.Sprint("crash", epoch)); err != nil {
			t.Fatal(err)
		}
		target.args = []string{"--backend", "postgres", "--dsn", dsn, "--no-seed"}
	}
	target.open = func(t testing.TB) *graph.Store {
		s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendPostgres, DSN: dsn})
		if err != nil {
			t.Fatalf("open after kill: %v", err)
		}
		return s
	}
	target.fresh(t)
	crashLoads(t, target, sized(10, 100), 200, 1500)
}

// crashLoads runs `quiver load` runs times, each on a new file of min..max
// quads labelled <load:i>, killing it with SIGKILL after a random delay
// drawn from [0, 1.2 x the time a full-size load takes] (half of them
// from its second half), and checks the
// store after every run.
func crashLoads(t *testing.T, target *crashTarget, runs, min, max int) {
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	files := t.TempDir()
	sizes := map[int]int{}
	acked := map[int]bool{}
	var fig crashFigures

	// Calibrate the kill window with one full-size load, not killed.
	load := func(i, n int) string {
		sizes[i] = n
		path := filepath.Join(files, fmt.Sprintf("load%d.nq", i))
		writeNQuads(t, path, loadQuads(i, n))
		return path
	}
	// Two loads: the first also creates the store, which takes longer.
	var cal result
	var loads []int
	for _, first := range []int{-1, 0} {
		cal = quiver(t, 2*time.Minute, append(append([]string{}, target.args...), "load", load(first, max))...)
		if cal.code != 0 {
			t.Fatalf("calibration load failed: %s", cal.stderr)
		}
		acked[first] = true
		loads = append(loads, first)
	}
	window := cal.elapsed * 12 / 10
	t.Logf("a %d-quad load takes %v; kills fall in [0, %v]", max, cal.elapsed, window)

	epochRuns := 50
	for i := 1; i <= runs; i++ {
		if i%epochRuns == 0 {
			target.fresh(t)
			loads, acked = nil, map[int]bool{}
		}
		n := min + rng.Intn(max-min+1)
		path := load(i, n)
		args := append(append([]string{}, target.args...), "load", path)
		killed, delay, out, errOut, err := killedLoad(t, rng, args, window)
		fig.runs++
		loads = append(loads, i)
		switch {
		case killed:
			fig.kills++
			// Killed after printing success still counts as acknowledged.
			if strings.Contains(out, fmt.Sprintf("loaded %d quads", n)) {
				acked[i] = true
			}
		case err == nil && strings.Contains(out, fmt.Sprintf("loaded %d quads", n)):
			acked[i] = true
		default:
			t.Fatalf("run %d: load was not killed but failed: %v\n%s", i, err, errOut)
		}
		if crashed(errOut) {
			t.Fatalf("run %d: quiver load crashed on its own:\n%s", i, errOut)
		}

		// The store must pass quiver check (run as users run it)...
		chk := quiver(t, 2*time.Minute, append(append([]string{}, target.args...), "check")...)
		if chk.code != 0 {
			fig.corrupt++
			t.Fatalf("run %d (killed=%v after %v): quiver check exit %d:\n%s%s", i, killed, delay, chk.code, chk.stdout, chk.stderr)
		}
		// ...and hold every load all or nothing, acknowledged ones all.
		presentI := verifyLoads(t, target, i, loads, sizes, acked, &fig, i == runs || (i+1)%epochRuns == 0)
		if t.Failed() {
			break
		}
		if acked[i] {
			fig.acked++
		} else if presentI {
			fig.unackedPresent++
		} else {
			fig.unackedAbsent++
		}
	}
	figure(t, "runs", fig.runs)
	figure(t, "kills", fig.kills)
	figure(t, "loads acknowledged (all present)", fig.acked)
	figure(t, "loads not acknowledged: present in full", fig.unackedPresent)
	figure(t, "loads not acknowledged: absent", fig.unackedAbsent)
	figure(t, "corrupt stores", fig.corrupt)
	figure(t, "partial loads", fig.partial)
	figure(t, "acknowledged loads lost", fig.lost)
}

// labelCount counts the quads of load k in s.
func labelCount(t testing.TB, s *graph.Store, k int) int {
	t.Helper()
	qs := s.QuadStore()
	ref, err := qs.ValueOf(quad.IRI(fmt.Sprintf("load:%d", k)))
	if err != nil || ref == nil {
		return 0
	}
	it := qs.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	n := 0
	for it.Next(context.Background()) {
		n++
	}
	if err := it.Err(); err != nil {
		t.Fatalf("count load %d: %v", k, err)
	}
	return n
}

// killedLoad runs quiver with args and kills it with SIGKILL after a
// random delay within window: half the kills fall anywhere in the run,
// half in its last part, where the store is opened and the load
// committed. It reports whether the kill landed, the delay, the outputs
// and Wait's error.
func killedLoad(t *testing.T, rng *rand.Rand, args []string, window time.Duration) (killed bool, delay time.Duration, stdout, stderr string, err error) {
	cmd := exec.Command(quiverBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	delay = time.Duration(rng.Int63n(int64(window) + 1))
	if rng.Intn(2) == 0 {
		delay = window/2 + time.Duration(rng.Int63n(int64(window)/2+1))
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	err = cmd.Wait()
	timer.Stop()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed = true
		}
	}
	return killed, delay, out.String(), errb.String(), err
}

// verifyLoads opens the store after run i and checks that every load is
// there in full or not at all, acknowledged ones in full, and that the
// loads account for every quad; with final, that the store's quads are
// exactly those of its complete loads. It reports whether load i is
// present.
func verifyLoads(t *testing.T, target *crashTarget, i int, loads []int, sizes map[int]int, acked map[int]bool, fig *crashFigures, final bool) bool {
	s := target.open(t)
	defer s.Close()
	var total int64
	for _, k := range loads {
		got := labelCount(t, s, k)
		total += int64(got)
		switch {
		case got != 0 && got != sizes[k]:
			fig.partial++
			t.Errorf("run %d: load %d is partial: %d of %d quads", i, k, got, sizes[k])
		case got == 0 && acked[k]:
			fig.lost++
			t.Errorf("run %d: acknowledged load %d (%d quads) is missing", i, k, sizes[k])
		}
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Quads != total {
		t.Errorf("run %d: store holds %d quads, the loads account for %d", i, st.Quads, total)
	}
	if final {
		want := map[string]bool{}
		for _, k := range loads {
			if labelCount(t, s, k) > 0 {
				for _, q := range loadQuads(k, sizes[k]) {
					want[q.NQuad()] = true
				}
			}
		}
		got := dump(t, s)
		bad := len(got) != len(want)
		for _, q := range got {
			bad = bad || !want[q]
		}
		if bad {
			t.Errorf("run %d: the store's quads are not exactly those of its complete loads", i)
		}
	}
	return labelCount(t, s, i) > 0
}
