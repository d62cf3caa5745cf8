package sandbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/memsafe"
	"github.com/quiver-kg/quiver/graph/sandbox"
)

// TestNoGoNamesInAnswers: what a script can see of the quiver.* functions
// — their source text, an error's message and stack — names them as
// JavaScript does, never by their Go symbols; option errors say which
// option and what was expected, not which Go type.
func TestNoGoNamesInAnswers(t *testing.T) {
	qs := memsafe.New()
	questions := func(ctx context.Context) (*ask.Snapshot, error) {
		return ask.NewCache(qs, func() (func(), bool) { return func() {}, true }).Snapshot(ctx)
	}
	for _, c := range []struct{ query, want string }{
		{`g.emit(String(quiver.paths))`, "function paths() { [native code] }"},
		{`try { quiver.node("zz") } catch (e) { g.emit(e.stack) }`, "quiver.node: "},
		{`try { quiver.paths("a", "b", {maxDepth: "x"}) } catch (e) { g.emit(e.message) }`, "option maxDepth: want a number, got a string"},
		{`try { quiver.evidence(5) } catch (e) { g.emit(e.message) }`, "options: want an object, got a number"},
	} {
		rows, _, err := sandbox.Run(context.Background(), qs, sandbox.LangGizmo, c.query, sandbox.Limits{MaxRows: 10, Timeout: time.Minute}, questions)
		got := fmt.Sprint(rows, err)
		if !strings.Contains(got, c.want) || strings.Contains(got, "github.com") || strings.Contains(got, "Go struct") {
			t.Errorf("%s: %s; want %q and no Go names", c.query, got, c.want)
		}
	}
}
