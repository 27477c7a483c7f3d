"""nianshen — score Chinese government information-disclosure annual reports.

    import nianshen
    r = nianshen.load("report.pdf")              # or bytes: nianshen.load(data, name="r.txt")
    print(r.agency, r.year, r.cell("t3", "received", "total").value)
    scheme = nianshen.Scheme(nianshen.default_scheme())
    run = nianshen.run(scheme, ["district/"], jobs=2, year="latest")  # as `score` ranks
    for res in run:                              # rank order
        print(res.rank, res.agency, res.score)
        for f in res.findings:
            if f.status == "fail":
                print(" ", f.rule, f.severity, f.message, f.evidence[:1])

A thin layer over libnianshen (cffi, ABI mode, declarations read from the
installed nianshen.h).  Reports, schemes and runs own their C objects and
free them when collected; results and findings are plain Python objects
copied out of a run, so they outlive it.  Failures raise NianshenError with
the engine's message and status code.
"""
import math
import numbers
import os
from dataclasses import dataclass, field
from typing import List, Optional

from ._lib import ffi, lib

__all__ = ["NianshenError", "UnknownIdError", "Report", "Scheme", "Run", "Result", "Finding",
           "Evidence", "Cell", "Section", "Diagnostic", "load", "run", "score",
           "rules_dir", "default_scheme", "version"]

PASSED, WARNINGS, FAILURES, ERRORS = (lib.NS_OUTCOME_PASSED, lib.NS_OUTCOME_WARNINGS,
                                      lib.NS_OUTCOME_FAILURES, lib.NS_OUTCOME_ERRORS)
_FORMS = {"auto": lib.NS_FORM_AUTO, "txt": lib.NS_FORM_TXT, "md": lib.NS_FORM_MD,
          "html": lib.NS_FORM_HTML, "docx": lib.NS_FORM_DOCX, "pdf": lib.NS_FORM_PDF,
          "json": lib.NS_FORM_JSON}
_AGENCY_TYPES = {"unknown": lib.NS_AGENCY_UNKNOWN, "township": lib.NS_AGENCY_TOWNSHIP,
                 "government": lib.NS_AGENCY_GOVERNMENT,
                 "department": lib.NS_AGENCY_DEPARTMENT}


class NianshenError(Exception):
    """A failure of the engine: .message as the engine says it, .code the
    status number, .name its name ("NS_ERR_FORMAT"...)."""

    def __init__(self, message, code):
        self.message = message
        self.code = code
        self.name = _s(lib.ns_strerror(code))
        super().__init__("%s (%s)" % (message, self.name))


def _s(p):
    """A C string as str, None for NULL."""
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8", "replace")


def version():
    return _s(lib.ns_version())


__version__ = version()


def rules_dir():
    """The standard rules the library uses (std/, schemes/)."""
    return _s(lib.ns_rules_dir())


def default_scheme():
    return os.path.join(rules_dir(), "schemes", "default.lua")


class _Ctx:
    """One ns_ctx for one call (a context is one thread's)."""

    def __enter__(self):
        self.ctx = lib.ns_open()
        if self.ctx == ffi.NULL:
            raise MemoryError("nianshen: out of memory")
        return self.ctx

    def __exit__(self, *exc):
        lib.ns_close(self.ctx)

    @staticmethod
    def fail(ctx, rc):
        code = lib.ns_errcode(ctx) or rc
        raise NianshenError(_s(lib.ns_errmsg(ctx)) or _s(lib.ns_strerror(code)), code)


def _opts(form=None, agency=None, agency_type=None, year=None):
    o = ffi.new("ns_load_opts *")
    keep = []
    if form is not None:
        if form not in _FORMS:
            raise ValueError("form must be one of %s" % ", ".join(_FORMS))
        o.form = _FORMS[form]
    if agency_type is not None:
        if agency_type not in _AGENCY_TYPES:
            raise ValueError("agency_type must be one of %s" % ", ".join(_AGENCY_TYPES))
        o.agency_type = _AGENCY_TYPES[agency_type]
    if agency is not None:
        keep.append(ffi.new("char[]", agency.encode("utf-8")))
        o.agency = keep[-1]
    if year is not None:
        o.year = int(year)
    return o, keep


# ---- the report ----------------------------------------------------------

