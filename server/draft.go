package server

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/quiver-kg/quiver/schema/draft"
)

// DraftRequest is the body of POST /api/quiver/draft: an article's text and,
// optionally, its document id, title and the path its claims file will name
// the text by.
type DraftRequest struct {
	Text     string `json:"text"`
	ID       string `json:"id,omitempty"`
	Title    string `json:"title,omitempty"`
	TextPath string `json:"textPath,omitempty"`
}

// DraftResult is the answer of POST /api/quiver/draft: the draft, its claims
// file (which loads as printed), and whether the store already holds a
// document with the draft's id (loading the draft would replace it).
type DraftResult struct {
	Draft          *draft.Draft `json:"draft"`
	YAML           string       `json:"yaml"`
	Replaces       bool         `json:"replaces"`
	ReplacesClaims int          `json:"replacesClaims"`
}

// draftArticle drafts a claims file for the posted text with the store's
// entities. It reads the store and writes nothing, so it needs no token.
func (s *Server) draftArticle(w http.ResponseWriter, r *http.Request) {
	answer(s, w, r, nil, func(r *http.Request) (*DraftResult, error) {
		var req DraftRequest
		if err := decodeBody(r, &req); err != nil {
			return nil, err
		}
		if strings.TrimSpace(req.Text) == "" || !utf8.ValidString(req.Text) {
			return nil, badRequest("request body: text is empty or not valid UTF-8 (want the article, its title on the first line)")
		}
		if req.TextPath == "" {
			req.TextPath = "article.txt"
		}
		ents, err := s.store.Entities(r.Context())
		if err != nil {
			return nil, err
		}
		d := draft.Make(req.Text, draft.Options{ID: req.ID, Title: req.Title, TextPath: req.TextPath, Entities: ents})
		exists, n, err := s.store.DocumentClaims(r.Context(), d.ID)
		if err != nil {
			return nil, err
		}
		return &DraftResult{Draft: d, YAML: d.YAML(), Replaces: exists, ReplacesClaims: n}, nil
	})
}
