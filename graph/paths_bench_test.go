package graph_test

import (
	"context"
	"math/rand"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/internal/cayleydata"
	"github.com/quiver-kg/quiver/internal/synth"
)

// The benchmarks compare Quiver's path and influence questions (with
// evidence) against the floor: a plain breadth-first search over a
// compact []int32 adjacency array (CSR) built here from the same quads,
// which returns only a distance. Run:
//
//	go test ./graph/ -run '^$' -bench 'Paths|Influence' -benchtime 200x
//
// Each reports p50-ms and p99-ms over its pairs besides ns/op.

// floorGraph is the floor's undirected CSR over node-to-node quads
// (type and label quads left out, as the question layer does).
type floorGraph struct {
	ids   map[string]int32
	keys  []string
	start []int32
	adj   []int32
	named []int32 // nodes with a name or label: the endpoints we pick
}

func buildFloor(qs []quad.Quad) *floorGraph {
	f := &floorGraph{ids: map[string]int32{}}
	id := func(v quad.Value) int32 {
		k := v.String()
		if i, ok := f.ids[k]; ok {
			return i
		}
		i := int32(len(f.keys))
		f.ids[k] = i
		f.keys = append(f.keys, k)
		return i
	}
	var src, dst []int32
	named := map[int32]bool{}
	for _, q := range qs {
		p := q.Predicate.String()
		lbl := ""
		if q.Label != nil {
			lbl = q.Label.String()
		}
		if strings.HasPrefix(lbl, "<graph:") {
			if p == "<rdfs:label>" && lbl == "<graph:entities>" {
				named[id(q.Subject)] = true
			}
			continue
		}
		switch q.Object.(type) {
		case quad.IRI, quad.BNode:
		default:
			if p == "<name>" || p == "<rdfs:label>" {
				named[id(q.Subject)] = true
			}
			continue
		}
		if p == "<type>" || p == "<rdf:type>" {
			continue
		}
		s, o := id(q.Subject), id(q.Object)
		src, dst = append(src, s, o), append(dst, o, s)
	}
	n := len(f.keys)
	f.start = make([]int32, n+1)
	for _, s := range src {
		f.start[s+1]++
	}
	for i := 0; i < n; i++ {
		f.start[i+1] += f.start[i]
	}
	f.adj = make([]int32, len(src))
	next := slices.Clone(f.start[:n])
	for i, s := range src {
		f.adj[next[s]] = dst[i]
		next[s]++
	}
	for n := range named {
		f.named = append(f.named, n)
	}
	slices.Sort(f.named)
	return f
}

// bfs returns the undirected distance from a to b, or -1.
func (f *floorGraph) bfs(a, b int32, dist []int32) int {
	for i := range dist {
		dist[i] = -1
	}
	dist[a] = 0
	queue := []int32{a}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if u == b {
			return int(dist[u])
		}
		for _, v := range f.adj[f.start[u]:f.start[u+1]] {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return -1
}

// pairs picks count random pairs of named nodes with a fixed seed.
func (f *floorGraph) pairs(count int) [][2]int32 {
	r := rand.New(rand.NewSource(42))
	out := make([][2]int32, count)
	for i := range out {
		out[i] = [2]int32{f.named[r.Intn(len(f.named))], f.named[r.Intn(len(f.named))]}
	}
	return out
}

// iri turns a floor key ("<x>" or "_:b") into the form the API takes.
func iri(k string) string { return strings.TrimSuffix(strings.TrimPrefix(k, "<"), ">") }

type benchGraph struct {
	store *graph.Store
	floor *floorGraph
	pairs [][2]int32
}

var (
	movieOnce, synthOnce sync.Once
	movie, synthetic     *benchGraph
)

func loadBench(b *testing.B, qs []quad.Quad) *benchGraph {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, QueryTimeout: -1})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Load(ctx, qs); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Resolve(ctx, "a name that builds the snapshot"); err == nil {
		b.Fatal("resolved a nonsense name")
	}
	b.Logf("%d quads; snapshot built in %v", len(qs), time.Since(start))
	f := buildFloor(qs)
	return &benchGraph{store: s, floor: f, pairs: f.pairs(500)}
}

func movieGraph(b *testing.B) *benchGraph {
	movieOnce.Do(func() {
		dir, err := cayleydata.DataDir()
		if err != nil {
			b.Fatalf("cannot locate Cayley's data files: %v", err)
		}
		qs, err := parse.ReadFile(context.Background(), filepath.Join(dir, "30kmoviedata.nq.gz"), parse.Options{})
		if err != nil {
			b.Fatalf("movie data: %v", err)
		}
		movie = loadBench(b, qs)
	})
	if movie == nil {
		b.Fatal("movie data unavailable (see the first benchmark's error)")
	}
	return movie
}

func synthGraph(b *testing.B) *benchGraph {
	synthOnce.Do(func() { synthetic = loadBench(b, synth.Generate(300_000, 7)) })
	return synthetic
}

// timed runs op b.N times over the pairs and reports p50 and p99.
func timed(b *testing.B, g *benchGraph, op func(a, c int32)) {
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := g.pairs[i%len(g.pairs)]
		t := time.Now()
		op(p[0], p[1])
		durs = append(durs, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds())/1000, "p99-ms")
}

func benchPaths(b *testing.B, g *benchGraph, depth int) {
	ctx := context.Background()
	dist := make([]int32, len(g.floor.keys))
	b.Run("floor-bfs", func(b *testing.B) {
		timed(b, g, func(a, c int32) { g.floor.bfs(a, c, dist) })
	})
	paths := func(k int) func(a, c int32) {
		return func(a, c int32) {
			res, err := g.store.Paths(ctx, iri(g.floor.keys[a]), iri(g.floor.keys[c]),
				ask.PathOptions{K: k, MaxDepth: depth, Undirected: true, MaxVisited: 5_000_000})
			if err != nil {
				b.Fatal(err)
			}
			if k == 1 && len(res.Paths) == 1 && !res.Truncated {
				if want := g.floor.bfs(a, c, dist); want != len(res.Paths[0].Steps) {
					b.Fatalf("%s -> %s: %d steps, the floor says %d", g.floor.keys[a], g.floor.keys[c], len(res.Paths[0].Steps), want)
				}
			}
		}
	}
	b.Run("shortest", func(b *testing.B) { timed(b, g, paths(1)) })
	b.Run("top5", func(b *testing.B) { timed(b, g, paths(5)) })
}

func BenchmarkPathsMovie(b *testing.B) { benchPaths(b, movieGraph(b), ask.MaxPathDepth) }
func BenchmarkPathsSynth(b *testing.B) { benchPaths(b, synthGraph(b), ask.MaxPathDepth) }

func BenchmarkInfluenceSynth(b *testing.B) {
	g := synthGraph(b)
	ctx := context.Background()
	r := rand.New(rand.NewSource(1))
	b.Run("depth3", func(b *testing.B) {
		durs := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			target := "ev:D" + strconv.Itoa(r.Intn(3000))
			t := time.Now()
			if _, err := g.store.Influence(ctx, target, ask.InfluenceOptions{}); err != nil {
				b.Fatal(err)
			}
			durs = append(durs, time.Since(t))
		}
		slices.Sort(durs)
		b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds())/1000, "p99-ms")
	})
}
