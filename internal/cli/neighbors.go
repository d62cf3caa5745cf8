package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newNeighborsCmd(e *env) *cobra.Command {
	var (
		o      ask.NeighborOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "neighbors NODE",
		Short: "Preview a node: its neighbours grouped by relation, with counts",
		Long: `Neighbors lists the nodes one edge from NODE (an IRI or a name), grouped by
predicate and direction, largest group first.

  quiver neighbors Russia
  quiver neighbors ent:Taliban --limit 3 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) (*ask.Neighborhood, error) {
				return s.Neighbors(cmd.Context(), args[0], o)
			}, func(w io.Writer, res *ask.Neighborhood) {
				fmt.Fprintf(w, "%s (%s)\n", res.Node.Name(), res.Node.ID)
				if len(res.Groups) == 0 {
					fmt.Fprintln(w, "  no neighbours")
				}
				for _, g := range res.Groups {
					arrow := "-->"
					if g.Direction == "in" {
						arrow = "<--"
					}
					names := make([]string, len(g.Nodes))
					for i, n := range g.Nodes {
						names[i] = n.Name()
					}
					more := ""
					if g.Truncated {
						more = fmt.Sprintf(", ... (%d more)", g.Count-len(g.Nodes))
					}
					fmt.Fprintf(w, "  %s %s (%d): %s%s\n", arrow, g.Predicate.Name(), g.Count, strings.Join(names, ", "), more)
				}
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Limit, "limit", 0, fmt.Sprintf("nodes listed per group (0: %d)", ask.DefaultNeighborLimit))
	f.StringSliceVar(&o.Predicates, "predicate", nil, "only these predicates (repeatable)")
	f.Float64Var(&o.MinConfidence, "min-confidence", 0, "ignore claims below this confidence")
	f.StringVar(&o.AsOf, "as-of", "", "keep only edges valid at this date")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
