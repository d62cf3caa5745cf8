package server

// Cayley's HTTP API, v1 and v2, answered by a Quiver store. The bodies,
// status codes and messages follow Cayley at the pinned version (see
// docs/design/cayley.md and docs/http-api.md); where Cayley is unsafe (silent
// truncation of large bodies, no timeouts, no auth, JSON-LD contexts
// fetched from the network) Quiver is not.

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
)

// parseLimit reads a Cayley ?limit: missing or 0 means def, negative means
// unlimited (returned as -1; the server's cap still applies).
func parseLimit(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badRequest("query parameter limit=%q: want an integer (negative: unlimited)", v)
	}
	switch {
	case n == 0:
		return def, nil
	case n < 0:
		return -1, nil
	}
	return n, nil
}

// v1Query is POST /api/v1/query/{lang} (and /query/{lang}): the body is
// the query text; ?limit as in Cayley. "gremlin", what Cayley 0.6 and
// its clients called Gizmo, is Gizmo.
func (s *Server) v1Query(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang == "gremlin" {
		lang = graph.LangGizmo
	}
	limit, err := parseLimit(r, DefaultCayleyLimit)
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	s.answerQuery(w, r, queryRequest{lang: lang, text: queryText(r, body), limit: limit, escapeHTML: true})
}

// v1Write is POST /api/v1/write: a JSON list of quads, written atomically.
func (s *Server) v1Write(w http.ResponseWriter, r *http.Request) {
	qs, err := s.readJSONQuads(r)
	if err == nil {
		_, err = s.store.Load(r.Context(), qs)
	}
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": fmt.Sprintf("Successfully wrote %d quads.", len(qs))}, true)
}

// v1Delete is POST /api/v1/delete: a JSON list of quads, removed atomically.
func (s *Server) v1Delete(w http.ResponseWriter, r *http.Request) {
	qs, err := s.readJSONQuads(r)
	if err == nil {
		_, err = s.store.Delete(r.Context(), qs)
	}
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": fmt.Sprintf("Successfully deleted %d quads.", len(qs))}, true)
}

func (s *Server) readJSONQuads(r *http.Request) ([]quad.Quad, error) {
	return s.readUpload(r.Context(), "request body", r.Body, parse.FormatJSON, false)
}

// v1WriteNQuad is POST /api/v1/write/file/nquad: a multipart form whose
// file field NQuadFile holds N-Quads, gzipped or not (told by a .gz name
// or the gzip magic bytes). The file is parsed whole, then written in one
// transaction; a bad line writes nothing and is reported with its line.
func (s *Server) v1WriteNQuad(w http.ResponseWriter, r *http.Request) {
	n, err := s.writeNQuadFile(r)
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": fmt.Sprintf("Successfully wrote %d quads.", n)}, true)
}

func (s *Server) writeNQuadFile(r *http.Request) (int, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return 0, badRequest("want a multipart/form-data body with the file in field NQuadFile: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return 0, badRequest("multipart body has no file field NQuadFile")
		}
		if err != nil {
			return 0, badRequest("multipart body: %v", err)
		}
		if part.FormName() != "NQuadFile" {
			part.Close()
			continue
		}
		name := part.FileName()
		if name == "" {
			name = "NQuadFile"
		}
		qs, err := s.readUpload(r.Context(), name, part, parse.FormatNQuads, false)
		if err != nil {
			return 0, err
		}
		// Read the form to its end before writing: a body cut short after
		// the file (a client that went away mid-request) writes nothing.
		if err := drainParts(mr); err != nil {
			return 0, badRequest("multipart body: %v; nothing was written", err)
		}
		if _, err := s.store.Load(r.Context(), qs); err != nil {
			return 0, err
		}
		return len(qs), nil
	}
}

// drainParts reads the rest of a multipart body, failing if it is cut
// short or malformed.
func drainParts(mr *multipart.Reader) error {
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, part)
		part.Close()
		if err != nil {
			return err
		}
	}
}

// readUpload parses an uploaded file in format; gzip input (gz true, a .gz
// name or the gzip magic bytes) is decompressed, and what the upload
// becomes is bounded as it is parsed (Config.MaxInputBytes and
// MaxInputQuads, and parse's amplification guard): past them the answer is
// 413.
func (s *Server) readUpload(ctx context.Context, name string, r io.Reader, format string, gz bool) ([]quad.Quad, error) {
	return parse.ReadQuads(ctx, name, r, s.inputOptions(format, gz))
}

// inputOptions are the read limits of one upload.
func (s *Server) inputOptions(format string, gz bool) parse.Options {
	return parse.Options{Format: format, Gzip: gz, MaxBytes: s.cfg.MaxInputBytes, MaxQuads: s.cfg.MaxInputQuads}
}

