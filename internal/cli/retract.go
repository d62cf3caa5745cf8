package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newRetractCmd(e *env) *cobra.Command {
	var opts graph.RetractOptions
	cmd := &cobra.Command{
		Use:   "retract DOC...",
		Short: "Remove documents and everything that rests on them alone, in one transaction",
		Long: `Retract removes each document (doc:x) with its claims, the facts only those
claims assert, its records and the entity declarations no other document
makes; facts other documents also support stay. The entities no fact uses any
more are listed, and removed with --prune. The change log keeps the removed
version (quiver log --document DOC --previous). --dry-run prints what would
change and writes nothing.

  quiver retract doc:caspian-review-decision --dry-run
  quiver retract doc:kabul-ledger-envoy --prune`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, docs []string) error {
			if !e.storeExists() {
				return fmt.Errorf("%s holds no store", e.dir())
			}
			ctx := graph.WithActor(cmd.Context(), actor())
			return e.withStore(ctx, false, func(s *graph.Store) error {
				res, err := s.Retract(ctx, docs, opts)
				if err != nil {
					return err
				}
				for _, d := range res.Documents {
					fmt.Fprintln(e.stdout, d.Summary())
				}
				if opts.DryRun {
					fmt.Fprintf(e.stdout, "dry run: %d quads would be removed, %d added to the change log; nothing was written\n", res.Removed, res.Added)
					return nil
				}
				fmt.Fprintf(e.stdout, "retracted %s: %d quads removed\n", count(len(res.Documents), "document"), res.Removed)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&opts.Prune, "prune", false, "also remove the entities no fact or claim uses any more")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print what would change and write nothing")
	return cmd
}
