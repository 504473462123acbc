#!/usr/bin/env bash
# The sign-off (落款): present (a note on a portal page, a warning elsewhere), the organ
# the title names, the deadline of the report's kind (a department's earlier, a pack
# naming the kind again changes it), and what document.issuer, document.signer and
# document.title-issuer do: a pack without them reads the same reports differently.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
body='一、主要举措和成效
全年办理行政复议案件12件。'
report() { # FILE TITLE SIGN-OFF-LINES...
    local f=$TMP/$1 title=$2
    shift 2
    { printf '%s\n%s\n' "$title" "$body"; for l in "$@"; do printf '%s\n' "$l"; done; } >"$f"
}
finding() { # FILE RULE: the findings of RULE, "line:col: level: message"
    fz 20 400 --max-per-rule=0 "${@:3}" "$TMP/$1"
    grep -F "[$2]" "$TMP/out" | sed 's/^[^:]*://' >"$TMP/f" || true
}
dept=青禾县交通运输局关于2024年度法治政府建设情况的报告
gov=青禾县人民政府关于2024年度法治政府建设情况的报告

# present: organ and date; one of them missing; none (a point after the last line)
report both.txt "$gov" 青禾县人民政府 2025年3月5日
finding both.txt national/signoff-present
[ ! -s "$TMP/f" ] || fail "organ and date: $(cat "$TMP/f")"
report nodate.txt "$gov" 青禾县人民政府
finding nodate.txt national/signoff-present
expect_in "$TMP/f" '^4:1: warning: 落款缺少成文日期' "an organ line without a date (document.signer)"
report noorgan.txt "$gov" 2025年3月5日
finding noorgan.txt national/signoff-present
expect_in "$TMP/f" '^4:1: warning: 落款缺少发文机关署名' "a date without an organ"
report none.txt "$gov"
finding none.txt national/signoff-present
expect_in "$TMP/f" '^3:27: warning: 缺少落款' "no sign-off: after the last line (display columns)"
# a portal page: its lines give issuer and date; the missing sign-off is a note
{ echo '发布时间：2025-03-20'; cat "$TMP/none.txt"; } >"$TMP/page.txt"
finding page.txt national/signoff-present
expect_in "$TMP/f" '^4:27: info: 缺少落款' "no sign-off on a page: info"
# the form delivered to the standing committee has no sign-off: its 题注 has the date
printf '%s\n%s\n%s\n%s\n' 云溪区人民政府关于2024年度法治政府建设情况的报告 \
    ——在云溪区第三届人民代表大会常务委员会第二十次会议上 "主任、各位副主任、各位委员：" "$body" >"$TMP/sc.txt"
finding sc.txt national/signoff-present
[ ! -s "$TMP/f" ] || fail "standing committee: $(cat "$TMP/f")"

# issuer: another body; an abbreviation; a joint sign-off; a title naming no organ
report other.txt "$dept" 青禾县司法局 2025年2月20日
finding other.txt national/signoff-issuer
expect_in "$TMP/f" '^4:1: warning: 落款“青禾县司法局”与标题中的发文机关“青禾县交通运输局”不一致' "another body"
report office.txt "$gov" 青禾县人民政府办公室 2025年2月20日
finding office.txt national/signoff-issuer
expect_in "$TMP/f" '不一致' "the government's office is not the government"
report abbr.txt 青禾县城管局关于2024年度法治政府建设情况的报告 青禾县城市管理局 2025年2月20日
finding abbr.txt national/signoff-issuer
[ ! -s "$TMP/f" ] || fail "城管局 for 城市管理局: $(cat "$TMP/f")"
report joint.txt "$gov" "中共青禾县委　　青禾县人民政府" 2025年3月10日
finding joint.txt national/signoff-issuer
[ ! -s "$TMP/f" ] || fail "joint sign-off: $(cat "$TMP/f")"
report place.txt 青禾县2024年法治政府建设年度报告 青禾县司法局 2025年2月20日
finding place.txt national/signoff-issuer
[ ! -s "$TMP/f" ] || fail "a title naming a place, not an organ: $(cat "$TMP/f")"

