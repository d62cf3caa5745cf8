package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

func newQueryCmd(e *env) *cobra.Command {
	var (
		file, lang string
		limit      int
		timeout    time.Duration
	)
	cmd := &cobra.Command{
		Use:   "query [TEXT]",
		Short: "Run a Gizmo (or GraphQL, MQL) query and print the rows as one JSON array",
		Long: `Query runs the query given as the argument, in the file named by -f, or on
stdin, and prints the result rows as one JSON array: the same rows Cayley's
HTTP API returns under "result".

  quiver query 'g.V("<ent:Russia>").out("<kg:allies-with>").all()'
  quiver query -f question.js
  echo 'g.V().has("<rdfs:label>", "Iran").all()' | quiver query`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := e.queryText(args, file)
			if err != nil {
				return err
			}
			return e.withStore(cmd.Context(), true, func(s *graph.Store) error {
				res, err := s.Query(cmd.Context(), lang, text, graph.QueryOptions{Limit: limit, Timeout: timeout})
				if err != nil {
					return err
				}
				if res.Truncated {
					fmt.Fprintf(e.stderr, "quiver: result truncated at %d rows (raise --limit)\n", len(res.Rows))
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(res.Rows)
			})
		},
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "read the query from this file")
	f.StringVar(&lang, "lang", graph.LangGizmo, "query language: gizmo, graphql, mql")
	f.IntVar(&limit, "limit", 0, "maximum rows (0: the store's cap)")
	f.DurationVar(&timeout, "timeout", 0, "query timeout (0: the store's default, 30s)")
	return cmd
}

// queryText picks the query from the argument, -f FILE, or stdin.
func (e *env) queryText(args []string, file string) (string, error) {
	switch {
	case len(args) == 1 && file != "":
		return "", usageError{fmt.Errorf("give the query as an argument or with -f, not both")}
	case len(args) == 1:
		return args[0], nil
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	}
	b, err := io.ReadAll(e.stdin)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", usageError{fmt.Errorf("no query: give it as an argument, with -f FILE, or on stdin")}
	}
	return string(b), nil
}
