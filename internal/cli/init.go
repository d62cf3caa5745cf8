package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newInitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create the store (with the seed graph unless --no-seed) and print its statistics",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *graph.Store) error {
				st, err := s.Stats(cmd.Context())
				if err != nil {
					return err
				}
				state := "opened existing"
				if s.Created() {
					state = "created"
				}
				where := st.Dir
				if where == "" {
					where = st.Backend
				}
				fmt.Fprintf(e.stdout, "%s %s store at %s: %d quads, %d nodes\n", state, st.Backend, where, st.Quads, st.Nodes)
				return nil
			})
		},
	}
}
