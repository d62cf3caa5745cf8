package quiverstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Check verifies the store: the snapshot's checksum and encoding, every
// log record's checksum and encoding, that the log holds exactly the
// committed records, and that every in-memory index (value keys, reference
// counts, quad lookup map, posting lists, counters) agrees with the quad
// table. It returns an error wrapping ErrCorrupt describing the first
// problem found, or ctx's error if ctx ends first. On a store opened
// read-only it returns an error wrapping ErrTornTail when the log ends in a
// torn tail (or is older than the snapshot) that a writable open would
// repair: the store is sound, but its files are not as a writable open
// leaves them.
func (qs *QuadStore) Check(ctx context.Context) error {
	qs.wmu.Lock() // no commit or compaction meanwhile
	defer qs.wmu.Unlock()
	if qs.closed {
		return ErrClosed
	}
	if err := qs.checkFiles(); err != nil {
		return err
	}
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	return qs.st.check(ctx)
}

func (qs *QuadStore) checkFiles() error {
	snapPath := filepath.Join(qs.dir, snapName)
	snapGen, err := readSnapshot(snapPath, newState())
	if errors.Is(err, os.ErrNotExist) {
		snapGen = 0
	} else if err != nil {
		return err
	}
	logPath := filepath.Join(qs.dir, logName)
	gen, valid, torn, err := readLog(logPath, func(_ uint64, _ int, p []byte) error {
		_, err := decodeBatch(p)
		return err
	})
	if err != nil {
		return err
	}
	if qs.logSize < 0 && gen < qs.gen && snapGen == qs.gen { // read-only, see load
		return fmt.Errorf("%w: %s: log of generation %d is older than snapshot generation %d (an interrupted compaction; a writable open replaces the log)", ErrTornTail, logPath, gen, snapGen)
	}
	if gen != qs.gen || snapGen != qs.gen {
		return corruptf("generations: log %d, snapshot %d, open store %d", gen, snapGen, qs.gen)
	}
	fi, err := os.Stat(logPath)
	if err != nil {
		return err
	}
	if valid != qs.logSize {
		return corruptf("%s: %d valid bytes of %d, %d committed", logPath, valid, fi.Size(), qs.logSize)
	}
	if torn != "" {
		// Only a read-only open leaves it: a writable one cuts it off.
		return fmt.Errorf("%w: %s: %s; the batch being committed there was never acknowledged and the next writable open drops it", ErrTornTail, logPath, torn)
	}
	if fi.Size() != qs.logSize {
		return corruptf("%s: %d valid bytes of %d, %d committed", logPath, valid, fi.Size(), qs.logSize)
	}
	return nil
}

func (st *state) check(ctx context.Context) error {
	fail := func(format string, args ...any) error {
		return corruptf("index: "+format, args...)
	}
	if len(st.refcnt) != len(st.values) {
		return fail("%d reference counts for %d values", len(st.refcnt), len(st.values))
	}
	// Value keys.
	var kb []byte
	named := 0
	for id, v := range st.values {
		if v == nil {
			continue
		}
		named++
		kb = appendKey(kb[:0], v)
		if got, ok := st.keys[string(kb)]; !ok || int(got) != id {
			return fail("value %d (%s) maps to %d", id, kb, got)
		}
	}
	if named != len(st.keys) {
		return fail("%d keys for %d values", len(st.keys), named)
	}
	// Quads, reference counts and posting list sizes.
	counts := make([]uint32, len(st.values))
	var perDir [4]int
	n := 0
	for id := 1; id < len(st.quads); id++ {
		if id%(1<<16) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !st.isLive(uint32(id)) {
			continue
		}
		n++
		q := st.quads[id]
		if err := st.checkQuad(q); err != nil {
			return fail("quad %d: %v", id, err)
		}
		if got, _ := st.byQuad.find(st.quads, q); int(got) != id {
			return fail("quad %d %v is found as %d", id, q, got)
		}
		for d, v := range q {
			if v != 0 {
				counts[v]++
				perDir[d]++
			}
		}
	}
	if n != st.nquads || n != st.byQuad.n || st.countLive() != n {
		return fail("%d live quads, counter %d, lookup table %d", n, st.nquads, st.byQuad.n)
	}
	nodes := 0
	for id, c := range counts {
		if c != st.refcnt[id] {
			return fail("value %d used %d times, count says %d", id, c, st.refcnt[id])
		}
		if c > 0 {
			nodes++
		}
	}
	if nodes != st.nodes {
		return fail("%d values in use, counter %d", nodes, st.nodes)
	}
	// Posting lists: ascending, live, matching; sizes sum to the quads
	// per direction, so every live quad is in its lists.
	for d, lists := range st.post {
		total := 0
		for v, list := range lists {
			for i, id := range list {
				if i > 0 && id <= list[i-1] {
					return fail("posting list %d/%d not ascending", d+1, v)
				}
				if !st.isLive(id) || int(id) >= len(st.quads) || st.quads[id][d] != uint32(v) {
					return fail("posting list %d/%d holds quad %d wrongly", d+1, v, id)
				}
			}
			total += len(list)
		}
		if total != perDir[d] {
			return fail("posting lists of direction %d hold %d quads, expected %d", d+1, total, perDir[d])
		}
	}
	return nil
}

// String describes the store for logs.
func (qs *QuadStore) String() string { return fmt.Sprintf("quiverstore(%s)", qs.dir) }
