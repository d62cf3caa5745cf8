package sandbox

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// limitMemory bounds this process: Go's heap limit (the collector works
// harder as the heap nears it), and the address space at what the
// process maps now plus n, so that no allocation, however large or sudden
// (one string doubling to a gigabyte), can go past it: the process dies
// instead, and its parent reports a query that used too much memory.
func limitMemory(n int64) error {
	debug.SetMemoryLimit(n)
	base, err := mappedBytes()
	if err != nil {
		return err
	}
	lim := uint64(base + n)
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim})
}

// mappedBytes is this process's virtual memory size (VmSize).
func mappedBytes() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmSize:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmSize %q: %w", rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmSize in /proc/self/status")
}

// dieWithParent makes a worker killed when the process that started it
// dies, however it dies.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
