#!/usr/bin/env bash
# Golden tests: each sample report's outline and diagnostics against the expected
# output in tests/golden/.  FZ_UPDATE_GOLDEN=1 rewrites the expected files — read
# the diff (git diff tests/golden) before committing them.
set -u
bin=$1 src=$2
cd "$src" || exit 1
status=0 n=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for report in samples/*.txt tests/golden/reports/*.txt; do
  [ -f "$report" ] || continue
  name=$(basename "$report" .txt)
  for kind in outline diagnostics; do
    expected=tests/golden/$name.$kind
    if [ "$kind" = outline ]; then
      actual=$("$bin" --outline "$report" 2>&1)
    else
      # stdout, then the exit status and stderr: the streams are not interleaved
      actual=$("$bin" --color=never --max-per-rule=0 -j1 "$report" 2>"$tmp"; echo "exit $?"; cat "$tmp")
    fi
    n=$((n + 1))
    if [ "${FZ_UPDATE_GOLDEN:-0}" = 1 ]; then
      printf '%s\n' "$actual" > "$expected"
    elif [ ! -f "$expected" ]; then
      echo "FAIL $expected: missing (run with FZ_UPDATE_GOLDEN=1)"; status=1
    elif ! diff -u "$expected" <(printf '%s\n' "$actual"); then
      echo "FAIL $report ($kind)"; status=1
    fi
  done
done
echo "golden: $n cases"
exit $status
