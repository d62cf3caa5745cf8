package quiverstore

// quadSet finds the id of a live quad from its value ids. It replaces a Go
// map[qkey]uint32: an open-addressing table (linear probing, backward-shift
// deletion) holding only quad ids, 4 bytes a slot, the keys being read
// from the quad table. It costs about 8 bytes per live quad instead of
// about 40, has no pointers for the garbage collector to scan, and needs no
// allocation per insert, which is what makes replaying a log on open fast.
type quadSet struct {
	slots []uint32 // quad id, 0 = empty; len is a power of two
	n     int      // ids held
}

// hashQuad mixes the four value ids (a 64-bit multiplicative hash).
func hashQuad(q qkey) uint64 {
	h := uint64(q[0])*0x9E3779B97F4A7C15 ^ uint64(q[1])
	h *= 0xC2B2AE3D27D4EB4F
	h ^= uint64(q[2])<<32 | uint64(q[3])
	h *= 0x165667B19E3779F9
	return h ^ h>>29
}

// reserve makes room for n ids in all without growing again.
func (s *quadSet) reserve(quads []qkey, n int) {
	want := 16
	for want*3 < n*4 { // load factor at most 3/4
		want *= 2
	}
	if want > len(s.slots) {
		s.grow(quads, want)
	}
}

// find returns the id of q, looking keys up in quads.
func (s *quadSet) find(quads []qkey, q qkey) (uint32, bool) {
	if len(s.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(s.slots) - 1)
	for i := hashQuad(q) & mask; ; i = (i + 1) & mask {
		id := s.slots[i]
		if id == 0 {
			return 0, false
		}
		if quads[id] == q {
			return id, true
		}
	}
}

// insert adds id, whose key quads[id] must not be held yet.
func (s *quadSet) insert(quads []qkey, id uint32) {
	if (s.n+1)*4 > len(s.slots)*3 {
		s.grow(quads, max(16, 2*len(s.slots)))
	}
	s.put(quads, id)
	s.n++
}

func (s *quadSet) put(quads []qkey, id uint32) {
	mask := uint64(len(s.slots) - 1)
	i := hashQuad(quads[id]) & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = id
}

func (s *quadSet) grow(quads []qkey, size int) {
	old := s.slots
	s.slots = make([]uint32, size)
	for _, id := range old {
		if id != 0 {
			s.put(quads, id)
		}
	}
}

// remove deletes q and returns its id.
func (s *quadSet) remove(quads []qkey, q qkey) (uint32, bool) {
	if len(s.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(s.slots) - 1)
	i := hashQuad(q) & mask
	for {
		id := s.slots[i]
		if id == 0 {
			return 0, false
		}
		if quads[id] == q {
			break
		}
		i = (i + 1) & mask
	}
	found := s.slots[i]
	// Backward-shift deletion: move later members of the probe run into
	// the hole when their home slot allows it.
	for j := (i + 1) & mask; ; j = (j + 1) & mask {
		id := s.slots[j]
		if id == 0 {
			break
		}
		home := hashQuad(quads[id]) & mask
		// id may move to i if i lies cyclically in [home, j).
		if (j-home)&mask >= (j-i)&mask {
			s.slots[i] = id
			i = j
		}
	}
	s.slots[i] = 0
	s.n--
	return found, true
}
