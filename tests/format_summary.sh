#!/usr/bin/env bash
# --format=summary lines up in a terminal (display widths, CJK = 2) and
# --format=summary-csv is RFC 4180 CSV with a UTF-8 BOM that Python's csv reads back.
source "$(dirname "$0")/formats/preamble.bash" "$@"
cp report-b.txt "$tmp/逗号,与\"引号\".txt"

"$fzlint" --format=summary report-a.txt report-b.txt >"$tmp/summary.txt" 2>/dev/null || true
"$fzlint" --format=summary-csv report-a.txt report-b.txt "$tmp/逗号,与\"引号\".txt" \
  >"$tmp/summary.csv" 2>/dev/null || true

printf '青禾县交通运输局关于2024年度法治政府建设情况的报告\n全年办理行政复议案件12件。\n' >"$tmp/dept.txt"
FZLINT_RULES=$src/rules "$fzlint" --format=summary-csv "$tmp/dept.txt" >"$tmp/kind.csv" 2>/dev/null || true

PYTHONPATH=. python3 - "$tmp" <<'PY'
import csv, io, sys
from positions import width
tmp = sys.argv[1]

def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)

lines = open(f"{tmp}/summary.txt", encoding="utf-8").read().splitlines()
check(len(lines) == 4, f"header, two rows, total: {lines}")
cols = lambda s: s.split()
check(cols(lines[0]) == ["文件", "年度", "类型", "错误", "警告", "出庭应诉率（%）", "缺少的部分"], "header")
check(cols(lines[1]) == ["report-a.txt", "2025", "—", "3", "4", "98.5", "—"], f"row a: {lines[1]}")
check(cols(lines[2]) == ["report-b.txt", "2024", "—", "1", "1", "—", "存在的不足和原因"], "row b")
check(cols(lines[3]) == ["合计", "2", "个文件", "4", "5"], f"total: {lines[3]}")

def starts(s):
    """Display column where each whitespace-separated cell starts."""
    out, col, prev = [], 0, " "
    for ch in s:
        if ch != " " and prev == " ":
            out.append(col)
        col += width(ch)
        prev = ch
    return out

def ends(s):
    out, col, prev = [], 0, " "
    for ch in s + " ":
        if ch == " " and prev != " ":
            out.append(col)
        col += width(ch)
        prev = ch
    return out

h, a, b = starts(lines[0]), starts(lines[1]), starts(lines[2])
check(h[0] == a[0] == b[0] and h[1] == a[1] == b[1], "file and year columns left-aligned")
check(h[2] == a[2] == b[2], "kind column left-aligned")
check(h[5] == a[5] == b[5] and h[6] == a[6] == b[6], "figure and missing columns aligned")
he, ae, be, te = ends(lines[0]), ends(lines[1]), ends(lines[2]), ends(lines[3])
check(he[3] == ae[3] == be[3] == te[3] and he[4] == ae[4] == be[4] == te[4],
      "counts right-aligned under their headers")

raw = open(f"{tmp}/summary.csv", "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM")
check(raw.count(b"\r\n") == 4 and raw.count(b"\n") == 4, "CRLF line ends")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
check(rows[0] == ["文件", "年度", "类型", "错误", "警告", "出庭应诉率（%）", "缺少的部分"], "csv header")
check(rows[1] == ["report-a.txt", "2025", "", "3", "4", "98.5", ""], f"csv a {rows[1]}")
check(rows[2] == ["report-b.txt", "2024", "", "1", "1", "", "存在的不足和原因"], "csv b")
check(rows[3][0] == f'{tmp}/逗号,与"引号".txt' and rows[3][1:] == rows[2][1:], "quoted path")
kind = list(csv.reader(io.StringIO(open(f"{tmp}/kind.csv", encoding="utf-8-sig").read())))
check(kind[1][:3] == [f"{tmp}/dept.txt", "2024", "政府部门"], f"csv kind {kind}")
print("summary: ok")
PY
