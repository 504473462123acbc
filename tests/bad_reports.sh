#!/usr/bin/env bash
# Reports that are not what a report should be: each gets diagnostics or one clear
# error, in bounded time, memory and output.  Big inputs are generated here, not committed.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
S=$SRC/samples
r=$TMP/r
mkdir -p "$r"

# headers FILE: the diagnostic lines of $TMP/out for FILE, without the path.
headers() { grep -a "^$1:[0-9]*:[0-9]*: " "$TMP/out" | sed "s|^$1:||"; }
# body FILE: everything fzlint printed, with the path removed (for encoding comparisons).
body() { sed "s|^$1:||" "$TMP/out"; }
count() { grep -ac -- "$1" "$TMP/out" || true; }
bounded_output() {
    local size
    size=$(wc -c <"$TMP/out")
    [ "$size" -lt "$2" ] || fail "$1: $size bytes of output"
}

# --- empty, blank ---
: >"$r/empty.txt"
fz 30 512 "$r/empty.txt"
expect_rc 1 "empty file"
expect_in "$TMP/out" "^$r/empty.txt:1:1: error: .*\[fzlint/empty\]$" "empty file"
[ "$(count ': error: \|: warning: \|: info: ')" = 1 ] || fail "empty file: not exactly one diagnostic"

printf '  \n\t\t\r\n\xe3\x80\x80\xc2\xa0 \f\n\n\n' >"$r/blank.txt"
fz 30 512 "$r/blank.txt"
expect_rc 1 "blank file"
expect_in "$TMP/out" "^$r/blank.txt:1:1: error: .*\[fzlint/empty\]$" "blank file"
[ "$(count ': error: \|: warning: \|: info: ')" = 1 ] || fail "blank file: not exactly one diagnostic"

# --- binary ---
cp "$FZ" "$r/program.txt"
{ head -c 20000 /dev/urandom; head -c 100 /dev/zero; head -c 20000 /dev/urandom; } >"$r/noise.txt"
for f in program noise; do
    fz 60 1024 "$r/$f.txt"
    expect_rc 1 "binary $f"
    expect_in "$TMP/out" "^$r/$f.txt:1:1: error: .*\[fzlint/binary\]$" "binary $f"
    [ "$(count ': error: \|: warning: \|: info: ')" = 1 ] || fail "binary $f: not exactly one diagnostic"
    expect_not_in "$TMP/out" $'\x1b' "binary $f: escape bytes reach the terminal"
done

# --- one stray NUL, one invalid byte mid-line: one warning each, the rest unchanged ---
base=$S/department-flawed-2025.txt # has findings of many rules
fz 30 512 "$base"
cp "$TMP/out" "$TMP/base.out"
headers "$base" | grep -v fzlint/encoding >"$TMP/base.h"
# line 6 starts with three Han characters (6 columns): insert after them, at column 7
sed -n 6p "$base" | grep -q '^二是' || fail "sample changed: line 6 no longer starts with 二是"
[ "$(wc -l <"$TMP/base.h")" -ge 10 ] || fail "sample changed: too few findings to compare"
sed '6s/^\(...\)/\1\x00/' "$base" >"$r/nul.txt"
sed '6s/^\(...\)/\1\xff/' "$base" >"$r/ff.txt"
for f in nul ff; do
    byte=$([ $f = nul ] && echo 0x00 || echo 0xFF)
    fz 30 512 "$r/$f.txt"
    [ "$(count '\[fzlint/encoding\]')" = 1 ] || fail "$f: not exactly one encoding warning"
    expect_in "$TMP/out" "^$r/$f.txt:6:7: warning: .*$byte.*\[fzlint/encoding\]$" "$f: warning position"
    expect_not_in "$TMP/out" "fzlint/binary" "$f: a stray byte is not binary"
    headers "$r/$f.txt" | grep -v fzlint/encoding | grep -v '^6:' >"$TMP/got.h"
    grep -v '^6:' "$TMP/base.h" | diff -u - "$TMP/got.h" >&2 || fail "$f: other diagnostics changed"
done

