#!/usr/bin/env python3
"""bench/compare.py — what users compare, side by side, in one run.

    python3 bench/compare.py [--build DIR] [--reports N] [--same N]
                             [--large N] [--timeout S] [--max-memory GB]
                             [--runs K] [--python-runs K] [--keep DIR]

Generates a district of N reports (bench/bench.c --write DIR --form txt:
the national template, balanced tables, each agency its own 五, one report
in 20 with a defect the six checks find) and a district of --same reports
whose 五 are all the same, then times each of these as a process of its
own, from the outside, as a user would:

  python3 bench/analyst.py DIR                        the six checks as regexes
  nianshen score --scheme rules/schemes/equivalent.lua DIR --out F --jobs 1|2
  nianshen score --scheme rules/schemes/default.lua DIR --jobs 1|2
  the same-五 district, default scheme, --jobs 2
  with --large N: a district of N reports, default scheme, --jobs 2, --out
  (what a province's run holds in memory; off unless asked: 100,000
  reports take minutes)

For each: wall time (median of --runs; the Python script's of
--python-runs), reports/s, the peak RSS of the largest process (wait4's
ru_maxrss: the process or any of its children), the peak of the whole
process tree's proportional set size (PSS: shared pages counted once,
sampled every 0.2 s, so a shorter peak can be missed), and the time per
report over the Python script's.  A run past --timeout seconds or
--max-memory GB of tree PSS is killed and reported as such, not waited for.
The equivalent scheme's findings are compared with the Python script's,
report by report.  Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.sysconf("SC_PAGE_SIZE")

# the equivalent scheme's indicators and the Python script's names for them
RULES = {
    "structure.sections": "sections",
    "arith.t3_balance": "t3_balance",
    "arith.t3_detail_sum": "t3_detail",
    "arith.t3_row_sum": "t3_row_sum",
    "arith.t4_balance": "t4_balance",
    "text.period_year": "year",
}


def tree(pid):
    """pid and its descendants (through /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, tid)) as f:
                    todo.extend(int(x) for x in f.read().split())
        except OSError:
            pass
    return out


def pss(pid):
    """Proportional set size of one process in bytes (RSS if no smaps)."""
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open("/proc/%d/statm" % pid) as f:
            return int(f.read().split()[1]) * PAGE
    except OSError:
        return 0


class Result:
    def __init__(self):
        self.wall = None      # seconds, None when stopped
        self.maxrss = 0       # bytes, largest single process
        self.tree = 0         # bytes, sampled peak PSS of the tree
        self.rc = None
        self.stopped = None   # why the run was stopped


def run(cmd, stdout, timeout, max_mem):
    """Run cmd as a process group of its own; time it, watch its memory."""
    r = Result()
    with open(stdout, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=SRC,
                             start_new_session=True)
        done = threading.Event()

        def watch():
            while not done.wait(0.2):
                total = sum(pss(q) for q in tree(p.pid))
                r.tree = max(r.tree, total)
                el = time.monotonic() - t0
                why = None
                if el > timeout:
                    why = "did not finish within %d s" % timeout
                elif total > max_mem:
                    why = "stopped at %.1f GB of memory after %.0f s" % (total / 1e9, el)
                if why:
                    r.stopped = why
                    try:
                        os.killpg(p.pid, signal.SIGKILL)  # the group this run started
                    except ProcessLookupError:
                        pass
                    return

        w = threading.Thread(target=watch, daemon=True)
        w.start()
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.monotonic()
        done.set()
        w.join()
        p.returncode = status
    r.maxrss = ru.ru_maxrss * 1024
    if os.WIFSIGNALED(status):
        r.rc = -os.WTERMSIG(status)
    else:
        r.rc = os.WEXITSTATUS(status)
    if r.stopped is None:
        r.wall = t1 - t0
        if r.rc < 0 or r.rc > 3:
            r.stopped = "ended with %s" % ("signal %d" % -r.rc if r.rc < 0 else "exit code %d" % r.rc)
    return r


SUMMARY = re.compile(r"(\d+) reports, (\d+) loaded, (\d+) failed to load, (\d+) incomplete; outcome (\d)")


def summary_note(stdout, n):
    """What `nianshen score` says of its run, when it is not a whole run:
    reports not loaded or incomplete (a check broke) are not measured."""
    try:
        with open(stdout, encoding="utf-8", errors="replace") as f:
            m = SUMMARY.search(f.read()[-4000:])
    except OSError:
        m = None
    if not m:
        return "no summary line in its output"
    total, loaded, failed, incomplete = (int(x) for x in m.groups()[:4])
    bad = []
    if total != n:
        bad.append("%d reports scored, not %d" % (total, n))
    if failed:
        bad.append("%d failed to load" % failed)
    if incomplete:
        bad.append("%d of %d incomplete (a check broke)" % (incomplete, total))
    return "; ".join(bad) or None