// v2Query is GET/POST /api/v2/query?lang=gizmo[&limit=N]: the query is the
// body (POST) or ?qu= (GET). Unlike Cayley, the limit is not fixed at 100:
// ?limit works as in v1, up to the server's cap.
func (s *Server) v2Query(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		s.fail(w, r, flavorCayley, badRequest("query language not specified (?lang=gizmo)"))
		return
	}
	limit, err := parseLimit(r, DefaultCayleyLimit)
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	text := r.URL.Query().Get("qu")
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.fail(w, r, flavorCayley, err)
			return
		}
		text = string(body)
	}
	if strings.TrimSpace(text) == "" {
		s.fail(w, r, flavorCayley, badRequest("query is empty"))
		return
	}
	s.answerQuery(w, r, queryRequest{lang: lang, text: text, limit: limit})
}

// readableFormats are the formats Quiver reads from clients: its own
// located, validating readers (JSON-LD never fetches a @context).
var readableFormats = map[string]string{
	"nquads": parse.FormatNQuads,
	"jsonld": parse.FormatJSONLD,
	"pquads": parse.FormatPQuads,
}

// requestFormat tells the body's format from Content-Type as Cayley does:
// a type it does not know means N-Quads.
func requestFormat(r *http.Request) (*quad.Format, error) {
	ct := r.Header.Get("Content-Type")
	if ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err == nil {
			if f := quad.FormatByMime(mt); f != nil {
				return f, nil
			}
		}
	}
	return quad.FormatByName("nquads"), nil
}

// readBodyQuads parses a v2 write or delete body.
func (s *Server) readBodyQuads(r *http.Request) ([]quad.Quad, error) {
	f, _ := requestFormat(r)
	format, ok := readableFormats[f.Name]
	if !ok {
		return nil, badRequest("format %s is not supported for reading data (use N-Quads, JSON-LD or pquads)", f.Name)
	}
	gz := strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip")
	return s.readUpload(r.Context(), "request body", r.Body, format, gz)
}

// v2Write is POST /api/v2/write: quads in the Content-Type's format
// (default N-Quads; Content-Encoding: gzip accepted), written atomically.
func (s *Server) v2Write(w http.ResponseWriter, r *http.Request) {
	s.v2Quads(w, r, func(ctx context.Context, qs []quad.Quad) (map[string]any, error) {
		res, err := s.store.Load(ctx, qs)
		return map[string]any{"result": fmt.Sprintf("Successfully wrote %d quads.", len(qs)), "count": len(qs), "added": res.Added}, err
	})
}

// v2Delete is POST /api/v2/delete: quads as for write, removed atomically.
func (s *Server) v2Delete(w http.ResponseWriter, r *http.Request) {
	s.v2Quads(w, r, func(ctx context.Context, qs []quad.Quad) (map[string]any, error) {
		n, err := s.store.Delete(ctx, qs)
		return map[string]any{"result": fmt.Sprintf("Successfully deleted %d quads.", len(qs)), "count": len(qs), "removed": n}, err
	})
}

// v2Quads reads a v2 body of quads, applies them with apply and answers
// with what apply reports ("count" is the quads read, Cayley's meaning).
func (s *Server) v2Quads(w http.ResponseWriter, r *http.Request, apply func(context.Context, []quad.Quad) (map[string]any, error)) {
	qs, err := s.readBodyQuads(r)
	var answer map[string]any
	if err == nil {
		answer, err = apply(r.Context(), qs)
	}
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	writeJSON(w, http.StatusOK, answer, false)
}

// maxNodeBytes bounds a node/delete body, as in Cayley.
const maxNodeBytes = 128 << 10

