package quiverstore

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/cayleygraph/quad"
)

// File names inside a store directory.
const (
	logName  = "quiver.log"
	snapName = "quiver.snap"
	lockName = "LOCK"
	tmpExt   = ".tmp"
)

// Magic numbers; the last byte is the format version.
const (
	logMagic  = "QVLOG\x00\x00\x01"
	snapMagic = "QVSNP\x00\x00\x01"
)

const (
	logHeaderSize = 20 // magic, generation (u64), CRC-32C of both (u32)
	frameSize     = 12 // payload length, its CRC-32C, CRC-32C of those (u32 each)
	maxRecord     = 1<<32 - 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// encodeBatch appends the log payload of b to buf.
func encodeBatch(buf []byte, b *batch) []byte {
	buf = binary.AppendUvarint(buf, uint64(b.base))
	buf = binary.AppendUvarint(buf, uint64(len(b.values)))
	for _, v := range b.values {
		buf = appendValue(buf, v)
	}
	buf = binary.AppendUvarint(buf, uint64(len(b.ops)))
	for _, o := range b.ops {
		kind := byte(1)
		if o.del {
			kind = 2
		}
		buf = append(buf, kind)
		for _, id := range o.q {
			buf = binary.AppendUvarint(buf, uint64(id))
		}
	}
	return buf
}

// decodeBatch decodes a log payload.
func decodeBatch(p []byte) (*batch, error) {
	d := &decoder{buf: p}
	b := &batch{base: d.u32()}
	n := d.uvarint()
	if n > uint64(len(p)) { // every value takes at least one byte
		return nil, errShort
	}
	var kb []byte
	b.values = make([]quad.Value, 0, min(n, 1<<20))
	b.keys = make([]string, 0, min(n, 1<<20))
	for i := uint64(0); i < n && d.err == nil; i++ {
		v, key := d.valueAndKey(&kb)
		if v == nil && d.err == nil {
			d.fail(errors.New("empty value in a batch"))
		}
		if d.err != nil {
			break
		}
		b.values = append(b.values, v)
		b.keys = append(b.keys, key)
	}
	n = d.uvarint()
	if n > uint64(len(p)) {
		return nil, errShort
	}
	b.ops = make([]op, 0, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		var o op
		switch k := d.byte(); k {
		case 1:
		case 2:
			o.del = true
		default:
			d.fail(fmt.Errorf("unknown operation %d", k))
		}
		for j := range o.q {
			o.q[j] = d.u32()
		}
		b.ops = append(b.ops, o)
	}
	if d.err == nil && !d.done() {
		d.fail(errors.New("trailing bytes"))
	}
	return b, d.err
}

func logHeader(gen uint64) []byte {
	h := make([]byte, 0, logHeaderSize)
	h = append(h, logMagic...)
	h = binary.LittleEndian.AppendUint64(h, gen)
	return binary.LittleEndian.AppendUint32(h, checksum(h))
}

// minZeroTail is the number of zero bytes a damaged last record must end
// with to be taken for a power-loss tear (see doc.go, "Crash model"). A
// record's payload ends with at most one zero byte (an absent label), so
// one damaged byte leaves at most two: it can never look like this.
const minZeroTail = 4

// readLog reads the log at path: its generation, and each complete record
// (passed to fn in order). It returns the length of the valid prefix and,
// when bytes follow it that an interrupted commit can leave (a torn tail),
// a description of them; the caller decides whether to cut them off. A
// torn tail is, after the last valid record: fewer bytes than a frame; a
// valid frame whose record extends past the end of the file; or bytes
// ending in at least minZeroTail zero bytes with no valid record after
// them (what a power loss leaves when the file's new length reached the
// disk before its data). Any other damage, in particular a complete last
// record failing its checksum, or a record fn rejects, is an error
// wrapping ErrCorrupt: it is never dropped silently.
func readLog(path string, fn func(gen uint64, rec int, payload []byte) error) (gen uint64, valid int64, torn string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, "", err
	}
	size := fi.Size()
	r := bufio.NewReaderSize(f, 1<<20)
	hdr := make([]byte, logHeaderSize)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, 0, "", corruptf("%s: short header (%d bytes)", path, size)
	}
	if string(hdr[:8]) != logMagic || binary.LittleEndian.Uint32(hdr[16:]) != checksum(hdr[:16]) {
		return 0, 0, "", corruptf("%s: bad header", path)
	}
	gen = binary.LittleEndian.Uint64(hdr[8:])
	off := int64(logHeaderSize)
	var frame [frameSize]byte
	var payload []byte
	for rec := 0; off < size; rec++ {
		// bad classifies damage at off: torn tail (short reports that
		// the file ends inside the record) or corruption.
		bad := func(why string, short bool) (uint64, int64, string, error) {
			later, err := validRecordAfter(f, off+1, size)
			if err != nil {
				return gen, off, "", err
			}
			if later >= 0 {
				return gen, off, "", corruptf("%s: record %d at offset %d: %s (a valid record follows at %d)", path, rec, off, why, later)
			}
			tail := fmt.Sprintf("%d bytes at offset %d after the last complete record (record %d: %s)", size-off, off, rec, why)
			if short {
				return gen, off, tail, nil
			}
			zeros, err := zeroTail(f, size)
			if err != nil {
				return gen, off, "", err
			}
			if zeros >= minZeroTail {
				return gen, off, tail + ", ending in zero bytes", nil
			}
			return gen, off, "", corruptf("%s: last record %d at offset %d (%d bytes to the end): %s; a complete record that fails its checksum is damage, not a torn write", path, rec, off, size-off, why)
		}
		if size-off < frameSize {
			return bad("short frame", true)
		}
		if _, err := io.ReadFull(r, frame[:]); err != nil {
			return gen, off, "", fmt.Errorf("%s: %w", path, err)
		}
		n, ok := parseFrame(frame[:])
		if !ok {
			return bad("bad frame checksum", false)
		}
		if n > size-off-frameSize {
			return bad(fmt.Sprintf("record of %d bytes cut after %d", n, size-off-frameSize), true)
		}
		if int64(cap(payload)) < n {
			payload = make([]byte, n)
		}
		payload = payload[:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return gen, off, "", fmt.Errorf("%s: %w", path, err)
		}
		if checksum(payload) != binary.LittleEndian.Uint32(frame[4:]) {
			return bad("payload checksum mismatch", false)
		}
		if err := fn(gen, rec, payload); err != nil {
			if errors.Is(err, ErrCorrupt) {
				return gen, off, "", err
			}
			return gen, off, "", corruptf("%s: record %d at offset %d: %v", path, rec, off, err)
		}
		off += frameSize + n
	}
	return gen, off, "", nil
}

