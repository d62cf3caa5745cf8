// Package graph is Quiver's embeddable knowledge-graph store: entities and
// the relations between them as quads on Cayley, every fact labelled with
// the claim it came from, and every claim tied to its evidence (document,
// quote, offsets, attribution, confidence, validity).
//
// # Basics
//
// Open a store, use it, close it:
//
//	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
//	if err != nil { ... }
//	defer s.Close()
//	res, err := s.Query(ctx, graph.LangGizmo, `g.V("<ent:Russia>").out("<kg:allies-with>").all()`, graph.QueryOptions{})
//
// Backends: BackendEmbedded (the durable default, one directory) and
// BackendMemory (tests and throwaway work) are built in. The others are
// packages of their own that a program imports and registers, so it links
// only the drivers it uses: backends/postgres (Cayley's SQL backend,
// tested against a real server), backends/mysql (MySQL or MariaDB),
// backends/bolt and backends/leveldb (Cayley's key-value stores, kept for
// comparison). Opening a backend that is not registered fails with
// ErrUnknownBackend and the package to import.
//
// Questions with evidence (package ask): Paths (shortest and top-k paths
// between two nodes), Influence (who influenced a decision, ranked),
// Neighbors, Timeline, Evidence, Conflicts, Duplicates, Search and Resolve
// (names to nodes). Each step of an answer carries the claims behind it:
// quote, sentence, document and its citation, offsets, attribution, via,
// informant, confidence and validity, and its count of independent
// sources (distinct informants).
//
// Documents are the unit of change: loading a document the store holds
// replaces it, Retract removes documents and what rests on them alone, and
// every change goes to a change log (Log) with who made it (WithActor).
// Documents lists them; Merge and Unmerge make two entities one for the
// questions without rewriting the evidence.
//
// Input comes as N-Quads (.nq, .nq.gz), Cayley's pquads and JSON quad
// lists, JSON-LD and Quiver claims files (YAML, see docs/claims-format.md);
// package parse reads any of them and LoadFile stores the result. Queries run in Gizmo, GraphQL or MQL
// through Query; Go users can also walk the graph with Cayley's path API
// through Path, or reach the QuadStore itself.
//
// # Guarantees
//
//   - A load is all-or-nothing: Load, LoadFile and Delete apply their quads
//     in one backend transaction, or none of them.
//   - After any sequence of loads, replaces and retracts of claims files,
//     the store's evidence, claims, facts and entity declarations are what
//     a fresh load of the remaining files holds (tested as a property on
//     the embedded default and PostgreSQL).
//   - Bad input never changes the store: it is rejected with a *parse.Error
//     (file, line, column, what was expected) or, for claims files,
//     schema.Violations listing every problem, before anything is written.
//   - A directory store is held by one process: a second Open, from this or
//     another process, fails at once with ErrLocked instead of waiting.
//   - Every query runs under a timeout (Options.QueryTimeout, default 30 s)
//     and a row cap (Options.MaxResults, default 100,000); a Gizmo query
//     is also stopped when the heap grows by more than GizmoMaxHeapGrowth
//     while it runs (ErrQueryMemory). QueryStream streams the answer under
//     a byte cap and, with QueryOptions.Workers, runs the query in a worker
//     process with its own memory limit, killed at its deadline, so that
//     no query can take the calling process down.
//   - Input is bounded as it is read, whatever amplifies it: gzip, pquads
//     records repeating a quad, JSON-LD expansion and YAML aliases may make
//     it at most parse.DefaultMaxInflateRatio times its size past its first
//     16 MiB (package parse).
//   - Whatever a load accepts in N-Quads, pquads, JSON-LD or JSON, Dump
//     writes in each, and loading the dump gives the same store (JSON-LD
//     refuses, naming it, what it cannot hold, such as a relative IRI).
//   - A directory store is created with its seed whole or not at all, and
//     private to its owner (0700/0600).
//   - JSON-LD input never makes Quiver fetch a remote @context or read a
//     local file; such contexts are refused.
//
// # Caveats
//
//   - A load is one transaction, so it must fit in RAM: on the embedded
//     default LoadFile and LoadFiles stream parsed chunks into one staged
//     batch (about 16 bytes a quad plus new values); Load and the other
//     backends take the whole []quad.Quad.
//   - The memory backend is Cayley's memstore, which has no locking and
//     whose all-quads iterators write to the store; Quiver wraps it in one
//     read/write lock taken for every store and iterator call (package
//     memsafe),
//     so concurrent readers and writers are safe but a memory store
//     scales less well under concurrent load than the embedded one.
//   - Gizmo is Cayley's: on its own it returns nodes, not edges or paths, and
//     its followRecursive over both() is broken upstream (use directed
//     morphisms). Paths and influence with evidence come from Paths and
//     Influence, reachable from Gizmo as quiver.paths and quiver.why
//     (docs/questions.md).
//   - Locking uses flock(2) and is meant for local file systems.
//   - Writes made directly on QuadStore() bypass ReadOnly and validation.
package graph
