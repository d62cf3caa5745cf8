package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newLogCmd(e *env) *cobra.Command {
	var (
		opts   graph.LogOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the change log: who loaded, replaced, retracted or merged what, and when",
		Long: `Log lists the store's change log, oldest first: each load, replace and
retract of a document and each merge of entities, with who made it (the login
name or $QUIVER_ACTOR on the command line, the token's name through the
server), when, and what changed. A replaced or retracted version stays
readable: --previous prints it as N-Quads.

  quiver log
  quiver log --document doc:caspian-review-decision --previous`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]graph.LogEntry, error) {
				return s.Log(cmd.Context(), opts)
			}, printLog)
		},
	}
	cmd.Flags().StringVar(&opts.Document, "document", "", "only the entries of this document")
	cmd.Flags().BoolVar(&opts.Previous, "previous", false, "print the version each replace or retract removed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printLog(w io.Writer, entries []graph.LogEntry) {
	if len(entries) == 0 {
		fmt.Fprintln(w, "The change log is empty.")
	}
	for _, e := range entries {
		fmt.Fprintf(w, "%s  %-8s by %s\n    %s\n", e.At, e.Action, e.Actor, e.Summary)
		if e.Previous != "" {
			fmt.Fprintln(w, "    previous version:")
			for _, line := range strings.Split(strings.TrimRight(e.Previous, "\n"), "\n") {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
	}
}
