package server

import (
	"context"

	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/quiver-kg/quiver/graph"
)

// requestInfo is what the middleware learns about one request, for its log
// line and its metrics.
type requestInfo struct {
	id         string
	err        error // the error behind a 4xx/5xx answer, for the log
	tooLarge   bool  // the body hit its limit
	clientGone bool
	actor      string // who a write was made by: the token's name
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// statusWriter records the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes flushes through, for streamed answers.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// newRequestID returns 16 random hex digits, or keeps the caller's
// X-Request-ID when it is short and plain.
func newRequestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" && len(id) <= 64 && plainToken(id) {
		return id
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func plainToken(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// observe is the outermost layer: request ID, body limit, one structured
// log line per request, and metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: newRequestID(r)}
		w.Header().Set("X-Request-ID", info.id)
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		// Log even when the answer is aborted (http.ErrAbortHandler).
		defer func() {
			v := recover()
			if v != nil && sw.status < 500 {
				sw.status, info.clientGone = http.StatusInternalServerError, false
			}
			s.logRequest(r, sw, info, start)
			if v != nil {
				panic(v)
			}
		}()

		if r.ContentLength > s.cfg.MaxBodyBytes {
			// Refuse at once rather than reading what will be refused.
			info.tooLarge = true
			s.fail(sw, r, flavorQuiver, &http.MaxBytesError{Limit: s.cfg.MaxBodyBytes})
		} else {
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(sw, r.Body, s.cfg.MaxBodyBytes), info: info}
			}
			next.ServeHTTP(sw, r)
		}

	})
}

