#!/usr/bin/env bash
# contrib/vim: real Vim loads fzlint's output through the compiler plugin's errorformat
# and must put the cursor on the reported character: of short Chinese lines (wide
# characters, a tab, “quotes”, a character outside the BMP) headless, and of a report
# whose paragraphs are lines of thousands of characters in a real window (under a pty) at
# two widths with 'wrap' on, where a virtual column (%v) would land early.  Then :make
# as the README gives it (this file; its folder without the file twice) and the README's
# autocmd, which must pick out reports and leave other .txt files alone.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v vim >/dev/null || { echo "vim not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/tests/formats/rules
export PATH=$(dirname "$fzlint"):$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/formats"
vim_es() { vim -Nu NONE -i NONE -es --cmd "set rtp^=$src/contrib/vim" "$@" </dev/null; }

# For every quickfix entry: jump to it, record file, line, character column (1-based)
# and the two characters under the cursor.
cat >"$tmp/check.vim" <<'VIM'
set encoding=utf-8 fileencodings=utf-8 hidden nomore
let out = []
for i in range(1, len(getqflist()))
  execute 'silent cc ' . i
  let before = strpart(getline('.'), 0, col('.') - 1)
  let text = strpart(getline('.'), col('.') - 1)
  call add(out, printf('%s:%d:%d:%s', expand('%:t'), line('.'), strchars(before) + 1,
        \ strcharpart(text, 0, 2)))
endfor
call writefile(out, $OUT)
qall!
VIM
# What Vim must find: fzlint's own character columns (JSON) and the text there.
want() {
  { "$fzlint" --format=json --column-unit=char --max-per-rule=0 "$@" 2>/dev/null || [ $? -eq 1 ]; } |
    python3 -c '
import json, sys
for f in json.load(sys.stdin)["files"]:
    lines = open(f["path"], encoding="utf-8").read().split("\n")
    for d in f["diagnostics"]:
        s = d["start"]
        at = lines[s["line"] - 1][s["column"] - 1:s["column"] + 1]
        print("%s:%d:%d:%s" % (f["path"].split("/")[-1], s["line"], s["column"], at))'
}

# 1. Short lines, headless, as shipped and with ambiwidth=double (“ is 2 cells wide then).
"$fzlint" --color=never --max-per-rule=0 --column-unit=byte report-a.txt report-b.txt \
  >"$tmp/out.txt" 2>&1 || true
want report-a.txt report-b.txt >"$tmp/want-short.txt"
[ "$(wc -l <"$tmp/want-short.txt")" -eq 10 ] || { echo "FAIL: expected 10 findings"; exit 1; }
for amb in single double; do
  OUT=$tmp/got-$amb.txt vim_es -c "set ambiwidth=$amb" -c "compiler fzlint" \
    -c "cgetfile $tmp/out.txt" -S "$tmp/check.vim" || { echo "FAIL: vim exited with $?"; exit 1; }
  diff -u "$tmp/want-short.txt" "$tmp/got-$amb.txt" || { echo "FAIL: ambiwidth=$amb"; exit 1; }
done

# 2. A long-line report in a real window.  The paragraph mixes wide characters, “quotes”
# and single ASCII letters, so wide characters meet the window's edge at either width.
{
  echo "关于2025年度法治政府建设情况的报告"
  echo "一、主要举措和成效"
  line=""
  for i in $(seq 1 60); do
    case $((i % 5)) in
      0) line+="全县各部门按照统一布署推进工作，" ;;
      1) line+="完成任务${i}项，" ;;
      2) line+="行政复议案件XX件，a" ;;
      3) line+="“依法行政”深入人心；" ;;
      4) line+="b全县按照布署完成" ;;
    esac
  done
  echo "$line"
  echo "二、存在的不足和原因"
  echo "执法队伍专业化水平不高。$line"
} >"$tmp/long.txt"
(cd "$tmp" && "$fzlint" --color=never --max-per-rule=0 --column-unit=byte long.txt >long.out 2>&1) ||
  true
