#!/usr/bin/env bash
# .doc, .odt and .rtf through LibreOffice: written by LibreOffice from the samples, read
# back through soffice --convert-to docx, they give the findings of the .txt; without
# soffice on PATH, exit 2 and a message saying how to install it.  Skips without soffice.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
command -v soffice >/dev/null || { echo "skip: no soffice (apt install libreoffice-writer-nogui)"; exit 77; }
o=$TMP/office
mkdir -p "$o/profile"
lo() { timeout 300 soffice "-env:UserInstallation=file://$o/profile" --headless --norestore \
        --infilter="Text (encoded):UTF8" "$@" >/dev/null 2>&1; }
lo --convert-to doc --outdir "$o" "$SRC/samples/department-flawed-2025.txt" \
    "$SRC/samples/no-title-2024.txt" || fail "soffice --convert-to doc"
lo --convert-to odt --outdir "$o" "$SRC/samples/department-flawed-2025.txt" || fail "to odt"
lo --convert-to rtf --outdir "$o" "$SRC/samples/department-flawed-2025.txt" || fail "to rtf"
sums() { (cd "$o" && sha256sum -- *.doc *.odt *.rtf); }
sums >"$TMP/sums.before"

# findings FILE: "line col level rule" of FILE's diagnostics in $TMP/all
findings() {
    sed -n "s|^$1:\([0-9]*\):\([0-9]*\): \([a-z]*\): .*\[\([^]]*\)\]\$|\1 \2 \3 \4|p" "$TMP/all"
}
# all four at once, two conversions at a time (each soffice has its own profile)
tmpd=$TMP/tmpdir
mkdir -p "$tmpd"
TMPDIR=$tmpd timeout 600 "$FZ" --color=never --max-per-rule=0 -j2 "$o"/*.doc "$o"/*.odt "$o"/*.rtf \
    "$SRC/samples/department-flawed-2025.txt" "$SRC/samples/no-title-2024.txt" \
    >"$TMP/all" 2>"$TMP/err"
expect_in "$TMP/err" ' in 6 files$' "six files, four through LibreOffice"
[ -z "$(ls -A "$tmpd")" ] || fail "temporary files left: $(ls -A "$tmpd")"
for n in department-flawed-2025 no-title-2024; do
    findings "$SRC/samples/$n.txt" >"$TMP/f.txt"
    [ -s "$TMP/f.txt" ] || fail "$n: no findings"
    for ext in doc odt rtf; do
        [ -f "$o/$n.$ext" ] || continue
        findings "$o/$n.$ext" >"$TMP/f.$ext"
        cmp -s "$TMP/f.txt" "$TMP/f.$ext" || { fail "$n: .$ext and .txt findings differ"; diff "$TMP/f.txt" "$TMP/f.$ext" | head >&2; }
    done
done
# stdin, and --outline names the format
"$FZ" --outline - <"$o/department-flawed-2025.doc" >"$TMP/out" 2>"$TMP/err"
expect_in "$TMP/out" '^format      doc \(LibreOffice\)$' "--outline of a .doc on stdin"
expect_in "$TMP/out" '^   16  H2   （四）完善制度体系' "--outline of a .doc on stdin: lines"

# --annotate on a .doc: the copy is the .docx LibreOffice made, with the comments
"$FZ" --max-per-rule=0 --format=json --annotate="$TMP/doc.批注版.docx" "$o/department-flawed-2025.doc" \
    >"$TMP/f.json" 2>"$TMP/err" || true
expect_in "$TMP/err" "^fzlint: 批注版已写入 '$TMP/doc.批注版.docx'" "--annotate on a .doc"
python3 "$SRC/tests/fixtures/check_annotated.py" "$TMP/doc.批注版.docx" "$TMP/f.json" \
    "$SRC/samples/department-flawed-2025.txt" >/dev/null || fail "--annotate on a .doc: comments and spans"
"$FZ" --color=never --max-per-rule=0 "$TMP/doc.批注版.docx" 2>/dev/null |
    sed -n 's/^[^:]*:\([0-9]*\):\([0-9]*\): \([a-z]*\): .*\[\([^]]*\)\]$/\1 \2 \3 \4/p' >"$TMP/f.copy"
findings "$SRC/samples/department-flawed-2025.txt" | cmp -s - "$TMP/f.copy" || fail "the annotated .doc reads differently"

# a broken .doc: LibreOffice cannot convert it, one message
head -c 3000 "$o/department-flawed-2025.doc" >"$TMP/cut.doc"
fz 300 4096 "$TMP/cut.doc"
[ "$RC" = 2 ] || [ "$RC" = 1 ] || fail "cut .doc: exit $RC"
[ "$RC" = 1 ] || expect_in "$TMP/err" "^fzlint: '$TMP/cut.doc': " "cut .doc names the file"

# without LibreOffice: exit 2, how to install it or convert the file
mkdir -p "$TMP/nopath"
RC=0
PATH=$TMP/nopath "$FZ" "$o/no-title-2024.doc" >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_rc 2 "no soffice"
expect_in "$TMP/err" "^fzlint: '$o/no-title-2024.doc': .*LibreOffice.*apt install libreoffice-writer-nogui.*另存为 \.docx" "no soffice message"
sums | cmp -s - "$TMP/sums.before" || fail "an input was modified"
finish
