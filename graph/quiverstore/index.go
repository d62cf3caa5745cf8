package quiverstore

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/cayleygraph/quad"
)

// qkey holds the value ids of a quad, indexed by direction-1 (subject,
// predicate, object, label). Zero means "no value" (only valid for label).
type qkey [4]uint32

// op is one change of a batch.
type op struct {
	del bool
	q   qkey
}

// batch is one atomic, durable unit of change: the values it introduces
// (getting ids base, base+1, ...) and its quad additions and deletions, in
// order. Commits encode it as one log record; replay decodes and applies it.
type batch struct {
	base   uint32
	values []quad.Value
	keys   []string // canonical keys of values
	ops    []op
}

// state is the in-memory graph: an interned value table, a quad table and
// per-direction posting lists. Id 0 is reserved in both tables.
//
// Mutations happen only under the store's write lock (and the state lock
// for the short apply step). Posting lists are append-only in place and
// replaced (copy on write) when a quad is removed from them, so an iterator
// may keep a slice it obtained under the read lock.
type state struct {
	values []quad.Value      // value id -> value; nil for dropped slots
	keys   map[string]uint32 // canonical key -> value id
	refcnt []uint32          // value id -> number of live quad fields using it
	quads  []qkey            // quad id -> value ids (kept after deletion)
	live   []uint64          // bitset over quad ids
	byQuad quadSet           // live quad -> quad id
	post   [4][][]uint32     // direction-1 -> value id -> ascending live quad ids
	nodes  int               // values with refcnt > 0
	nquads int               // live quads
	dead   int               // quads deleted since the last snapshot

	// indexed is false while loading: posting lists are built once at the
	// end by buildPostings instead of being maintained per change.
	indexed bool
}

func newState() *state {
	return &state{
		values: make([]quad.Value, 1),
		keys:   make(map[string]uint32),
		refcnt: make([]uint32, 1),
		quads:  make([]qkey, 1),
		live:   make([]uint64, 1),
	}
}

func (st *state) isLive(id uint32) bool {
	return int(id>>6) < len(st.live) && st.live[id>>6]&(1<<(id&63)) != 0
}

func (st *state) setLive(id uint32, on bool) {
	for int(id>>6) >= len(st.live) {
		st.live = append(st.live, 0)
	}
	if on {
		st.live[id>>6] |= 1 << (id & 63)
	} else {
		st.live[id>>6] &^= 1 << (id & 63)
	}
}

// postings returns the posting list of value id in direction d (1-based).
func (st *state) postings(d quad.Direction, id uint32) []uint32 {
	if d < quad.Subject || d > quad.Label {
		return nil
	}
	p := st.post[d-1]
	if int(id) >= len(p) {
		return nil
	}
	return p[id]
}

// lookup returns the id of the value with the given canonical key.
func (st *state) lookup(key []byte) (uint32, bool) {
	id, ok := st.keys[string(key)]
	return id, ok
}

// addValue interns v (already known to be absent) under key.
func (st *state) addValue(v quad.Value, key string) uint32 {
	id := uint32(len(st.values))
	st.values = append(st.values, v)
	st.refcnt = append(st.refcnt, 0)
	st.keys[key] = id
	return id
}

// apply validates and applies b. It is used both for replay and for live
// commits (where prepare has already validated b, so it cannot fail). On
// error the state may be partially changed and must be discarded.
func (st *state) apply(b *batch) error {
	if int(b.base) != len(st.values) {
		return fmt.Errorf("batch defines values from id %d, expected %d", b.base, len(st.values))
	}
	// Grow the tables once for a big batch (a bulk load, or log replay).
	if n := len(b.values); n > 1024 {
		st.values = slices.Grow(st.values, n)
		st.refcnt = slices.Grow(st.refcnt, n)
	}
	if n := len(b.ops); n > 1024 {
		st.quads = slices.Grow(st.quads, n)
		st.byQuad.reserve(st.quads, st.byQuad.n+n)
	}
	// A batch as large as half the store (a bulk load) rebuilds the
	// posting lists in one pass (CSR) instead of growing them list by list.
	// Iterators keep the old lists, which are not modified.
	rebuild := st.indexed && len(b.ops) > 4096 && len(b.ops) >= st.nquads/2
	if rebuild {
		st.indexed = false
		defer st.buildPostings()
	}
	for i, v := range b.values {
		if v == nil {
			return fmt.Errorf("batch defines an empty value")
		}
		if _, dup := st.keys[b.keys[i]]; dup {
			return fmt.Errorf("batch redefines value %s", b.keys[i])
		}
		st.addValue(v, b.keys[i])
	}
	var dirty map[[2]uint32]struct{}
	for _, o := range b.ops {
		q := o.q
		if err := st.checkQuad(q); err != nil {
			return err
		}
		if !o.del {
			if _, ok := st.byQuad.find(st.quads, q); ok {
				return fmt.Errorf("add of existing quad %v", q)
			}
			if len(st.quads) >= 1<<32-1 {
				return fmt.Errorf("too many quads")
			}
			id := uint32(len(st.quads))
			st.quads = append(st.quads, q)
			st.link(id, q)
			continue
		}
		id, ok := st.byQuad.remove(st.quads, q)
		if !ok {
			return fmt.Errorf("delete of missing quad %v", q)
		}
		st.setLive(id, false)
		st.nquads--
		st.dead++
		for d, v := range q {
			if v == 0 {
				continue
			}
			if st.refcnt[v]--; st.refcnt[v] == 0 {
				st.nodes--
			}
			if st.indexed {
				if dirty == nil {
					dirty = make(map[[2]uint32]struct{})
				}
				dirty[[2]uint32{uint32(d), v}] = struct{}{}
			}
		}
	}
	// Drop deleted quads from the touched posting lists, once per list,
	// into a new slice (iterators may hold the old one).
	for k := range dirty {
		old := st.post[k[0]][k[1]]
		var kept []uint32
		for _, id := range old {
			if st.isLive(id) {
				if kept == nil {
					kept = make([]uint32, 0, len(old))
				}
				kept = append(kept, id)
			}
		}
		st.post[k[0]][k[1]] = kept
	}
	return nil
}

