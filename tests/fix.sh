#!/usr/bin/env bash
# --fix and --diff: what is mended, that nothing else changes (bytes outside the fixed
# spans, encodings, BOM, line ends, permissions, links), what is refused, and that a
# second --fix changes nothing.
source "$(dirname "$0")/lib/guard.bash" "$@"
d=$TMP/r
mkdir -p "$d"

# A report of our own with mechanical defects, and two that --fix must leave (a missing
# part; a half-width parenthesis, whose pair would be left half-width).
cat >"$TMP/report.txt" <<'EOF'
关于2025年度法治政府建设情况的报告
一、主要举措和成效
1、健全制度。按照统一布署,制定《某县法治政府建设实施方案（2022-2025年）》。
（一）、规范执法。实现"零败诉"目标，执法 大队全年办案12件(含简易程序)。
二.存在的不足和原因
截止年底仍有短板，原因是培训不足。
三、党政主要负责人履行推进法治建设第一责任人职责情况
主要负责同志带头学法4次，主持研究法治工作3次，出庭应诉2次。
四、下一年度工作安排
2026年，持续完善制度。
特此报告。
某县人民政府
2026年03月05日
EOF
expected_fixed() { # the same text as --fix must leave it
    sed -e 's/^1、/1./; s/布署,/部署，/; s/2022-2025年/2022—2025年/; s/^（一）、/（一）/' \
        -e 's/"零败诉"/“零败诉”/; s/执法 大队/执法大队/; s/^二\./二、/; s/^截止/截至/' \
        -e 's/2026年03月05日/2026年3月5日/' "$TMP/report.txt"
}
expected_fixed >"$TMP/expected.txt"

# --diff: a unified diff, exit 1, nothing written; patch turns the report into the fix
cp "$TMP/report.txt" "$d/a.txt"
sum_before=$(sha256sum <"$d/a.txt")
fz 30 1024 --diff "$d/a.txt"
expect_rc 1 "--diff with changes"
expect_in "$TMP/out" "^--- $d/a.txt\$" "--diff header"
expect_in "$TMP/out" '^@@ -1,13 \+1,13 @@$' "--diff hunk"
expect_in "$TMP/err" 'would apply 10 fixes in 1 file' "--diff count"
[ "$(sha256sum <"$d/a.txt")" = "$sum_before" ] || fail "--diff modified the file"
cp "$d/a.txt" "$TMP/patched.txt"
patch -s "$TMP/patched.txt" <"$TMP/out" || fail "patch rejected the --diff output"
cmp -s "$TMP/patched.txt" "$TMP/expected.txt" || fail "--diff output is not the expected fix"

# --fix: the expected text, remaining findings reported, fixed ones gone
chmod 640 "$d/a.txt"
fz 30 1024 --fix --max-per-rule=0 "$d/a.txt"
cmp -s "$d/a.txt" "$TMP/expected.txt" || { fail "--fix result"; diff "$TMP/expected.txt" "$d/a.txt" >&2; }
[ "$(stat -c %a "$d/a.txt")" = 640 ] || fail "--fix lost the permissions"
expect_in "$TMP/err" 'applied 10 fixes in 1 file' "--fix count"
expect_in "$TMP/out" 'halfwidth-punctuation' "the half-width parenthesis stays a finding"
for rule in misused-words ascii-quotes year-range-dash heading-marker-arabic heading-marker-bracket \
    heading-marker-chinese stray-space signed-date-format; do
    expect_not_in "$TMP/out" "national/$rule\\]" "$rule fixed"
done
ls "$d" | grep -q fzlint- && fail "--fix left a temporary file"
# a second --fix changes nothing
sum_fixed=$(sha256sum <"$d/a.txt")
fz 30 1024 --diff "$d/a.txt"
expect_rc 0 "--diff after --fix"
[ -s "$TMP/out" ] && fail "--diff after --fix printed a diff"
fz 30 1024 --fix "$d/a.txt"
[ "$(sha256sum <"$d/a.txt")" = "$sum_fixed" ] || fail "a second --fix changed the file"

# Only the fixed spans change: every byte that differs lies inside a finding with a fix.
cp "$TMP/report.txt" "$d/b.txt"
fz 30 1024 --format=json --column-unit=byte --max-per-rule=0 "$d/b.txt"
cp "$TMP/out" "$TMP/b.json"
fz 30 1024 --fix "$d/b.txt"
python3 - "$TMP/report.txt" "$d/b.txt" "$TMP/b.json" <<'PY' || fail "bytes changed outside the fixed spans"
import json, sys
old, new = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
edits = sorted((x['start']['offset'], x['end']['offset'], x['fix'].encode())
               for f in json.load(open(sys.argv[3]))['files'] for x in f['diagnostics'] if 'fix' in x)
