package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newEvidenceCmd(e *env) *cobra.Command {
	var (
		q      ask.EvidenceQuery
		isFact bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "evidence [--fact S P O] [--source X [--sole-source]] [--document D] [--claim C | --node N]",
		Short: "List the claims behind a fact, a node, a source or a document, best confidence first",
		Long: `Evidence lists claims with their quote, who said it and through whom, the
document and sentence, and the facts each claim asserts with their independent
sources, best confidence first.

  quiver evidence --fact ent:Russia kg:recognizes ent:Taliban   # what supports a fact
  quiver evidence --fact "Taliban takeover of Afghanistan" kg:date 2021-08
  quiver evidence --source ent:ZamirKabulov                       # what rests on Kabulov
  quiver evidence --source ent:TASS --sole-source                # ... on TASS alone
  quiver evidence --document doc:steppe-wire-envoy --json
  quiver evidence --node Lavrov --source ent:TASS

A source is an entity or a document: a claim comes from it when it is the
claim's document (or the first publication of its text), that document's
publisher, or the claim's attribution, informant or via. --sole-source keeps
the claims whose every fact rests on that source alone.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case isFact && len(args) != 3:
				return usageError{fmt.Errorf("--fact takes three arguments: SUBJECT PREDICATE OBJECT (got %d)", len(args))}
			case !isFact && len(args) > 0:
				return usageError{fmt.Errorf("unexpected arguments %q: a fact is given as --fact S P O", args)}
			case q.SoleSource && q.Source == "":
				return usageError{fmt.Errorf("--sole-source needs --source")}
			case !isFact && q.Claim == "" && q.Node == "" && q.Source == "" && q.Document == "":
				return usageError{fmt.Errorf("say what to list: --fact S P O, --source, --document, --claim or --node")}
			}
			if isFact {
				q.Subject, q.Predicate, q.Object = args[0], args[1], args[2]
			}
			return answer(e, cmd, asJSON, func(s *graph.Store) ([]ask.Evidence, error) {
				return s.Evidence(cmd.Context(), q)
			}, printEvidenceList)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&isFact, "fact", false, "the three arguments are a fact: SUBJECT PREDICATE OBJECT (names or IRIs; the object may be a literal)")
	f.StringVar(&q.Source, "source", "", "only claims from this source (an entity or a document)")
	f.BoolVar(&q.SoleSource, "sole-source", false, "with --source: only claims whose every fact rests on that source alone")
	f.StringVar(&q.Document, "document", "", "only claims read from this document")
	f.StringVar(&q.Claim, "claim", "", "this claim")
	f.StringVar(&q.Node, "node", "", "claims of the facts that mention this node (IRI or name)")
	f.StringVar(&q.MinGrade, "min-grade", "", "keep only claims of at least this grade: B3 = source reliability A-B and credibility 1-3; B or 3 bound one axis (docs/grading.md)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printEvidenceList prints the claims, each with the facts it asserts, and
// how many independent sources they come from.
func printEvidenceList(w io.Writer, ev []ask.Evidence) {
	informants := map[string]bool{}
	for _, e := range ev {
		informants[e.Informant.ID] = true
	}
	fmt.Fprintf(w, "%s from %s, best confidence first\n", count(len(ev), "claim"), count(len(informants), "independent source"))
	for _, e := range ev {
		fmt.Fprintf(w, "\n%s\n", quoteLine(e))
		for _, f := range e.Facts {
			object := fmt.Sprintf("%q", f.Value)
			if f.Object != nil {
				object = f.Object.Name()
			}
			fmt.Fprintf(w, "    %s --%s--> %s (%s)\n", f.Subject.Name(), f.Predicate.Name(), object, count(f.Sources, "source"))
		}
	}
}
