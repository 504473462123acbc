#!/usr/bin/env python3
"""Generates a benchmark corpus from the sample reports in samples/.

Every report is rebuilt from the samples' parts: the intro, then each of the five
parts with sub-sections (a level-2 heading and its paragraphs) drawn from the same
part of any sample, renumbered; then place names, years and figures are changed,
and the punctuation (full-width, ASCII, mixed), layout (one paragraph a line, or a
portal scrape with blank lines, indents and chrome), line ends and encoding vary.
Deterministic for a given seed.  Usage: gen_corpus.py SAMPLES_DIR OUT_DIR FILES MB [SEED]
"""
import os
import random
import re
import sys

CN = "一二三四五六七八九十"
HEAD1 = re.compile(r"^[一二三四五六七八九十]+、")
HEAD2 = re.compile(r"^(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[0-9]{1,2}、)")
TO_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "％": "%"})
TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "%": "％"})
CHARS = "云石清河松柳枫安宁平远梅桥溪岭川阳泉山湖丰禾泽林茂兴华永新庆嘉长"
DEPTS = ["交通运输局", "市场监督管理局", "生态环境局", "教育局", "司法局", "自然资源局", "水利局", "卫生健康委员会"]


def cn_num(n):
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + (CN[n - 11] if n > 10 else "")
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def category(heading):
    if re.search(r"第一责任人", heading):
        return "first"
    if re.search(r"不足|问题|短板", heading):
        return "problems"
    if re.search(r"安排|打算|计划|下一步|思路", heading):
        return "plans"
    if re.search(r"其他需要", heading):
        return "other"
    return "measures"


def load(samples):
    """Pools of blocks per part: a block is a list of paragraphs (full-width form)."""
    pools = {k: [] for k in ("intro", "measures", "first", "problems", "plans", "other")}
    heads = {k: [] for k in pools}
    for name in sorted(os.listdir(samples)):
        if not name.endswith(".txt"):
            continue
        src_year = int(re.search(r"([0-9]{4})\.txt$", name).group(1))
        with open(os.path.join(samples, name), encoding="utf-8") as f:
            lines = [l.strip().translate(TO_FULL) for l in f]
        lines = [l for l in lines if l]
        cat, block = "intro", []
        for l in lines:
            if re.match(r"^(首页|扫一扫|【|青禾县人民政府门户网站)", l) or (
                    len(l) < 40 and re.search(r"报告$|人民政府$|局$|^特此报告|[0-9]+年[0-9]+月[0-9]+日$", l)):
                continue  # chrome, title, sign-off: rebuilt per report
            if HEAD1.match(l):
                if block:
                    pools[cat].append((src_year, block))
                cat, block = category(l), []
                heads[cat].append(HEAD1.sub("", l))
                continue
            if l.startswith("下一步") or re.match(r"^[0-9]{4}年，.{0,20}虽", l):
                cat = "plans" if l.startswith("下一步") else "problems"
                if block:
                    pools["measures"].append((src_year, block))
                block = []
            if HEAD2.match(l) and block:
                pools[cat].append((src_year, block))
                block = []
            block.append(l)
        if block:
            pools[cat].append((src_year, block))
    return pools, heads


