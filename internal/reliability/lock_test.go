package reliability_test

import (
	"bufio"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
)

// lockBound is the watchdog on a second opener: Open never waits for the
// lock, so an opener still running after it is hanging, not slow. It is
// generous so that process start-up on a busy machine never trips it.
const lockBound = time.Minute

// TestLockContention holds an embedded store in one process (`quiver
// serve`) and checks that every other opener, in another process or in
// this one, fails at once with "store is locked by another process", never
// hangs, and that the lock dies with its holder (kill -9).
func TestLockContention(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	if r := quiver(t, time.Minute, "--data", dir, "init"); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	holder := exec.Command(quiverBin, "--data", dir, "serve", "--addr", "127.0.0.1:0")
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "serving") {
		t.Fatalf("serve did not start: %q %v", line, err)
	}

	for _, args := range [][]string{
		{"stats"}, {"check"}, {"query", "g.V().count()"}, {"load", repoTestdata + "/accepted/crlf.nq"},
		{"init"}, {"dump"}, {"serve", "--addr", "127.0.0.1:0"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := quiver(t, lockBound, append([]string{"--data", dir}, args...)...)
			if r.code == 0 || !strings.Contains(r.stderr, "store is locked by another process") {
				t.Errorf("exit %d after %v, stderr %q; want a failure saying the store is locked", r.code, r.elapsed, r.stderr)
			}
			t.Logf("refused after %v", r.elapsed.Round(time.Millisecond))
		})
	}
	t.Run("in-process Open", func(t *testing.T) {
		_, err := graph.Open(context.Background(), graph.Options{Dir: dir})
		if !errors.Is(err, graph.ErrLocked) {
			t.Fatalf("err = %v, want ErrLocked", err)
		}
	})
	t.Run("lock dies with its holder", func(t *testing.T) {
		holder.Process.Signal(syscall.SIGKILL)
		holder.Wait()
		r := quiver(t, lockBound, "--data", dir, "check")
		if r.code != 0 {
			t.Fatalf("check after the holder was killed: exit %d %s", r.code, r.stderr)
		}
	})
}
