/*
 * nianshen.h — the one public header of libnianshen.
 *
 * nianshen loads Chinese government information-disclosure annual reports
 * (政府信息公开工作年度报告) into one canonical, immutable model and scores
 * them with sandboxed Lua rules.
 *
 * Lifecycle, in the manner of SQLite:
 *
 *     ns_ctx *ctx = ns_open();                 options, limits, last error
 *     ns_report *r;
 *     if (ns_load_file(ctx, "r.txt", NULL, &r) != NS_OK)
 *         fprintf(stderr, "%s\n", ns_errmsg(ctx));
 *     ... read r with ns_report_* ...
 *     ns_report_release(r);                     reports are refcounted
 *     ns_close(ctx);
 *
 * A report is immutable once loaded: any number of threads may read it at
 * once, and ns_report_retain/ns_report_release are atomic.  A context is not
 * thread safe; use one per thread.  The library never prints and never exits:
 * every failure is a status code, with a message kept on the context.
 */
#ifndef NIANSHEN_H
#define NIANSHEN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NS_VERSION "0.1.0"
#define NS_VERSION_NUMBER 100 /* major*10000 + minor*100 + patch */

/* ---- status codes ------------------------------------------------------ */
enum {
	NS_OK = 0,
	NS_ERR_ARG,        /* a caller passed something invalid */
	NS_ERR_NOMEM,      /* out of memory, or a memory cap was hit */
	NS_ERR_IO,         /* file could not be read or written */
	NS_ERR_TOO_LARGE,  /* input over the configured size limit */
	NS_ERR_EMPTY,      /* input has no content */
	NS_ERR_ENCODING,   /* not decodable as UTF-8 nor GB18030 */
	NS_ERR_FORMAT,     /* corrupt or unsupported file (bad PDF/DOCX/JSON...) */
	NS_ERR_NO_TEXT,    /* a document with no text layer (scanned PDF) */
	NS_ERR_ENCRYPTED,  /* an encrypted PDF or DOCX */
	NS_ERR_UNSUPPORTED,/* the form is known but not built into this library */
	NS_ERR_RULE,       /* a rule or scheme file failed to load or run */
	NS_ERR_LIMIT,      /* a rule hit its instruction or memory budget, or a
	                      load its time limit */
	NS_ERR_NOTFOUND    /* no such table, row, column, indicator... */
};

/* Human-readable name of a status code ("NS_ERR_FORMAT"...). */
const char *ns_strerror(int code);
const char *ns_version(void);

/* ---- positions --------------------------------------------------------- */
/*
 * Where something stands in the source document.  Lines and columns are
 * 1-based; a column counts characters (code points) of the decoded line.
 *   TXT, MD, HTML, JSON: page 0, line and column in the source text.
 *   PDF: page, line of the rebuilt page text, column in that line.
 *   DOCX: page 0, line = block (paragraph or table row) number in body order,
 *         column = table cell number (1 for a paragraph).
 * line 0 means "no position" (for example a value inferred by arithmetic).
 */
typedef struct ns_pos {
	int page;
	int line;
	int col;
} ns_pos;

/* ---- context ----------------------------------------------------------- */
/* A context is one thread's.  Between its loads it keeps the buffer the
 * last one mapped its characters in (24 bytes a character, up to 4 MB),
 * lent to the next: a loop of loads in one process then does not give
 * its heap back to the kernel and fault it in again at every file.
 * ns_close frees it. */
typedef struct ns_ctx ns_ctx;

ns_ctx *ns_open(void);
void ns_close(ns_ctx *ctx);
int ns_errcode(const ns_ctx *ctx);
const char *ns_errmsg(const ns_ctx *ctx); /* "" when the last call succeeded */

