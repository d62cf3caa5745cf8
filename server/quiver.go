package server

// Quiver's own API: the questions the explorer and scripts ask, answered by
// the graph package's explain layer, and the claims ingest. Every route is
// GET with query parameters (so permalinks work) except ingest.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/schema"
)

// QuiverPrefix is the path prefix of Quiver's own API.
const QuiverPrefix = "/api/quiver"

func (s *Server) registerQuiver() {
	p := QuiverPrefix
	s.handle("GET", p+"/search", s.search)
	s.handle("GET", p+"/resolve", s.resolve)
	s.handle("GET", p+"/node", s.node)
	s.handle("GET", p+"/neighbors", s.neighbors)
	s.handle("GET", p+"/paths", s.paths)
	s.handle("GET", p+"/influence", s.influence)
	s.handle("GET", p+"/evidence", s.evidence)
	s.handle("GET", p+"/timeline", s.timeline)
	s.handle("GET", p+"/stats", s.stats)
	s.handle("POST", p+"/draft", s.draftArticle)
	s.handle("GET", p+"/grades", s.grades)
	s.handleMutating(flavorQuiver, "POST", p+"/grade", s.grade)
	s.handleMutating(flavorQuiver, "POST", p+"/ingest", s.ingest)
	s.registerDocuments()
}

// params reads typed query parameters, keeping the first problem.
type params struct {
	r   *http.Request
	err error
}

func (p *params) str(key string) string { return strings.TrimSpace(p.r.URL.Query().Get(key)) }

func (p *params) required(key string) string {
	v := p.str(key)
	if v == "" && p.err == nil {
		p.err = badRequest("missing query parameter %s", key)
	}
	return v
}

func (p *params) list(key string) []string {
	var out []string
	for _, v := range p.r.URL.Query()[key] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (p *params) int(key string) int {
	v := p.str(key)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if (err != nil || n < 0) && p.err == nil {
		p.err = badRequest("query parameter %s=%q: want a whole number >= 0", key, v)
	}
	return n
}

func (p *params) float(key string) float64 {
	v := p.str(key)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if (err != nil || f < 0 || f > 1) && p.err == nil {
		p.err = badRequest("query parameter %s=%q: want a number between 0 and 1", key, v)
	}
	return f
}

// grade reads a minimum grade ("B3", "C", "3"; docs/grading.md).
func (p *params) grade(key string) string {
	v := p.str(key)
	if _, err := ask.ParseGrade(v); err != nil && p.err == nil {
		p.err = badRequest("query parameter %s=%q: want a reliability A-F, a credibility 1-6, or both (B3)", key, v)
	}
	return v
}

func (p *params) bool(key string) bool {
	v := p.str(key)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil && p.err == nil {
		p.err = badRequest("query parameter %s=%q: want true or false", key, v)
	}
	return b
}

// answer runs a question under the query timeout and writes its result.
func answer[T any](s *Server, w http.ResponseWriter, r *http.Request, p *params, ask func(*http.Request) (T, error)) {
	if p != nil && p.err != nil {
		s.fail(w, r, flavorQuiver, p.err)
		return
	}
	ctx, cancel := s.questionContext(r)
	defer cancel()
	v, err := ask(r.WithContext(ctx))
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	writeJSON(w, http.StatusOK, v, false)
}

// SearchResult is the answer of GET /api/quiver/search.
type SearchResult struct {
	Hits []ask.SearchHit `json:"hits"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	q, limit := p.required("q"), p.int("limit")
	answer(s, w, r, p, func(r *http.Request) (SearchResult, error) {
		hits, err := s.phraseSearch(r.Context(), q, limit)
		if hits == nil {
			hits = []ask.SearchHit{}
		}
		return SearchResult{Hits: hits}, err
	})
}

// phraseWords are left out of a phrase: they name no node.
var phraseWords = map[string]bool{"the": true, "and": true, "of": true, "who": true, "what": true, "does": true, "did": true, "with": true, "for": true, "from": true}

// phraseTokens are the words of q worth searching for on their own.
func phraseTokens(q string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		w = strings.Trim(w, `"'“”‘’.,;:?!()`)
		if len([]rune(w)) >= 3 && !phraseWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// phraseCandidates bounds each word's search in a phrase search.
const phraseCandidates = 200

// phraseSearch is Search, plus phrases: when q has several words, the
// nodes whose label and aliases, taken together, match every word
// ("Russia Taliban" finds "Russia recognizes the Taliban government",
// "Taliban recognition" its alias "recognition of the Taliban"). Those
// rank after the whole query's exact, prefix and substring matches and
// before its fuzzy ones; a phrase hit scores its weakest word's score
// times 0.65 and names the names its words matched.
func (s *Server) phraseSearch(ctx context.Context, q string, limit int) ([]ask.SearchHit, error) {
	if limit <= 0 {
		limit = ask.DefaultSearchLimit
	}
	direct, err := s.store.Search(ctx, q, limit)
	words := phraseTokens(q)
	if err != nil || len(words) < 2 {
		return direct, err
	}
	type acc struct {
		hit     ask.SearchHit
		n       int
		matched []string
	}
	found := map[string]*acc{}
	for i, w := range words {
		hits, err := s.store.Search(ctx, w, phraseCandidates)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			a := found[h.Node.ID]
			if a == nil && i == 0 {
				a = &acc{hit: h}
				found[h.Node.ID] = a
			}
			if a == nil || a.n != i {
				continue // missed an earlier word
			}
			a.n++
			a.hit.Score = min(a.hit.Score, h.Score)
			if !slices.Contains(a.matched, h.Matched) {
				a.matched = append(a.matched, h.Matched)
			}
		}
	}
	var phrase []ask.SearchHit
	for _, a := range found {
		if a.n == len(words) {
			a.hit.Score *= 0.65
			a.hit.Matched = strings.Join(a.matched, " / ")
			phrase = append(phrase, a.hit)
		}
	}
	slices.SortFunc(phrase, func(a, b ask.SearchHit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		// Ties: the words in fewer, shorter names first (one name holding them all).
		if c := cmp.Compare(strings.Count(a.Matched, " / "), strings.Count(b.Matched, " / ")); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.Matched), len(b.Matched)); c != 0 {
			return c
		}
		return strings.Compare(a.Node.ID, b.Node.ID)
	})
	// The whole query's substring-or-better matches, then the phrase's, then the rest.
	var out []ask.SearchHit
	seen := map[string]bool{}
	add := func(hs []ask.SearchHit, keep func(ask.SearchHit) bool) {
		for _, h := range hs {
			if !seen[h.Node.ID] && keep(h) && len(out) < limit {
				seen[h.Node.ID] = true
				out = append(out, h)
			}
		}
	}
	strong := func(h ask.SearchHit) bool { return h.Score >= 0.7 }
	add(direct, strong)
	add(phrase, func(ask.SearchHit) bool { return true })
	add(direct, func(h ask.SearchHit) bool { return !strong(h) })
	return out, nil
}

