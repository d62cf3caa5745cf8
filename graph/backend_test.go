package graph

import (
	"errors"
	"strings"
	"testing"
)

// A backend Quiver ships but the program did not register is refused with
// the package to import; an unknown name lists the known ones.
func TestUnregisteredBackendNamesItsPackage(t *testing.T) {
	providers["example-sql"] = "example.com/quiver/backends/examplesql"
	defer delete(providers, "example-sql")
	_, err := Open(t.Context(), Options{Backend: "example-sql", DSN: "x"})
	if !errors.Is(err, ErrUnknownBackend) || !strings.Contains(err.Error(), "import example.com/quiver/backends/examplesql and call its Register") {
		t.Fatalf("err = %v", err)
	}
	_, err = Open(t.Context(), Options{Backend: "nosuch"})
	if !errors.Is(err, ErrUnknownBackend) || !strings.Contains(err.Error(), BackendMemory) {
		t.Fatalf("err = %v", err)
	}
}
