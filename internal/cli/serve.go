package cli

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/server"
	"github.com/quiver-kg/quiver/ui"
)

// tokenEnv names the environment variable that may hold the API token.
const tokenEnv = "QUIVER_TOKEN"

func newServeCmd(e *env) *cobra.Command {
	var (
		cfg          server.Config
		tokenFile    string
		uiDir        string
		logFormat    string
		workers      int
		workerMemory int64
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the Cayley-compatible HTTP API, Quiver's API and the explorer on one port",
		Long: `Serve opens the store (the embedded default, with the seed on first run, or
any --backend) and serves, on one port (default ` + server.DefaultAddr + `, Cayley's):

  - Cayley's HTTP API: POST /api/v1/query/gizmo (and /query/gizmo, and
    /api/v1/query/gremlin for Cayley 0.6 clients), /api/v1/write,
    /api/v1/delete, /api/v1/write/file/nquad, /api/v2/query, /api/v2/read,
    /api/v2/write, /api/v2/delete, /api/v2/node/delete, /api/v2/formats, /health;
  - Quiver's API under /api/quiver/ (search, node, neighbors, paths, influence,
    evidence, timeline, conflicts, duplicates, documents, document, log, stats,
    ingest, retract, merge), described by /api/openapi.yaml;
  - the explorer at /.

Every route that changes the store needs "Authorization: Bearer TOKEN" when a
token is set (--token-file, or the environment variable ` + tokenEnv + `). A token
file holds one token a line, "name:token" or a bare token (named "token"); the
change log records the name of the token each write was made with. A token
is required when --addr is not a loopback address: serve refuses to start
without one. A loopback server answers only requests whose Host is localhost,
127.0.0.1 or [::1] (421 otherwise, a DNS-rebinding defence); --allow-host adds
the exact names a reverse proxy on the same machine forwards. One JSON log line per request goes to stderr. SIGINT or SIGTERM
stop the server gracefully.

Queries run in --query-workers worker processes (this program, run as a hidden
query-worker command), each with its own memory limit (--worker-memory) and
killed at its query's deadline; answers are streamed and capped at --max-answer
bytes. Beyond as many queries as workers at once, and 4 writes, requests wait
briefly and are then refused with 503 and Retry-After. See docs/http-api.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			tokens, err := readTokens(tokenFile)
			if err != nil {
				return err
			}
			cfg.Tokens = tokens
			cfg.Logger, err = newLogger(e, logFormat)
			if err != nil {
				return err
			}
			cfg.UI = ui.FS()
			if uiDir != "" {
				// os.DirFS follows symbolic links out of the folder; a
				// Root does not.
				root, err := os.OpenRoot(uiDir)
				if err != nil {
					return usageError{fmt.Errorf("--ui-dir: %w", err)}
				}
				defer root.Close()
				cfg.UI = root.FS()
			}
			// Refuse unsafe configurations before touching the store.
			if !server.IsLoopback(addrOrDefault(cfg.Addr)) && len(cfg.Tokens) == 0 {
				return usageError{fmt.Errorf("--addr %s is not loopback: set a token with --token-file or %s, or listen on 127.0.0.1", cfg.Addr, tokenEnv)}
			}
			s, err := e.open(ctx, cfg.ReadOnly)
			if err != nil {
				return err
			}
			defer closeStore(s, &err)
			if workers > 0 {
				pool, err := queryWorkers(workers, workerMemory)
				if err != nil {
					return err
				}
				defer pool.Close()
				cfg.QueryWorkers = pool
			}
			srv, err := server.New(s, cfg)
			if err != nil {
				return usageError{err}
			}
			ln, err := net.Listen("tcp", srv.Config().Addr)
			if err != nil {
				return err
			}
			mode := "read-write"
			if cfg.ReadOnly {
				mode = "read-only"
			}
			auth := "no token (loopback only)"
			if len(cfg.Tokens) > 0 {
				auth = fmt.Sprintf("bearer token required for writes, %s", count(len(cfg.Tokens), "named token"))
			}
			fmt.Fprintf(e.stdout, "quiver: serving %s store on http://%s (%s, %s)\n", s.Backend(), ln.Addr(), mode, auth)
			return srv.Serve(ctx, ln)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "addr", server.DefaultAddr, "listen address; beyond loopback a token is required")
	f.BoolVar(&cfg.ReadOnly, "read-only", false, "refuse every write (403); the store is opened read-only")
	f.StringVar(&tokenFile, "token-file", "", "file of bearer tokens for writes, one a line: name:token (the name goes in the change log) or a bare token, named \"token\" (or set "+tokenEnv+")")
	f.StringSliceVar(&cfg.AllowedOrigins, "allow-origin", nil, "exact origin allowed to call the API from a browser (repeatable); default: CORS off")
	f.StringSliceVar(&cfg.AllowedHosts, "allow-host", nil, "host name (optionally host:port) a loopback server also answers besides localhost, e.g. a local reverse proxy's (repeatable, exact, no wildcards); default: loopback names only (421 otherwise)")
	f.Int64Var(&cfg.MaxBodyBytes, "max-body", server.DefaultMaxBodyBytes, "largest request body in bytes (413 beyond)")
	f.DurationVar(&cfg.QueryTimeout, "query-timeout", 0, "timeout of one query (0: the store's default, 30s)")
	f.IntVar(&cfg.MaxResults, "max-results", 0, "row cap of any query (0: the store's cap, 100000)")
	f.Int64Var(&cfg.MaxAnswerBytes, "max-answer", server.DefaultMaxAnswerBytes, "byte cap of a query's answer (streamed; it ends saying it was cut)")
	f.IntVar(&workers, "query-workers", max(2, runtime.GOMAXPROCS(0)), "worker processes queries run in, which is also how many run at once (0: run queries in the server's process, unprotected from one that allocates gigabytes in a step)")
	f.Int64Var(&workerMemory, "worker-memory", graph.DefaultQueryWorkerMemory, "memory each query worker may use beyond its start (bytes); a query past it fails")
	f.StringVar(&cfg.DebugAddr, "debug-addr", "", "loopback address for /debug/pprof/ and /metrics (off when empty)")
	f.StringVar(&uiDir, "ui-dir", "", "serve the explorer from this directory instead of the built-in files (for UI development)")
	f.StringVar(&logFormat, "log-format", "json", "request log format on stderr: json or text")
	return cmd
}

// queryWorkers starts the pool of query workers: this program, run as
// `quiver query-worker`.
func queryWorkers(n int, memory int64) (*graph.QueryWorkers, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("query workers: %w", err)
	}
	return graph.NewQueryWorkers(graph.QueryWorkersConfig{Command: []string{self, "query-worker"}, Workers: n, MemoryBytes: memory})
}

// newQueryWorkerCmd is the hidden command a query worker runs: it serves
// the queries its parent sends on stdin (graph.ServeQueryWorker).
func newQueryWorkerCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    "query-worker",
		Short:  "Run queries for a quiver serve (started by it, not by hand)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return graph.ServeQueryWorker(e.stdin, e.stdout)
		},
	}
}

func addrOrDefault(a string) string {
	if a == "" {
		return server.DefaultAddr
	}
	return a
}

// readTokens reads the tokens from file when given, else from the
// environment, in server.ParseTokens's format. A token file without a
// token is an error, not "no token".
func readTokens(file string) ([]server.NamedToken, error) {
	if file == "" {
		ts, err := server.ParseTokens(os.Getenv(tokenEnv))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tokenEnv, err)
		}
		return ts, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	ts, err := server.ParseTokens(string(b))
	if err != nil {
		return nil, fmt.Errorf("token file %s: %w", file, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("token file %s holds no token", file)
	}
	return ts, nil
}

func newLogger(e *env, format string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				a.Value = slog.StringValue(a.Value.Time().UTC().Format(time.RFC3339Nano))
			}
			return a
		},
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format %q: want json or text", format)}
}
