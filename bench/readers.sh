#!/usr/bin/env bash
# The cost of each reader: instructions (valgrind --tool=callgrind, Ir) to check a report
# as .txt and as the same report in another format, for each sample and for one large
# report (the samples ten times over).  Instruction counts, not wall time: the machine is
# shared.  The issue's target: a .docx costs at most 30 % more than its .txt.
#
#   bench/readers.sh [-b BUILD_DIR]
# Needs valgrind and python3-docx; formats whose fixtures cannot be made are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
while getopts "b:" opt; do
  case $opt in b) build=$OPTARG ;; *) sed -n '2,8p' "$0"; exit 2 ;; esac
done
bin=$build/fzlint
[ -x "$bin" ] || { echo "no $bin: build first" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
source tests/fixtures/docx_py.bash
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp samples/*.txt "$t/"
for _ in $(seq 10); do cat samples/*.txt; done >"$t/large-10x.txt"
"$PY" tests/fixtures/make_docx.py "$bin" "$t" "$t"/*.txt

ir() {
  valgrind --tool=callgrind --callgrind-out-file="$t/cg.out" "$bin" -j 1 --color=never "$1" \
    >/dev/null 2>"$t/cg.err" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$t/cg.err"
}
: >"$t/empty.txt"
base=$(ir "$t/empty.txt")
echo "instructions (M Ir) to check one report; 'start' = an empty .txt ($((base / 1000000)) M: loading the packs)"
printf '%-26s %8s %10s %10s %12s %10s\n' report KB txt docx "docx÷txt" "reading"
for f in "$t"/*.txt; do
  n=$(basename "$f" .txt)
  [ "$n" = empty ] && continue
  a=$(ir "$f") b=$(ir "$t/$n.docx")
  kb=$(( $(wc -c <"$f") / 1024 ))
  awk -v n="$n" -v kb="$kb" -v a="$a" -v b="$b" -v s="$base" 'BEGIN {
    printf "%-26s %8d %10.1f %10.1f %11.2f× %9.0f%%\n", n, kb, a / 1e6, b / 1e6, b / a,
      100 * (b - a) / (a - s) }'
done
echo "reading: what the .docx costs beyond the .txt, as a share of checking the .txt (without the start)"
