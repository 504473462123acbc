#!/usr/bin/env bash
# The cost of each reader: instructions (valgrind --tool=callgrind, Ir) to check a report
# as .txt and as the same report in another format, for each sample and for one large
# report (the samples ten times over).  Instruction counts, not wall time: the machine is
# shared.  The issue's target: a .docx or a portal page costs at most 30 % more than its
# .txt.  The page is tests/fixtures/make_pages.py's (UTF-8, a portal's chrome around the
# article); the PDF is LibreOffice's from make_pdfs.py's 公文 layout.
#
#   bench/readers.sh [-b BUILD_DIR]
# Needs valgrind and python3-docx; the PDF column needs soffice (else it is left out).
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
python3 tests/fixtures/make_pages.py "$t" "$t"/*.txt
if command -v soffice >/dev/null; then
  python3 tests/fixtures/make_pdfs.py "$t/fodt" "$t"/*.txt
  timeout 600 soffice "-env:UserInstallation=file://$t/profile" --headless --norestore \
    --convert-to pdf --outdir "$t" "$t"/fodt/*.fodt >/dev/null 2>&1 || true
fi

ir() {
  valgrind --tool=callgrind --callgrind-out-file="$t/cg.out" "$bin" -j 1 --color=never "$1" \
    >/dev/null 2>"$t/cg.err" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$t/cg.err"
}
: >"$t/empty.txt"
base=$(ir "$t/empty.txt")
echo "instructions (M Ir) to check one report; 'start' = an empty .txt ($((base / 1000000)) M: loading the packs)"
printf '%-26s %5s %8s %8s %8s %8s %9s %9s %9s\n' report KB txt docx html pdf "docx÷txt" "html÷txt" "pdf÷txt"
for f in "$t"/*.txt; do
  n=$(basename "$f" .txt)
  [ "$n" = empty ] && continue
  a=$(ir "$f") b=$(ir "$t/$n.docx") h=$(ir "$t/$n.html")
  p=0
  [ -f "$t/$n.pdf" ] && p=$(ir "$t/$n.pdf")
  kb=$(( $(wc -c <"$f") / 1024 ))
  awk -v n="$n" -v kb="$kb" -v a="$a" -v b="$b" -v h="$h" -v p="$p" 'BEGIN {
    printf "%-26s %5d %8.1f %8.1f %8.1f %8s %8.2f× %8.2f× %8s\n", n, kb, a / 1e6, b / 1e6, h / 1e6,
      p ? sprintf("%.1f", p / 1e6) : "-", b / a, h / a, p ? sprintf("%.2f×", p / a) : "-" }'
done
echo "M Ir to check the report in each format, and the ratio to its .txt (the start included)"
