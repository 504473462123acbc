#!/usr/bin/env bash
# --previous with a Word file: last year's report as a .docx (tests/fixtures/make_docx.py)
# gives the same comparison findings, pointing at the same paragraphs, as the .txt.
set -u
FZ=$1
SRC=$2
source "$SRC/tests/fixtures/docx_py.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/2025/2024/g; s/2026/2025/g' "$SRC/samples/clean-county-2025.txt" >"$tmp/last-2024.txt"
"$PY" "$SRC/tests/fixtures/make_docx.py" "$FZ" "$tmp" "$tmp/last-2024.txt" >/dev/null ||
    { echo "FAIL: make_docx.py"; exit 1; }
[ -f "$tmp/last-2024.docx" ] || { echo "FAIL: no last-2024.docx"; ls "$tmp"; exit 1; }
this=$SRC/samples/clean-county-2025.txt
for prev in txt docx; do
    "$FZ" --color=never --max-per-rule=0 --previous="$tmp/last-2024.$prev" "$this" 2>/dev/null |
        grep -E '^[^ ].*: (warning|note): ' | grep -E 'compare/|note:' |
        sed "s|$tmp/last-2024.$prev|LAST|" >"$tmp/$prev.out"
done
n=$(grep -c 'compare/repeated-' "$tmp/txt.out")
[ "$n" -ge 10 ] || { echo "FAIL: the .txt pair gives $n findings"; cat "$tmp/txt.out"; exit 1; }
grep -q '^LAST:52:5: note: ' "$tmp/docx.out" || { echo "FAIL: no note into the .docx"; cat "$tmp/docx.out"; exit 1; }
diff "$tmp/txt.out" "$tmp/docx.out" || { echo "FAIL: .docx and .txt differ"; exit 1; }
