package main

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

// PathsStats are path-finding latencies in milliseconds.
type PathsStats struct {
	Pairs         int     `json:"pairs"`
	Found         int     `json:"found"`
	Mismatch      int     `json:"mismatch"` // shortest lengths differing from the floor
	Truncated     int     `json:"truncated"`
	MeanLen       float64 `json:"mean_len"`
	SnapshotMS    float64 `json:"snapshot_ms"` // first call: builds the adjacency snapshot
	ShortestP50   float64 `json:"shortest_p50"`
	ShortestP99   float64 `json:"shortest_p99"`
	TopKP50       float64 `json:"topk_p50"`
	TopKP99       float64 `json:"topk_p99"`
	FloorP50      float64 `json:"floor_p50"`
	FloorP99      float64 `json:"floor_p99"`
	FloorFullMS   float64 `json:"floor_full_bfs_ms"` // BFS over the whole component
	FloorParseMS  float64 `json:"floor_parse_ms"`
	FloorBuildMS  float64 `json:"floor_build_ms"` // interning + CSR
	FloorHeapByte int64   `json:"floor_heap_bytes"`
	FloorNodes    int     `json:"floor_nodes"`
	FloorEdges    int     `json:"floor_edges"`
	ComponentSize int     `json:"component_size"`
}

// csr is the floor: node ids interned to int32 and an undirected compact
// adjacency array, the least a path search needs.
type csr struct {
	ids   map[string]int32
	keys  []string
	start []int32
	adj   []int32
}

// nodeKey names an IRI ("/en/x", as Store.Paths accepts it) or a blank
// node ("_:x"); literals are not nodes.
func nodeKey(v quad.Value) (string, bool) {
	switch v := v.(type) {
	case quad.IRI:
		return string(v), true
	case quad.BNode:
		return v.String(), true
	}
	return "", false
}

// buildCSR interns the quads' node-to-node relations, leaving out type and
// name predicates (as the question layer's snapshot does).
func buildCSR(qs []quad.Quad) *csr {
	g := &csr{ids: make(map[string]int32)}
	id := func(k string) int32 {
		if i, ok := g.ids[k]; ok {
			return i
		}
		i := int32(len(g.keys))
		g.ids[k] = i
		g.keys = append(g.keys, k)
		return i
	}
	var src, dst []int32
	for _, q := range qs {
		p, _ := nodeKey(q.Predicate)
		if p == "type" || p == "name" || p == "rdf:type" || p == "rdfs:label" {
			continue
		}
		s, ok1 := nodeKey(q.Subject)
		o, ok2 := nodeKey(q.Object)
		if !ok1 || !ok2 {
			continue
		}
		a, b := id(s), id(o)
		src, dst = append(src, a, b), append(dst, b, a)
	}
	n := len(g.keys)
	g.start = make([]int32, n+1)
	for _, a := range src {
		g.start[a+1]++
	}
	for i := 1; i <= n; i++ {
		g.start[i] += g.start[i-1]
	}
	g.adj = make([]int32, len(src))
	pos := append([]int32(nil), g.start[:n]...)
	for i, a := range src {
		g.adj[pos[a]] = dst[i]
		pos[a]++
	}
	return g
}

// bfs runs a plain breadth-first search from a; it stops when b is reached
// (b < 0: never) and returns the distance to b (-1 if unreached) and the
// number of nodes reached. dist is scratch of len(nodes), all -1 on entry
// and on return.
func (g *csr) bfs(a, b int32, dist []int32, queue []int32) (int32, int, []int32) {
	queue = append(queue[:0], a)
	dist[a] = 0
	found := int32(-1)
	if a == b {
		found = 0
	}
	for h := 0; h < len(queue) && found < 0; h++ {
		u := queue[h]
		for _, v := range g.adj[g.start[u]:g.start[u+1]] {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				if v == b {
					found = dist[v]
					break
				}
				queue = append(queue, v)
			}
		}
	}
	reached := len(queue)
	for _, u := range queue {
		dist[u] = -1
	}
	if b >= 0 {
		dist[b] = -1
	}
	return found, reached, queue
}

