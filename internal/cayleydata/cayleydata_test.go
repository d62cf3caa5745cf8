package cayleydata

import (
	"os"
	"testing"
)

func TestChdir(t *testing.T) {
	d, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Cayley data: %s", d)
	Chdir(t)
	// The paths Cayley's suites open, from the directory Chdir moved to.
	for _, p := range []string{"../../../data/30kmoviedata.nq.gz", "../../../data/testdata.nq", "../../../../data/testdata.nq"} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

func TestEscapePath(t *testing.T) {
	if got := escapePath("github.com/BurntSushi/toml"); got != "github.com/!burnt!sushi/toml" {
		t.Errorf("escapePath = %q", got)
	}
}