@dataclass(frozen=True)
class Position:
    page: int
    line: int
    col: int


def _pos(p):
    return Position(p.page, p.line, p.col)


@dataclass(frozen=True)
class Diagnostic:
    severity: str        # "info", "warning", "error"
    code: str            # "cell.blank", "table.missing"...
    message: str
    where: Optional[str]  # "t3.received.total", "s5"... or None
    pos: Position


@dataclass(frozen=True)
class Section:
    id: str
    found: bool
    title: Optional[str]
    text: Optional[str]
    line_start: int
    line_end: int
    page_start: int
    page_end: int
    title_pos: Position


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    column: str
    value: Optional[float]  # None: blank, "/", "无" or unreadable
    raw: Optional[str]      # as printed; None when inferred or absent
    inferred: bool          # placed by the template's arithmetic
    pos: Position           # line 0: no position
    diagnostics: List[Diagnostic] = field(default_factory=list)


class UnknownIdError(KeyError, ValueError):
    """A table, row or column id that is in neither edition of the template
    (a misspelling): the engine's message, with the id meant and the ids
    there are.  A KeyError (a lookup by id) and a ValueError alike."""

    def __str__(self):
        return self.args[0] if self.args else ""


def _check_ids(table, row=None, column=None):
    """Raise UnknownIdError unless table, row and column are template ids."""
    ctx = lib.ns_open()
    if ctx == ffi.NULL:
        raise MemoryError("nianshen: out of memory")
    try:
        enc = lambda x: ffi.NULL if x is None else x.encode()
        if lib.ns_template_check(ctx, enc(table), enc(row), enc(column)) != lib.NS_OK:
            raise UnknownIdError("nianshen: " + _s(lib.ns_errmsg(ctx)))
    finally:
        lib.ns_close(ctx)


class Report:
    """A loaded report: immutable, its C object released when collected."""

    def __init__(self, handle):
        self._r = ffi.gc(handle, lib.ns_report_release)
        m = lib.ns_report_meta(self._r)
        self.path = _s(m.path)
        self.media_type = _s(m.media_type)
        self.encoding = _s(m.encoding)
        self.sha256 = _s(m.sha256)
        self.agency = _s(m.agency)
        self.agency_type = _s(lib.ns_agency_type_name(m.agency_type))
        self.year = m.year or None
        self.edition = int(m.edition) or None
        self.title = _s(m.title)
        self.period = _s(m.period)
        self.published = _s(m.published)

    @property
    def meta(self):
        return {k: getattr(self, k) for k in (
            "path", "media_type", "encoding", "sha256", "agency", "agency_type",
            "year", "edition", "title", "period", "published")}

    @property
    def sections(self):
        out = []
        for i in range(lib.NS_NSECTIONS):
            s = lib.ns_report_section(self._r, i)
            out.append(Section(_s(s.id), bool(s.found), _s(s.title), _s(s.text),
                               s.line_start, s.line_end, s.page_start, s.page_end,
                               _pos(s.title_pos)))
        return out

    def section(self, id):
        for s in self.sections:
            if s.id == id:
                return s
        raise KeyError(id)

    @property
    def diagnostics(self):
        out = []
        for i in range(lib.ns_report_ndiag(self._r)):
            d = lib.ns_report_diag(self._r, i)
            out.append(Diagnostic(_s(lib.ns_severity_name(d.severity)), _s(d.code),
                                  _s(d.message), _s(d.where), _pos(d.pos)))
        return out

    def table_found(self, table):
        _check_ids(table)
        return bool(lib.ns_table_found(self._r, table.encode()))

    def rows(self, table):
        _check_ids(table)
        t = table.encode()
        return [(_s(lib.ns_table_row_id(self._r, t, i)), _s(lib.ns_table_row_label(self._r, t, i)))
                for i in range(lib.ns_table_nrows(self._r, t))]

    def columns(self, table):
        _check_ids(table)
        t = table.encode()
        return [(_s(lib.ns_table_col_id(self._r, t, j)), _s(lib.ns_table_col_label(self._r, t, j)))
                for j in range(lib.ns_table_ncols(self._r, t))]

    def cell(self, table, row, column):
        """The cell, or None when this report's edition of the table has no
        such cell (t3 "other" of a 2021 report).  An id in neither edition
        (a misspelling) raises UnknownIdError, a KeyError and ValueError,
        naming the id meant: "t3 has no row 'recieved' (did you mean
        'received'? known: ...)"."""
        c = lib.ns_report_cell(self._r, table.encode(), row.encode(), column.encode())
        if c == ffi.NULL:
            _check_ids(table, row, column)
            return None
        where = "%s.%s.%s" % (table, row, column)
        return Cell(table, row, column, c.value if c.has_value else None, _s(c.raw),
                    bool(c.inferred), _pos(c.pos),
                    [d for d in self.diagnostics if d.where == where])

    def cells(self, table):
        """Every cell of a table, row by row, in template order."""
        _check_ids(table)
        out = []
        diags = {}
        for d in self.diagnostics:
            diags.setdefault(d.where, []).append(d)
        for row, _ in self.rows(table):
            for col, _ in self.columns(table):
                c = lib.ns_report_cell(self._r, table.encode(), row.encode(), col.encode())
                if c != ffi.NULL:
                    out.append(Cell(table, row, col, c.value if c.has_value else None,
                                    _s(c.raw), bool(c.inferred), _pos(c.pos),
                                    diags.get("%s.%s.%s" % (table, row, col), [])))
        return out

    def to_json(self, pretty=False):
        p = lib.ns_report_to_json(self._r, int(bool(pretty)))
        if p == ffi.NULL:
            raise MemoryError("nianshen: cannot write the report as JSON")
        try:
            return ffi.string(p).decode("utf-8")
        finally:
            lib.ns_free(p)

    def __repr__(self):
        return "<nianshen.Report %s %s %s>" % (self.agency, self.year, self.path)


