#!/usr/bin/env bash
# Thresholds at their exact boundaries, through the CLI: the publication deadline,
# summarize-over, and the order and sameness of a folder's output (the walk's sort,
# -j1 against -j4).  (House-style widths: tests/unit/test_outline.c; the sum tolerance
# and rate rounding: tests/unit/test_facts.c; CSV quoting: tests/unit/test_emit.c.)
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
body='关于2024年度法治政府建设情况的报告
全年办理行政复议案件12件。'

# --- publication deadline: {year: 1, month: 4, day: 1} after the report year ---
for d in 2025-03-31:0 2025-04-01:0 2025-04-02:1 2026-01-01:1; do
    printf '发布时间：%s\n%s\n' "${d%:*}" "$body" >"$TMP/pub.txt"
    fz 30 1024 "$TMP/pub.txt"
    n=$(grep -c '\[national/publication-deadline\]' "$TMP/out" || true)
    [ "$n" = "${d#*:}" ] || fail "published ${d%:*}: $n publication-deadline findings, expected ${d#*:}"
done

# --- summarize-over: more matches than N make one summary finding ---
cat >"$TMP/sum.yaml" <<'YAML'
pack: b
rules:
  - id: word
    type: forbid
    message: 出现“{match}”
    summary-message: 全文有 {count} 处“{match}”
    pattern: 布署
    summarize-over: 3
YAML
for n in 3 4; do
    { echo "关于2024年度法治政府建设情况的报告"; for i in $(seq "$n"); do echo "第${i}次布署。"; done; } >"$TMP/w.txt"
    fz 30 1024 --max-per-rule=0 --rules="$TMP/sum.yaml" "$TMP/w.txt"
    each=$(grep -c ': warning: 出现“布署” \[b/word\]' "$TMP/out" || true)
    summary=$(grep -c ": warning: 全文有 $n 处“布署” \[b/word\]" "$TMP/out" || true)
    if [ "$n" = 3 ]; then
        [ "$each/$summary" = "3/0" ] || fail "summarize-over 3 with 3 matches: $each each, $summary summary"
    else
        [ "$each/$summary" = "0/1" ] || fail "summarize-over 3 with 4 matches: $each each, $summary summary"
    fi
done

# --- a folder: the entries of each folder in byte order (a folder "a" before "a.txt"),
# whatever order they were made in ---
f=$TMP/folder
mkdir -p "$f/b" "$f/a"
for name in z.txt b/y.txt m.txt a/x.txt B.txt a.txt; do cp "$SRC/samples/department-flawed-2025.txt" "$f/$name"; done
fz 60 1024 -j1 "$f"
grep -a -o "^$f/[^:]*" "$TMP/out" | uniq >"$TMP/order"
printf '%s\n' "$f/B.txt" "$f/a/x.txt" "$f/a.txt" "$f/b/y.txt" "$f/m.txt" "$f/z.txt" >"$TMP/want"
cmp -s "$TMP/order" "$TMP/want" || { fail "folder walk order"; diff "$TMP/want" "$TMP/order" >&2; }

# --- -j1 and -j4 give the same bytes (every format that renders findings) ---
for s in "$SRC"/samples/*.txt; do for k in 1 2 3; do cp "$s" "$f/$(basename "$s" .txt)-$k.txt"; done; done
for fmt in gcc json sarif summary summary-csv facts facts-csv; do
    fz 120 2048 -j1 --format="$fmt" "$f"
    mv "$TMP/out" "$TMP/j1"
    fz 120 2048 -j4 --format="$fmt" "$f"
    cmp -s "$TMP/j1" "$TMP/out" || fail "-j1 and -j4 differ in --format=$fmt"
    [ -s "$TMP/out" ] || fail "--format=$fmt printed nothing"
done
finish