// taskPaths measures Store.Paths on the movie graph in the embedded store
// against the floor built from the same data in this process.
func taskPaths(ctx context.Context, spec Spec) Result {
	path, err := moviesPath()
	if err != nil {
		return errResult(err)
	}
	st := &PathsStats{}
	t0 := time.Now()
	var qs []quad.Quad
	if err := (source{path: path}).each(100_000, func(b []quad.Quad) error {
		qs = append(qs, b...)
		return nil
	}); err != nil {
		return errResult(err)
	}
	st.FloorParseMS = ms(time.Since(t0))
	base := heapAlloc()
	t0 = time.Now()
	g := buildCSR(qs)
	st.FloorBuildMS = ms(time.Since(t0))
	actorPred := quad.IRI("/film/performance/actor")
	var actors []int32
	seen := map[int32]bool{}
	for _, q := range qs {
		if q.Predicate == actorPred {
			if k, ok := nodeKey(q.Object); ok && !seen[g.ids[k]] {
				seen[g.ids[k]] = true
				actors = append(actors, g.ids[k])
			}
		}
	}
	st.FloorHeapByte = heapAlloc() - base
	qs = nil
	st.FloorNodes, st.FloorEdges = len(g.keys), len(g.adj)/2

	dist := make([]int32, len(g.keys))
	for i := range dist {
		dist[i] = -1
	}
	var queue []int32
	keanu := g.ids["/en/keanu_reeves"]
	t0 = time.Now()
	_, st.ComponentSize, queue = g.bfs(keanu, -1, dist, queue)
	st.FloorFullMS = ms(time.Since(t0))

	// Pairs: a random actor of Keanu Reeves' component, and a random actor
	// 8 to 12 edges away (2-3 co-star steps), else 4 or more.
	r := rand.New(rand.NewSource(spec.Seed + 1))
	pairs := max(spec.Pairs, 10)
	type pair struct{ a, b, d int32 }
	var ps []pair
	level := make([]int32, len(g.keys))
	for len(ps) < pairs {
		a := actors[r.Intn(len(actors))]
		// a full BFS with recorded levels
		for i := range level {
			level[i] = -1
		}
		q := []int32{a}
		level[a] = 0
		for h := 0; h < len(q); h++ {
			u := q[h]
			if level[u] >= 12 {
				continue
			}
			for _, v := range g.adj[g.start[u]:g.start[u+1]] {
				if level[v] < 0 {
					level[v] = level[u] + 1
					q = append(q, v)
				}
			}
		}
		if len(q) < 1000 {
			continue // a small island
		}
		var far, near []int32
		for _, v := range actors {
			switch d := level[v]; {
			case d >= 8 && d <= 12:
				far = append(far, v)
			case d >= 4 && d <= 12:
				near = append(near, v)
			}
		}
		cand := far
		if len(cand) == 0 {
			cand = near
		}
		if len(cand) == 0 {
			continue
		}
		b := cand[r.Intn(len(cand))]
		ps = append(ps, pair{a, b, level[b]})
	}
	st.Pairs = len(ps)

	var floor []float64
	for _, p := range ps {
		t := time.Now()
		var d int32
		d, _, queue = g.bfs(p.a, p.b, dist, queue)
		floor = append(floor, ms(time.Since(t)))
		if d != p.d {
			return errResult(fmt.Errorf("floor bfs: distance %d, want %d", d, p.d))
		}
	}
	st.FloorP50, st.FloorP99 = median(floor), percentile(floor, 99)

	s, err := graph.Open(ctx, graph.Options{Dir: spec.Dir, QueryTimeout: -1})
	if err != nil {
		return errResult(err)
	}
	defer s.Close()
	t0 = time.Now()
	if _, err := s.Paths(ctx, g.keys[ps[0].a], g.keys[ps[0].a], ask.PathOptions{}); err != nil {
		return errResult(err)
	}
	st.SnapshotMS = ms(time.Since(t0))
	var short, topk []float64
	sumLen := 0
	for _, p := range ps {
		opts := ask.PathOptions{Undirected: true, MaxDepth: ask.MaxPathDepth}
		t := time.Now()
		res, err := s.Paths(ctx, g.keys[p.a], g.keys[p.b], opts)
		short = append(short, ms(time.Since(t)))
		if err != nil {
			return errResult(err)
		}
		if res.Truncated {
			st.Truncated++
		}
		if len(res.Paths) > 0 {
			st.Found++
			l := len(res.Paths[0].Steps)
			sumLen += l
			if l != int(p.d) {
				st.Mismatch++
			}
		}
		opts.K = 3
		t = time.Now()
		if _, err := s.Paths(ctx, g.keys[p.a], g.keys[p.b], opts); err != nil {
			return errResult(err)
		}
		topk = append(topk, ms(time.Since(t)))
	}
	if st.Found > 0 {
		st.MeanLen = float64(sumLen) / float64(st.Found)
	}
	st.ShortestP50, st.ShortestP99 = median(short), percentile(short, 99)
	st.TopKP50, st.TopKP99 = median(topk), percentile(topk, 99)
	return Result{Paths: st}
}

func ms(d time.Duration) float64 { return d.Seconds() * 1e3 }
