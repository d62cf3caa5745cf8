package main

import (
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// These tests check the harness's own logic (no timings are asserted).

func TestPercentiles(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	if m := median(xs); m != 3 {
		t.Errorf("median = %v", m)
	}
	if m := median([]float64{1, 2, 3, 4}); m != 2.5 {
		t.Errorf("even median = %v", m)
	}
	if p := percentile(xs, 99); p != 5 {
		t.Errorf("p99 = %v", p)
	}
	if p := percentile(xs, 50); p != 3 {
		t.Errorf("p50 = %v", p)
	}
}

func TestFloorBFS(t *testing.T) {
	// a - b - c - d, and e alone; type edges are ignored.
	q := func(s, p, o string) quad.Quad { return quad.MakeIRI(s, p, o, "") }
	g := buildCSR([]quad.Quad{
		q("a", "r", "b"), q("c", "r", "b"), q("c", "r", "d"), q("a", "type", "d"), q("e", "r", "e2"),
	})
	dist := make([]int32, len(g.keys))
	for i := range dist {
		dist[i] = -1
	}
	d, _, _ := g.bfs(g.ids["a"], g.ids["d"], dist, nil)
	if d != 3 {
		t.Fatalf("a->d = %d, want 3", d)
	}
	d, reached, _ := g.bfs(g.ids["a"], g.ids["e"], dist, nil)
	if d != -1 || reached != 4 {
		t.Fatalf("a->e = %d (reached %d), want -1 (4)", d, reached)
	}
	for i, x := range dist {
		if x != -1 {
			t.Fatalf("dist[%d] = %d after bfs", i, x)
		}
	}
}

func TestCases(t *testing.T) {
	cs, err := allCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 16 {
		t.Fatalf("%d cases", len(cs))
	}
	if _, err := pickCases(pgCases); err != nil {
		t.Fatal(err)
	}
}

func TestChart(t *testing.T) {
	svg := svgChart("t", []panel{{title: "load", unit: "s", lines: []series{
		{name: "quiver", color: "#000", pts: [][2]float64{{1e5, 0.2}, {1e6, 2}}},
		{name: "memstore", color: "#f00", pts: [][2]float64{{1e5, 1}}},
	}}, {title: "empty", unit: "s"}})
	for _, want := range []string{"<svg", "<polyline", "quiver", "memstore", "no data", "</svg>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Contains(svg, "<script") {
		t.Error("chart has a script")
	}
}
