#!/usr/bin/env bash
# Throughput benchmark: generates a corpus from samples/ (bench/gen_corpus.py) in a
# temporary folder, then times fzlint with the built-in packs at -j 1 and -j 2 (the
# reports compared with each other, the default for a folder) and at -j 1 with
# --no-compare, a single-pattern `grep -c -P` and `cat` over the same files (best of
# N runs each), and fzlint's peak RSS.  It prints; it never fails on a figure.
#
#   bench/run.sh [-b BUILD_DIR] [-n RUNS] [-f FILES] [-m MB] [-k]
#     -b  build folder with fzlint (default: build; built if missing)
#     -n  runs per measurement, best one counts (default 5)
#     -f, -m  corpus size (default 2000 files, 30 MB)
#     -k  keep the corpus (its folder is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build runs=5 files=2000 mb=30 keep=0
while getopts "b:n:f:m:k" opt; do
  case $opt in
    b) build=$OPTARG ;; n) runs=$OPTARG ;; f) files=$OPTARG ;; m) mb=$OPTARG ;; k) keep=1 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then # GNU time for the peak RSS
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq time >/dev/null
fi
if [ ! -x "$build/fzlint" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"$(nproc)" >/dev/null
fi
bin=$build/fzlint

corpus=$(mktemp -d "${TMPDIR:-/tmp}/fzlint-bench.XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$corpus"' EXIT
python3 bench/gen_corpus.py samples "$corpus" "$files" "$mb" >/dev/null
bytes=$(cat "$corpus"/*.txt | wc -c)
nfiles=$(find "$corpus" -name '*.txt' | wc -l)
export LC_ALL=C.UTF-8 # grep -P matches characters, as fzlint does

# One representative rule pattern (national/data-administrative-review, first branch).
pattern='(?:行政)?复议.{0,40}?[0-9]+\s*(?:件|起|宗)'

# best_of NAME CMD...: over $runs runs, the best wall time (µs) into T[NAME], the CPU
# time (user + sys, s) of that run into C[NAME] and the largest peak RSS (KB) into R[NAME]
declare -A T C R
best_of() {
  local name=$1 best="" rss=0 s e t m cpu
  shift
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$corpus/.rss" "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    t=$(( (e - s) / 1000 ))
    read -r m u sy < <(tail -1 "$corpus/.rss")
    cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t C[$name]=$cpu; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  T[$name]=$best R[$name]=$rss
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$corpus"/*.txt >/dev/null # warm the page cache
best_of cat cat "$corpus"/*.txt
best_of grep grep -c -P "$pattern" "$corpus"/*.txt
best_of j1 "$bin" -j 1 --color=never "$corpus"
best_of j2 "$bin" -j 2 --color=never "$corpus"
# the same without the second phase (the reports compared with each other, #17)
best_of nc1 "$bin" -j 1 --color=never --no-compare "$corpus"

mbps() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.1f", b / 1e6 / (t / 1e6) }'; }
rps() { awk -v n="$nfiles" -v t="$1" 'BEGIN { printf "%.0f", n / (t / 1e6) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.3f", t / 1e6 }'; }

echo "corpus: $nfiles files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB (generated from samples/; $("$bin" --list-rules | wc -l) rules)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); best of $runs runs"
echo
printf '%-22s %9s %7s %9s %10s %9s %9s %9s\n' run seconds "CPU s" MB/s reports/s "÷grep" "÷cat" "RSS MB"
for k in j1 j2 nc1 grep cat; do
  case $k in
    j1) label="fzlint -j 1" ;; j2) label="fzlint -j 2" ;; nc1) label="  -j 1 --no-compare" ;;
    grep) label="grep -c -P (1 pattern)" ;; cat) label="cat" ;;
  esac
  printf '%-22s %9s %7s %9s %10s %9s %9s %9s\n' "$label" "$(secs "${T[$k]}")" "${C[$k]}" "$(mbps "${T[$k]}")" \
    "$(rps "${T[$k]}")" "$(ratio "${T[$k]}" "${T[grep]}")" "$(ratio "${T[$k]}" "${T[cat]}")" \
    "$(awk -v r="${R[$k]}" 'BEGIN { printf "%.1f", r / 1024 }')"
done
echo
echo "-j 2 speed-up: $(ratio "${T[j1]}" "${T[j2]}") (wall clock; CPU s shows the work, which other load on the cores does not change)"
echo "comparing the reports: $(ratio "${C[j1]}" "${C[nc1]}") the CPU time of linting them alone (-j 1)"
echo "load average before the runs: $load"
[ "$keep" = 1 ] && echo "corpus kept in $corpus"
exit 0
