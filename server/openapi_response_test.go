package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/quiver-kg/quiver/server"
)

// openapi.yaml is a contract for clients, and the explorer's TypeScript
// types are generated from it (ui/src/api.gen.ts), so it must say what the
// server really sends. These tests send real requests to every route and
// check each answer's status, headers and body against its schemas.

// openAPIRouter loads openapi.yaml, checks that it is a valid OpenAPI 3
// document, and routes requests to its operations whatever their host (the
// test servers listen on random ports).
func openAPIRouter(tb testing.TB) routers.Router {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(server.OpenAPI)
	if err != nil {
		tb.Fatalf("load openapi.yaml: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		tb.Fatalf("route openapi.yaml: %v", err)
	}
	return router
}

// checkAgainstOpenAPI validates resp, whose body is body, against the
// operation its request was routed to, and returns that route ("POST
// /query/{lang}"). A status the operation does not document fails, as does
// a body with a field its schema does not list.
func checkAgainstOpenAPI(tb testing.TB, router routers.Router, resp *http.Response, body []byte) (string, error) {
	tb.Helper()
	req := resp.Request
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		tb.Fatalf("%s %s is not in openapi.yaml: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: pathParams, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	return req.Method + " " + route.Path, openapi3filter.ValidateResponse(context.Background(), in)
}

// exchange is one request of TestResponsesMatchOpenAPI and the status it
// must get, on the server named by on ("" is the writable seed server).
type exchange struct {
	name   string
	on     string
	req    request
	status int
}

// TestResponsesMatchOpenAPI checks the answers of every route, successes
// and the documented failures, against openapi.yaml, and that every route
// the server registers was checked.
func TestResponsesMatchOpenAPI(t *testing.T) {
	router := openAPIRouter(t)
	servers := map[string]*testServer{
		"":             newTestServer(t, server.Config{}),
		"read-only":    newTestServer(t, server.Config{ReadOnly: true}),
		"token":        newTestServer(t, server.Config{Token: "s3cret"}),
		"tiny body":    newTestServer(t, server.Config{MaxBodyBytes: 64}),
		"timeout":      newTestServer(t, server.Config{QueryTimeout: time.Nanosecond}),
		"tiny answers": newTestServer(t, server.Config{MaxAnswerBytes: 100}),
	}
	checked := map[string]bool{}
	for _, ex := range responseExchanges(t) {
		t.Run(ex.name, func(t *testing.T) {
			ts := servers[ex.on]
			resp, body := ts.do(t, ex.req)
			if resp.StatusCode != ex.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, ex.status, body)
			}
			route, err := checkAgainstOpenAPI(t, router, resp, []byte(body))
			if err != nil {
				t.Errorf("the answer disagrees with openapi.yaml:\n%v\nbody: %.600s", err, body)
			}
			checked[route] = true
		})
	}
	t.Run("every route checked", func(t *testing.T) {
		for _, r := range servers[""].srv.Routes() {
			if !checked[r.Method+" "+r.Path] {
				t.Errorf("no answer of %s %s was checked against openapi.yaml", r.Method, r.Path)
			}
		}
	})
}

