#!/usr/bin/env bash
# contrib/precommit.md: the real pre-commit, in a scratch git repository, with the
# configuration exactly as the page gives it: a clean report commits, a flawed one is
# refused and its findings are shown, files outside reports/ are not checked.  Then
# `pre-commit try-repo` runs the hook defined in .pre-commit-hooks.yaml.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v pre-commit >/dev/null || { echo "pre-commit not installed: skipped"; exit 77; }
command -v git >/dev/null || { echo "git not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/log" ] && head -c 3000 "$tmp/log"; exit 1; }
export PATH=$(dirname "$fzlint"):$PATH FZLINT_RULES=$src/rules
export PRE_COMMIT_HOME=$tmp/cache HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$tmp/repo/reports"
cd "$tmp/repo"
git init -q .
git config user.email test@example.invalid && git config user.name test
# the page's YAML block, as written
sed -n '/^```yaml$/,/^```$/p' "$src/contrib/precommit.md" | sed '1d;$d' >.pre-commit-config.yaml
grep -q 'repo: local' .pre-commit-config.yaml || fail "no configuration on contrib/precommit.md"
git add .pre-commit-config.yaml && git commit -qm config
pre-commit install >/dev/null || fail "pre-commit install"

cp "$src/samples/clean-county-2025.txt" reports/clean.txt
git add reports/clean.txt
git commit -qm clean >"$tmp/log" 2>&1 || fail "a clean report was refused"
grep -q 'fzlint.*Passed' "$tmp/log" || fail "the hook did not run on the clean report"

cp "$src/samples/department-flawed-2025.txt" reports/flawed.txt
printf '购物清单：苹果XX个\n' >notes.txt # not a report: outside reports/
git add reports/flawed.txt notes.txt
rc=0; git commit -qm flawed >"$tmp/log" 2>&1 || rc=$?
[ $rc -ne 0 ] || fail "a report with errors was committed"
grep -q 'fzlint.*Failed' "$tmp/log" || fail "the hook did not fail"
grep -q '^reports/flawed.txt:[0-9]*:[0-9]*: error: .*\[national/' "$tmp/log" ||
  fail "the findings are not shown"
grep -q 'notes.txt' "$tmp/log" && fail "notes.txt was checked"
grep -Eq '^[0-9]+ errors?, [0-9]+ warnings?(, [0-9]+ info)? in 1 file$' "$tmp/log" || fail "no closing count"
git reset -q

# The hook as defined in this source tree, fetched by pre-commit itself.
rc=0
pre-commit try-repo "$src" fzlint --files reports/flawed.txt reports/clean.txt >"$tmp/log" 2>&1 ||
  rc=$?
[ $rc -eq 1 ] && grep -q '^reports/flawed.txt:[0-9]*:[0-9]*: error: ' "$tmp/log" ||
  fail "pre-commit try-repo (exit $rc)"
pre-commit try-repo "$src" fzlint --files reports/clean.txt >"$tmp/log" 2>&1 ||
  fail "try-repo on the clean report"
echo "pre-commit: ok"
