#!/usr/bin/env python3
"""bench/analyst.py — the same six checks as rules/schemes/equivalent.lua,
written the way an analyst would: regular expressions over the text.

    python3 bench/analyst.py DIR [--quiet]

Reads every .txt of DIR (UTF-8, else GB18030) and checks each report:

  sections     the six headings 一、总体情况 … 六、其他需要报告的事项 are there
  t3_balance   T3-1: per column, 本年新收 + 上年结转 = （七）总计 + 结转下年度
  t3_detail    T3-2: per column, （七）总计 = the sum of the result rows above it
  t3_row_sum   T3-3: per row, 总计 = the sum of the six applicant columns
  t4_balance   T4-1: per group of t4, 维持 + 纠正 + 其他 + 尚未审结 = 总计
  year         the years of the statistics period are the title's year

One JSON line per report on stdout ({"file", "fail": [checks], "messages"}),
then a summary and the time taken on stderr.  Standard library only.  It
knows the national template's wording and the layout of plain-text tables
(cells separated by tabs or spaces, one row a line) — what the district that
bench/bench.c generates has, not every layout agencies publish.
"""
import json
import os
import re
import sys
import time

HEADINGS = [
    ("一", r"总体情况"),
    ("二", r"主动公开政府信息情况"),
    ("三", r"收到和处理政府信息公开申请情况"),
    ("四", r"政府信息公开行政复议、?行政诉讼情况"),
    ("五", r"存在的主要问题及改进情况"),
    ("六", r"其他需要报告的事项"),
]
HEADING_RE = [re.compile(r"^[ \t\u3000]*" + no + r"[ \t\u3000]*[、.．][ \t\u3000]*" + title, re.M)
              for no, title in HEADINGS]

# a table row: a label, then numbers separated by tabs or spaces
ROW_RE = re.compile(r"^[ \t\u3000]*(\S.*?)((?:[ \t\u3000]+-?\d+)+)[ \t\u3000]*$", re.M)
NUM_RE = re.compile(r"-?\d+")
NUMS_LINE_RE = re.compile(r"^[ \t\u3000]*-?\d+(?:[ \t\u3000]+-?\d+)*[ \t\u3000]*$", re.M)
TITLE_YEAR_RE = re.compile(r"(\d{4})\s*年(?:度)?.*?年度报告")
PERIOD_RE = re.compile(r"统计期限[^。\n]*")
YEAR_RE = re.compile(r"(\d{4})\s*年")

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def t3_rows(text):
    """The rows of t3 with seven numbers, in order, as (label, [7 ints])."""
    rows = []
    for m in ROW_RE.finditer(text):
        nums = [int(x) for x in NUM_RE.findall(m.group(2))]
        if len(nums) == 7:
            rows.append((m.group(1).strip(), nums))
    return rows


def check(text):
    fails, msgs = [], []

    def fail(check_id, msg):
        if check_id not in fails:
            fails.append(check_id)
        msgs.append(msg)

    # sections: where each heading starts
    starts = []
    for (no, title), rx in zip(HEADINGS, HEADING_RE):
        m = rx.search(text)
        if not m:
            fail("sections", "缺少第%s部分" % no)
        starts.append(m.start() if m else None)

    def section(k):
        if starts[k] is None:
            return None
        ends = [s for s in starts if s is not None and s > starts[k]]
        return text[starts[k]:min(ends) if ends else len(text)]

    # t3
    s3 = section(2)
    rows = t3_rows(s3) if s3 else []
    idx = {}
    for i, (label, _) in enumerate(rows):
        if re.search(r"本年新收", label):
            idx.setdefault("received", i)
        elif re.search(r"上年结转", label):
            idx.setdefault("carried_over", i)
        elif re.search(r"总计", label):
            idx.setdefault("total", i)
        elif re.search(r"结转下年度", label):
            idx.setdefault("carried_forward", i)
    if len(idx) == 4:
        rec, co, tot, cf = (rows[idx[k]][1] for k in ("received", "carried_over", "total", "carried_forward"))
        for c in range(7):
            if rec[c] + co[c] != tot[c] + cf[c]:
                fail("t3_balance", "表三%s列：%d+%d≠%d+%d" % (COLS[c], rec[c], co[c], tot[c], cf[c]))
        detail = rows[idx["carried_over"] + 1:idx["total"]]
        for c in range(7):
            s = sum(r[1][c] for r in detail)
            if s != tot[c]:
                fail("t3_detail", "表三%s列：各项之和%d，总计%d" % (COLS[c], s, tot[c]))
    for label, v in rows:
        if sum(v[:6]) != v[6]:
            fail("t3_row_sum", "表三“%s”行：各列之和%d，总计%d" % (label, sum(v[:6]), v[6]))

    # t4: the numbers of 四, in three groups of five
    s4 = section(3)
    if s4:
        nums = [int(x) for line in NUMS_LINE_RE.findall(s4) for x in NUM_RE.findall(line)]
        if len(nums) == 15:
            for g, name in enumerate(("行政复议", "未经复议直接起诉", "复议后起诉")):
                part = nums[5 * g:5 * g + 5]
                if sum(part[:4]) != part[4]:
                    fail("t4_balance", "表四%s：%d≠%d" % (name, sum(part[:4]), part[4]))

    # the year: title against the statistics period
    first = next((l for l in text.splitlines() if l.strip()), "")
    m = TITLE_YEAR_RE.search(first)
    p = PERIOD_RE.search(text)
    if m and p:
        year = int(m.group(1))
        for y in YEAR_RE.findall(p.group(0)):
            if int(y) != year:
                fail("year", "统计期限写%s年，标题为%d年" % (y, year))
                break
    return fails, msgs


def main(argv):
    if len(argv) < 2:
        print("usage: analyst.py DIR [--quiet]", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    d = argv[1]
    quiet = "--quiet" in argv
    names = sorted(n for n in os.listdir(d) if n.endswith(".txt"))
    failing = {}
    out = sys.stdout
    for n in names:
        fails, msgs = check(read(os.path.join(d, n)))
        for c in fails:
            failing[c] = failing.get(c, 0) + 1
        if not quiet:
            out.write(json.dumps({"file": n, "fail": fails, "messages": msgs}, ensure_ascii=False) + "\n")
    dt = time.monotonic() - t0
    bad = sum(failing.values())
    print("analyst.py: %d reports in %.2f s (%.0f reports/s); failing checks: %s" % (
        len(names), dt, len(names) / dt if dt else 0,
        ", ".join("%s %d" % kv for kv in sorted(failing.items())) or "none"), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
