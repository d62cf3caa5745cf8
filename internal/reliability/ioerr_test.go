package reliability_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/server"
)

var errInjected = errors.New("injected read error")

// failingReader reads r until offset at, then fails with errInjected.
type failingReader struct {
	r  io.Reader
	at int64
	n  int64
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n >= f.at {
		return 0, errInjected
	}
	if left := f.at - f.n; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := f.r.Read(p)
	f.n += int64(n)
	return n, err
}

// offsets returns about n offsets spread over [0, size), every small one
// and the last few included.
func offsets(size int64, n int) []int64 {
	seen := map[int64]bool{}
	var out []int64
	add := func(o int64) {
		if o >= 0 && o < size && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	for o := int64(0); o < 16; o++ {
		add(o)
	}
	for i := 0; i < n; i++ {
		add(size * int64(i) / int64(n))
	}
	for o := size - 4; o < size; o++ {
		add(o)
	}
	return out
}

// TestReadErrorsAtEveryOffset feeds loads through a reader that fails at
// many byte offsets, in every input format: each read must fail with the
// injected error wrapped in a located error (never a silent truncation
// that loads what came before), and the embedded store the load was meant
// for must stay unchanged and pass Check.
func TestReadErrorsAtEveryOffset(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	nq := filepath.Join(dir, "in.nq")
	writeNQuads(t, nq, loadQuads(1, 3000))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(readAll(t, nq))
	zw.Close()
	inputs := []struct {
		name string
		data []byte
		opts parse.Options
	}{
		{"in.nq", readAll(t, nq), parse.Options{}},
		{"in.nq.gz", gz.Bytes(), parse.Options{}},
		{"in.jsonld", []byte(`{"@context": {"ex": "http://example.org/"}, "@graph": [` + strings.Repeat(`{"@id": "ex:a", "ex:p": "v"},`, 200) + `{"@id": "ex:z"}]}`), parse.Options{}},
		{repoTestdata + "/accepted/article.claims.yaml", readAll(t, repoTestdata+"/accepted/article.claims.yaml"), parse.Options{}},
	}
	s := openStore(t, graph.Options{Dir: filepath.Join(dir, "store")})
	mustLoad(t, s, repoTestdata+"/accepted/crlf.nq")
	before := dump(t, s)
	tried := 0
	for _, in := range inputs {
		t.Run(filepath.Base(in.name), func(t *testing.T) {
			// The whole input loads (so a failure below is the injection's).
			if qs, err := parse.ReadQuads(ctx, in.name, bytes.NewReader(in.data), in.opts); err != nil || len(qs) == 0 {
				t.Fatalf("clean read: %d quads, %v", len(qs), err)
			}
			for _, off := range offsets(int64(len(in.data)), 150) {
				qs, err := parse.ReadQuads(ctx, in.name, &failingReader{r: bytes.NewReader(in.data), at: off}, in.opts)
				tried++
				var pe *parse.Error
				switch {
				case err == nil:
					t.Fatalf("offset %d: read error went unnoticed; %d quads returned", off, len(qs))
				case !errors.Is(err, errInjected):
					t.Fatalf("offset %d: error %v does not wrap the read error", off, err)
				case !errors.As(err, &pe) || pe.File != in.name:
					t.Fatalf("offset %d: error %v is not located in %s", off, err, in.name)
				case qs != nil:
					t.Fatalf("offset %d: %d quads returned with the error", off, len(qs))
				}
				if _, lerr := s.Load(ctx, qs); lerr != nil {
					t.Fatal(lerr)
				}
			}
		})
	}
	if after := dump(t, s); !equalLines(before, after) {
		t.Errorf("the store changed: %d quads before, %d after", len(before), len(after))
	}
	mustCheck(t, s)
	figure(t, "loads with an injected read error", tried)
}

// TestUploadCutMidway sends N-Quads uploads whose body fails at many
// offsets (the client's connection breaks mid-body) to the real server on
// an embedded store: the server must write nothing and keep serving.
func TestUploadCutMidway(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, graph.Options{Dir: filepath.Join(dir, "store")})
	url := serve(t, s, server.Config{})
	var body bytes.Buffer
	for _, q := range loadQuads(2, 2000) {
		body.WriteString(q.NQuad() + "\n")
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("NQuadFile", "upload.nq")
	fw.Write(body.Bytes())
	mw.Close()
	cuts := 0
	for _, tt := range []struct {
		path, ctype string
		data        []byte
	}{
		{"/api/v2/write", "application/n-quads", body.Bytes()},
		{"/api/v1/write/file/nquad", mw.FormDataContentType(), form.Bytes()},
	} {
		for _, off := range offsets(int64(len(tt.data)), 25) {
			req, _ := http.NewRequest("POST", url+tt.path, &failingReader{r: bytes.NewReader(tt.data), at: off})
			req.Header.Set("Content-Type", tt.ctype)
			req.ContentLength = int64(len(tt.data)) // the client promised more than it sends
			resp, err := http.DefaultClient.Do(req)
			time.Sleep(20 * time.Millisecond)
			if st, _ := s.Stats(ctx); st.Quads != 0 {
				t.Fatalf("%s cut at %d of %d: wrote %d quads (client: %v)", tt.path, off, len(tt.data), st.Quads, err)
			}
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode < 400 {
					t.Errorf("%s cut at %d: status %d", tt.path, off, resp.StatusCode)
				}
			}
			cuts++
		}
	}
	// The handlers run after the client gave up; wait for them to finish.
	time.Sleep(200 * time.Millisecond)
	if st, err := s.Stats(ctx); err != nil || st.Quads != 0 {
		t.Errorf("cut uploads wrote %d quads (%v)", st.Quads, err)
	}
	mustCheck(t, s)
	resp, err := http.Get(url + "/health")
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("health after cut uploads: %v %v", resp, err)
	}
	figure(t, "uploads cut mid-body", cuts)
}

