package ask

import (
	"context"
	"slices"
	"sync"
)

// walker runs bounded searches over a snapshot under one filter. Work is
// counted in edges examined; when the budget runs out the search stops
// and truncated is set.
type walker struct {
	ctx        context.Context
	sn         *Snapshot
	f          *claimFilter
	undirected bool
	budget     int
	truncated  bool
	err        error
	sc         *scratch
}

// scratch holds per-node arrays reused across searches; a generation stamp
// marks which entries belong to the current search, so nothing is cleared.
type scratch struct {
	gen              uint32
	stampF, stampB   []uint32
	distF, distB     []int32
	parentF, parentB []int32 // fact index of the edge that reached the node
	onPath           []bool
}

func (sn *Snapshot) getScratch() *scratch {
	pool := sn.pool()
	sc := pool.Get().(*scratch)
	sc.gen++
	if sc.gen == 0 { // wrapped: clear stamps once
		clear(sc.stampF)
		clear(sc.stampB)
		sc.gen = 1
	}
	return sc
}

func (sn *Snapshot) putScratch(sc *scratch) { sn.pool().Put(sc) }

func (sn *Snapshot) pool() *sync.Pool {
	sn.poolOnce.Do(func() {
		n := len(sn.keys)
		sn.scratchPool = &sync.Pool{New: func() any {
			return &scratch{
				stampF: make([]uint32, n), stampB: make([]uint32, n),
				distF: make([]int32, n), distB: make([]int32, n),
				parentF: make([]int32, n), parentB: make([]int32, n),
				onPath: make([]bool, n),
			}
		}}
	})
	return sn.scratchPool
}

func (sn *Snapshot) newWalker(ctx context.Context, f *claimFilter, undirected bool, budget int) *walker {
	if budget <= 0 {
		budget = DefaultMaxVisited
	}
	return &walker{ctx: ctx, sn: sn, f: f, undirected: undirected, budget: budget, sc: sn.getScratch()}
}

func (w *walker) release() { w.sn.putScratch(w.sc) }

// spend charges n units of work and reports whether the search may go on.
func (w *walker) spend(n int) bool {
	if w.truncated || w.err != nil {
		return false
	}
	w.budget -= n
	if w.budget < 0 {
		w.truncated = true
		return false
	}
	if w.budget&0x3ff < n {
		if err := w.ctx.Err(); err != nil {
			w.err = err
			return false
		}
	}
	return true
}

// edges calls fn for every edge walkable from u (reverse=false) or into u
// (reverse=true), with the fact, the node at the other end and whether the
// walk follows the quad's direction. It stops when fn returns false or the
// budget runs out, and reports whether it ran to the end.
func (w *walker) edges(u int32, reverse bool, fn func(fi, v int32, forward bool) bool) bool {
	sn := w.sn
	// Forward quads out of u (or into u when reverse).
	start, list := sn.outStart, sn.outFact
	if reverse {
		start, list = sn.inStart, sn.inFact
	}
	fs := list[start[u]:start[u+1]]
	if !w.spend(len(fs)) {
		return false
	}
	for _, fi := range fs {
		f := &sn.facts[fi]
		if !w.f.factOK(f.p, sn.claimList[f.c0:f.c1], f.unlabelled) {
			continue
		}
		v := f.o
		if reverse {
			v = f.s
		}
		if !fn(fi, v, true) {
			return false
		}
	}
	// Quads walked against their direction: all of them when undirected,
	// else only symmetric predicates.
	start, list = sn.inStart, sn.inFact
	if reverse {
		start, list = sn.outStart, sn.outFact
	}
	fs = list[start[u]:start[u+1]]
	if !w.spend(len(fs)) {
		return false
	}
	for _, fi := range fs {
		f := &sn.facts[fi]
		if !w.undirected && !sn.symmetric[f.p] {
			continue
		}
		if !w.f.factOK(f.p, sn.claimList[f.c0:f.c1], f.unlabelled) {
			continue
		}
		v := f.s
		if reverse {
			v = f.o
		}
		if !fn(fi, v, false) {
			return false
		}
	}
	return true
}

// other returns the end of fact fi that is not n (n for a self-loop).
func (sn *Snapshot) other(fi, n int32) int32 {
	f := &sn.facts[fi]
	if f.s == n {
		return f.o
	}
	return f.s
}

