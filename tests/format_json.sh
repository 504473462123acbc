#!/usr/bin/env bash
# --format=json parses with Python's json, carries every field, and its lines and
# columns in all four units match positions computed independently (formats/positions.py).
source "$(dirname "$0")/formats/preamble.bash" "$@"

for unit in display char byte utf16; do
  rc=0
  "$fzlint" --format=json --column-unit=$unit --max-per-rule=0 report-a.txt report-b.txt \
    >"$tmp/$unit.json" 2>/dev/null || rc=$?
  [ "$rc" -eq 1 ] || { echo "exit status $rc, expected 1"; exit 1; }
done

# odd file names: quote, backslash, a byte that is not UTF-8, and standard input
odd=$(printf 'odd"name\\\xff.txt')
cp report-b.txt "$tmp/$odd"
(cd "$tmp" && "$fzlint" --format=json -- "$odd" - <"$src/tests/formats/report-a.txt" \
  >odd.json 2>/dev/null) || true

PYTHONPATH=. python3 - "$tmp" <<'PY'
import json, sys
from positions import position
tmp = sys.argv[1]
data = {f: open(f, "rb").read() for f in ("report-a.txt", "report-b.txt")}

def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)

by_unit = {}
for unit in ("display", "char", "byte", "utf16"):
    doc = json.load(open(f"{tmp}/{unit}.json", encoding="utf-8"))
    check(doc["columnUnit"] == unit, "columnUnit")
    check(doc["tool"]["name"] == "fzlint", "tool name")
    check([f["path"] for f in doc["files"]] == ["report-a.txt", "report-b.txt"], "paths")
    check(doc["summary"] == {"files": 2, "errors": 4, "warnings": 5, "info": 1}, "summary")
    for f in doc["files"]:
        text = data[f["path"]]
        for d in f["diagnostics"]:
            for key in ("ruleId", "level", "message", "authority", "start", "end"):
                check(key in d, f"{key} in {d}")
            for edge in ("start", "end"):
                p = d[edge]
                want = position(text, p["offset"], unit)
                check((p["line"], p["column"]) == want,
                      f"{unit} {f['path']} {d['ruleId']} {edge}: {p} != {want}")
            hit = text[d["start"]["offset"]:d["end"]["offset"]].decode("utf-8")
            check(d["text"] == hit, f"text {d['text']!r} is not the span {hit!r}")
            if d["ruleId"] == "fmt/words":
                check(hit == "布署" and d["fix"] == "部署", f"words span {hit!r} fix")
                check(d["authority"] == "《党政机关公文处理工作条例》", "authority")
            elif d["ruleId"] == "fmt/placeholder":
                check(hit == "XX" and "fix" not in d, f"placeholder span {hit!r}")
                check(d["level"] == "error" and d["message"] == "残留模板占位符“XX”", "message")
    by_unit[unit] = doc

a, b = by_unit["display"]["files"]
check(a["properties"]["title"] == "关于2025年度法治政府建设情况的报告", "title")
check(a["properties"]["reportYear"] == 2025 and b["properties"]["reportYear"] == 2024, "year")
check(a["encoding"] == "UTF-8", "encoding")
check((a["errors"], a["warnings"], a["info"]) == (3, 4, 0), "counts a")
check(a["parts"] == [{"ruleId": "fmt/problems", "label": "存在的不足和原因", "present": True}], "parts")
check(a["metrics"][0]["value"] == "98.5" and b["metrics"][0]["value"] is None, "metrics")
check(b["parts"][0]["present"] is False, "missing part")

# exact values, worked out by hand: (line, column) of each 布署 in report-a
want = {"display": [(3, 29), (4, 19), (5, 13), (6, 11)],
        "char":    [(3, 15), (4, 7), (5, 8), (6, 6)],
        "byte":    [(3, 43), (4, 17), (5, 22), (6, 17)],
        "utf16":   [(3, 15), (4, 7), (5, 8), (6, 7)]}
for unit, spots in want.items():
    got = [(d["start"]["line"], d["start"]["column"])
           for d in by_unit[unit]["files"][0]["diagnostics"] if d["ruleId"] == "fmt/words"]
    check(got == spots, f"{unit}: {got} != {spots}")

odd = json.load(open(f"{tmp}/odd.json", encoding="utf-8"))
check([f["path"] for f in odd["files"]] == ['odd"name\\\ufffd.txt', "-"], "odd paths")
check(odd["files"][1]["properties"]["reportYear"] == 2025, "stdin")
print("json: ok")
PY

# "text" holds at most 256 bytes, cut on a character boundary: a span of exactly 256
# bytes whole, one of 257 whose last character straddles the limit without it.
for k in 247 248; do
  printf '关于2025年度法治政府建设情况的报告\n一、%s中\n正文。\n' "$(printf "%${k}s" | tr ' ' a)" \
    >"$tmp/span-$k.txt"
  "$fzlint" --format=json "$tmp/span-$k.txt" >"$tmp/span-$k.json" 2>/dev/null || true
done
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
for k, want in ((247, "一、" + "a" * 247 + "中"), (248, "一、" + "a" * 248)):
    d = next(d for d in json.load(open(f"{tmp}/span-{k}.json"))["files"][0]["diagnostics"]
             if d["ruleId"] == "fmt/court-rate")
    span = d["end"]["offset"] - d["start"]["offset"]
    if span != 6 + k + 3 or d["text"] != want:
        sys.exit(f"FAIL: a {span}-byte span gives text of {len(d['text'].encode())} bytes")
print("json text limit: ok")
PY