# --- other encodings and line ends give the same output as UTF-8 ---
for s in "$S"/*.txt; do
    n=$(basename "$s" .txt)
    fz 30 512 "$s"
    want_rc=$RC
    body "$s" >"$TMP/want"
    iconv -f UTF-8 -t GB18030 "$s" >"$r/$n.gb18030.txt"
    { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$s"; } >"$r/$n.utf16le.txt"
    { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$s"; } >"$r/$n.utf16be.txt"
    { printf '\xef\xbb\xbf'; cat "$s"; } >"$r/$n.bom.txt"
    sed 's/$/\r/' "$s" >"$r/$n.crlf.txt"
    for enc in gb18030 utf16le utf16be bom crlf; do
        f=$r/$n.$enc.txt
        fz 30 512 "$f"
        [ "$RC" = "$want_rc" ] || fail "$n as $enc: exit status $RC, UTF-8 gave $want_rc"
        body "$f" | diff -u "$TMP/want" - >&2 || fail "$n as $enc: output differs from UTF-8"
    done
    fz 30 512 --outline "$r/$n.gb18030.txt"
    expect_in "$TMP/out" "^encoding +GB18030$" "$n: GB18030 detected"
done

# --- mixtures: a UTF-8 report with a GB18030 pair pasted in, and the reverse ---
sed '20s/$/\xa1\xa1/' "$base" >"$r/utf8-gbpaste.txt"
fz 30 512 --outline "$r/utf8-gbpaste.txt"
expect_in "$TMP/out" "^encoding +UTF-8$" "UTF-8 with a GB18030 pair stays UTF-8"
fz 30 512 "$r/utf8-gbpaste.txt"
[ "$(count '\[fzlint/encoding\]')" = 2 ] || fail "UTF-8 with a GB18030 pair: not two encoding warnings"
expect_in "$TMP/out" "^$r/utf8-gbpaste.txt:20:[0-9]+: warning: .*0xA1" "pasted pair located"
{ head -n 20 "$base" | iconv -f UTF-8 -t GB18030; printf '（三）这一行是UTF-8编码的。\n'
  tail -n +21 "$base" | iconv -f UTF-8 -t GB18030; } >"$r/gb-utf8paste.txt"
fz 30 512 --outline "$r/gb-utf8paste.txt"
expect_in "$TMP/out" "^encoding +GB18030$" "GB18030 with a UTF-8 line stays GB18030"
fz 30 512 "$r/gb-utf8paste.txt"
expect_in "$TMP/out" "^$r/gb-utf8paste.txt:21:[0-9]+: warning: .*\[fzlint/encoding\]" "pasted line located"
expect_not_in "$TMP/out" "^$r/gb-utf8paste.txt:([0-9]|1[0-9]|2[2-9]|[3-9][0-9]):[0-9]+: warning: .*\[fzlint/encoding\]" "only the pasted line is undecodable"
expect_not_in "$TMP/out" "fzlint/binary" "GB18030 with a UTF-8 line is text"

# --- control characters never reach the terminal, in the text or in the file name ---
evil="$r/e$(printf '\x1b')[2Jvil.txt"
{ cat "$base"; printf 'x\x1b]0;owned\x07 \xff\x1b[31m\xc2\x9b\n'; } >"$evil"
fz 30 512 "$evil"
expect_not_in "$TMP/out" $'\x1b|\x07|\xc2\x9b' "control characters in the output"
expect_in "$TMP/out" "␛\]0;owned␇ �␛\[31m" "controls shown as control pictures"

# --- size: a 50 MB report, a 5 MB line, 100,000 headings, deep brackets, over the cap ---
cp "$base" "$r/big.txt"
while [ "$(wc -c <"$r/big.txt")" -lt $((50 << 20)) ]; do
    cat "$r/big.txt" "$r/big.txt" >"$r/big2.txt" && mv "$r/big2.txt" "$r/big.txt"
done
fz 180 2048 -j2 "$r/big.txt"
[ "$RC" -le 1 ] || fail "50 MB report: exit status $RC"
expect_in "$TMP/err" " in 1 file$" "50 MB report checked"
bounded_output "50 MB report" 200000

line=$(sed -n 6p "$base")
for _ in $(seq 1 12); do line=$line$line; done # 4096 copies of a ~280-byte line
{ head -n 3 "$base"; for _ in 1 2 3 4 5; do printf '%s' "$line"; done; echo; } >"$r/longline.txt"
[ "$(wc -c <"$r/longline.txt")" -gt $((5 << 20)) ] || fail "long line under 5 MB"
fz 120 1024 "$r/longline.txt"
[ "$RC" -le 1 ] || fail "5 MB line: exit status $RC"
expect_in "$TMP/err" " in 1 file$" "5 MB line checked"
bounded_output "5 MB line" 100000

{ head -n 3 "$base"
  for _ in $(seq 1 25000); do printf '一、总体情况\n（一）强化组织领导\n1.完善制度\n（1）落实责任\n'; done
} >"$r/headings.txt"
fz 120 1024 "$r/headings.txt"
[ "$RC" -le 1 ] || fail "100,000 headings: exit status $RC"
bounded_output "100,000 headings" 200000
fz 120 1024 --outline "$r/headings.txt"
[ "$RC" -le 1 ] || fail "100,000 headings outline: exit status $RC"

{ head -n 3 "$base"
  printf '%0.s（' $(seq 1 100000); printf '法治'; printf '%0.s）' $(seq 1 100000); echo
  printf '%0.s(' $(seq 1 100000); echo
  printf '%0.s《' $(seq 1 50000); printf '%0.s“' $(seq 1 50000); printf '%0.s】' $(seq 1 50000); echo
  printf '%0.s（%0.s一%0.s）' $(seq 1 30000); echo
} >"$r/brackets.txt"
fz 120 1024 "$r/brackets.txt"
[ "$RC" -le 1 ] || fail "nested brackets: exit status $RC"
bounded_output "nested brackets" 200000

truncate -s 600M "$r/huge.txt" # sparse: costs no disk
fz 30 256 "$r/huge.txt" "$base"
expect_rc 2 "over the size cap"
expect_in "$TMP/err" "'$r/huge.txt': larger than 512 MiB, skipped" "size cap message"
expect_in "$TMP/err" " in 1 file$" "the other file still checked"

# --- standard input ---
RC=0
timeout 30 "$FZ" --color=never - <"$r/ff.txt" >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_in "$TMP/out" "^-:6:7: warning: .*\[fzlint/encoding\]" "standard input"

finish
