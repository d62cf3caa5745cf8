package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newDocumentsCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "documents",
		Short: "List the documents in the store: citation, digests, claims and facts, when loaded",
		Long: `Documents lists every document the store holds, earliest published first: its
id, title, publication date and publisher, address and retrieval date, the
claims file it came from, its claims and facts, the SHA-256 of its text (and
the document it republishes, when another has the same normalized text), and
when and by whom it was loaded and last replaced (from the change log).

  quiver documents
  quiver documents --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.DocumentInfo, error) {
				return s.Documents(cmd.Context())
			}, printDocuments)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printDocuments(w io.Writer, docs []ask.DocumentInfo) {
	if len(docs) == 0 {
		fmt.Fprintln(w, "No documents.")
	}
	for i, d := range docs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n  title      %s\n", d.ID, d.Title)
		if d.Published != "" || d.Publisher != nil {
			by := ""
			if d.Publisher != nil {
				by = fmt.Sprintf(" by %s (%s)", d.Publisher.Name(), d.Publisher.ID)
			}
			fmt.Fprintf(w, "  published  %s%s\n", orUnknown(d.Published), by)
		}
		if d.URL != "" || d.Retrieved != "" {
			fmt.Fprintf(w, "  url        %s (retrieved %s)\n", orUnknown(d.URL), orUnknown(d.Retrieved))
		}
		from := ""
		if d.ClaimsFile != "" {
			from = ", from " + d.ClaimsFile
		}
		fmt.Fprintf(w, "  claims     %s, %s%s\n", count(d.Claims, "claim"), count(d.Facts, "fact"), from)
		if d.SHA256 != "" {
			again := ""
			if d.RepublicationOf != "" {
				again = " (republishes " + d.RepublicationOf + ")"
			}
			fmt.Fprintf(w, "  sha256     %s%s\n", d.SHA256, again)
		}
		if d.Loaded != "" {
			updated := ""
			if d.Updated != "" {
				updated = "; replaced " + d.Updated
			}
			fmt.Fprintf(w, "  loaded     %s by %s%s\n", d.Loaded, d.LoadedBy, updated)
		}
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
