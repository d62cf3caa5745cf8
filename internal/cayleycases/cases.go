// Package cayleycases holds the acceptance data Quiver is held to against
// Cayley: the twelve Gizmo cases of Cayley's own integration table on its
// 30k movie data set, with their expected rows, as one JSON document
// (cayley-integration.json). The server's integration test runs them over
// HTTP and the benchmark harness times them.
package cayleycases

import _ "embed"

// JSON is cayley-integration.json: {"dataset": {"file", "quads"},
// "cases": [{"name", "query", "expect_kind", "expect", "ordered", "long"}]}.
//
//go:embed cayley-integration.json
var JSON []byte
