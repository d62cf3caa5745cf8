package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/quiver-kg/quiver/graph"
)

// queryRequest is one Cayley query to run and answer.
type queryRequest struct {
	lang, text string
	limit      int  // as parseLimit returns it: -1 is unlimited
	escapeHTML bool // v1 answers escape <, > and &, as Cayley's do
}

// answerQuery runs a query once a query slot is free (503 otherwise) and
// streams its answer, capped in rows and bytes. Queries run in the
// server's query workers when it has them.
func (s *Server) answerQuery(w http.ResponseWriter, r *http.Request, q queryRequest) {
	release, err := s.queries.enter(r.Context())
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	defer release()
	max := s.maxResults()
	unlimited := q.limit < 0 || q.limit > max
	limit := q.limit
	if unlimited {
		limit = max
	}
	graphQL := q.lang == graph.LangGraphQL
	a := newQueryAnswer(w, graphQL)
	out, err := s.store.QueryStream(r.Context(), q.lang, q.text, graph.QueryOptions{
		Limit: limit, Timeout: s.cfg.QueryTimeout, MaxBytes: s.cfg.MaxAnswerBytes,
		EscapeHTML: q.escapeHTML, Workers: s.cfg.QueryWorkers,
	}, a.row)
	if graphQL && err == nil && out.Truncated == graph.TruncatedBytes {
		err = queryError{fmt.Errorf("the answer is larger than the server's cap of %d bytes", s.cfg.MaxAnswerBytes)}
	}
	if err != nil {
		s.queryFailed(w, r, a, graphQL, asQueryError(err))
		return
	}
	cap := int64(max)
	switch {
	case out.Truncated == graph.TruncatedBytes:
		cap = s.cfg.MaxAnswerBytes
	case !unlimited:
		out.Truncated = "" // the caller's own ?limit cut it
	}
	a.finish(out, cap)
}

// queryFailed answers a query that failed: with the error's status while
// nothing was sent, GraphQL's way for a bad GraphQL query, and after the
// rows already sent otherwise.
func (s *Server) queryFailed(w http.ResponseWriter, r *http.Request, a *queryAnswer, graphQL bool, err error) {
	status, body := classify(err, flavorCayley, false)
	if info := infoFrom(r.Context()); info != nil {
		info.err = err
	}
	if a.fail(body.Error) {
		return
	}
	if graphQL && status == http.StatusBadRequest {
		// Cayley answers a bad GraphQL query {"data": null, "errors":
		// [...]} with 200.
		type gqlError struct {
			Message string `json:"message"`
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": nil, "errors": []gqlError{{body.Error}}}, true)
		return
	}
	s.fail(w, r, flavorCayley, err)
}

// v1Shape is POST /api/v1/shape/{lang}. Cayley 0.6 answered it with a
// description of a query's iterator plan ({"nodes": [...], "links":
// [...]}) for its web UI's shape view; Cayley 0.7 dropped the route with
// that iterator design, and the pinned Cayley cannot describe a Gizmo
// query's plan without running it. An invented plan of another shape
// would mislead the only client that ever drew one, so the route says
// plainly that it is not served.
func (s *Server) v1Shape(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, flavorCayley, &apiError{status: http.StatusNotImplemented,
		msg: "query shapes (Cayley 0.6's plan description) are not served: Cayley 0.7 removed them; run the query with POST /api/v1/query/" + r.PathValue("lang")})
}

// queryText is a v1 query's text: the body. Cayley 0.6's npm client
// (cayley.js) posts it through request's json option, which sends the
// text as a JSON string ("\"g.V().All()\"", Content-Type
// application/json); a query that is only a string literal does nothing,
// so such a body is read as the text it encodes.
func queryText(r *http.Request, body []byte) string {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		var text string
		if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '"' && json.Unmarshal(trimmed, &text) == nil {
			return text
		}
	}
	return string(body)
}

// asQueryError marks errors that come from the query itself (its syntax,
// an exception it threw) as the client's; the store's own sentinels keep
// their meaning.
func asQueryError(err error) error {
	for _, known := range []error{graph.ErrQueryTimeout, graph.ErrQueryPanic, graph.ErrQueryWorker, graph.ErrUnknownLanguage,
		graph.ErrClosed, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, known) {
			return err
		}
	}
	var busy *busyError
	if errors.As(err, &busy) {
		return err
	}
	return queryError{err}
}
