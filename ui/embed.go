// Package ui holds Quiver's graph explorer: TypeScript sources built by
// Vite into dist/, which is embedded in the binary so that `quiver serve`
// serves the explorer from its own origin, offline.
//
// dist/ is build output (`make ui`); git keeps only a placeholder. Without
// a build, FS returns nil and the server shows a page saying how to build
// the explorer, so `go build`, `go install` and `go test ./...` work
// without Node.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built explorer (index.html at its root), or nil when the
// explorer was not built before this binary was compiled.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil
	}
	if st, err := fs.Stat(sub, "index.html"); err != nil || st.IsDir() {
		return nil
	}
	return sub
}
