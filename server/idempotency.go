package server

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"net/http"
	"sync"
	"time"
)

// Writes accept an Idempotency-Key header (the IETF draft's): a client
// that lost the answer to a write — its connection dropped after the
// write was committed — sends the same request with the same key and
// gets the first answer again, with Idempotent-Replayed: true, instead of
// a second write. The same key with another request is refused (422); a
// key whose first request is still running answers 409. Keys are scoped
// to the route and the bearer token, and kept in memory (IdempotencyTTL,
// at most idemMaxEntries keys and idemMaxBytes of answers): a restart
// forgets them. Writes are idempotent in effect anyway — loading the same
// quads twice adds nothing — so what a restart loses is only the first
// answer's counts.

// IdempotencyTTL is how long the answer of a keyed write is kept.
const IdempotencyTTL = 24 * time.Hour

const (
	idemMaxEntries = 10_000
	idemMaxBytes   = 16 << 20
	idemMaxAnswer  = 1 << 20 // a larger answer is not kept
	idemMaxKey     = 255
)

// idempotency holds the outcomes of keyed writes.
type idempotency struct {
	mu      sync.Mutex
	entries map[string]*idemEntry
	order   []string // keys, oldest first
	bytes   int
}

// idemEntry is one key's request and, once complete, its answer.
type idemEntry struct {
	request [32]byte // digest of the request: method, path, query, content headers, body
	done    bool
	status  int
	ctype   string
	body    []byte
	at      time.Time
}

func newIdempotency() *idempotency { return &idempotency{entries: map[string]*idemEntry{}} }

// keyed runs next for a write carrying an Idempotency-Key, or answers it
// from the outcome of the first request with that key.
func (s *Server) keyed(flavor apiFlavor, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			next(w, r)
			return
		}
		if len(key) > idemMaxKey || !printableASCII(key) {
			s.fail(w, r, flavor, badRequest("Idempotency-Key must be 1 to %d printable ASCII characters", idemMaxKey))
			return
		}
		scope := r.URL.Path + "\x00" + string(bearerDigest(r)) + "\x00" + key
		h := requestDigest(r)
		r.Body = &hashingBody{ReadCloser: r.Body, h: h}
		e, first := s.idem.begin(scope)
		if !first {
			s.replay(w, r, flavor, e, h)
			return
		}
		rec := &recorder{ResponseWriter: w}
		completed := false
		defer func() {
			// A handler that panicked or failed with 5xx leaves the key
			// free: the client may retry.
			var sum [32]byte
			copy(sum[:], h.Sum(nil))
			s.idem.end(scope, completed && rec.status != 0 && rec.status < 500 && !rec.overflow, sum, rec)
		}()
		next(rec, r)
		completed = true
	}
}

// replay answers a request whose key was seen: the first answer when the
// requests are the same, 409 while the first runs, 422 when they differ.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, flavor apiFlavor, e idemEntry, h hash.Hash) {
	if !e.done {
		setRetryAfter(w.Header(), time.Second)
		s.fail(w, r, flavor, &apiError{status: http.StatusConflict, msg: "a request with this Idempotency-Key is still running; retry when it is done"})
		return
	}
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		s.fail(w, r, flavor, err)
		return
	}
	if !bytes.Equal(h.Sum(nil), e.request[:]) {
		s.fail(w, r, flavor, &apiError{status: http.StatusUnprocessableEntity,
			msg: "this Idempotency-Key was used with another request; use a new key for a new request"})
		return
	}
	w.Header().Set("Content-Type", e.ctype)
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(e.status)
	w.Write(e.body)
}

// begin claims scope for a new request (first is true), or returns what
// is known of the request that claimed it.
func (m *idempotency) begin(scope string) (idemEntry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire()
	if e, ok := m.entries[scope]; ok {
		return *e, false
	}
	m.entries[scope] = &idemEntry{at: time.Now()}
	m.order = append(m.order, scope)
	return idemEntry{}, true
}

// end records the outcome of scope's first request, or forgets the key
// when keep is false.
func (m *idempotency) end(scope string, keep bool, request [32]byte, rec *recorder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[scope]
	if !ok {
		return
	}
	if !keep {
		delete(m.entries, scope)
		return
	}
	*e = idemEntry{request: request, done: true, status: rec.status, ctype: rec.Header().Get("Content-Type"), body: rec.body.Bytes(), at: e.at}
	m.bytes += len(e.body)
	for len(m.entries) > idemMaxEntries || m.bytes > idemMaxBytes {
		m.evictOldest()
	}
}

// expire drops entries older than IdempotencyTTL.
func (m *idempotency) expire() {
	for len(m.order) > 0 {
		e, ok := m.entries[m.order[0]]
		if ok && time.Since(e.at) < IdempotencyTTL {
			return
		}
		m.evictOldest()
	}
}

func (m *idempotency) evictOldest() {
	scope := m.order[0]
	m.order = m.order[1:]
	if e, ok := m.entries[scope]; ok {
		m.bytes -= len(e.body)
		delete(m.entries, scope)
	}
}

// requestDigest starts the digest of what makes two writes the same
// request: method, path, query and content headers; the body follows as
// it is read.
func requestDigest(r *http.Request) hash.Hash {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", r.Method, r.URL.Path, r.URL.RawQuery,
		r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding"))
	return h
}

// bearerDigest is a digest of the request's bearer token (never kept as
// such).
func bearerDigest(r *http.Request) []byte {
	tok, _ := bearer(r)
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// hashingBody adds what is read of a body to a digest.
type hashingBody struct {
	io.ReadCloser
	h hash.Hash
}

func (b *hashingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	return n, err
}

// recorder passes an answer on and keeps a copy of it (up to
// idemMaxAnswer bytes).
type recorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len()+len(p) > idemMaxAnswer {
		r.overflow = true
	} else {
		r.body.Write(p)
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
