package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/schema/draft"
)

func newDraftCmd(e *env) *cobra.Command {
	var title, id, out string
	cmd := &cobra.Command{
		Use:   "draft TEXT-FILE",
		Short: "Draft a claims file for an article, from what the store knows",
		Long: `Draft prints a claims file skeleton for an article (UTF-8 text, first line
the title): the document block, every sentence numbered with its offsets,
the store's entities each sentence mentions, candidate new entities with a
guessed type, and claim stubs — the predicates whose words occur in each
sentence, with subject and object chosen by the predicate's domain and
range, the smallest quote spanning them, and the attribution when the
sentence says "according to X", "X said", "X reported" or "X told Y".

The draft loads as printed (the document, no claims yet): the proposals sit
under drafts, which the compiler ignores. Review them, move the good ones
under entities and claims, and load the file again; the document is
replaced. Drafting reads the store (to know its entities) and writes
nothing to it. See docs/authoring.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			if !utf8.Valid(text) {
				return fmt.Errorf("%s: the text is not valid UTF-8", args[0])
			}
			textPath, err := textPathFrom(args[0], out)
			if err != nil {
				return err
			}
			var ents []schema.Entity
			var s *graph.Store
			if s, err = e.open(cmd.Context(), true); err != nil {
				return err
			}
			defer s.Close()
			if ents, err = s.Entities(cmd.Context()); err != nil {
				return err
			}
			d := draft.Make(string(text), draft.Options{ID: id, Title: title, TextPath: textPath, Entities: ents})
			exists, n, err := s.DocumentClaims(cmd.Context(), d.ID)
			if err != nil {
				return err
			}
			if exists {
				fmt.Fprintf(e.stderr, "quiver: warning: the store already holds %s (%d claims); loading this draft replaces it and removes them. Give another --id, or edit the document's own claims file.\n", d.ID, n)
			}
			if out == "" {
				_, err = fmt.Fprint(e.stdout, d.YAML())
				return err
			}
			if err := os.WriteFile(out, []byte(d.YAML()), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d sentences, %d mentions of known entities, %d candidate entities, %d claim stubs\n",
				out, len(d.Sentences), len(d.Mentions), len(d.Candidates), len(d.Stubs))
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "document title (default: the text's first line)")
	cmd.Flags().StringVar(&id, "id", "", "document id, doc:... (default: from the file name)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the draft to this file (default: standard output)")
	return cmd
}

// textPathFrom is the text's path as the claims file written to out will
// name it: relative to out's directory (or to the working directory when
// printing).
func textPathFrom(text, out string) (string, error) {
	if out == "" {
		return filepath.ToSlash(text), nil
	}
	absText, err := filepath.Abs(text)
	if err != nil {
		return "", err
	}
	absOut, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absOut, absText)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}
