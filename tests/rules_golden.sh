#!/bin/bash
# Golden tests of the rule types: each tests/rules/CASE/ holds a report, a pack, a
# .fzlint.yaml (found by walking up from the report) and the expected diagnostics.
set -u
fzlint=$(realpath "$1")
src=$2
fail=0
n=0
for dir in "$src"/tests/rules/*/; do
    [ -f "$dir/report.txt" ] || continue
    n=$((n + 1))
    name=$(basename "$dir")
    actual=$(cd "$dir" && "$fzlint" --color=never --max-per-rule=0 report.txt 2>/dev/null | grep '^report.txt:')
    if [ "$actual" != "$(cat "$dir/expected")" ]; then
        echo "FAIL $name"
        diff <(echo "$actual") "$dir/expected"
        fail=1
    fi
done
[ "$n" -gt 0 ] || { echo "no golden cases found"; exit 1; }
# A clean exit status needs a case with nothing at error level, findings exit 1.
(cd "$src/tests/rules/swap" && "$fzlint" --color=never report.txt >/dev/null 2>&1); rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL swap: exit $rc, want 0 (warnings only)"; fail=1; }
(cd "$src/tests/rules/forbid" && "$fzlint" --color=never report.txt >/dev/null 2>&1); rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL forbid: exit $rc, want 1"; fail=1; }
exit $fail
