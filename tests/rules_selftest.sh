#!/bin/bash
# Every built-in pack's rules pass their own examples, and --list-rules/--explain work.
set -u
fzlint=$(realpath "$1")
src=$(realpath "$2")
export FZLINT_RULES="$src/rules"
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1 # no .fzlint.yaml above: the built-in packs
out=$("$fzlint" --test-rules) || { echo "$out"; exit 1; }
echo "$out" | grep -q '，0 个失败' || { echo "$out"; exit 1; }
# every built-in rule carries both a good and a bad example
if echo "$out" | grep -q 'warning: '; then echo "$out" | grep 'warning: '; exit 1; fi
"$fzlint" --list-rules | grep -q '^national/problems-section ' || { echo "list-rules"; exit 1; }
"$fzlint" --explain national/problems-section | grep -q '反例' || { echo "explain"; exit 1; }
"$fzlint" --explain no-such-rule >/dev/null 2>&1; [ $? -eq 2 ] || { echo "explain unknown"; exit 1; }
"$fzlint" --test-rules no-such-pack >/dev/null 2>&1; [ $? -eq 2 ] || { echo "test-rules pack"; exit 1; }
"$fzlint" --disable no-such-rule x.txt >/dev/null 2>&1; [ $? -eq 2 ] || { echo "disable"; exit 1; }
# A pack whose bad example does not trigger its rule fails the self-test.
cat > broken.yaml <<'YAML'
pack: broken
rules:
  - id: never
    type: forbid
    message: x
    pattern: 'ZZZ'
    examples: {bad: "关于2024年度法治政府建设情况的报告\n正文。\n"}
YAML
"$fzlint" --rules broken.yaml --test-rules broken >out.txt 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'broken.yaml:3:5: error: \[broken/never\]' out.txt || { cat out.txt; exit 1; }
exit 0
