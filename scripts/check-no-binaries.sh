#!/bin/sh
# Fails when the repository tracks a compiled program or an oversized file:
# the repository holds sources, lockfiles, test data and docs, never build
# output. Run by `make test`.
#
# A tracked file fails when it starts with an executable or object-file
# magic number (ELF, Mach-O, PE/COFF, ar archives, WebAssembly), or when it
# is larger than 2 MB outside testdata/ and the explorer's lockfile.
set -eu
cd "$(dirname "$0")/.."

status=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
git ls-files > "$tmp"
while IFS= read -r f; do
	[ -f "$f" ] || continue
	magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
	case "$magic" in
	7f454c46 | cffaedfe | cefaedfe | feedfacf | feedface | cafebabe | 0061736d | 213c6172)
		echo "check-no-binaries: $f is a compiled program or object file; remove it and ignore it in .gitignore" >&2
		status=1
		;;
	4d5a*)
		echo "check-no-binaries: $f is a Windows executable; remove it and ignore it in .gitignore" >&2
		status=1
		;;
	esac
	case "$f" in
	*testdata/* | ui/package-lock.json) continue ;;
	esac
	size=$(wc -c < "$f")
	if [ "$size" -gt 2000000 ]; then
		echo "check-no-binaries: $f is $size bytes; the repository holds sources, not build output or data dumps" >&2
		status=1
	fi
done < "$tmp"
exit $status
