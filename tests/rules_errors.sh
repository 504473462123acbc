#!/bin/bash
# Broken packs and configs: each file's first line says "# expect: LINE:COL: error: TEXT";
# fzlint must exit 2 and print FILE:LINE:COL: error: TEXT... at that YAML position.
set -u
fzlint=$(realpath "$1")
src=$(realpath "$2")
export FZLINT_RULES="$src/rules"
fail=0
n=0
check() { # kind file
    local kind=$1 f=$2 want out rc
    want=$(head -1 "$f" | sed -n 's/^# expect: //p')
    [ -n "$want" ] || { echo "FAIL $f: no '# expect:' line"; fail=1; return; }
    n=$((n + 1))
    if [ "$kind" = pack ]; then
        out=$(cd "$src" && "$fzlint" --rules "$f" --list-rules 2>&1 >/dev/null)
    else
        out=$(cd "$src" && "$fzlint" --config "$f" --list-rules 2>&1 >/dev/null)
    fi
    rc=$?
    if [ $rc -ne 2 ]; then
        echo "FAIL $f: exit $rc, want 2"
        fail=1
    fi
    if ! grep -qF -- "$f:$want" <<<"$out"; then
        echo "FAIL $f: want '$f:$want', got:"
        echo "$out"
        fail=1
    fi
}
cd "$src" || exit 1
for f in tests/rules/errors/*.yaml; do check pack "$f"; done
for f in tests/rules/config-errors/*.yaml; do check config "$f"; done
# The same errors stop a normal run before any report is read.
out=$("$fzlint" --rules tests/rules/errors/unknown-type.yaml tests/rules/section/report.txt 2>&1)
[ $? -eq 2 ] && ! grep -q '^report.txt' <<<"$out" || { echo "FAIL: run with a broken pack"; fail=1; }
[ "$n" -ge 20 ] || { echo "FAIL: only $n cases"; fail=1; }
exit $fail
