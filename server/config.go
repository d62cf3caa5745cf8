package server

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
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
	// upload may decompress to, as a multiple of Config.MaxBodyBytes.
	InputBodyRatio = 16
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
	// MaxInputBytes caps what an upload may decompress to (gzip bodies and
	// files); zero means InputBodyRatio times MaxBodyBytes. Gzip may also expand at most
	// parse.DefaultMaxInflateRatio times past its first parse.InflateFloor
	// bytes. Past either limit the answer is 413 and nothing is written.
	MaxInputBytes int64
	// QueryTimeout bounds each query and each Quiver API question; zero
	// means the store's timeout (graph.Options.QueryTimeout).
	QueryTimeout time.Duration
	// MaxResults caps the rows of any query whatever ?limit asks; zero
	// means the store's cap (graph.Options.MaxResults).
	MaxResults int
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
