package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/server"
)

// multipartFile builds a multipart body with one file field.
func multipartFile(tb testing.TB, field, filename string, content []byte) (string, string) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return buf.String(), mw.FormDataContentType()
}

func gzipped(data string) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(data))
	zw.Close()
	return buf.String()
}

// claimsFile is a small valid claims file; its text goes in "texts".
const claimsFile = `document:
  id: doc:test-article
  title: Test article
  text: test.txt
entities:
  - id: ent:Testland
    type: kg:Country
    label: Testland
  - id: ent:Otherland
    type: kg:Country
    label: Otherland
claims:
  - id: claim:testland-allies-otherland
    quote: Testland is allied with Otherland
    confidence: 0.9
    facts:
      - [ent:Testland, kg:allies-with, ent:Otherland]
`

const claimsText = "Test article\nTestland is allied with Otherland."

func ingestBody(tb testing.TB, claims string) string {
	tb.Helper()
	b, err := json.Marshal(server.IngestRequest{Name: "test.claims.yaml", Claims: claims, Texts: map[string]string{"test.txt": claimsText}})
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestRoutes calls every route with good and bad input on one server over
// the seed graph, in order (the writes build on each other).
func TestRoutes(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	nqFile, nqType := multipartFile(t, "NQuadFile", "small.nq", []byte("<test:f> <test:p> \"file\" .\n<test:f> <test:p> <test:g> .\n"))
	gzFile, gzType := multipartFile(t, "NQuadFile", "small.nq.gz", []byte(gzipped("<test:gz> <test:p> \"zipped\" .\n")))
	gzNoName, gzNoNameType := multipartFile(t, "NQuadFile", "upload", []byte(gzipped("<test:magic> <test:p> \"magic\" .\n")))
	badFile, badType := multipartFile(t, "NQuadFile", "bad.nq", []byte("<test:f> <test:p> \"ok\" .\n<test:f> <test:p> .\n"))
	badClaims := strings.Replace(strings.Replace(claimsFile, "kg:allies-with", "kg:allies-wth", 1), "0.9", "2", 1)

	tests := []struct {
		name       string
		req        request
		wantStatus int
		want       []string // substrings of the body
		wantCT     string   // Content-Type prefix, when checked
	}{
		{"health", request{method: "GET", path: "/health"}, 204, nil, ""},

		{"v1 query", request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V("<ent:Russia>").out("<kg:allies-with>").all()`},
			200, []string{`"result":[`, `ent:NorthKorea`}, "application/json"},
		{"v1 query unprefixed with limit", request{method: "POST", path: "/query/gizmo?limit=1", body: `g.V().all()`},
			200, []string{`"result":[{"id":`}, "application/json"},
		{"v1 query empty result is null", request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V("<nothing:here>").out().all()`},
			200, []string{`{"result":null}`}, "application/json"},
		{"v1 query syntax error", request{method: "POST", path: "/api/v1/query/gizmo", body: `g.V(.all()`},
			400, []string{`"error":"SyntaxError`, `Line 1:5`}, "application/json"},
		{"v1 query bad limit", request{method: "POST", path: "/api/v1/query/gizmo?limit=ten", body: `g.V().all()`},
			400, []string{`limit=\"ten\"`}, ""},
		{"v1 query unknown language", request{method: "POST", path: "/api/v1/query/sparql", body: `SELECT *`},
			400, []string{"unknown query language"}, ""},
		{"v1 graphql", request{method: "POST", path: "/api/v1/query/graphql", body: `{ nodes(id: "<ent:Russia>") { id } }`},
			200, []string{`"data":{"nodes":{"id":"ent:Russia"}}`}, ""},
		{"v1 graphql error", request{method: "POST", path: "/api/v1/query/graphql", body: `{ nodes(`},
			200, []string{`"data":null`, `"errors":[{"message":`}, ""},
		{"v1 mql", request{method: "POST", path: "/api/v1/query/mql", body: `[{"id": "<ent:Russia>", "<rdfs:label>": null}]`},
			200, []string{`Russia`}, ""},

		{"v1 write", request{method: "POST", path: "/api/v1/write", body: `[{"subject":"<test:a>","predicate":"<test:p>","object":"<test:b>"}]`},
			200, []string{`"result":"Successfully wrote 1 quads."`}, "application/json"},
		{"v1 write unprefixed", request{method: "POST", path: "/write", body: `[{"subject":"<test:a>","predicate":"<test:p>","object":"plain","label":"<test:g>"}]`},
			200, []string{`Successfully wrote 1 quads.`}, ""},
		{"v1 write bad JSON located", request{method: "POST", path: "/api/v1/write", body: "[{\"subject\":\"<test:a>\",\n \"predicate\": }]"},
			400, []string{`"location":{"file":"request body","line":2,`}, ""},
		{"v1 write missing object", request{method: "POST", path: "/api/v1/write", body: `[{"subject":"<test:a>","predicate":"<test:p>","object":"<test:b>"},{"subject":"<test:a>","predicate":"<test:p>"}]`},
			400, []string{`quad at index 1: missing object`}, ""},
		{"v1 write literal predicate", request{method: "POST", path: "/api/v1/write", body: `[{"subject":"<test:a>","predicate":"p","object":"<test:b>"}]`},
			400, []string{`quad at index 0`, `not an IRI`}, ""},
		{"v1 delete", request{method: "POST", path: "/api/v1/delete", body: `[{"subject":"<test:a>","predicate":"<test:p>","object":"plain","label":"<test:g>"}]`},
			200, []string{`Successfully deleted 1 quads.`}, ""},
		{"v1 delete unprefixed", request{method: "POST", path: "/delete", body: `[{"subject":"<test:none>","predicate":"<test:p>","object":"x"}]`},
			200, []string{`Successfully deleted 1 quads.`}, ""},
		{"v1 delete bad JSON", request{method: "POST", path: "/api/v1/delete", body: `{"subject":1}`},
			400, []string{`"location"`}, ""},

		{"v1 nquad file", request{method: "POST", path: "/api/v1/write/file/nquad", body: nqFile, header: map[string]string{"Content-Type": nqType}},
			200, []string{`Successfully wrote 2 quads.`}, ""},
		{"v1 nquad file gzip by name", request{method: "POST", path: "/write/file/nquad", body: gzFile, header: map[string]string{"Content-Type": gzType}},
			200, []string{`Successfully wrote 1 quads.`}, ""},
		{"v1 nquad file gzip by magic", request{method: "POST", path: "/api/v1/write/file/nquad", body: gzNoName, header: map[string]string{"Content-Type": gzNoNameType}},
			200, []string{`Successfully wrote 1 quads.`}, ""},
		{"v1 nquad file bad line", request{method: "POST", path: "/api/v1/write/file/nquad", body: badFile, header: map[string]string{"Content-Type": badType}},
			400, []string{`"location":{"file":"bad.nq","line":2,"column":`}, ""},
		{"v1 nquad file not multipart", request{method: "POST", path: "/api/v1/write/file/nquad", body: "<a> <b> <c> ."},
			400, []string{`multipart/form-data`, `NQuadFile`}, ""},
		{"v1 nquad file wrong field", request{method: "POST", path: "/api/v1/write/file/nquad", body: strings.ReplaceAll(nqFile, `name="NQuadFile"`, `name="other"`), header: map[string]string{"Content-Type": nqType}},
			400, []string{`no file field NQuadFile`}, ""},

		{"v2 query POST", request{method: "POST", path: "/api/v2/query?lang=gizmo", body: `g.V("<test:f>").out("<test:p>").all()`},
			200, []string{`"file"`, `"<test:g>"`}, "application/json"},
		{"v2 query GET", request{method: "GET", path: "/api/v2/query?lang=gizmo&qu=" + urlEscape(`g.V("<test:a>").out().all()`)},
			200, []string{`"<test:b>"`}, ""},
		{"v2 query limit is configurable", request{method: "POST", path: "/api/v2/query?lang=gizmo&limit=150", body: `g.V().all()`},
			200, []string{`"result":[`}, ""},
		{"v2 query no language", request{method: "POST", path: "/api/v2/query", body: `g.V().all()`},
			400, []string{`query language not specified`}, ""},
		{"v2 query empty", request{method: "POST", path: "/api/v2/query?lang=gizmo"},
			400, []string{`query is empty`}, ""},
		{"v2 read", request{method: "GET", path: "/api/v2/read?sub=" + urlEscape("<test:f>")},
			200, []string{`<test:f> <test:p> "file" .`, `<test:f> <test:p> <test:g> .`}, "application/n-quads"},
		{"v2 read POST as JSON-LD", request{method: "POST", path: "/api/v2/read?sub=" + urlEscape("<test:a>"), header: map[string]string{"Accept": "application/ld+json"}},
			200, []string{`"@id"`, `test:b`}, "application/ld+json"},
		{"v2 read unknown format", request{method: "GET", path: "/api/v2/read?format=xlsx"},
			400, []string{`unknown format \"xlsx\"`}, ""},
		{"v2 formats", request{method: "GET", path: "/api/v2/formats"},
			200, []string{`"id":"nquads","read":true,"write":true`, `"id":"graphml"`}, "application/json"},
		{"v2 write", request{method: "POST", path: "/api/v2/write", body: "<test:c> <test:p> \"v2\" .\n<test:c> <test:p> <test:d> .\n", header: map[string]string{"Content-Type": "application/n-quads"}},
			200, []string{`"result":"Successfully wrote 2 quads."`, `"count":2`, `"added":2`}, "application/json"},
		{"v2 write JSON-LD", request{method: "POST", path: "/api/v2/write", body: `{"@id": "test:j", "test:p": {"@id": "test:k"}}`, header: map[string]string{"Content-Type": "application/ld+json"}},
			200, []string{`"count":1`}, ""},
		{"v2 write JSON-LD remote context refused", request{method: "POST", path: "/api/v2/write", body: `{"@context": "http://example.com/ctx.jsonld", "@id": "test:j"}`, header: map[string]string{"Content-Type": "application/ld+json"}},
			400, []string{`refused`}, ""},
		{"v2 write gzip", request{method: "POST", path: "/api/v2/write", body: gzipped("<test:z> <test:p> \"gz\" .\n"), header: map[string]string{"Content-Encoding": "gzip"}},
			200, []string{`"count":1`}, ""},
		{"v2 write bad line", request{method: "POST", path: "/api/v2/write", body: "<test:c> <test:p> \"ok\" .\n<test:c> <test:p> .\n"},
			400, []string{`"location":{"file":"request body","line":2,"column":`}, ""},
		{"v2 write format without reader", request{method: "POST", path: "/api/v2/write", body: "<graphml/>", header: map[string]string{"Content-Type": "application/xml"}},
			400, []string{`not supported for reading`}, ""},
		{"v2 delete", request{method: "POST", path: "/api/v2/delete", body: "<test:c> <test:p> \"v2\" .\n"},
			200, []string{`"count":1`, `"removed":1`}, ""},
		{"v2 delete bad line", request{method: "POST", path: "/api/v2/delete", body: "<test:c> <test:p>\n"},
			400, []string{`"line":1`}, ""},
		{"v2 node delete", request{method: "POST", path: "/api/v2/node/delete", body: "<test:c>"},
			200, []string{`Successfully deleted 1 nodes.`, `"removed":1`}, ""},
		{"v2 node delete empty", request{method: "POST", path: "/api/v2/node/delete", body: "  "},
			400, []string{`want one node`}, ""},

		{"search", request{method: "GET", path: "/api/quiver/search?q=lavrov&limit=3"},
			200, []string{`"hits":[`, `"id":"ent:SergeyLavrov"`}, "application/json"},
		{"search by phrase", request{method: "GET", path: "/api/quiver/search?q=Russia%20Taliban"},
			200, []string{`"hits":[{"node":{"id":"ev:RussiaRecognizesTaliban"`}, ""},
		{"search by phrase across label and alias", request{method: "GET", path: "/api/quiver/search?q=Taliban%20recognition"},
			200, []string{`"id":"ev:RussiaRecognizesTaliban"`}, ""},
		{"search without q", request{method: "GET", path: "/api/quiver/search"},
			400, []string{`missing query parameter q`}, ""},
		{"search bad limit", request{method: "GET", path: "/api/quiver/search?q=x&limit=-1"},
			400, []string{`limit=\"-1\"`}, ""},
		{"resolve alias", request{method: "GET", path: "/api/quiver/resolve?name=Moscow"},
			200, []string{`"id":"ent:Russia"`}, ""},
		{"resolve unknown", request{method: "GET", path: "/api/quiver/resolve?name=Atlantis"},
			404, []string{`not found`}, ""},
		{"node", request{method: "GET", path: "/api/quiver/node?id=ent:Russia"},
			200, []string{`"aliases":[`, `"evidence":[`}, ""},
		{"node missing id", request{method: "GET", path: "/api/quiver/node"},
			400, []string{`missing query parameter id`}, ""},
		{"node unknown", request{method: "GET", path: "/api/quiver/node?id=ent:Nowhere"},
			404, []string{`not found`}, ""},
		{"neighbors", request{method: "GET", path: "/api/quiver/neighbors?id=ent:Russia&limit=2"},
			200, []string{`"groups":[`, `"direction":`, `"count":`}, ""},
		{"neighbors bad confidence", request{method: "GET", path: "/api/quiver/neighbors?id=ent:Russia&minConfidence=high"},
			400, []string{`minConfidence`}, ""},
		{"paths", request{method: "GET", path: "/api/quiver/paths?from=ent:SergeyLavrov&to=ent:Taliban&k=2"},
			200, []string{`"paths":[{"steps":[`, `"evidence":[`}, ""},
		{"paths missing to", request{method: "GET", path: "/api/quiver/paths?from=ent:SergeyLavrov"},
			400, []string{`missing query parameter to`}, ""},
		{"paths bad undirected", request{method: "GET", path: "/api/quiver/paths?from=a&to=b&undirected=maybe"},
			400, []string{`undirected`}, ""},
		{"influence", request{method: "GET", path: "/api/quiver/influence?target=ev:RussiaRecognizesTaliban"},
			200, []string{`"influencers":[`, `ent:SergeyLavrov`, `ent:VladimirPutin`}, ""},
		{"influence missing target", request{method: "GET", path: "/api/quiver/influence"},
			400, []string{`missing query parameter target`}, ""},
		{"evidence for a claim", request{method: "GET", path: "/api/quiver/evidence?claim=claim:tass-putin-decided"},
			200, []string{`"quote":"Russian President Vladimir Putin made the final decision"`}, ""},
		{"evidence for a fact", request{method: "GET", path: "/api/quiver/evidence?subject=ent:Russia&predicate=kg:recognizes&object=ent:Taliban"},
			200, []string{`"evidence":[{"claim":`}, ""},
		{"evidence for a node", request{method: "GET", path: "/api/quiver/evidence?node=ent:TASS"},
			200, []string{`"evidence":[`}, ""},
		{"evidence two selectors", request{method: "GET", path: "/api/quiver/evidence?node=ent:TASS&claim=claim:x"},
			400, []string{`give one of claim=`}, ""},
		{"evidence incomplete fact", request{method: "GET", path: "/api/quiver/evidence?subject=ent:Russia"},
			400, []string{`subject=, predicate= and object=`}, ""},
		{"timeline", request{method: "GET", path: "/api/quiver/timeline?after=2021&before=2021-12"},
			200, []string{`"entries":[{"date":"2021-08"`}, ""},
		{"stats", request{method: "GET", path: "/api/quiver/stats"},
			200, []string{`"backend":"memory"`, `"quads":`}, ""},
		{"ingest", request{method: "POST", path: "/api/quiver/ingest", body: ingestBody(t, claimsFile)},
			200, []string{`"document":"doc:test-article"`, `"claims":1`}, ""},
		{"ingest violations listed", request{method: "POST", path: "/api/quiver/ingest", body: ingestBody(t, badClaims)},
			400, []string{`"violations":[`, `"suggestion":"kg:allies-with"`, `"path":"confidence"`, `"line":`}, ""},
		{"ingest missing text", request{method: "POST", path: "/api/quiver/ingest", body: `{"claims": ` + jsonString(claimsFile) + `, "texts": {}}`},
			400, []string{`was not sent`}, ""},
		{"ingest server file refused", request{method: "POST", path: "/api/quiver/ingest", body: `{"claims": ` + jsonString(strings.Replace(claimsFile, "text: test.txt", "text: /etc/passwd", 1)) + `, "texts": {}}`},
			400, []string{`was not sent`}, ""},
		{"ingest bad JSON", request{method: "POST", path: "/api/quiver/ingest", body: `{"claims": 3}`},
			400, []string{`"location"`}, ""},

		{"openapi", request{method: "GET", path: "/api/openapi.yaml"}, 200, []string{"openapi: 3."}, "application/yaml"},
		{"ui fallback page", request{method: "GET", path: "/"}, 200, []string{"make ui"}, "text/html"},
		{"unknown API route", request{method: "GET", path: "/api/v3/query"}, 404, []string{`"error":"no such API route`}, "application/json"},
		{"wrong method", request{method: "GET", path: "/api/v1/write"}, 405, []string{`use POST`}, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.do(t, tt.req)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if ct := resp.Header.Get("Content-Type"); tt.wantCT != "" && !strings.HasPrefix(ct, tt.wantCT) {
				t.Errorf("Content-Type %q, want %s...", ct, tt.wantCT)
			}
			if resp.Header.Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID header")
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func urlEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", "<", "%3C", ">", "%3E", `"`, "%22").Replace(s)
}

// TestV1LimitSemantics checks ?limit against the seed graph: missing or 0
// gives 100 rows, N gives N, negative gives every row up to the cap, and
// the cap is signalled.
func TestV1LimitSemantics(t *testing.T) {
	ts := newTestServer(t, server.Config{MaxResults: 150})
	rows := func(t *testing.T, path string) (int, string) {
		resp, body := ts.do(t, request{method: "POST", path: path, body: `g.V().all()`})
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		var res struct{ Result []any }
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		return len(res.Result), resp.Header.Get("X-Result-Truncated")
	}
	tests := []struct {
		name      string
		path      string
		want      int
		truncated string
	}{
		{"missing", "/api/v1/query/gizmo", 100, ""},
		{"zero", "/api/v1/query/gizmo?limit=0", 100, ""},
		{"explicit", "/query/gizmo?limit=7", 7, ""},
		{"negative is the cap", "/api/v1/query/gizmo?limit=-1", 150, "true"},
		{"above the cap", "/api/v1/query/gizmo?limit=100000", 150, "true"},
		{"v2 default", "/api/v2/query?lang=gizmo", 100, ""},
		{"v2 configurable", "/api/v2/query?lang=gizmo&limit=120", 120, ""},
		{"v2 negative", "/api/v2/query?lang=gizmo&limit=-1", 150, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, tr := rows(t, tt.path)
			if n != tt.want || tr != tt.truncated {
				t.Errorf("%d rows (truncated %q), want %d (%q)", n, tr, tt.want, tt.truncated)
			}
		})
	}
}

// TestWriteIsAtomic checks that a bad quad anywhere in a write leaves the
// store as it was.
func TestWriteIsAtomic(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	before := quadCount(t, ts.store)
	resp, body := ts.do(t, request{method: "POST", path: "/api/v2/write", body: "<test:a> <test:p> <test:b> .\n<test:a> <test:p> <test:c> .\nbroken\n"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if after := quadCount(t, ts.store); after != before {
		t.Errorf("store went from %d to %d quads after a failed write", before, after)
	}
}

// Ingest checks a claims file against the store, as quiver load does: it
// may use the entities the store knows (it was compiled alone before and
// refused them), a claim id of another document is refused, and loading
// the document again replaces it.
func TestIngestIsCheckedAgainstTheStore(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	post := func(body string) (int, map[string]any) {
		t.Helper()
		resp, out := ts.do(t, request{method: "POST", path: "/api/quiver/ingest", body: body})
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("%d %s: %v", resp.StatusCode, out, err)
		}
		return resp.StatusCode, m
	}
	status, res := post(ingestWith(t, denialClaims, denialTexts, false))
	if change, _ := res["change"].(map[string]any); status != 200 || change["action"] != "load" {
		t.Fatalf("first ingest: %d %v", status, res)
	}
	corrected := strings.Replace(denialClaims, "confidence: 0.7", "confidence: 0.6", 1)
	status, res = post(ingestWith(t, corrected, denialTexts, false))
	if change, _ := res["change"].(map[string]any); status != 200 || change["action"] != "replace" || fmt.Sprint(change["claimsChanged"]) != "[claim:test-denial]" {
		t.Fatalf("second ingest: %d %v", status, res)
	}
	taken := strings.Replace(strings.Replace(corrected, "claim:test-denial", "claim:tass-putin-decided", 1), "doc:test-denial", "doc:test-other", 1)
	status, res = post(ingestWith(t, taken, denialTexts, false))
	if status != 400 || !strings.Contains(fmt.Sprint(res["violations"]), "claim id claim:tass-putin-decided already belongs to doc:russia-recognizes-taliban") {
		t.Fatalf("a claim id of the seed: %d %v", status, res)
	}
}
