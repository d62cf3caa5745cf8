package reliability_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCrashDuringInit kills `quiver init` (kill -9) at random instants
// while it creates a seeded store. After each kill `quiver stats` must
// succeed on the directory and report the seed in full — the store either
// was never created (stats then creates it, seed and all) or was created
// whole — and `quiver check` must pass. Before creation was atomic, 6 of
// 25 kills left only quiver.log.tmp (check and stats failed) and 8 an
// empty store that was never seeded.
func TestCrashDuringInit(t *testing.T) {
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	root := t.TempDir()

	// The seeded store's size, and how long creating it takes: the
	// quickest of three inits (the first pays for cold caches), so that
	// kills drawn within it land during an init, not after it.
	var want string
	window := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		cal := quiver(t, time.Minute, "--data", filepath.Join(root, fmt.Sprint("calibration", i)), "init")
		if cal.code != 0 {
			t.Fatalf("calibration init: %s", cal.stderr)
		}
		want = "quads:   " + seedQuads(t, cal.stdout) + "\n"
		window = min(window, cal.elapsed)
	}
	t.Logf("init takes %v (%s); kills fall in [0, %v]", window, want, window)

	runs := sized(20, 100)
	kills, broken := 0, 0
	for i := 1; i <= runs; i++ {
		dir := filepath.Join(root, fmt.Sprint("store", i))
		if i%2 == 0 {
			// Half the runs into a directory that already exists, open to
			// everyone: what is created in it is still private.
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		killed, delay, _, errOut, err := killedLoad(t, rng, []string{"--data", dir, "init"}, window)
		if killed {
			kills++
		} else if err != nil {
			t.Fatalf("run %d: init was not killed but failed: %v\n%s", i, err, errOut)
		}
		st := quiver(t, time.Minute, "--data", dir, "stats")
		chk := quiver(t, time.Minute, "--data", dir, "check")
		if st.code != 0 || chk.code != 0 || !strings.Contains(st.stdout, want) {
			broken++
			t.Errorf("run %d (killed %v after %v): stats exit %d %q%s; check exit %d %s%s",
				i, killed, delay, st.code, st.stdout, st.stderr, chk.code, chk.stdout, chk.stderr)
		}
		if fi, err := os.Stat(filepath.Join(dir, "quiver")); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("run %d: the store directory: %v, %v; want mode 0700", i, fi.Mode(), err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".quiver-creating-*")); len(left) != 0 {
			t.Errorf("run %d: %v left after the next open", i, left)
		}
	}
	figure(t, "init runs / kills", fmt.Sprintf("%d / %d", runs, kills))
	figure(t, "stores broken or unseeded after a kill", broken)
}

// seedQuads returns the N of init's "...: N quads, M nodes".
func seedQuads(t *testing.T, out string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, ": ")
	n, _, ok2 := strings.Cut(rest, " quads")
	if !ok || !ok2 {
		t.Fatalf("unexpected init output %q", out)
	}
	return n
}
