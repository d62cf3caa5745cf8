package server

// Quiver's API for documents, the change log, conflicts, duplicates and
// merges. Reads are GET with query parameters; writes are POST with a JSON
// body, behind the token and --read-only like every mutating route, and
// the change log records the name of the token used.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/parse"
)

func (s *Server) registerDocuments() {
	p := QuiverPrefix
	s.handle("GET", p+"/documents", s.documents)
	s.handle("GET", p+"/document", s.document)
	s.handle("GET", p+"/log", s.changeLog)
	s.handle("GET", p+"/conflicts", s.conflicts)
	s.handle("GET", p+"/duplicates", s.duplicates)
	s.handleMutating(flavorQuiver, "POST", p+"/retract", s.retract)
	s.handleMutating(flavorQuiver, "POST", p+"/merge", s.merge)
}

// DocumentsResult is the answer of GET /api/quiver/documents.
type DocumentsResult struct {
	Documents []ask.DocumentInfo `json:"documents"`
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	answer(s, w, r, nil, func(r *http.Request) (DocumentsResult, error) {
		docs, err := s.store.Documents(r.Context())
		if docs == nil {
			docs = []ask.DocumentInfo{}
		}
		return DocumentsResult{Documents: docs}, err
	})
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	id := p.required("id")
	answer(s, w, r, p, func(r *http.Request) (*ask.DocumentDetails, error) {
		return s.store.Document(r.Context(), id)
	})
}

// LogResult is the answer of GET /api/quiver/log.
type LogResult struct {
	Entries []graph.LogEntry `json:"entries"`
}

func (s *Server) changeLog(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	opts := graph.LogOptions{Document: p.str("document"), Previous: p.bool("previous")}
	answer(s, w, r, p, func(r *http.Request) (LogResult, error) {
		es, err := s.store.Log(r.Context(), opts)
		if es == nil {
			es = []graph.LogEntry{}
		}
		return LogResult{Entries: es}, err
	})
}

// ConflictsResult is the answer of GET /api/quiver/conflicts.
type ConflictsResult struct {
	Conflicts []ask.Conflict `json:"conflicts"`
}

func (s *Server) conflicts(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	opts := ask.ConflictOptions{Node: p.str("node")}
	answer(s, w, r, p, func(r *http.Request) (ConflictsResult, error) {
		cs, err := s.store.Conflicts(r.Context(), opts)
		return ConflictsResult{Conflicts: cs}, err
	})
}

// DuplicatesResult is the answer of GET /api/quiver/duplicates.
type DuplicatesResult struct {
	Candidates []ask.DuplicateCandidate `json:"candidates"`
}

func (s *Server) duplicates(w http.ResponseWriter, r *http.Request) {
	p := &params{r: r}
	opts := ask.DuplicateOptions{Node: p.str("node"), Limit: p.int("limit")}
	answer(s, w, r, p, func(r *http.Request) (DuplicatesResult, error) {
		ds, err := s.store.Duplicates(r.Context(), opts)
		if ds == nil {
			ds = []ask.DuplicateCandidate{}
		}
		return DuplicatesResult{Candidates: ds}, err
	})
}

// RetractRequest is the body of POST /api/quiver/retract.
type RetractRequest struct {
	// Documents are the documents to retract ("doc:x").
	Documents []string `json:"documents"`
	// Prune also removes the entities no fact uses any more.
	Prune bool `json:"prune,omitempty"`
	// DryRun returns the change without writing it.
	DryRun bool `json:"dryRun,omitempty"`
}

func (s *Server) retract(w http.ResponseWriter, r *http.Request) {
	var req RetractRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	if len(req.Documents) == 0 {
		s.fail(w, r, flavorQuiver, badRequest("request body: documents is empty (want the documents to retract, e.g. [\"doc:x\"])"))
		return
	}
	res, err := s.store.Retract(r.Context(), req.Documents, graph.RetractOptions{Prune: req.Prune, DryRun: req.DryRun})
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	writeJSON(w, http.StatusOK, res, false)
}

// MergeRequest is the body of POST /api/quiver/merge: merge From into
// Into, or with Undo unmerge From.
type MergeRequest struct {
	// From is the entity merged (IRI or name).
	From string `json:"from"`
	// Into is the entity it becomes; unused with Undo.
	Into string `json:"into,omitempty"`
	// Undo unmerges From.
	Undo bool `json:"undo,omitempty"`
	// DryRun checks and returns the change without writing it.
	DryRun bool `json:"dryRun,omitempty"`
}

func (s *Server) merge(w http.ResponseWriter, r *http.Request) {
	var req MergeRequest
	err := decodeBody(r, &req)
	switch {
	case err != nil:
	case req.From == "":
		err = badRequest("request body: from is empty (want the entity to merge)")
	case !req.Undo && req.Into == "":
		err = badRequest("request body: into is empty (want the entity to merge into, or undo: true)")
	case req.Undo && req.Into != "":
		err = badRequest("request body: undo takes only from (the merged entity)")
	}
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	var res graph.MergeResult
	if req.Undo {
		res, err = s.store.Unmerge(r.Context(), req.From, graph.MergeOptions{DryRun: req.DryRun})
	} else {
		res, err = s.store.Merge(r.Context(), req.From, req.Into, graph.MergeOptions{DryRun: req.DryRun})
	}
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	writeJSON(w, http.StatusOK, res, false)
}

// decodeBody reads a JSON request body into v, refusing unknown fields,
// located on error.
func decodeBody(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return parse.JSONError("request body", data, err)
	}
	return nil
}