out, at = b'', 0
for s, e, w in edits:  # the fixes applied independently; this report has no overlap
    if old[s:e] != w:
        out, at = out + old[at:s] + w, e
if out + old[at:] != new:
    sys.exit('the fixed file is not the report with exactly its fixes applied')
PY

# Encodings, BOM and line ends are kept: the fix of each equals the UTF-8 fix re-encoded.
python3 - "$TMP/report.txt" "$d" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
for name, enc, bom, eol in [('gb', 'gb18030', b'', '\n'), ('le', 'utf-16-le', b'\xff\xfe', '\n'),
                            ('be', 'utf-16-be', b'\xfe\xff', '\n'), ('bom', 'utf-8', b'\xef\xbb\xbf', '\n'),
                            ('crlf', 'utf-8', b'', '\r\n'), ('gbcrlf', 'gb18030', b'', '\r\n')]:
    open(f'{sys.argv[2]}/enc-{name}.txt', 'wb').write(bom + text.replace('\n', eol).encode(enc))
PY
for f in "$d"/enc-*.txt; do
    fz 30 1024 --fix "$f"
    expect_in "$TMP/err" 'applied 10 fixes in 1 file' "--fix $(basename "$f")"
done
python3 - "$TMP/expected.txt" "$d" <<'PY' || fail "an encoding, BOM or line end was not kept"
import sys
text = open(sys.argv[1], encoding='utf-8').read()
for name, enc, bom, eol in [('gb', 'gb18030', b'', '\n'), ('le', 'utf-16-le', b'\xff\xfe', '\n'),
                            ('be', 'utf-16-be', b'\xfe\xff', '\n'), ('bom', 'utf-8', b'\xef\xbb\xbf', '\n'),
                            ('crlf', 'utf-8', b'', '\r\n'), ('gbcrlf', 'gb18030', b'', '\r\n')]:
    got = open(f'{sys.argv[2]}/enc-{name}.txt', 'rb').read()
    if got != bom + text.replace('\n', eol).encode(enc):
        sys.exit(f'enc-{name}.txt')
PY

# Refused, with the file named and untouched: read-only, undecodable bytes, standard input.
cp "$TMP/report.txt" "$d/ro.txt"
chmod 444 "$d/ro.txt"
fz 30 1024 --fix "$d/ro.txt"
expect_rc 2 "--fix on a read-only file"
expect_in "$TMP/err" "cannot fix '$d/ro.txt': the file is read-only" "read-only message"
cmp -s "$d/ro.txt" "$TMP/report.txt" || fail "the read-only file changed"
{ cat "$TMP/report.txt"; printf '\xff\xfe 附件\n'; } >"$d/bad.txt"
cp "$d/bad.txt" "$TMP/bad.orig"
fz 30 1024 --fix "$d/bad.txt"
expect_rc 2 "--fix on undecodable bytes"
expect_in "$TMP/err" "cannot fix '$d/bad.txt': 含有无法解码的字节" "undecodable message"
cmp -s "$d/bad.txt" "$TMP/bad.orig" || fail "the undecodable file changed"
RC=0
"$FZ" --fix - <"$TMP/report.txt" >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_rc 2 "--fix on standard input"
expect_in "$TMP/err" 'cannot fix standard input' "stdin message"
RC=0
"$FZ" --diff - <"$TMP/report.txt" >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_rc 1 "--diff on standard input"
expect_in "$TMP/out" '^\+1\.健全制度' "--diff on standard input"
fz 30 1024 --fix --diff "$d/a.txt"
expect_rc 2 "--fix with --diff"

# A Word file is not rewritten (fixing one is not part of --fix): exit 2, the file named, unchanged.
python3 - "$d/w.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>实现"零败诉"目标</w:t></w:r></w:p></w:body></w:document>')
PY
cp "$d/w.docx" "$TMP/w.orig"
fz 30 1024 --fix "$d/w.docx"
expect_rc 2 "--fix on a .docx"
expect_in "$TMP/err" "cannot fix '$d/w.docx'" "--fix on a .docx names the file"
cmp -s "$d/w.docx" "$TMP/w.orig" || fail "--fix changed a .docx"

