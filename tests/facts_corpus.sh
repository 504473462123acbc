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
# 003: 审结21件 whose outcomes 调解9、纠错9、维持1、不予受理1 add up to 20: the outcome
# list is read without 其中 and falls short (a warning: it may be a partial list)
ok; facts 003 | grep -a ': warning: ' | grep -a 'parts-short-of-total' | grep -a -q -F '（9+9+1+1）' ||
  { bad "003: 审结21 against its outcomes 20 not reported"; facts 003; }
ok; grep -q -F '"sum": 20, "bracketed": false, "list": "行政复议"' <<<"$json" || bad "003: outcome list not in --facts"
# 001: 办结45 = 10+6+12+3+6+8 and 253 = 248+5 as outcome lists, 002: 59 = 27+32; all silent
json1=$("$bin" --facts "$seeds"/001_*.txt 2>/dev/null) json2=$("$bin" --facts "$seeds"/002_*.txt 2>/dev/null)
ok; grep -q -F '"sum": 253, "bracketed": false, "list": "人民调解"' <<<"$json1" || bad "001: 253 = 248+5 not read"
ok; grep -q -F '"sum": 59, "bracketed": false, "list": "行政处罚程序"' <<<"$json2" || bad "002: 59 = 27+32 not read"
ok; [ -z "$(facts 002 | grep -a -v 'rate-without-base')" ] || { bad "002: facts findings on consistent figures:"; facts 002; }
# 002: 行政复议维持率100%, 出庭率100%, 胜诉率100% and no case counted anywhere (处罚案件无行政复议
# comes after its counts): three infos; the other reports count their cases
ok; [ "$(facts 002 | grep -a -c ': info: .*rate-without-base')" = 3 ] || { bad "002: rates without base"; facts 002; }
for r in 000 001 003 004; do
  ok; ! facts $r | grep -a -q 'rate-without-base' || { bad "$r: a rate without base reported"; facts $r; }
done
# 003: 1440项 政务服务事项 网上可办率 99.02% (line 6) and 100% (line 7): the same thing twice;
# 按期办结率 99.78% and 100% (two bases), 办结率 99.61% and 99.65% (two bases) are not
ok; facts 003 | grep -a 'figure-restated' | grep -a -q -F '前文为99.02%，此处为100%' ||
  { bad "003: 网上可办率 stated twice not reported"; facts 003; }
ok; [ "$(facts 003 | grep -a -c 'figure-restated')" = 1 ] || { bad "003: more than one restatement"; facts 003; }
# no report makes a numeric error
for r in 000 001 002 003 004; do
  ok; ! facts $r | grep -a -q ': error: ' || { bad "$r: numeric error"; facts $r; }
done
echo "facts corpus: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
