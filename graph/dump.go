package graph

import (
	"context"
	"fmt"
	"io"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/dot"     // registers "dot"
	_ "github.com/cayleygraph/quad/gml"     // registers "gml"
	_ "github.com/cayleygraph/quad/graphml" // registers "graphml"
	_ "github.com/cayleygraph/quad/json"    // registers "json"
	_ "github.com/cayleygraph/quad/jsonld"  // registers "jsonld" (writer only is used)
	_ "github.com/cayleygraph/quad/nquads"  // registers "nquads"
	_ "github.com/cayleygraph/quad/pquads"  // registers "pquads"
	"github.com/quiver-kg/quiver/graph/parse"
)

// formatAliases maps names users expect onto Cayley's format names.
var formatAliases = map[string]string{"dot": "graphviz", "nq": "nquads", "json-ld": "jsonld"}

// DumpFormats lists the formats Dump writes.
func DumpFormats() []string {
	var names []string
	for _, f := range quad.Formats() {
		if f.Writer != nil {
			names = append(names, f.Name)
		}
	}
	sort.Strings(names)
	return names
}

// Dump writes every quad of the store to w in the named format (see
// DumpFormats: nquads, jsonld, graphml, graphviz (alias dot), gml, json,
// pquads). It returns
// the number of quads written.
func (s *Store) Dump(ctx context.Context, w io.Writer, format string) (int, error) {
	done, err := s.use()
	if err != nil {
		return 0, err
	}
	defer done()
	if alias, ok := formatAliases[format]; ok {
		format = alias
	}
	f := quad.FormatByName(format)
	if f == nil || f.Writer == nil {
		return 0, fmt.Errorf("dump format %q (known: %v): %w", format, DumpFormats(), parse.ErrUnknownFormat)
	}
	qw := f.Writer(w)
	if exact, ok := exactWriters[f.Name]; ok {
		qw = exact(w)
	}
	r := cgraph.NewQuadStoreReader(s.qs)
	defer r.Close()
	n := 0
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			qw.Close()
			return n, fmt.Errorf("dump: read: %w", err)
		}
		if err := qw.WriteQuad(q); err != nil {
			qw.Close()
			return n, fmt.Errorf("dump: write: %w", err)
		}
		n++
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				qw.Close()
				return n, err
			}
		}
	}
	if err := qw.Close(); err != nil {
		return n, fmt.Errorf("dump: %w", err)
	}
	return n, nil
}
