package graph

import (
	"errors"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/sandbox"
)

// ErrLocked is returned by Open when another process (or another Store in
// this process) holds the embedded store's directory.
var ErrLocked = errors.New("store is locked by another process")

// ErrUnknownBackend is returned by Open when Options.Backend names no
// backend registered in this program (see Backend).
var ErrUnknownBackend = errors.New("unknown backend")

// ErrReadOnly is returned by every write when the store was opened with
// Options.ReadOnly.
var ErrReadOnly = errors.New("store is read-only")

// ErrClosed is returned by methods called after Close. It is
// ask.ErrClosed, so either matches with errors.Is.
var ErrClosed = ask.ErrClosed

// ErrUnknownLanguage is returned by Query for a language Quiver does not run.
var ErrUnknownLanguage = sandbox.ErrUnknownLanguage

// ErrQueryTimeout is returned by Query when the query ran past its timeout.
var ErrQueryTimeout = sandbox.ErrTimeout

// ErrQueryPanic is returned by Query when the query engine panicked; the
// panic is contained and the store stays usable.
var ErrQueryPanic = sandbox.ErrPanic

// ErrNotFound is returned when a node, claim or fact named by the caller is
// not in the store (Resolve, Paths, Influence, Neighbors, Evidence, Node,
// Timeline). The wrapping error lists the closest matches by label and
// alias. It is ask.ErrNotFound.
var ErrNotFound = ask.ErrNotFound

// ErrQueryTooDeep is returned by Query when a Gizmo query's JavaScript
// calls nest deeper than GizmoMaxCallDepth (a runaway recursion).
var ErrQueryTooDeep = sandbox.ErrTooDeep

// ErrQueryMemory is returned by Query when a Gizmo query made the heap grow
// by more than GizmoMaxHeapGrowth while it ran (a script building huge
// arrays or strings); the query is stopped before it can exhaust memory.
// These query errors are package sandbox's, so either name matches.
var ErrQueryMemory = sandbox.ErrMemory

// ErrQueryWorker is returned by QueryStream when the worker process
// running the query failed other than by running out of memory (it
// crashed, or could not start); the process calling it is unaffected.
var ErrQueryWorker = sandbox.ErrWorker

// ErrNotDocuments is wrapped by the error a write returns when its input
// holds evidence that does not form whole documents (facts labelled with
// a claim whose record is missing, a claim record without its document,
// quads in <graph:evidence> about neither, an incomplete change log
// entry), or when a delete names evidence quads. Evidence is written by
// the claims compiler a document at a time and removed with Retract.
var ErrNotDocuments = errors.New("evidence must be loaded and removed as whole documents")

// ErrInvalidGrade is wrapped by the error Grade returns for a reliability
// outside A to F.
var ErrInvalidGrade = errors.New("invalid grade")

// ErrInvalidMerge is wrapped by the error Merge returns when the merge
// asked for cannot be made: an entity into itself, one merged already,
// into one that is merged into another, a cycle, or types that disagree.
var ErrInvalidMerge = errors.New("invalid merge")

// ErrDocumentTwice is wrapped by the error LoadFiles (and ValidateFiles)
// returns when two files of one load hold the same document: one load
// takes one version of a document.
var ErrDocumentTwice = errors.New("a document is given twice")