def load(source, name=None, *, form=None, agency=None, agency_type=None, year=None):
    """A report from a path (str or os.PathLike) or from bytes (name shows
    in positions and messages).  Raises NianshenError when it does not load."""
    o, keep = _opts(form, agency, agency_type, year)
    out = ffi.new("ns_report **")
    with _Ctx() as ctx:
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            rc = lib.ns_load_buffer(ctx, ffi.from_buffer(data), len(data),
                                    (name or "(bytes)").encode("utf-8"), o, out)
        else:
            rc = lib.ns_load_file(ctx, os.fsencode(source), o, out)
        if rc != lib.NS_OK:
            _Ctx.fail(ctx, rc)
    return Report(out[0])


# ---- schemes and runs ----------------------------------------------------

class Scheme:
    """A scheme file and the rules it names, loaded once; usable by many runs."""

    def __init__(self, path=None, *, max_steps=None, max_memory=None):
        path = default_scheme() if path is None else path
        out = ffi.new("ns_scheme **")
        with _Ctx() as ctx:
            if max_steps:
                lib.ns_limit_set(ctx, lib.NS_LIMIT_RULE_STEPS, int(max_steps))
            if max_memory:
                lib.ns_limit_set(ctx, lib.NS_LIMIT_RULE_MEMORY, int(max_memory))
            rc = lib.ns_scheme_load(ctx, os.fsencode(path), out)
            if rc != lib.NS_OK:
                _Ctx.fail(ctx, rc)
        self._s = ffi.gc(out[0], lib.ns_scheme_free)
        self.name = _s(lib.ns_scheme_name(self._s))
        self.sha256 = _s(lib.ns_scheme_sha256(self._s))
        self.path = os.fspath(path)

    def __repr__(self):
        return "<nianshen.Scheme %s>" % self.name


@dataclass(frozen=True)
class Evidence:
    kind: str                 # cell, row, table, section, text, note
    table: Optional[str]      # template ids for cell/row/table evidence
    row: Optional[str]
    column: Optional[str]
    section: Optional[str]
    text: Optional[str]
    raw: Optional[str]
    value: Optional[float]
    line: int                 # 0: no position
    col: int
    page: int                 # 0 outside PDF


@dataclass(frozen=True)
class Finding:
    rule: str
    status: str               # pass, fail, na, error
    severity: str             # error, warning, info
    message: str
    title: Optional[str]
    category: Optional[str]
    basis: Optional[str]
    version: Optional[str]
    deduction: float
    evidence: List[Evidence]


@dataclass(frozen=True)
class Group:
    name: str
    points: float
    score: float