func (s *Server) resolve(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	name := p.required("name")
	answer(s, w, r, p, func(r *http.Request) (ask.NodeRef, error) {
		return s.store.Resolve(r.Context(), name)
	})
}

func (s *Server) node(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	id := p.required("id")
	answer(s, w, r, p, func(r *http.Request) (*ask.NodeDetails, error) {
		return s.store.Node(r.Context(), id)
	})
}

func (s *Server) neighbors(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	id := p.required("id")
	opts := ask.NeighborOptions{
		Limit: p.int("limit"), Predicates: p.list("predicate"),
		MinConfidence: p.float("minConfidence"), AsOf: p.str("asOf"),
	}
	answer(s, w, r, p, func(r *http.Request) (*ask.Neighborhood, error) {
		return s.store.Neighbors(r.Context(), id, opts)
	})
}

func (s *Server) paths(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	from, to := p.required("from"), p.required("to")
	opts := ask.PathOptions{
		MaxDepth: p.int("maxDepth"), K: p.int("k"), Undirected: p.bool("undirected"),
		Predicates: p.list("predicate"), MinConfidence: p.float("minConfidence"),
		Sources: p.list("source"), AsOf: p.str("asOf"), MaxVisited: p.int("maxVisited"),
		MinGrade: p.grade("minGrade"),
	}
	answer(s, w, r, p, func(r *http.Request) (*ask.PathsResult, error) {
		return s.store.Paths(r.Context(), from, to, opts)
	})
}

func (s *Server) influence(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	target := p.required("target")
	opts := ask.InfluenceOptions{
		MaxDepth: p.int("maxDepth"), MinConfidence: p.float("minConfidence"),
		Sources: p.list("source"), AsOf: p.str("asOf"), Limit: p.int("limit"), MaxVisited: p.int("maxVisited"),
		MinGrade: p.grade("minGrade"),
	}
	answer(s, w, r, p, func(r *http.Request) (*ask.InfluenceResult, error) {
		return s.store.Influence(r.Context(), target, opts)
	})
}

// EvidenceResult is the answer of GET /api/quiver/evidence.
type EvidenceResult struct {
	Evidence []ask.Evidence `json:"evidence"`
}

func (s *Server) evidence(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	q := ask.EvidenceQuery{
		Claim: p.str("claim"), Node: p.str("node"),
		Subject: p.str("subject"), Predicate: p.str("predicate"), Object: p.str("object"),
		Source: p.str("source"), SoleSource: p.bool("soleSource"), Document: p.str("document"),
		MinGrade: p.grade("minGrade"),
	}
	kinds := 0
	for _, set := range []bool{q.Claim != "", q.Node != "", q.Subject != "" || q.Predicate != "" || q.Object != ""} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds > 1 || kinds == 0 && q.Source == "" && q.Document == "":
		p.err = badRequest("give one of claim=, node=, or subject=&predicate=&object=, or source= or document= alone")
	case q.Claim == "" && q.Node == "" && kinds == 1 && (q.Subject == "" || q.Predicate == "" || q.Object == ""):
		p.err = badRequest("a fact needs all of subject=, predicate= and object=")
	case q.SoleSource && q.Source == "":
		p.err = badRequest("soleSource needs source=")
	}
	answer(s, w, r, p, func(r *http.Request) (EvidenceResult, error) {
		ev, err := s.store.Evidence(r.Context(), q)
		if ev == nil {
			ev = []ask.Evidence{}
		}
		return EvidenceResult{Evidence: ev}, err
	})
}

