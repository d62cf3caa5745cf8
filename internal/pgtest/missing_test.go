package pgtest

import (
	"strings"
	"testing"
)

// TestAvailableMissing checks that, without binaries, Available says what is
// missing and how to install it.
func TestAvailableMissing(t *testing.T) {
	old := debianRoot
	debianRoot = t.TempDir()
	t.Cleanup(func() { debianRoot = old })
	t.Setenv("PATH", t.TempDir())
	err := Available()
	if err == nil {
		t.Fatal("Available() = nil without binaries")
	}
	for _, want := range []string{"initdb", "apt-get install postgresql", EnvDSN} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Available() = %q, does not mention %q", err, want)
		}
	}
	if _, err := Start(); err == nil {
		t.Error("Start() succeeded without binaries")
	}
}
