#!/usr/bin/env bash
# Acceptance on the real reports in ../shared/corpus/seeds (skipped where absent):
# the findings a careful reviewer makes, at their line and column, and no false error.
set -u
bin=$1 src=$2
seeds=$src/../shared/corpus/seeds
[ -d "$seeds" ] || { echo "skip: $seeds is absent"; exit 77; }
fails=0 checks=0
out() { "$bin" --color=never --max-per-rule=0 -j1 "$seeds/$1"_*.txt 2>/dev/null | grep -a -E '^[^ ]+:[0-9]+:[0-9]+: '; }
expect() { # report line:col rule [text in the message]
  checks=$((checks + 1))
  local hits
  hits=$(out "$1" | grep -a -F ":$2: " | grep -a -F "[$3]" | grep -a -F -- "${4:-}")
  [ -n "$hits" ] || { echo "FAIL $1: expected $3 at $2 ${4:+($4)}"; fails=$((fails + 1)); }
}
errors() { # report count: exactly that many error-level findings
  checks=$((checks + 1))
  local n
  n=$(out "$1" | grep -a -c ': error: ')
  [ "$n" -eq "$2" ] || { echo "FAIL $1: $n errors, expected $2"; out "$1" | grep -a ': error: '; fails=$((fails + 1)); }
}
absent() { # report rule: no finding of that rule
  checks=$((checks + 1))
  out "$1" | grep -a -q -F "[$2]" && { echo "FAIL $1: unexpected $2"; fails=$((fails + 1)); }
}
outline() { # report text expected in the outline
  checks=$((checks + 1))
  "$bin" --outline "$seeds/$1"_*.txt | grep -a -q -F -- "$2" || { echo "FAIL $1: outline lacks '$2'"; fails=$((fails + 1)); }
}

# outlines: titles, report years, headings at their level, unheaded parts
outline 000 "title       商城县人民政府关于2024年法治政府建设情况的报告 (line 3)"
outline 001 "title       蒸湘区2022年法治政府建设年度报告 (line 9)"
outline 002 "title       西峡县城管局关于2024年法治政府建设情况的报告 (line 3)"
outline 003 "title       no title"
outline 004 "title       中共南乐县委 南乐县人民政府关于2025年度法治政府建设情况的报告 (line 2)"
for k in "000 government" "001 government" "002 department" "004 joint"; do set -- $k; outline "$1" "kind        $2 "; done
outline 003 "kind        unknown"
for y in "000 2024" "001 2022" "002 2024" "003 2024" "004 2025"; do set -- $y; outline "$1" "report year $2"; done
outline 002 "   22  H3     1、执法行为规范化"
outline 000 "   11  H2   (一)2024年度县委主要负责人履行推进法治建设第一责任人职责的情况"
outline 003 "   29  para    2024年法治政府建设工作取得了一定成绩"
outline 003 "   30  para    下一步,我们将加强组织领导和督促检查"

# 004: no shortcomings part; no 出庭应诉 figure; 第一责任人 only as a slogan
errors 004 2
expect 004 2:1 national/first-responsible-section # only 压实……第一责任人职责 inside 工作开展情况
expect 004 11:1 national/problems-section 缺少“存在的不足和原因”部分
# a missing figure points at the heading of the part it belongs in, not the introduction
expect 004 9:1 national/data-court-appearance # (五)不断完善行政争议化解机制
expect 004 9:1 national/data-litigation
# 001: shortcomings without causes; no 其他需要报告的情况; 出庭 without a rate
errors 001 0
expect 001 32:1 national/problems-section 未分析原因
expect 001 9:1 national/other-matters-section
expect 001 26:1 national/data-court-appearance # (五)积极履行政复议应诉职能
expect 001 22:1 national/data-major-decisions # (三)全面贯彻落实依法行政工作制度
absent 001 national/court-appearance-rate # silent-if: the warning above says it
# 003: no title; 五是 → 七是; a list starting at 二是; <…> inside 《》; 建议 、; unheaded shortcomings found
errors 003 1
expect 003 1:1 national/first-responsible-section # 第一责任人 only in sentences of other parts
expect 003 1:1 national/title-present
expect 003 6:1358 national/numbering 此处应为“六是”
expect 003 7:614 national/numbering 应从“一是”开始
expect 003 13:257 national/nested-title-marks
expect 003 25:282 national/stray-space
checks=$((checks + 1))
out 003 | grep -a -q 'problems-section.*缺少' && { echo "FAIL 003: false missing-shortcomings"; fails=$((fails + 1)); }
# 002: ASCII quotes around 三同步 and 零败诉; 1、 numbering; no 其他需要报告的情况
errors 002 0
expect 002 48:20 national/ascii-quotes 三同步
expect 002 48:149 national/ascii-quotes 零败诉
expect 002 22:4 national/heading-marker-arabic
expect 002 3:1 national/other-matters-section
# 000: 执法力 量; 《重大行政决策程序暂行规定》; (2022-2025); a complete report: no error
errors 000 0
expect 000 13:730 national/stray-space
expect 000 31:44 national/instrument-names 暂行条例
expect 000 7:164 national/year-range-dash 2022-2025
expect 000 39:1100 national/number-range-dash 5～8名
expect 000 39:1427 national/number-range-dash 2～4人
expect 003 26:31 national/instrument-full-names 中华人民共和国政府信息公开条例
# names and words reviewers correct (instrument catalogue, legal terms, misused words)
expect 001 22:151 national/instrument-names 关于完善国家工作人员学法用法制度的意见
expect 000 31:156 national/legal-terms 公平竞争审查
expect 002 24:142 national/legal-terms 法制审核
expect 001 22:462 national/misused-words 达到
outline 000 "    5  chrome"
absent 003 national/data-litigation # 行政应诉案件20件,审结20件,纠错2件: counts and outcome
# a heading that promises causes (存在的主要不足及原因) while the part gives none
expect 000 45:3 national/problems-section 未分析原因
expect 002 51:3 national/problems-section 未分析原因
# the sign-off: a note on the pages whose meta lines give issuer and date (000 has the
# date, no organ); a warning on the bare texts 003 and 004; never an error
expect 000 69:180 national/signoff-present 缺少发文机关署名
for k in "001 48:11" "002 70:136"; do set -- $k; expect "$1" "$2" national/signoff-present "info: 缺少落款"; done
for k in "003 30:1778" "004 12:504"; do set -- $k; expect "$1" "$2" national/signoff-present "warning: 缺少落款"; done

echo "corpus: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
