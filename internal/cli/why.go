package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newWhyCmd(e *env) *cobra.Command {
	var (
		o      ask.InfluenceOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "why TARGET",
		Short: "Show who influenced a decision or event, with the evidence",
		Long: `Why lists the actors that influenced TARGET (an IRI or a name): everyone who
reaches it over the schema's influence predicates (decided, advised,
influenced, ...), with their roles, distance, score and the quotes behind each
step. Each step names its independent sources (distinct informants: who
first asserted it, else the publisher, else the document); an actor's count is
that of its own edges. The score formula is documented in docs/questions.md.

  quiver why ev:RussiaRecognizesTaliban
  quiver why "recognition of the Taliban" --min-confidence 0.85
  quiver why ev:RussiaRecognizesTaliban --source ent:TASS --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) (*ask.InfluenceResult, error) {
				return s.Influence(cmd.Context(), args[0], o)
			}, func(w io.Writer, res *ask.InfluenceResult) {
				fmt.Fprintf(w, "Who influenced “%s” (%s)?\n", res.Target.Name(), res.Target.ID)
				if len(res.Influencers) == 0 {
					fmt.Fprintf(w, "Nobody found: %s\n", res.Reason)
					return
				}
				for i, inf := range res.Influencers {
					fmt.Fprintf(w, "\n%d. %s (%s): %s; distance %d, %s, score %.2f\n",
						i+1, inf.Node.Name(), inf.Node.ID, strings.Join(inf.Roles, ", "), inf.Distance, count(inf.Sources, "independent source"), inf.Score)
					for _, p := range inf.Paths {
						printSteps(w, p.Steps, "   ")
					}
				}
				if res.Truncated {
					fmt.Fprintln(w, "\n(truncated: more influencers or paths exist; raise --limit or --depth)")
				}
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.MaxDepth, "depth", 0, fmt.Sprintf("longest influence chain (0: %d)", ask.DefaultInfluenceDepth))
	f.IntVar(&o.Limit, "limit", 0, fmt.Sprintf("most influencers shown (0: %d)", ask.DefaultInfluenceLimit))
	f.Float64Var(&o.MinConfidence, "min-confidence", 0, "ignore claims below this confidence")
	f.StringSliceVar(&o.Sources, "source", nil, "keep only claims from these documents or attributions (repeatable)")
	f.StringVar(&o.AsOf, "as-of", "", "keep only claims valid at this date")
	f.StringVar(&o.MinGrade, "min-grade", "", "keep only claims of at least this grade: B3 = source reliability A-B and credibility 1-3; B or 3 bound one axis (docs/grading.md)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