// TimelineResult is the answer of GET /api/quiver/timeline.
type TimelineResult struct {
	Entries []ask.TimelineEntry `json:"entries"`
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	opts := ask.TimelineOptions{After: p.str("after"), Before: p.str("before"), Node: p.str("node"), MinGrade: p.grade("minGrade")}
	answer(s, w, r, p, func(r *http.Request) (TimelineResult, error) {
		es, err := s.store.Timeline(r.Context(), opts)
		if es == nil {
			es = []ask.TimelineEntry{}
		}
		return TimelineResult{Entries: es}, err
	})
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	answer(s, w, r, nil, func(r *http.Request) (graph.Stats, error) {
		return s.store.Stats(r.Context())
	})
}

// IngestRequest is the body of POST /api/quiver/ingest: a claims file (see
// docs/claims-format.md) and the document text it names. The server never
// reads its own files for a client: the text named by document.text must
// be sent in Texts, keyed by that path.
type IngestRequest struct {
	// Name is the claims file's name, used in violations; default
	// "upload.claims.yaml".
	Name string `json:"name,omitempty"`
	// Claims is the claims file's YAML.
	Claims string `json:"claims"`
	// Texts maps document.text paths (as written in the claims file) to
	// the documents' UTF-8 text.
	Texts map[string]string `json:"texts"`
	// DryRun checks the file against the store and returns the change
	// without writing it.
	DryRun bool `json:"dryRun,omitempty"`
}

// IngestResult is the answer of a successful ingest.
type IngestResult struct {
	Document string `json:"document"`
	Claims   int    `json:"claims"`
	Read     int    `json:"read"`
	Added    int64  `json:"added"`
	// Removed counts the quads a replace removed.
	Removed int64 `json:"removed,omitempty"`
	// Change says what happened to the document: loaded, replaced (with
	// the claims and facts added, removed and changed) or unchanged.
	Change *graph.DocumentChange `json:"change,omitempty"`
	// Warnings are the problems that do not block (a node id written where
	// a literal belongs, an entity nothing uses).
	Warnings []Violation `json:"warnings,omitempty"`
	// DryRun is true when nothing was written.
	DryRun bool `json:"dryRun,omitempty"`
}

// ingest compiles and validates a claims file and loads it in one
// transaction. Every violation is returned at once (400); nothing is
// written unless the whole file is valid.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	res, err := s.ingestClaims(r)
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	writeJSON(w, http.StatusOK, res, false)
}

func (s *Server) ingestClaims(r *http.Request) (*IngestResult, error) {
	var req IngestRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Claims) == "" {
		return nil, badRequest("request body: claims is empty (want the claims file's YAML)")
	}
	name := path.Base(strings.ReplaceAll(req.Name, "\\", "/"))
	if name == "" || name == "." || name == "/" {
		name = "upload.claims.yaml"
	}
	texts := make(map[string]string, len(req.Texts))
	for k, v := range req.Texts {
		texts[path.Clean(k)] = v
	}
	readText := func(p string) ([]byte, error) {
		if t, ok := texts[path.Clean(p)]; ok {
			return []byte(t), nil
		}
		return nil, fmt.Errorf("text %q was not sent (put it in \"texts\"): %w", p, fs.ErrNotExist)
	}
	// The file is checked against the store's identity rules, as quiver
	// load checks it: stored entities may be used without declaring them.
	// Compiling locates each claim's quote in the document text: the whole
	// is bounded by the query timeout, and stopped when the client leaves.
	cctx, cancel := s.questionContext(r)
	defer cancel()
	res, cf, err := s.store.LoadClaims(cctx, graph.ClaimsInput{Name: name, Data: []byte(req.Claims), ReadFile: readText}, graph.LoadOptions{DryRun: req.DryRun})
	if err != nil {
		var vs schema.Violations
		if cf == nil && !errors.As(err, &vs) && cctx.Err() == nil {
			return nil, badRequest("%s: %v", name, err)
		}
		return nil, err
	}
	out := &IngestResult{Document: cf.Document.ID, Claims: len(cf.Claims), Read: res.Read, Added: res.Added, Removed: res.Removed,
		Warnings: violations(cf.Warnings), DryRun: req.DryRun}
	if len(res.Documents) == 1 {
		out.Change = &res.Documents[0]
	}
	return out, nil
}