// v2NodeDelete is POST /api/v2/node/delete: the body is one node in the
// Content-Type's format (N-Quads: <iri>, _:b or "literal"); every quad that
// mentions it is removed, in one transaction.
func (s *Server) v2NodeDelete(w http.ResponseWriter, r *http.Request) {
	f, _ := requestFormat(r)
	if f.UnmarshalValue == nil {
		s.fail(w, r, flavorCayley, badRequest("format %s is not supported for reading nodes", f.Name))
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxNodeBytes+1))
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	if len(data) > maxNodeBytes {
		s.fail(w, r, flavorCayley, &apiError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("node larger than %d bytes", maxNodeBytes)})
		return
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		s.fail(w, r, flavorCayley, badRequest("request body is empty: want one node, e.g. <ent:Example>"))
		return
	}
	v, err := f.UnmarshalValue([]byte(text))
	if err != nil {
		s.fail(w, r, flavorCayley, badRequest("request body: not a node: %v", err))
		return
	}
	if v == nil {
		s.fail(w, r, flavorCayley, badRequest("request body: cannot remove a nil node"))
		return
	}
	qs, err := s.quadsAround(r.Context(), v)
	var n int64
	if err == nil {
		n, err = s.store.Delete(r.Context(), qs)
	}
	if err != nil {
		s.fail(w, r, flavorCayley, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": "Successfully deleted 1 nodes.", "count": 1, "removed": n}, false)
}

// quadsAround returns every quad with v in any position.
func (s *Server) quadsAround(ctx context.Context, v quad.Value) ([]quad.Quad, error) {
	seen := map[quad.Quad]bool{}
	var out []quad.Quad
	for _, d := range quad.Directions {
		var sub, pred, obj, label []quad.Value
		switch d {
		case quad.Subject:
			sub = []quad.Value{v}
		case quad.Predicate:
			pred = []quad.Value{v}
		case quad.Object:
			obj = []quad.Value{v}
		case quad.Label:
			label = []quad.Value{v}
		}
		err := s.eachQuad(ctx, sub, pred, obj, label, func(q quad.Quad) error {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eachQuad calls fn for every quad matching the filters (nil: any).
func (s *Server) eachQuad(ctx context.Context, sub, pred, obj, label []quad.Value, fn func(quad.Quad) error) error {
	qs := s.store.QuadStore()
	var sc interface {
		Next(context.Context) bool
		Result() cgraph.Ref
		Err() error
		Close() error
	}
	if len(sub)+len(pred)+len(obj)+len(label) == 0 {
		sc = qs.QuadsAllIterator().Iterate()
	} else {
		sc = shape.BuildIterator(ctx, qs, shape.FilterQuads(sub, pred, obj, label)).Iterate()
	}
	defer sc.Close()
	for sc.Next(ctx) {
		q, err := qs.Quad(sc.Result())
		if err != nil {
			return err
		}
		if err := fn(q); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

func valuesParam(r *http.Request, key string) []quad.Value {
	v := r.FormValue(key)
	if v == "" {
		return nil
	}
	var out []quad.Value
	for _, s := range strings.Split(v, ",") {
		out = append(out, quad.StringToValue(s))
	}
	return out
}

// v2Read is GET/POST /api/v2/read: the store's quads (filtered by ?sub,
// ?pred, ?obj, ?label, comma-separated) in the format named by ?format or
// Accept (default N-Quads), gzipped when Accept-Encoding asks for it.
func (s *Server) v2Read(w http.ResponseWriter, r *http.Request) {
	var f *quad.Format
	if name := r.FormValue("format"); name != "" {
		if f = quad.FormatByName(name); f == nil {
			s.fail(w, r, flavorCayley, badRequest("unknown format %q (see /api/v2/formats)", name))
			return
		}
	}
	if f == nil {
		for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
			mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
			if f = quad.FormatByMime(strings.TrimSpace(mt)); f != nil {
				break
			}
		}
	}
	if f == nil {
		f = quad.FormatByName("nquads")
	}
	if f.Writer == nil {
		s.fail(w, r, flavorCayley, badRequest("format %s is not supported for writing data", f.Name))
		return
	}
	if len(f.Mime) != 0 {
		w.Header().Set("Content-Type", f.Mime[0])
	}
	var out io.Writer = w
	if acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		defer zw.Close()
		out = zw
	}
	cw := &countingWriter{w: out}
	var qw quad.WriteCloser = f.Writer(cw)
	var wr quad.Writer = qw
	switch r.FormValue("iri") {
	case "short":
		wr = quad.IRIWriter(qw, quad.IRIOptions{Format: quad.IRIShort})
	case "full":
		wr = quad.IRIWriter(qw, quad.IRIOptions{Format: quad.IRIFull})
	}
	err := s.eachQuad(r.Context(), valuesParam(r, "sub"), valuesParam(r, "pred"), valuesParam(r, "obj"), valuesParam(r, "label"),
		func(q quad.Quad) error { return wr.WriteQuad(q) })
	if err == nil {
		err = qw.Close()
	} else {
		qw.Close()
	}
	if err != nil {
		if cw.n == 0 {
			w.Header().Del("Content-Encoding")
			s.fail(w, r, flavorCayley, err)
			return
		}
		// The answer has started: all we can do is log and cut it.
		if info := infoFrom(r.Context()); info != nil {
			info.err = err
		}
		s.log.Warn("read: answer cut short", slog.String("id", idOf(r)), slog.String("error", err.Error()))
		panic(http.ErrAbortHandler)
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// v2Formats is GET /api/v2/formats: the formats known, with what Quiver
// reads and writes in each.
func (s *Server) v2Formats(w http.ResponseWriter, r *http.Request) {
	type format struct {
		ID     string   `json:"id"`
		Read   bool     `json:"read,omitempty"`
		Write  bool     `json:"write,omitempty"`
		Nodes  bool     `json:"nodes,omitempty"`
		Ext    []string `json:"ext,omitempty"`
		Mime   []string `json:"mime,omitempty"`
		Binary bool     `json:"binary,omitempty"`
	}
	var out []format
	for _, f := range quad.Formats() {
		_, read := readableFormats[f.Name]
		out = append(out, format{ID: f.Name, Read: read, Write: f.Writer != nil, Nodes: f.UnmarshalValue != nil,
			Ext: f.Ext, Mime: f.Mime, Binary: f.Binary})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	writeJSON(w, http.StatusOK, out, false)
}