// checkQuad verifies that q references existing values and has a subject,
// predicate and object.
func (st *state) checkQuad(q qkey) error {
	for d, v := range q {
		if v == 0 && d < 3 {
			return fmt.Errorf("quad %v lacks its %v", q, quad.Direction(d+1))
		}
		if v != 0 && (int(v) >= len(st.values) || st.values[v] == nil) {
			return fmt.Errorf("quad %v references unknown value %d", q, v)
		}
	}
	return nil
}

// link makes quad id (whose record is already in st.quads) live.
func (st *state) link(id uint32, q qkey) {
	st.byQuad.insert(st.quads, id)
	st.setLive(id, true)
	st.nquads++
	for d, v := range q {
		if v == 0 {
			continue
		}
		if st.refcnt[v]++; st.refcnt[v] == 1 {
			st.nodes++
		}
		if !st.indexed {
			continue
		}
		p := st.post[d]
		if int(v) >= len(p) {
			p = growTo(p, int(v)+1)
			st.post[d] = p
		}
		p[v] = append(p[v], id)
	}
}

// load makes quad id live with values q (snapshot decoding).
func (st *state) load(id uint32, q qkey) error {
	if err := st.checkQuad(q); err != nil {
		return err
	}
	if _, dup := st.byQuad.find(st.quads, q); dup {
		return fmt.Errorf("duplicate quad %v", q)
	}
	st.quads[id] = q
	st.link(id, q)
	return nil
}

// buildPostings builds all posting lists at once (after loading), as one
// array per direction sliced per value (CSR); each list's capacity is its
// length, so a later append reallocates instead of overwriting a neighbour.
func (st *state) buildPostings() {
	counts := make([]uint32, len(st.values))
	for d := range st.post {
		clear(counts)
		total, maxID := 0, uint32(0)
		for id := 1; id < len(st.quads); id++ {
			if v := st.quads[id][d]; v != 0 && st.isLive(uint32(id)) {
				counts[v]++
				total++
				maxID = max(maxID, v)
			}
		}
		backing := make([]uint32, total)
		lists := make([][]uint32, maxID+1)
		off := uint32(0)
		for v := uint32(1); v <= maxID; v++ {
			if n := counts[v]; n > 0 {
				lists[v] = backing[off : off : off+n]
				off += n
			}
		}
		for id := 1; id < len(st.quads); id++ {
			if v := st.quads[id][d]; v != 0 && st.isLive(uint32(id)) {
				lists[v] = append(lists[v], uint32(id))
			}
		}
		st.post[d] = lists
	}
	st.indexed = true
}

// growTo extends p to length n, with amortized doubling.
func growTo(p [][]uint32, n int) [][]uint32 {
	if n <= cap(p) {
		return p[:n]
	}
	c := 2 * cap(p)
	if c < n {
		c = n
	}
	np := make([][]uint32, n, c)
	copy(np, p)
	return np
}

// dropDeadValues forgets values no live quad uses: their keys leave the
// map and their slots become empty. Ids are never reused.
func (st *state) dropDeadValues() {
	var buf []byte
	for id := 1; id < len(st.values); id++ {
		if st.refcnt[id] == 0 && st.values[id] != nil {
			buf = appendKey(buf[:0], st.values[id])
			delete(st.keys, string(buf))
			st.values[id] = nil
		}
	}
	st.dead = 0
}

// countLive counts the set bits of the live bitset.
func (st *state) countLive() int {
	n := 0
	for _, w := range st.live {
		n += bits.OnesCount64(w)
	}
	return n
}
