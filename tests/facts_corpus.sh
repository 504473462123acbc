#!/usr/bin/env bash
# Acceptance of the facts stage on the real reports in ../shared/corpus/seeds
# (skipped where absent): consistent sums and rates stay silent, a contradicted
# 100% is reported with the computed rate, and nothing numeric is an error.
set -u
bin=$1 src=$2
seeds=$src/../shared/corpus/seeds
[ -d "$seeds" ] || { echo "skip: no corpus beside the source tree ($seeds)"; exit 77; }
export FZLINT_RULES="$src/rules"
fails=0 checks=0
facts() { "$bin" --color=never --max-per-rule=0 -j1 "$seeds/$1"_*.txt 2>/dev/null | grep -a -E '^[^ ]+:[0-9]+:[0-9]+: .*\[facts/'; }
ok() { checks=$((checks + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# 000: 行政复议 16+25+2+7 = 50, 行政诉讼 11+7+2 = 20, 规范性文件 51+7+2 = 60: no finding
ok; [ -z "$(facts 000)" ] || { bad "000: facts findings on consistent figures:"; facts 000; }
# ... and the three totals were recognised as such
json=$("$bin" --facts "$seeds"/000_*.txt 2>/dev/null)
for part in '"sum": 50' '"sum": 20' '"sum": 60'; do
  ok; grep -q -F "$part" <<<"$json" || bad "000: no sum with $part in --facts"
done
# 001: 调解成功率为100% against 248 of 253: a warning that shows 98.0%
ok; facts 001 | grep -a ': warning: ' | grep -a -q -F '98.0%' || { bad "001: no warning showing 98.0%"; facts 001; }
# 003: 548/784 → 69.89% and 767/828 → 92.63% agree; 行政复议 20 against 21 is at most a warning
ok; ! facts 003 | grep -a -q -E '69\.89|92\.63' || { bad "003: a correct rate reported"; facts 003; }
ok; ! facts 003 | grep -a -q ': error: ' || { bad "003: a numeric error"; facts 003; }
json=$("$bin" --facts "$seeds"/003_*.txt 2>/dev/null)
ok; grep -q -F '"computed": 69.8980' <<<"$json" || bad "003: 548/784 not paired in --facts"
ok; grep -q -F '"computed": 92.6329' <<<"$json" || bad "003: 767/828 not paired in --facts"
# no report makes a numeric error
for r in 000 001 002 003 004; do
  ok; ! facts $r | grep -a -q ': error: ' || { bad "$r: numeric error"; facts $r; }
done
echo "facts corpus: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
