package server_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"testing"

	"github.com/quiver-kg/quiver/server"
)

// TestHostCheckWithoutHost: an HTTP/1.0 request may leave Host out; a
// loopback server cannot tell whom it was meant for, so it is refused like
// a foreign name.
func TestHostCheckWithoutHost(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /api/quiver/stats HTTP/1.0\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("HTTP/1.0 without Host: status %d, want 421", resp.StatusCode)
	}
}
