package reliability_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// The adversarial suite runs `quiver serve` as users do, in a child
// process under the memory bounds of a small container: its address space
// is capped (prlimit RLIMIT_AS, as in the report: 4 GiB) and Go's heap
// limit set (GOMEMLIMIT). A query worker, started by the server, lowers
// its own bound further. The child is the plain build TestMain made, not
// a race build: the race detector maps terabytes of address space.

// Bounds of the server child.
const (
	childAddressSpace = 4 << 30
	childMemLimit     = "1GiB"
)

// child is a `quiver serve` child process.
type child struct {
	cmd        *exec.Cmd
	url, debug string
	stderr     childLog
	client     *http.Client
}

// childLog is a child's stderr, kept in a file the test reads at will.
type childLog string

func (l childLog) String() string {
	data, _ := os.ReadFile(string(l))
	return string(data)
}

var (
	servingRE = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)
	debugRE   = regexp.MustCompile(`"msg":"debug listener","addr":"(127\.0\.0\.1:\d+)"`)
)

// startChild starts `quiver serve` on the store in dir with args, bounds
// it, and waits until it answers; it is killed when the test ends.
func startChild(t *testing.T, dir string, args ...string) *child {
	t.Helper()
	all := append([]string{"--data", dir, "serve", "--addr", "127.0.0.1:0", "--debug-addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(quiverBin, all...)
	cmd.Env = append(os.Environ(), "GOMEMLIMIT="+childMemLimit)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close() // the child has its own descriptor
	s := &child{cmd: cmd, stderr: childLog(logFile.Name()), client: &http.Client{Timeout: 5 * time.Minute}}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if crashed(s.stderr.String()) {
			t.Errorf("the server crashed:\n%.3000s", s.stderr.String())
		}
	})
	if err := limitAddressSpace(cmd.Process.Pid, childAddressSpace); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing: %s", s.stderr.String())
	}
	m := servingRE.FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("serve printed %q", lines.Text())
	}
	s.url = m[1]
	go io.Copy(io.Discard, stdout)
	for deadline := time.Now().Add(time.Minute); s.debug == ""; time.Sleep(20 * time.Millisecond) {
		if m := debugRE.FindStringSubmatch(s.stderr.String()); m != nil {
			s.debug = "http://" + m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no debug listener: %s", s.stderr.String())
		}
	}
	return s
}

// limitAddressSpace caps the address space of process pid.
func limitAddressSpace(pid int, bytes uint64) error {
	lim := syscall.Rlimit{Cur: bytes, Max: bytes}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_AS, uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// do sends a request and returns its status, headers and body.
func (s *child) do(t *testing.T, method, path string, header map[string]string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\nserver stderr: %.2000s", method, path, err, s.stderr.String())
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, data
}

// query runs a Gizmo query over v1.
func (s *child) query(t *testing.T, q string) (int, []byte) {
	t.Helper()
	code, _, body := s.do(t, "POST", "/api/v1/query/gizmo?limit=-1", nil, []byte(q))
	return code, body
}

// quads is the store's exact quad count.
func (s *child) quads(t *testing.T) int64 {
	t.Helper()
	code, _, body := s.do(t, "GET", "/api/quiver/stats", nil, nil)
	var st struct{ Quads int64 }
	if err := json.Unmarshal(body, &st); code != 200 || err != nil {
		t.Fatalf("stats: %d %s", code, body)
	}
	return st.Quads
}

// liveHeap is the child's heap after a full collection: what it holds.
func (s *child) liveHeap(t *testing.T) int64 {
	t.Helper()
	// The heap profile with gc=1 runs a collection first.
	resp, err := s.client.Get(s.debug + "/debug/pprof/heap?gc=1")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return s.metric(t, "go_memstats_heap_alloc_bytes")
}

// metric reads one value of the child's Prometheus metrics.
func (s *child) metric(t *testing.T, name string) int64 {
	t.Helper()
	resp, err := s.client.Get(s.debug + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				t.Fatal(err)
			}
			return int64(f)
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// cpuTime is the CPU time the child has used (user and system).
func (s *child) cpuTime(t *testing.T) time.Duration {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses: state is
	// field 3, utime 14, stime 15 (clock ticks of 1/100 s on Linux).
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// healthWatch polls /health while an attack runs and records the longest
// wait for its answer.
type healthWatch struct {
	stop    chan struct{}
	done    chan struct{}
	longest time.Duration
	failed  int
}

func (s *child) watchHealth() *healthWatch {
	h := &healthWatch{stop: make(chan struct{}), done: make(chan struct{})}
	client := &http.Client{Timeout: time.Minute}
	go func() {
		defer close(h.done)
		for {
			select {
			case <-h.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			start := time.Now()
			resp, err := client.Get(s.url + "/health")
			if err != nil || resp.StatusCode != http.StatusNoContent {
				h.failed++
			}
			if resp != nil {
				resp.Body.Close()
			}
			h.longest = max(h.longest, time.Since(start))
		}
	}()
	return h
}

func (h *healthWatch) end() (time.Duration, int) {
	close(h.stop)
	<-h.done
	return h.longest, h.failed
}
