package server

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quiver-kg/quiver/graph"
)

// Defaults used when the matching Config field is zero.
const (
	// DefaultAddr is Cayley's address, so Cayley clients find Quiver where
	// they expect Cayley.
	DefaultAddr = "127.0.0.1:64210"
	// DefaultMaxBodyBytes caps request bodies (as sent, before any gzip
	// decompression).
	DefaultMaxBodyBytes = 64 << 20
	// InputBodyRatio sets the default of Config.MaxInputBytes: what one
	// upload may become, decompressed and parsed, as a multiple of
	// Config.MaxBodyBytes.
	InputBodyRatio = 4
	// DefaultMaxInputQuads caps the quads of one upload: the parsed quads
	// of a write are held in memory until it commits (about 150 bytes
	// each beyond their text).
	DefaultMaxInputQuads = 2_000_000
	// DefaultCayleyLimit is the row limit of a Cayley query that gives no
	// ?limit (or ?limit=0), as in Cayley.
	DefaultCayleyLimit = 100
	// ShutdownTimeout is how long ListenAndServe waits for requests in
	// flight after its context is cancelled.
	ShutdownTimeout = 10 * time.Second
	// ReadHeaderTimeout cuts off clients that are slow to send headers.
	ReadHeaderTimeout = 10 * time.Second
	// IdleTimeout closes idle keep-alive connections.
	IdleTimeout = 120 * time.Second
	// MaxHeaderBytes caps request headers.
	MaxHeaderBytes = 1 << 20
	// DefaultMaxAnswerBytes caps a query's answer (its rows' JSON).
	DefaultMaxAnswerBytes = 64 << 20
	// DefaultQueryWait is how long a query waits for a free slot before
	// it is refused with 503.
	DefaultQueryWait = 2 * time.Second
	// DefaultMaxWrites is how many writes read and parse their bodies at
	// once (they commit one at a time anyway).
	DefaultMaxWrites = 4
	// DefaultWriteWait is how long a write waits for a free slot before
	// it is refused with 503.
	DefaultWriteWait = 30 * time.Second
	// queueFactor sets how many requests of a class may wait for a slot:
	// this many times its slots. More are refused at once.
	queueFactor = 8
)

// Config configures a Server. It is a value: New copies it and applies
// defaults; the zero value serves on DefaultAddr with no token, writable,
// without CORS, without a debug listener and without logging.
type Config struct {
	// Addr is the listen address; "" means DefaultAddr. An address that is
	// not loopback (including ":64210", every interface) requires Token.
	Addr string
	// ReadOnly refuses every mutating route with 403.
	ReadOnly bool
	// Token, when set, is a bearer token every mutating route accepts
	// ("Authorization: Bearer TOKEN"), named "token" in the change log.
	// Tokens are compared in constant time and never logged. No token at
	// all (neither Token nor Tokens) is allowed only on loopback; writes
	// are then logged as made by "anonymous".
	Token string
	// Tokens are more bearer tokens, each with the name the change log
	// records for the writes made with it (ParseTokens reads them from a
	// token file).
	Tokens []NamedToken
	// AllowedOrigins lists the exact origins ("https://app.example.com")
	// allowed to call the API from a browser on another origin. Empty means
	// CORS is off: no CORS headers, cross-origin writes refused. "*" is not
	// accepted.
	AllowedOrigins []string
	// AllowedHosts lists host names, besides localhost, 127.0.0.1 and [::1],
	// that a loopback server answers (a reverse proxy on the same machine
	// that forwards its own Host header). Matching is exact and
	// case-insensitive; an entry without a port ("kg.example") matches any
	// port, one with a port ("kg.example:8443") only that port. Wildcards,
	// schemes and paths are not accepted. Servers beyond loopback do not
	// check the Host header, so this matters only on loopback.
	AllowedHosts []string
	// MaxBodyBytes caps every request body; zero means DefaultMaxBodyBytes.
	// Larger bodies answer 413 and write nothing.
	MaxBodyBytes int64
	// MaxInputBytes caps what an upload may become: decompressed (gzip
	// bodies and files) and once parsed (written as N-Quads: pquads
	// records that repeat a quad, JSON-LD expansion, YAML aliases count
	// in full); zero means InputBodyRatio times MaxBodyBytes. Either may
	// also grow at most parse.DefaultMaxInflateRatio times the body past
	// its first parse.InflateFloor bytes. Past any limit the answer is 413
	// and nothing is written.
	MaxInputBytes int64
	// MaxInputQuads caps the quads of one upload; zero means
	// DefaultMaxInputQuads. More answer 413 and write nothing.
	MaxInputQuads int
	// QueryTimeout bounds each query and each Quiver API question; zero
	// means the store's timeout (graph.Options.QueryTimeout).
	QueryTimeout time.Duration
	// MaxResults caps the rows of any query whatever ?limit asks; zero
	// means the store's cap (graph.Options.MaxResults).
	MaxResults int
	// MaxAnswerBytes caps a query's answer, which is streamed: past it
	// the answer ends, as valid JSON saying it was cut; zero means
	// DefaultMaxAnswerBytes.
	MaxAnswerBytes int64
	// QueryWorkers, when set, runs every query in these worker processes
	// (graph.NewQueryWorkers), so that no query can exhaust the server's
	// memory or keep its cores busy past its timeout. The caller closes
	// it after the server has stopped. Nil runs queries in the server's
	// process.
	QueryWorkers *graph.QueryWorkers
	// MaxQueries is how many queries run at once; zero means the number
	// of QueryWorkers, or without them the number of CPUs (at least 2).
	// A query finding none free waits up to QueryWait, then is refused
	// with 503 and Retry-After, as is one finding 8 x MaxQueries waiting.
	MaxQueries int
	// QueryWait is how long a query may wait for a slot; zero means
	// DefaultQueryWait.
	QueryWait time.Duration
	// MaxWrites is how many writes may read their bodies at once; zero
	// means DefaultMaxWrites. Others wait up to WriteWait (zero:
	// DefaultWriteWait), then are refused with 503.
	MaxWrites int
	// WriteWait is how long a write may wait for a slot.
	WriteWait time.Duration
	// WriteTimeout is the http.Server write timeout; zero means the query
	// timeout plus 30 s (a long upload or query still gets its answer).
	WriteTimeout time.Duration
	// ReadTimeout is the http.Server read timeout (whole request, body
	// included); zero means 5 minutes, enough for large uploads.
	ReadTimeout time.Duration
	// DebugAddr, when set, starts a second listener with /debug/pprof/ and
	// /metrics (Prometheus). It must be a loopback address.
	DebugAddr string
	// Logger receives one line per request and the details of every 5xx;
	// nil discards them.
	Logger *slog.Logger
	// UI is the explorer's files (index.html at the root). Nil, or a file
	// system without index.html, serves a page saying how to build it.
	UI fs.FS
}

