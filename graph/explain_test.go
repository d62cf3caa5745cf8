package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/seeds"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// golden compares v, as indented JSON, with testdata/golden/name.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update rewrites it):\n%s", path, t.Name(), got)
	}
}

func seeded(tb testing.TB) *graph.Store {
	return mustOpen(tb, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
}

// TestModelQuestions answers the eight questions of docs/design/model.md through the Go
// API and compares the answers with golden files.
func TestModelQuestions(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	statements := func(person string) (any, error) {
		nb, err := s.Neighbors(ctx, person, ask.NeighborOptions{Predicates: []string{"kg:speaker"}})
		if err != nil {
			return nil, err
		}
		var out []*ask.NodeDetails
		for _, g := range nb.Groups {
			for _, n := range g.Nodes {
				d, err := s.Node(ctx, n.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, d)
			}
		}
		return out, nil
	}
	tests := []struct {
		name string
		ask  func() (any, error)
		// check states the point of the question, beyond the golden file.
		check func(t *testing.T, v any)
	}{
		{"q1-who-influenced-recognition", func() (any, error) {
			return s.Influence(ctx, "ev:RussiaRecognizesTaliban", ask.InfluenceOptions{})
		}, func(t *testing.T, v any) {
			res := v.(*ask.InfluenceResult)
			roles := map[string]string{}
			for _, inf := range res.Influencers {
				roles[inf.Node.Label] = strings.Join(inf.Roles, ",")
			}
			if roles["Vladimir Putin"] != "decided" || roles["Sergey Lavrov"] != "advised,influenced" {
				t.Errorf("roles = %v", roles)
			}
			tass := false
			for _, inf := range res.Influencers {
				for _, p := range inf.Paths {
					for _, st := range p.Steps {
						for _, e := range st.Evidence {
							tass = tass || e.AttributedTo != nil && e.AttributedTo.ID == "ent:TASS" && e.Quote != ""
						}
					}
				}
			}
			if !tass {
				t.Error("no quote attributed to TASS")
			}
		}},
		{"q2-lavrov-to-taliban", func() (any, error) {
			return s.Paths(ctx, "Sergey Lavrov", "Taliban", ask.PathOptions{K: 5, MaxDepth: 4})
		}, func(t *testing.T, v any) {
			res := v.(*ask.PathsResult)
			if len(res.Paths) != 5 {
				t.Fatalf("%d paths, want 5", len(res.Paths))
			}
			for i, p := range res.Paths {
				if i > 0 && len(p.Steps) < len(res.Paths[i-1].Steps) {
					t.Errorf("path %d is shorter than path %d", i, i-1)
				}
				for _, st := range p.Steps {
					if len(st.Evidence) == 0 {
						t.Errorf("path %d step %s %s %s has no claim", i, st.From.ID, st.Predicate.ID, st.To.ID)
					}
				}
			}
		}},
		{"q3-russia-allies", func() (any, error) {
			return s.Neighbors(ctx, "Russia", ask.NeighborOptions{Predicates: []string{"kg:allies-with"}})
		}, func(t *testing.T, v any) {
			var names []string
			for _, n := range v.(*ask.Neighborhood).Groups[0].Nodes {
				names = append(names, n.Label)
			}
			if !slices.Equal(names, []string{"Iran", "North Korea"}) {
				t.Errorf("allies = %v", names)
			}
		}},
		{"q4-tass-alone", func() (any, error) {
			return s.Evidence(ctx, ask.EvidenceQuery{Source: "ent:TASS", SoleSource: true})
		}, func(t *testing.T, v any) {
			var claims []string
			for _, e := range v.([]ask.Evidence) {
				claims = append(claims, e.Claim)
			}
			if !slices.Equal(claims, []string{"claim:tass-putin-decided", "claim:tass-lavrov-advised-putin"}) {
				t.Errorf("claims = %v", claims)
			}
		}},
		{"q5-taliban-takeover-date", func() (any, error) {
			return s.Timeline(ctx, ask.TimelineOptions{Node: "ev:TalibanTakeover"})
		}, func(t *testing.T, v any) {
			if es := v.([]ask.TimelineEntry); len(es) == 0 || es[0].Date != "2021-08" {
				t.Errorf("timeline = %+v", es)
			}
		}},
		{"q6-lead-up", func() (any, error) {
			return s.Timeline(ctx, ask.TimelineOptions{Before: "2025"})
		}, func(t *testing.T, v any) {
			es := v.([]ask.TimelineEntry)
			if !slices.IsSortedFunc(es, func(a, b ask.TimelineEntry) int { return strings.Compare(a.Date, b.Date) }) || len(es) < 3 {
				t.Errorf("timeline not in order or short: %+v", es)
			}
		}},
		{"q7-statements", func() (any, error) {
			putin, err := statements("Putin")
			if err != nil {
				return nil, err
			}
			lavrov, err := statements("Lavrov")
			return map[string]any{"putin": putin, "lavrov": lavrov}, err
		}, nil},
		{"q8-why-not-recognized", func() (any, error) {
			return s.Node(ctx, "ev:TalibanNotRecognized")
		}, func(t *testing.T, v any) {
			if n := len(v.(*ask.NodeDetails).Properties["kg:reason"]); n != 2 {
				t.Errorf("%d reasons, want 2", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.ask()
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, v)
			}
			golden(t, tt.name, v)
		})
	}
}

func TestFiltersChangeAnswers(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	influencers := func(o ask.InfluenceOptions) []string {
		t.Helper()
		res, err := s.Influence(ctx, "ev:RussiaRecognizesTaliban", o)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, inf := range res.Influencers {
			ids = append(ids, fmt.Sprintf("%s/%s", inf.Node.ID, strings.Join(inf.Roles, ",")))
		}
		return ids
	}
	pathCount := func(from, to string, o ask.PathOptions) (int, string) {
		t.Helper()
		res, err := s.Paths(ctx, from, to, o)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Paths), res.Reason
	}
	t.Run("confidence drops TASS-only influence", func(t *testing.T) {
		got := influencers(ask.InfluenceOptions{MinConfidence: 0.85})
		if !slices.Equal(got, []string{"ent:SergeyLavrov/influenced"}) {
			t.Errorf("influencers = %v", got)
		}
	})
	t.Run("source TASS keeps both", func(t *testing.T) {
		got := influencers(ask.InfluenceOptions{Sources: []string{"ent:TASS"}})
		if len(got) != 2 {
			t.Errorf("influencers = %v", got)
		}
	})
	seized := ask.PathOptions{Predicates: []string{"kg:seizedControlOf"}}
	t.Run("as-of before the takeover", func(t *testing.T) {
		o := seized
		o.AsOf = "2020"
		n, reason := pathCount("Taliban", "Afghanistan", o)
		if n != 0 || !strings.HasPrefix(reason, "filters") {
			t.Errorf("n=%d reason=%q", n, reason)
		}
	})
	t.Run("as-of after the takeover", func(t *testing.T) {
		o := seized
		o.AsOf = "2022-01"
		if n, reason := pathCount("Taliban", "Afghanistan", o); n != 1 {
			t.Errorf("n=%d reason=%q", n, reason)
		}
	})
	t.Run("predicates restrict the walk", func(t *testing.T) {
		n, reason := pathCount("Lavrov", "Taliban", ask.PathOptions{Predicates: []string{"kg:advised"}})
		if n != 0 || !strings.HasPrefix(reason, "filters") {
			t.Errorf("n=%d reason=%q", n, reason)
		}
	})
	t.Run("symmetric predicates walk both ways", func(t *testing.T) {
		if n, reason := pathCount("Iran", "Russia", ask.PathOptions{Predicates: []string{"kg:allies-with"}}); n != 1 {
			t.Errorf("n=%d reason=%q", n, reason)
		}
	})
	t.Run("directed paths respect direction", func(t *testing.T) {
		o := ask.PathOptions{Predicates: []string{"kg:recognizes"}}
		if n, _ := pathCount("Taliban", "Russia", o); n != 0 {
			t.Errorf("found a directed path against the edge")
		}
		o.Undirected = true
		if n, _ := pathCount("Taliban", "Russia", o); n != 1 {
			t.Errorf("undirected: no path")
		}
	})
}

