//go:build !unix

package quiverstore

import (
	"fmt"
	"os"
)

// lockDir creates the lock file exclusively; a stale file left by a crash
// must be removed by hand on these platforms.
func lockDir(path string, _ bool) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	}
	return f, err
}

func unlockDir(f *os.File) error {
	if f == nil {
		return nil
	}
	name := f.Name()
	err := f.Close()
	os.Remove(name)
	return err
}