// logRequest writes the request's one log line and records its metrics.
func (s *Server) logRequest(r *http.Request, sw *statusWriter, info *requestInfo, start time.Time) {
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	if info.clientGone || (r.Context().Err() != nil && status >= 400) {
		status = statusClientClosed
	}
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	s.metrics.observe(route, r.Method, status, elapsed)
	attrs := []slog.Attr{
		slog.String("id", info.id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Int64("bytes", sw.bytes),
		slog.Float64("ms", float64(elapsed.Microseconds())/1000),
		slog.String("remote", r.RemoteAddr),
	}
	level := slog.LevelInfo
	if info.actor != "" {
		attrs = append(attrs, slog.String("actor", info.actor))
	}
	if info.err != nil {
		attrs = append(attrs, slog.String("error", info.err.Error()))
	}
	if status >= 500 && status != statusClientClosed {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// limitedBody notes in the request info that the body hit its limit, so
// that however deep the error travels, the answer is 413.
type limitedBody struct {
	io.ReadCloser
	info *requestInfo
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		b.info.tooLarge = true
	}
	return n, err
}

// recoverPanics turns a handler panic into a 500 and keeps serving. The
// stack goes to the log, never to the client.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", slog.String("id", idOf(r)), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			sw, _ := w.(*statusWriter)
			if sw != nil && sw.status != 0 {
				// The answer has started; all we can do is cut it.
				panic(http.ErrAbortHandler)
			}
			s.fail(w, r, flavorQuiver, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

func idOf(r *http.Request) string {
	if info := infoFrom(r.Context()); info != nil {
		return info.id
	}
	return ""
}

// checkHost defeats DNS rebinding: a server listening on loopback answers
// only requests addressed to a loopback name, so a web page whose own host
// name resolves to 127.0.0.1 cannot use the visitor's browser to reach it.
// Config.AllowedHosts adds the exact names a local reverse proxy forwards.
func (s *Server) checkHost(next http.Handler) http.Handler {
	if !IsLoopback(s.cfg.Addr) {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		// An HTTP/1.0 request may leave Host out: whom it was meant for
		// cannot be told, so it is refused like a foreign name.
		if host == "" || !isLoopbackHost(host) && !hostAllowed(s.cfg.AllowedHosts, r.Host) {
			s.fail(w, r, flavorQuiver, &apiError{status: http.StatusMisdirectedRequest,
				msg: "this server listens on loopback and answers only requests for localhost, 127.0.0.1, [::1] or an --allow-host name"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// cors answers preflights and sets CORS headers for allowed origins only.
// With no allowlist it adds nothing: browsers then keep other origins from
// reading answers. State-changing requests from another origin that is not
// allowed are refused outright, because a browser sends a "simple" POST
// without asking first.
func (s *Server) cors(next http.Handler) http.Handler {
	allowed := make(map[string]bool, len(s.cfg.AllowedOrigins))
	for _, o := range s.cfg.AllowedOrigins {
		allowed[strings.TrimSuffix(o, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || sameOrigin(r, origin) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Origin")
		ok := allowed[origin]
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			if !ok {
				s.fail(w, r, flavorQuiver, &apiError{status: http.StatusForbidden, msg: "origin not allowed"})
				return
			}
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Content-Encoding, Accept, X-Request-ID, Idempotency-Key")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if !ok {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				s.fail(w, r, flavorQuiver, &apiError{status: http.StatusForbidden, msg: "cross-origin request refused: origin not allowed"})
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", "X-Request-ID, X-Result-Truncated, Retry-After, Idempotent-Replayed")
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether origin is this server's own — the scheme
// the request came in with and the host it was sent to — as for the
// explorer served by this server calling its own API. An origin on the
// same host and port over another scheme is another origin. Behind a
// TLS-terminating reverse proxy the scheme is the proxy's
// X-Forwarded-Proto: a browser page cannot add that header to a
// cross-origin request without a preflight, which is refused.
func sameOrigin(r *http.Request, origin string) bool {
	scheme := "http://"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https://"
	}
	return len(origin) > len(scheme) && strings.EqualFold(origin[:len(scheme)], scheme) && strings.EqualFold(origin[len(scheme):], r.Host)
}

// mutating guards a route that changes the store: refused with 403 in
// read-only mode, with 401 without a right bearer token when any is
// configured, and with 503 when every write slot stays taken (the body is
// not read before a slot is free). The name of the token used (or
// "anonymous" when the server has none) is who the change log says made
// the change.
func (s *Server) mutating(flavor apiFlavor, next http.HandlerFunc) http.HandlerFunc {
	tokens := s.cfg.allTokens()
	wants := make([][sha256.Size]byte, len(tokens))
	for i, t := range tokens {
		wants[i] = sha256.Sum256([]byte(t.Token))
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.ReadOnly {
			s.fail(w, r, flavor, &apiError{status: http.StatusForbidden, msg: "database is read-only"})
			return
		}
		actor := anonymous
		if len(tokens) > 0 {
			got, ok := bearer(r)
			// Compare digests so the comparison takes the same time
			// whatever the length of what was sent, and compare with
			// every token so the time does not say which one matched.
			g := sha256.Sum256([]byte(got))
			match := -1
			for i := range wants {
				if subtle.ConstantTimeCompare(g[:], wants[i][:]) == 1 && match < 0 {
					match = i
				}
			}
			if !ok || match < 0 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="quiver"`)
				msg := "missing bearer token (Authorization: Bearer TOKEN)"
				if ok {
					msg = "wrong bearer token"
				}
				s.fail(w, r, flavor, &apiError{status: http.StatusUnauthorized, msg: msg})
				return
			}
			actor = tokens[match].Name
		}
		if info := infoFrom(r.Context()); info != nil {
			info.actor = actor
		}
		r = r.WithContext(graph.WithActor(r.Context(), actor))
		s.keyed(flavor, func(w http.ResponseWriter, r *http.Request) {
			release, err := s.writes.enter(r.Context())
			if err != nil {
				s.fail(w, r, flavor, err)
				return
			}
			defer release()
			next(&answerInTime{ResponseWriter: w}, r)
		})(w, r)
	}
}

// answerGrace is how long the answer of a write has to reach its client
// once the write is done.
const answerGrace = 30 * time.Second

// answerInTime gives a write's answer time to be sent. http.Server's
// WriteTimeout runs from the end of the request's headers, so a write
// that took longer (a slow upload, a large commit) used to commit and log
// 200 while its client got a closed connection. The connection's write
// deadline is moved to answerGrace from the moment the answer starts. The
// write itself is bounded by the body and input limits and ends when its
// client leaves (the request's context).
type answerInTime struct {
	http.ResponseWriter
	extended bool
}

func (a *answerInTime) extend() {
	if !a.extended {
		a.extended = true
		_ = http.NewResponseController(a.ResponseWriter).SetWriteDeadline(time.Now().Add(answerGrace))
	}
}

func (a *answerInTime) WriteHeader(code int) {
	a.extend()
	a.ResponseWriter.WriteHeader(code)
}

func (a *answerInTime) Write(p []byte) (int, error) {
	a.extend()
	return a.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the real writer.
func (a *answerInTime) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// bearer returns the token of an "Authorization: Bearer TOKEN" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(h[len(prefix):]), true
}

// statusText is the status code as a metrics label.
func statusText(code int) string { return strconv.Itoa(code) }