// zeroTail returns how many of the last minZeroTail bytes of f, counting
// back from the end, are zero.
func zeroTail(f *os.File, size int64) (int, error) {
	n := int64(minZeroTail)
	if size < n {
		n = size
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, size-n); err != nil && err != io.EOF {
		return 0, err
	}
	z := 0
	for i := len(b) - 1; i >= 0 && b[i] == 0; i-- {
		z++
	}
	return z, nil
}

// putFrame fills the frame at the start of rec for the payload after it:
// payload length, payload CRC-32C, CRC-32C of those eight bytes.
func putFrame(rec []byte) {
	binary.LittleEndian.PutUint32(rec[0:], uint32(len(rec)-frameSize))
	binary.LittleEndian.PutUint32(rec[4:], checksum(rec[frameSize:]))
	binary.LittleEndian.PutUint32(rec[8:], checksum(rec[:8]))
}

// parseFrame returns the payload length of a frame whose own checksum is
// right.
func parseFrame(frame []byte) (int64, bool) {
	if binary.LittleEndian.Uint32(frame[8:]) != checksum(frame[:8]) {
		return 0, false
	}
	n := binary.LittleEndian.Uint32(frame[:4])
	return int64(n), n > 0
}

// validRecordAfter returns the offset of the first complete, checksummed
// record starting at or after from, or -1. It tells a torn tail (nothing
// valid after the damage) from damage in the middle of the log. It reads
// the rest of the log into memory; it only runs when damage was found.
func validRecordAfter(f *os.File, from, size int64) (int64, error) {
	if from >= size {
		return -1, nil
	}
	tail := make([]byte, size-from)
	if _, err := f.ReadAt(tail, from); err != nil && err != io.EOF {
		return 0, err
	}
	for i := 0; i+frameSize <= len(tail); i++ {
		n, ok := parseFrame(tail[i : i+frameSize])
		if !ok || n > int64(len(tail)-i-frameSize) {
			continue
		}
		p := tail[i+frameSize : i+frameSize+int(n)]
		if checksum(p) == binary.LittleEndian.Uint32(tail[i+4:]) {
			return from + int64(i), nil
		}
	}
	return -1, nil
}