/* Named limits, defaulted, overridable per context. */
typedef enum ns_limit {
	NS_LIMIT_INPUT_BYTES,     /* largest input file (default 64 MiB) */
	NS_LIMIT_RULE_MEMORY,     /* bytes per Lua state (default 64 MiB) */
	NS_LIMIT_RULE_STEPS,      /* VM instructions per check (default 50M) */
	NS_LIMIT_UNZIPPED_BYTES,  /* largest DOCX part once inflated (64 MiB) */
	NS_LIMIT_RULE_SECONDS,    /* wall-clock seconds per check (default 10):
	                             the scoring process is stopped past it */
	NS_LIMIT_LOAD_SECONDS,    /* wall-clock seconds per load in ns_load_files
	                             (default 60): the worker is stopped past it */
	NS_LIMIT_LOAD_MEMORY      /* bytes of address space one load in
	                             ns_load_files may add to what its worker
	                             starts with (default 2 GiB) */
} ns_limit;
#define NS_NLIMITS 7
long long ns_limit_get(const ns_ctx *ctx, ns_limit which);
int ns_limit_set(ns_ctx *ctx, ns_limit which, long long value);

/* ---- loading ----------------------------------------------------------- */
typedef enum ns_form {
	NS_FORM_AUTO = 0, NS_FORM_TXT, NS_FORM_MD, NS_FORM_HTML, NS_FORM_DOCX,
	NS_FORM_PDF, NS_FORM_JSON
} ns_form;

typedef enum ns_agency_type {
	NS_AGENCY_UNKNOWN = 0,
	NS_AGENCY_TOWNSHIP,   /* 乡、镇、街道 */
	NS_AGENCY_GOVERNMENT, /* 人民政府 (county level and up), 管委会 */
	NS_AGENCY_DEPARTMENT  /* 局、委、办、厅… */
} ns_agency_type;

typedef struct ns_load_opts {
	ns_form form;                 /* NS_FORM_AUTO: detect by content */
	ns_agency_type agency_type;   /* NS_AGENCY_UNKNOWN: infer from name */
	const char *agency;           /* NULL: from the document */
	int year;                     /* 0: from the document */
} ns_load_opts;

typedef struct ns_report ns_report;

int ns_load_file(ns_ctx *ctx, const char *path, const ns_load_opts *opts,
                 ns_report **out);
/* name is used in positions and messages; may be NULL. */
int ns_load_buffer(ns_ctx *ctx, const void *buf, size_t len, const char *name,
                   const ns_load_opts *opts, ns_report **out);

/* Bounded loading.  Each path is loaded in a worker process forked from
 * the caller (up to `jobs` at once: 1 or more, NS_ERR_ARG below; more than
 * 64 are 64), under NS_LIMIT_LOAD_SECONDS of wall
 * clock and NS_LIMIT_LOAD_MEMORY of address space; the worker sends the
 * report back in a binary form that gives what its canonical JSON would,
 * field for field.  The reports are read back into large regions of
 * memory that the context's later loads share (huge pages: a district's
 * reports are held together); each report's pages go back when it is
 * released, and a region's address space with its last report.  A load
 * that runs past a limit, crashes or runs out of memory is that path's
 * failure (NS_ERR_LIMIT for time, NS_ERR_TOO_LARGE for memory, with a
 * message naming the limit) and the others go on: nothing one file does
 * can stop the caller.  out[i] is paths[i]'s outcome, in order.  Returns
 * NS_OK unless the loading itself could not proceed (no process could be
 * started); ns_load_file stays the in-process road for embedders. */
typedef struct ns_loaded {
	ns_report *report;  /* NULL when the load failed; release it */
	int code;           /* NS_OK or the failure's status code */
	char *msg;          /* the failure's message (free with ns_free), or NULL */
} ns_loaded;
int ns_load_files(ns_ctx *ctx, const char *const *paths, int n,
                  const ns_load_opts *opts, int jobs, ns_loaded *out);
/* One file the same way; the failure's message goes on the context. */
int ns_load_file_bounded(ns_ctx *ctx, const char *path, const ns_load_opts *opts,
                         ns_report **out);

