# preamble.bash - sourced by the format tests: the binary, the source tree, python3 (or a
# skip), the test pack, a temporary folder, and tests/formats as the working folder.
set -euo pipefail
fzlint=$(realpath "$1") src=$(realpath "$2")
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/tests/formats/rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/formats"
