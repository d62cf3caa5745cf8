package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph/sandbox"
)

// TestRowsEncodeAsEncodingJSON: streamed rows are byte for byte what
// encoding/json writes for the rows Run returns (Cayley's answers), with
// and without HTML escaping, lone surrogates and odd numbers included.
func TestRowsEncodeAsEncodingJSON(t *testing.T) {
	qs, asker := testStore(t)
	values := []string{`"plain"`, `"<b>&amp;</b>"`, `"tab\tquote\" back\\ nl\n cr\r bell\u0007 ff\f bs\b"`,
		`"\u2028\u2029 é 😀"`, `"\ud800x"`, `String.fromCharCode(0xDC00) + "y"`,
		`{b: [1, 2.5, -0, 1e21, 1e-7, 123456789012, 0.1 + 0.2], a: {z: null, y: true}}`,
		`[[], {}, "", 0]`, `new Date(0)`, `"` + strings.Repeat("x", 300<<10) + `"`}
	for _, escape := range []bool{false, true} {
		for _, v := range values {
			query := "g.emit(" + v + ")"
			lim := sandbox.Limits{MaxRows: 10, Timeout: time.Minute, EscapeHTML: escape}
			rows, _, err := sandbox.Run(context.Background(), qs, "gizmo", query, lim, nil)
			if err != nil || len(rows) != 1 {
				t.Fatalf("%s: %v %v", query, rows, err)
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(escape)
			enc.Encode(rows[0])
			got, _, err := collect(func(w sandbox.RowWriter) (sandbox.Outcome, error) {
				return sandbox.Stream(context.Background(), qs, "gizmo", query, lim, asker, w)
			})
			if err != nil || got != "["+strings.TrimSuffix(want.String(), "\n")+"]" {
				t.Errorf("escape %v, %.80s: got %.200s, %v; want %.200s", escape, v, got, err, want.String())
			}
		}
	}
}