// withDefaults validates c and fills in its zero values.
func (c Config) withDefaults() (Config, error) {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxInputBytes <= 0 {
		c.MaxInputBytes = InputBodyRatio * c.MaxBodyBytes
	}
	if c.MaxInputQuads <= 0 {
		c.MaxInputQuads = DefaultMaxInputQuads
	}
	if c.MaxAnswerBytes <= 0 {
		c.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if c.MaxQueries <= 0 {
		c.MaxQueries = max(2, runtime.GOMAXPROCS(0))
		if c.QueryWorkers != nil {
			c.MaxQueries = c.QueryWorkers.Workers()
		}
	}
	if c.QueryWait <= 0 {
		c.QueryWait = DefaultQueryWait
	}
	if c.MaxWrites <= 0 {
		c.MaxWrites = DefaultMaxWrites
	}
	if c.WriteWait <= 0 {
		c.WriteWait = DefaultWriteWait
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 5 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkTokens(c.allTokens()); err != nil {
		return c, err
	}
	if !IsLoopback(c.Addr) && len(c.allTokens()) == 0 {
		return c, fmt.Errorf("listen address %s is not loopback: a token is required (--token-file or QUIVER_TOKEN), or listen on 127.0.0.1: %w", c.Addr, ErrConfig)
	}
	if c.DebugAddr != "" && !IsLoopback(c.DebugAddr) {
		return c, fmt.Errorf("debug address %s must be loopback (pprof and metrics are never exposed): %w", c.DebugAddr, ErrConfig)
	}
	for _, o := range c.AllowedOrigins {
		if err := checkOrigin(o); err != nil {
			return c, fmt.Errorf("allowed origin %q: %v: %w", o, err, ErrConfig)
		}
	}
	for _, h := range c.AllowedHosts {
		if err := checkAllowedHost(h); err != nil {
			return c, fmt.Errorf("allowed host %q: %v: %w", h, err, ErrConfig)
		}
	}
	return c, nil
}

// checkAllowedHost accepts only an exact host name or IP address, with an
// optional port: host, host:port, [v6] or [v6]:port.
func checkAllowedHost(h string) error {
	if h == "" {
		return fmt.Errorf("empty")
	}
	if strings.Contains(h, "*") {
		return fmt.Errorf("want an exact host, no wildcards")
	}
	if strings.ContainsAny(h, "/?#@ \t\r\n") {
		return fmt.Errorf("want host[:port] only, no scheme, path or user")
	}
	host := h
	if hh, port, err := net.SplitHostPort(h); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("bad port %q", port)
		}
		host = hh
	} else if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		host = h[1 : len(h)-1]
	} else if strings.Contains(h, ":") {
		return fmt.Errorf("want host[:port]; write an IPv6 address as [addr]")
	}
	if host == "" {
		return fmt.Errorf("empty host")
	}
	if strings.Contains(host, ":") && net.ParseIP(host) == nil {
		return fmt.Errorf("bad IPv6 address")
	}
	for _, r := range host {
		if !(r == '-' || r == '.' || r == ':' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return fmt.Errorf("invalid character %q in host name", r)
		}
	}
	return nil
}

