#!/usr/bin/env bash
# Cost in every input shape of issue 19: the CPU time of size 8N against size N (linear
# work gives 8x, the quadratic steps this guards against gave 64x; the bound is 24x plus
# half a second, wide enough for a loaded machine), peak memory against the input, and
# what is left of the output when memory runs out.  Timings belong to bench/cost.sh.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
if ! [ -x /usr/bin/time ]; then
    echo "skip: /usr/bin/time is missing"
    exit 77
fi
head_line='关于2024年度法治政府建设情况的报告'

# gen SHAPE N FILE: one input of a shape at size N
gen() {
    python3 - "$1" "$2" "$3" "$head_line" <<'PY'
import sys
shape, n, out, head = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if shape == 'dense-line':      # a literal-prefiltered rule matching all along one line
    text = head + '\n' + '布署' * n + '\n'
elif shape == 'dense-lines':   # half-width commas, line after line
    text = head + '\n' + '法治,政府,建设,工作。\n' * n
elif shape == 'headings':      # a new parent for every pair: many (parent, level) runs
    text = head + '\n' + '一、主要举措\n（一）健全制度\n' * n
elif shape == 'long-line':     # findings all along one line: every column counted
    text = head + '\n' + '布署,' * n + '\n'
elif shape == 'facts-line':    # figures all along one line
    text = head + '\n' + '办理行政复议案件12件，' * n + '\n'
elif shape == 'facts-sums':    # totals with their parts, sentence after sentence of one paragraph
    text = head + '\n' + ''.join('全年共审结行政复议案件%d件，其中维持%d件。' % (i % 50 + 3, i % 3 + 1)
                                  for i in range(n)) + '\n'
elif shape == 'facts-outcomes': # outcome lists without 其中, and their rates, in one paragraph
    text = head + '\n' + '审结30件，维持18件，驳回4件，撤销5件，确认违法2件，终止1件，纠错率23.3%。' * n + '\n'
elif shape == 'newlines':     # empty lines: a line map entry per byte, no outline record
    text = head + '\n' + '\n' * n
elif shape == 'fdfa':         # U+FDFA, 33 bytes in NFKC: kept as written (text.h)
    text = head + '\n' + '\ufdfa' * n + '\n'
elif shape == 'unclosed':     # 《 never closed: an occurrence of a literal per character
    text = head + '\n' + '《' * n + '\n'
elif shape == 'anchors':       # a pack with n anchors and n aliases
    text = ('pack: anchors\nrules:\n  - id: a\n    type: forbid\n    level: warning\n'
            '    message: m\n    pattern: x\n    examples:\n      bad: ['
            + ', '.join(f'&a{i} x{i}' for i in range(n)) + ']\n      good: ['
            + ', '.join(f'*a{i}' for i in range(n)) + ']\n')
open(out, 'w', encoding='utf-8').write(text)
PY
}

# cpu ARGS...: CPU seconds (user + system) of one fzlint run, in $CPU; peak RSS KB in $RSS
cpu() {
    /usr/bin/time -f '%U %S %M' -o "$TMP/time" timeout -k 5 $((120 * FZ_SLOW)) "$FZ" "$@" \
        >/dev/null 2>"$TMP/err" || true
    # the last line: a status other than 0 comes on a line before it
    read -r u s RSS < <(tail -n 1 "$TMP/time") || true
    case "$u" in [0-9]*) ;; *) u=999 s=0 RSS=999999999 ;; esac
    # stopped by the timeout (124, or killed): as slow as can be
    if grep -Eq 'status 124|status 137|signal' "$TMP/time"; then u=999 s=0; fi
    CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
}

# linear WHAT N ARGS_BEFORE_FILE...: the shape at N and 8N, best of two runs each
linear() {
    local what=$1 n=$2 t1=999 t8=999
    shift 2
    gen "$what" "$n" "$TMP/n1"
    gen "$what" $((8 * n)) "$TMP/n8"
    for _ in 1 2; do
        cpu "$@" "$TMP/n1"
        t1=$(awk -v a="$t1" -v b="$CPU" 'BEGIN { print (b < a) ? b : a }')
        cpu "$@" "$TMP/n8"
        t8=$(awk -v a="$t8" -v b="$CPU" 'BEGIN { print (b < a) ? b : a }')
    done
    if awk -v a="$t1" -v b="$t8" 'BEGIN { exit !(a < 999 && b <= 24 * a + 0.5) }'; then
        echo "ok: $what: ${t1}s at N, ${t8}s at 8N"
    else
        fail "$what: ${t1}s at N, ${t8}s at 8N (more than 24x: not linear)"
    fi
}

if [ "$FZ_SANITIZED" = 0 ]; then # under a sanitizer the counts are not the program's
    linear dense-line 40000 -j1
    linear dense-lines 10000 -j1
    linear headings 20000 -j1
    linear long-line 20000 -j1 --max-per-rule=0
    linear long-line 20000 -j1 --max-per-rule=0 --column-unit=char
    linear facts-line 10000 -j1 --facts
    linear facts-sums 4000 -j1
    linear facts-outcomes 2000 -j1
    # a pack read: the report is small
    gen anchors 10000 "$TMP/p1.yaml"
    gen anchors 80000 "$TMP/p8.yaml"
    cpu --rules "$TMP/p1.yaml" "$SRC/samples/clean-county-2025.txt"
    a1=$CPU
    cpu --rules "$TMP/p8.yaml" "$SRC/samples/clean-county-2025.txt"
    awk -v a="$a1" -v b="$CPU" 'BEGIN { exit !(b <= 24 * a + 0.5) }' ||
        fail "anchors: ${a1}s for 10k, ${CPU}s for 80k"
    # --format=summary over many files: one path width, not one per row
    # (long paths: the width of every path was measured for every row)
    long=$(printf '%0.s法治政府建设年度报告' $(seq 1 6))
    long=$long/$long/$long
    mkdir -p "$TMP/few/$long" "$TMP/many/$long"
    for i in $(seq 1 8000); do echo "$head_line" >"$TMP/many/$long/f$i.txt"; done
    cp "$TMP/many/$long"/f{1..1000}.txt "$TMP/few/$long/"
    cpu -j1 --format=summary "$TMP/few"
    s1=$CPU
    cpu -j1 --format=summary "$TMP/many"
    awk -v a="$s1" -v b="$CPU" 'BEGIN { exit !(b <= 24 * a + 0.5) }' ||
        fail "summary: ${s1}s for 1,000 files, ${CPU}s for 8,000"