// TestOpenAPISchemasAreStrict shows that the checks above can fail: a real
// answer with a required field removed, a field of the wrong type, a field
// the document does not list, or a status it does not document is refused.
func TestOpenAPISchemasAreStrict(t *testing.T) {
	router := openAPIRouter(t)
	ts := newTestServer(t, server.Config{})
	resp, body := ts.do(t, request{method: "GET", path: "/api/quiver/paths?from=ent:SergeyLavrov&to=ent:Taliban"})
	if _, err := checkAgainstOpenAPI(t, router, resp, []byte(body)); err != nil {
		t.Fatalf("the real answer should pass: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"required field missing", func(m map[string]any) { delete(m, "truncated") }},
		{"nested required field missing", func(m map[string]any) {
			delete(m["paths"].([]any)[0].(map[string]any)["steps"].([]any)[0].(map[string]any), "forward")
		}},
		{"wrong type", func(m map[string]any) { m["paths"].([]any)[0].(map[string]any)["score"] = "high" }},
		{"undocumented field", func(m map[string]any) { m["from"].(map[string]any)["colour"] = "red" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			bad, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := checkAgainstOpenAPI(t, router, resp, bad); err == nil {
				t.Errorf("a body with %s passed the schema", tt.name)
			}
		})
	}
	t.Run("undocumented status", func(t *testing.T) {
		teapot := *resp
		teapot.StatusCode = http.StatusTeapot
		if _, err := checkAgainstOpenAPI(t, router, &teapot, []byte(body)); err == nil {
			t.Error("status 418 passed, which /api/quiver/paths does not document")
		}
	})
}

// responseExchanges covers every route: each answer a client can rely on,
// the empty answers (where a Go nil slice would show up as null), and the
// error answers that middleware and handlers send. The writes come first:
// later reads find what they wrote. v2 read in gml and graphviz is left out:
// those answers carry no Content-Type, which OpenAPI cannot describe.
func responseExchanges(tb testing.TB) []exchange {
	nqFile, nqType := multipartFile(tb, "NQuadFile", "small.nq", []byte("<test:f> <test:p> \"file\" .\n<test:f> <test:p> <test:g> .\n"))
	badFile, badType := multipartFile(tb, "NQuadFile", "bad.nq", []byte("<test:f> <test:p> .\n"))
	badClaims := strings.Replace(claimsFile, "kg:allies-with", "kg:allies-wth", 1)
	ct := func(t string) map[string]string { return map[string]string{"Content-Type": t} }
	get := func(path string) request { return request{method: "GET", path: path} }
	post := func(path, body string) request { return request{method: "POST", path: path, body: body} }
	quad := `[{"subject":"<test:a>","predicate":"<test:p>","object":"<test:b>"}]`
	keyed := func(path, key, body string) request {
		return request{method: "POST", path: path, body: body, header: map[string]string{"Idempotency-Key": key}}
	}
	return []exchange{
		{"health", "", get("/health"), 204},
		{"openapi document", "", get("/api/openapi.yaml"), 200},
		{"explorer page", "", get("/"), 200},

		{"v1 gizmo rows", "", post("/api/v1/query/gizmo", `g.V("<ent:Russia>").out("<kg:allies-with>").all()`), 200},
		{"v1 gizmo no rows", "", post("/api/v1/query/gizmo", `g.V("<nothing:here>").out().all()`), 200},
		{"v1 gizmo truncated", "", post("/api/v1/query/gizmo?limit=-1", `g.V().all()`), 200},
		{"v1 gizmo syntax error", "", post("/api/v1/query/gizmo", `g.V(.all()`), 400},
		{"v1 graphql", "", post("/api/v1/query/graphql", `{ nodes(id: "<ent:Russia>") { id } }`), 200},
		{"v1 graphql error", "", post("/api/v1/query/graphql", `{ nodes(`), 200},
		{"v1 mql", "", post("/api/v1/query/mql", `[{"id": "<ent:Russia>", "<rdfs:label>": null}]`), 200},
		{"v1 query too large", "tiny body", post("/api/v1/query/gizmo", strings.Repeat(" ", 100)+"g.V().all()"), 413},
		{"v1 query unprefixed", "", post("/query/gizmo?limit=1", `g.V().all()`), 200},
		{"v1 gizmo cut by bytes", "tiny answers", post("/api/v1/query/gizmo?limit=-1", `g.V().all()`), 200},
		{"v1 gremlin", "", post("/api/v1/query/gremlin", `g.V("<ent:Russia>").Out("<rdfs:label>").All()`), 200},
		{"v1 shape", "", post("/api/v1/shape/gremlin", `g.V().All()`), 501},
		{"v1 shape unprefixed", "", post("/shape/gremlin", `g.V().All()`), 501},

		{"v1 write", "", post("/api/v1/write", quad), 200},
		{"v1 write unprefixed", "", post("/write", quad), 200},
		{"v1 write bad JSON", "", post("/api/v1/write", "[{\"subject\":\n}]"), 400},
		{"v1 write without token", "token", post("/api/v1/write", quad), 401},
		{"v1 write read-only", "read-only", post("/api/v1/write", quad), 403},
		{"v1 write too large", "tiny body", post("/api/v1/write", "[ "+strings.Repeat(quad[1:len(quad)-1]+",", 3)+quad[1:]), 413},
		{"v1 delete", "", post("/api/v1/delete", quad), 200},
		{"v1 delete unprefixed", "", post("/delete", quad), 200},
		{"v1 delete bad JSON", "", post("/api/v1/delete", `{"subject":1}`), 400},
		{"v1 delete read-only", "read-only", post("/delete", quad), 403},
		{"v1 nquad file", "", request{method: "POST", path: "/api/v1/write/file/nquad", body: nqFile, header: ct(nqType)}, 200},
		{"v1 nquad file unprefixed", "", request{method: "POST", path: "/write/file/nquad", body: nqFile, header: ct(nqType)}, 200},
		{"v1 nquad file bad line", "", request{method: "POST", path: "/api/v1/write/file/nquad", body: badFile, header: ct(badType)}, 400},

		{"v2 query GET", "", get("/api/v2/query?lang=gizmo&qu=" + urlEscape(`g.V("<ent:Russia>").all()`)), 200},
		{"v2 query POST", "", request{method: "POST", path: "/api/v2/query?lang=gizmo", body: `g.V("<test:f>").out("<test:p>").all()`}, 200},
		{"v2 query no language", "", post("/api/v2/query", `g.V().all()`), 400},
		{"v2 read N-Quads", "", get("/api/v2/read?sub=" + urlEscape("<test:f>")), 200},
		{"v2 read JSON-LD", "", request{method: "POST", path: "/api/v2/read?sub=" + urlEscape("<test:a>"), header: map[string]string{"Accept": "application/ld+json"}}, 200},
		{"v2 read json", "", get("/api/v2/read?format=json&sub=" + urlEscape("<test:f>")), 200},
		{"v2 read graphml", "", get("/api/v2/read?format=graphml&sub=" + urlEscape("<test:f>")), 200},
		{"v2 read pquads", "", get("/api/v2/read?format=pquads&sub=" + urlEscape("<test:f>")), 200},
		{"v2 read json-stream", "", get("/api/v2/read?format=json-stream&sub=" + urlEscape("<test:f>")), 200},
		{"v2 read unknown format", "", get("/api/v2/read?format=xlsx"), 400},
		{"v2 formats", "", get("/api/v2/formats"), 200},
		{"v2 write", "", request{method: "POST", path: "/api/v2/write", body: "<test:c> <test:p> <test:d> .\n<test:c> <test:p> \"v2\" .\n<test:lonely> <rdfs:label> \"Lonely\" .\n", header: ct("application/n-quads")}, 200},
		{"v2 write bad line", "", post("/api/v2/write", "<test:c> <test:p> .\n"), 400},
		{"v2 write with a key", "", keyed("/api/v2/write", "key-1", "<test:e> <test:p> <test:d> .\n"), 200},
		{"v2 write replayed", "", keyed("/api/v2/write", "key-1", "<test:e> <test:p> <test:d> .\n"), 200},
		{"v2 write key reused", "", keyed("/api/v2/write", "key-1", "<test:e> <test:p> <test:x> .\n"), 422},
		{"v2 write without token", "token", post("/api/v2/write", "<test:c> <test:p> <test:d> .\n"), 401},
		{"v2 delete", "", post("/api/v2/delete", "<test:c> <test:p> \"v2\" .\n"), 200},
		{"v2 delete read-only", "read-only", post("/api/v2/delete", "<test:c> <test:p> \"v2\" .\n"), 403},
		{"v2 node delete", "", post("/api/v2/node/delete", "<test:c>"), 200},
		{"v2 node delete empty", "", post("/api/v2/node/delete", " "), 400},

		{"search", "", get("/api/quiver/search?q=lavrov&limit=3"), 200},
		{"search without hits", "", get("/api/quiver/search?q=zzzzqqqq"), 200},
		{"search without q", "", get("/api/quiver/search"), 400},
		{"resolve", "", get("/api/quiver/resolve?name=Moscow"), 200},
		{"resolve unknown", "", get("/api/quiver/resolve?name=Atlantis"), 404},
		{"node", "", get("/api/quiver/node?id=ent:Russia"), 200},
		{"node without aliases or evidence", "", get("/api/quiver/node?id=test:f"), 200},
		{"node unknown", "", get("/api/quiver/node?id=ent:Nowhere"), 404},
		{"neighbors", "", get("/api/quiver/neighbors?id=ent:Russia&limit=2"), 200},
		{"neighbors of a node without relations", "", get("/api/quiver/neighbors?id=test:lonely"), 200},
		{"neighbors bad confidence", "", get("/api/quiver/neighbors?id=ent:Russia&minConfidence=high"), 400},
		{"paths", "", get("/api/quiver/paths?from=ent:SergeyLavrov&to=ent:Taliban&k=2"), 200},
		{"paths none", "", get("/api/quiver/paths?from=ent:Taliban&to=test:f"), 200},
		{"paths to itself", "", get("/api/quiver/paths?from=ent:Taliban&to=ent:Taliban"), 200},
		{"paths unknown end", "", get("/api/quiver/paths?from=ent:Taliban&to=ent:Nowhere"), 404},
		{"paths timed out", "timeout", get("/api/quiver/paths?from=ent:SergeyLavrov&to=ent:Taliban"), 504},
		{"influence", "", get("/api/quiver/influence?target=ev:RussiaRecognizesTaliban"), 200},
		{"influence none", "", get("/api/quiver/influence?target=test:f"), 200},
		{"influence missing target", "", get("/api/quiver/influence"), 400},
		{"evidence for a claim", "", get("/api/quiver/evidence?claim=claim:tass-putin-decided"), 200},
		{"evidence for a fact", "", get("/api/quiver/evidence?subject=ent:Russia&predicate=kg:recognizes&object=ent:Taliban"), 200},
		{"evidence for a node", "", get("/api/quiver/evidence?node=ent:TASS"), 200},
		{"evidence two selectors", "", get("/api/quiver/evidence?node=ent:TASS&claim=claim:x"), 400},
		{"evidence unknown claim", "", get("/api/quiver/evidence?claim=claim:nothing"), 404},
		{"timeline", "", get("/api/quiver/timeline?after=2021&before=2021-12"), 200},
		{"timeline empty", "", get("/api/quiver/timeline?after=1900&before=1901"), 200},
		{"stats", "", get("/api/quiver/stats"), 200},
		{"draft", "", post("/api/quiver/draft", `{"text": "Envoys\nSpecial envoy Zamir Kabulov told TASS that Putin approved the decision on the recommendation of Lavrov.", "id": "doc:envoys"}`), 200},
		{"draft of a stored document", "", post("/api/quiver/draft", `{"text": "Russia Recognizes\nRussia recognized the Taliban.", "id": "doc:russia-recognizes-taliban"}`), 200},
		{"draft without text", "", post("/api/quiver/draft", `{"text": ""}`), 400},
		{"draft with an unknown field", "", post("/api/quiver/draft", `{"txt": "x"}`), 400},
		{"grades none", "", get("/api/quiver/grades"), 200},
		{"influence with a minimum grade", "", get("/api/quiver/influence?target=ev:RussiaRecognizesTaliban&minGrade=F6"), 200},
		{"evidence with a minimum grade", "", get("/api/quiver/evidence?node=ent:TASS&minGrade=C"), 200},
		{"timeline with a bad grade", "", get("/api/quiver/timeline?minGrade=Z9"), 400},
		{"grade", "", post("/api/quiver/grade", `{"source": "ent:TASS", "reliability": "D", "note": "state media"}`), 200},
		{"grade unknown source", "", post("/api/quiver/grade", `{"source": "ent:Nobody", "reliability": "D"}`), 404},
		{"grade bad letter", "", post("/api/quiver/grade", `{"source": "ent:TASS", "reliability": "Q"}`), 400},
		{"grade read-only", "read-only", post("/api/quiver/grade", `{"source": "ent:TASS", "reliability": "D"}`), 403},
		{"ingest", "", post("/api/quiver/ingest", ingestBody(tb, claimsFile)), 200},
		{"ingest violations", "", post("/api/quiver/ingest", ingestBody(tb, badClaims)), 400},
		{"ingest read-only", "read-only", post("/api/quiver/ingest", ingestBody(tb, claimsFile)), 403},
		{"ingest a dry run", "", post("/api/quiver/ingest", ingestWith(tb, denialClaims, denialTexts, true)), 200},
		{"ingest using stored entities", "", post("/api/quiver/ingest", ingestWith(tb, denialClaims, denialTexts, false)), 200},

		{"evidence from a source alone", "", get("/api/quiver/evidence?source=ent:TASS&soleSource=true"), 200},
		{"evidence of a document", "", get("/api/quiver/evidence?document=doc:test-denial"), 200},
		{"evidence soleSource without source", "", get("/api/quiver/evidence?node=ent:TASS&soleSource=true"), 400},
		{"evidence unknown source", "", get("/api/quiver/evidence?source=ent:Nobody"), 404},
		{"conflicts", "", get("/api/quiver/conflicts"), 200},
		{"conflicts about a node", "", get("/api/quiver/conflicts?node=ent:Afghanistan"), 200},
		{"conflicts unknown node", "", get("/api/quiver/conflicts?node=ent:Nowhere"), 404},
		{"duplicates", "", get("/api/quiver/duplicates?limit=5"), 200},
		{"duplicates bad limit", "", get("/api/quiver/duplicates?limit=many"), 400},
		{"documents", "", get("/api/quiver/documents"), 200},
		{"document", "", get("/api/quiver/document?id=doc:test-denial"), 200},
		{"document without id", "", get("/api/quiver/document"), 400},
		{"document unknown", "", get("/api/quiver/document?id=doc:nothing"), 404},
		{"log", "", get("/api/quiver/log"), 200},
		{"log of a document with its removed versions", "", get("/api/quiver/log?document=doc:test-article&previous=true"), 200},
		{"log bad flag", "", get("/api/quiver/log?previous=perhaps"), 400},
		{"retract a dry run", "", post("/api/quiver/retract", `{"documents": ["doc:test-article"], "dryRun": true}`), 200},
		{"retract", "", post("/api/quiver/retract", `{"documents": ["doc:test-article"], "prune": true}`), 200},
		{"retract unknown", "", post("/api/quiver/retract", `{"documents": ["doc:test-article"]}`), 404},
		{"retract nothing", "", post("/api/quiver/retract", `{"documents": []}`), 400},
		{"retract bad body", "", post("/api/quiver/retract", `{"document": "doc:x"}`), 400},
		{"retract without token", "token", post("/api/quiver/retract", `{"documents": ["doc:x"]}`), 401},
		{"retract read-only", "read-only", post("/api/quiver/retract", `{"documents": ["doc:x"]}`), 403},
		{"merge a dry run", "", post("/api/quiver/merge", `{"from": "ent:NorthKorea", "into": "ent:Iran", "dryRun": true}`), 200},
		{"merge", "", post("/api/quiver/merge", `{"from": "North Korea", "into": "ent:Iran"}`), 200},
		{"merge again", "", post("/api/quiver/merge", `{"from": "ent:NorthKorea", "into": "ent:Iran"}`), 409},
		{"unmerge", "", post("/api/quiver/merge", `{"from": "ent:NorthKorea", "undo": true}`), 200},
		{"unmerge what is not merged", "", post("/api/quiver/merge", `{"from": "ent:NorthKorea", "undo": true}`), 404},
		{"merge without into", "", post("/api/quiver/merge", `{"from": "ent:NorthKorea"}`), 400},
		{"merge read-only", "read-only", post("/api/quiver/merge", `{"from": "ent:NorthKorea", "into": "ent:Iran"}`), 403},
	}
}

// denialClaims is a claims file that uses the seed's entities without
// declaring them and contradicts its recognition (a conflict).
const denialClaims = `document:
  id: doc:test-denial
  title: A denial
  text: denial.txt
  published: "2025-04-18"
claims:
  - id: claim:test-denial
    quote: Russia does not recognize the Taliban
    confidence: 0.7
    validTo: "2025-04-18"
    facts:
      - [ent:Russia, kg:doesNotRecognize, ent:Taliban]
`

var denialTexts = map[string]string{"denial.txt": "A denial\nRussia does not recognize the Taliban.\n"}

// ingestWith is the body of an ingest of claims with texts.
func ingestWith(tb testing.TB, claims string, texts map[string]string, dryRun bool) string {
	tb.Helper()
	b, err := json.Marshal(server.IngestRequest{Name: "x.claims.yaml", Claims: claims, Texts: texts, DryRun: dryRun})
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
