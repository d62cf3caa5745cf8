package quiverstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Type is the name under which Register makes the store known to Cayley's
// graph registry.
const Type = "quiver"

var registerOnce sync.Once

// Register registers Type with graph.RegisterQuadStore. The graph options
// "nosync" (bool), "compact_min_log_bytes" (int) and "read_only" (bool)
// map to Options. Calling
// it more than once is harmless.
func Register() {
	registerOnce.Do(func() {
		if graph.IsRegistered(Type) {
			return
		}
		graph.RegisterQuadStore(Type, graph.QuadStoreRegistration{
			NewFunc: func(path string, o graph.Options) (graph.QuadStore, error) {
				opts, err := optionsFrom(o)
				if err != nil {
					return nil, err
				}
				qs, err := Open(path, opts)
				if err != nil {
					return nil, err // not a typed nil in the interface
				}
				return qs, nil
			},
			InitFunc: func(path string, _ graph.Options) error {
				return Init(path)
			},
			IsPersistent: true,
		})
	})
}

// Options tune a store. The zero value (and a nil *Options) is the safe
// default.
type Options struct {
	// NoSync skips fsync on commits and snapshots. Zero value (false):
	// every commit is on stable storage when it returns. Set it only for
	// tests and for bulk loads that can be redone from the source: a
	// machine crash (not a process crash) may then lose acknowledged
	// batches, though the store still opens to a prefix of them.
	NoSync bool

	// CompactMinLogBytes is the log size below which no automatic
	// compaction (snapshot + fresh log) happens. A compaction runs after a
	// commit when the log is at least this big and the quads deleted since
	// the last snapshot are at least half the live quads. Zero value: 64
	// MiB. Negative: never compact automatically (Compact still works).
	CompactMinLogBytes int64

	// ReadOnly opens the store for reading only: Open writes nothing (it
	// does not create the store, cut a torn log tail, finish an
	// interrupted compaction or remove temporary files; it may only create
	// an empty LOCK file), every write and Compact fail with ErrReadOnly,
	// and Check reports a torn tail or an unfinished compaction instead of
	// finding them repaired. It takes a shared lock: read-only opens can
	// coexist, a writable open cannot coexist with them. Zero value
	// (false): a writable store.
	ReadOnly bool
}

const defaultCompactMinLogBytes = 64 << 20

func optionsFrom(o graph.Options) (*Options, error) {
	noSync, err := o.BoolKey("nosync", false)
	if err != nil {
		return nil, err
	}
	minLog, err := o.IntKey("compact_min_log_bytes", 0)
	if err != nil {
		return nil, err
	}
	readOnly, err := o.BoolKey("read_only", false)
	if err != nil {
		return nil, err
	}
	return &Options{NoSync: noSync, CompactMinLogBytes: int64(minLog), ReadOnly: readOnly}, nil
}

// QuadStore is a durable quad store held in memory and logged to a
// directory. It implements graph.QuadStore; it is safe for concurrent use.
type QuadStore struct {
	dir  string
	opts Options

	// wmu serializes writers (commits, compaction, Close); it is held
	// across log I/O so readers are not blocked by fsync.
	wmu     sync.Mutex
	log     *os.File
	logSize int64
	gen     uint64
	failed  error // set when a failed write could not be rolled back
	closed  bool
	lock    *os.File
	scratch []byte

	// mu guards st against concurrent readers while a commit applies.
	mu sync.RWMutex
	st *state
}

var (
	_ graph.QuadStore = (*QuadStore)(nil)
	_ refs.BatchNamer = (*QuadStore)(nil)
)

// Init creates an empty store in dir (creating dir if needed). It returns
// an error wrapping graph.ErrDatabaseExists if dir already holds a store.
func Init(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, logName)); err == nil {
		return fmt.Errorf("%w: %s", graph.ErrDatabaseExists, dir)
	}
	qs, err := Open(dir, nil)
	if err != nil {
		return err
	}
	return qs.Close()
}

