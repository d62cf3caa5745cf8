//go:build unix

package quiverstore

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockDir opens (creating) the lock file and takes a non-blocking flock on
// it: exclusive, or shared when shared is set (read-only opens). flock
// locks belong to the open file description, so a second Open in the same
// process conflicts too.
func lockDir(path string, shared bool) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil || !shared {
		if f != nil {
			f.Close()
		}
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	}
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, fmt.Errorf("quiverstore: lock %s: %w", path, err)
	}
	return f, nil
}

func unlockDir(f *os.File) error {
	if f == nil {
		return nil
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return f.Close()
}
