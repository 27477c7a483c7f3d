"""pytest of the Python package (run by ctest as python_bindings).

NS_ROOT is the source tree (for the example district and the corpus);
the library is the one NIANSHEN_LIBRARY/NIANSHEN_HEADER or pkg-config name.
"""
import csv
import math
import os
import subprocess

import tempfile

import pytest

import nianshen

ROOT = os.environ.get("NS_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DISTRICT = os.path.join(ROOT, "examples", "district")
REPORT = os.path.join(DISTRICT, "qinglan_baishizhen_2024.txt")
SCHEME = os.path.join(ROOT, "rules", "schemes", "default.lua")


@pytest.fixture(scope="module")
def scheme():
    return nianshen.Scheme(SCHEME)


@pytest.fixture(scope="module")
def district_run(scheme):
    return nianshen.run(scheme, [DISTRICT], jobs=2)


def test_version_and_rules():
    assert nianshen.version() == "0.1.0"
    assert nianshen.__version__ == nianshen.version()
    assert os.path.exists(os.path.join(nianshen.rules_dir(), "std"))
    assert os.path.exists(nianshen.default_scheme())


def test_load_path_metadata_sections():
    r = nianshen.load(REPORT)
    assert r.agency == "青岚县白石镇人民政府" and r.year == 2024
    assert r.agency_type == "township" and r.encoding == "UTF-8"
    assert r.meta["media_type"] == "text/plain" and len(r.sha256) == 64
    secs = r.sections
    assert [s.id for s in secs] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert all(s.found for s in secs) and secs[0].title == "一、总体情况"
    assert r.section("s5").text and r.section("s5").line_start > 0
    with pytest.raises(KeyError):
        r.section("s9")


def test_load_bytes_equals_path():
    data = open(REPORT, "rb").read()
    a, b = nianshen.load(REPORT), nianshen.load(data, name="x.txt")
    assert b.path == "x.txt" and a.sha256 == b.sha256
    assert [c.value for c in a.cells("t3")] == [c.value for c in b.cells("t3")]


def test_cells_with_positions_and_diagnostics():
    r = nianshen.load(REPORT)
    c = r.cell("t3", "received", "total")
    assert c.value == 1 and c.raw == "1" and c.pos.line == 41 and c.pos.col > 0
    # a cell the report's edition lacks is None (t3 "other" is the 2019
    # row; this report is of the 2021 edition); an id of neither edition is
    # a misspelling, raised with the id meant, as the Lua views do
    assert r.edition == 2021 and r.cell("t3", "other", "total") is None
    for args, said in ((("t3", "recieved", "total"), "t3 has no row 'recieved' (did you mean 'received'?"),
                       (("t3", "received", "totl"), "t3 has no column 'totl' (did you mean 'total'?"),
                       (("t33", "received", "total"), "no table 't33' (did you mean 't3'?")):
        with pytest.raises(KeyError) as e:
            r.cell(*args)
        assert isinstance(e.value, ValueError) and said in str(e.value)
    for method in (r.cells, r.rows, r.columns, r.table_found):
        with pytest.raises(nianshen.UnknownIdError, match="no table 't5'"):
            method("t5")
    cells = r.cells("t3")
    assert len(cells) > 100 and all(x.table == "t3" for x in cells)
    assert ("received", "一、本年新收政府信息公开申请数量") in r.rows("t3") or r.rows("t3")[0][0]
    # diagnostics that name a cell are on that cell
    for d in r.diagnostics:
        if d.where and d.where.count(".") == 2:
            t, row, col = d.where.split(".")
            assert d in r.cell(t, row, col).diagnostics
    assert '"agency"' in r.to_json()


def test_cell_diagnostic_on_a_blank_cell():
    text = open(REPORT, encoding="utf-8").read().replace("\n", "\n", 1)
    r = nianshen.load(text.encode("gb18030"), name="gbk.txt")
    assert r.encoding == "GB18030" and r.agency == "青岚县白石镇人民政府"


def test_errors_are_exceptions_with_the_engine_message(tmp_path):
    with pytest.raises(nianshen.NianshenError) as e:
        nianshen.load(str(tmp_path / "missing.txt"))
    assert e.value.name == "NS_ERR_IO" and "missing.txt" in e.value.message
    with pytest.raises(nianshen.NianshenError) as e:
        nianshen.load(b"", name="empty.txt")
    assert e.value.name == "NS_ERR_EMPTY"
    bad = tmp_path / "bad.lua"
    bad.write_text("scheme { name = ")
    with pytest.raises(nianshen.NianshenError) as e:
        nianshen.Scheme(str(bad))
    assert e.value.name == "NS_ERR_RULE" and "bad.lua" in e.value.message
    with pytest.raises(ValueError):
        nianshen.load(REPORT, form="xls")


def test_a_shipped_scheme_by_name_and_a_year_slip_told_at_once(scheme):
    strict = nianshen.Scheme("strict")
    assert "从严" in strict.name
    with pytest.raises(nianshen.NianshenError) as e:
        nianshen.Scheme("strcit")
    assert "did you mean strict?" in e.value.message
    for bad in ("lastest", "2024x", -3, True, [2024]):
        with pytest.raises(ValueError, match="year: None, 'latest' or a year"):
            nianshen.run(scheme, [DISTRICT], year=bad)
    # jobs is 1 or more (nianshen.h): 0 or -5 refused, not made 1
    for bad in (0, -5):
        with pytest.raises(ValueError, match=r"jobs must be 1 or more \(got %d\)" % bad):
            nianshen.run(scheme, [REPORT], jobs=bad)
    # … told before anything loads: an empty directory is not reached
    with tempfile.TemporaryDirectory() as empty:
        with pytest.raises(ValueError, match=r"jobs must be 1 or more \(got 0\)"):
            nianshen.run(scheme, [empty], jobs=0)
    for bad in (2.5, "2", True):
        with pytest.raises(TypeError, match="jobs must be a whole number"):
            nianshen.run(scheme, [REPORT], jobs=bad)
    # a year no report is of ranks nobody: refused, naming the years there are
    with pytest.raises(ValueError) as e:
        nianshen.run(scheme, [DISTRICT], year=1999)
    assert "no report of 1999 in the run; years present: 2023, 2024" in str(e.value)
    assert "year=None ranks every year" in str(e.value)


def test_run_results_match_the_command(district_run, tmp_path):
    assert len(district_run) == 24 and district_run.worst == nianshen.FAILURES
    ranks = [r.rank for r in district_run]
    assert ranks == sorted(ranks) and ranks[0] == 1
    cli = os.environ.get("NS_CLI")
    if cli:
        out = tmp_path / "r.csv"
        subprocess.run([cli, "score", "--scheme", SCHEME, DISTRICT, "--csv-ids", str(out)],
                       stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8-sig") as f:
            ref = {r["path"]: float(r["score"]) for r in csv.DictReader(f)}
        assert {r.path: r.score for r in district_run} == ref


def test_findings_as_objects(district_run):
    last = district_run[-1]
    assert last.score < last.max_score and not last.incomplete and last.load_error is None
    assert sum(g.points for g in last.groups) == last.max_score
    assert math.isclose(sum(g.score for g in last.groups), last.score)
    fails = last.failures
    assert fails and all(f.rule and f.message and f.severity in ("error", "warning", "info")
                         for f in fails)
    assert all(f.status in ("pass", "fail", "na", "error") for f in last.findings)
    cells = [e for r in district_run for f in r.findings for e in f.evidence if e.kind == "cell"]
    assert cells and all(e.table in ("t2", "t3", "t4") and e.row and e.column for e in cells)
    assert any(e.line > 0 for e in cells)
    texts = [e for r in district_run for f in r.findings for e in f.evidence if e.kind == "text"]
    assert texts and all(e.table is None for e in texts)


def test_what_each_check_cost(scheme, district_run):
    run = nianshen.run(scheme, [DISTRICT], jobs=2, profile=True)
    assert len(run.costs) > 40
    ids = [c["indicator"] for c in run.costs]
    assert len(set(ids)) == len(ids) and "arith.t3_balance" in ids
    for c in run.costs:
        assert c["reports"] == len(run) and c["stopped"] == 0
        assert c["seconds"] >= c["max_seconds"] > 0
        assert c["max_path"].endswith(".txt")
    assert district_run.costs == []  # not profiled


def test_results_outlive_the_run(scheme):
    res = nianshen.run(scheme, [REPORT]).results
    import gc
    gc.collect()
    assert res[0].agency == "青岚县白石镇人民政府" and res[0].findings


def test_score_one_report_and_a_failed_load(scheme, tmp_path):
    one = nianshen.score(scheme, nianshen.load(REPORT))
    assert one.rank == 1 and one.score is not None
    junk = tmp_path / "junk.txt"
    junk.write_text("hello world\n这不是年报。\n")
    run = nianshen.run(scheme, [REPORT, str(junk)])
    bad = run[-1]
    assert bad.path.endswith("junk.txt") and bad.score is None and bad.load_error
    assert bad.incomplete and run.worst == nianshen.ERRORS


def test_exports(district_run, tmp_path):
    assert '"results"' in district_run.json()
    district_run.write(str(tmp_path / "r.csv"))
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(nianshen.NianshenError):
        district_run.write(str(tmp_path / "nodir" / "r.csv"))


def test_run_ranks_one_year_when_asked(scheme):
    two = [os.path.join(DISTRICT, "qinglan_jiaoyuju_2023.txt"),
           os.path.join(DISTRICT, "qinglan_jiaoyuju_2024.txt")]
    assert all(r.rank > 0 for r in nianshen.run(scheme, two))  # every year ranked
    latest = nianshen.run(scheme, two, year="latest")
    assert [(r.year, r.rank) for r in latest if r.rank] == [(2024, 1)]
    y2023 = nianshen.run(scheme, two, year=2023)
    assert [(r.year, r.rank) for r in y2023 if r.rank] == [(2023, 1)]
    with pytest.raises(ValueError):
        nianshen.run(scheme, two, year=-5)


def test_run_reads_subdirectories_and_refuses_nothing(scheme, tmp_path):
    # a district kept one folder per township: every report is scored
    (tmp_path / "乡镇" / "2024").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name, where in (("qinglan_baishizhen_2024.txt", "乡镇"),
                        ("qinglan_liuxixiang_2024.txt", "乡镇/2024"),
                        ("qinglan_sifaju_2024.txt", "."),
                        ("qinglan_caizhengju_2024.txt", ".git")):
        with open(os.path.join(DISTRICT, name), "rb") as f:
            (tmp_path / where / name).write_bytes(f.read())
    run = nianshen.run(scheme, [str(tmp_path)])
    assert sorted(os.path.basename(r.path) for r in run) == [
        "qinglan_baishizhen_2024.txt", "qinglan_liuxixiang_2024.txt",
        "qinglan_sifaju_2024.txt"]
    # an empty folder is no district that "all passed"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(nianshen.NianshenError, match="no report files found"):
        nianshen.run(scheme, [str(empty)])