# A link: the file it names is fixed, the link stays a link.
cp "$TMP/report.txt" "$d/target.txt"
ln -s target.txt "$d/link.txt"
fz 30 1024 --fix "$d/link.txt"
[ -L "$d/link.txt" ] || fail "--fix replaced the link"
cmp -s "$d/target.txt" "$TMP/expected.txt" || fail "--fix through a link"

# A folder of mixed files: the fixable ones fixed, the others untouched, exit 2 for the refusal.
m=$TMP/mixed
mkdir -p "$m"
cp "$TMP/report.txt" "$m/1.txt"
cp "$TMP/expected.txt" "$m/2.txt"
cp "$TMP/bad.orig" "$m/3.txt"
fz 30 1024 --fix -j2 "$m"
expect_rc 2 "--fix on a mixed folder"
cmp -s "$m/1.txt" "$TMP/expected.txt" || fail "mixed folder: 1.txt not fixed"
cmp -s "$m/2.txt" "$TMP/expected.txt" || fail "mixed folder: 2.txt changed"
cmp -s "$m/3.txt" "$TMP/bad.orig" || fail "mixed folder: 3.txt changed"
expect_in "$TMP/err" 'applied 10 fixes in 1 file' "mixed folder count"

# Overlapping fixes: the first by position wins, the other stays a finding; `fix: false`.
cat >"$TMP/overlap.yaml" <<'EOF'
pack: overlap
rules:
  - id: first
    type: forbid
    message: 甲乙
    pattern: 甲乙
    suggest: 子
    examples: {bad: "标题\n甲乙\n", good: "标题\n丙\n"}
  - id: second
    type: forbid
    message: 乙丙
    pattern: 乙丙
    suggest: 丑
    examples: {bad: "标题\n乙丙\n", good: "标题\n甲\n"}
EOF
printf '关于2025年度法治政府建设情况的报告\n甲乙丙\n' >"$d/o.txt"
fz 30 1024 --rules "$TMP/overlap.yaml" --fix "$d/o.txt"
[ "$(sed -n 2p "$d/o.txt")" = 子丙 ] || fail "overlap: got $(sed -n 2p "$d/o.txt")"
printf '关于2025年度法治政府建设情况的报告\n甲乙丙\n' >"$d/o.txt"
printf 'rules:\n  overlap/first: {fix: false}\n' >"$d/.fzlint.yaml"
fz 30 1024 --rules "$TMP/overlap.yaml" --fix "$d/o.txt"
[ "$(sed -n 2p "$d/o.txt")" = 甲丑 ] || fail "fix: false: got $(sed -n 2p "$d/o.txt")"
rm "$d/.fzlint.yaml"

# A fix that does not silence its own bad example fails --test-rules.
cat >"$TMP/selfish.yaml" <<'EOF'
pack: selfish
rules:
  - id: doubles
    type: forbid
    message: 甲
    pattern: 甲
    suggest: 甲甲
    examples: {bad: "标题\n甲\n", good: "标题\n乙\n"}
EOF
fz 30 1024 --rules "$TMP/selfish.yaml" --test-rules selfish
expect_rc 1 "--test-rules with a fix that does not silence its example"
expect_in "$TMP/out" 'selfish/doubles\] 反例第 1 个按 --fix 修复后仍触发该规则' "selftest fix message"

# The instrument rules mend a cited title and keep its own marks (〈〉 inside a title);
# outdated-instruments only reports.
printf '%s\n' '关于2024年度法治政府建设情况的报告' \
    '贯彻《行政复议法》和〈重大行政决策程序暂行规定〉，落实《法治政府建设实施纲要（2015—2020年）》。' \
    >"$d/cited.txt"
fz 30 1024 --fix "$d/cited.txt"
grep -qxF '贯彻《中华人民共和国行政复议法》和〈重大行政决策程序暂行条例〉，落实《法治政府建设实施纲要（2015—2020年）》。' \
    "$d/cited.txt" || fail "--fix of cited titles: $(sed -n 2p "$d/cited.txt")"

# --list-rules marks fixable rules; --explain shows the fix.
fz 30 1024 --list-rules
expect_in "$TMP/out" '^national/misused-words +warning +swap +fix ' "--list-rules marks swap rules"
expect_in "$TMP/out" '^national/problems-section +error +section +  ' "--list-rules: a section is not fixable"
fz 30 1024 --explain national/halfwidth-punctuation
expect_in "$TMP/out" '^修复：--fix 自动替换“,”→“，”' "--explain shows the fix"
finish
