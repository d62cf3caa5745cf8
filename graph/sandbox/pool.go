package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
)

// A Pool runs queries in worker processes. Gizmo is JavaScript: a query
// can allocate gigabytes in one step of the interpreter ('x'.repeat(2**31),
// s += s) and can make Cayley's Go code walk a structure that shares
// itself 2^40 times, which no interrupt stops. In a worker, the first is
// bounded by the worker's own memory limit and the second by killing the
// worker at the query's deadline; either way the query fails, the worker
// is replaced, and the server's own heap and cores are untouched.
//
// A worker sees the store through calls to its parent (pages of quads,
// which values exist, counts, the quiver.* questions): it holds nothing
// of the store but what its query reads.

// Defaults of a PoolConfig.
const (
	// DefaultWorkers is how many queries run at once when
	// PoolConfig.Workers is zero.
	DefaultWorkers = 2
	// DefaultWorkerMemory is what a worker may use beyond what it maps
	// once started: its heap limit and its address-space margin.
	DefaultWorkerMemory = 1 << 30
	// killGrace is how long past its timeout a query may take to stop by
	// itself (goja's interrupt) before its worker is killed.
	killGrace = 250 * time.Millisecond
	// startTimeout bounds a worker's start.
	startTimeout = 30 * time.Second
)

// ErrWorker is wrapped by the error of a query whose worker failed other
// than by running out of memory (it crashed, or could not start).
var ErrWorker = errors.New("query worker failed")

// PoolConfig configures a Pool.
type PoolConfig struct {
	// Command is the worker program and its arguments: it must run
	// ServeWorker on its stdin and stdout (the quiver binary:
	// {os.Executable(), "query-worker"}).
	Command []string
	// Env is added to the workers' environment.
	Env []string
	// Workers is how many queries may run at once, one worker each; zero
	// means DefaultWorkers.
	Workers int
	// MemoryBytes is what each worker may use beyond what it maps once
	// started; zero means DefaultWorkerMemory.
	MemoryBytes int64
}

// Pool is a set of query worker processes. It is safe for concurrent
// use; Close stops the workers.
type Pool struct {
	cfg PoolConfig

	mu      sync.Mutex
	idle    []*worker
	running int // workers started and not dead
	closed  bool
	freed   chan struct{} // signalled when a worker goes back or dies
}

// NewPool returns a pool for cfg; workers start when queries need them.
func NewPool(cfg PoolConfig) (*Pool, error) {
	if len(cfg.Command) == 0 {
		return nil, errors.New("query workers: no command")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.MemoryBytes <= 0 {
		cfg.MemoryBytes = DefaultWorkerMemory
	}
	return &Pool{cfg: cfg, freed: make(chan struct{}, 1)}, nil
}

// Workers is how many queries the pool runs at once.
func (p *Pool) Workers() int { return p.cfg.Workers }

// Close kills every worker; queries running fail.
func (p *Pool) Close() error {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, w := range idle {
		w.kill()
	}
	return nil
}

// Stream runs a query as the in-process Stream does, in a worker: the
// same limits, rows and errors, and besides ErrMemory when the worker
// ran out of memory and ErrWorker when it failed otherwise. When ctx
// ends, or lim.Timeout has passed and the query has not stopped by
// itself, the worker is killed.
func (p *Pool) Stream(ctx context.Context, qs cgraph.QuadStore, lang, text string, lim Limits, asker Asker, w RowWriter) (Outcome, error) {
	wk, err := p.get(ctx)
	if err != nil {
		return Outcome{}, err
	}
	out, reuse, err := wk.stream(ctx, qs, lang, text, lim, asker, w)
	p.put(wk, reuse)
	return out, err
}

// get returns an idle worker, starts one, or waits for one.
func (p *Pool) get(ctx context.Context) (*worker, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, fmt.Errorf("%w: the pool is closed", ErrWorker)
		}
		if n := len(p.idle); n > 0 {
			w := p.idle[n-1]
			p.idle = p.idle[:n-1]
			p.mu.Unlock()
			if w.alive() {
				return w, nil
			}
			p.put(w, false)
			continue
		}
		if p.running < p.cfg.Workers {
			p.running++
			p.mu.Unlock()
			w, err := startWorker(p.cfg)
			if err != nil {
				p.put(nil, false)
				return nil, err
			}
			return w, nil
		}
		p.mu.Unlock()
		select {
		case <-p.freed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// put gives a worker back after a query, or retires it (killed, or
// failed) when reuse is false.
func (p *Pool) put(w *worker, reuse bool) {
	p.mu.Lock()
	if reuse && !p.closed && w.alive() {
		p.idle = append(p.idle, w)
	} else {
		p.running--
		if w != nil {
			defer w.kill()
		}
	}
	p.mu.Unlock()
	select {
	case p.freed <- struct{}{}:
	default:
	}
}

// worker is one worker process.
type worker struct {
	cmd    *exec.Cmd
	conn   *conn
	msgs   chan *message // from the worker, closed when it ends
	stderr *tail
	done   chan struct{} // closed once the process has exited
	once   sync.Once
}

// startWorker starts a worker and waits until it is ready.
func startWorker(cfg PoolConfig) (*worker, error) {
	cmd := exec.Command(cfg.Command[0], cfg.Command[1:]...)
	cmd.Env = append(append(os.Environ(), cfg.Env...), fmt.Sprintf("%s=%d", WorkerMemoryEnv, cfg.MemoryBytes))
	dieWithParent(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWorker, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWorker, err)
	}
	w := &worker{cmd: cmd, conn: newConn(stdout, stdin), msgs: make(chan *message, 16), stderr: &tail{max: 4 << 10}, done: make(chan struct{})}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: start %s: %v", ErrWorker, cfg.Command[0], err)
	}
	go func() {
		defer close(w.msgs)
		for {
			m, err := w.conn.receive()
			if err != nil {
				return
			}
			select {
			case w.msgs <- m:
			case <-w.done: // killed while nobody reads
				return
			}
		}
	}()
	go func() {
		cmd.Wait()
		close(w.done)
	}()
	select {
	case m, ok := <-w.msgs:
		if ok && m.Kind == msgReady {
			return w, nil
		}
	case <-time.After(startTimeout):
	}
	w.kill()
	<-w.done
	return nil, fmt.Errorf("%w: it did not start: %s", ErrWorker, w.stderr.String())
}

