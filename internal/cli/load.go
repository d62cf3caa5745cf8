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
			qs, err := e.readAll(ctx, files, format)
			if err != nil {
				return err
			}
			return e.withStore(ctx, false, func(s *graph.Store) error {
				res, err := s.Load(ctx, qs)
				if err != nil {
					return err
				}
				secs := time.Since(start).Seconds()
				fmt.Fprintf(e.stdout, "loaded %d quads from %d file(s): %d new, in %.2fs (%.0f quads/s)\n",
					res.Read, len(files), res.Added, secs, float64(res.Read)/secs)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "input format for every file: nquads, pquads, jsonld, claims (default: from the name)")
	return cmd
}

// readAll parses every file, stopping at the first invalid one, and shows a
// progress bar on stderr for large inputs.
func (e *env) readAll(ctx context.Context, files []string, format string) ([]quad.Quad, error) {
	var all []quad.Quad
	for _, name := range files {
		opts := graph.ReadOptions{Format: format}
		var bar *progressbar.ProgressBar
		if st, err := os.Stat(name); err == nil && st.Size() > progressThreshold {
			bar = progressbar.NewOptions64(st.Size(),
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
		}
		qs, err := graph.ReadFile(ctx, name, opts)
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