/* Which files of a directory a district run takes, by name: 1 a report
 * form (.txt .md .html .docx .pdf .json…, and .doc .wps, which fail to load
 * saying what they are), 0 to pass over quietly (hidden
 * files, a README.md of the district's own notes), -1 anything else (worth
 * telling the user it was skipped).  The form itself is detected by
 * content when the file is loaded. */
int ns_report_name(const char *name);

ns_report *ns_report_retain(ns_report *r);
void ns_report_release(ns_report *r);

/* ---- metadata ---------------------------------------------------------- */
typedef enum ns_edition {
	NS_EDITION_UNKNOWN = 0, NS_EDITION_2019 = 2019, NS_EDITION_2021 = 2021
} ns_edition;

typedef struct ns_meta {
	const char *path;        /* as given, or the buffer name */
	const char *media_type;  /* "text/plain", "application/pdf"... */
	const char *encoding;    /* "UTF-8", "GB18030" */
	const char *sha256;      /* hex digest of the input bytes */
	const char *agency;      /* 机关名称, NULL when not found */
	ns_agency_type agency_type;
	int year;                /* report year, 0 when not found */
	ns_edition edition;      /* template edition from the document's cues */
	const char *title;       /* the report title as found */
	const char *period;      /* the statistics period sentence, or NULL */
	const char *published;   /* publication date YYYY-MM-DD when known */
	ns_pos title_pos;
	ns_pos period_pos;       /* where the period sentence stands */
	ns_pos published_pos;    /* the signed date, when the date comes from it */
} ns_meta;

const ns_meta *ns_report_meta(const ns_report *r);
const char *ns_agency_type_name(ns_agency_type t); /* "township"... */
const char *ns_form_name(ns_form f);                /* "txt", "pdf"... */

/* ---- sections s1..s6 --------------------------------------------------- */
typedef struct ns_section {
	const char *id;     /* "s1".."s6" */
	int found;
	const char *title;  /* as found in the document */
	const char *text;   /* body text, without the title */
	int line_start, line_end; /* span in the source */
	int page_start, page_end; /* PDF pages of that span, else 0 */
	ns_pos title_pos;
} ns_section;

#define NS_NSECTIONS 6
const ns_section *ns_report_section(const ns_report *r, int index /*0..5*/);
const ns_section *ns_report_section_by_id(const ns_report *r, const char *id);
/* Source position of the character at byte offset `byte` of a section's
 * text (index 0..5). */
ns_pos ns_section_pos(const ns_report *r, int index, size_t byte);

/* ---- tables t2, t3, t4 ------------------------------------------------- */
typedef struct ns_cell {
	int has_value;     /* 0: blank, "/", "—", "无" or unreadable (null) */
	double value;
	const char *raw;   /* text as in the source, NULL when inferred/absent */
	ns_pos pos;
	int inferred;      /* value placed by the template's arithmetic */
} ns_cell;

/* A table as the report has it: which template edition its layout follows
 * and its rows and columns in template order. */
int ns_table_found(const ns_report *r, const char *table);
ns_edition ns_table_edition(const ns_report *r, const char *table);
int ns_table_nrows(const ns_report *r, const char *table);
int ns_table_ncols(const ns_report *r, const char *table);
const char *ns_table_row_id(const ns_report *r, const char *table, int i);
const char *ns_table_row_label(const ns_report *r, const char *table, int i);
const char *ns_table_col_id(const ns_report *r, const char *table, int j);
const char *ns_table_col_label(const ns_report *r, const char *table, int j);
/* NULL when the table, row or column does not exist in this report's
 * layout; for 2021-layout t2, (row, column) pairs outside the captioned
 * sub-table (say regulations/decisions) do not exist either. */
const ns_cell *ns_report_cell(const ns_report *r, const char *table,
                              const char *row, const char *col);
