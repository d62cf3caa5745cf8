package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
)

// progressThreshold is the input size above which load shows a progress bar.
const progressThreshold = 1 << 20

func newLoadCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "load FILE...",
		Short: "Load N-Quads (.nq, .nq.gz), pquads, JSON-LD or claims files, all or nothing",
		Long: `Load reads every file first; if any is invalid it reports where and why and
writes nothing. Otherwise all quads are written in one transaction.
Formats are told from the name (.nq .nt .nq.gz .pq .jsonld .yaml) or --format.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			start := time.Now()
			if !e.storeExists() {
				// Read everything before creating the store, so that bad
				// input does not leave a new, empty store behind.
				qs, err := e.readAll(ctx, files, format)
				if err != nil {
					return err
				}
				return e.withStore(ctx, false, func(s *graph.Store) error {
					res, err := s.Load(ctx, qs)
					if err != nil {
						return err
					}
					e.reportLoad(res, len(files), start)
					return nil
				})
			}
			// An existing store: stream every file into one transaction
			// (parsed in parallel chunks, nothing written unless all
			// files are valid).
			return e.withStore(ctx, false, func(s *graph.Store) error {
				bars := map[string]*progressbar.ProgressBar{}
				defer func() {
					for _, bar := range bars {
						bar.Finish()
					}
				}()
				res, err := s.LoadFiles(ctx, files, func(name string) parse.Options {
					opts, bar := e.readOptions(name, format)
					if bar != nil {
						bars[name] = bar
					}
					return opts
				})
				if err != nil {
					return err
				}
				e.reportLoad(res, len(files), start)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "input format for every file: nquads, pquads, jsonld, claims (default: from the name)")
	return cmd
}

func (e *env) reportLoad(res graph.LoadResult, files int, start time.Time) {
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "loaded %d quads from %d file(s): %d new, in %.2fs (%.0f quads/s)\n",
		res.Read, files, res.Added, secs, float64(res.Read)/secs)
}

// storeExists reports whether the embedded store's directory already holds
// files (other backends: always true, their store is not created by load).
func (e *env) storeExists() bool {
	if e.backend != graph.BackendEmbedded {
		return true
	}
	dir := e.dataDir
	if dir == "" {
		dir = graph.DefaultDir()
	}
	ents, err := os.ReadDir(dir)
	return err == nil && len(ents) > 0
}

// readOptions returns the read options for one file, with a progress bar
// on stderr for large inputs (nil otherwise).
func (e *env) readOptions(name, format string) (parse.Options, *progressbar.ProgressBar) {
	opts := parse.Options{Format: format}
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

// readAll parses every file, stopping at the first invalid one, and shows a
// progress bar on stderr for large inputs.
func (e *env) readAll(ctx context.Context, files []string, format string) ([]quad.Quad, error) {
	var all []quad.Quad
	for _, name := range files {
		opts, bar := e.readOptions(name, format)
		qs, err := parse.ReadFile(ctx, name, opts)
		if bar != nil {
			bar.Finish()
		}
		if err != nil {
			return nil, err
		}
		all = append(all, qs...)
	}
	return all, nil
}
