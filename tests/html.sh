#!/bin/bash
# --format=html in headless Chromium: the samples and a hostile report are rendered,
# the DOM is dumped, and every diagnostic of the gcc output must have its highlight
# and its note; the hostile report must stay inert text.  Skips (77) without chromium.
set -u
fzlint=$(realpath "$1")
src=$(realpath "$2")
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# A hostile report: markup, entities, quotes, a control character and invalid bytes,
# under a path that needs escaping too.
hostile='evil "<b>&amp;'"'"'.txt'
printf '%s\n' \
    '关于XX县2025年度法治政府建设情况的报告<script>alert(1)</script>' \
    '一、主要举措和成效' \
    '截止2025年底<img src=x onerror="alert(2)">布署 & "双引号" '"'单引号'"' &amp; &lt;b&gt; </div></span>' \
    '</script><script>alert(3)</script><!-- 注释 --><style>body{display:none}</style>' \
    '《未闭合的书名号 <a href="javascript:alert(4)">链接</a>' >"$hostile"
printf 'bad bytes \xff\xfe then \x01 control and \xe4\xb8 cut\n' >>"$hostile"

# Overlapping and nested spans, from a pack of our own.
cat >overlap.yaml <<'EOF'
pack: overlap
rules:
  - {id: ab, type: forbid, level: error, message: 'AB', scope: document, pattern: 'AB'}
  - {id: bc, type: forbid, level: warning, message: 'BC', scope: document, pattern: 'BC'}
  - {id: wide, type: forbid, level: info, message: 'wide', scope: document, pattern: 'XABCDY'}
  - {id: lines, type: forbid, level: info, message: 'two lines', scope: document, pattern: 'EF\n+GH'}
EOF
printf '关于2025年度法治政府建设情况的报告\nXABCDY 与 AB 和 BC 交叠\nEF\nGH 跨行\n' >overlap.txt