/* Whether table, row and column are ids of the template in either edition
 * (docs/ids.md; row or col NULL: not checked).  NS_OK when they are — the
 * cell may still be one a report's edition lacks, where ns_report_cell
 * gives NULL — else NS_ERR_ARG with the mistake and the ids there are on
 * ctx: "t3 has no row 'recieved' (did you mean 'received'? known: …)",
 * "no table 't33' (did you mean 't3'? known: t2 t3 t4)".  So a host tells
 * a misspelt id from a cell the report does not have, as the Lua views do. */
int ns_template_check(ns_ctx *ctx, const char *table, const char *row, const char *col);

/* ---- diagnostics ------------------------------------------------------- */
typedef enum ns_severity { NS_INFO = 0, NS_WARNING = 1, NS_ERROR = 2 } ns_severity;

typedef struct ns_diag {
	ns_severity severity;
	const char *code;     /* stable, e.g. "table.missing", "cell.blank" */
	const char *message;  /* one sentence, English, with the values */
	const char *where;    /* "t3.received.total", "s5"... or NULL */
	ns_pos pos;
} ns_diag;

int ns_report_ndiag(const ns_report *r);
const ns_diag *ns_report_diag(const ns_report *r, int i);
const char *ns_severity_name(ns_severity s);

/* ---- JSON -------------------------------------------------------------- */
/* The canonical model as JSON (docs/json-format.md); free with ns_free.
 * ns_load_* with NS_FORM_JSON (or detected) reads it back unchanged. */
char *ns_report_to_json(const ns_report *r, int pretty);
void ns_free(void *p);

/* ---- rules and scoring (docs/rules.md) --------------------------------- */
typedef struct ns_scheme ns_scheme;

/* Load a scheme file (Lua) and the rule files it names.  The scheme is
 * immutable afterwards and may be used by several threads, each scoring with
 * its own Lua states.  A bare name that is no file ("default", "strict",
 * "equivalent.lua") is the scheme of that name nianshen ships, in
 * ns_rules_dir()/schemes, as `nianshen score --scheme` takes it. */
int ns_scheme_load(ns_ctx *ctx, const char *path, ns_scheme **out);
/* The same from source text: `name` shows in errors, `base_dir` anchors the
 * search for the rule directories the scheme names. */
int ns_scheme_load_string(ns_ctx *ctx, const char *src, size_t len,
                          const char *name, const char *base_dir, ns_scheme **out);
void ns_scheme_free(ns_scheme *s);
const char *ns_scheme_name(const ns_scheme *s);
const char *ns_scheme_sha256(const ns_scheme *s);

/* Score one report; the result is a JSON document (docs/results.md) in a
 * malloc'd string to be freed with ns_free.  *worst receives the outcome
 * class (NS_OUTCOME_*). */
int ns_score_json(ns_ctx *ctx, const ns_scheme *s, const ns_report *r,
                  char **json_out, int *worst);

/* Outcome classes, also the exit codes of `nianshen score`. */
enum {
	NS_OUTCOME_PASSED = 0,   /* every finding passed or was not assessable */
	NS_OUTCOME_WARNINGS = 1, /* failures of warning severity only */
	NS_OUTCOME_FAILURES = 2, /* failures of error severity (a run's: or an
	                            agency of its roster published no report) */
	NS_OUTCOME_ERRORS = 3    /* a rule broke or a report failed to load */
};

/* ---- a district run ---------------------------------------------------- */
/* Score many reports at once: last year's report of the same agency and the
 * other agencies' reports of the same year are visible to the rules
 * (ctx.previous, ctx.peers).  Reports that failed to load are kept too, so
 * that nothing is lost from the ranking. */
typedef struct ns_run ns_run;

ns_run *ns_run_new(ns_ctx *ctx, const ns_scheme *s);   /* s outlives the run:
                                        its results refer to the scheme */
