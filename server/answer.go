package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/quiver-kg/quiver/graph"
)

// A query's answer is streamed as its rows come, and capped in bytes
// (Config.MaxAnswerBytes). Its first answerBuffer bytes are held back,
// so that an answer that fits — nearly all do — gets its true status and
// headers (an error is a 400 or a 504, not a 200 cut short); past that
// the answer is committed as a 200 and written as it comes. Either way it
// ends as valid JSON, and says when it was cut: by the cap of rows
// ("truncated": {"reason": "rows", ...}, and X-Result-Truncated when the
// headers are not yet sent) or of bytes, or, once committed, by an error
// ("error": "..." after the rows).

// answerBuffer is how much of an answer is held back before it is sent.
const answerBuffer = 1 << 20

// queryAnswer writes one query's answer: Cayley's {"result": [rows]}, or
// with single, GraphQL's {"data": row}.
type queryAnswer struct {
	w          http.ResponseWriter
	single     bool
	buf        bytes.Buffer
	committed  bool
	rows       int
	inRow      bool
	writeError error
}

func newQueryAnswer(w http.ResponseWriter, single bool) *queryAnswer {
	return &queryAnswer{w: w, single: single}
}

// row is a graph.QueryStream row writer.
func (a *queryAnswer) row(part []byte, last bool) error {
	if !a.inRow {
		if a.rows > 0 && !a.single {
			a.write([]byte{','})
		}
		a.inRow = true
	}
	a.write(part)
	if last {
		a.inRow = false
		a.rows++
	}
	return a.writeError
}

func (a *queryAnswer) write(p []byte) {
	if !a.committed {
		a.buf.Write(p)
		if a.buf.Len() > answerBuffer {
			a.commit(nil)
		}
		return
	}
	if a.writeError == nil {
		_, a.writeError = a.w.Write(p)
	}
}

func (a *queryAnswer) open() string {
	if a.single {
		return `{"data":`
	}
	return `{"result":[`
}

// commit sends the headers, a 200, and what was held back.
func (a *queryAnswer) commit(extra http.Header) {
	h := a.w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	for k, v := range extra {
		h[k] = v
	}
	a.w.WriteHeader(http.StatusOK)
	a.committed = true
	if a.rows == 0 && !a.inRow {
		return // finish writes the answer without rows
	}
	a.write([]byte(a.open()))
	a.write(a.buf.Bytes())
	a.buf = bytes.Buffer{}
}

// finish ends a complete answer. cut, when not empty, says what cut it
// and limit the cap that did.
func (a *queryAnswer) finish(cut graph.QueryOutcome, limit int64) {
	var extra http.Header
	tail := ""
	if cut.Truncated != "" {
		tail = fmt.Sprintf(`,"truncated":{"reason":"%s","limit":%d}`, cut.Truncated, limit)
		extra = http.Header{"X-Result-Truncated": {"true"}}
	}
	if !a.committed && a.rows == 0 {
		// Cayley's answer without rows: {"result": null}.
		a.commit(extra)
		a.w.Write([]byte(strings.TrimSuffix(a.open(), "[") + "null" + tail + "}\n"))
		return
	}
	if !a.committed {
		a.commit(extra)
	}
	if !a.single {
		a.write([]byte{']'})
	}
	a.write([]byte(tail + "}\n"))
}

// fail ends an answer that was committed before an error saying msg: the
// rows already sent stay, and the error follows them. It reports false
// when nothing was sent yet: the caller answers with the error's own
// status.
func (a *queryAnswer) fail(msg string) bool {
	if !a.committed {
		return false
	}
	if a.inRow {
		// A row cut in its middle cannot be ended validly: the answer
		// is cut off, as for any broken stream.
		panic(http.ErrAbortHandler)
	}
	if !a.single {
		a.write([]byte{']'})
	}
	quoted, _ := json.Marshal(msg)
	a.write([]byte(`,"error":` + string(quoted) + "}\n"))
	return true
}
