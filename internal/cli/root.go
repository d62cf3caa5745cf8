// Package cli implements the quiver command line. Every subcommand lives in
// its own file; flags become values passed down, never package globals.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/quiver-kg/quiver/backends"
	"github.com/quiver-kg/quiver/seeds"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
)

// env is what every subcommand gets: the global flags and the process IO.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	dataDir string
	backend string
	dsn     string
	noSeed  bool
}

// exitError carries a specific exit code (e.g. 1 for "check found
// problems") without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run executes the quiver command line with args (without the program name)
// and returns the process exit code: 0 on success, 1 when the command ran
// and found a problem (invalid input, a failed check), 2 on usage errors.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// The quiver command offers every backend of this module.
	backends.RegisterAll()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(stderr, "quiver:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError marks errors in how the command was called.
type usageError struct{ error }

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "quiver",
		Short: "Quiver: a knowledge-graph store where every fact carries its evidence",
		Long: `Quiver holds entities and the relations between them as quads on Cayley,
every fact tied to the document, quote, attribution and confidence it came from.

The embedded store lives in --data (default: $QUIVER_DATA, else
$XDG_DATA_HOME/quiver, else ~/.local/share/quiver). A new embedded store is
loaded with the seed article (Russia's recognition of the Taliban) unless
--no-seed is given.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	f := root.PersistentFlags()
	f.StringVar(&e.dataDir, "data", "", "directory of the embedded store (env QUIVER_DATA; default "+graph.DefaultDir()+")")
	f.StringVar(&e.backend, "backend", graph.BackendEmbedded, fmt.Sprintf("storage backend: %v", graph.Backends()))
	f.StringVar(&e.dsn, "dsn", "", "connection string for SQL backends (postgres, mysql)")
	f.BoolVar(&e.noSeed, "no-seed", false, "do not load the seed graph into a new store")
	root.AddCommand(
		newInitCmd(e), newLoadCmd(e), newValidateCmd(e), newDumpCmd(e),
		newStatsCmd(e), newCheckCmd(e), newQueryCmd(e),
		newWhyCmd(e), newPathsCmd(e), newEvidenceCmd(e), newConflictsCmd(e),
		newDocumentsCmd(e), newRetractCmd(e), newLogCmd(e), newDuplicatesCmd(e), newMergeCmd(e), newNeighborsCmd(e), newTimelineCmd(e), newSearchCmd(e),
		newDraftCmd(e), newGradeCmd(e), newGradesCmd(e),
		newServeCmd(e), newQueryWorkerCmd(e),
	)
	return root
}

// open opens the store the global flags select.
func (e *env) open(ctx context.Context, readOnly bool) (*graph.Store, error) {
	o := graph.Options{Backend: e.backend, Dir: e.dataDir, DSN: e.dsn, ReadOnly: readOnly}
	if !e.noSeed {
		o.Seed = seeds.Quads
	}
	return graph.Open(ctx, o)
}

// closeStore closes s, reporting a close error only when nothing failed
// before it.
func closeStore(s *graph.Store, err *error) {
	if cerr := s.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}

// withStore opens the store, runs fn on it and closes it, reporting a
// close error only when fn succeeded.
func (e *env) withStore(ctx context.Context, readOnly bool, fn func(*graph.Store) error) error {
	s, err := e.open(ctx, readOnly)
	if err != nil {
		return err
	}
	err = fn(s)
	if cerr := s.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}
