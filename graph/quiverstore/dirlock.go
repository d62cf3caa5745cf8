package quiverstore

import "os"

// DirLock is a held lock file: the engine's own guard against a second
// opener, exported so that a program that keeps other files in a store's
// directory can guard them the same way, with the same semantics on every
// platform (flock where there is one).
type DirLock struct{ f *os.File }

// LockFile takes the lock file at path (creating it): exclusive, or shared
// when shared is set. It fails at once with an error wrapping ErrLocked
// when another holder, in this or another process, has it.
func LockFile(path string, shared bool) (*DirLock, error) {
	f, err := lockDir(path, shared)
	if err != nil {
		return nil, err
	}
	return &DirLock{f: f}, nil
}

// Release gives the lock up. A nil lock releases nothing.
func (l *DirLock) Release() error {
	if l == nil {
		return nil
	}
	return unlockDir(l.f)
}
