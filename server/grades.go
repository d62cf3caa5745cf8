package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/quiver-kg/quiver/graph"
)

// GradeRequest is the body of POST /api/quiver/grade.
type GradeRequest struct {
	// Source is the entity or document graded ("ent:TASS", "doc:x").
	Source string `json:"source"`
	// Reliability is A (completely reliable) to F (cannot be judged).
	Reliability string `json:"reliability"`
	// Note says why.
	Note string `json:"note,omitempty"`
}

// GradesResult is the answer of GET /api/quiver/grades and of a grade.
type GradesResult struct {
	Grades []graph.SourceGrade `json:"grades"`
}

// grades lists the graded sources.
func (s *Server) grades(w http.ResponseWriter, r *http.Request) {
	answer(s, w, r, nil, func(r *http.Request) (*GradesResult, error) {
		return s.gradesOf(r.Context())
	})
}

func (s *Server) gradesOf(ctx context.Context) (*GradesResult, error) {
	gs, err := s.store.Grades(ctx)
	if err != nil {
		return nil, err
	}
	if gs == nil {
		gs = []graph.SourceGrade{}
	}
	return &GradesResult{Grades: gs}, nil
}

// grade grades a source (mutating: behind the token and read-only mode)
// and answers every current grade.
func (s *Server) grade(w http.ResponseWriter, r *http.Request) {
	var req GradeRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	if strings.TrimSpace(req.Source) == "" {
		s.fail(w, r, flavorQuiver, badRequest("request body: source is empty (want an entity or document id)"))
		return
	}
	if _, err := s.store.Grade(r.Context(), req.Source, req.Reliability, req.Note); err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	res, err := s.gradesOf(r.Context())
	if err != nil {
		s.fail(w, r, flavorQuiver, err)
		return
	}
	writeJSON(w, http.StatusOK, res, false)
}
