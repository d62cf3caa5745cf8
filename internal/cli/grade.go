package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newGradeCmd(e *env) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "grade SOURCE A-F",
		Short: "Grade a source's reliability (A completely reliable ... E unreliable, F cannot be judged)",
		Long: `Grade records an analyst's grade of a source — an outlet, a person, a
ministry, or a document's own voice (the document's id) — in the Admiralty
scale: A completely reliable, B usually reliable, C fairly reliable, D not
usually reliable, E unreliable, F reliability cannot be judged. The grade
replaces the source's previous one; who graded it (your login name, or
$QUIVER_ACTOR), when and --note are kept, and the change log records every
change. Ungraded sources count as F. See docs/grading.md.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := graph.WithActor(cmd.Context(), actor())
			return e.withStore(ctx, false, func(s *graph.Store) error {
				// A document is graded by its id; anything else may be
				// named ("TASS").
				src := ask.NodeRef{ID: strings.Trim(args[0], "<>")}
				if !strings.HasPrefix(src.ID, "doc:") {
					var err error
					if src, err = s.Resolve(ctx, args[0]); err != nil {
						return err
					}
				}
				res, err := s.Grade(ctx, src.ID, strings.ToUpper(args[1]), note)
				if err != nil {
					return err
				}
				if res.Added == 0 {
					fmt.Fprintf(e.stdout, "%s already has reliability %s\n", src.ID, strings.ToUpper(args[1]))
					return nil
				}
				fmt.Fprintf(e.stdout, "graded %s (%s): reliability %s\n", src.Name(), src.ID, strings.ToUpper(args[1]))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why the source gets this grade")
	return cmd
}

func newGradesCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "grades",
		Short: "List the graded sources with their reliability, who graded them, when and why",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), true, func(s *graph.Store) error {
				gs, err := s.Grades(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					enc := json.NewEncoder(e.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(gs)
				}
				if len(gs) == 0 {
					fmt.Fprintln(e.stdout, "no source is graded (ungraded sources count as F)")
				}
				for _, g := range gs {
					line := fmt.Sprintf("%s  %s  by %s at %s", g.Reliability, g.Source, g.GradedBy, g.GradedAt)
					if g.Note != "" {
						line += ": " + g.Note
					}
					fmt.Fprintln(e.stdout, line)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
