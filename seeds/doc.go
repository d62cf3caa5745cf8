// Package seeds ships Quiver's seed knowledge: source documents and the
// claims files read from them, embedded in the binary.
//
// The seed is the article russia-recognizes-taliban.txt (kept byte-for-byte:
// UTF-8, curly apostrophes, no trailing newline) and its claims file
// russia-recognizes-taliban.claims.yaml, written in the same format users
// write their own claims in (docs/claims-format.md). Compile turns them into
// quads through schema.CompileClaimsFile, the same path `quiver load` takes,
// so the seed is validated exactly like user data.
//
// docs/queries.md lists Gizmo queries answering the questions of the
// knowledge model against the seed graph; queries_test.go runs them.
package seeds
