package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// uiHandler serves the explorer from an fs.FS and nothing else: paths are
// cleaned and must be valid fs paths (no "..", no absolute paths), so the
// handler cannot reach outside the files it was given; directories are
// never listed. Files are answered with a content-hash ETag (embed.FS has no
// modification times) and gzip when the client accepts it.
type uiHandler struct {
	fsys  fs.FS // nil when there is no built explorer
	cache sync.Map
}

// uiFile is a file's bytes, ready to serve.
type uiFile struct {
	data, gz    []byte
	etag, ctype string
}

func newUIHandler(fsys fs.FS) *uiHandler {
	if fsys != nil {
		if st, err := fs.Stat(fsys, "index.html"); err != nil || st.IsDir() {
			fsys = nil
		}
	}
	return &uiHandler{fsys: fsys}
}

// uiHeaders keeps the explorer to its own origin: no framing, no sniffing,
// scripts and connections to 'self' only.
func uiHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
}

func (u *uiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	uiHeaders(w.Header())
	if u.fsys == nil {
		if r.URL.Path != "/" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write([]byte(noUIPage))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	f, err := u.file(name)
	if errors.Is(err, fs.ErrNotExist) && !strings.Contains(path.Base(name), ".") {
		// A client-side route of the explorer (no file extension): the
		// explorer's index.html handles it.
		name = "index.html"
		f, err = u.file(name)
	}
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Add("Vary", "Accept-Encoding")
	if name == "index.html" {
		h.Set("Cache-Control", "no-cache")
	}
	data, etag := f.data, f.etag
	if f.gz != nil && acceptsGzip(r) {
		data, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// file reads name from the file system once and caches it with its ETag
// and gzip form. Directories and invalid paths are "not exist".
func (u *uiHandler) file(name string) (*uiFile, error) {
	if !fs.ValidPath(name) || strings.Contains(name, "\\") {
		return nil, fs.ErrNotExist
	}
	if f, ok := u.cache.Load(name); ok {
		return f.(*uiFile), nil
	}
	st, err := fs.Stat(u.fsys, name)
	if err != nil {
		return nil, fs.ErrNotExist
	}
	if st.IsDir() {
		return nil, fs.ErrNotExist
	}
	data, err := fs.ReadFile(u.fsys, name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	f := &uiFile{data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	f.ctype = mime.TypeByExtension(path.Ext(name))
	if f.ctype == "" {
		f.ctype = http.DetectContentType(data)
	}
	if len(data) > 1024 && compressible(f.ctype) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		if buf.Len() < len(data) {
			f.gz = buf.Bytes()
		}
	}
	u.cache.Store(name, f)
	return f, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg") || strings.Contains(ctype, "wasm")
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// noUIPage is served at / when the binary was built without the explorer.
const noUIPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Quiver</title></head>
<body>
<h1>Quiver is running</h1>
<p>This binary was built without the graph explorer. To build it, run
<code>make ui</code> in the source tree (it needs Node 20), then rebuild
<code>quiver</code>.</p>
<p>The API works without it: see <a href="/api/openapi.yaml">/api/openapi.yaml</a>
and docs/http-api.md, e.g.</p>
<pre>curl -X POST 'http://127.0.0.1:64210/api/v1/query/gizmo' -d 'g.V("&lt;ent:Russia&gt;").out().all()'</pre>
</body>
</html>
`
