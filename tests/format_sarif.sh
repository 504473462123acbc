#!/usr/bin/env bash
# --format=sarif: valid against the official SARIF 2.1.0 schema (../shared/schemas, with
# Debian's python3-jsonschema) when both are there, else its essential structure is
# checked with Python's json alone; regions agree with --format=json.
source "$(dirname "$0")/formats/preamble.bash" "$@"

run() { "$fzlint" "$@" 2>/dev/null || [ $? -eq 1 ]; }
run --format=sarif --max-per-rule=0 report-a.txt report-b.txt >"$tmp/default.sarif"
run --format=sarif --column-unit=utf16 --max-per-rule=0 report-a.txt report-b.txt >"$tmp/utf16.sarif"
run --format=json --column-unit=char --max-per-rule=0 report-a.txt report-b.txt >"$tmp/char.json"
run --format=json --column-unit=utf16 --max-per-rule=0 report-a.txt report-b.txt >"$tmp/utf16.json"
run --format=sarif -q report-a.txt >"$tmp/quiet.sarif"
"$fzlint" --format=sarif no-such-report.txt >"$tmp/empty.sarif" 2>/dev/null || true
"$fzlint" --format=sarif "$src/tests/formats/report-a.txt" >"$tmp/abs.sarif" 2>/dev/null || true

# SARIF has no display or byte columns: refused with a usage error, not converted silently
for unit in display byte; do
  rc=0
  "$fzlint" --format=sarif --column-unit=$unit report-a.txt >/dev/null 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] && grep -q "cannot use --column-unit=$unit" "$tmp/err" ||
    { echo "FAIL: --column-unit=$unit was not refused (exit $rc)"; exit 1; }
done

schema=$src/../shared/schemas/sarif-schema-2.1.0.json
python3 - "$tmp" "$schema" <<'PY'
import json, os, sys
tmp, schema_path = sys.argv[1:3]

def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)

validator = None
try:
    import jsonschema
    if os.path.exists(schema_path):
        schema = json.load(open(schema_path, encoding="utf-8"))
        validator = jsonschema.Draft7Validator(schema)
except ImportError:
    pass
print("schema validation:", "on" if validator else "off (schema or python3-jsonschema missing)")

