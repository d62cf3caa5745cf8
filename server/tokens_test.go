package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/server"
)

// Named tokens (server hardening, continued from hardening_test.go): the
// change log's actor is the name of the token a write was made with.

// Several named tokens: each is accepted, the change log names the one a
// write was made with, the request log says who but never the token.
func TestNamedTokens(t *testing.T) {
	ts := newTestServer(t, server.Config{Tokens: []server.NamedToken{{Name: "alice", Token: "alice-s3cret"}, {Name: "bob", Token: "bob-s3cret"}}})
	auth := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	calls := []struct {
		req    request
		status int
	}{
		{request{method: "POST", path: "/api/quiver/merge", body: `{"from": "ent:NorthKorea", "into": "ent:Iran"}`, header: auth("bob-s3cret")}, http.StatusOK},
		{request{method: "POST", path: "/api/quiver/merge", body: `{"from": "ent:NorthKorea", "undo": true}`, header: auth("alice-s3cret")}, http.StatusOK},
		{request{method: "POST", path: "/api/quiver/merge", body: `{"from": "ent:NorthKorea", "into": "ent:Iran"}`, header: auth("carol-s3cret")}, http.StatusUnauthorized},
		{request{method: "POST", path: "/api/quiver/ingest", body: ingestBody(t, claimsFile), header: auth("alice-s3cret")}, http.StatusOK},
	}
	for _, c := range calls {
		if resp, body := ts.do(t, c.req); resp.StatusCode != c.status {
			t.Fatalf("%s %s: status %d, want %d: %s", c.req.method, c.req.path, resp.StatusCode, c.status, body)
		}
	}
	log, err := ts.store.Log(context.Background(), graph.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log[1:] { // after the seed's load
		got = append(got, e.Action+" by "+e.Actor)
	}
	if want := []string{"merge by bob", "unmerge by alice", "load by alice"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("change log: %q, want %q", got, want)
	}
	logs := ts.logs.String()
	if strings.Contains(logs, "s3cret") {
		t.Error("a token appears in the request log")
	}
	if !strings.Contains(logs, `"actor":"bob"`) {
		t.Errorf("the request log does not say who wrote:\n%s", logs)
	}
}

// Without a token (loopback), writes are logged as made by "anonymous".
func TestWritesWithoutTokenAreAnonymous(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	if resp, body := ts.do(t, request{method: "POST", path: "/api/quiver/merge", body: `{"from": "ent:NorthKorea", "into": "ent:Iran"}`}); resp.StatusCode != http.StatusOK {
		t.Fatalf("merge: %d %s", resp.StatusCode, body)
	}
	log, err := ts.store.Log(context.Background(), graph.LogOptions{})
	if err != nil || log[len(log)-1].Actor != "anonymous" {
		t.Fatalf("log: %+v, %v", log, err)
	}
}

func TestParseTokens(t *testing.T) {
	ts, err := server.ParseTokens("# the team\nalice: a-token\n\n  bob:b-token  \n")
	if err != nil || len(ts) != 2 || ts[0] != (server.NamedToken{Name: "alice", Token: "a-token"}) || ts[1] != (server.NamedToken{Name: "bob", Token: "b-token"}) {
		t.Fatalf("named: %+v, %v", ts, err)
	}
	if ts, err := server.ParseTokens("bare-token\n"); err != nil || len(ts) != 1 || ts[0].Name != "token" {
		t.Fatalf("bare: %+v, %v", ts, err)
	}
	for name, tt := range map[string]struct{ text, want string }{
		"two bare tokens": {"one-token\nother-token\n", `line 2: two tokens are named "token"`},
		"a name twice":    {"alice:x-token\nalice:y-token\n", `line 2: two tokens are named "alice"`},
		"a token twice":   {"alice:x-token\nbob:x-token\n", `line 2: token "bob" is given twice`},
		"white space":     {"alice:x token\n", `line 1: token "alice" must not contain white space`},
		"empty token":     {"alice:\n", `line 1: token "alice" is empty`},
		"bad name":        {"al ice:x-token\n", `line 1: token name "al ice"`},
	} {
		_, err := server.ParseTokens(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "x-token") || strings.Contains(err.Error(), "y-token") {
			t.Errorf("%s: %v; want %q, and no token in the message", name, err, tt.want)
		}
	}
	if _, err := server.New(mustOpen(t, graphOptionsMemory()), server.Config{Tokens: []server.NamedToken{{Name: "a", Token: "same"}, {Name: "b", Token: "same"}}}); !errors.Is(err, server.ErrConfig) {
		t.Errorf("a token given twice: %v", err)
	}
}