files=("$src"/samples/*.txt "$hostile" overlap.txt)
"$fzlint" --color=never --max-per-rule=2 --rules=overlap.yaml --format=html "${files[@]}" \
    >page.html 2>/dev/null
[ $? -le 1 ] || { echo "FAIL: fzlint --format=html failed"; exit 1; }
"$fzlint" --color=never --max-per-rule=2 --column-unit=char --rules=overlap.yaml "${files[@]}" 2>/dev/null |
    grep -aE '^[^ ].*:[0-9]+:[0-9]+: (error|warning|info): ' >gcc.txt
"$fzlint" --max-per-rule=2 --rules=overlap.yaml --format=summary-csv "${files[@]}" \
    >summary.csv 2>/dev/null

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --dump-dom "file://$tmp/page.html" >dom.html 2>chromium.log
[ -s dom.html ] || { echo "FAIL: chromium produced no DOM"; tail chromium.log; exit 1; }

python3 - "$src" "$hostile" <<'EOF'
import codecs, csv, html.parser, os, re, sys
from collections import Counter

src, hostile = sys.argv[1], sys.argv[2]
VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "col", "area", "base"}

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []
    def cls(self):
        return self.attrs.get("class", "").split()
    def text(self, skip=()):
        return "".join(k if isinstance(k, str) else "" if set(k.cls()) & set(skip) else k.text(skip)
                       for k in self.kids)
    def walk(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()
    def find(self, pred):
        return [n for n in self.walk() if pred(n)]

class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n
    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent
    def handle_data(self, data):
        self.cur.kids.append(data)

def parse(path):
    t = Tree()
    t.feed(open(path, encoding="utf-8").read())
    return t.root

# fzlint replaces every undecodable byte by one U+FFFD
codecs.register_error("perbyte", lambda e: ("\ufffd" * (e.end - e.start), e.end))

fail = []
def check(ok, what):
    if not ok:
        fail.append(what)

page, dom = parse("page.html"), parse("dom.html")
for name, root in (("page", page), ("dom", dom)):
    scripts = root.find(lambda n: n.tag == "script")
    check(len(scripts) == 1, f"{name}: {len(scripts)} <script> elements, want 1")
    check(len(root.find(lambda n: n.tag == "style")) == 1, f"{name}: more than one <style>")
    for bad in ("img", "a", "b", "iframe", "object"):
        hits = [n for n in root.find(lambda n: n.tag == bad)
                if bad != "a" or "no" not in n.cls() and not n.parent.tag == "td"]
        check(not hits, f"{name}: a <{bad}> element from report text")
    for n in root.walk():
        for k, v in n.attrs.items():
            check(not k.startswith("on"), f"{name}: event handler attribute {k}")
            check("javascript:" not in (v or ""), f"{name}: javascript: URL")
csp = [n for n in page.find(lambda n: n.tag == "meta")
       if n.attrs.get("http-equiv") == "Content-Security-Policy"]
check(len(csp) == 1 and "script-src 'sha256-" in csp[0].attrs["content"], "no CSP")
check(dom.find(lambda n: n.tag == "html")[0].attrs.get("data-js") == "1",
      "the page's script did not run (CSP hash?)")
check(dom.find(lambda n: n.attrs.get("id") == "rule-filter")[0].find(lambda n: n.tag == "input"),
      "no rule filter checkboxes")

# Expected diagnostics, from the gcc format.
want = {}
pat = re.compile(r"^(.*):(\d+):(\d+): (error|warning|info): (.*) \[([^\]]+)\]$")
for line in open("gcc.txt", encoding="utf-8", errors="replace"):
    m = pat.match(line.rstrip("\n"))
    if m:
        path, ln, col, lv, msg, rule = m.groups()
        want.setdefault(path, Counter())[(f"{ln}:{col}", lv, rule, msg)] += 1

sections = dom.find(lambda n: n.tag == "section" and "report" in n.cls())
paths = [s.find(lambda n: "path" in n.cls())[0].text() for s in sections]
rows = dom.find(lambda n: n.tag == "tbody")[0].find(lambda n: n.tag == "tr")
nwant = len([f for f in os.listdir(os.path.join(src, "samples")) if f.endswith(".txt")]) + 2
check(len(sections) == len(rows) == nwant, f"{len(sections)} sections, {len(rows)} rows, want {nwant}")
check(set(want) <= set(paths), f"reports with findings missing from the page: {set(want) - set(paths)}")
total = 0
for sec, path in zip(sections, paths):
    notes = sec.find(lambda n: "note" in n.cls())
    got = Counter()
    for n in notes:
        # positions in characters, as a reader counts them
        loc = re.sub(r"^第 (\d+) 行第 (\d+) 字$", r"\1:\2", n.find(lambda x: "loc" in x.cls())[0].text())
        msg = n.find(lambda x: "msg" in x.cls())[0].text()
        got[(loc, n.attrs["data-lv"], n.attrs["data-rule"], msg)] += 1
        k = n.attrs["data-d"]
        hl = [h for h in sec.find(lambda x: "hl" in x.cls()) if k in h.attrs["data-d"].split()]
        check(hl, f"{path}: no highlight for note {k} ({msg})")
        check(all(h.attrs["data-lv"] in ("error", "warning", "info") for h in hl), "bad level")
        refs = [r for r in sec.find(lambda x: "ref" in x.cls()) if r.attrs["data-d"] == k]
        check(len(refs) == 1, f"{path}: note {k} has {len(refs)} number marks")
    total += len(notes)
    check(got == want.get(path, Counter()),
          f"{path}: notes differ from gcc output: extra {got - want.get(path, Counter())}, "
          f"missing {want.get(path, Counter()) - got}")
    # The text survives exactly: each line's text is the file's line (U+FFFD for bad bytes).
    if not path.startswith("/") and os.path.exists(path):
        raw = open(path, "rb").read().decode("utf-8", errors="perbyte").split("\n")
        tx = [l.find(lambda x: "tx" in x.cls())[0].text(skip=("note",))
              for l in sec.find(lambda x: "ln" in x.cls())]
        exp = [l.rstrip("\r").replace("\x01", "\u2401") for l in raw]
        if exp and exp[-1] == "":
            exp.pop()
        check(tx == exp, f"{path}: rendered text differs from the file: {[(a, b) for a, b in zip(tx, exp) if a != b] or (len(tx), len(exp))}")
check(total > 20, f"only {total} notes in the page")

# The summary table has summary-csv's columns (the metric labels and 缺少的部分 come
# from the packs' `summary:` labels) and the same values; "—" stands for an empty field.
table = dom.find(lambda n: n.tag == "table" and "sum" in n.cls())[0]
heads = [th.text().strip() for th in table.find(lambda n: n.tag == "th")]
with open("summary.csv", encoding="utf-8-sig", newline="") as f:
    rows_csv = list(csv.reader(f))
hdr, body = rows_csv[0], rows_csv[1:]
check(hdr[:5] == ["文件", "年度", "类型", "错误", "警告"], f"summary-csv header {hdr}")
extra = hdr[5:]  # metric labels, then 缺少的部分
check("出庭应诉率（%）" in extra and extra[-1] == "缺少的部分", f"summary-csv columns {extra}")
check(heads == ["报告", "年度", "类型", "错误", "警告", "提示"] + extra, f"summary table header {heads}")
num_heads = [th.text().strip() for th in table.find(lambda n: n.tag == "th" and "num" in n.cls())]
check(num_heads == ["年度", "错误", "警告", "提示"] + extra[:-1], f"numeric columns {num_heads}")
check(all(th.find(lambda n: n.tag == "button") for th in table.find(lambda n: n.tag == "th")),
      "a summary column header cannot be clicked to sort")
col = {h: i for i, h in enumerate(heads)}
by_path = {}
for tr in rows:
    tds = [k for k in tr.kids if isinstance(k, Node) and k.tag == "td"]
    p = tds[0].find(lambda n: n.tag == "a")[0].text()
    by_path[p] = tds
    check(len(tds) == len(heads), f"{p}: {len(tds)} cells, {len(heads)} columns")
check(len(body) == len(rows) and {r[0] for r in body} == set(by_path),
      f"summary-csv rows {[r[0] for r in body]} vs table rows {sorted(by_path)}")
header_missing = {}
for sec, path in zip(sections, paths):
    m = sec.find(lambda n: "missing" in n.cls())
    header_missing[path] = m[0].find(lambda n: n.tag == "dd")[0].text() if m else ""
found_rate = missing_any = 0
for r in body:
    tds = by_path.get(r[0])
    if not tds or len(tds) != len(heads):
        continue
    for name, want_v in zip(hdr[1:], r[1:]):
        td = tds[col[name]]
        got_v = td.text().strip()
        check((got_v if got_v != "—" else "") == want_v,
              f"{r[0]}: {name} is {got_v!r} in the table, {want_v!r} in summary-csv")
        if name in extra[:-1]:
            dv = td.attrs.get("data-v", "")
            check((float(dv) == float(want_v.replace(",", ""))) if want_v else dv == "",
                  f"{r[0]}: {name} sorts by {dv!r}, not by {want_v!r}")
            found_rate += bool(want_v)
    check(header_missing.get(r[0], "") == r[-1],
          f"{r[0]}: header lists missing parts {header_missing.get(r[0])!r}, summary-csv {r[-1]!r}")
    missing_any += bool(r[-1])
check(found_rate >= 4 and missing_any >= 3,
      f"samples should show rates and missing parts ({found_rate}, {missing_any})")
foot = [k for k in table.find(lambda n: n.tag == "tfoot")[0].find(lambda n: n.tag == "td")]
check(len(foot) == len(heads), f"total row has {len(foot)} cells, {len(heads)} columns")

hs = [s for s, p in zip(sections, paths) if p == hostile]
check(len(hs) == 1, "hostile report not on the page")
if hs:
    text = hs[0].text(skip=("note",))
    for frag in ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "&amp; &lt;b&gt;",
                 "</script><script>alert(3)</script>", '"双引号"', "'单引号'", "</div></span>",
                 '<a href="javascript:alert(4)">', "\ufffd", "\u2401"):
        check(frag in text, f"hostile text not shown as text: {frag!r}")

ov = [s for s, p in zip(sections, paths) if p == "overlap.txt"]
if ov:
    rule_of = {n.attrs["data-d"]: n.attrs["data-rule"] for n in ov[0].find(lambda x: "note" in x.cls())}
    segs = {}
    for h in ov[0].find(lambda x: "hl" in x.cls()):
        segs.setdefault(h.text(), []).append(set(h.attrs["data-d"].split()))
    def covers(text, *rules):
        want = {"overlap/" + r for r in rules}
        return any({rule_of.get(k, "") for k in d} & {"overlap/ab", "overlap/bc", "overlap/wide",
                                                      "overlap/lines"} == want
                   for d in segs.get(text, []))
    # XABCDY: the wide span nests AB and BC, which overlap on B
    for text, rules in (("X", ["wide"]), ("A", ["wide", "ab"]), ("B", ["wide", "ab", "bc"]),
                        ("C", ["wide", "bc"]), ("DY", ["wide"]), ("AB", ["ab"]), ("BC", ["bc"]),
                        ("EF", ["lines"]), ("GH", ["lines"])):
        check(covers(text, *rules), f"overlap: segment {text!r} is not covered by exactly {rules}")
else:
    check(False, "overlap report missing")

for f in fail:
    print("FAIL", f)
print(f"{len(sections)} reports, {total} notes checked" if not fail else f"{len(fail)} failures")
sys.exit(1 if fail else 0)
EOF
