// Package parse reads Quiver's input formats into quads: N-Quads (and
// N-Triples), Cayley's pquads and JSON quad lists, JSON-LD, and Quiver's
// claims files (compiled by package schema).
//
// Every reader is strict and located: a problem is an *Error naming the
// file, line and column (or record or list index) and what was expected,
// and nothing is returned with it. Cayley's own N-Quads parser is lenient
// (it reads an unterminated "<ent:B ." as a string) and reports no
// positions, and it skips statements that are not valid quads, so Quiver
// scans each statement against the W3C grammar itself and decodes values
// exactly as Cayley would.
//
// # Limits
//
// Input is bounded before it is consumed: gzip (told by a .gz name or the
// magic bytes) may expand at most DefaultMaxInflateRatio times past its
// first InflateFloor bytes, the decompressed input at most
// Options.MaxBytes, and one N-Quads line at most MaxLineBytes. What the
// input becomes once parsed is bounded too, whatever amplifies it: pquads
// records that repeat the quad before them (one byte each), JSON-LD keys
// expanding through their contexts (charged as an upper bound before
// json-gold runs; inline contexts at most MaxJSONLDContextBytes), YAML
// aliases in claims files (package schema). The parsed quads, counted as
// their N-Quads size, obey the same MaxBytes and ratio, and their number
// Options.MaxQuads. Crossing a limit is an *Error wrapping
// ErrInputTooLarge. JSON and JSON-LD deeper than DefaultMaxJSONDepth are
// refused, and a JSON-LD @context that names a document instead of
// inlining it is refused: nothing is ever fetched from the network or read
// from local files on an input's behalf.
//
// # Values
//
// Whatever a reader returns a store can hold and a dump write back: every
// value has an N-Quads form that reads back as itself (CheckQuad). So \u
// escapes in IRIs are decoded (<ent:\u0041> is <ent:A>); escapes naming
// NUL, a UTF-16 surrogate or a number past U+10FFFF are refused where they
// are written (Cayley stores the last two as U+FFFD); an IRI holding a
// space or another excluded character, text that is not UTF-8, a bad blank
// node label or language tag is refused from any format; and what
// json-gold would drop from a JSON-LD document (relative or overlong IRIs,
// keys that expand to no IRI) is refused rather than lost.
//
// N-Quads is parsed in line-aligned chunks of about a megabyte, in
// parallel, and handed over in input order (Stream), so a load can stream
// a large file without holding every quad.
package parse
