package sandbox

import (
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// MaxHeapGrowth bounds how much the Go heap may grow while a Gizmo
// query runs. JavaScript has no memory limit of its own: without this, a
// script such as "var s = 'x'; for (;;) s = s + s" allocates gigabytes
// before its timeout, and its multi-gigabyte copies stall the whole
// process past the timeout. The heap is sampled every few milliseconds;
// growth from other work running meanwhile counts too, so the bound is
// generous.
const MaxHeapGrowth = 512 << 20

// heapWatchEvery is how often a running Gizmo query's heap growth is
// sampled. The first sample is taken this long after the query starts, on
// a timer: queries that finish sooner (nearly all) start no goroutine.
const heapWatchEvery = 5 * time.Millisecond

// heapWatch interrupts a query's runtime once the heap holds more than
// limit bytes over what it held when the watch started.
type heapWatch struct {
	vm          *goja.Runtime
	base, limit uint64
	mu          sync.Mutex
	t           *time.Timer
	sample      [1]metrics.Sample
	stopped     bool
	tripped     bool
}

const heapMetric = "/memory/classes/heap/objects:bytes"

// watchHeap starts a heapWatch on vm; stop ends it.
func watchHeap(vm *goja.Runtime, limit uint64) *heapWatch {
	w := &heapWatch{vm: vm, limit: limit}
	w.sample[0].Name = heapMetric
	metrics.Read(w.sample[:])
	w.base = w.sample[0].Value.Uint64()
	w.mu.Lock()
	w.t = time.AfterFunc(heapWatchEvery, w.check)
	w.mu.Unlock()
	return w
}

// check samples the heap (on the timer's goroutine) and re-arms the timer.
func (w *heapWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped || w.tripped {
		return
	}
	metrics.Read(w.sample[:])
	if v := w.sample[0].Value.Uint64(); v > w.base && v-w.base > w.limit {
		w.tripped = true
		w.vm.Interrupt(ErrMemory)
		return
	}
	w.t.Reset(heapWatchEvery)
}

// stop ends the watch and reports whether it interrupted the query. A nil
// watch reports false.
func (w *heapWatch) stop() bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	w.t.Stop()
	return w.tripped
}
