package graph

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/schema"
)

// LogEntry is one change of the change log (<graph:log>): a load, replace
// or retract of a document, a merge or unmerge of entities, or a source's
// grade.
type LogEntry struct {
	// ID is the entry's IRI without brackets ("log:20250705T101112...").
	ID string `json:"id"`
	// Action is "load", "replace", "retract", "merge", "unmerge" or "grade".
	Action string `json:"action"`
	// Actor is who made the change: the CLI user's login name (or
	// $QUIVER_ACTOR), the name of the server token used.
	Actor string `json:"actor"`
	// At is when, in RFC 3339 (UTC).
	At string `json:"at"`
	// Summary says what changed, for people.
	Summary string `json:"summary"`
	// Document is the document changed, empty for merges and grades.
	Document string `json:"document,omitempty"`
	// Target is the source graded (a grade), empty otherwise.
	Target string `json:"target,omitempty"`
	// HasPrevious says the entry keeps the version it removed (a replace or
	// a retract): ask for it with LogOptions.Previous.
	HasPrevious bool `json:"hasPrevious,omitempty"`
	// Previous is that version as N-Quads, when asked for.
	Previous string `json:"previous,omitempty"`
}

// LogOptions filter Log.
type LogOptions struct {
	// Document keeps the entries of this document ("doc:x").
	Document string `json:"document,omitempty"`
	// Previous includes the removed versions' N-Quads in the entries.
	Previous bool `json:"previous,omitempty"`
}

// Log returns the change log, oldest entry first. A replaced or retracted
// version stays readable in its entry's Previous.
//
// Errors: ErrClosed, ctx.Err(), the backend's read errors.
func (s *Store) Log(ctx context.Context, opts LogOptions) ([]LogEntry, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	return s.readLog(ctx, opts)
}

func (s *Store) readLog(ctx context.Context, opts LogOptions) ([]LogEntry, error) {
	qs, err := s.quadsWith(ctx, quad.Label, schema.GraphLog, nil)
	if err != nil {
		return nil, err
	}
	byID := map[string]*LogEntry{}
	for _, q := range qs {
		id, _ := schema.NodeID(q.Subject)
		e := byID[id]
		if e == nil {
			e = &LogEntry{ID: id}
			byID[id] = e
		}
		switch q.Predicate {
		case schema.LogAction:
			e.Action = schema.Lexical(q.Object)
		case schema.LogActor:
			e.Actor = schema.Lexical(q.Object)
		case schema.LogAt:
			e.At = schema.Lexical(q.Object)
		case schema.LogSummary:
			e.Summary = schema.Lexical(q.Object)
		case schema.LogDocument:
			e.Document, _ = schema.NodeID(q.Object)
		case schema.LogTarget:
			e.Target, _ = schema.NodeID(q.Object)
		case schema.LogPrevious:
			e.HasPrevious = true
			if opts.Previous {
				e.Previous = schema.Lexical(q.Object)
			}
		}
	}
	doc := trimBrackets(strings.TrimSpace(opts.Document))
	out := make([]LogEntry, 0, len(byID))
	for _, e := range byID {
		if doc == "" || e.Document == doc {
			out = append(out, *e)
		}
	}
	slices.SortFunc(out, func(a, b LogEntry) int {
		ta, _ := time.Parse(time.RFC3339Nano, a.At)
		tb, _ := time.Parse(time.RFC3339Nano, b.At)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Documents describes every document of the store (see ask.DocumentInfo),
// earliest published first, with when it was loaded and last replaced,
// and by whom, from the change log.
//
// Errors: ErrClosed, ctx.Err(), the backend's read errors.
func (s *Store) Documents(ctx context.Context) ([]ask.DocumentInfo, error) {
	docs, err := answer(s, ctx, func(sn *ask.Snapshot) ([]ask.DocumentInfo, error) { return sn.Documents(), nil })
	if err != nil {
		return nil, err
	}
	if err := s.withLoadTimes(ctx, docs); err != nil {
		return nil, err
	}
	return docs, nil
}

// Document returns one document to read, with its text and its claims in
// text order (see ask.Snapshot.Document), and its load times.
//
// Errors: ErrNotFound (wrapped), ErrClosed, ctx.Err().
func (s *Store) Document(ctx context.Context, id string) (*ask.DocumentDetails, error) {
	d, err := answer(s, ctx, func(sn *ask.Snapshot) (*ask.DocumentDetails, error) { return sn.Document(ctx, id) })
	if err != nil {
		return nil, err
	}
	docs := []ask.DocumentInfo{d.Document}
	if err := s.withLoadTimes(ctx, docs); err != nil {
		return nil, err
	}
	d.Document = docs[0]
	return d, nil
}

// withLoadTimes fills in when each document was loaded and last replaced
// since it was last loaded (a document retracted and loaded again counts
// from the new load).
func (s *Store) withLoadTimes(ctx context.Context, docs []ask.DocumentInfo) error {
	log, err := s.Log(ctx, LogOptions{})
	if err != nil {
		return err
	}
	at := map[string]int{}
	for i, d := range docs {
		at[d.ID] = i
	}
	for _, e := range log {
		i, ok := at[e.Document]
		if !ok {
			continue
		}
		switch e.Action {
		case "load":
			docs[i].Loaded, docs[i].LoadedBy, docs[i].Updated = e.At, e.Actor, ""
		case "replace":
			docs[i].Updated = e.At
		}
	}
	return nil
}
