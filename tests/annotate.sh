#!/usr/bin/env bash
# --annotate=OUT.docx: a copy of the Word file with one comment per finding, anchored on
# the finding's span (tests/fixtures/check_annotated.py); the input is never modified; the
# copy reads as the original did, opens in LibreOffice with the same comment count, and
# takes a second round of comments.
source "$(dirname "$0")/lib/guard.bash" "$@"
source "$SRC/tests/fixtures/docx_py.bash"
export LC_ALL=C.UTF-8
d=$TMP/docx
"$PY" "$SRC/tests/fixtures/make_docx.py" "$FZ" "$d" "$SRC"/samples/*.txt || fail "make_docx.py"
sha256sum "$d"/*.docx >"$TMP/sums"
findings() {
    "$FZ" --color=never --max-per-rule=0 "$1" 2>/dev/null |
        sed -n 's/^.*:\([0-9]*\):\([0-9]*\): \([a-z]*\): .*\[\([^]]*\)\]$/\1 \2 \3 \4/p'
}
for s in "$SRC"/samples/*.txt; do
    n=$(basename "$s" .txt)
    out=$TMP/$n.批注版.docx
    fz 60 1024 --max-per-rule=0 --annotate="$out" "$d/$n.docx"
    [ "$RC" = 0 ] || [ "$RC" = 1 ] || fail "$n: exit $RC"
    [ -f "$out" ] || { fail "$n: no copy written"; continue; }
    count=$(sed -n "s/^fzlint: 批注版已写入 '.*'（\([0-9]*\) 条批注）$/\1/p" "$TMP/err")
    "$FZ" --max-per-rule=0 --format=json "$d/$n.docx" >"$TMP/f.json" 2>/dev/null
    got=$("$PY" "$SRC/tests/fixtures/check_annotated.py" "$out" "$TMP/f.json" "$s") || fail "$n: comments and spans"
    [ "$got" = "$count" ] || fail "$n: $got comments in the copy, $count reported"
    # the copy's text is the original's: the same findings
    [ "$(findings "$out")" = "$(findings "$d/$n.docx")" ] || fail "$n: the copy reads differently"
done
f=$d/department-flawed-2025.docx
out=$TMP/department-flawed-2025.批注版.docx
[ "$("$PY" -c 'import sys,zipfile; print(sum(1 for _ in zipfile.ZipFile(sys.argv[1]).read("word/comments.xml").decode().split("<w:comment ")[1:]))' "$out")" -ge 20 ] ||
    fail "fewer comments than expected in the flawed sample"
# the default cap: summary lines get no comment; -q: errors only
fz 60 1024 -q --annotate="$TMP/q.docx" "$f"
expect_in "$TMP/err" "（5 条批注）" "-q: one comment per shown error"
# a second round on the copy: the comments part, its relationship and type exist already
fz 60 1024 --max-per-rule=0 --annotate="$TMP/twice.docx" "$out"
n1=$(sed -n "s/^fzlint: 批注版已写入 '.*'（\([0-9]*\) 条批注）$/\1/p" "$TMP/err")
"$PY" - "$TMP/twice.docx" "$n1" <<'PY' || fail "second round"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
c = z.read('word/comments.xml').decode()
ids = re.findall(r'<w:comment [^>]*w:id="(\d+)"', c)
assert len(ids) == 2 * int(sys.argv[2]) and len(set(ids)) == len(ids), (len(ids), sys.argv[2])
rels = z.read('word/_rels/document.xml.rels').decode()
assert rels.count('relationships/comments"') == 1, rels
types = z.read('[Content_Types].xml').decode()
assert types.count('/word/comments.xml') == 1, types
PY

# LibreOffice opens the copy and finds every comment
if command -v soffice >/dev/null; then
    mkdir -p "$TMP/lo"
    cp "$out" "$TMP/lo/copy.docx"
    timeout 300 soffice "-env:UserInstallation=file://$TMP/lo/profile" --headless --norestore \
        --convert-to odt --outdir "$TMP/lo" "$TMP/lo/copy.docx" >/dev/null 2>&1
    n=$(unzip -p "$TMP/lo/copy.odt" content.xml 2>/dev/null | grep -o '<office:annotation[ >]' | wc -l)
    want=$("$PY" -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("word/comments.xml").decode().count("<w:comment "))' "$out")
    [ "$n" = "$want" ] && [ "$n" -gt 0 ] || fail "LibreOffice sees $n comments, the copy has $want"
else
    echo "note: no soffice, the LibreOffice check is skipped"
fi

# refusals: exit 2, nothing written, input untouched
fz 30 1024 --annotate="$TMP/x.docx" "$SRC/samples/no-title-2024.txt"
expect_rc 2 "--annotate on a .txt"
expect_in "$TMP/err" "只能为 Word 文件" "--annotate on a .txt: message"
[ ! -e "$TMP/x.docx" ] || fail "a copy was written for a .txt"
fz 30 1024 --annotate="$TMP/x.docx" "$f" "$f"
expect_rc 2 "--annotate with two inputs"
fz 30 1024 --annotate="$TMP/x.docx" "$d"
expect_rc 2 "--annotate on a folder"
cp "$f" "$TMP/self.docx"
sum=$(sha256sum <"$TMP/self.docx")
fz 30 1024 --annotate="$TMP/self.docx" "$TMP/self.docx"
expect_rc 2 "--annotate onto the input"
[ "$(sha256sum <"$TMP/self.docx")" = "$sum" ] || fail "the input was overwritten"
fz 30 1024 --annotate="$TMP/no/such/dir/x.docx" "$f"
expect_rc 2 "--annotate into a missing folder"
expect_in "$TMP/err" "无法写入批注版" "unwritable copy: message"
# stdin
"$FZ" --annotate="$TMP/stdin.docx" - <"$f" >/dev/null 2>&1
[ -f "$TMP/stdin.docx" ] || fail "--annotate from stdin"

sha256sum -c --quiet "$TMP/sums" || fail "an input .docx was modified"
finish
