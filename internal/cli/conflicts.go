package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newConflictsCmd(e *env) *cobra.Command {
	var (
		o      ask.ConflictOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "List facts that contradict each other, with both sides' evidence",
		Long: `Conflicts lists the facts that contradict each other across documents (or
within one): a predicate and its declared opposite for the same subject and
object (kg:recognizes and kg:doesNotRecognize), and two values of a
single-valued predicate for one subject where neither refines the other
(kg:date "2022" and "2022-02" agree; "2025-03" and "2025-04-17" do not).
Claims count only when their validity overlaps; an undated claim holds always.
Each side shows the claims behind it and its independent sources.

  quiver conflicts
  quiver conflicts --node Taliban --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.Conflict, error) {
				return s.Conflicts(cmd.Context(), o)
			}, printConflicts)
		},
	}
	cmd.Flags().StringVar(&o.Node, "node", "", "only conflicts about this node (IRI or name)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printConflicts(w io.Writer, cs []ask.Conflict) {
	if len(cs) == 0 {
		fmt.Fprintln(w, "No conflicts.")
		return
	}
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. %s (%s): %s\n", i+1, c.Subject.Name(), c.Kind, c.Reason)
		for _, sd := range c.Sides {
			object := fmt.Sprintf("“%s”", sd.Value)
			if sd.Object != nil {
				object = sd.Object.Name()
			}
			fmt.Fprintf(w, "   %s --%s--> %s (%s)\n", c.Subject.Name(), sd.Predicate.Name(), object, count(sd.Sources, "source"))
			printEvidence(w, sd.Evidence, "       ")
		}
	}
}
