package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

func newPathsCmd(e *env) *cobra.Command {
	var (
		o      ask.PathOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "paths FROM TO",
		Short: "Show how two nodes are connected, with the evidence for every step",
		Long: `Paths finds the shortest path (or the --k best simple paths) from FROM to TO,
each node given by IRI (ent:SergeyLavrov) or by name (Lavrov). Every step shows
the relation, its direction and the quotes of the claims that support it.

  quiver paths Lavrov Taliban
  quiver paths ent:SergeyLavrov ent:Taliban --k 5 --depth 4
  quiver paths Russia Iran --predicate kg:allies-with --min-confidence 0.8 --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return answer(e, cmd, asJSON, func(s *graph.Store) (*ask.PathsResult, error) {
				return s.Paths(cmd.Context(), args[0], args[1], o)
			}, printPaths)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.MaxDepth, "depth", 0, fmt.Sprintf("longest path in edges (0: %d)", ask.DefaultPathDepth))
	f.IntVar(&o.K, "k", 1, "how many paths (shortest first)")
	f.BoolVar(&o.Undirected, "undirected", false, "walk edges both ways (symmetric predicates always are)")
	f.StringSliceVar(&o.Predicates, "predicate", nil, "walk only these predicates (repeatable)")
	f.Float64Var(&o.MinConfidence, "min-confidence", 0, "ignore claims below this confidence")
	f.StringSliceVar(&o.Sources, "source", nil, "keep only claims from these documents or attributions (repeatable)")
	f.StringVar(&o.AsOf, "as-of", "", "keep only claims valid at this date (YYYY, YYYY-MM, YYYY-MM-DD)")
	f.IntVar(&o.MaxVisited, "max-visited", 0, "work budget in edges examined (0: the default)")
	f.StringVar(&o.MinGrade, "min-grade", "", "keep only claims of at least this grade: B3 = source reliability A-B and credibility 1-3; B or 3 bound one axis (docs/grading.md)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// answer opens the store read-only, asks it one question and prints the
// answer as JSON (--json) or with show.
func answer[T any](e *env, cmd *cobra.Command, asJSON bool, ask func(*graph.Store) (T, error), show func(io.Writer, T)) (err error) {
	s, err := e.open(cmd.Context(), true)
	if err != nil {
		return err
	}
	defer closeStore(s, &err)
	res, err := ask(s)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, res)
	}
	show(e.stdout, res)
	return nil
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printPaths(w io.Writer, res *ask.PathsResult) {
	if len(res.Paths) == 0 {
		fmt.Fprintf(w, "No path from %s to %s: %s\n", res.From.Name(), res.To.Name(), res.Reason)
		return
	}
	for i, p := range res.Paths {
		fmt.Fprintf(w, "Path %d (%d steps, score %.3f):\n", i+1, len(p.Steps), p.Score)
		printSteps(w, p.Steps, "  ")
	}
	if res.Truncated {
		fmt.Fprintln(w, "(truncated: the search hit its work budget; more paths may exist)")
	}
}

// printSteps prints each step as "A --pred--> B" (or "A <--pred-- B" when
// walked backwards) with its independent sources and its quotes.
func printSteps(w io.Writer, steps []ask.Step, indent string) {
	for _, st := range steps {
		arrow := fmt.Sprintf("--%s-->", st.Predicate.Name())
		if !st.Forward {
			arrow = fmt.Sprintf("<--%s--", st.Predicate.Name())
		}
		fmt.Fprintf(w, "%s%s %s %s (%s)\n", indent, st.From.Name(), arrow, st.To.Name(), count(st.Sources, "source"))
		printEvidence(w, st.Evidence, indent+"    ")
	}
}

// printEvidence prints one line per claim (see quoteLine).
func printEvidence(w io.Writer, ev []ask.Evidence, indent string) {
	if len(ev) == 0 {
		fmt.Fprintf(w, "%s(no claim)\n", indent)
	}
	for _, e := range ev {
		fmt.Fprintf(w, "%s%s\n", indent, quoteLine(e))
	}
}

// quoteLine is how a claim reads: its quote, who said it and through whom,
// its grade (source reliability and credibility: "TASS · D3", with the
// computed credibility beside the analyst's when they differ), its
// confidence and validity, then where: the document, the sentence and the
// claim id.
func quoteLine(e ask.Evidence) string {
	var source string
	switch {
	case e.AttributedTo != nil:
		source = "per " + e.AttributedTo.Name()
		for _, v := range e.Via {
			source += " via " + v.Name()
		}
	case e.Informant.ID == e.Document:
		source = "the document itself"
	default:
		source = e.Informant.Name()
	}
	source += " · " + e.Grade
	if e.AnalystCredibility != 0 && e.AnalystCredibility != e.Credibility {
		source += fmt.Sprintf(" (computed %d: %s)", e.Credibility, e.CredibilityReason)
	}
	who := []string{source, fmt.Sprintf("confidence %.2f", e.Confidence)}
	if e.ValidFrom != "" || e.ValidTo != "" {
		who = append(who, fmt.Sprintf("valid %s..%s", e.ValidFrom, e.ValidTo))
	}
	return fmt.Sprintf("“%s” (%s; %s sentence %d, %s)", e.Quote, strings.Join(who, ", "), e.Document, e.Sentence, e.Claim)
}

// count says "1 source", "2 sources".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
