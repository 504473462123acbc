#!/usr/bin/env bash
# libfzlint.so beside the built binary exports exactly the functions include/fzlint.h
# marks FZLINT_EXPORT, each with the public prefix fzlint_ (no internal fz_ name, no
# symbol of the libraries it links), and its soname carries the header's major version.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
so=$(dirname "$fzlint")/libfzlint.so
[ -e "$so" ] || { echo "no libfzlint.so beside $fzlint: skipped"; exit 77; }
command -v nm >/dev/null && command -v readelf >/dev/null || { echo "nm or readelf missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

nm -D --defined-only "$so" | awk '{print $NF}' | sort -u >"$tmp/exported"
[ -s "$tmp/exported" ] || fail "libfzlint.so exports nothing"
foreign=$(grep -v '^fzlint_' "$tmp/exported" || true)
[ -z "$foreign" ] || fail "exported without the public prefix: $(echo $foreign | head -c 400)"
# the declarations: "FZLINT_EXPORT TYPE *fzlint_name(" (a declaration may wrap after the name)
tr '\n' ' ' <"$src/include/fzlint.h" | grep -o 'FZLINT_EXPORT [^(;]*(' |
    sed -nE 's/.*[ *](fzlint_[a-z0-9_]+)\($/\1/p' | sort -u >"$tmp/declared"
[ "$(wc -l <"$tmp/declared")" -ge 30 ] || fail "only $(wc -l <"$tmp/declared") declarations found in fzlint.h"
diff "$tmp/declared" "$tmp/exported" >"$tmp/diff" ||
    fail "declared (<) and exported (>) differ: $(cat "$tmp/diff")"
major=$(sed -n 's/^#define FZLINT_VERSION_MAJOR \([0-9]*\)$/\1/p' "$src/include/fzlint.h")
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libfzlint.so.$major" ] || fail "soname '$soname', expected libfzlint.so.$major"
echo "ok: $(wc -l <"$tmp/exported") symbols, all declared in fzlint.h; soname $soname"