fi

# --- memory: a binary file is found binary before it is expanded ---
mb=$((1 << 20))
head -c $((16 * mb)) /dev/zero >"$TMP/zeros.bin"
cpu "$TMP/zeros.bin"
[ "$FZ_SANITIZED" = 1 ] || [ "$RSS" -le $((2 * 16 * 1024 + 40 * 1024)) ] ||
    fail "16 MiB of NULs took ${RSS} KB (more than twice the file)"
fz 60 512 "$TMP/zeros.bin"
expect_rc 1 "NUL file"
expect_in "$TMP/out" "zeros.bin:1:1: error: .*\[fzlint/binary\]$" "NUL file is binary"

# --- memory: findings past the cap are counted, not kept ---
gen dense-line $((4 * mb / 3)) "$TMP/dense.txt" # 8 MiB, 1.4 M findings of one rule
cpu -j1 "$TMP/dense.txt"
[ "$FZ_SANITIZED" = 1 ] || [ "$RSS" -le $((8 * 8 * 1024 + 40 * 1024)) ] ||
    fail "8 MiB of findings of one rule took ${RSS} KB (more than 8x the input)"

# --- memory per input shape: peak RSS against 8 MiB of input (the start-up's ~20 MB and
# a margin in the constant).  Before the 32-bit line map and run map and the outline's
# records only for lines that are not blank, empty lines took 109 bytes a byte; before
# the bound on NFKC growth U+FDFA took 38 ---
gen newlines $((8 * mb)) "$TMP/newlines.txt"
cpu -j1 "$TMP/newlines.txt"
[ "$FZ_SANITIZED" = 1 ] || [ "$RSS" -le $((24 * 8 * 1024 + 40 * 1024)) ] ||
    fail "8 MiB of empty lines took ${RSS} KB (more than 24x the input)"
gen fdfa $((8 * mb / 3)) "$TMP/fdfa.txt"
cpu -j1 "$TMP/fdfa.txt"
[ "$FZ_SANITIZED" = 1 ] || [ "$RSS" -le $((8 * 8 * 1024 + 40 * 1024)) ] ||
    fail "8 MiB of U+FDFA took ${RSS} KB (more than 8x the input)"
# 《 never closed: a literal occurrence every 3 bytes.  With 16-byte records kept once
# per pattern set that has 《 it took 64 bytes a byte, with 32-bit records 35; now the
# sets with the same literals share theirs and there is no scratch (16) ---
gen unclosed $((8 * mb / 3)) "$TMP/unclosed.txt"
cpu -j1 "$TMP/unclosed.txt"
[ "$FZ_SANITIZED" = 1 ] || [ "$RSS" -le $((20 * 8 * 1024 + 40 * 1024)) ] ||
    fail "8 MiB of unclosed 《 took ${RSS} KB (more than 20x the input)"

# --- a pack whose aliases expand a long string many times: refused by size ---
python3 -c "
import sys
m = 'm' * 900000
sys.stdout.write('pack: big\nrules:\n  - id: a\n    type: forbid\n    level: warning\n'
                 '    message: &m ' + m + '\n    pattern: x\n    examples:\n      bad: ['
                 + ', '.join(['*m'] * 1000) + ']\n')" >"$TMP/big.yaml"
fz 60 512 --rules "$TMP/big.yaml" "$SRC/samples/clean-county-2025.txt"
expect_rc 2 "aliased long string"
expect_in "$TMP/err" "^$TMP/big.yaml:[0-9]+:[0-9]+: error: 别名展开后增加的文字超过 32 MiB" \
    "aliased long string: the byte limit named"

# --- out of memory: the reports delivered keep their output, JSON stays valid ---
if [ "$FZ_SANITIZED" = 0 ]; then
    gen long-line $((4 * mb)) "$TMP/huge.txt" # every finding kept: far more than the limit
    cp "$SRC/samples/clean-county-2025.txt" "$TMP/a.txt"
    cp "$SRC/samples/department-flawed-2025.txt" "$TMP/b.txt"
    for fmt in json gcc; do
        RC=0
        (ulimit -v $((300 * 1024)) && exec "$FZ" -j1 --max-per-rule=0 --format=$fmt \
            "$TMP/a.txt" "$TMP/b.txt" "$TMP/huge.txt") >"$TMP/oom.$fmt" 2>"$TMP/oom.err" || RC=$?
        [ "$RC" -gt 2 ] || fail "out of memory ($fmt): expected to run out, status $RC"
        expect_in "$TMP/oom.err" "^fzlint: out of memory$" "out of memory ($fmt) said"
    done
    python3 - "$TMP/oom.json" "$TMP/a.txt" "$TMP/b.txt" <<'PY' || fail "out of memory: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
paths = [f['path'] for f in d['files']]
assert paths == [sys.argv[2], sys.argv[3]], paths
assert d['error'] == 'out of memory'
PY
    expect_in "$TMP/oom.gcc" "b.txt:[0-9]+:[0-9]+: " "out of memory (gcc): the delivered reports kept"
fi
finish