# deadline: a department's 1 March, a government's 1 April, each at its boundary
for c in "$dept 2025年3月1日 0" "$dept 2025年3月2日 1" "$gov 2025年4月1日 0" "$gov 2025年4月2日 1"; do
    set -- $c
    report dl.txt "$1" "${1%%关于*}" "$2"
    finding dl.txt national/signed-deadline
    n=$(wc -l <"$TMP/f")
    [ "$n" -eq "$3" ] || fail "${1%%关于*} signed $2: $n deadline findings, expected $3"
done
# a province pack names the kind again with its own deadline
mkdir -p "$TMP/prov"
cat >"$TMP/prov/province.yaml" <<'EOF'
pack: province
document:
  kinds:
    - name: department
      signed-by: {month: 2, day: 15}
EOF
printf 'packs: [national, ./province.yaml]\n' >"$TMP/prov/.fzlint.yaml"
for c in "2025年2月15日 0" "2025年2月16日 1"; do
    set -- $c
    report dl.txt "$dept" 青禾县交通运输局 "$1"
    finding dl.txt national/signed-deadline --config "$TMP/prov/.fzlint.yaml"
    n=$(wc -l <"$TMP/f")
    [ "$n" -eq "$2" ] || fail "province deadline, signed $1: $n findings, expected $2"
done
cat >"$TMP/prov/bad.yaml" <<'EOF'
pack: bad
document:
  kinds:
    - name: nobody
      signed-by: {month: 2, day: 15}
EOF
fz 20 400 --rules "$TMP/prov/bad.yaml" "$TMP/dl.txt"
expect_rc 2 "a pattern-less kind no pack has"
expect_in "$TMP/err" 'bad.yaml:4:7: error: ' "the error names the kind's position"

# document.issuer, signer and title-issuer do their job: a pack without them differs
mkdir -p "$TMP/with" "$TMP/without"
cat >"$TMP/with/p.yaml" <<'EOF'
pack: p
document:
  title: '^关于(?:19|20)[0-9]{2}年.{0,30}报告$'
  issuer: '^.{2,20}(?:人民政府|局)$'
  signer: '^.{2,20}(?:人民政府|局)$'
  title-issuer: '^(?<issuer>.{2,20}?(?:人民政府|局))关于'
rules:
  - id: present
    type: signoff
    check: present
    message: 缺少落款
    signer-message: 缺少署名
    date-message: 缺少日期
  - id: issuer
    type: signoff
    check: issuer
    message: 落款“{value}”不是“{expected}”
EOF
grep -v -E '^  (issuer|signer|title-issuer):' "$TMP/with/p.yaml" >"$TMP/without/p.yaml"
for d in with without; do printf 'packs: [./p.yaml]\n' >"$TMP/$d/.fzlint.yaml"; done
printf '青禾县交通运输局\n关于法治政府建设情况的报告\n%s\n青禾县交通运输局\n' "$body" >"$TMP/two.txt"
fz 20 400 --outline --config "$TMP/with/.fzlint.yaml" "$TMP/two.txt"
expect_in "$TMP/out" '^    1  issuer  青禾县交通运输局' "document.issuer: the issuer line over a title without a year"
expect_in "$TMP/out" '^signer +青禾县交通运输局$' "document.signer: an organ line without a date"
fz 20 400 --outline --config "$TMP/without/.fzlint.yaml" "$TMP/two.txt"
expect_in "$TMP/out" '^    1  title   青禾县交通运输局' "without document.issuer the first line is the title"
expect_in "$TMP/out" '^signer +-$' "without document.signer no organ line"
fz 20 400 --config "$TMP/with/.fzlint.yaml" "$TMP/two.txt"
expect_in "$TMP/out" '缺少日期 \[p/present\]' "with document.signer: only the date is missing"
fz 20 400 --config "$TMP/without/.fzlint.yaml" "$TMP/two.txt"
expect_in "$TMP/out" '缺少落款 \[p/present\]' "without document.signer: the whole sign-off is missing"
report other.txt "$dept" 青禾县司法局 2025年2月20日
fz 20 400 --config "$TMP/with/.fzlint.yaml" "$TMP/other.txt"
expect_in "$TMP/out" '落款“青禾县司法局”不是“青禾县交通运输局” \[p/issuer\]' "title-issuer: the title's organ"
fz 20 400 --config "$TMP/without/.fzlint.yaml" "$TMP/other.txt"
expect_not_in "$TMP/out" 'p/issuer' "without title-issuer nothing to compare"
finish