// serve runs the real server for s until the test ends and returns its
// base URL.
func serve(t testing.TB, s *graph.Store, cfg server.Config) string {
	t.Helper()
	url, stop := startServer(t, s, cfg)
	t.Cleanup(stop)
	return url
}

// startServer runs the real server (its hardened http.Server settings,
// through Serve) for s on a loopback port and returns its base URL and a
// function that shuts it down gracefully.
func startServer(t testing.TB, s *graph.Store, cfg server.Config) (string, func()) {
	t.Helper()
	srv, err := server.New(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	var once sync.Once
	return "http://" + ln.Addr().String(), func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
}

func readAll(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFullDisk loads into an embedded store on a 1 MiB tmpfs until the
// disk is full: the failing load must report the full disk, write nothing,
// leave the store passing `quiver check`, and the store must take smaller
// loads afterwards. Without the privilege to mount a tmpfs the disk is
// simulated with RLIMIT_FSIZE (writes past the limit fail with EFBIG); the
// test log says which ran.
func TestFullDisk(t *testing.T) {
	root := t.TempDir()
	disk := filepath.Join(root, "disk")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	mode := "tmpfs"
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "quiver-full-disk", disk).CombinedOutput(); err != nil {
		mode = "rlimit"
		t.Logf("cannot mount a tmpfs (%v: %s); simulating a full disk with RLIMIT_FSIZE", err, bytes.TrimSpace(out))
	} else {
		t.Cleanup(func() {
			if out, err := exec.Command("umount", disk).CombinedOutput(); err != nil {
				t.Errorf("umount %s: %v %s", disk, err, out)
			}
		})
	}
	figure(t, "full disk", map[string]string{"tmpfs": "a real 1 MiB tmpfs", "rlimit": "RLIMIT_FSIZE 1 MiB (EFBIG)"}[mode])
	store := filepath.Join(disk, "store")
	run := func(args ...string) result {
		args = append([]string{"--data", store, "--no-seed"}, args...)
		if mode == "rlimit" {
			// sh's ulimit -f counts 512-byte blocks.
			return quiverShell(t, "ulimit -f 2048; exec \"$0\" \"$@\"", args...)
		}
		return quiver(t, time.Minute, args...)
	}
	small := filepath.Join(root, "small.nq")
	writeNQuads(t, small, loadQuads(1, 500)) // ~40 KB of log
	big := filepath.Join(root, "big.nq")
	writeNQuads(t, big, loadQuads(2, 30000)) // ~1.5 MB of log: does not fit

	if r := run("load", small); r.code != 0 {
		t.Fatalf("first load: %s", r.stderr)
	}
	r := run("load", big)
	want := map[string]string{"tmpfs": "no space left on device", "rlimit": "file too large"}[mode]
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("load onto a full disk: exit %d, stderr %q; want exit 1 saying %q", r.code, r.stderr, want)
	}
	t.Logf("refused: %s", strings.TrimSpace(r.stderr))
	if r := run("check"); r.code != 0 || !strings.Contains(r.stdout, "ok: 500 quads") {
		t.Fatalf("check after the failed load: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	// The failed load was rolled back on disk: smaller loads still fit.
	for i := 3; i <= 5; i++ {
		f := filepath.Join(root, fmt.Sprint("more", i, ".nq"))
		writeNQuads(t, f, loadQuads(i, 300))
		if r := run("load", f); r.code != 0 {
			t.Fatalf("load %d after the full disk: %s", i, r.stderr)
		}
	}
	if r := run("check"); r.code != 0 || !strings.Contains(r.stdout, "ok: 1400 quads") {
		t.Fatalf("final check: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	if mode != "tmpfs" {
		return
	}
	// Fill the disk to the last byte: opening and checking still work, a
	// load fails cleanly, a new store cannot be created but says why.
	filler, err := os.Create(filepath.Join(disk, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := filler.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	filler.Close()
	if r := run("check"); r.code != 0 {
		t.Fatalf("check on a full disk: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	extra := filepath.Join(root, "extra.nq")
	writeNQuads(t, extra, loadQuads(6, 100))
	if r := run("load", extra); r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("load on a full disk: exit %d %s", r.code, r.stderr)
	}
	r = quiver(t, time.Minute, "--data", filepath.Join(disk, "new"), "--no-seed", "init")
	if r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Fatalf("init on a full disk: exit %d %s", r.code, r.stderr)
	}
	os.Remove(filepath.Join(disk, "filler"))
	if r := run("check"); r.code != 0 || !strings.Contains(r.stdout, "ok: 1400 quads") {
		t.Fatalf("check after freeing space: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
}

// quiverShell runs the binary through sh -c script (script ends by exec'ing
// "$0" "$@"), for limits only a shell sets.
func quiverShell(t testing.TB, script string, args ...string) result {
	t.Helper()
	cmd := exec.Command("sh", append([]string{"-c", script, quiverBin}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if crashed(r.stderr) {
		t.Fatalf("quiver crashed:\n%s", r.stderr)
	}
	return r
}
