#!/usr/bin/env bash
# --facts through the CLI: JSON that parses, CSV rows with positions in the
# source as written (full-width digits), and the facts rules in a normal run.
set -u
bin=$1 src=$2
export FZLINT_RULES="$src/rules"
cd "$src" || exit 1
fails=0 checks=0
check() { checks=$((checks + 1)); if ! eval "$2"; then echo "FAIL $1"; fails=$((fails + 1)); fi; }

json=$("$bin" --facts tests/facts/fullwidth.txt tests/facts/rate_full.txt 2>/dev/null)
if command -v python3 >/dev/null; then
  check "--facts is JSON" 'python3 -c "import json,sys; d=json.load(sys.stdin); assert len(d) == 2" <<<"$json"'
  check "--facts on an empty report is JSON" \
    '"$bin" --facts - 2>/dev/null </dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[0][\"quantities\"] == []"'
fi
check "JSON keeps the text as written" 'grep -q -F "\"text\": \"３６件\"" <<<"$json"'
check "JSON names the indicator" 'grep -q -F "\"indicator\": \"出庭应诉率\", \"label\": \"行政机关负责人出庭应诉率\", \"value\": 100" <<<"$json"'
check "JSON pairs a rate" 'grep -q -F "\"computed\": 95.000, \"agrees\": false" <<<"$json"'

csv=$("$bin" --facts=csv --column-unit=char tests/facts/fullwidth.txt 2>/dev/null)
check "CSV header" '[ "$(head -1 <<<"$csv")" = "file,indicator,label,value,unit,approx,line,column,text" ]'
check "CSV row" 'grep -q -F "tests/facts/fullwidth.txt,答复率,答复率,96.5,%,false,3,24,９６．５％" <<<"$csv"'
check "CSV one row per quantity" '[ "$(wc -l <<<"$csv")" -eq 8 ]'
check "--facts=xml is a usage error" '"$bin" --facts=xml tests/facts/fullwidth.txt >/dev/null 2>&1; [ $? -eq 2 ]'

# a normal run reports the facts rules at the figure, with the pack's authority
out=$("$bin" --color=never tests/facts/sum_exceed.txt 2>/dev/null)
check "gcc format: sum error at the total" 'grep -q -F "sum_exceed.txt:2:43: error: “审结”58件" <<<"$out"'
check "config switches a facts rule off" \
  '! "$bin" --color=never --disable=facts/parts-exceed-total tests/facts/sum_exceed.txt 2>/dev/null | grep -q parts-exceed'
check "rate-over-100 is on by default, off when disabled" \
  '"$bin" tests/facts/rate_over.txt 2>/dev/null | grep -q "facts/rate-over-100" && ! "$bin" --disable=facts/rate-over-100 tests/facts/rate_over.txt 2>/dev/null | grep -q "facts/rate-over-100"'
check "--test-rules=facts" '"$bin" --test-rules=facts >/dev/null 2>&1'
echo "facts cli: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
