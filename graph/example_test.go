package graph_test

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/seeds"
)

// Open a throwaway store with the seed article loaded and ask a Gizmo
// question. The embedded default is graph.Options{} (or Dir set).
func ExampleOpen() {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	res, err := s.Query(ctx, graph.LangGizmo,
		`g.V("<ent:Russia>").out("<kg:allies-with>").out("<rdfs:label>").all()`, graph.QueryOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var names []string
	for _, row := range res.Rows {
		names = append(names, fmt.Sprint(row.(map[string]interface{})["id"]))
	}
	fmt.Println(strings.Join(uniqueSorted(names), ", "))
	// Output: Iran, North Korea
}

// Who influenced a decision, with the evidence for every step.
func ExampleStore_Influence() {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	why, err := s.Influence(ctx, "ev:RussiaRecognizesTaliban", ask.InfluenceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, inf := range why.Influencers {
		fmt.Printf("%s (%s)\n", inf.Node.Label, strings.Join(inf.Roles, ", "))
	}
	step := why.Influencers[0].Paths[0].Steps[0]
	ev := step.Evidence[0]
	fmt.Printf("%s %s: %q\n", step.From.Label, step.Predicate.Label, ev.Quote)
	// Output:
	// Sergey Lavrov (advised, influenced)
	// Vladimir Putin (decided)
	// Sergey Lavrov influenced: "Russia’s decision, influenced by Foreign Minister Sergey Lavrov"
}

// Paths between two nodes given by name, each edge with its claims.
func ExampleStore_Paths() {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	res, err := s.Paths(ctx, "Lavrov", "Taliban", ask.PathOptions{K: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range res.Paths[0].Steps {
		fmt.Printf("%s -%s-> %s (%d claims)\n", st.From.Label, st.Predicate.Label, st.To.Label, len(st.Evidence))
	}
	// Output:
	// Sergey Lavrov -influenced-> Russia recognizes the Taliban government (2 claims)
	// Russia recognizes the Taliban government -object-> Taliban (1 claims)
}

// Read a file in any supported format; a bad line is reported with its
// position and nothing is returned.
func ExampleReadQuads() {
	in := "<ent:A> <kg:knows> <ent:B> .\n<ent:B> <kg:knows> <ent:C\n"
	_, err := parse.ReadQuads(context.Background(), "people.nq", strings.NewReader(in), parse.Options{})
	fmt.Println(err)
	// Output: people.nq:2:20: unterminated IRI: missing '>'
}

// Walk the graph with Cayley's path API.
func ExampleStore_Path() {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	vals, err := s.Path(quad.IRI("ent:SergeyLavrov")).Out(quad.IRI("kg:advised")).Out(quad.IRI("rdfs:label")).Iterate(ctx).AllValues(s.QuadStore())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(vals)
	// Output: ["Vladimir Putin"]
}

func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
