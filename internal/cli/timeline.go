package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newTimelineCmd(e *env) *cobra.Command {
	var (
		o      ask.TimelineOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "List dated events and claims in order, with their evidence",
		Long: `Timeline lists events with a date and claims with a start of validity, oldest
first. Dates the sources do not give are not invented: undated events are absent.

  quiver timeline
  quiver timeline --after 2022 --before 2024-12
  quiver timeline --node Taliban --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.TimelineEntry, error) {
				return s.Timeline(cmd.Context(), o)
			}, func(w io.Writer, res []ask.TimelineEntry) {
				if len(res) == 0 {
					fmt.Fprintln(w, "No dated events or claims match.")
				}
				for _, t := range res {
					what := t.Node.Name()
					if len(t.Facts) > 0 {
						what = strings.Join(t.Facts, "; ")
					}
					fmt.Fprintf(w, "%-10s  %s (%s)\n", t.Date, what, count(t.Sources, "source"))
					printEvidence(w, t.Evidence, "            ")
				}
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.After, "after", "", "only entries at or after this date")
	f.StringVar(&o.Before, "before", "", "only entries at or before this date")
	f.StringVar(&o.Node, "node", "", "only entries involving this node (IRI or name)")
	f.StringVar(&o.MinGrade, "min-grade", "", "keep only claims of at least this grade: B3 = source reliability A-B and credibility 1-3; B or 3 bound one axis (docs/grading.md)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
