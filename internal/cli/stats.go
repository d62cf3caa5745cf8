package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newStatsCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Print how many quads and nodes the store holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), true, func(s *graph.Store) error {
				st, err := s.Stats(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return json.NewEncoder(e.stdout).Encode(st)
				}
				fmt.Fprintf(e.stdout, "backend: %s\n", st.Backend)
				if st.Dir != "" {
					fmt.Fprintf(e.stdout, "dir:     %s\n", st.Dir)
				}
				fmt.Fprintf(e.stdout, "quads:   %d\nnodes:   %d\n", st.Quads, st.Nodes)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
