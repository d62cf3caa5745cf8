package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// ErrConfig is returned by New when the Config is invalid or unsafe: a
// listen address beyond loopback without a token, a debug address that is
// not loopback, an origin that is not exact.
var ErrConfig = errors.New("invalid server configuration")

// statusClientClosed is logged (never seen by anyone) when the client went
// away before its answer was ready; nginx's convention.
const statusClientClosed = 499

// apiError is an error a handler raises with the status it answers.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// badRequest is a 400 with a message that says what was wrong and where.
func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// queryError marks an error returned by a query language (a JS syntax
// error, an exception thrown by the script): it is the client's, so it
// answers 400 with its message, as Cayley does.
type queryError struct{ err error }

func (e queryError) Error() string { return e.err.Error() }
func (e queryError) Unwrap() error { return e.err }

// apiFlavor selects the few places where Cayley's routes answer differently
// from Quiver's own.
type apiFlavor int

const (
	flavorQuiver apiFlavor = iota
	flavorCayley
)

// Location is where in the input a problem was found (1-based; 0 when
// unknown).
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Violation is one problem of an ingested claims file, as returned in
// ErrorBody.Violations.
type Violation struct {
	File       string `json:"file,omitempty"`
	Line       int    `json:"line,omitempty"`
	Column     int    `json:"column,omitempty"`
	Focus      string `json:"focus,omitempty"`
	Path       string `json:"path,omitempty"`
	Value      string `json:"value,omitempty"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
	Severity   string `json:"severity"`
}

// ErrorBody is every error answer: Cayley's {"error": "..."} plus, where
// they apply, the location of bad input, every violation of a claims file,
// and the request ID to quote when reporting a 5xx.
type ErrorBody struct {
	Error      string      `json:"error"`
	Location   *Location   `json:"location,omitempty"`
	Violations []Violation `json:"violations,omitempty"`
	RequestID  string      `json:"requestId,omitempty"`
}

// classify is the one place that maps errors to HTTP status codes and
// user-facing bodies. Anything it does not recognise is a 500 whose body
// says only "internal error"; the caller logs the details.
func classify(err error, flavor apiFlavor, tooLarge bool) (int, ErrorBody) {
	var (
		ae   *apiError
		mbe  *http.MaxBytesError
		vs   schema.Violations
		pe   *parse.Error
		qe   queryError
		busy *busyError
	)
	switch {
	case tooLarge || errors.As(err, &mbe) || errors.Is(err, parse.ErrInputTooLarge):
		msg := "request body too large"
		switch {
		case mbe != nil:
			msg = fmt.Sprintf("request body larger than %d bytes", mbe.Limit)
		case errors.Is(err, parse.ErrInputTooLarge) && errors.As(err, &pe):
			// Which limit, and where: the input's own bound, not the body's.
			msg = pe.Error()
		}
		return http.StatusRequestEntityTooLarge, ErrorBody{Error: msg + "; nothing was written"}
	case errors.As(err, &ae):
		return ae.status, ErrorBody{Error: ae.msg}
	case errors.As(err, &busy):
		return http.StatusServiceUnavailable, ErrorBody{Error: busy.Error()}
	case errors.As(err, &vs):
		return http.StatusBadRequest, ErrorBody{Error: err.Error(), Violations: violations(vs)}
	case errors.As(err, &pe):
		return http.StatusBadRequest, ErrorBody{Error: pe.Error(), Location: &Location{File: pe.File, Line: pe.Line, Column: pe.Column}}
	case errors.Is(err, graph.ErrReadOnly):
		return http.StatusForbidden, ErrorBody{Error: "database is read-only"}
	case errors.Is(err, graph.ErrNotFound):
		return http.StatusNotFound, ErrorBody{Error: err.Error()}
	case errors.Is(err, graph.ErrInvalidMerge):
		return http.StatusConflict, ErrorBody{Error: err.Error()}
	case errors.Is(err, graph.ErrUnknownLanguage), errors.Is(err, parse.ErrUnknownFormat), errors.Is(err, graph.ErrNotDocuments), errors.Is(err, graph.ErrInvalidGrade), errors.Is(err, ask.ErrBadOption):
		return http.StatusBadRequest, ErrorBody{Error: err.Error()}
	case errors.Is(err, graph.ErrQueryTimeout), errors.Is(err, context.DeadlineExceeded):
		if flavor == flavorCayley {
			// Cayley answers a timed-out query with 400 and this text;
			// its clients depend on both.
			return http.StatusBadRequest, ErrorBody{Error: context.DeadlineExceeded.Error()}
		}
		return http.StatusGatewayTimeout, ErrorBody{Error: "query timed out"}
	case errors.Is(err, context.Canceled):
		return statusClientClosed, ErrorBody{Error: "client closed request"}
	case errors.Is(err, graph.ErrQueryPanic), errors.Is(err, graph.ErrQueryWorker):
		// A worker that crashed is an engine failure like a panic; what
		// it said goes to the log only.
		return http.StatusInternalServerError, ErrorBody{Error: graph.ErrQueryPanic.Error()}
	case errors.Is(err, graph.ErrClosed):
		return http.StatusServiceUnavailable, ErrorBody{Error: "store is closed"}
	case errors.As(err, &qe):
		return http.StatusBadRequest, ErrorBody{Error: qe.Error()}
	}
	return http.StatusInternalServerError, ErrorBody{Error: "internal error"}
}

func violations(vs schema.Violations) []Violation {
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation{
			File: v.File, Line: v.Line, Column: v.Column,
			Focus: v.Focus, Path: v.Path, Value: v.Value,
			Message: v.Message, Suggestion: v.Suggestion, Severity: v.Severity.String(),
		}
	}
	return out
}

// fail answers r with err mapped by classify, and records err for the
// request's log line.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, flavor apiFlavor, err error) {
	info := infoFrom(r.Context())
	status, body := classify(err, flavor, info != nil && info.tooLarge)
	var busy *busyError
	if errors.As(err, &busy) {
		setRetryAfter(w.Header(), busy.retryAfter)
	}
	if info != nil {
		info.err = err
		if status >= 500 {
			body.RequestID = info.id
		}
	}
	if status == statusClientClosed {
		// Nobody is listening; record the status for the log only.
		if info != nil {
			info.clientGone = true
		}
	}
	writeJSON(w, status, body, false)
}

// writeJSON writes v as JSON with the given status. escapeHTML follows the
// route's Cayley original (v1 escapes <, >, & as \u003c...; v2 does not).
func writeJSON(w http.ResponseWriter, status int, v any, escapeHTML bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(v)
}
