// Package quiverstore is Quiver's embedded durable graph engine: a Cayley
// graph.QuadStore that keeps the whole graph in compact in-memory indexes
// and makes every write durable in a checksummed append-only log.
//
// # Design
//
// In memory, values are interned: a value table (id -> quad.Value) and a
// hash map from a value's canonical N-Quads string to its id. Quads are
// rows of four uint32 value ids in a quad table; an open-addressing table
// of quad ids hashed by those rows (quadset.go: 4 bytes a slot, no
// pointers, no allocation per insert) finds duplicates and deletions. For
// IRIs, blank nodes and plain strings a value shares its key's memory. For each direction (subject,
// predicate, object, label) and value, a posting list holds the ascending
// ids of the live quads having that value in that direction. Posting lists
// are built in one pass on open, as one array per direction (CSR), and
// maintained per commit afterwards: appended in place, and replaced (copy
// on write) when quads are removed, so iterators scan a stable snapshot
// without holding locks. QuadIterator, QuadIteratorSize, Contains, Stats
// and the all-nodes / all-quads iterators are exact and O(1) per step.
// Ids are never reused; a compaction drops deleted quads and unused values
// but keeps the ids of the rest, so references stay valid.
//
// On disk, a store directory holds:
//
//   - LOCK: flocked exclusively (non-blocking) while the store is open; a
//     second opener, in this or another process, gets ErrLocked at once.
//   - quiver.log: a header (magic, generation, CRC-32C) and one record per
//     committed batch: a 12-byte frame (payload length, payload CRC-32C,
//     frame CRC-32C) and the payload (the values the batch introduces and
//     its quad additions and deletions as value ids).
//   - quiver.snap (after the first compaction): the value table and live
//     quads of one generation, with a CRC-32C trailer.
//
// # Durability and atomicity
//
// Each ApplyDeltas call, AddQuads call and QuadWriter batch is validated
// in full first (a failing delta changes nothing), then written as one log
// record and fsynced before it is applied in memory and the call returns.
// If the write or fsync fails the log is cut back to its last committed
// size; if even that fails, the store refuses writes (ErrUnusable) until
// reopened.
//
// A Staged batch (BeginAdd, Add in parts, Commit or Abort) is the same
// kind of batch given in parts, for bulk loads that stream their input:
// parts are validated and interned into the batch's compact form as they
// come, nothing reaches the log or the state before Commit writes the one
// record, and Abort discards it; it holds the writer lock meanwhile.
//
// Compaction (Compact, or automatically when the log is large and mostly
// deletions; see Options) writes the snapshot of generation g+1 to a
// temporary file, fsyncs it, renames it over the old one and fsyncs the
// directory, then replaces the log with an empty one of generation g+1 the
// same way. Open ignores a log older than the snapshot.
//
// # Crash model
//
// A crash (process kill or power loss, with fsync honoured by the disk) at
// any instant leaves the store openable with exactly the batches whose
// calls returned, plus possibly the one being committed. Each record is
// written and then fsynced before the call returns, so only the last
// record can be unfinished, and what it leaves is known:
//
//   - a process crash leaves a prefix of the record: the file ends before
//     the frame or before the length the frame declares;
//   - a power loss can also leave the record's full length with part of it
//     never written, which file systems read back as zeros (an unwritten
//     extent, or the old EOF's zeroed block tail).
//
// Open treats exactly these as a torn tail: bytes after the last valid
// record that end before the record does, or that end in at least 4 zero
// bytes, with no valid record after them. A payload ends in at most one
// zero byte (an absent label), so one damaged byte can never look torn.
// Everything else is damage and makes Open and Check fail with ErrCorrupt
// — in particular a complete last record that fails its checksum, or
// non-zero bytes after the last record; Open never guesses and never drops
// a complete record. The decision: a power loss that leaves non-zero
// garbage (stale blocks, sectors persisted out of order) or fewer than 4
// trailing zeros in the unacknowledged record also makes Open refuse the
// store, rather than letting a bit flip in an acknowledged record vanish;
// cutting the log back to the offset named in the error recovers it,
// losing only that unacknowledged batch.
//
// A writable Open truncates a torn tail. With Options.ReadOnly, Open writes
// nothing (no truncation, no temporary-file cleanup, no log replacement
// after an interrupted compaction; at most an empty LOCK file is created),
// takes a shared lock, reads every complete record, and refuses writes and
// Compact with ErrReadOnly; Check then reports a torn tail (or an
// unfinished compaction) with ErrTornTail, so a checker never changes
// what it checks and never reports such a store as clean. Damage anywhere
// else (a snapshot or a log record failing its checksum or decoding, a
// record contradicting the state) makes Open fail with ErrCorrupt. Check
// re-reads and verifies every file and every in-memory index. With
// Options.NoSync, a process crash loses nothing but a machine crash may
// lose recent acknowledged batches.
//
// # Limits
//
// Everything is held in RAM: on Cayley's 30k movie data set (471,705
// quads) an opened store retains about 140 bytes of Go heap per quad
// (Cayley's memstore: about 1,600), and the log takes about 19 bytes per
// quad on disk. Open replays the snapshot and the log, with the lookup
// tables sized once from the log's size; docs/BENCHMARKS.md has the
// measured times. Value and quad ids are 32 bits (about 4
// billion of each over a store's life). A batch is one log record of at
// most 4 GiB and is validated in memory: split bulk loads into batches of
// thousands to a million quads. Only one process can use a store at a
// time.
package quiverstore