def measure(label, cmd, n, k, args, stdout):
    """k runs of cmd; the median wall time, the largest memory figures."""
    results = []
    for _ in range(k):
        r = run(cmd, stdout, args.timeout, args.max_memory * 1e9)
        results.append(r)
        if r.stopped:
            break
    walls = [r.wall for r in results if r.wall is not None]
    m = Result()
    m.stopped = next((r.stopped for r in results if r.stopped), None)
    m.wall = statistics.median(walls) if walls and not m.stopped else None
    m.maxrss = max(r.maxrss for r in results)
    m.tree = max(r.tree for r in results)
    m.rc = results[-1].rc
    m.label, m.cmd, m.n, m.runs = label, cmd, n, len(walls)
    m.walls = walls
    m.out = stdout
    m.note = summary_note(stdout, n) if cmd[1] == "score" and not m.stopped else None
    print("  %s %s" % (pad(label, 44), ("%.2f s" % m.wall) if m.wall is not None else m.stopped), flush=True)
    return m


def pad(s, width):
    """s left-aligned in width columns of a terminal (wide characters take two)."""
    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
    return s + " " * max(0, width - w)


def build_type(build):
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    return line.split("=", 1)[1].strip() or "unnamed"
    except OSError:
        pass
    return "unknown"


def agreement(py_out, ns_json):
    """Report by report: the checks the Python script fails against the
    equivalent scheme's failing indicators."""
    py = {}
    with open(py_out, encoding="utf-8") as f:
        for line in f:
            if line.startswith("{"):
                d = json.loads(line)
                py[d["file"]] = set(d["fail"])
    with open(ns_json, encoding="utf-8") as f:
        doc = json.load(f)
    ns = {}
    for res in doc["results"]:
        fails = set()
        for fd in res.get("findings") or []:
            if fd.get("status") == "fail" and fd.get("rule") in RULES:
                fails.add(RULES[fd["rule"]])
        ns[os.path.basename(res["path"])] = fails
    diff = sorted(n for n in set(py) | set(ns) if py.get(n) != ns.get(n))
    failing = sum(1 for n in py if py[n])
    if not diff:
        return "the six checks agree on all %d reports (%d fail one or more in both)" % (len(py), failing)
    ex = "; ".join("%s: python %s, nianshen %s" % (n, sorted(py.get(n, [])), sorted(ns.get(n, [])))
                   for n in diff[:3])
    return "the six checks DISAGREE on %d of %d reports, e.g. %s" % (len(diff), len(py), ex)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--same", type=int, default=10000, help="reports of the same-五 district (0: none)")
    ap.add_argument("--large", type=int, default=0, help="reports of a large district (0: none)")
    ap.add_argument("--jobs", type=int, default=2, help="the --jobs of the parallel runs")
    ap.add_argument("--timeout", type=float, default=120, help="seconds a run may take")
    ap.add_argument("--max-memory", type=float, default=6, help="GB of tree PSS a run may take")
    ap.add_argument("--runs", type=int, default=1, help="runs of each nianshen command (median)")
    ap.add_argument("--python-runs", type=int, default=3)
    ap.add_argument("--keep", help="write the districts and outputs here and keep them")
    args = ap.parse_args()

    build = os.path.join(SRC, args.build) if not os.path.isabs(args.build) else args.build
    ns = os.path.join(build, "nianshen")
    gen = os.path.join(build, "bench", "nianshen-bench")
    for b in (ns, gen):
        if not os.access(b, os.X_OK):
            sys.exit("compare.py: %s not built (make build)" % b)
    tmp = args.keep or tempfile.mkdtemp(prefix="nianshen-bench-")
    os.makedirs(tmp, exist_ok=True)
    district, same = os.path.join(tmp, "district"), os.path.join(tmp, "same5")
    large = os.path.join(tmp, "large")
    try:
        bt = build_type(build)
        print("\n== nianshen score as a process against a Python script (%s build of %s)"
              % (bt, os.path.relpath(build, SRC)))
        if bt not in ("Release", "RelWithDebInfo"):
            print("warning: not an optimised build; configure with -DCMAKE_BUILD_TYPE=RelWithDebInfo")
        print("%d cores, load average %.1f at the start; %s" % (
            os.cpu_count(), os.getloadavg()[0], "generating..."), flush=True)
        for d, n, extra in ((district, args.reports, []), (same, args.same, ["--same-s5"]),
                            (large, args.large, [])):
            if n <= 0:
                continue
            shutil.rmtree(d, ignore_errors=True)
            subprocess.run([gen, "--reports", str(n), "--write", d, "--form", "txt"] + extra,
                           check=True, stdout=subprocess.DEVNULL)
        N = args.reports
        j = str(args.jobs)
        eq, de = "rules/schemes/equivalent.lua", "rules/schemes/default.lua"
        print("district: %d generated TXT reports in %s (every 五 its own; one in 20 with a defect)"
              % (N, district), flush=True)
        rows = []
        py = measure("python3 bench/analyst.py", [sys.executable, "bench/analyst.py", district],
                     N, args.python_runs, args, os.path.join(tmp, "analyst.jsonl"))
        rows.append(py)
        for scheme, name, jobs, out in ((eq, "equivalent", "1", "eq1"), (eq, "equivalent", j, "eq%s" % j),
                                        (de, "default", "1", None), (de, "default", j, None)):
            cmd = [ns, "score", "--scheme", scheme, district, "--jobs", jobs]
            if out:
                cmd += ["--out", os.path.join(tmp, out + ".json")]
            rows.append(measure("nianshen, %s scheme, --jobs %s" % (name, jobs), cmd, N, args.runs, args,
                                os.path.join(tmp, (out or "default%s" % jobs) + ".txt")))
        if args.same > 0:
            rows.append(measure("nianshen, default scheme, --jobs %s, same 五" % j,
                                [ns, "score", "--scheme", de, same, "--jobs", j],
                                args.same, args.runs, args, os.path.join(tmp, "same5.txt")))
        big = None
        if args.large > 0:
            big = measure("nianshen, default scheme, --jobs %s, --out" % j,
                          [ns, "score", "--scheme", de, large, "--jobs", j, "--out",
                           os.path.join(tmp, "large.json")],
                          args.large, 1, args, os.path.join(tmp, "large.txt"))
            rows.append(big)
        agree = None
        if os.path.exists(os.path.join(tmp, "eq1.json")) and rows[1].wall is not None:
            agree = agreement(os.path.join(tmp, "analyst.jsonl"), os.path.join(tmp, "eq1.json"))

        # the table
        ref = py.wall / py.n if py.wall else None
        print()
        hdr = "%s %7s %9s %10s %9s %9s %9s" % (pad("run", 46), "reports", "wall s", "reports/s",
                                               "max RSS", "tree PSS", "×Python")
        print(hdr)
        print("-" * len(hdr))
        for r in rows:
            if r.wall is None:
                print("%s %7d  %s; max RSS %.0f MB, tree PSS %.0f MB" % (
                    pad(r.label, 46), r.n, r.stopped, r.maxrss / 1e6, r.tree / 1e6))
                continue
            ratio = (r.wall / r.n) / ref if ref else float("nan")
            tree_pss = "%6.0f MB" % (r.tree / 1e6) if r.tree else "%9s" % "-"
            print("%s %7d %9.2f %10.0f %6.0f MB %s %9.2f" % (
                pad(r.label + (" !" if r.note else ""), 46), r.n, r.wall, r.n / r.wall, r.maxrss / 1e6, tree_pss, ratio))
        for r in rows:
            if getattr(r, "note", None):
                print("! %s: %s — these figures do not measure the whole scheme (%s)"
                      % (r.label, r.note, "output: " + r.out if args.keep
                         else "--keep DIR keeps its output"))
        print("(wall: median of %d runs for the Python script, %d for nianshen; max RSS: the largest "
              "process; tree PSS: all its processes, sampled; ×Python: time per report over the "
              "Python script's; load average %.1f at the end)" % (args.python_runs, args.runs,
                                                                 os.getloadavg()[0]))
        if agree:
            print(agree)

        # the targets, as measured
        def w(i):
            return rows[i].wall if len(rows) > i else None
        print("\ntargets:")
        if w(1) and ref:
            x = (w(1) / N) / ref
            print("  equivalent checks, --jobs 1: %.2f× the Python script's time (target ≤ 0.20): %s"
                  % (x, "met" if x <= 0.2 else "NOT met"))
        if w(3) and w(4):
            x = w(3) / w(4)
            print("  --jobs %s over --jobs 1, default scheme: %.2f× as fast (target ≥ 1.6): %s%s"
                  % (j, x, "met" if x >= 1.6 else "NOT met",
                     "; equivalent scheme: %.2f×" % (w(1) / w(2)) if w(1) and w(2) else ""))
        if args.same > 0:
            s = rows[-2] if big else rows[-1]
            what = "%d reports sharing one 五, default scheme, --jobs %s" % (args.same, j)
            goal = "target: 10,000 well under 60 s and under 2 GB"
            if s.wall is None:
                print("  %s: %s (%s)" % (what, s.stopped, goal))
            else:
                mem = max(s.tree, s.maxrss)
                if args.same >= 10000:
                    verdict = "met" if s.wall < 60 and mem < 2e9 else "NOT met"
                else:
                    verdict = "not measured at 10,000 (--same 10000 measures it)"
                print("  %s: %.1f s, %.2f GB (%s): %s" % (what, s.wall, mem / 1e9, goal, verdict))
        if big:
            what = "%d reports, default scheme, --jobs %s, --out" % (args.large, j)
            if big.wall is None:
                print("  %s: %s (target: within a few GB)" % (what, big.stopped))
            else:
                print("  %s: %.0f s, %.2f GB (target: 100,000 within a few GB)"
                      % (what, big.wall, max(big.tree, big.maxrss) / 1e9))
        print("\ncommands run from %s:" % SRC)
        def shown(c):
            if c == sys.executable:
                return "python3"
            if c.startswith(build + "/"):
                return os.path.relpath(c, SRC)
            return c.replace(tmp, "$DIR")
        for r in rows:
            print("  " + " ".join(shown(c) for c in r.cmd))
        print("DIR: %s%s" % (tmp, "" if args.keep else " (removed)"))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