for name in ("default", "utf16", "quiet", "abs", "empty"):
    log = json.load(open(f"{tmp}/{name}.sarif", encoding="utf-8"))
    if validator:
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for e in errors[:5]:
            print(f"{name}: {list(e.path)}: {e.message}")
        check(not errors, f"{name}.sarif is not valid SARIF 2.1.0")
    # the essential structure, with or without the schema
    check(log["version"] == "2.1.0" and len(log["runs"]) == 1, "version, one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    check(driver["name"] == "fzlint" and driver["version"], "driver")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    check(len(ids) == len(set(ids)), "rule ids unique")
    for r in rules:
        check(r["shortDescription"]["text"] and r["defaultConfiguration"]["level"]
              in ("error", "warning", "note"), f"rule {r['id']}")
    words = rules[ids.index("fmt/words")]
    check(words["help"]["text"] == "依据：《党政机关公文处理工作条例》", "help carries the authority")
    check(words["properties"]["authority"] == "《党政机关公文处理工作条例》", "authority")
    # code scanning shows descriptions atop every alert: never a {match} template
    for r in rules:
        for key in ("shortDescription", "fullDescription"):
            check("{" not in r.get(key, {}).get("text", ""), f"{r['id']}: {key} is a template")
    check(rules[ids.index("fmt/placeholder")]["shortDescription"]["text"] == "fmt/placeholder",
          "a rule without description nor plain message is named by its id")
    check(ids[-4:] == ["fzlint/binary", "fzlint/empty", "fzlint/encoding", "fzlint/match-limit"],
          "tool rules last")
    for res in run["results"]:
        check(rules[res["ruleIndex"]]["id"] == res["ruleId"], "ruleIndex points at ruleId")
        check(res["level"] in ("error", "warning", "note"), "level")
        check(res["message"]["text"], "message")
        loc = res["locations"][0]["physicalLocation"]
        reg = loc["region"]
        check(all(reg[k] >= 1 for k in ("startLine", "startColumn", "endLine", "endColumn")),
              "region")
        if name == "abs":
            check(loc["artifactLocation"]["uri"].startswith("file:///"), "absolute uri")
            check(loc["artifactLocation"]["uri"].endswith("/tests/formats/report-a.txt"), "uri")
    if name == "quiet":
        check({r["level"] for r in run["results"]} == {"error"}, "-q keeps errors only")

for unit, kind in (("char", "unicodeCodePoints"), ("utf16", "utf16CodeUnits")):
    log = json.load(open(f"{tmp}/{'default' if unit == 'char' else 'utf16'}.sarif"))
    run = log["runs"][0]
    check(run["columnKind"] == kind, f"columnKind {run['columnKind']} for {unit}")
    js = json.load(open(f"{tmp}/{unit}.json"))
    want = [(f["path"], d["ruleId"], d["level"].replace("info", "note"), d["start"]["line"],
             d["start"]["column"], d["end"]["line"], d["end"]["column"])
            for f in js["files"] for d in f["diagnostics"]]
    got = []
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        reg = loc["region"]
        got.append((loc["artifactLocation"]["uri"], r["ruleId"], r["level"], reg["startLine"],
                    reg["startColumn"], reg["endLine"], reg["endColumn"]))
    check(got == want, f"{unit}: SARIF regions differ from JSON positions")
    fixes = [r for r in run["results"] if "fixes" in r]
    check(len(fixes) == 5, "a fix on every 布署")
    rep = fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    check(rep["insertedContent"]["text"] == "部署", "fix text")

# the utf16 run of report-a line 6: 𠀀 is two UTF-16 code units, one code point
u16 = json.load(open(f"{tmp}/utf16.sarif"))["runs"][0]["results"]
cp = json.load(open(f"{tmp}/default.sarif"))["runs"][0]["results"]
line6 = lambda rs: [r["locations"][0]["physicalLocation"]["region"]["startColumn"] for r in rs
                    if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
                    and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "report-a.txt"]
check(line6(cp) == [6, 19] and line6(u16) == [7, 20], f"line 6: {line6(cp)} {line6(u16)}")
print("sarif: ok")
PY

# The built-in packs: every rule described in its YAML, and fzlint's own findings
# (binary, empty, undecodable bytes) point at descriptors of their own.
export FZLINT_RULES=$src/rules
printf '关于2024年度法治政府建设情况的报告\n正文\xff。\n' >"$tmp/bad-byte.txt"
printf '  \n' >"$tmp/blank.txt"
head -c 2000 /dev/urandom | tr -d '\n' >"$tmp/binary.txt"; printf '\0\0\0\1\2' >>"$tmp/binary.txt"
run --format=sarif "$tmp/bad-byte.txt" "$tmp/blank.txt" "$tmp/binary.txt" >"$tmp/national.sarif"
python3 - "$tmp/national.sarif" <<'PY'
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
rules = run["tool"]["driver"]["rules"]
for r in rules:
    text = r["shortDescription"]["text"]
    if "{" in text or text == r["id"]:
        sys.exit(f"FAIL: {r['id']}: shortDescription {text!r} is not a description")
seen = {res["ruleId"] for res in run["results"]}
for want in ("fzlint/binary", "fzlint/empty", "fzlint/encoding"):
    if want not in seen:
        sys.exit(f"FAIL: no {want} finding")
for res in run["results"]:
    if rules[res.get("ruleIndex", -1)]["id"] != res["ruleId"]:
        sys.exit(f"FAIL: {res['ruleId']} has no descriptor")
print(f"national: {len(rules)} rules described")
PY
