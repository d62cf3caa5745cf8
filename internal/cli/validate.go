package cli

import (
	"fmt"

	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
	"github.com/spf13/cobra"
)

func newValidateCmd(e *env) *cobra.Command {
	var format string
	var checkSchema bool
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check input files as load would, without writing anything",
		Long: `Validate parses each file as load would and reports every problem with file,
line and column: N-Quads syntax, and for claims files every schema violation
(unknown predicates with suggestions, domain and range, quotes not found in
the text, confidence and dates). With --schema, quads from the other
formats are checked against the vocabulary too (declared predicates, domain
and range, literal formats), reported by their position in the file's quads.
It never opens the store. Exits 1 when any file is invalid.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			bad := 0
			for _, name := range files {
				qs, err := parse.ReadFile(cmd.Context(), name, parse.Options{Format: format})
				if err != nil {
					bad++
					fmt.Fprintln(e.stdout, err)
					continue
				}
				if checkSchema && !isClaims(name, format) {
					if vs := schema.Default().ValidateQuads(qs, nil); len(vs) > 0 {
						bad++
						for _, v := range vs {
							n := v.Line
							v.Line = 0
							fmt.Fprintf(e.stdout, "%s: quad %d: %s\n", name, n, v.Error())
						}
						continue
					}
				}
				fmt.Fprintf(e.stdout, "%s: ok, %d quads\n", name, len(qs))
			}
			if bad > 0 {
				fmt.Fprintf(e.stdout, "%d of %d file(s) invalid\n", bad, len(files))
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "input format: nquads, pquads, jsonld, json, claims (default: from the name)")
	cmd.Flags().BoolVar(&checkSchema, "schema", false, "also check quads of the other formats against the vocabulary")
	return cmd
}

// isClaims reports whether name is read as a claims file, which the claims
// compiler validates against the vocabulary already.
func isClaims(name, format string) bool {
	if format != "" {
		return format == parse.FormatClaims
	}
	f, _ := parse.FormatOf(name)
	return f == parse.FormatClaims
}
