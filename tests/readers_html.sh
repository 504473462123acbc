#!/usr/bin/env bash
# Portal pages made from the samples (tests/fixtures/make_pages.py: UTF-8 and GB2312,
# with navigation, breadcrumb, widgets, footer, scripts and meta tags) give the findings
# of the sample's .txt (rule, level, message, the text found and its columns), with the
# title and publication date the page states; the chrome produces nothing.  The one
# sample without a title line gets a title on its page, so there title-present is gone.
# Broken pages: a message naming the file or an unreadable-page error, never a crash.
source "$(dirname "$0")/lib/guard.bash" "$@"
export LC_ALL=C.UTF-8
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
p=$TMP/pages
python3 "$SRC/tests/fixtures/make_pages.py" "$p" "$SRC"/samples/*.txt || fail "make_pages.py"

# findings JSON [TXT]: one line per diagnostic, positions by text and column (not line);
# columns count from the first character after TXT's indent (a page shows no indent)
findings() {
    python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n") if len(sys.argv) > 1 else []
def indent(n):
    s = lines[n - 1] if 0 < n <= len(lines) else ""
    return len(s) - len(s.lstrip(" "))
for f in json.load(sys.stdin)["files"]:
    for d in f["diagnostics"]:
        k = indent(d["start"]["line"])
        print(d["ruleId"], d["level"], d["start"]["column"] - k, d["end"]["column"] - k,
              d["message"], d.get("text", ""), sep="\t")
' "${@:2}" <"$1" | sort
}
property() { # FILE KEY
    python3 -c 'import json, sys; print(json.load(sys.stdin)["files"][0]["properties"][sys.argv[1]])' "$2" <"$1"
}

for txt in "$SRC"/samples/*.txt; do
    n=$(basename "$txt" .txt)
    fz 20 400 --format=json --max-per-rule=0 "$txt"
    cp "$TMP/out" "$TMP/$n.txt.json"
    findings "$TMP/$n.txt.json" "$txt" >"$TMP/want"
    if [ "$n" = no-title-2024 ]; then
        grep -q '^national/title-present' "$TMP/want" || fail "$n.txt: no title-present"
        grep -v '^national/title-present' "$TMP/want" >"$TMP/want2" && mv "$TMP/want2" "$TMP/want"
    fi
    for page in "$p/$n.html" "$p/$n.gb2312.html"; do
        fz 20 400 --format=json --max-per-rule=0 "$page"
        [ "$RC" -le 1 ] || { fail "$page: exit status $RC"; continue; }
        findings "$TMP/out" >"$TMP/got"
        cmp -s "$TMP/want" "$TMP/got" ||
            { fail "$(basename "$page"): findings differ from $n.txt"; diff "$TMP/want" "$TMP/got" | head -20 >&2; }
        # the page's title and date
        want_title=$(sed -n 's/^title //p' "$p/$n.expect")
        want_pub=$(sed -n 's/^published //p' "$p/$n.expect")
        [ "$(property "$TMP/out" title)" = "$want_title" ] || fail "$(basename "$page"): title $(property "$TMP/out" title)"
        [ "$(property "$TMP/out" published)" = "$want_pub" ] || fail "$(basename "$page"): published $(property "$TMP/out" published)"
        # nothing of the chrome reaches the text
        fz 20 400 --outline "$page"
        expect_in "$TMP/out" '^format +html' "$(basename "$page"): --outline names the format"
        for chrome in 网站标识码 ICP 打印本页 字体 走进青禾 相关链接 脚本里的文字 隐藏的文字 浏览次数 主办; do
            expect_not_in "$TMP/out" "$chrome" "$(basename "$page"): chrome '$chrome' in the text"
        done
    done
done

# stdin is sniffed like a file
fz 20 400 --format=json - <"$p/clean-county-2025.gb2312.html"
[ "$(property "$TMP/out" title)" = "青禾县人民政府关于2025年度法治政府建设情况的报告" ] || fail "stdin: title"

# bad pages: clear messages naming the file, exit 2 or an error diagnostic, no crash
printf '<!DOCTYPE html><html><body><ul><li><a href="/">首页</a></li></ul></body></html>' >"$TMP/nav.html"
fz 20 400 "$TMP/nav.html"
expect_rc 1 "a page without an article"
expect_in "$TMP/out" "nav.html:1:1: error: 网页中找不到正文.*\\[fzlint/unreadable\\]" "no article"
head -c 3000 "$p/department-flawed-2025.html" >"$TMP/cut.html"
fz 20 400 "$TMP/cut.html"
[ "$RC" -le 1 ] || fail "a page cut short: status $RC"
python3 -c 'import sys; sys.stdout.write("<html><body>" + "<div>" * 300000 + "正文" * 50)' >"$TMP/deep.html"
fz 30 800 "$TMP/deep.html"
[ "$RC" -le 1 ] || fail "300,000 nested divs: status $RC"
printf '<html>\n' >"$TMP/tiny.html"
fz 20 400 "$TMP/tiny.html"
expect_in "$TMP/out" "tiny.html:1:1: error: " "a page with nothing in it"
finish
