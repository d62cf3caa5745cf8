package ask

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// nameIndex finds the nodes whose names (labels, aliases, local parts of
// IRIs) can match a search, so that Search and Resolve score a few
// candidates instead of every node:
//
//   - recs: every name of every node, normalised (normName), sorted; exact
//     name lookups (Resolve) are a binary search;
//   - prefix: recs and the suffixes of names after each space, sorted;
//     exact, prefix and word-prefix matches are one binary search and a
//     scan of the matching run;
//   - bigrams: for each pair of adjacent runes, the recs holding it. A name
//     containing the query holds all of the query's bigram positions; a
//     name within edit distance d of the query (or holding a word or
//     prefix that is) holds at least len(q)-1-2d of them (the q-gram
//     lemma), which bounds the fuzzy pass.
//
// Nodes are named by key (IRI), so the index stays valid for the
// snapshots derived from its snapshot by incremental updates, which only
// add nodes without names (their local names are scanned apart, see
// snapshot.extraNames).
type nameIndex struct {
	nodes   []string // node keys
	recs    []nameRec
	prefix  []prefixEnt
	bigrams map[uint64][]int32 // rec indices, ascending
	counts  sync.Pool          // of *[]uint16, len(recs)
}

type nameRec struct {
	norm string
	node int32 // index in nodes
	kind uint8 // nameLabel, nameAlias or nameLocal
}

const (
	nameLabel uint8 = iota
	nameAlias
	nameLocal
)

type prefixEnt struct {
	key string
	rec int32
}

// nameIndexRef builds the index of one snapshot lazily, once, and is
// shared with the snapshots derived from it.
type nameIndexRef struct {
	once  sync.Once
	done  chan struct{}
	build func() *nameIndex
	idx   *nameIndex
}

func newNameIndexRef(sn *Snapshot) *nameIndexRef {
	keys, label, aliases := sn.keys, sn.label, sn.aliases
	return &nameIndexRef{
		done:  make(chan struct{}),
		build: func() *nameIndex { return buildNameIndex(keys, label, aliases) },
	}
}

func (r *nameIndexRef) get() *nameIndex {
	r.once.Do(func() {
		r.idx = r.build()
		r.build = nil
		close(r.done)
	})
	return r.idx
}

// built reports whether the index has been built (search is in use).
func (r *nameIndexRef) built() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// nameIndex returns the snapshot's name index, building it on first use.
func (sn *Snapshot) nameIndex() *nameIndex { return sn.names.get() }

func buildNameIndex(keys, label []string, aliases map[int32][]string) *nameIndex {
	idx := &nameIndex{nodes: keys, bigrams: map[uint64][]int32{}}
	add := func(id int32, name string, kind uint8) {
		if n := normName(name); n != "" {
			idx.recs = append(idx.recs, nameRec{norm: n, node: id, kind: kind})
		}
	}
	for i, k := range keys {
		id := int32(i)
		if label[i] != "" {
			add(id, label[i], nameLabel)
		}
		for _, a := range aliases[id] {
			add(id, a, nameAlias)
		}
		add(id, localName(k), nameLocal)
	}
	slices.SortFunc(idx.recs, func(a, b nameRec) int {
		if c := strings.Compare(a.norm, b.norm); c != 0 {
			return c
		}
		return int(a.node) - int(b.node)
	})
	for i, r := range idx.recs {
		ri := int32(i)
		idx.prefix = append(idx.prefix, prefixEnt{r.norm, ri})
		for j := 0; j < len(r.norm); j++ {
			if r.norm[j] == ' ' && j+1 < len(r.norm) {
				idx.prefix = append(idx.prefix, prefixEnt{r.norm[j+1:], ri})
			}
		}
		forBigrams(r.norm, func(b uint64) {
			l := idx.bigrams[b]
			if len(l) == 0 || l[len(l)-1] != ri {
				idx.bigrams[b] = append(l, ri)
			}
		})
	}
	slices.SortFunc(idx.prefix, func(a, b prefixEnt) int { return strings.Compare(a.key, b.key) })
	n := len(idx.recs)
	idx.counts.New = func() any { c := make([]uint16, n); return &c }
	return idx
}

// forBigrams calls f for each pair of adjacent runes of s, in order.
func forBigrams(s string, f func(uint64)) {
	var prev rune = -1
	for _, r := range s {
		if prev >= 0 {
			f(uint64(uint32(prev))<<32 | uint64(uint32(r)))
		}
		prev = r
	}
}

// prefixed calls f for every rec with a name or name word starting with q.
func (idx *nameIndex) prefixed(q string, f func(rec int32)) {
	i := sort.Search(len(idx.prefix), func(i int) bool { return idx.prefix[i].key >= q })
	for ; i < len(idx.prefix) && strings.HasPrefix(idx.prefix[i].key, q); i++ {
		f(idx.prefix[i].rec)
	}
}

// exact calls f for every rec whose whole name is q.
func (idx *nameIndex) exact(q string, f func(rec int32)) {
	i := sort.Search(len(idx.recs), func(i int) bool { return idx.recs[i].norm >= q })
	for ; i < len(idx.recs) && idx.recs[i].norm == q; i++ {
		f(int32(i))
	}
}

// sharing calls f for every rec holding at least min of q's bigram
// positions (min >= 1).
func (idx *nameIndex) sharing(q string, min int, f func(rec int32)) {
	mult := map[uint64]uint16{}
	forBigrams(q, func(b uint64) { mult[b]++ })
	cp := idx.counts.Get().(*[]uint16)
	counts := *cp
	var touched []int32
	for b, m := range mult {
		for _, r := range idx.bigrams[b] {
			if counts[r] == 0 {
				touched = append(touched, r)
			}
			counts[r] += m
		}
	}
	slices.Sort(touched)
	for _, r := range touched {
		if int(counts[r]) >= min {
			f(r)
		}
		counts[r] = 0
	}
	idx.counts.Put(cp)
}
