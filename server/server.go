package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/quiver-kg/quiver/graph"
)

// Server serves one Store over HTTP. It is an http.Handler; ListenAndServe
// and Serve run it on a listener with hardened http.Server settings.
type Server struct {
	store   *graph.Store
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	mux     *http.ServeMux
	handler http.Handler
	routes  []Route
	ui      *uiHandler
	queries *admission // slots of queries
	writes  *admission // slots of writes
	idem    *idempotency
}

// Route is one method and path the server answers, as registered on its
// ServeMux (path patterns use Go's {name} wildcards).
type Route struct {
	Method string
	Path   string
	// Mutating routes change the store: they need the token and are
	// refused in read-only mode.
	Mutating bool
}

// New returns a Server for store. It returns an error wrapping ErrConfig
// when cfg is unsafe: a non-loopback Addr without a Token, a DebugAddr that
// is not loopback, an AllowedOrigins entry that is not an exact origin, or
// an AllowedHosts entry that is not an exact host[:port].
// The store stays the caller's to close, after the server has stopped.
func New(store *graph.Store, cfg Config) (*Server, error) {
	if store == nil {
		return nil, fmt.Errorf("nil store: %w", ErrConfig)
	}
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c.AllowedOrigins = append([]string(nil), c.AllowedOrigins...)
	c.AllowedHosts = append([]string(nil), c.AllowedHosts...)
	s := &Server{store: store, cfg: c, log: c.Logger, metrics: newMetrics(), mux: http.NewServeMux()}
	s.queries = newAdmission("queries", c.MaxQueries, queueFactor*c.MaxQueries, c.QueryWait, s.metrics.refusedBy("queries"))
	s.writes = newAdmission("writes", c.MaxWrites, queueFactor*c.MaxWrites, c.WriteWait, s.metrics.refusedBy("writes"))
	s.idem = newIdempotency()
	s.ui = newUIHandler(c.UI)
	s.register()
	s.handler = s.observe(s.recoverPanics(s.checkHost(s.cors(s.mux))))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Config returns the server's configuration with defaults applied. The
// token is included: do not log it.
func (s *Server) Config() Config { return s.cfg }

// Routes lists every route the server answers, sorted by path then method.
func (s *Server) Routes() []Route {
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// handle registers h for method and path.
func (s *Server) handle(method, path string, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Path: path})
	s.mux.HandleFunc(method+" "+path, h)
}

// handleMutating registers a route that changes the store.
func (s *Server) handleMutating(flavor apiFlavor, method, path string, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Path: path, Mutating: true})
	s.mux.HandleFunc(method+" "+path, s.mutating(flavor, h))
}

// register installs every route. Cayley's v1 routes are served both with
// the historic /api/v1 prefix that clients use and without it, as this
// Cayley version serves them.
func (s *Server) register() {
	s.handle("GET", "/health", s.health)

	for _, prefix := range []string{"/api/v1", ""} {
		s.handle("POST", prefix+"/query/{lang}", s.v1Query)
		s.handle("POST", prefix+"/shape/{lang}", s.v1Shape)
		s.handleMutating(flavorCayley, "POST", prefix+"/write", s.v1Write)
		s.handleMutating(flavorCayley, "POST", prefix+"/delete", s.v1Delete)
		s.handleMutating(flavorCayley, "POST", prefix+"/write/file/nquad", s.v1WriteNQuad)
	}

	s.handle("GET", "/api/v2/query", s.v2Query)
	s.handle("POST", "/api/v2/query", s.v2Query)
	s.handle("GET", "/api/v2/read", s.v2Read)
	s.handle("POST", "/api/v2/read", s.v2Read)
	s.handle("GET", "/api/v2/formats", s.v2Formats)
	s.handleMutating(flavorCayley, "POST", "/api/v2/write", s.v2Write)
	s.handleMutating(flavorCayley, "POST", "/api/v2/delete", s.v2Delete)
	s.handleMutating(flavorCayley, "POST", "/api/v2/node/delete", s.v2NodeDelete)

	s.registerQuiver()

	s.handle("GET", "/api/openapi.yaml", s.openAPI)
	// Everything else under /api/ is a JSON 404 (or 405), never the UI.
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		s.mux.HandleFunc(m+" /api/", s.apiNotFound)
	}
	s.handle("GET", "/", s.ui.ServeHTTP)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	// Cayley answers 204; so do we.
	w.WriteHeader(http.StatusNoContent)
}

// apiNotFound answers unknown API paths with a JSON 404, or 405 with an
// Allow header when the path exists for other methods.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST"} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		_, pattern := s.mux.Handler(r2)
		if _, path, _ := strings.Cut(pattern, " "); path != "" && path != "/api/" && path != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, flavorQuiver, &apiError{status: http.StatusMethodNotAllowed, msg: fmt.Sprintf("method %s not allowed; use %s", r.Method, strings.Join(allow, " or "))})
		return
	}
	s.fail(w, r, flavorQuiver, &apiError{status: http.StatusNotFound, msg: "no such API route: " + r.URL.Path + " (see /api/openapi.yaml)"})
}

// HTTPServer returns the http.Server that Serve runs: the handler and
// every timeout set (Cayley sets none, which lets slow clients hold
// connections forever).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.writeTimeout(),
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// ListenAndServe listens on Config.Addr (and Config.DebugAddr when set) and
// serves until ctx is cancelled, then shuts down gracefully, waiting up to
// ShutdownTimeout for requests in flight.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on a listener the caller opened (the CLI opens
// it first to print the real address when the port is 0). It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	servers := []*http.Server{srv}
	errc := make(chan error, 2)
	if s.cfg.DebugAddr != "" {
		dln, err := net.Listen("tcp", s.cfg.DebugAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("debug listener: %w", err)
		}
		dsrv := &http.Server{
			Handler:           s.DebugHandler(),
			ReadHeaderTimeout: ReadHeaderTimeout,
			IdleTimeout:       IdleTimeout,
			ErrorLog:          srv.ErrorLog,
		}
		servers = append(servers, dsrv)
		s.log.Info("debug listener", slog.String("addr", dln.Addr().String()))
		go func() { errc <- dsrv.Serve(dln) }()
	}
	go func() { errc <- srv.Serve(ln) }()

	var err error
	select {
	case err = <-errc:
		// A listener failed: stop the other one too.
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	for _, hs := range servers {
		if serr := hs.Shutdown(sctx); serr != nil && err == nil {
			err = serr
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// writeTimeout is the http.Server write timeout, which also bounds the
// work of one write.
func (s *Server) writeTimeout() time.Duration {
	if s.cfg.WriteTimeout > 0 {
		return s.cfg.WriteTimeout
	}
	qt := s.queryTimeout()
	if qt <= 0 {
		qt = graph.DefaultQueryTimeout
	}
	return qt + 30*time.Second
}

// queryTimeout is the bound of one query or question.
func (s *Server) queryTimeout() time.Duration {
	if s.cfg.QueryTimeout != 0 {
		return s.cfg.QueryTimeout
	}
	return s.store.Options().QueryTimeout
}

// maxResults is the server's row cap.
func (s *Server) maxResults() int {
	if s.cfg.MaxResults > 0 {
		return s.cfg.MaxResults
	}
	return s.store.Options().MaxResults
}

// questionContext bounds one Quiver API question by the query timeout, on
// top of the request's own context (a client that leaves cancels it).
func (s *Server) questionContext(r *http.Request) (context.Context, context.CancelFunc) {
	if t := s.queryTimeout(); t > 0 {
		return context.WithTimeout(r.Context(), t)
	}
	return context.WithCancel(r.Context())
}
