#!/usr/bin/env bash
# The second phase (rules/compare.yaml): a report against the same issuer's report of
# the year before (--previous, or paired in a folder), and against the other issuers'
# reports of a batch; related locations in gcc, JSON and SARIF; every threshold of the
# pack at its boundary.  The reports are made here from samples/ and from sentences
# of our own.
set -u
fzlint=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clean=$src/samples/clean-county-2025.txt
dept=$src/samples/department-flawed-2025.txt
[ -f "$clean" ] && [ -f "$dept" ] || exit 77

python3 - "$fzlint" "$tmp" "$clean" "$dept" <<'PY'
import json, os, subprocess, sys, unicodedata

fz, tmp, clean, dept = sys.argv[1:5]
fails = 0

def check(cond, what):
    global fails
    if not cond:
        print("FAIL:", what)
        fails += 1

def canon_len(s):
    """Characters after the digest's normalisation (letters and digits)."""
    return sum(unicodedata.category(c)[0] in "LN" for c in unicodedata.normalize("NFKC", s))

def write(name, text):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path

def run(*args):
    p = subprocess.run([fz, "--max-per-rule=0", *args], capture_output=True, text=True)
    check(p.returncode in (0, 1), f"{args}: exit {p.returncode}: {p.stderr}")
    return p.stdout

def findings(*args, rule="compare/"):
    """(path, rule, line, col, message, related) of every compare finding."""
    out = []
    for f in json.loads(run("--format=json", *args))["files"]:
        for d in f["diagnostics"]:
            if d["ruleId"].startswith(rule):
                out.append((f["path"], d["ruleId"], d["start"]["line"], d["start"]["column"],
                            d["message"], [(r["path"], r["line"]) for r in d.get("related", [])]))
    return out

lines = open(clean, encoding="utf-8").read().split("\n")
# last year's report of the same county: every year one earlier (2025 -> 2024 ...)
last_text = "\n".join(l.replace("2025", "2024").replace("2026", "2025") for l in lines)
last = write("pair/last-2024.txt", last_text)
this = write("pair/this-2025.txt", "\n".join(lines))
problems = list(range(51, 56))   # 三、存在的不足和原因 is line 50
plans = list(range(57, 63))      # 四、2026年度…主要安排 is line 56

# 1. both parts copied, years changed: a finding at each paragraph, pointing at last year's
got = findings("--previous=" + last, this)
prob = [g for g in got if g[1] == "compare/repeated-problems"]
plan = [g for g in got if g[1] == "compare/repeated-plans"]
check([g[2] for g in prob] == problems, f"copied shortcomings at {[g[2] for g in prob]}")
check(all("“存在的不足”部分 100% 相同" in g[4] for g in prob), f"share in {prob[:1]}")
check(all(g[5] == [(last, g[2])] for g in prob), f"related = last year's line: {prob[:2]}")
# 58: （一）抓好规划衔接 is shorter than min-sentence, the finding starts in its text
check([g[2] for g in plan] == plans, f"copied plans at {[g[2] for g in plan]}")
check(not [g for g in got if g[1] == "compare/shared-paragraph"], "same issuer: no paste")
# the same pair found in a folder by issuer and year; no finding on last year's report
got_dir = findings(os.path.join(tmp, "pair"))
check(sorted(g[:5] for g in got_dir) == sorted(g[:5] for g in got), "folder pairs as --previous")
check(not [g for g in got_dir if g[0] == last], "nothing on the earlier report")
check(not findings("--no-compare", os.path.join(tmp, "pair")), "--no-compare")
check(not findings("--no-compare", "--previous=" + last, this), "--no-compare with --previous")

# last year's plans name a document this year's report never names: one info at the title
check(not findings("--previous=" + last, this, rule="compare/dropped-plan"),
      "every document of last year's plans is named again")
