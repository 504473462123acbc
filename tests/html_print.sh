#!/bin/bash
# --format=html laid out by headless Chromium, on screen and for A4 print, on reports
# whose paragraphs are lines of 1,500 characters with findings deep inside them:
# - every note sits beside the line of its finding: in the margin right of the text,
#   not above its line, and no lower than its line or the note before it pushes it;
#   measured with getBoundingClientRect by a script added to a copy of the page (the
#   page's own CSP admits no other script), once in a 1280-pixel window and once in the
#   print layout (the page's print rules applied, its screen-only rules not, at A4's
#   printable width);
# - the page printed to PDF (chromium --print-to-pdf, read back with pdftotext -bbox):
#   every rule id (one per note) lies in the right-hand margin of its page, and no page
#   but the last of a report is a third empty (long paragraphs break across pages).
# Skips (77) without chromium, python3 or pdftotext.
set -u
fzlint=$(realpath "$1")
src=$(realpath "$2")
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) not installed: skipped"; exit 77; }
export FZLINT_RULES=$src/rules
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# Three reports of long paragraphs; 布署 (misused for 部署) and half-width commas sit at
# every few hundred characters, so findings start deep inside the paragraphs.
python3 - <<'PY'
parts = ["全县各部门按照统一部署推进依法行政工作，", "完成行政复议案件办理任务，",
         "“谁执法谁普法”责任制落实到位；", "行政规范性文件全部经过合法性审核，"]
for n in range(3):
    lines = [f"青禾县人民政府关于2025年度法治政府建设情况的报告", "一、主要举措和成效"]
    for p in range(4):
        text = ""
        i = n + p
        while len(text) < 1500:
            text += parts[i % len(parts)]
            i += 1
            if i % 17 == 5:
                text += "统一布署"
            if i % 23 == 11:
                text += "法治,建设"
        lines.append(text + "。")
    lines += ["二、存在的不足和原因", "执法队伍专业化水平不高，主要原因是培训不足。",
              "三、下一年度推进法治政府建设的主要安排", "2026年，继续推进依法行政。",
              "四、其他需要报告的情况", "无。", "青禾县人民政府", "2026年3月5日"]
    open(f"long-{n + 1}.txt", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
files=(long-1.txt long-2.txt long-3.txt "$src"/samples/department-flawed-2025.txt)
"$fzlint" --max-per-rule=0 --format=html "${files[@]}" >page.html 2>/dev/null
[ $? -le 1 ] || { echo "FAIL: fzlint --format=html failed"; exit 1; }

# The measuring copies: no CSP, and a script that writes every note's box, its
# finding's number mark's box and its line's box into the DOM once the page is laid out.
cat >measure.js <<'JS'
window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll(".report").forEach(function (sec) {
    sec.querySelectorAll(".note").forEach(function (n) {
      var k = n.getAttribute("data-d"), tx = n.closest(".tx") || n.closest(".ln").querySelector(".tx");
      var ref = sec.querySelector('.ref[data-d="' + k + '"]');
      var a = n.getBoundingClientRect(), r = ref.getBoundingClientRect(), t = tx.getBoundingClientRect();
      out.push([sec.id, k, a.left, a.top, a.right, a.bottom, r.left, r.top, r.bottom, t.left, t.top,
                t.right, n.getAttribute("data-rule")].join("\t"));
    });
  });
  var pre = document.createElement("pre");
  pre.id = "layout";
  pre.textContent = out.join("\n");
  document.body.appendChild(pre);
});
JS
python3 - <<'PY'
import re
page = open("page.html", encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
page = page.replace("</body>", "<script src=\"measure.js\"></script></body>")
open("screen.html", "w", encoding="utf-8").write(page)
# print: the page's @media print rules for every medium, its screen-only ones for none
style = re.search(r"<style>(.*?)</style>", page, re.S)
css = style.group(1).replace("@media print", "@media all")
css = re.sub(r"@media screen\b[^{]*", "@media not all ", css)
open("print.html", "w", encoding="utf-8").write(page[:style.start(1)] + css + page[style.end(1):])
PY
# A4 is 210 mm wide; the page's @page margins are 12 mm: 186 mm = 703 CSS pixels
for m in screen:1280 print:703; do
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
      --user-data-dir="$tmp/profile" --window-size="${m#*:},2000" \
      --dump-dom "file://$tmp/${m%%:*}.html" >"${m%%:*}.dom" 2>chromium.log
  grep -q 'id="layout"' "${m%%:*}.dom" || { echo "FAIL: no layout from ${m%%:*}.html"; tail -3 chromium.log; exit 1; }
done
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --no-pdf-header-footer \
    --user-data-dir="$tmp/profile" --print-to-pdf="$tmp/page.pdf" "file://$tmp/page.html" \
    >/dev/null 2>chromium.log
[ -s page.pdf ] || { echo "FAIL: chromium printed no PDF"; tail -3 chromium.log; exit 1; }
pdftotext -bbox page.pdf page.bbox.html || { echo "FAIL: pdftotext"; exit 1; }

python3 - <<'PY'
import html, re, sys
fail = []
for medium in ("screen", "print"):
    dom = open(f"{medium}.dom", encoding="utf-8").read()
    rows = html.unescape(re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S).group(1)).split("\n")
    prev = {}
    deep = 0
    for row in rows:
        sec, k, nl, nt, nr, nb, rl, rt, rb, tl, tt, tr, rule = row.split("\t")
        nl, nt, nr, nb, rl, rt, rb, tl, tt, tr = map(float, (nl, nt, nr, nb, rl, rt, rb, tl, tt, tr))
        where = f"{medium}: {sec} note {k} ({rule})"
        if nl < tr:
            fail.append(f"{where}: not beside the text (left {nl:.0f} < text right {tr:.0f})")
        # the number mark is a superscript: its line's top is up to half a line above it
        line = 32 if medium == "screen" else 27
        if nt < rt - line / 2:
            fail.append(f"{where}: {rt - nt:.0f}px above its line")
        # lower than its line only when the note before it (in that paragraph) reaches
        # into that line: then it starts at the first line below that note
        pushed = prev.get((sec, tl, tt), -1e9)
        limit = rt + 10 if pushed < rt - line / 2 else pushed + line + 10
        if nt > limit:
            fail.append(f"{where}: {nt - rt:.0f}px below its line, nothing above pushing it")
        prev[(sec, tl, tt)] = nb
        deep += rt - tt > 300
    if deep < 5:
        fail.append(f"{medium}: only {deep} findings deep in a paragraph; the test proves little")
    print(f"{medium}: {len(rows)} notes, {deep} deep in a paragraph")

