// Package draft drafts a claims file from an article's text, using what
// the store already knows, so that getting an article into evidence takes
// minutes: a person reviews proposals instead of writing every line.
//
// Make finds, in order:
//
//   - the sentences, numbered and with their offsets exactly as the
//     claims compiler numbers them (schema.SentenceStarts);
//   - mentions of the store's entities: their labels and aliases, longest
//     first, tolerant of case, curly or straight apostrophes, a leading
//     article ("the Kremlin") and a possessive ("Russia’s");
//   - candidate new entities: runs of capitalised words the store does
//     not know, or one such word after a title ("special envoy Kabulov"),
//     with a type guessed from the title or from words such as "Ministry",
//     "Court" or "Agency" (the vocabulary's class labels count too);
//   - claim stubs: per sentence, each predicate whose label or trigger
//     word (schema.Predicate.Triggers) occurs, with the subject and object
//     chosen among the sentence's mentions by the predicate's domain and
//     range, the smallest quote spanning them, and an attribution where
//     the sentence says "according to X", "X said", "X reported" or "X
//     told Y" (Y is then the route, via).
//
// Draft.YAML renders the result as a claims file that loads as printed:
// the proposals sit under `drafts`, which the compiler ignores, written
// with the keys of `entities` and `claims` so that accepting one is moving
// it. Drafting never writes to the store.
package draft
