package ui_test

import (
	"io/fs"
	"os"
	"testing"

	"github.com/quiver-kg/quiver/ui"
)

// FS is nil exactly when no explorer was built into dist/.
func TestFS(t *testing.T) {
	_, err := os.Stat("dist/index.html")
	built := err == nil
	fsys := ui.FS()
	if built != (fsys != nil) {
		t.Fatalf("dist/index.html built=%v but FS() nil=%v", built, fsys == nil)
	}
	if fsys == nil {
		return
	}
	if _, err := fs.Stat(fsys, "index.html"); err != nil {
		t.Fatalf("index.html not at the root of FS(): %v", err)
	}
	// No source maps are served.
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && len(p) > 4 && p[len(p)-4:] == ".map" {
			t.Errorf("source map in dist: %s", p)
		}
		return nil
	})
}
