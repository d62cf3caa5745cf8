package graph

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/quiver-kg/quiver/graph/ask"
)

// A directory store is created whole or not at all. The backend creates
// it, and Open loads its seed, in a temporary directory inside
// Options.Dir; only then is the one entry the backend made there renamed
// into place, which is atomic. A crash (kill -9 during `quiver init`)
// leaves at most the temporary directory, which the next Open removes:
// never a half-created engine (before, a lone quiver.log.tmp that made
// `check` and `stats` fail) nor a store that exists without its seed and
// is never seeded again. Everything created is private to its owner
// (directories 0700, files 0600) whatever the mode of a Dir that already
// existed.

// creatingPrefix names the temporary directories of creations in flight.
const creatingPrefix = ".quiver-creating-"

// dirStoreExists reports whether dir holds a store: any entry besides
// the lock file and temporary directories of creations.
func dirStoreExists(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() != lockFileName && !strings.HasPrefix(e.Name(), creatingPrefix) {
			return true, nil
		}
	}
	return false, nil
}

// removeStaleCreations removes what creations cut short left in dir. The
// caller holds dir's lock, so none of them is still running.
func removeStaleCreations(dir string) error {
	stale, err := filepath.Glob(filepath.Join(dir, creatingPrefix+"*"))
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("remove an interrupted creation: %w", err)
		}
	}
	return nil
}

// ensureDirStore creates the store of b in o.Dir when there is none,
// after removing what interrupted creations left; it reports whether it
// created it. The caller holds o.Dir's lock.
func ensureDirStore(ctx context.Context, b Backend, o Options) (bool, error) {
	if err := removeStaleCreations(o.Dir); err != nil {
		return false, err
	}
	exists, err := dirStoreExists(o.Dir)
	if err != nil || exists {
		return false, err
	}
	return true, createDirStore(ctx, b, o)
}

// createDirStore creates the store of backend b in o.Dir, seeded, and
// renames it into place; the caller holds o.Dir's lock.
func createDirStore(ctx context.Context, b Backend, o Options) (err error) {
	tmp, err := os.MkdirTemp(o.Dir, creatingPrefix)
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	defer func() {
		if rerr := os.RemoveAll(tmp); err == nil && rerr != nil {
			err = fmt.Errorf("create store: %w", rerr)
		}
	}()
	to := o
	to.Dir = tmp
	to.ReadOnly = false // creating, seed included, is part of opening
	qs, _, err := b.Open(ctx, to)
	if err != nil {
		return err
	}
	if o.Seed != nil {
		s := &Store{opts: to, qs: qs}
		s.explain = ask.NewCache(qs, s.hold)
		err = s.loadSeed(ctx)
	}
	if cerr := qs.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("load seed: %w", err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	if len(entries) != 1 {
		return fmt.Errorf("create store: backend %s made %d entries in its directory; creating it atomically needs exactly one", b.Name, len(entries))
	}
	name := entries[0].Name()
	if err := makePrivate(filepath.Join(tmp, name)); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, name), filepath.Join(o.Dir, name)); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	if err := syncDir(o.Dir); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	return nil
}

// makePrivate makes everything under path readable by its owner only.
func makePrivate(path string) error {
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o600)
		if d.IsDir() {
			mode = 0o700
		}
		return os.Chmod(p, mode)
	})
}

// syncDir flushes dir's entries to disk, so that a rename into it
// survives a power loss.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