// hostAllowed reports whether the request host (r.Host: host or host:port)
// matches an entry of allowed: exactly, ignoring case, and ignoring the
// request's port when the entry has none.
func hostAllowed(allowed []string, reqHost string) bool {
	bare := reqHost
	if h, _, err := net.SplitHostPort(reqHost); err == nil {
		bare = h
	}
	bare = strings.TrimSuffix(strings.TrimPrefix(bare, "["), "]")
	for _, a := range allowed {
		if strings.EqualFold(a, reqHost) {
			return true
		}
		if _, _, err := net.SplitHostPort(a); err != nil &&
			strings.EqualFold(strings.TrimSuffix(strings.TrimPrefix(a, "["), "]"), bare) {
			return true
		}
	}
	return false
}

// checkOrigin accepts only exact origins: scheme://host[:port], nothing more.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("want http:// or https://")
	case u.Host == "" || strings.Contains(u.Host, "*"):
		return fmt.Errorf("want an exact host, no wildcards")
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return fmt.Errorf("want scheme://host[:port] only")
	}
	return nil
}

// IsLoopback reports whether the listen address addr ("host:port") binds
// only to the loopback interface: localhost, 127.0.0.0/8 or ::1. An empty
// host (":64210") binds every interface and is not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return isLoopbackHost(host)
}

func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NamedToken is a bearer token and the name the change log records for the
// writes made with it.
type NamedToken struct {
	Name  string
	Token string
}

// anonymous is the change log's actor for writes to a server without a
// token (loopback only): nobody can be named.
const anonymous = "anonymous"

// allTokens returns Token (named "token") and Tokens.
func (c Config) allTokens() []NamedToken {
	all := slices.Clone(c.Tokens)
	if c.Token != "" {
		all = append([]NamedToken{{Name: "token", Token: c.Token}}, all...)
	}
	return all
}

// checkTokens refuses empty tokens or names, white space in a token, a
// name outside [A-Za-z0-9._@-], and a name or token given twice. Messages
// name the token by its name only: tokens are never printed.
func checkTokens(ts []NamedToken) error {
	names, values := map[string]bool{}, map[string]bool{}
	for _, t := range ts {
		switch {
		case !validTokenName(t.Name):
			return fmt.Errorf("token name %q: use letters, digits and . _ @ -: %w", t.Name, ErrConfig)
		case t.Token == "":
			return fmt.Errorf("token %q is empty: %w", t.Name, ErrConfig)
		case strings.ContainsAny(t.Token, " \t\r\n"):
			return fmt.Errorf("token %q must not contain white space: %w", t.Name, ErrConfig)
		case names[t.Name]:
			return fmt.Errorf("two tokens are named %q: name each one (name:token): %w", t.Name, ErrConfig)
		case values[t.Token]:
			return fmt.Errorf("token %q is given twice under different names: %w", t.Name, ErrConfig)
		}
		names[t.Name], values[t.Token] = true, true
	}
	return nil
}

func validTokenName(n string) bool {
	if n == "" {
		return false
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '@' || r == '-') {
			return false
		}
	}
	return true
}

// ParseTokens reads a token file: one token a line, "name:token" to name
// it (the name the change log records), or a bare token, named "token".
// Blank lines and lines starting with # are skipped. Errors name the line,
// never the token.
func ParseTokens(text string) ([]NamedToken, error) {
	var out []NamedToken
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		t := NamedToken{Name: "token", Token: line}
		if name, tok, ok := strings.Cut(line, ":"); ok {
			t = NamedToken{Name: strings.TrimSpace(name), Token: strings.TrimSpace(tok)}
		}
		if err := checkTokens(append(slices.Clone(out), t)); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, t)
	}
	return out, nil
}
