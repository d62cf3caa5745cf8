package cli_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/internal/cli"
)

// lockedBuffer collects a command's output while it runs.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// startServe runs `quiver serve` with args in the background and returns
// its base URL, its stderr and a function that stops it and returns the
// exit code.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), stdout, stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if u := servingURL.FindString(stdout.String()); u != "" {
			stop := func() int {
				cancel()
				select {
				case c := <-code:
					return c
				case <-time.After(20 * time.Second):
					t.Fatal("serve did not stop after cancel")
					return -1
				}
			}
			t.Cleanup(func() { cancel() })
			return u, stderr, stop
		}
		select {
		case c := <-code:
			t.Fatalf("serve exited with %d before serving: %s%s", c, stdout.String(), stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s%s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("cli-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, stderr, stop := startServe(t, "--data", filepath.Join(dir, "store"), "--token-file", tokenFile)

	post := func(path, body, auth string) int {
		r, _ := http.NewRequest("POST", url+path, strings.NewReader(body))
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, path, body, auth string
		want                   int
	}{
		{"seed is loaded and queryable", "/api/v1/query/gizmo", `g.V("<ent:Russia>").out("<kg:allies-with>").all()`, "", 200},
		{"write without token", "/api/v1/write", `[{"subject":"<t:a>","predicate":"<t:p>","object":"x"}]`, "", 401},
		{"write with the file's token", "/api/v1/write", `[{"subject":"<t:a>","predicate":"<t:p>","object":"x"}]`, "Bearer cli-token", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(tt.path, tt.body, tt.auth); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d after a graceful stop; stderr:\n%s", code, stderr.String())
	}
	log := stderr.String()
	if !strings.Contains(log, `"msg":"request"`) || !strings.Contains(log, `"route":"POST /api/v1/write"`) {
		t.Errorf("no structured request log on stderr:\n%s", log)
	}
	if strings.Contains(log, "cli-token") {
		t.Error("the token was logged")
	}
}

// TestServeUIDirStaysInside: --ui-dir serves its folder's files and
// nothing a symbolic link in it points to outside it.
func TestServeUIDirStaysInside(t *testing.T) {
	dir := t.TempDir()
	uiDir, secret := filepath.Join(dir, "ui"), filepath.Join(dir, "secret.txt")
	for path, data := range map[string]string{filepath.Join(uiDir, "index.html"): "<p>explorer</p>", secret: "private"} {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(uiDir, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(uiDir, "up")); err != nil {
		t.Fatal(err)
	}
	url, _, stop := startServe(t, "--backend", "memory", "--no-seed", "--ui-dir", uiDir)
	defer stop()
	for path, want := range map[string]string{"/": "explorer", "/leak.txt": "", "/up/secret.txt": ""} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "private") || (want != "" && !strings.Contains(string(body), want)) {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
		}
	}
}

func TestServeRefusesUnsafeConfig(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"public address without token", []string{"serve", "--addr", "0.0.0.0:0", "--backend", "memory"}, "not loopback"},
		{"debug listener beyond loopback", []string{"serve", "--addr", "127.0.0.1:0", "--backend", "memory", "--debug-addr", "0.0.0.0:0"}, "debug address"},
		{"wildcard origin", []string{"serve", "--addr", "127.0.0.1:0", "--backend", "memory", "--allow-origin", "*"}, "allowed origin"},
		{"wildcard host", []string{"serve", "--addr", "127.0.0.1:0", "--backend", "memory", "--allow-host", "*.example.com"}, "allowed host"},
		{"host with scheme", []string{"serve", "--addr", "127.0.0.1:0", "--backend", "memory", "--allow-host", "https://kg.example"}, "allowed host"},
		{"empty token file", []string{"serve", "--addr", "0.0.0.0:0", "--backend", "memory", "--token-file", os.DevNull}, "holds no token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			code := cli.Run(ctx, tt.args, strings.NewReader(""), &stdout, &stderr)
			if code == 0 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want failure mentioning %q", code, stderr.String(), tt.want)
			}
			if strings.Contains(stdout.String(), "serving") {
				t.Error("the server started")
			}
		})
	}
}

func TestServeAllowHost(t *testing.T) {
	url, _, stop := startServe(t, "--backend", "memory", "--no-seed", "--allow-host", "kg.example", "--allow-host", "proxy.example:8443")
	for _, tc := range []struct {
		host string
		want int
	}{
		{"kg.example", 204},
		{"kg.example:8080", 204},
		{"proxy.example:8443", 204},
		{"proxy.example", http.StatusMisdirectedRequest},
		{"evil.example", http.StatusMisdirectedRequest},
	} {
		t.Run(tc.host, func(t *testing.T) {
			r, _ := http.NewRequest("GET", url+"/health", nil)
			r.Host = tc.host
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestServeTokenFromEnvironment(t *testing.T) {
	t.Setenv("QUIVER_TOKEN", "env-token")
	url, _, stop := startServe(t, "--backend", "memory", "--read-only")
	r, _ := http.NewRequest("POST", url+"/api/v2/write", strings.NewReader("<t:a> <t:p> <t:b> .\n"))
	r.Header.Set("Authorization", "Bearer env-token")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only write: status %d, want 403", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
