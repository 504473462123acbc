#!/usr/bin/env bash
# contrib/vim: real Vim, headless, loads fzlint's output through the compiler
# plugin's errorformat and must put the cursor on the reported character of
# Chinese lines (wide characters, a tab, “quotes”, a character outside the BMP).
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v vim >/dev/null || { echo "vim not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/tests/formats/rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/formats"

"$fzlint" --color=never --max-per-rule=0 report-a.txt report-b.txt >"$tmp/out.txt" 2>&1 || true
"$fzlint" --color=never --max-per-rule=0 --column-unit=byte report-a.txt report-b.txt \
  >"$tmp/out-byte.txt" 2>&1 || true

cat >"$tmp/check.vim" <<'VIM'
" For every quickfix entry: jump to it, then record where the cursor is: file,
" line, the display column of the character under it, and the text from there.
set encoding=utf-8 fileencodings=utf-8 hidden nomore
let out = []
let n = len(getqflist())
for i in range(1, n)
  execute 'silent cc ' . i
  let before = strpart(getline('.'), 0, col('.') - 1)
  let text = strpart(getline('.'), col('.') - 1)
  call add(out, printf('%s:%d:%d:%s:%s', expand('%:t'), line('.'), strdisplaywidth(before) + 1,
        \ getqflist()[i - 1].type, strcharpart(text, 0, 2)))
endfor
call writefile(out, $OUT)
qall!
VIM

for variant in display byte; do
  if [ $variant = display ]; then
    setup="compiler fzlint"; file=$tmp/out.txt
  else # the README's recipe for ambiwidth=double: byte columns and %c
    setup="compiler fzlint | let &l:efm = substitute(&l:efm, '%v', '%c', 'g') | set ambiwidth=double"
    file=$tmp/out-byte.txt
  fi
  OUT=$tmp/got-$variant.txt vim -Nu NONE -i NONE -es \
    --cmd "set rtp^=$src/contrib/vim" -c "$setup" -c "cgetfile $file" -S "$tmp/check.vim" </dev/null ||
    { echo "FAIL: vim exited with $?"; exit 1; }
done

# line and display column worked out by hand (see tests/format_json.sh), with the
# two characters found there
cat >"$tmp/want-display.txt" <<'WANT'
report-a.txt:3:29:w:布署
report-a.txt:3:39:e:XX
report-a.txt:4:19:w:布署
report-a.txt:5:13:w:布署
report-a.txt:5:35:e:XX
report-a.txt:6:11:w:布署
report-a.txt:6:37:e:XX
report-b.txt:1:1:e:关于
report-b.txt:2:1:i:一、
report-b.txt:3:49:w:布署
WANT
diff -u "$tmp/want-display.txt" "$tmp/got-display.txt" || { echo "FAIL: display columns (%v)"; exit 1; }
# with ambiwidth=double “ is 2 columns wide in Vim: the byte recipe still lands on
# the same characters
sed 's/:[0-9]*:\([a-zA-Z]\):/:\1:/' "$tmp/want-display.txt" >"$tmp/want-byte.txt"
sed 's/:[0-9]*:\([a-zA-Z]\):/:\1:/' "$tmp/got-byte.txt" >"$tmp/got-byte-chars.txt"
diff -u "$tmp/want-byte.txt" "$tmp/got-byte-chars.txt" || { echo "FAIL: byte columns (%c)"; exit 1; }
echo "vim: ok ($(wc -l <"$tmp/got-display.txt") findings)"
