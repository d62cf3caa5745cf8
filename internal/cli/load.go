package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// progressThreshold is the input size above which load shows a progress bar.
const progressThreshold = 1 << 20

func newLoadCmd(e *env) *cobra.Command {
	var format string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "load FILE...",
		Short: "Load N-Quads (.nq, .nq.gz), pquads, JSON-LD, JSON or claims files, all or nothing",
		Long: `Load reads every file; if any is invalid it reports where and why and writes
nothing. Otherwise all quads are written in one transaction. Formats are
told from the name (.nq .nt .nq.gz .pq .jsonld .json .yaml) or --format.

A claims file whose document the store already holds replaces it: its old
claims, the facts resting only on them and the declarations only it made
are removed and the new version written. Load prints, per document, the
claims and facts added, removed and changed; --dry-run prints the same and
writes nothing. Claims files may use entities the store knows without
declaring them; warnings about valid files are printed too.

Into a directory that holds no store yet, load creates one (with the seed
unless --no-seed) and streams the input into it; if the input turns out
invalid, the new store is removed again.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := graph.WithActor(cmd.Context(), actor())
			start := time.Now()
			existed := e.storeExists()
			if !existed && dryRun {
				return usageError{fmt.Errorf("--dry-run needs an existing store (%s has none)", e.dir())}
			}
			err := e.withStore(ctx, false, func(s *graph.Store) error {
				bars := map[string]*progressbar.ProgressBar{}
				defer func() {
					for _, bar := range bars {
						bar.Finish()
					}
				}()
				res, err := s.LoadFiles(ctx, files, graph.LoadOptions{DryRun: dryRun, Read: func(name string) parse.Options {
					opts, bar := e.readOptions(name, format)
					if bar != nil {
						bars[name] = bar
					}
					return opts
				}})
				if err != nil {
					return err
				}
				e.reportLoad(res, len(files), start, dryRun)
				return nil
			})
			if err != nil && !existed {
				// The store was created for this load: bad input leaves
				// nothing behind.
				if rerr := e.removeStore(); rerr != nil {
					fmt.Fprintf(e.stderr, "quiver: removing the store created for this load: %v\n", rerr)
				}
			}
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "input format for every file: nquads, pquads, jsonld, json, claims (default: from the name)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change and write nothing")
	return cmd
}

func (e *env) reportLoad(res graph.LoadResult, files int, start time.Time, dryRun bool) {
	for _, d := range res.Documents {
		fmt.Fprintln(e.stdout, d.Summary())
	}
	if dryRun {
		fmt.Fprintf(e.stdout, "dry run: %d quads read from %d file(s); %d would be added, %d removed; nothing was written\n",
			res.Read, files, res.Added, res.Removed)
		return
	}
	secs := time.Since(start).Seconds()
	removed := ""
	if res.Removed > 0 {
		removed = fmt.Sprintf(", %d removed", res.Removed)
	}
	fmt.Fprintf(e.stdout, "loaded %d quads from %d file(s): %d new%s, in %.2fs (%.0f quads/s)\n",
		res.Read, files, res.Added, removed, secs, float64(res.Read)/secs)
}

// storeExists reports whether the embedded store's directory already holds
// files (other backends: always true, their store is not created by load).
func (e *env) storeExists() bool {
	if e.backend != graph.BackendEmbedded {
		return true
	}
	ents, err := os.ReadDir(e.dir())
	return err == nil && len(ents) > 0
}

// dir is the embedded store's directory the flags select.
func (e *env) dir() string {
	if e.dataDir != "" {
		return e.dataDir
	}
	return graph.DefaultDir()
}

// removeStore removes the embedded store's directory (a store this command
// created).
func (e *env) removeStore() error {
	if e.backend != graph.BackendEmbedded {
		return nil
	}
	return os.RemoveAll(e.dir())
}

// actor is who the CLI's writes are made by in the change log: the login
// name, or $QUIVER_ACTOR when set (scripts acting for someone).
func actor() string {
	if a := os.Getenv("QUIVER_ACTOR"); a != "" {
		return a
	}
	return graph.ActorOf(context.Background())
}

// readOptions returns the read options for one file, with a progress bar
// on stderr for large inputs (nil otherwise).
func (e *env) readOptions(name, format string) (parse.Options, *progressbar.ProgressBar) {
	opts := parse.Options{Format: format, Warn: func(v schema.Violation) { fmt.Fprintln(e.stderr, v.Error()) }}
	st, err := os.Stat(name)
	if err != nil || st.Size() <= progressThreshold {
		return opts, nil
	}
	bar := progressbar.NewOptions64(st.Size(),
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(filepath.Base(name)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	began := time.Now()
	opts.Progress = func(n int64, quads int) {
		if quads > 0 {
			rate := float64(quads) / time.Since(began).Seconds()
			bar.Describe(fmt.Sprintf("%s: %d quads (%.0f quads/s)", filepath.Base(name), quads, rate))
		}
		bar.Set64(n)
	}
	return opts, bar
}
