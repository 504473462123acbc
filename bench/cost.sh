#!/usr/bin/env bash
# Cost curve: for each input shape of issue 19 (and one big report made of the samples
# concatenated), fzlint's CPU time per MB and peak RSS per input byte at sizes from
# 100 KB up: CPU less what a run on a one-line report costs (start-up: loading the
# packs); RSS both whole (RSS/in: peak RSS over the input, as issue 19 measures memory)
# and less the start-up's (+RSS/in).
# Small sizes are run several times (CPU time has a 10 ms resolution).  Linear cost
# shows as a flat s/MB column.  It prints; it never fails.
#
#   bench/cost.sh [-b BUILD_DIR] [-M MAX_MB] [-s SHAPE]
#     -b  build folder with fzlint (default: build)
#     -M  largest size in MB (default 10; 100 takes minutes per shape on 2 cores, and
#         the long-line shapes keep every finding: 11 GB at 100 MB)
#     -s  one shape only (see the list below)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build max=10 only=""
while getopts "b:M:s:" opt; do
  case $opt in
    b) build=$OPTARG ;; M) max=$OPTARG ;; s) only=$OPTARG ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
bin=$build/fzlint
[ -x "$bin" ] || { echo "no $bin: build first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fzlint-cost.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8

# shape name, fzlint options
shapes=(
  "report|"                              # the samples concatenated into one big report
  "dense-line|"                          # 布署 all along one line (a swap rule's literal)
  "dense-lines|"                         # 法治,政府,建设,工作。 line after line
  "headings|"                            # 一、 and （一） alternating: a run per parent
  "long-line-all|--max-per-rule=0"       # every finding of one long line, display columns
  "long-line-char|--max-per-rule=0 --column-unit=char"
  "facts-line|--facts"                   # figures all along one line
  "nul|"                                 # NUL bytes
  "newlines|"                            # empty lines
  "fdfa|"                                # U+FDFA, whose NFKC image is 18 characters
  "unclosed|"                            # 《 never closed
)

gen() { # gen SHAPE BYTES FILE
  python3 - "$@" <<'PY'
import glob, sys
shape, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = '关于2024年度法治政府建设情况的报告\n'
unit = {'dense-line': '布署', 'dense-lines': '法治,政府,建设,工作。\n',
        'headings': '一、主要举措\n（一）健全制度\n', 'long-line-all': '布署,',
        'long-line-char': '布署,', 'facts-line': '办理行政复议案件12件，',
        'nul': '\0', 'newlines': '\n', 'fdfa': '\ufdfa', 'unclosed': '《'}
if shape == 'report':
    body = ''.join(open(f, encoding='utf-8').read() for f in sorted(glob.glob('samples/*.txt')))
    text = (body * (size // len(body.encode()) + 1)).encode()[:size]
    while True:  # cut at a character boundary
        try:
            text = text.decode('utf-8'); break
        except UnicodeDecodeError:
            text = text[:-1]
else:
    u = unit[shape]
    n = max(1, (size - len(head.encode())) // len(u.encode()))
    text = ('' if shape == 'nul' else head) + u * n + ('\n' if u[-1] != '\n' else '')
open(out, 'w', encoding='utf-8').write(text)
PY
}

# CPU seconds per run of fzlint on FILE (reps runs in one measurement: 10 ms resolution)
measure() { # measure REPS FILE OPTS... -> CPU (s per run), RSS (KB, the largest run)
  local reps=$1 file=$2
  shift 2
  /usr/bin/time -f '%U %S %M' -o "$tmp/t" bash -c \
    'for _ in $(seq "$1"); do "$2" -j1 "${@:4}" "$3" >/dev/null 2>&1; done; true' \
    _ "$reps" "$bin" "$file" "$@"
  read -r u s RSS < <(tail -n 1 "$tmp/t")
  CPU=$(awk -v u="$u" -v s="$s" -v n="$reps" 'BEGIN { print (u + s) / n }')
}

# what a run costs without a report to speak of (loading the packs): subtracted
printf '关于2024年度法治政府建设情况的报告\n' >"$tmp/empty.txt"
measure 20 "$tmp/empty.txt"
base_cpu=$CPU base_rss=$RSS
printf 'start-up (packs loaded, one line): %.3f s, %.1f MB (subtracted below)\n' \
  "$base_cpu" "$(awk -v r="$base_rss" 'BEGIN { print r / 1024 }')"

sizes=(0.1 1 10)
[ "$max" -ge 100 ] && sizes+=(100)
printf '%-16s %8s %9s %9s %9s %8s %8s\n' shape MB 'CPU s' 's/MB' 'RSS MB' 'RSS/in' '+RSS/in'
for entry in "${shapes[@]}"; do
  shape=${entry%%|*} opts=${entry#*|}
  [ -z "$only" ] || [ "$only" = "$shape" ] || continue
  for mb in "${sizes[@]}"; do
    awk -v m="$mb" -v x="$max" 'BEGIN { exit !(m <= x) }' || continue
    bytes=$(awk -v m="$mb" 'BEGIN { printf "%d", m * 1048576 }')
    reps=$(awk -v m="$mb" 'BEGIN { r = int(10 / m); print (r < 1 ? 1 : (r > 50 ? 50 : r)) }')
    gen "$shape" "$bytes" "$tmp/in.txt"
    # shellcheck disable=SC2086
    measure "$reps" "$tmp/in.txt" $opts
    real=$(stat -c %s "$tmp/in.txt")
    awk -v sh="$shape" -v b="$real" -v c="$CPU" -v bc="$base_cpu" -v r="$RSS" -v br="$base_rss" \
      'BEGIN { mb = b / 1048576; net = c - bc; if (net < 0) net = 0
               printf "%-16s %8.2f %9.3f %9.3f %9.1f %8.1f %8.1f\n", sh, mb, c, net / mb, r / 1024,
                      r * 1024 / b, (r - br) * 1024 / b }'
  done
done
