#!/usr/bin/env bash
# A pack pattern past PCRE2's match limit: the stage that owns it says so, naming the
# pattern (docs/robustness.md).  document: and facts: patterns have no rule of their
# own, so the warning is fzlint/match-limit naming the block and key; a rule's own
# pattern is a warning of that rule, which stops for the file.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
a=$(printf 'a%.0s' $(seq 60))
b=$(printf 'b%.0s' $(seq 60))
c=$(printf 'c%.0s' $(seq 60))
cat >"$TMP/lim.yaml" <<YAML
pack: lim
document:
  chrome: ['^(?:a|aa)+\$']
facts:
  units: [件]
  total-cues: '(?:b|bb)+x?件'
rules:
  - id: slow
    type: forbid
    message: m
    pattern: '办(?:c|cc)+\$'
YAML
printf '关于2024年法治政府建设情况的报告\n%s!\n全年共办理%s案件52件。\n办%s!\n' "$a" "$b" "$c" >"$TMP/r.txt"

fz 60 1024 --rules="$TMP/lim.yaml" "$TMP/r.txt"
expect_in "$TMP/out" "^$TMP/r.txt:2:1: warning: 规则包 document 块中“chrome”的模式超出匹配步数上限.*\[fzlint/match-limit\]$" "document pattern"
expect_in "$TMP/out" "^$TMP/r.txt:3:1: warning: 规则包 facts 块中“total-cues”的模式超出匹配步数上限.*\[fzlint/match-limit\]$" "facts pattern"
expect_in "$TMP/out" "^$TMP/r.txt:[0-9]+:[0-9]+: warning: 规则 lim/slow 的模式超出匹配步数上限.*\[lim/slow\]$" "rule pattern"
[ "$(grep -c 'fzlint/match-limit' "$TMP/out")" = 2 ] || fail "one warning per block"

# the same text with patterns that cannot backtrack: no warning
sed -i 's/(?:a|aa)+/a+/; s/(?:b|bb)+/b+/; s/(?:c|cc)+/c+/' "$TMP/lim.yaml"
fz 60 1024 --rules="$TMP/lim.yaml" "$TMP/r.txt"
expect_not_in "$TMP/out" "超出匹配步数上限" "simple patterns"

# (a+)+$ on many short runs: each search stays under the per-call limit (PCRE2's JIT counts
# few of a nested repeat's steps), each run costs 2^n.  The rule's steps on the file are
# counted (src/match.c): it stops with its warning instead of taking minutes.
cat >"$TMP/nested.yaml" <<'YAML'
pack: nested
rules:
  - id: runs
    type: forbid
    message: m
    pattern: '(a+)+$'
YAML
python3 -c "
import sys
sys.stdout.write('关于2024年法治政府建设情况的报告\n' + ('a' * 18 + '!\n') * 3000)" >"$TMP/runs.txt"
fz 60 1024 --rules="$TMP/nested.yaml" "$TMP/runs.txt"
expect_in "$TMP/out" "^$TMP/runs.txt:2:1: warning: 规则 nested/runs 的模式超出匹配步数上限.*\[nested/runs\]$" \
    "a nested repeat under the per-call limit"
# a nested repeat on ordinary text: counted, under budget, and it finds what it should
printf '关于2024年法治政府建设情况的报告\n全年办理案件aaa\n' >"$TMP/one.txt"
fz 60 1024 --rules="$TMP/nested.yaml" "$TMP/one.txt"
expect_not_in "$TMP/out" "超出匹配步数上限" "a nested repeat on ordinary text"
expect_in "$TMP/out" "^$TMP/one.txt:2:13: warning: m \[nested/runs\]$" "a nested repeat still matches"
finish
