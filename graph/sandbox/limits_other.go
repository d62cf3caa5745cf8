//go:build !linux

package sandbox

import (
	"os/exec"
	"runtime/debug"
)

// limitMemory sets Go's heap limit. Other systems than Linux do not bound
// a process's address space, so an allocation in one step can still go
// past it; the worker is then killed by the system, or the query by the
// heap watch.
func limitMemory(n int64) error {
	debug.SetMemoryLimit(n)
	return nil
}

// dieWithParent does nothing here: a worker ends when its stdin closes,
// which its parent's death does.
func dieWithParent(*exec.Cmd) {}