def vary_numbers(text, rnd, dyear):
    def year(m):
        return str(int(m.group(0)) + dyear)

    def number(m):
        s = m.group(1)
        n = int(s)
        if n <= 1:
            return s
        if m.group(2) in ("％", "%"):
            v = rnd.randint(max(1, n - 20), min(100, n + 10)) if rnd.random() > 0.02 else n + 7
            return str(v)
        return str(rnd.randint(max(1, n // 2), n * 2))

    out = []
    # Titles of documents in 《》 keep their years (纲要（2021—2025年）).
    for part in re.split(r"(《[^》]*》)", text):
        if part.startswith("《"):
            out.append(part)
            continue
        part = re.sub(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年)", year, part)
        part = re.sub(r"(?<![0-9.])([0-9]{1,3}|[0-9]{5,})(?![0-9])(％|%)?",
                      lambda m: number(m) + (m.group(2) or ""), part)
        out.append(part)
    return "".join(out)


def report(rnd, pools, heads, target):
    year = rnd.randint(2019, 2025)
    county = "".join(rnd.sample(CHARS, 2)) + rnd.choice("县县县区市")
    kind = rnd.choice(["county", "county", "dept", "town"])
    org = {"county": county + "人民政府", "dept": county + rnd.choice(DEPTS),
           "town": "".join(rnd.sample(CHARS, 2)) + "镇人民政府"}[kind]
    town = "".join(rnd.sample(CHARS, 2)) + "镇"
    city = "".join(rnd.sample(CHARS, 2)) + "市"

    parts = [("measures", 3), ("first", 1), ("problems", 1), ("plans", 1), ("other", 1)]
    if rnd.random() < 0.15:  # some reports miss a part
        parts.pop(rnd.randrange(1, len(parts)))
    def take(block):
        y, ps = block
        return [vary_numbers(p, rnd, year - y) for p in ps]

    paras = []
    title_style = rnd.random()
    if title_style < 0.6:
        paras.append(f"{org}关于{year}年度法治政府建设情况的报告")
    elif title_style < 0.9:
        paras.append(f"{org}{year}年法治政府建设年度报告")
    elif title_style < 0.97:
        paras += [org, f"关于{year}年度法治政府建设情况的报告"]
    ntitle = len(paras)
    paras += take(rnd.choice(pools["intro"]))
    size = sum(len(p.encode()) for p in paras)
    body = []
    for cat, weight in parts:
        blocks = list(pools[cat])
        rnd.shuffle(blocks)
        head = rnd.choice(heads[cat]) if heads[cat] else "其他需要报告的情况"
        body.append([cat, head, [take(b) for b in blocks[:max(1, len(blocks) // 3)]]])
    # grow the measures part (the bulk of real reports) to the target size
    size += sum(len(p.encode()) for _, h, bl in body for b in bl for p in b)
    while size < target:
        b = take(rnd.choice(pools["measures"]))
        body[0][2].append(b)
        size += sum(len(p.encode()) for p in b)
    for i, (cat, head, blocks) in enumerate(body):
        if cat == "plans" and rnd.random() < 0.8:
            head = f"{year + 1}年度推进法治政府建设的主要安排"
        paras.append(f"{cn_num(i + 1)}、{head}")
        for k, b in enumerate(blocks):
            first = HEAD2.sub(f"（{cn_num(k + 1)}）", b[0], count=1) if HEAD2.match(b[0]) else b[0]
            paras += [first] + b[1:]
    paras.append("特此报告。")
    paras.append(org)
    m, d = rnd.randint(1, 4), rnd.randint(1, 28)
    paras.append(f"{year + 1}年{m:02d}月{d:02d}日" if rnd.random() < 0.05 else f"{year + 1}年{m}月{d}日")

    text = "\n".join(paras)
    text = text.replace("青禾县", county).replace("禾丰镇", town).replace("澄川市", city)
    # punctuation: full-width, ASCII (a portal scrape) or mixed paragraph by paragraph
    style = rnd.random()
    lines = text.split("\n")
    if style < 0.25:
        lines = [l.translate(TO_ASCII) for l in lines]
    elif style < 0.4:
        lines = [l.translate(TO_ASCII) if rnd.random() < 0.5 else l for l in lines]
    # layout: one paragraph a line, or a portal page with chrome, indents and blank lines
    if rnd.random() < 0.3:
        indent = rnd.choice(["  ", "\u3000\u3000", "    "])
        pub = f"{year + 1}-{rnd.randint(1, 5):02d}-{rnd.randint(1, 28):02d}"
        head = ["首页 > 政务公开 > 法治政府建设年度报告", ""] + lines[:ntitle] + \
            ["", f"{org}门户网站    来源:{county}司法局    时间:{pub}", ""]
        lines = head + [x for l in lines[ntitle:] for x in (indent + l, "")] + \
            ["", "扫一扫在手机打开当前页", "", "【关闭当前页面】"]
    eol = "\r\n" if rnd.random() < 0.1 else "\n"
    text = eol.join(lines) + eol
    enc = rnd.random()
    if enc < 0.03:
        return text.encode("gb18030")
    if enc < 0.05:
        return b"\xef\xbb\xbf" + text.encode()
    return text.encode()


def main():
    samples, out, files, mb = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    rnd = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
    pools, heads = load(samples)
    mean = 0.88 * mb * 1e6 / files  # reports overshoot their target by a block
    os.makedirs(out, exist_ok=True)
    total = 0
    for i in range(files):
        target = rnd.uniform(0.3 * mean, 1.7 * mean)
        data = report(rnd, pools, heads, target)
        with open(os.path.join(out, f"{i:05d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{files} files, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
