package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newDuplicatesCmd(e *env) *cobra.Command {
	var (
		o      ask.DuplicateOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "duplicates",
		Short: "List entities that are likely one (near-identical names), for review and merge",
		Long: `Duplicates lists pairs of entities whose labels or aliases are the same, or
nearly (one letter off in ten, names of six letters or more: "Sergei Lavrov"
and "Sergey Lavrov"), and whose types agree, best match first. Each line ends
with the merge command that would make them one (the entity with fewer edges
merged into the other); review before you run it.

  quiver duplicates
  quiver duplicates --node Lavrov --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.DuplicateCandidate, error) {
				return s.Duplicates(cmd.Context(), o)
			}, printDuplicates)
		},
	}
	cmd.Flags().StringVar(&o.Node, "node", "", "only candidates involving this node (IRI or name)")
	cmd.Flags().IntVar(&o.Limit, "limit", 0, fmt.Sprintf("most candidates shown (0: %d)", ask.DefaultDuplicateLimit))
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printDuplicates(w io.Writer, ds []ask.DuplicateCandidate) {
	if len(ds) == 0 {
		fmt.Fprintln(w, "No likely duplicates.")
	}
	for _, d := range ds {
		fmt.Fprintf(w, "%.2f  %s (%s) ~ %s (%s): %s\n      quiver merge %s %s\n",
			d.Score, d.From.Name(), d.From.ID, d.Into.Name(), d.Into.ID, d.Reason, d.From.ID, d.Into.ID)
	}
}

func newMergeCmd(e *env) *cobra.Command {
	var (
		opts graph.MergeOptions
		undo bool
	)
	cmd := &cobra.Command{
		Use:   "merge FROM INTO | merge --undo FROM",
		Short: "Make two entities one (the evidence is kept), or undo it",
		Long: `Merge records that FROM is the same entity as INTO (IRIs or names). The
questions then treat FROM as INTO: its facts, label and aliases go to INTO, and
claims attributed to FROM count as INTO's when sources are counted. The claims
and their evidence are kept as the documents say them, and the change log
records who merged what. Merging is how an entity's identity changes: claims
files cannot redeclare a stored entity with another label or type.

--undo FROM unmerges it. --dry-run checks and writes nothing.

  quiver duplicates
  quiver merge ent:SergeiLavrov ent:SergeyLavrov
  quiver merge --undo ent:SergeiLavrov`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case undo && len(args) != 1:
				return usageError{fmt.Errorf("merge --undo takes one entity, the one merged")}
			case !undo && len(args) != 2:
				return usageError{fmt.Errorf("merge takes two entities: FROM INTO")}
			case !e.storeExists():
				return fmt.Errorf("%s holds no store", e.dir())
			}
			ctx := graph.WithActor(cmd.Context(), actor())
			return e.withStore(ctx, false, func(s *graph.Store) error {
				var res graph.MergeResult
				var err error
				if undo {
					res, err = s.Unmerge(ctx, args[0], opts)
				} else {
					res, err = s.Merge(ctx, args[0], args[1], opts)
				}
				if err != nil {
					return err
				}
				if res.DryRun {
					fmt.Fprintf(e.stdout, "dry run: would %s; nothing was written\n", res.Summary)
					return nil
				}
				fmt.Fprintln(e.stdout, res.Summary)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&undo, "undo", false, "unmerge FROM")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check and print what would change, write nothing")
	return cmd
}