(cd "$tmp" && want long.txt) >"$tmp/want-long.txt"
[ "$(wc -l <"$tmp/want-long.txt")" -gt 60 ] || { echo "FAIL: too few long-line findings"; exit 1; }
cat >"$tmp/in_terminal.py" <<'PY'
# in_terminal.py COLUMNS COMMAND...: runs COMMAND in a pseudo-terminal of COLUMNS x 40 cells.
import fcntl, os, pty, select, struct, sys, termios, time
cols, argv = int(sys.argv[1]), sys.argv[2:]
size = struct.pack("HHHH", 40, cols, 0, 0)
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, size)
    os.environ["TERM"] = "xterm"
    os.execvp(argv[0], argv)
deadline = time.time() + 60
while time.time() < deadline:
    if select.select([fd], [], [], 0.5)[0]:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:  # the child closed the terminal
            break
else:
    os.kill(pid, 9)
    sys.exit("vim did not finish")
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
for setup in "set columns=80 wrap" "set columns=113 wrap number"; do
  cols=${setup#set columns=}; cols=${cols%% *}
  (cd "$tmp" && OUT=$tmp/got-long.txt python3 in_terminal.py "$cols" vim -Nu NONE -i NONE \
    --cmd "set rtp^=$src/contrib/vim t_RV= t_u7=" -c "$setup" -c "compiler fzlint" \
    -c "cgetfile long.out" -c "call assert_equal($cols, winwidth(0))" \
    -c "if len(v:errors) | cquit | endif" -S "$tmp/check.vim") ||
    { echo "FAIL: vim in a $cols-column window"; exit 1; }
  diff -u "$tmp/want-long.txt" "$tmp/got-long.txt" || { echo "FAIL: $setup"; exit 1; }
done

# 3. :make as the README gives it: the current file; with %:h its folder, the file once.
mkdir "$tmp/folder"
cp report-a.txt report-b.txt "$tmp/folder/"
for args in "" "%:h"; do
  (cd "$tmp" && OUT=$tmp/make.txt vim_es -c "edit folder/report-a.txt" -c "compiler fzlint" \
    -c "silent make! $args" \
    -c 'call writefile(map(getqflist(), "bufname(v:val.bufnr) . \":\" . v:val.lnum . \":\" . v:val.col"), $OUT)' \
    -c 'qall!' >/dev/null 2>&1) || true
  a=$(grep -c '^folder/report-a.txt:' "$tmp/make.txt" || true)
  b=$(grep -c '^folder/report-b.txt:' "$tmp/make.txt" || true)
  want_b=$([ -z "$args" ] && echo 0 || echo 3)
  [ "$a" -eq 7 ] && [ "$b" -eq "$want_b" ] ||
    { echo "FAIL: ':make $args': $a findings in report-a (want 7), $b in report-b (want $want_b)"; exit 1; }
done

# 4. The README's autocmd, as written there: every sample report (titled or not, scraped
# from a portal page) and the corpus where it is present, and not other text files.
autocmd=$(grep -m1 '^ *autocmd .*compiler fzlint' "$src/contrib/vim/README.md")
printf '购物清单\n苹果、梨\n' >"$tmp/notes.txt"
for f in "$src"/samples/*.txt "$src"/../shared/corpus/seeds/*.txt "$tmp/notes.txt"; do
  [ -f "$f" ] || continue
  got=$(vim_es --cmd "$autocmd" -c "call writefile([get(b:, 'current_compiler', '-')], '/dev/stdout')" \
    -c 'qall!' "$f")
  want=$([ "$f" = "$tmp/notes.txt" ] && echo - || echo fzlint)
  [ "$got" = "$want" ] || { echo "FAIL: README autocmd on $f: compiler '$got', want '$want'"; exit 1; }
done
echo "vim: ok ($(wc -l <"$tmp/want-long.txt") long-line findings at two widths)"