@dataclass(frozen=True)
class Result:
    rank: int
    path: str
    agency: Optional[str]
    agency_type: Optional[str]
    year: Optional[int]
    score: Optional[float]    # None: the report did not load
    max_score: float
    outcome: int
    incomplete: bool
    load_error: Optional[str]
    groups: List[Group]
    findings: List[Finding]

    @property
    def failures(self):
        return [f for f in self.findings if f.status in ("fail", "error")]


def _finding(f):
    ev = []
    val = ffi.new("double *")
    for e in range(lib.ns_finding_nevidence(f)):
        has = lib.ns_finding_evidence_value(f, e, val)
        ev.append(Evidence(
            _s(lib.ns_finding_evidence_kind(f, e)), _s(lib.ns_finding_evidence_table(f, e)),
            _s(lib.ns_finding_evidence_row(f, e)), _s(lib.ns_finding_evidence_column(f, e)),
            _s(lib.ns_finding_evidence_section(f, e)), _s(lib.ns_finding_evidence_text(f, e)),
            _s(lib.ns_finding_evidence_raw(f, e)), val[0] if has else None,
            lib.ns_finding_evidence_line(f, e), lib.ns_finding_evidence_col(f, e),
            lib.ns_finding_evidence_page(f, e)))
    return Finding(_s(lib.ns_finding_rule(f)), _s(lib.ns_finding_status(f)),
                   _s(lib.ns_finding_severity(f)), _s(lib.ns_finding_message(f)),
                   _s(lib.ns_finding_title(f)), _s(lib.ns_finding_category(f)),
                   _s(lib.ns_finding_basis(f)), _s(lib.ns_finding_version(f)),
                   lib.ns_finding_deduction(f), ev)


def _result(res):
    score = lib.ns_result_score(res)
    return Result(
        lib.ns_result_rank(res), _s(lib.ns_result_path(res)), _s(lib.ns_result_agency(res)),
        _s(lib.ns_result_agency_type(res)), lib.ns_result_year(res) or None,
        None if math.isnan(score) else score, lib.ns_result_max_score(res),
        lib.ns_result_outcome(res), bool(lib.ns_result_incomplete(res)),
        _s(lib.ns_result_load_error(res)),
        [Group(_s(lib.ns_result_group_name(res, g)), lib.ns_result_group_points(res, g),
               lib.ns_result_group_score(res, g)) for g in range(lib.ns_result_ngroups(res))],
        [_finding(lib.ns_result_finding(res, k)) for k in range(lib.ns_result_nfindings(res))])


def _cost(c):
    return {"indicator": _s(c.indicator), "reports": c.reports, "stopped": c.stopped,
            "seconds": c.seconds, "max_seconds": c.max_seconds,
            "max_path": _s(c.max_path) if c.max_path != ffi.NULL else None}


class Run:
    """An executed run: its results in rank order (iterate, index, len),
    the worst outcome, the exports (json, write), and with run(...,
    profile=True) what each check cost (costs, in the scheme's order)."""

    def __init__(self, scheme, ctx, handle):
        self.scheme = scheme  # the scheme outlives the run
        self._ctx = ctx
        self._run = handle
        self.worst = lib.ns_run_worst(handle)
        self.results = [_result(lib.ns_run_result(handle, i))
                        for i in range(lib.ns_run_count(handle))]
        self.costs = [_cost(lib.ns_run_cost(handle, k)) for k in range(lib.ns_run_costs(handle))]

    def __del__(self):
        if getattr(self, "_run", None) is not None:
            lib.ns_run_free(self._run)
            lib.ns_close(self._ctx)
            self._run = None

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def __getitem__(self, i):
        return self.results[i]

    def json(self, pretty=False):
        p = lib.ns_run_json(self._run, int(bool(pretty)))
        if p == ffi.NULL:
            raise MemoryError("nianshen: cannot write the results")
        try:
            return ffi.string(p).decode("utf-8")
        finally:
            lib.ns_free(p)

    def write(self, path):
        """.json .csv .html .xlsx, by extension; written whole or not at all."""
        rc = lib.ns_run_write(self._run, os.fsencode(path))
        if rc != lib.NS_OK:
            _Ctx.fail(self._ctx, rc)


