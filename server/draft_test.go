package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/quiver-kg/quiver/server"
)

// POST /api/quiver/draft drafts from the store's entities and says when
// the draft would replace a stored document; it writes nothing.
func TestDraftRoute(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	before := quadCount(t, ts.store)
	post := func(body string) server.DraftResult {
		t.Helper()
		resp, data := ts.do(t, request{method: "POST", path: "/api/quiver/draft", body: body})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, data)
		}
		var res server.DraftResult
		if err := json.Unmarshal([]byte(data), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := post(`{"text": "Envoys\nSpecial envoy Zamir Kabulov told TASS that Putin approved the decision on the recommendation of Lavrov.", "id": "doc:envoys"}`)
	if res.Replaces || res.Draft.ID != "doc:envoys" {
		t.Errorf("new document: replaces=%v id=%s", res.Replaces, res.Draft.ID)
	}
	found := false
	for _, st := range res.Draft.Stubs {
		found = found || st.Facts[0] == [3]string{"ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin"} && st.AttributedTo == "ent:ZamirKabulov"
	}
	if !found {
		t.Errorf("no attributed advice stub from the store's entities: %+v", res.Draft.Stubs)
	}
	res = post(`{"text": "Russia Recognizes\nRussia recognized the Taliban.", "id": "doc:russia-recognizes-taliban"}`)
	if !res.Replaces || res.ReplacesClaims != 37 {
		t.Errorf("the seed's id: replaces=%v claims=%d, want true and 37", res.Replaces, res.ReplacesClaims)
	}
	if after := quadCount(t, ts.store); after != before {
		t.Errorf("drafting wrote to the store: %d -> %d quads", before, after)
	}
}
