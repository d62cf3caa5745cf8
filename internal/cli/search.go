package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newSearchCmd(e *env) *cobra.Command {
	var (
		limit  int
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "search TEXT",
		Short: "Find nodes by name or alias (prefix and fuzzy)",
		Long: `Search finds nodes whose label, alias or IRI matches TEXT: exact, prefix, word
prefix, substring, then fuzzy (typos) matches, best first.

  quiver search Lavrov
  quiver search kreml --limit 3 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.SearchHit, error) {
				return s.Search(cmd.Context(), args[0], limit)
			}, func(w io.Writer, hits []ask.SearchHit) {
				if len(hits) == 0 {
					fmt.Fprintf(w, "Nothing matches %q.\n", args[0])
				}
				for _, h := range hits {
					fmt.Fprintf(w, "%.2f  %-30s %s (matched %q)\n", h.Score, h.Node.Name(), h.Node.ID, h.Matched)
				}
			})
		},
	}
	cmd.Flags().IntVar(&limit, "limit", ask.DefaultSearchLimit, "most hits shown")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