// shortest finds one shortest path from a to b of at most maxDepth edges by
// bidirectional breadth-first search, expanding the smaller frontier one
// whole level at a time. It returns the facts of the path and the
// directions, or nil when there is none; exhausted reports that a frontier
// ran dry (b is unreachable, not just too far).
func (w *walker) shortest(a, b int32, maxDepth int) (facts []int32, exhausted bool) {
	sc := w.sc
	g := sc.gen
	sc.stampF[a], sc.distF[a], sc.parentF[a] = g, 0, -1
	sc.stampB[b], sc.distB[b], sc.parentB[b] = g, 0, -1
	if a == b {
		return []int32{}, false
	}
	front, back := []int32{a}, []int32{b}
	levelF, levelB := 0, 0
	for levelF+levelB < maxDepth {
		if len(front) == 0 || len(back) == 0 {
			return nil, true
		}
		forward := len(front) <= len(back)
		var next []int32
		meet, best := int32(-1), int32(1<<30)
		expand := func(frontier []int32, stampMine, stampOther []uint32, distMine, distOther, parent []int32, reverse bool) {
			for _, u := range frontier {
				ok := w.edges(u, reverse, func(fi, v int32, _ bool) bool {
					if stampMine[v] == g {
						return true
					}
					stampMine[v], distMine[v], parent[v] = g, distMine[u]+1, fi
					if stampOther[v] == g {
						if d := distMine[v] + distOther[v]; d < best {
							meet, best = v, d
						}
					}
					next = append(next, v)
					return true
				})
				if !ok {
					return
				}
			}
		}
		if forward {
			expand(front, sc.stampF, sc.stampB, sc.distF, sc.distB, sc.parentF, false)
			front, levelF = next, levelF+1
		} else {
			expand(back, sc.stampB, sc.stampF, sc.distB, sc.distF, sc.parentB, true)
			back, levelB = next, levelB+1
		}
		if meet >= 0 {
			return w.join(a, b, meet), false
		}
		if w.truncated || w.err != nil {
			return nil, false
		}
	}
	return nil, len(front) == 0 || len(back) == 0
}

// join reads the path a -> meet -> b back from the parent arrays.
func (w *walker) join(a, b, meet int32) []int32 {
	sc, sn := w.sc, w.sn
	var left []int32
	for n := meet; n != a; {
		fi := sc.parentF[n]
		left = append(left, fi)
		n = sn.other(fi, n)
	}
	slices.Reverse(left)
	for n := meet; n != b; {
		fi := sc.parentB[n]
		left = append(left, fi)
		n = sn.other(fi, n)
	}
	return left
}

// distancesTo fills distB with the walking distance of every node within
// maxDepth edges of b (searching backwards).
func (w *walker) distancesTo(b int32, maxDepth int) {
	sc := w.sc
	g := sc.gen
	sc.stampB[b], sc.distB[b] = g, 0
	level := []int32{b}
	for d := int32(1); int(d) <= maxDepth && len(level) > 0; d++ {
		var next []int32
		for _, u := range level {
			if !w.edges(u, true, func(_, v int32, _ bool) bool {
				if sc.stampB[v] != g {
					sc.stampB[v], sc.distB[v] = g, d
					next = append(next, v)
				}
				return true
			}) {
				return
			}
		}
		level = next
	}
}

// simplePaths enumerates simple paths from a to b of exactly length edges,
// using distB (from distancesTo) to prune branches that cannot reach b in
// time. It stops after limit paths.
func (w *walker) simplePaths(a, b int32, length, limit int, emit func([]int32)) {
	sc, sn := w.sc, w.sn
	g := sc.gen
	var stack []int32
	found := 0
	var dfs func(u int32, depth int) bool
	dfs = func(u int32, depth int) bool {
		sc.onPath[u] = true
		defer func() { sc.onPath[u] = false }()
		return w.edges(u, false, func(fi, v int32, _ bool) bool {
			if v == b {
				if depth+1 == length {
					stack = append(stack, fi)
					emit(slices.Clone(stack))
					stack = stack[:len(stack)-1]
					found++
					return found < limit
				}
				return true
			}
			if sc.onPath[v] || sc.stampB[v] != g || depth+1+int(sc.distB[v]) > length {
				return true
			}
			stack = append(stack, fi)
			ok := dfs(v, depth+1)
			stack = stack[:len(stack)-1]
			return ok
		})
	}
	_ = sn
	dfs(a, 0)
}
