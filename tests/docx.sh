#!/usr/bin/env bash
# Word files: a .docx written by python-docx from each sample (tests/fixtures/make_docx.py)
# gives the findings of the sample's .txt, at the same line numbers; every output format,
# stdin and the folder walk take .docx; broken and hostile files get one clear message.
source "$(dirname "$0")/lib/guard.bash" "$@"
source "$SRC/tests/fixtures/docx_py.bash"
export LC_ALL=C.UTF-8
d=$TMP/docx
"$PY" "$SRC/tests/fixtures/make_docx.py" "$FZ" "$d" "$SRC"/samples/*.txt || fail "make_docx.py"
"$PY" "$SRC/tests/fixtures/bad_docx.py" "$TMP/bad" || fail "bad_docx.py"
sums() { (cd "$1" && sha256sum -- *) ; }
sums "$d" >"$TMP/sums.before"
sums "$TMP/bad" >"$TMP/bad.before"

# findings FILE: "line col level rule" of each diagnostic
findings() {
    "$FZ" --color=never --max-per-rule=0 "$1" 2>/dev/null |
        sed -n 's/^.*:\([0-9]*\):\([0-9]*\): \([a-z]*\): .*\[\([^]]*\)\]$/\1 \2 \3 \4/p'
}
for s in "$SRC"/samples/*.txt; do
    n=$(basename "$s" .txt)
    findings "$s" >"$TMP/f.txt"
    findings "$d/$n.docx" >"$TMP/f.docx"
    cmp -s "$TMP/f.txt" "$TMP/f.docx" || { fail "$n: .docx and .txt findings differ"; diff "$TMP/f.txt" "$TMP/f.docx" | head >&2; }
    [ -s "$TMP/f.txt" ] || [[ $n == clean-* ]] || fail "$n: no findings at all"
    # the outline is the text's, plus the format, styles, header and footer
    "$FZ" --outline "$s" | tail -n +2 >"$TMP/o.txt"
    "$FZ" --outline "$d/$n.docx" >"$TMP/o.docx"
    sed -n 2p "$TMP/o.docx" | grep -q '^format      docx$' || fail "$n: --outline has no format line"
    tail -n +3 "$TMP/o.docx" | sed 's/  {[^}]*}$//' | head -n "$(wc -l <"$TMP/o.txt")" |
        cmp -s - "$TMP/o.txt" || fail "$n: --outline of the .docx is not the text's"
    expect_in "$TMP/o.docx" '^header      青禾县法治政府建设年度报告（样例页眉）$' "$n header"
    expect_in "$TMP/o.docx" '^footer      — 1 —$' "$n footer (PAGE field result)"
done
# Styles: the Title line, heading levels; numbering labels are in the text
o=$TMP/o.docx
"$FZ" --outline "$d/department-flawed-2025.docx" >"$o"
expect_in "$o" '^    1  title   青禾县交通运输局.*  \{Title\}$' "Title style"
expect_in "$o" '^    3  H1 一、主要工作举措和成效  \{level 1\}$' "numbered Heading 1"
expect_in "$o" '^   16  H2   （四）完善制度体系' "startOverride: （四） after （二）"
expect_in "$o" '^   21  H2   （五）深化改革创新' "（五） continues from the override"
# neither the deleted text nor a field code is read; the split paragraph is one line
for n in clean-county-2025 department-flawed-2025 scraped-ascii-2024; do
    "$FZ" --format=json "$d/$n.docx" >"$TMP/j" 2>/dev/null
    expect_not_in "$TMP/j" '已删除的旧表述|代码不显示|QUOTE' "$n: deleted text or field code read"
done

# every output format, naming the file
f=$d/department-flawed-2025.docx
for fmt in gcc json sarif summary summary-csv html outline facts facts-csv; do
    fz 30 1024 --format=$fmt "$f"
    [ "$RC" = 0 ] || [ "$RC" = 1 ] || fail "--format=$fmt: exit $RC"
    grep -q "department-flawed-2025.docx" "$TMP/out" || fail "--format=$fmt does not name the file"
done

# stdin: recognised by content, named "-"
"$FZ" --color=never --max-per-rule=0 - <"$f" 2>/dev/null | sed -n 's/^-:\([0-9]*:[0-9]*: [a-z]*\): .*\[\(.*\)\]$/\1 \2/p' >"$TMP/stdin"
"$FZ" --color=never --max-per-rule=0 "$f" 2>/dev/null | sed -n 's/^[^:]*:\([0-9]*:[0-9]*: [a-z]*\): .*\[\(.*\)\]$/\1 \2/p' >"$TMP/file"
[ -s "$TMP/stdin" ] && cmp -s "$TMP/stdin" "$TMP/file" || fail "stdin .docx differs from the file"
# a .docx under another name is still a .docx; a text named .docx is text
cp "$f" "$TMP/report.bin"
[ "$(findings "$TMP/report.bin")" = "$(findings "$f")" ] || fail ".docx content under .bin"
cp "$SRC/samples/no-title-2024.txt" "$TMP/text.docx"
[ "$(findings "$TMP/text.docx")" = "$(findings "$SRC/samples/no-title-2024.txt")" ] || fail "text named .docx"

# the folder walk takes every reader's extension, case-insensitively, and nothing else
w=$TMP/walk
mkdir -p "$w/sub"
cp "$f" "$w/a.docx"
cp "$f" "$w/sub/B.DOCX"
cp "$SRC/samples/no-title-2024.txt" "$w/c.txt"
cp "$SRC/samples/no-title-2024.txt" "$w/d.md"
cp "$SRC/samples/no-title-2024.txt" "$w/e.htm"
fz 60 1024 "$w"
expect_in "$TMP/err" ' in 4 files$' "folder walk"
expect_not_in "$TMP/out" 'd\.md:' "folder walk took a .md"

# broken and hostile files: one message naming the file, exit 2, nothing read
b=$TMP/bad
for name in truncated corrupt bomb laughs xxe notxml encrypted notword; do
    fz 30 1024 "$b/$name.docx"
    expect_rc 2 "$name.docx"
    expect_in "$TMP/err" "^fzlint: '$b/$name.docx': " "$name.docx: message names the file"
    [ "$(grep -c '^fzlint: ' "$TMP/err")" = 1 ] || fail "$name.docx: not one message"
    [ ! -s "$TMP/out" ] || fail "$name.docx: output on a file that was not read"
done
expect_in "$TMP/err" "不是 Word 文件" "a ZIP named .docx without word/document.xml"
fz 30 1024 "$b/encrypted.docx"
expect_in "$TMP/err" "加密" "encrypted.docx message"
fz 30 1024 "$b/bomb.docx"
expect_in "$TMP/err" "ZIP 炸弹" "bomb message"
fz 30 1024 "$b/laughs.docx"
expect_in "$TMP/err" "DTD" "entity expansion message"
fz 30 1024 "$b/xxe.docx"
expect_not_in "$TMP/out" "root:" "xxe read /etc/passwd"
fz 30 1024 "$b/nobody.docx"
expect_rc 1 "nobody.docx"
expect_in "$TMP/out" "^$b/nobody.docx:1:1: error: .*\[fzlint/unreadable\]$" "no body"
fz 30 1024 "$b/empty.docx"
expect_rc 1 "0-byte .docx"
expect_in "$TMP/out" "^$b/empty.docx:1:1: error: .*\[fzlint/empty\]$" "0-byte .docx"
# one bad file does not stop the others
fz 30 1024 "$b/corrupt.docx" "$b/good.docx"
expect_rc 2 "bad and good"
expect_in "$TMP/err" ' in 1 file$' "the good file is still checked"

# the kind is read from a title the document gives only as its property
"$PY" - "$TMP/kind.docx" <<'PY' || fail "kind.docx"
import sys, docx
d = docx.Document()
d.core_properties.title = "青禾县交通运输局关于2024年度法治政府建设情况的报告"
for t in ("2024年，我局扎实推进法治政府建设。", "一、主要举措和成效", "全年办理行政复议案件12件。"):
    d.add_paragraph(t)
d.save(sys.argv[1])
PY
fz 30 1024 --outline "$TMP/kind.docx"
expect_in "$TMP/out" '^title .*\(document property\)$' "title from the property"
expect_in "$TMP/out" '^kind +department ' "kind from the title property"
fz 30 1024 --format=summary-csv "$TMP/kind.docx"
expect_in "$TMP/out" ',2024,政府部门,' "kind in summary-csv"

sums "$d" | cmp -s - "$TMP/sums.before" || fail "an input .docx was modified"
sums "$TMP/bad" | cmp -s - "$TMP/bad.before" || fail "a bad input was modified"
finish
