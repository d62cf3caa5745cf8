package parse

import (
	"bytes"
	"unicode/utf8"
)

// LineCol returns the 1-based line and column (in code points) of byte
// offset off in data: where an editor puts the cursor for that byte. An
// offset past the end is taken as the end.
func LineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	prefix := data[:off]
	line = bytes.Count(prefix, []byte{'\n'}) + 1
	col = utf8.RuneCount(prefix[bytes.LastIndexByte(prefix, '\n')+1:]) + 1
	return line, col
}
