package parse

import (
	"errors"
	"fmt"
)

// ErrUnknownFormat is returned when an input's format cannot be told from
// its name or the given format name.
var ErrUnknownFormat = errors.New("unknown format")

// ErrInputTooLarge is wrapped by the *Error returned when an input exceeds
// a read limit: its decompressed size (Options.MaxBytes), its expansion
// ratio when gzipped (Options.MaxInflateRatio), or the length of one
// N-Quads line (MaxLineBytes). Servers answer it with 413.
var ErrInputTooLarge = errors.New("input too large")

// Error locates a problem in an input: which file, line and column
// (1-based; 0 when unknown) and what was expected. Loads that meet an
// Error write nothing.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
	Err    error
}

// Error formats the error as file:line:col: message, the form editors jump to.
func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, e.Line)
		if e.Column > 0 {
			loc = fmt.Sprintf("%s:%d", loc, e.Column)
		}
	}
	return loc + ": " + e.Msg
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// tooLarge is an *Error wrapping ErrInputTooLarge.
func tooLarge(file string, line int, msg string) *Error {
	return &Error{File: file, Line: line, Msg: msg, Err: ErrInputTooLarge}
}