// Open opens the store in dir, creating the directory and an empty store if
// they are missing. It takes an exclusive lock on dir (failing at once with
// ErrLocked if another opener holds it), loads the snapshot, replays the
// log, truncates a torn log tail (see readLog and doc.go), and builds the
// in-memory indexes. A nil opts means the defaults. With opts.ReadOnly the
// store must exist, the lock is shared and nothing is written: a torn tail
// is skipped, not cut, and Check reports it.
func Open(dir string, opts *Options) (*QuadStore, error) {
	qs := &QuadStore{dir: dir}
	if opts != nil {
		qs.opts = *opts
	}
	if qs.opts.CompactMinLogBytes == 0 {
		qs.opts.CompactMinLogBytes = defaultCompactMinLogBytes
	}
	if qs.opts.ReadOnly {
		if _, err := os.Stat(filepath.Join(dir, logName)); err != nil {
			return nil, fmt.Errorf("quiverstore: open read-only: %w", err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := lockDir(filepath.Join(dir, lockName), qs.opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	qs.lock = lock
	if err := qs.load(); err != nil {
		if qs.log != nil {
			qs.log.Close()
		}
		unlockDir(lock)
		return nil, err
	}
	return qs, nil
}

// load reads the snapshot and the log into a new state and opens the log
// for appending.
func (qs *QuadStore) load() error {
	ro := qs.opts.ReadOnly
	if !ro {
		for _, name := range []string{logName, snapName} {
			os.Remove(filepath.Join(qs.dir, name+tmpExt)) // unfinished writes
		}
	}
	st := newState()
	snapPath := filepath.Join(qs.dir, snapName)
	haveSnap := false
	if gen, err := readSnapshot(snapPath, st); err == nil {
		qs.gen, haveSnap = gen, true
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	logPath := filepath.Join(qs.dir, logName)
	if fi, err := os.Stat(logPath); err == nil && !haveSnap && fi.Size() > 1<<20 {
		// Size the lookup tables once from the log's size (about 18 bytes
		// a quad and 30 a value on the movie data) rather than growing
		// them step by step during replay.
		st.keys = make(map[string]uint32, fi.Size()/32)
		st.byQuad.reserve(st.quads, int(fi.Size()/20))
	}
	gen, valid, _, err := readLog(logPath, func(gen uint64, _ int, p []byte) error {
		if gen != qs.gen {
			return nil // not applicable; checked below
		}
		b, err := decodeBatch(p)
		if err != nil {
			return err
		}
		return st.apply(b)
	})
	switch {
	case ro && err == nil && gen < qs.gen:
		// An interrupted compaction: the snapshot holds everything. A
		// writable open replaces the stale log; Check reports it.
		qs.logSize = -1
	case ro && err == nil && (gen > qs.gen || (gen > 0 && !haveSnap)):
		return corruptf("%s: log generation %d does not match snapshot generation %d", logPath, gen, qs.gen)
	case ro && err == nil:
		qs.logSize = valid // a torn tail stays; Check reports it
	case ro:
		return err
	case errors.Is(err, os.ErrNotExist):
		if err := qs.newLog(qs.gen); err != nil {
			return err
		}
	case err != nil:
		return err
	case gen < qs.gen:
		// Compaction was interrupted after the snapshot was renamed: the
		// old log's records are all in the snapshot. Start a fresh log.
		if err := qs.newLog(qs.gen); err != nil {
			return err
		}
	case gen > qs.gen || (gen > 0 && !haveSnap):
		return corruptf("%s: log generation %d does not match snapshot generation %d", logPath, gen, qs.gen)
	default:
		f, err := os.OpenFile(logPath, os.O_RDWR, 0o644)
		if err != nil {
			return err
		}
		qs.log = f
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		if fi.Size() != valid { // torn tail from an interrupted commit
			if err := f.Truncate(valid); err != nil {
				return err
			}
			if err := qs.sync(f); err != nil {
				return err
			}
		}
		if _, err := f.Seek(valid, io.SeekStart); err != nil {
			return err
		}
		qs.logSize = valid
	}
	st.buildPostings()
	qs.st = st
	return nil
}

// newLog atomically replaces the log with an empty one of generation gen
// and opens it for appending.
func (qs *QuadStore) newLog(gen uint64) error {
	if qs.log != nil {
		qs.log.Close()
		qs.log = nil
	}
	err := writeFileAtomic(qs.dir, logName, func(w io.Writer) error {
		_, err := w.Write(logHeader(gen))
		return err
	}, !qs.opts.NoSync)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(qs.dir, logName), os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Seek(logHeaderSize, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	qs.log, qs.logSize, qs.gen = f, logHeaderSize, gen
	return nil
}

func (qs *QuadStore) sync(f *os.File) error {
	if qs.opts.NoSync {
		return nil
	}
	return f.Sync()
}

// Close closes the log and releases the directory lock. The store must not
// be used afterwards.
func (qs *QuadStore) Close() error {
	qs.wmu.Lock()
	defer qs.wmu.Unlock()
	if qs.closed {
		return nil
	}
	qs.closed = true
	var err error
	if qs.log != nil {
		err = qs.log.Close()
	}
	if uerr := unlockDir(qs.lock); err == nil {
		err = uerr
	}
	return err
}

// commit makes b durable (one checksummed log record, fsynced) and then
// applies it to the in-memory state. Callers hold wmu. On error nothing
// changed.
func (qs *QuadStore) commit(b *batch) error {
	if err := qs.writable(); err != nil {
		return err
	}
	if len(b.ops) == 0 {
		return nil
	}
	rec := encodeBatch(append(qs.scratch[:0], make([]byte, frameSize)...), b)
	if len(rec)-frameSize > maxRecord {
		return fmt.Errorf("quiverstore: batch of %d bytes is too large; split it", len(rec))
	}
	putFrame(rec)
	if cap(rec) <= 4<<20 {
		qs.scratch = rec // reuse; do not pin huge buffers
	}
	_, err := qs.log.Write(rec)
	if err == nil {
		err = qs.sync(qs.log)
	}
	if err != nil {
		qs.rollback()
		return fmt.Errorf("quiverstore: commit: %w", err)
	}
	qs.logSize += int64(len(rec))
	qs.mu.Lock()
	aerr := qs.st.apply(b)
	qs.mu.Unlock()
	if aerr != nil { // prepare validated b: this is a bug
		qs.failed = fmt.Errorf("%w: internal error applying a batch: %v", ErrUnusable, aerr)
		return qs.failed
	}
	return qs.maybeCompact()
}

// rollback cuts the log back to its last committed size after a failed
// append; if that fails too the store refuses further writes.
func (qs *QuadStore) rollback() {
	err := qs.log.Truncate(qs.logSize)
	if err == nil {
		_, err = qs.log.Seek(qs.logSize, io.SeekStart)
	}
	if err == nil {
		err = qs.sync(qs.log)
	}
	if err != nil {
		qs.failed = fmt.Errorf("%w: %v", ErrUnusable, err)
	}
}

func (qs *QuadStore) writable() error {
	if qs.closed {
		return ErrClosed
	}
	if qs.opts.ReadOnly {
		return ErrReadOnly
	}
	return qs.failed
}

func (qs *QuadStore) maybeCompact() error {
	min := qs.opts.CompactMinLogBytes
	if min < 0 || qs.logSize < min {
		return nil
	}
	qs.mu.RLock()
	due := qs.st.dead > 0 && 2*qs.st.dead >= qs.st.nquads
	qs.mu.RUnlock()
	if !due {
		return nil
	}
	return qs.compact()
}

// Compact writes a snapshot of the current state and starts an empty log,
// dropping deleted quads and unused values from disk and memory. Automatic
// compaction (see Options) calls it; it may also be called directly.
func (qs *QuadStore) Compact() error {
	qs.wmu.Lock()
	defer qs.wmu.Unlock()
	if err := qs.writable(); err != nil {
		return err
	}
	return qs.compact()
}

func (qs *QuadStore) compact() error {
	// Writers are excluded by wmu, so st only changes under our control;
	// readers only read. Forget unused values first so the snapshot and
	// the memory state agree.
	qs.mu.Lock()
	qs.st.dropDeadValues()
	qs.mu.Unlock()
	gen := qs.gen + 1
	err := writeFileAtomic(qs.dir, snapName, func(w io.Writer) error {
		return writeSnapshot(w, qs.st, gen)
	}, !qs.opts.NoSync)
	if err != nil {
		return fmt.Errorf("quiverstore: compact: %w", err)
	}
	// From here the snapshot holds everything: a crash before the new log
	// is in place leaves an older-generation log, which open discards.
	if err := qs.newLog(gen); err != nil {
		qs.failed = fmt.Errorf("%w: compact: %v", ErrUnusable, err)
		return qs.failed
	}
	return nil
}

// Stats returns the number of values used by live quads and of live quads;
// both are always exact.
func (qs *QuadStore) Stats(ctx context.Context, exact bool) (graph.Stats, error) {
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	return graph.Stats{
		Nodes: refs.Size{Value: int64(qs.st.nodes), Exact: true},
		Quads: refs.Size{Value: int64(qs.st.nquads), Exact: true},
	}, nil
}

// nodeRef is a reference to a value.
type nodeRef uint32

// Key implements refs.Ref.
func (r nodeRef) Key() interface{} { return r }

// quadRef is a reference to a quad.
type quadRef uint32

// Key implements refs.Ref.
func (r quadRef) Key() interface{} { return r }

// valueID returns the id of a live value, or 0. Callers hold mu.
func (st *state) valueID(v quad.Value, buf []byte) uint32 {
	if v == nil {
		return 0
	}
	id, ok := st.lookup(appendKey(buf, v))
	if !ok || st.refcnt[id] == 0 {
		return 0
	}
	return id
}

// nodeID resolves a node reference (ours or a pre-fetched value). Callers
// hold mu.
func (st *state) nodeID(r graph.Ref) uint32 {
	switch r := r.(type) {
	case nodeRef:
		return uint32(r)
	case refs.PreFetchedValue:
		var buf [128]byte
		return st.valueID(r.NameOf(), buf[:0])
	}
	return 0
}

// ValueOf returns a reference to v, or nil if no live quad uses v.
func (qs *QuadStore) ValueOf(v quad.Value) (graph.Ref, error) {
	var buf [128]byte
	qs.mu.RLock()
	id := qs.st.valueID(v, buf[:0])
	qs.mu.RUnlock()
	if id == 0 {
		return nil, nil
	}
	return nodeRef(id), nil
}

// NameOf returns the value a node reference stands for, or nil.
func (qs *QuadStore) NameOf(r graph.Ref) (quad.Value, error) {
	switch r := r.(type) {
	case nodeRef:
		qs.mu.RLock()
		defer qs.mu.RUnlock()
		if int(r) < len(qs.st.values) {
			return qs.st.values[r], nil
		}
	case refs.PreFetchedValue:
		return r.NameOf(), nil
	}
	return nil, nil
}

// RefsOf implements refs.BatchNamer: it resolves values under one lock.
func (qs *QuadStore) RefsOf(ctx context.Context, vals []quad.Value) ([]graph.Ref, error) {
	out := make([]graph.Ref, len(vals))
	var buf []byte
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	for i, v := range vals {
		id := qs.st.valueID(v, buf[:0])
		if id == 0 {
			return nil, fmt.Errorf("not found: %v", v)
		}
		out[i] = nodeRef(id)
	}
	return out, nil
}

// ValuesOf implements refs.BatchNamer: it names references under one lock.
func (qs *QuadStore) ValuesOf(ctx context.Context, rs []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(rs))
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	for i, r := range rs {
		switch r := r.(type) {
		case nodeRef:
			if int(r) < len(qs.st.values) {
				out[i] = qs.st.values[r]
			}
		case refs.PreFetchedValue:
			out[i] = r.NameOf()
		}
	}
	return out, nil
}

// Quad returns the quad a quad reference stands for (an empty quad for an
// unknown reference). A deleted quad can still be read through a
// reference obtained before the deletion, until the next compaction.
func (qs *QuadStore) Quad(r graph.Ref) (quad.Quad, error) {
	id, ok := r.(quadRef)
	if !ok {
		return quad.Quad{}, nil
	}
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	st := qs.st
	if int(id) >= len(st.quads) {
		return quad.Quad{}, nil
	}
	var q quad.Quad
	for d, v := range st.quads[id] {
		if v != 0 {
			q.Set(quad.Direction(d+1), st.values[v])
		}
	}
	return q, nil
}

// QuadDirection returns a reference to the value in direction d of a quad.
func (qs *QuadStore) QuadDirection(r graph.Ref, d quad.Direction) (graph.Ref, error) {
	id, ok := r.(quadRef)
	if !ok || d < quad.Subject || d > quad.Label {
		return nil, nil
	}
	qs.mu.RLock()
	var v uint32
	if int(id) < len(qs.st.quads) {
		v = qs.st.quads[id][d-1]
	}
	qs.mu.RUnlock()
	if v == 0 {
		return nil, nil
	}
	return nodeRef(v), nil
}

// QuadIteratorSize returns the exact number of live quads having the value
// r in direction d.
func (qs *QuadStore) QuadIteratorSize(ctx context.Context, d quad.Direction, r graph.Ref) (refs.Size, error) {
	qs.mu.RLock()
	n := len(qs.st.postings(d, qs.st.nodeID(r)))
	qs.mu.RUnlock()
	return refs.Size{Value: int64(n), Exact: true}, nil
}