int ns_run_add(ns_run *run, ns_report *r);              /* retains r */
int ns_run_add_failure(ns_run *run, const char *path, int code, const char *msg);
/* Score everything with `jobs` scoring processes (1 or more, forked from
 * the caller; more than 64 are 64; a check past its time limit or one
 * that crashes its process is stopped, and the run goes on); results are
 * ranked by score.  Returns NS_OK unless the run itself could not proceed.
 * jobs below 1 is NS_ERR_ARG ("jobs must be 1 or more (got 0)…"), as is a
 * year no report is of (ns_run_set_year): refused before anything is
 * scored, the run stays unexecuted.  Several runs may execute
 * at once in several threads.  A run itself is one thread's: its results
 * are made ready when first read.  A run executes once: a second
 * ns_run_execute, and ns_run_add, ns_run_add_failure or ns_run_set_year
 * after it, are NS_ERR_ARG with the reason on the context (a NULL run or
 * report too); the results stay those of the first. */
int ns_run_execute(ns_run *run, int jobs);
/* The report year ranked, before ns_run_execute: NS_YEAR_ALL (every year
 * together, the default), NS_YEAR_LATEST (the latest of the run: what
 * `nianshen score` ranks), or a year; reports of other years are scored
 * as context, not ranked (docs/results.md).  A year no loaded report of
 * the run is of would rank nobody: ns_run_execute refuses it before
 * scoring anything, NS_ERR_ARG with "no report of 1999 in the run; years
 * present: 2023, 2024; nothing was scored" on the context, and the run
 * stays unexecuted (another year may be set and the run executed).  A run
 * whose reports all failed to load is not refused for its year. */
#define NS_YEAR_ALL 0
#define NS_YEAR_LATEST (-1)
int ns_run_set_year(ns_run *run, int year);
/* Caps on what a check (and all the checks) produce on one report, and the
 * breaker; set before
 * ns_run_execute (docs/rules.md, "Limits").  A check past a cap ends as an
 * error finding (no pcall catches it); value 0 for NS_RUN_BREAKER turns the
 * breaker off, other caps take values >= 1. */
typedef enum ns_run_limit {
	NS_RUN_FINDINGS,       /* findings a check records (default 1000) */
	NS_RUN_MESSAGE_BYTES,  /* a message, or one evidence text (4096) */
	NS_RUN_EVIDENCE,       /* pieces of evidence per finding (64) */
	NS_RUN_OUTPUT_BYTES,   /* all a check records, as counted (1 MiB) */
	NS_RUN_ERROR_BYTES,    /* a rule error's message, cut beyond (2048) */
	NS_RUN_PRINT_BYTES,    /* what a check prints (16384) */
	NS_RUN_BREAKER,        /* time-outs in a row, in report order, after
	                          which a check is disabled for the rest (3) */
	NS_RUN_REPORT_OUTPUT_BYTES, /* all the checks of a report record, as
	                          NS_RUN_OUTPUT_BYTES counts it (4 MiB) */
	NS_RUN_REPORT_PRINT_BYTES /* what all the checks of a report print
	                          together (4 x NS_RUN_PRINT_BYTES unless set);
	                          past it their prints are dropped, with one
	                          notice naming the report: not an error */
} ns_run_limit;
#define NS_RUN_NLIMITS 9
int ns_run_limit_set(ns_run *run, ns_run_limit which, long long value);
long long ns_run_limit_get(const ns_run *run, ns_run_limit which);
/* What each check cost the run (after Suricata's rule profiling): turned
 * on before ns_run_execute, each check's time on each report is kept as
 * the scoring processes measure it, its last scoring's where a report was
 * scored again.  After the run, ns_run_costs says how many checks there
 * are (0: the run was not profiled, not executed, or had no memory for
 * it) and ns_run_cost(run, k) gives check k's, in the scheme's order (the
 * run's: valid until ns_run_free; the id is the scheme's string, which
 * outlives the run; NULL out of range).  The time is the check's own:
 * making the report's view, its context and the result are not in it.  A
 * check stopped on a report (past its time limit, crashing its process,
 * leaving memory held) counts with its time to the stop.  The first report
 * a scoring process scores carries what the standard library makes once
 * per report for every check (a table's summaries): it is a check's
 * longest only where no other report ran it, or where it took 50 ms more
 * than the longest of the others.  Fields may be added at the
 * end: read them through the pointer, never by sizeof. */
