#!/usr/bin/env bash
# --outline and --facts run only what they print: no rule, no finding, exit 0 on a
# report the rules find errors in.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
flawed=$SRC/samples/department-flawed-2025.txt
[ -f "$flawed" ] || { echo "no $flawed" >&2; exit 77; }

fz 30 1024 "$flawed"
expect_rc 1 "a full run finds errors"
for opt in --outline --facts --facts=csv; do
    fz 30 1024 "$opt" "$flawed"
    expect_rc 0 "$opt"
    expect_not_in "$TMP/out" "\[national/" "$opt prints no finding"
done
# the figures are printed, and nothing is counted
fz 30 1024 --facts "$flawed"
cp "$TMP/out" "$TMP/facts"
expect_in "$TMP/facts" '"value"' "--facts prints figures"
expect_in "$TMP/err" '^0 errors, 0 warnings in 1 file$' "--facts counts nothing"
# a file that cannot be read is still trouble
fz 30 1024 --outline "$TMP/missing.txt"
expect_rc 2 "--outline on a missing file"
finish
