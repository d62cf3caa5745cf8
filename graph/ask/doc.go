// Package ask is Quiver's question layer: it answers path questions over a
// compact, read-only snapshot of a store, with the evidence of every step.
//
// A Snapshot (snapshot.go) holds the graph as forward and reverse
// adjacency arrays whose entries are facts (a subject, predicate and
// object with the claims asserting it), literal properties, names, and the
// claim and document records of <graph:evidence>. Build (build.go) reads a
// Cayley QuadStore into one; every quad is first sorted by classify
// (classify.go), which the incremental update (update.go) uses too, so an
// incrementally updated snapshot equals a rebuild by construction. A Cache
// (cache.go) keeps a store's snapshot fresh in the background as the store
// is written, with read-your-writes freshness.
//
// One file per question: Paths (paths.go, over the bounded breadth-first
// walker of walk.go), Influence (influence.go), Neighbors (neighbors.go),
// Timeline (timeline.go), Evidence (evidence.go), Search (search.go, over
// the name index of nameindex.go), Resolve (resolve.go) and Node
// (node.go). Filters on claims (predicates, confidence, sources, as-of)
// are in filter.go; the answer types, whose JSON form is Quiver's HTTP API,
// in types.go. docs/questions.md explains each question with examples.
//
// graph.Store exposes every question as a method; Gizmo queries reach them
// as quiver.paths, quiver.why and so on (package sandbox).
package ask