typedef struct ns_check_cost {
	const char *indicator; /* the check's id */
	long long reports;     /* reports it ran on, stopped or not */
	long long stopped;     /* of which stopped */
	double seconds;        /* their wall-clock time together */
	double max_seconds;    /* the longest of them, */
	const char *max_path;  /* on this report (NULL when it ran on none) */
} ns_check_cost;
int ns_run_set_profile(ns_run *run, int on);
int ns_run_costs(const ns_run *run);
const ns_check_cost *ns_run_cost(const ns_run *run, int k);
int ns_run_worst(const ns_run *run);                    /* NS_OUTCOME_* */
char *ns_run_json(const ns_run *run, int pretty);        /* free with ns_free */
/* Streaming: set before ns_run_execute, each report's result is written to
 * fd as one line of JSON (NDJSON) as soon as it is final — the object
 * results[] of ns_run_json holds, less "rank" (a rank needs every score) —
 * in the order the reports were added, whatever the number of processes.
 * fd -1 turns it off.  A failed write stops the stream, not the run:
 * ns_run_stream_error then says why (NULL while every line was written). */
int ns_run_stream(ns_run *run, int fd);
const char *ns_run_stream_error(const ns_run *run);
int ns_run_write(const ns_run *run, const char *path);  /* by extension:
                                        .json .csv .html .xlsx */
/* The same in a format named by the caller ("json", "csv", "csv-ids",
 * "html", "xlsx"; NULL: by path's extension), for a path whose name says
 * no format (/dev/stdout, a name without an extension, .dat); a name of
 * another format nianshen writes (CSV into r.json) is NS_ERR_ARG. */
int ns_run_write_as(const ns_run *run, const char *path, const char *format);
void ns_run_free(ns_run *run);
/* ns_run_write writes a temporary file beside path, flushes and fsyncs it,
 * and renames it over path only once complete: a failed write leaves the
 * previous file as it was, and runs writing the same path at once leave
 * one whole file.  ns_output_check says before a run whether path can be
 * written so (its directory exists and takes a new file; path is not a
 * directory), NS_ERR_IO with the reason on ctx when not. */
int ns_output_check(ns_ctx *ctx, const char *path);

/* ---- results and findings, without JSON -------------------------------- */
/*
 * The results of an executed run, read in C: the same tree ns_run_json
 * exports (docs/results.md), through opaque handles and accessors.
 *
 *     ns_run *run;
 *     if (ns_score(ctx, scheme, report, &run) != NS_OK) ...   (or a run of many)
 *     for (int i = 0; i < ns_run_count(run); i++) {
 *         const ns_result *res = ns_run_result(run, i);     (rank order)
 *         printf("%d %s %g\n", ns_result_rank(res), ns_result_agency(res),
 *                ns_result_score(res));
 *         for (int k = 0; k < ns_result_nfindings(res); k++) {
 *             const ns_finding *f = ns_result_finding(res, k);
 *             if (strcmp(ns_finding_status(f), "fail") == 0) ...
 *         }
 *     }
 *     ns_run_free(run);
 *
 * Lifetimes: every handle and string these return belongs to the run and
 * stays valid until ns_run_free (rule, title, category, severity, basis and
 * version are the scheme's own strings: the scheme outlives the run).
 * Call them only after ns_run_execute.  Out-of-range indexes and NULL
 * handles give NULL, 0 or NAN, never a crash.
 *
 * Threads: a result is made ready (parsed from what its scoring process
 * sent) when first read, so the reading of one run's results, like the
 * run itself, is one thread's at a time; different runs may be read at
 * once in different threads.
 */
typedef struct ns_result ns_result;   /* one report's result in a run */
typedef struct ns_finding ns_finding; /* one finding of a result */

