package cli

import (
	"fmt"

	"github.com/quiver-kg/quiver/graph"

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
the text, confidence and dates), and the warnings of valid files. With
--schema, quads from the other formats are checked against the vocabulary too
(declared predicates, domain and range, literal formats), reported by their
position in the file's quads.

Given a store (--data, or --backend with --dsn) that exists, claims files are
also checked against it as load would: the entities it knows may be used
without declaring them, a claim id of another document or an entity
redeclared with another label or type is an error. Validate opens that store
read-only and never creates one; without --data or --backend it checks each
file on its own. Exits 1 when any file is invalid.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			read := func(string) parse.Options {
				return parse.Options{Format: format, Warn: func(v schema.Violation) { fmt.Fprintln(e.stdout, v.Error()) }}
			}
			checks, err := e.validate(cmd, files, read)
			if err != nil {
				return err
			}
			bad := 0
			for _, c := range checks {
				if c.Err != nil {
					bad++
					fmt.Fprintln(e.stdout, c.Err)
					continue
				}
				if checkSchema && !isClaims(c.Path, format) {
					qs, _ := parse.ReadFile(cmd.Context(), c.Path, read(c.Path))
					if vs := schema.Default().ValidateQuads(qs, nil); len(vs) > 0 {
						bad++
						for _, v := range vs {
							n := v.Line
							v.Line = 0
							fmt.Fprintf(e.stdout, "%s: quad %d: %s\n", c.Path, n, v.Error())
						}
						continue
					}
				}
				fmt.Fprintf(e.stdout, "%s: ok, %d quads\n", c.Path, c.Quads)
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

// validate checks files: against the store the flags name when --data or
// --backend was given and the store exists (opened read-only), else each
// file on its own.
func (e *env) validate(cmd *cobra.Command, files []string, read func(string) parse.Options) ([]graph.FileCheck, error) {
	flags := cmd.Flags()
	if !flags.Changed("data") && !flags.Changed("backend") || !e.storeExists() {
		out := make([]graph.FileCheck, 0, len(files))
		for _, f := range files {
			qs, err := parse.ReadFile(cmd.Context(), f, read(f))
			out = append(out, graph.FileCheck{Path: f, Quads: len(qs), Err: err})
		}
		return out, nil
	}
	var checks []graph.FileCheck
	err := e.withStore(cmd.Context(), true, func(s *graph.Store) error {
		var err error
		checks, err = s.ValidateFiles(cmd.Context(), files, read)
		return err
	})
	return checks, err
}
