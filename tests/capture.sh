#!/usr/bin/env bash
# stdout and stderr captured together (2>&1: Vim's :make, pre-commit, every CI log) over a
# folder of many reports with unreadable ones among them, at -j1 and -j2: every line is a
# whole finding (or its context), a whole known message, or the closing count, which comes
# last and agrees with the findings above it.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/reports
mkdir -p "$d"
i=0
for round in 1 2 3 4 5 6; do
  for s in "$src"/samples/*.txt; do
    i=$((i + 1))
    cp "$s" "$d/$(printf %03d $i)-report.txt"
    # an unreadable report after each one: its message is written between two reports
    ln -s nowhere.txt "$d/$(printf %03d $i)-unreadable.txt"
  done
done
for j in 1 2; do
  for unit in display byte; do
    rc=0
    "$fzlint" --color=never --max-per-rule=0 --column-unit=$unit -j$j "$d" >"$tmp/out-$j-$unit" 2>&1 ||
      rc=$?
    [ $rc -eq 2 ] || { echo "FAIL: -j$j: exit $rc, want 2 (unreadable files)"; exit 1; }
    python3 - "$tmp/out-$j-$unit" "$d" "$i" <<'PY' || { echo "FAIL: -j$j --column-unit=$unit"; exit 1; }
import re, sys
path, d, nfiles = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = open(path, "rb").read()
text = raw.decode("utf-8")  # a message inside a UTF-8 character breaks the decoding
lines = text.split("\n")
assert lines[-1] == "", "the capture ends with a newline"
lines = lines[:-1]
finding = re.compile(re.escape(d) + r"/\d{3}-report\.txt:\d+:\d+: (error|warning|info): .+ \[[\w./-]+\]$")
context = re.compile(r"^ *\d* \| .*$|^ += .+$")
unreadable = re.compile("^fzlint: cannot open '" + re.escape(d) +
                        r"/\d{3}-unreadable\.txt': No such file or directory$")
closing = re.compile(r"^(\d+) errors?, (\d+) warnings?(?:, (\d+) info)? in (\d+) files?$")
counts = {"error": 0, "warning": 0, "info": 0}
missing = 0
for n, line in enumerate(lines[:-1], 1):
    m = finding.match(line)
    if m:
        counts[m.group(1)] += 1
    elif unreadable.match(line):
        missing += 1
    elif not context.match(line):
        sys.exit(f"line {n} is neither a finding, its context nor a known message: {line[:200]!r}")
m = closing.match(lines[-1])
assert m, f"the last line is not the closing count: {lines[-1][:200]!r}"
got = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), int(m.group(4)))
want = (counts["error"], counts["warning"], counts["info"], nfiles)
assert got == want, f"closing count {got}, findings above {want}"
assert missing == nfiles, f"{missing} unreadable-file messages, want {nfiles}"
assert sum(counts.values()) > 100 and len(raw) > 65536, "too little output to test interleaving"
PY
  done
  cmp -s "$tmp/out-$j-display" "$tmp/out-1-display" || { echo "FAIL: -j$j differs from -j1"; exit 1; }
done
echo "capture: ok ($i reports, $(wc -c <"$tmp/out-1-display") bytes)"
