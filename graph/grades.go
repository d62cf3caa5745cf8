package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Sources are graded as analysts grade them (the Admiralty scale): a
// reliability A (completely reliable) to F (cannot be judged). A source's
// grade is data in <graph:grades> with who graded it, when and why; a new
// grade replaces the old one, and the change log keeps the history.
// Grades are acts on sources, not parts of documents: retracting a
// document does not ungrade the sources it graded.

// SourceGrade is one source's current grade.
type SourceGrade struct {
	Source      string `json:"source"`
	Reliability string `json:"reliability"`
	Note        string `json:"note,omitempty"`
	GradedBy    string `json:"gradedBy,omitempty"`
	GradedAt    string `json:"gradedAt,omitempty"`
}

// Grade grades a source (an entity or a document, "ent:TASS") with a
// reliability A to F and a note saying why, as the actor of ctx
// (WithActor), replacing its grade and logging the change. It returns
// ErrNotFound (wrapped) for a node the store does not hold, and
// ErrInvalidGrade (wrapped) for a reliability outside A to F.
func (s *Store) Grade(ctx context.Context, source, reliability, note string) (LoadResult, error) {
	source = trimBrackets(source)
	if !schema.ValidReliability(reliability) {
		return LoadResult{}, fmt.Errorf("grade %s: reliability %q: want a letter from A (completely reliable) to F (cannot be judged): %w", source, reliability, ErrInvalidGrade)
	}
	held, err := s.holds(ctx, quad.IRI(source))
	if err != nil {
		return LoadResult{}, err
	}
	if !held {
		return LoadResult{}, fmt.Errorf("grade %s: %w", source, ErrNotFound)
	}
	g := gradeQuads(SourceGrade{Source: source, Reliability: reliability, Note: note})
	return s.load(ctx, g, writeOptions{})
}

// holds reports whether v is a node of the store (the subject or object
// of a quad).
func (s *Store) holds(ctx context.Context, v quad.Value) (bool, error) {
	done, err := s.use()
	if err != nil {
		return false, err
	}
	defer done()
	ref, err := s.qs.ValueOf(v)
	return ref != nil, err
}

// Grades lists the current grade of every graded source, by source.
func (s *Store) Grades(ctx context.Context) ([]SourceGrade, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	qs, err := s.quadsWith(ctx, quad.Predicate, schema.Reliability, inGraph(schema.GraphGrades))
	if err != nil {
		return nil, err
	}
	var out []SourceGrade
	for _, q := range qs {
		src, _ := schema.NodeID(q.Subject)
		all, err := s.quadsWith(ctx, quad.Subject, q.Subject, inGraph(schema.GraphGrades))
		if err != nil {
			return nil, err
		}
		g := readGrade(src, all)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b SourceGrade) int { return strings.Compare(a.Source, b.Source) })
	return out, nil
}

// readGrade reads a source's grade from its <graph:grades> quads.
func readGrade(src string, qs []quad.Quad) SourceGrade {
	g := SourceGrade{Source: src}
	for _, q := range qs {
		switch q.Predicate {
		case schema.Reliability:
			g.Reliability = schema.Lexical(q.Object)
		case schema.GradeNote:
			g.Note = schema.Lexical(q.Object)
		case schema.GradedBy:
			g.GradedBy = schema.Lexical(q.Object)
		case schema.GradedAt:
			g.GradedAt = schema.Lexical(q.Object)
		}
	}
	return g
}

// gradeQuads writes a grade as <graph:grades> quads.
func gradeQuads(g SourceGrade) []quad.Quad {
	src := quad.IRI(g.Source)
	out := []quad.Quad{{Subject: src, Predicate: schema.Reliability, Object: quad.String(g.Reliability), Label: schema.GraphGrades}}
	for _, f := range []struct {
		p quad.IRI
		v string
	}{{schema.GradeNote, g.Note}, {schema.GradedBy, g.GradedBy}, {schema.GradedAt, g.GradedAt}} {
		if f.v != "" {
			out = append(out, quad.Quad{Subject: src, Predicate: f.p, Object: quad.String(f.v), Label: schema.GraphGrades})
		}
	}
	return out
}

// planGrades adds to p the grade acts of qs (quads in <graph:grades>): for
// each source, its stored grade quads go and the new ones come, who and
// when filled in from the actor and the clock when absent (a dump brings
// its own). With log, each change gets a change log entry.
func (s *Store) planGrades(ctx context.Context, p *plan, qs []quad.Quad, log bool) error {
	bySource := map[string][]quad.Quad{}
	for _, q := range qs {
		src, ok := schema.NodeID(q.Subject)
		if !ok {
			return fmt.Errorf("%s: a grade's subject must be a node", q.NQuad())
		}
		bySource[src] = append(bySource[src], q)
	}
	for _, src := range sortedKeys(bySource) {
		g := readGrade(src, bySource[src])
		if !schema.ValidReliability(g.Reliability) {
			return fmt.Errorf("grade of %s: reliability %q: want a letter from A to F: %w", src, g.Reliability, ErrInvalidGrade)
		}
		if g.GradedBy == "" {
			g.GradedBy = ActorOf(ctx)
		}
		if g.GradedAt == "" {
			g.GradedAt = time.Now().UTC().Format(time.RFC3339Nano)
		}
		old, err := s.quadsWith(ctx, quad.Subject, quad.IRI(src), inGraph(schema.GraphGrades))
		if err != nil {
			return err
		}
		was := readGrade(src, old)
		if was.Reliability == g.Reliability && was.Note == g.Note {
			continue // the same grade again changes nothing
		}
		p.dels = append(p.dels, old...)
		p.adds = append(p.adds, gradeQuads(g)...)
		if log {
			summary := fmt.Sprintf("grade %s: %s", src, g.Reliability)
			if was.Reliability != "" {
				summary += fmt.Sprintf(" (was %s)", was.Reliability)
			}
			if g.Note != "" {
				summary += ": " + g.Note
			}
			entry := logEntry(ctx, "grade", "", summary, old)
			entry = append(entry, quad.Quad{Subject: entry[0].Subject, Predicate: schema.LogTarget, Object: quad.IRI(src), Label: schema.GraphLog})
			p.adds = append(p.adds, entry...)
		}
	}
	return nil
}