func TestResolveAndSearch(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	tests := []struct{ in, want string }{
		{"Lavrov", "ent:SergeyLavrov"},
		{"<ent:Taliban>", "ent:Taliban"},
		{"ent:Russia", "ent:Russia"},
		{"the kremlin", "ent:Russia"},
		{"Putin", "ent:VladimirPutin"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ref, err := s.Resolve(ctx, tt.in)
			if err != nil || ref.ID != tt.want {
				t.Errorf("Resolve(%q) = %v, %v; want %s", tt.in, ref.ID, err, tt.want)
			}
		})
	}
	t.Run("unknown name suggests", func(t *testing.T) {
		_, err := s.Resolve(ctx, "Lavrof")
		if !errors.Is(err, graph.ErrNotFound) || !strings.Contains(err.Error(), "Sergey Lavrov") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("fuzzy search", func(t *testing.T) {
		hits, err := s.Search(ctx, "Lavrof", 3)
		if err != nil || len(hits) == 0 || hits[0].Node.ID != "ent:SergeyLavrov" {
			t.Errorf("hits = %+v, %v", hits, err)
		}
	})
	t.Run("prefix search", func(t *testing.T) {
		hits, err := s.Search(ctx, "north", 3)
		if err != nil || len(hits) == 0 || hits[0].Node.ID != "ent:NorthKorea" {
			t.Errorf("hits = %+v, %v", hits, err)
		}
	})
	t.Run("paths to an unknown node", func(t *testing.T) {
		if _, err := s.Paths(ctx, "Lavrov", "Atlantis", ask.PathOptions{}); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestEvidence(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	t.Run("claim", func(t *testing.T) {
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:tass-putin-decided"})
		if err != nil || len(ev) != 1 {
			t.Fatalf("%v %v", ev, err)
		}
		e := ev[0]
		if e.AttributedTo == nil || e.AttributedTo.ID != "ent:TASS" || e.Confidence != 0.8 ||
			!strings.Contains(e.SentenceText, e.Quote) || e.DocumentTitle == "" || e.End-e.Start != len([]rune(e.Quote)) {
			t.Errorf("%+v", e)
		}
	})
	t.Run("quad with a literal object", func(t *testing.T) {
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "ev:TalibanTakeover", Predicate: "kg:date", Object: "2021-08"})
		if err != nil || len(ev) != 1 || ev[0].Claim != "claim:taliban-takeover" {
			t.Errorf("%+v %v", ev, err)
		}
	})
	t.Run("quad corroborated twice", func(t *testing.T) {
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "Lavrov", Predicate: "<kg:influenced>", Object: "ev:RussiaRecognizesTaliban"})
		if err != nil || len(ev) != 2 {
			t.Errorf("%+v %v", ev, err)
		}
	})
	t.Run("unknown claim", func(t *testing.T) {
		if _, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:nope"}); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("writes refresh the answers", func(t *testing.T) {
		q := quad.Quad{Subject: quad.IRI("ent:Iran"), Predicate: quad.IRI("kg:advised"), Object: quad.IRI("ent:VladimirPutin")}
		if _, err := s.Load(ctx, asDocument("doc:made-up", []quad.Quad{q})); err != nil {
			t.Fatal(err)
		}
		res, err := s.Influence(ctx, "ev:RussiaRecognizesTaliban", ask.InfluenceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, inf := range res.Influencers {
			found = found || inf.Node.ID == "ent:Iran" && inf.Distance == 2
		}
		if !found {
			t.Errorf("the new edge is not seen: %+v", res.Influencers)
		}
	})
}

// edgeStore builds a store of plain relations for the edge cases.
func edgeStore(tb testing.TB, edges [][3]string) *graph.Store {
	tb.Helper()
	s := mustOpen(tb, graph.Options{Backend: graph.BackendMemory})
	var qs []quad.Quad
	for _, e := range edges {
		qs = append(qs, quad.Quad{Subject: quad.IRI(e[0]), Predicate: quad.IRI(e[1]), Object: quad.IRI(e[2])})
	}
	if _, err := s.Load(context.Background(), asDocument("doc:edges", qs)); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestPathEdgeCases(t *testing.T) {
	ctx := context.Background()
	edges := [][3]string{
		{"n:A", "p:r", "n:B"}, {"n:B", "p:r", "n:C"}, {"n:C", "p:r", "n:A"}, // cycle
		{"n:A", "p:r", "n:A"},                        // self-loop
		{"n:C", "p:r", "n:D"}, {"n:D", "p:r", "n:E"}, // a tail
		{"n:X", "p:r", "n:Y"}, // another component
	}
	for i := 0; i < 5000; i++ { // a hub with a huge fan-out
		edges = append(edges, [3]string{"n:Hub", "p:r", fmt.Sprintf("n:L%d", i)})
	}
	edges = append(edges, [3]string{"n:E", "p:r", "n:Hub"})
	s := edgeStore(t, edges)
	tests := []struct {
		name      string
		from, to  string
		opts      ask.PathOptions
		lengths   []int
		reason    string
		truncated bool
	}{
		{"cycle shortest", "n:A", "n:C", ask.PathOptions{}, []int{2}, "", false},
		{"cycle k paths are simple", "n:A", "n:C", ask.PathOptions{K: 10, Undirected: true}, []int{1, 2}, "", false},
		{"self", "n:A", "n:A", ask.PathOptions{}, []int{0}, "", false},
		{"depth limit", "n:A", "n:E", ask.PathOptions{MaxDepth: 3}, nil, "depth", false},
		{"within depth", "n:A", "n:E", ask.PathOptions{MaxDepth: 4}, []int{4}, "", false},
		{"unreachable", "n:A", "n:Y", ask.PathOptions{}, nil, "unreachable", false},
		{"against direction", "n:E", "n:A", ask.PathOptions{}, nil, "unreachable", false},
		{"through the hub", "n:A", "n:L4999", ask.PathOptions{MaxDepth: 6}, []int{6}, "", false},
		{"hub over budget", "n:A", "n:L4999", ask.PathOptions{MaxDepth: 6, MaxVisited: 1000}, nil, "truncated", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Paths(ctx, tt.from, tt.to, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var lengths []int
			for _, p := range res.Paths {
				lengths = append(lengths, len(p.Steps))
				seen := map[string]bool{tt.from: true}
				for _, st := range p.Steps {
					if seen[st.To.ID] && st.To.ID != tt.to {
						t.Errorf("path revisits %s", st.To.ID)
					}
					seen[st.To.ID] = true
				}
			}
			if !slices.Equal(lengths, tt.lengths) {
				t.Errorf("lengths = %v, want %v", lengths, tt.lengths)
			}
			if !strings.HasPrefix(res.Reason, tt.reason) || (tt.reason == "") != (res.Reason == "") {
				t.Errorf("reason = %q, want %q", res.Reason, tt.reason)
			}
			if res.Truncated != tt.truncated {
				t.Errorf("truncated = %v", res.Truncated)
			}
		})
	}
	t.Run("neighbors of the hub are capped", func(t *testing.T) {
		nb, err := s.Neighbors(ctx, "n:Hub", ask.NeighborOptions{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		g := nb.Groups[0]
		if g.Count != 5000 || len(g.Nodes) != 3 || !g.Truncated {
			t.Errorf("group = %+v", g)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Paths(cctx, "n:A", "n:L1", ask.PathOptions{MaxDepth: 8, K: 5}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestInfluenceCycles(t *testing.T) {
	ctx := context.Background()
	s := edgeStore(t, [][3]string{
		{"ent:A", "kg:advised", "ent:B"}, {"ent:B", "kg:advised", "ent:A"}, // advice both ways
		{"ent:B", "kg:decided", "ev:D"}, {"ent:C", "kg:influenced", "ev:D"},
		{"ent:C", "kg:advised", "ent:C"},   // self-loop
		{"ent:Z", "kg:recognizes", "ev:D"}, // not an influence predicate
	})
	res, err := s.Influence(ctx, "ev:D", ask.InfluenceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, inf := range res.Influencers {
		got[inf.Node.ID] = inf.Distance
	}
	want := map[string]int{"ent:A": 2, "ent:B": 1, "ent:C": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("influencers = %v, want %v", got, want)
	}
	if res, err := s.Influence(ctx, "ent:Z", ask.InfluenceOptions{}); err != nil || len(res.Influencers) != 0 || res.Reason == "" {
		t.Errorf("%+v %v", res, err)
	}
}
