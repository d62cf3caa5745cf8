package graph_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/seeds"
)

// The property of issue 11: after any sequence of loads, replaces
// (corrected versions) and retracts of claims files, the store's evidence,
// claims, facts and entity declarations are exactly what a fresh load of
// the final set of files holds (the change log aside). Sequences are drawn
// at random from fixed seeds over the corpus, on the embedded default and
// on PostgreSQL.

// corpusVersions are the corpus files by document, versions in order.
var corpusVersions = map[string][]string{
	"doc:steppe-wire-envoy":       {"steppe-wire-envoy"},
	"doc:kabul-ledger-envoy":      {"kabul-ledger-envoy"},
	"doc:frontier-daily-envoy":    {"frontier-daily-envoy"},
	"doc:asia-digest-envoy":       {"asia-digest-envoy"},
	"doc:northern-courier-april":  {"northern-courier-april"},
	"doc:caspian-review-decision": {"caspian-review-decision", "corrections/caspian-review-decision"},
}

// step is one operation of a sequence: load files (one version of each of
// some documents, in one LoadFiles) or retract documents.
type step struct {
	load    []string // corpus names
	retract []string // document IRIs
}

func (st step) String() string {
	if st.load != nil {
		return "load " + strings.Join(st.load, " ")
	}
	return "retract " + strings.Join(st.retract, " ")
}

// randomSteps draws n steps, and returns them with the files that hold
// the documents in the store at the end.
func randomSteps(r *rand.Rand, n int) (steps []step, final []string) {
	docs := make([]string, 0, len(corpusVersions))
	for d := range corpusVersions {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	held := map[string]string{} // document -> corpus name of the version held
	for len(steps) < n {
		if len(held) > 0 && r.IntN(3) == 0 {
			var present []string
			for _, d := range docs {
				if held[d] != "" {
					present = append(present, d)
				}
			}
			r.Shuffle(len(present), func(i, j int) { present[i], present[j] = present[j], present[i] })
			pick := present[:1+r.IntN(min(2, len(present)))]
			for _, d := range pick {
				delete(held, d)
			}
			steps = append(steps, step{retract: slices.Clone(pick)})
			continue
		}
		shuffled := slices.Clone(docs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		var files []string
		for _, d := range shuffled[:1+r.IntN(3)] {
			vs := corpusVersions[d]
			f := vs[r.IntN(len(vs))]
			held[d] = f
			files = append(files, f)
		}
		steps = append(steps, step{load: files})
	}
	for _, f := range held {
		final = append(final, f)
	}
	sort.Strings(final)
	return steps, final
}

// withoutLog returns the store's quads outside <graph:log>, sorted.
func withoutLog(tb testing.TB, s *graph.Store) []string {
	tb.Helper()
	var out []string
	for nq := range dumpSet(tb, s) {
		if !strings.HasSuffix(nq, " <"+string(schema.GraphLog)+"> .") {
			out = append(out, nq)
		}
	}
	sort.Strings(out)
	return out
}

// checkOrderIndependence runs sequences of random steps on stores open
// makes, each compared with a fresh memory store loaded with its final
// files in one go.
func checkOrderIndependence(t *testing.T, sequences, length int, open func(t *testing.T, seq int) *graph.Store) {
	ctx := context.Background()
	for seq := range sequences {
		t.Run(fmt.Sprint("sequence ", seq), func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, uint64(seq)))
			steps, final := randomSteps(r, length)
			s := open(t, seq)
			for i, st := range steps {
				var err error
				if st.load != nil {
					_, err = s.LoadFiles(ctx, corpus(st.load...), graph.LoadOptions{})
				} else {
					_, err = s.Retract(ctx, st.retract, graph.RetractOptions{})
				}
				if err != nil {
					t.Fatalf("step %d (%s): %v\nsteps: %v", i, st, err, steps)
				}
			}
			fresh := seeded(t)
			if len(final) > 0 {
				mustLoadFiles(t, fresh, corpus(final...)...)
			}
			got, want := withoutLog(t, s), withoutLog(t, fresh)
			if !slices.Equal(got, want) {
				t.Errorf("after %v\nthe store differs from a fresh load of %v:\n%s", steps, final, quadDiff(got, want))
			}
		})
	}
}

// quadDiff lists the quads only one side holds, at most ten of each.
func quadDiff(got, want []string) string {
	var b strings.Builder
	for _, side := range []struct {
		name     string
		of, than []string
	}{{"extra", got, want}, {"missing", want, got}} {
		n := 0
		for _, q := range side.of {
			if _, found := slices.BinarySearch(side.than, q); !found {
				if n++; n <= 10 {
					fmt.Fprintf(&b, "%s: %s\n", side.name, q)
				}
			}
		}
		if n > 10 {
			fmt.Fprintf(&b, "(%d %s quads in all)\n", n, side.name)
		}
	}
	return b.String()
}

func TestLoadReplaceRetractOrderIndependence(t *testing.T) {
	checkOrderIndependence(t, 16, 10, func(t *testing.T, _ int) *graph.Store {
		return mustOpen(t, graph.Options{Dir: t.TempDir(), Seed: seeds.Quads})
	})
}

func TestLoadReplaceRetractOrderIndependencePostgres(t *testing.T) {
	checkOrderIndependence(t, 4, 8, func(t *testing.T, seq int) *graph.Store {
		return mustOpen(t, graph.Options{Backend: graph.BackendPostgres, DSN: postgresDSN(t, fmt.Sprint("order", seq)), Seed: seeds.Quads})
	})
}