/* The standard rules directory (std/, schemes/default.lua…) this library
 * uses after a scheme's own directory: <prefix>/share/nianshen/rules beside
 * the installed library or program, else the install path. */
const char *ns_rules_dir(void);

/* Score one report: a run of one, executed (as ns_score_json does),
 * read with ns_run_result(*out, 0) and freed with ns_run_free. */
int ns_score(ns_ctx *ctx, const ns_scheme *s, ns_report *r, ns_run **out);

int ns_run_count(const ns_run *run);                   /* reports in it */
const ns_result *ns_run_result(const ns_run *run, int i); /* rank order */

const char *ns_result_path(const ns_result *res);
const char *ns_result_agency(const ns_result *res);   /* NULL when unknown */
const char *ns_result_agency_type(const ns_result *res); /* "township"... */
int ns_result_year(const ns_result *res);             /* 0 when unknown */
const char *ns_result_sha256(const ns_result *res);   /* NULL: did not load */
double ns_result_score(const ns_result *res);         /* NAN: did not load */
double ns_result_max_score(const ns_result *res);
int ns_result_rank(const ns_result *res);             /* 1-based; ties share; 0: not
                                                       * ranked (a duplicate: docs/results.md) */
int ns_result_outcome(const ns_result *res);          /* NS_OUTCOME_* */
int ns_result_incomplete(const ns_result *res);       /* docs/results.md */
/* The load failure of a report that did not load, else NULL and NS_OK. */
const char *ns_result_load_error(const ns_result *res);
int ns_result_load_error_code(const ns_result *res);
/* Counts of failed findings by severity, "not_assessable", "rule_errors". */
int ns_result_count(const ns_result *res, const char *which);

int ns_result_ngroups(const ns_result *res);
const char *ns_result_group_name(const ns_result *res, int g);
double ns_result_group_points(const ns_result *res, int g);  /* the most */
double ns_result_group_score(const ns_result *res, int g);

int ns_result_nfindings(const ns_result *res);
const ns_finding *ns_result_finding(const ns_result *res, int k);

const char *ns_finding_rule(const ns_finding *f);      /* indicator id */
const char *ns_finding_version(const ns_finding *f);
const char *ns_finding_title(const ns_finding *f);
const char *ns_finding_category(const ns_finding *f);
const char *ns_finding_basis(const ns_finding *f);
const char *ns_finding_status(const ns_finding *f);    /* "pass" "fail" "na" "error" */
const char *ns_finding_severity(const ns_finding *f);  /* "error" "warning" "info" */
const char *ns_finding_message(const ns_finding *f);
double ns_finding_deduction(const ns_finding *f);      /* points it cost */

/* Evidence e (0-based) of a finding.  kind: "cell", "row", "table",
 * "section", "text" or "note".  table/row/column: the template ids of
 * cell, row and table evidence ("t3", "received", "natural_person"), NULL
 * where they do not apply; section and text: of section and text
 * evidence; raw and value: a cell's (ns_finding_evidence_value returns 1
 * and sets *value when the cell has one).  line 0 means no position; page
 * is 0 outside PDF. */
int ns_finding_nevidence(const ns_finding *f);
const char *ns_finding_evidence_kind(const ns_finding *f, int e);
const char *ns_finding_evidence_table(const ns_finding *f, int e);
const char *ns_finding_evidence_row(const ns_finding *f, int e);
const char *ns_finding_evidence_column(const ns_finding *f, int e);
const char *ns_finding_evidence_section(const ns_finding *f, int e);
const char *ns_finding_evidence_text(const ns_finding *f, int e);
const char *ns_finding_evidence_raw(const ns_finding *f, int e);
int ns_finding_evidence_value(const ns_finding *f, int e, double *value);
int ns_finding_evidence_line(const ns_finding *f, int e);
int ns_finding_evidence_col(const ns_finding *f, int e);
int ns_finding_evidence_page(const ns_finding *f, int e);

#ifdef __cplusplus
}
#endif
#endif
