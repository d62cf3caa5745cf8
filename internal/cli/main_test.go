package cli_test

import (
	"context"
	"os"
	"testing"

	"github.com/quiver-kg/quiver/internal/cli"
)

// TestMain lets this test binary stand for the quiver binary as a query
// worker: `quiver serve` started by a test runs its workers as
// os.Executable() query-worker, which is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "query-worker" {
		os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