ll = last_text.split("\n")
ll[58] += "同时修订《青禾县行政执法公示办法》。"
last2 = write("dropped/last-2024.txt", "\n".join(ll))
got = findings("--previous=" + last2, this, rule="compare/dropped-plan")
check([(g[2], g[5]) for g in got] == [(1, [(last2, 59)])] and "《青禾县行政执法公示办法》" in got[0][4],
      f"a dropped plan: {got}")

# related locations in gcc and SARIF
gcc = run("--color=never", "--previous=" + last, this)
check(f"{last}:52:5: note: 上年报告中的相同内容" in gcc.split("\n"), "gcc note line")
g = gcc.split("\n")
i = next(k for k, l in enumerate(g) if l.startswith(f"{this}:52:5: warning:"))
check(any(l.startswith(f"{last}:52:5: note:") for l in g[i + 1:i + 6]), "note follows its finding")
sarif = json.loads(run("--format=sarif", "--previous=" + last, this))
rel = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "compare/repeated-problems"]
check(rel and rel[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 51,
      "SARIF relatedLocations")
csv_out = run("--format=summary-csv", "--previous=" + last, this)
check("不足沿用上年（%）" in csv_out.split("\n")[0] and ",100," in csv_out, f"summary-csv share: {csv_out}")

# the HTML page links a note to the other report's line when that report is on the page
page = run("--format=html", os.path.join(tmp, "pair"))
def page_id(path):
    h = 0xcbf29ce484222325
    for c in path.encode():
        h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "r%016x" % h
check(f'<a href="#{page_id(last)}-L52">' in page, "HTML link to last year's line")
check(f'id="{page_id(last)}-L52"' in page, "HTML anchor of that line")

# a waiver in .fzlint.yaml covers comparison findings as any other
wdir = os.path.join(tmp, "waived")
write("waived/last-2024.txt", last_text)
write("waived/this-2025.txt", "\n".join(lines))
write("waived/.fzlint.yaml", "waivers:\n  - rule: compare/repeated-problems\n    file: this-2025.txt\n"
      "    lines: 51-53\n    reason: 测试\n")
got = findings(wdir, rule="compare/repeated-problems")
check([g[2] for g in got] == [54, 55], f"waived lines 51-53: {[g[2] for g in got]}")

# 2. a rewritten control: no copy finding; the plans alone copied: only repeated-plans
rewritten = {
    51: "对照年初确定的目标任务，全县法治政府建设还有一些需要改进的地方。",
    52: "一是执法规范化建设推进不平衡。部分乡镇执法案卷的证据目录和送达回证不齐全，说理部分较为简略。",
    53: "二是复议监督作用发挥还不充分。个别单位对复议意见书落实不及时，同类争议在不同乡镇重复发生。",
    54: "三是专业队伍储备不足。审核岗位人员流动较快，新进人员熟悉业务需要较长时间。",
    55: "分析原因，主要在于部分单位考核导向偏重进度，程序规范的硬约束不够，培训方式也比较单一。",
    57: "新的一年，县政府将围绕上述问题逐项整改。",
    58: "（一）完善规划体系。启动新一轮法治政府建设规划编制，上半年形成征求意见稿。",
    59: "（二）规范基层执法。开展乡镇执法案卷交叉评查，每季度通报一次评查结果。",
    60: "（三）化解行政争议。推行复议意见书落实情况回访制度，逐件跟踪整改到位。",
    61: "（四）充实审核力量。为司法局增配审核人员，乡镇全部明确专职法制审核员。",
    62: "（五）压实领导责任。把述法评议结果纳入年度考核，按时公开年度报告。",
}
def variant(keep):
    return "\n".join(rewritten[n + 1] if n + 1 in rewritten and n + 1 not in keep else l
                     for n, l in enumerate(lines))
ctl = write("ctl/this-2025.txt", variant(set()))
check(not findings("--previous=" + last, ctl), "rewritten control gives no copy finding")
only_plans = write("plans/this-2025.txt", variant(set(plans)))
got = findings("--previous=" + last, only_plans)
check({g[1] for g in got} == {"compare/repeated-plans"}, f"only the plans copied: {got[:2]}")

# 3. a paragraph pasted between two issuers: a warning at each copy naming the other
pasted = lines[44]  # line 45 of the county report
dl = open(dept, encoding="utf-8").read().split("\n")
b_text = "\n".join(dl[:10] + [pasted] + dl[10:])
a = write("paste/a-county.txt", "\n".join(lines))
b = write("paste/b-transport.txt", b_text)
got = findings(os.path.join(tmp, "paste"), rule="compare/shared-paragraph")
check(sorted((g[0], g[2], g[5]) for g in got) == sorted([(a, 45, [(b, 11)]), (b, 11, [(a, 45)])]),
      f"pasted paragraph: {got}")
check(all("b-transport.txt 第 11 行" in g[4] for g in got if g[0] == a), "message names file and line")

# 5. thresholds at their boundaries, in short reports of our own
def report(issuer, year, measures, problems, plans="我们将继续推进依法行政工作落地见效。"):
    return (f"{issuer}关于{year}年度法治政府建设情况的报告\n一、主要举措和成效\n{measures}\n"
            f"二、存在的不足和原因\n{problems}\n三、{year + 1}年工作安排\n{plans}\n")

# 4. boilerplate: the same paragraph in the reports of three issuers stays silent
write("paste3/a-county.txt", "\n".join(lines))
write("paste3/b-transport.txt", b_text)
write("paste3/c-water.txt", report("青禾县水利局", 2025, pasted, "河道执法力量不足，原因是编制有限。"))
check(not findings(os.path.join(tmp, "paste3"), rule="compare/shared-paragraph"),
      "a paragraph of three issuers is boilerplate")

base = "县司法局会同各执法部门对全年行政处罚案卷开展交叉评查并逐件反馈整改意见要求限期办结归档备查"
s40 = base[:40] + "。"
check(canon_len(s40) == 40, "a sentence of 40 characters")
def pair(name, pa, pb):
    d = os.path.join(tmp, name)
    write(f"{name}/a.txt", report("青禾县交通运输局", 2025, pa, "执法力量不足，主要原因是编制有限。"))
    write(f"{name}/b.txt", report("青禾县市场监督管理局", 2025, pb, "案卷质量不高，根源在于培训不够。"))
    return findings(d, rule="compare/shared-paragraph")
check(len(pair("chars40", s40, s40)) == 2, "min-chars 40: a 40-character paragraph is reported")
s39 = base[:39] + "。"
check(canon_len(s39) == 39 and not pair("chars39", s39, s39), "min-chars 40: 39 are not")
own10, own11 = "全年共办理了十件备案。", "全年共办理了十一件备案。"
check(canon_len(own10) == 10 and canon_len(own11) == 11, "own sentences")
on_a = lambda got: [g for g in got if g[0].endswith("/a.txt")]
check(len(on_a(pair("share80", s40 + own10, s40))) == 1, "min-share 80: 40 of 50 is reported")
got = pair("share78", s40 + own11, s40)
check(not on_a(got) and len(got) == 1, f"min-share 80: 40 of 51 is not (the copy of 40 of 40 is): {got}")

def yoy(name, prev_problems, cur_problems):
    d = os.path.join(tmp, name)
    write(f"{name}/a-2024.txt", report("青禾县人民政府", 2024, "全年办理行政复议案件12件。", prev_problems))
    write(f"{name}/b-2025.txt", report("青禾县人民政府", 2025, "全年办理行政复议案件15件。", cur_problems))
    return findings(d, rule="compare/repeated-problems")
p20 = "乡镇执法人员对程序规定掌握还不够扎实到位。"
o20 = "复议纠错案件整改多停留在个案层面未成制度。"
o21 = "复议纠错案件整改多停留在个案层面尚未成制度。"
check(canon_len(p20) == 20 and canon_len(o20) == 20 and canon_len(o21) == 21, "part sentences")
got = yoy("part50", p20 + "县里另行评查。", p20 + o20)
check(len(got) == 1 and "50% 相同" in got[0][4], f"min-share 50: 20 of 40 is reported: {got}")
check(not yoy("part48", p20 + "县里另行评查。", p20 + o21), "min-share 50: 20 of 41 is not")
s8, s7 = "执法力量仍然不足。", "执法力量还不足。"
check(canon_len(s8) == 8 and canon_len(s7) == 7, "short sentences")
check(len(yoy("sent8", s8, s8)) == 1, "min-sentence 8: an 8-character sentence is compared")
check(not yoy("sent7", s7, s7), "min-sentence 8: a 7-character one is not")

# the issuer normalised: 中共××县委 ××县人民政府 is the county; ××县司法局 is not
d = os.path.join(tmp, "issuer")
write("issuer/a-2024.txt", report("青禾县人民政府", 2024, "全年办理行政复议案件12件。", p20))
write("issuer/b-2025.txt", report("中共青禾县委 青禾县人民政府", 2025, "全年办理行政复议案件15件。", p20))
write("issuer/c-2025.txt", report("青禾县司法局", 2025, "全年办理行政复议案件15件。", p20))
got = findings(d, rule="compare/repeated-problems")
check([os.path.basename(g[0]) for g in got] == ["b-2025.txt"], f"issuer pairing: {got}")

# a title without 关于: the issuer is the words before the year
d = os.path.join(tmp, "noguanyu")
write("noguanyu/a-2024.txt", report("青禾县人民政府", 2024, "全年办理行政复议案件12件。", p20)
      .replace("青禾县人民政府关于2024年度法治政府建设情况的报告", "青禾县人民政府2024年度法治政府建设情况报告"))
write("noguanyu/b-2025.txt", report("青禾县人民政府", 2025, "全年办理行政复议案件15件。", p20))
check(len(findings(d, rule="compare/repeated-problems")) == 1, "issuer from a title without 关于")

# no issuer in the title: the signing organ (中共青禾县委 above it is the joint sign-off)
d = os.path.join(tmp, "signoff")
for y, n in ((2024, 12), (2025, 15)):
    t = report("", y, f"全年办理行政复议案件{n}件。", p20) + f"特此报告。\n中共青禾县委\n青禾县人民政府\n{y + 1}年3月1日\n"
    write(f"signoff/{y}.txt", t)
write("signoff/other-2025.txt", report("", 2025, "全年办理行政复议案件9件。", p20) +
      "特此报告。\n青禾县司法局\n2026年3月2日\n")
got = findings(d, rule="compare/repeated-problems")
check([os.path.basename(g[0]) for g in got] == ["2025.txt"], f"issuer from the sign-off: {got}")

# only consecutive years pair: 2023 -> 2025 is no pair; 2023, 2024, 2025 make two
d = os.path.join(tmp, "years")
write("years/a-2023.txt", report("青禾县人民政府", 2023, "全年办理行政复议案件10件。", p20))
write("years/c-2025.txt", report("青禾县人民政府", 2025, "全年办理行政复议案件15件。", p20))
check(not findings(d, rule="compare/repeated-problems"), "2023 and 2025 are not paired")
write("years/b-2024.txt", report("青禾县人民政府", 2024, "全年办理行政复议案件12件。", p20))
got = findings(d, rule="compare/repeated-problems")
check(sorted((os.path.basename(g[0]), os.path.basename(g[5][0][0])) for g in got) ==
      [("b-2024.txt", "a-2023.txt"), ("c-2025.txt", "b-2024.txt")], f"three years: {got}")

# standard input is checked once, compared with nothing; a missing --previous is an error
p = subprocess.run([fz, "--previous=" + last, "-"], input=open(this, encoding="utf-8").read(),
                   capture_output=True, text=True)
check(p.returncode in (0, 1) and "compare/" not in p.stdout, f"stdin: {p.returncode} {p.stderr}")
p = subprocess.run([fz, "--previous=" + os.path.join(tmp, "nope.txt"), this],
                   capture_output=True, text=True)
check(p.returncode == 2 and "nope.txt" in p.stderr and not p.stdout, f"missing --previous: {p.stderr}")

sys.exit(1 if fails else 0)
PY