# The PDF: page sizes, then every word with its box.
text = open("page.bbox.html", encoding="utf-8").read()
pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S)
word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
rules = 0
starts = []  # whether a page starts a report (its first word is a report's path)
bottoms = []
for w, h, body in pages:
    w, h = float(w), float(h)
    words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in word.findall(body)]
    if not words:
        fail.append("an empty page")
        starts.append(False); bottoms.append(0)
        continue
    for x0, y0, x1, y1, t in words:
        if re.fullmatch(r"(national|facts)/[a-z0-9-]+", t):
            rules += 1
            if x0 < 0.6 * w:
                fail.append(f"PDF: note of {t} at x={x0:.0f} of {w:.0f}: under the text, not beside it")
    first = min(words, key=lambda v: (v[1], v[0]))[4]
    starts.append(bool(re.search(r"long-\d\.txt|samples/", first)))
    bottoms.append(max(v[3] for v in words) / h)
for i, b in enumerate(bottoms):
    last_of_report = i + 1 == len(bottoms) or starts[i + 1]
    if not last_of_report and b < 0.67:
        fail.append(f"PDF page {i + 1}: text ends at {b:.0%} of the page, a third is empty")
if rules < 20:
    fail.append(f"PDF: only {rules} rule ids found")
print(f"PDF: {len(pages)} pages, {rules} notes")
kinds = {}
for f in fail:
    kinds.setdefault(f.split(":")[0], []).append(f)
for kind, fs in kinds.items():
    for f in fs[:6]:
        print("FAIL:", f)
    if len(fs) > 6:
        print(f"FAIL: ... and {len(fs) - 6} more ({kind})")
sys.exit(1 if fail else 0)
PY