// writeFileAtomic writes a file through a temporary file: write, fsync,
// rename, fsync the directory. A crash leaves either the old or the new file.
func writeFileAtomic(dir, name string, write func(w io.Writer) error, sync bool) error {
	path := filepath.Join(dir, name)
	tmp := path + tmpExt
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if sync {
		return syncDir(dir)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// crcWriter computes the CRC-32C of everything written through it.
type crcWriter struct {
	w   io.Writer
	crc uint32
}

func (c *crcWriter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, castagnoli, p)
	return c.w.Write(p)
}

// writeSnapshot writes st as a snapshot of generation gen: header, value
// slots (dead slots as a tag), quad slot count, live quads with their ids,
// and a CRC-32C of everything before it.
func writeSnapshot(w io.Writer, st *state, gen uint64) error {
	cw := &crcWriter{w: w}
	buf := make([]byte, 0, 64<<10)
	flush := func(force bool) error {
		if len(buf) < 60<<10 && !force {
			return nil
		}
		_, err := cw.Write(buf)
		buf = buf[:0]
		return err
	}
	buf = append(buf, snapMagic...)
	buf = binary.LittleEndian.AppendUint64(buf, gen)
	buf = binary.AppendUvarint(buf, uint64(len(st.values)-1))
	for _, v := range st.values[1:] {
		buf = appendValue(buf, v)
		if err := flush(false); err != nil {
			return err
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(st.quads)-1))
	buf = binary.AppendUvarint(buf, uint64(st.nquads))
	prev := uint32(0)
	for id := uint32(1); int(id) < len(st.quads); id++ {
		if !st.isLive(id) {
			continue
		}
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		prev = id
		for _, v := range st.quads[id] {
			buf = binary.AppendUvarint(buf, uint64(v))
		}
		if err := flush(false); err != nil {
			return err
		}
	}
	if err := flush(true); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, cw.crc))
	return err
}

// readSnapshot verifies and decodes the snapshot at path. If into is nil it
// only verifies it.
func readSnapshot(path string, into *state) (gen uint64, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if len(data) < len(snapMagic)+8+4 || string(data[:8]) != snapMagic {
		return 0, corruptf("%s: bad header", path)
	}
	body := data[:len(data)-4]
	if checksum(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return 0, corruptf("%s: checksum mismatch", path)
	}
	gen = binary.LittleEndian.Uint64(body[8:16])
	if into == nil {
		return gen, nil
	}
	if err := decodeSnapshot(body[16:], into); err != nil {
		return 0, corruptf("%s: %v", path, err)
	}
	return gen, nil
}

func decodeSnapshot(p []byte, st *state) error {
	d := &decoder{buf: p}
	n := d.uvarint()
	if n > uint64(len(p)) {
		return errShort
	}
	st.values = make([]quad.Value, 1, n+1)
	st.refcnt = make([]uint32, n+1)
	var kb []byte
	st.keys = make(map[string]uint32, min(n, uint64(len(p)/4)))
	for i := uint64(0); i < n && d.err == nil; i++ {
		v, key := d.valueAndKey(&kb)
		if v == nil {
			st.values = append(st.values, nil)
			continue
		}
		if _, dup := st.keys[key]; dup {
			return fmt.Errorf("duplicate value %s", key)
		}
		st.keys[key] = uint32(len(st.values))
		st.values = append(st.values, v)
	}
	slots, nlive := d.uvarint(), d.uvarint()
	if d.err != nil {
		return d.err
	}
	if slots >= 1<<32-1 || nlive > slots || nlive > uint64(len(p)) {
		return fmt.Errorf("bad quad counts %d/%d", nlive, slots)
	}
	st.quads = make([]qkey, slots+1)
	st.live = make([]uint64, (slots+1+63)/64)
	st.byQuad.reserve(st.quads, int(nlive))
	id := uint64(0)
	for i := uint64(0); i < nlive && d.err == nil; i++ {
		id += d.uvarint()
		var q qkey
		for j := range q {
			q[j] = d.u32()
		}
		if d.err != nil {
			break
		}
		if id == 0 || id > slots || st.isLive(uint32(id)) {
			return fmt.Errorf("bad quad id %d", id)
		}
		if err := st.load(uint32(id), q); err != nil {
			return err
		}
	}
	if d.err == nil && !d.done() {
		d.fail(errors.New("trailing bytes"))
	}
	return d.err
}
