package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newDumpCmd(e *env) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "dump",
		Short: "Write every quad of the store (nquads, jsonld, graphml, dot, gml, json, pquads)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), true, func(s *graph.Store) error {
				var w io.Writer = e.stdout
				if out != "" && out != "-" {
					f, err := os.Create(out)
					if err != nil {
						return err
					}
					defer func() {
						if cerr := f.Close(); cerr != nil && err == nil {
							err = cerr
						}
					}()
					w = f
				}
				bw := bufio.NewWriter(w)
				n, err := s.Dump(cmd.Context(), bw, format)
				if err != nil {
					return err
				}
				if err := bw.Flush(); err != nil {
					return err
				}
				if out != "" && out != "-" {
					fmt.Fprintf(e.stderr, "wrote %d quads to %s\n", n, out)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "nquads", fmt.Sprintf("output format: %v", graph.DumpFormats()))
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