def _files_under(d, depth):
    """Report files of directory d and its subdirectories in name order
    (ns_report_name), hidden entries passed over, links to directories
    not followed."""
    for name in sorted(os.listdir(d), key=os.fsencode):
        full = os.path.join(d, name)
        if name.startswith("."):
            continue
        if os.path.isdir(full):
            if depth < 16 and not os.path.islink(full):
                yield from _files_under(full, depth + 1)
        elif lib.ns_report_name(os.fsencode(name)) == 1:
            yield full


def _expand(paths):
    """Report files of the paths given: a directory's and its
    subdirectories' in name order, the way `nianshen score` takes them."""
    for p in paths:
        opts = {}
        if isinstance(p, tuple):
            p, opts = p
        if isinstance(p, Report):
            yield p, opts
        elif os.path.isdir(p):
            yield from ((f, opts) for f in _files_under(p, 0))
        else:
            yield p, opts


def run(scheme, paths, jobs=1, year=None, profile=False):
    """Score many reports at once (each sees last year's and its peers').
    paths: files, directories, Report objects, or (path, {load options}).
    A file that does not load stays in the results with its load error.
    year: the report year ranked -- None every year together, "latest" as
    `nianshen score` ranks, or a year; the others are scored as context
    and not ranked (rank 0).  profile: what each check cost, in the run's
    costs (`nianshen score --profile`)."""
    if not isinstance(scheme, Scheme):
        scheme = Scheme(scheme)
    # jobs a whole number (2.5 or "2" is no count of processes), 1 or more
    # as the library has it (ns_run_execute): told before a district loads
    if isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral):
        raise TypeError("nianshen: jobs must be a whole number, 1 or more (got %r)" % (jobs,))
    if jobs < 1:
        raise ValueError("nianshen: jobs must be 1 or more (got %d): the number of "
                         "scoring processes" % jobs)
    jobs = min(int(jobs), 2 ** 31 - 1)
    # the year before any report is loaded: a slip is told at once
    y = None
    if year is not None:
        try:
            y = -1 if year == "latest" else int(year)
        except (TypeError, ValueError):
            y = -2
        if y < -1 or isinstance(year, bool):
            raise ValueError("nianshen: year: None, 'latest' or a year (got %r)" % (year,))
    ctx = lib.ns_open()
    if ctx == ffi.NULL:
        raise MemoryError("nianshen: out of memory")
    handle = lib.ns_run_new(ctx, scheme._s)
    if handle == ffi.NULL:
        lib.ns_close(ctx)
        raise MemoryError("nianshen: out of memory")
    try:
        added = 0
        for p, opts in _expand(paths):
            added += 1
            if isinstance(p, Report):
                lib.ns_run_add(handle, p._r)  # retained by the run
                continue
            o, keep = _opts(**opts)
            out = ffi.new("ns_report **")
            if lib.ns_load_file(ctx, os.fsencode(p), o, out) == lib.NS_OK:
                lib.ns_run_add(handle, out[0])
                lib.ns_report_release(out[0])
            else:
                lib.ns_run_add_failure(handle, os.fsencode(p), lib.ns_errcode(ctx),
                                       lib.ns_errmsg(ctx))
        if not added:
            raise NianshenError("nianshen: no report files found in the paths given",
                                lib.NS_ERR_NOTFOUND)
        if y is not None and lib.ns_run_set_year(handle, y) != lib.NS_OK:
            raise ValueError("nianshen: year: None, 'latest' or a year (got %r)" % (year,))
        lib.ns_run_set_profile(handle, int(bool(profile)))
        rc = lib.ns_run_execute(handle, jobs)
        if rc == lib.NS_ERR_ARG:
            # refused before scoring: the caller's jobs or year (a year no
            # report of the run is of, named with the years it has)
            msg = _s(lib.ns_errmsg(ctx))
            if msg.startswith("no report of"):
                msg += "; year=None ranks every year"
            raise ValueError("nianshen: " + msg)
        if rc != lib.NS_OK:
            msg = _s(lib.ns_errmsg(ctx))
            raise NianshenError(msg, rc)
    except BaseException:
        lib.ns_run_free(handle)
        lib.ns_close(ctx)
        raise
    return Run(scheme, ctx, handle)


def score(scheme, report):
    """One report, as a run of one: its Result."""
    if not isinstance(report, Report):
        report = load(report)
    return run(scheme, [report])[0]
