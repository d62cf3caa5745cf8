package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
)

// WorkerMemoryEnv names the environment variable through which a Pool
// tells a worker how much memory it may use beyond what it holds once
// started; ServeWorker applies it before it reads a query.
const WorkerMemoryEnv = "QUIVER_WORKER_MEMORY"

// ServeWorker is the main function of a query worker process: it reads
// queries from r and writes their rows and store calls to w (the pipes of
// a Pool) until r ends. A program offers it as a command of its own (the
// quiver binary's hidden `query-worker`) and names that command in
// PoolConfig.Command. Before anything else it bounds its own memory
// (WorkerMemoryEnv): Go's heap limit, and on Linux its address space, so
// that a script that allocates gigabytes in one step kills the worker —
// a failed query — and never the server.
func ServeWorker(r io.Reader, w io.Writer) error {
	if s := os.Getenv(WorkerMemoryEnv); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("%s=%q: want a number of bytes", WorkerMemoryEnv, s)
		}
		if err := limitMemory(n); err != nil {
			return fmt.Errorf("limit the worker's memory: %w", err)
		}
	}
	c := newConn(r, w)
	calls := &caller{conn: c, pending: map[uint64]chan *message{}}
	runs := make(chan *message)
	readErr := make(chan error, 1)
	go func() {
		defer close(runs)
		for {
			m, err := c.receive()
			if err != nil {
				calls.fail(err)
				readErr <- err
				return
			}
			switch m.Kind {
			case msgRun:
				runs <- m
			case msgReply:
				calls.deliver(m)
			}
		}
	}()
	if err := c.send(&message{Kind: msgReady}); err != nil {
		return err
	}
	for m := range runs {
		if err := serveQuery(c, calls, m); err != nil {
			return err
		}
		freeIfLarge()
	}
	if err := <-readErr; !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// serveQuery runs one query over the parent's store and reports how it
// ended; an error is returned only when the parent cannot be told.
func serveQuery(c *conn, calls *caller, m *message) error {
	store := newRemoteStore(calls.call)
	asker := func(ctx context.Context, name string, args []json.RawMessage) (json.RawMessage, error) {
		call := &message{Op: opAsk, Text: name}
		for _, a := range args {
			call.Args = append(call.Args, a)
		}
		reply, err := calls.call(call)
		if err != nil {
			return nil, err
		}
		return reply.Data, nil
	}
	var sendErr error
	rows := func(part []byte, last bool) error {
		if sendErr = c.send(&message{Kind: msgRow, Data: part, Last: last}); sendErr != nil {
			return sendErr
		}
		return nil
	}
	out, err := Stream(context.Background(), store, m.Lang, m.Text, m.Limits, asker, rows)
	if sendErr != nil {
		return sendErr
	}
	done := &message{Kind: msgDone, Rows: out.Rows, Trunc: out.Truncated}
	if err != nil {
		done.Err, done.ErrIs = err.Error(), kindOf(err)
	}
	return c.send(done)
}

// freeIfLarge returns the memory a large query left to the system, so
// that the next query starts from a small heap.
func freeIfLarge() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapInuse > 64<<20 {
		debug.FreeOSMemory()
	}
}

// caller makes a worker's store calls: one at a time or concurrently,
// each answered by the reply with its ID.
type caller struct {
	*conn
	mu      sync.Mutex
	next    uint64
	pending map[uint64]chan *message
	err     error // set once the parent cannot be reached
}

func (c *caller) call(m *message) (*message, error) {
	ch := make(chan *message, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return nil, c.err
	}
	c.next++
	m.Kind, m.ID = msgCall, c.next
	c.pending[m.ID] = ch
	c.mu.Unlock()
	if err := c.send(m); err != nil {
		return nil, err
	}
	reply, ok := <-ch
	if !ok {
		return nil, c.err
	}
	if err := errorOf(reply.Err, reply.ErrIs); err != nil {
		return nil, err
	}
	return reply, nil
}

// deliver hands a reply to the call waiting for it.
func (c *caller) deliver(m *message) {
	c.mu.Lock()
	ch := c.pending[m.ID]
	delete(c.pending, m.ID)
	c.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

// fail ends every waiting call: the parent is gone.
func (c *caller) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = fmt.Errorf("parent gone: %w", err)
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}
