package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newCheckCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Verify the store's integrity; exits 1 when a problem is found",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Read-only: the embedded engine then writes nothing, so a
			// torn log tail is reported here, not repaired before checking.
			return e.withStore(cmd.Context(), true, func(s *graph.Store) error {
				rep, err := s.Check(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					if err := json.NewEncoder(e.stdout).Encode(rep); err != nil {
						return err
					}
				} else {
					for _, p := range rep.Problems {
						fmt.Fprintln(e.stdout, "problem:", p)
					}
					if rep.OK() {
						fmt.Fprintf(e.stdout, "ok: %d quads checked\n", rep.Quads)
					} else {
						fmt.Fprintf(e.stdout, "%d problems in %d quads\n", len(rep.Problems), rep.Quads)
					}
				}
				if !rep.OK() {
					return exitError{1}
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}
