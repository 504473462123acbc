#!/usr/bin/env bash
# PDFs written by LibreOffice from the samples (tests/fixtures/make_pdfs.py lays them out
# as a 公文 is printed: centred title, first-line indents, justified lines, a running
# header and "— N —" page numbers; and plainly, the .txt converted as it is) give the
# rule ids of the sample's .txt; the header and page numbers are no text.  A scan (only
# an image), an empty page, a password, a damaged or cut file: one clear error naming the
# file, never a crash.  Skips without soffice.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
command -v soffice >/dev/null || { echo "skip: no soffice (apt install libreoffice-writer-nogui)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
o=$TMP/pdf
mkdir -p "$o/plain" "$o/enc"
python3 "$SRC/tests/fixtures/make_pdfs.py" "$o" "$SRC"/samples/*.txt || fail "make_pdfs.py"
lo() { timeout 300 soffice "-env:UserInstallation=file://$TMP/profile" --headless --norestore "$@" >/dev/null 2>&1; }
lo --convert-to pdf --outdir "$o" "$o"/*.fodt || fail "soffice: .fodt to .pdf"
lo --infilter="Text (encoded):UTF8,LF,,," --convert-to pdf --outdir "$o/plain" "$SRC"/samples/*.txt ||
    fail "soffice: .txt to .pdf"
lo --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
    --outdir "$o/enc" "$o/no-title-2024.fodt" || fail "soffice: encrypted .pdf"

rules() { grep -o '\[[a-z]*/[a-z-]*\]$' "$TMP/out" | sort -u; }
for txt in "$SRC"/samples/*.txt; do
    n=$(basename "$txt" .txt)
    fz 20 400 --max-per-rule=0 "$txt"
    rules >"$TMP/want"
    [ -s "$TMP/want" ] || [ "$n" = clean-county-2025 ] || fail "$n.txt: no findings"
    for pdf in "$o/$n.pdf" "$o/plain/$n.pdf"; do
        [ -f "$pdf" ] || { fail "$pdf was not written"; continue; }
        fz 30 600 --max-per-rule=0 "$pdf"
        [ "$RC" -le 1 ] || { fail "$pdf: exit status $RC"; continue; }
        rules >"$TMP/got"
        cmp -s "$TMP/want" "$TMP/got" || { fail "${pdf#$o/}: rule ids differ from $n.txt"; diff "$TMP/want" "$TMP/got" >&2; }
    done
    fz 30 600 --outline "$o/$n.pdf"
    expect_in "$TMP/out" '^format +pdf' "$n.pdf: --outline names the format"
    expect_not_in "$TMP/out" '青禾县法治政府建设年度报告|— [0-9]+ —' "$n.pdf: running header or page number in the text"
done
# the title is one line, rebuilt from the two it is printed on
fz 30 600 --outline "$o/clean-county-2025.pdf"
expect_in "$TMP/out" '^title +青禾县人民政府关于2025年度法治政府建设情况的报告 \(line 1\)' "the title"

# no text layer: one error, nothing checked
for f in scan blank; do
    fz 20 400 "$o/$f.pdf"
    expect_rc 1 "$f.pdf"
    expect_in "$TMP/out" "$f.pdf:1:1: error: PDF 没有文字层.*\\[fzlint/unreadable\\]" "$f.pdf: unreadable"
    [ "$(grep -c ': error: \|: warning: ' "$TMP/out")" = 1 ] || fail "$f.pdf: more than one diagnostic"
done
# a password
fz 20 400 "$o/enc/no-title-2024.pdf"
expect_rc 2 "a password PDF"
expect_in "$TMP/err" "^fzlint: '.*no-title-2024.pdf': PDF 有打开密码" "a password PDF"
# damaged and cut files; poppler says nothing of its own
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n' >"$TMP/junk.pdf"
fz 20 400 "$TMP/junk.pdf"
expect_rc 2 "a damaged PDF"
expect_in "$TMP/err" "^fzlint: '.*junk.pdf': 无法读取 PDF" "a damaged PDF"
[ "$(grep -vc '^fzlint: \|errors, .* in .* file' "$TMP/err")" = 0 ] || fail "stray messages: $(head -3 "$TMP/err")"
size=$(wc -c <"$o/department-flawed-2025.pdf")
for cut in 100 $((size / 3)) $((size / 2)) $((size - 200)); do
    head -c "$cut" "$o/department-flawed-2025.pdf" >"$TMP/cut.pdf"
    fz 30 600 "$TMP/cut.pdf"
    [ "$RC" -le 2 ] || fail "cut at $cut: status $RC"
    [ "$(grep -vc '^fzlint: \|errors, .* in .* file' "$TMP/err")" = 0 ] || fail "cut at $cut: stray messages: $(head -3 "$TMP/err")"
done
# stdin is sniffed like a file
fz 30 600 --outline - <"$o/no-title-2024.pdf"
expect_in "$TMP/out" '^format +pdf' "stdin"
finish