// alive reports whether the process still runs.
func (w *worker) alive() bool {
	select {
	case <-w.done:
		return false
	default:
		return true
	}
}

// kill ends the process at once.
func (w *worker) kill() {
	w.once.Do(func() { w.cmd.Process.Kill() })
}

// stream runs one query on w; reuse says whether w can run another.
func (w *worker) stream(ctx context.Context, qs cgraph.QuadStore, lang, text string, lim Limits, asker Asker, rows RowWriter) (out Outcome, reuse bool, err error) {
	if err := w.conn.send(&message{Kind: msgRun, Lang: lang, Text: text, Limits: lim}); err != nil {
		return out, false, w.death()
	}
	srv := newStoreServer(qs, asker)
	defer srv.closeAll()
	var hard <-chan time.Time
	if lim.Timeout > 0 {
		t := time.NewTimer(lim.Timeout + killGrace)
		defer t.Stop()
		hard = t.C
	}
	var written int64
	for {
		select {
		case <-ctx.Done():
			w.kill()
			return out, false, ctx.Err()
		case <-hard:
			// The query did not stop at its timeout: it is inside Go code
			// that no interrupt reaches. Killing is the only way.
			w.kill()
			return out, false, fmt.Errorf("after %v: %w", lim.Timeout, ErrTimeout)
		case m, ok := <-w.msgs:
			if !ok {
				return out, false, w.death()
			}
			switch m.Kind {
			case msgCall:
				if err := w.conn.send(srv.handle(ctx, m)); err != nil {
					return out, false, w.death()
				}
			case msgRow:
				if written += int64(len(m.Data)); lim.MaxBytes > 0 && written > lim.MaxBytes {
					w.kill()
					return out, false, fmt.Errorf("%w: it sent more than the answer's cap", ErrWorker)
				}
				if err := rows(m.Data, m.Last); err != nil {
					w.kill()
					return out, false, err
				}
			case msgDone:
				err := errorOf(m.Err, m.ErrIs)
				// A worker that ran out of memory is replaced: its heap
				// may be left large.
				return Outcome{Rows: m.Rows, Truncated: m.Trunc}, !errors.Is(err, ErrMemory), err
			}
		}
	}
}

// death says why a worker ended on its own.
func (w *worker) death() error {
	w.kill()
	<-w.done
	msg := w.stderr.String()
	// Go says "out of memory" when its address space runs out ("too many
	// address space collisions" under the race detector).
	if strings.Contains(msg, "out of memory") || strings.Contains(msg, "address space") || strings.Contains(msg, "cannot allocate memory") {
		return fmt.Errorf("%w (the query's worker ran out of its memory)", ErrMemory)
	}
	last := strings.TrimSpace(msg)
	if i := strings.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	return fmt.Errorf("%w: it ended: %s (%s)", ErrWorker, w.cmd.ProcessState, last)
}

// tail keeps the first and the last max bytes written to it: a Go
// crash says why on its first line and where in its last ones.
type tail struct {
	mu         sync.Mutex
	max        int
	head, last []byte
	cut        bool
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	written := len(p)
	if n := min(t.max-len(t.head), len(p)); n > 0 {
		t.head = append(t.head, p[:n]...)
		p = p[n:]
	}
	t.last = append(t.last, p...)
	if len(t.last) > t.max {
		t.last, t.cut = append(t.last[:0], t.last[len(t.last)-t.max:]...), true
	}
	return written, nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	sep := ""
	if t.cut {
		sep = "\n...\n"
	}
	return string(t.head) + sep + string(t.last)
}
