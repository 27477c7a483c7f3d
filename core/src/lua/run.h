/*
 * run.h — what the parts of a district run share.  Internal, not installed.
 *
 *   run.c        scoring one report and the scoring processes that do it
 *                under the supervisor (limits, crashes, the breaker)
 *   lfindings.c  `f`, the findings recorder a check writes to
 *   lctx.c       `ctx`, what a check sees of the rest of the district
 *                (previous years, peers, the copy index)
 *   runout.c     the results: assembled, streamed and written in the
 *                order run.c ranked them
 */
#ifndef NS_LUA_RUN_H
#define NS_LUA_RUN_H

#include "lindex.h"
#include "scheme.h"
#include "out/writers.h"

#include <cjson/cJSON.h>
#include <time.h>

#define REG_PARAMS "nianshen.params"

typedef struct item {
	ns_report *r;
	char *path;
	int load_code;
	char *load_msg;
	char *json;     /* the result as a scoring process sent it */
	cJSON *result;  /* … parsed when first asked for (result_of) */
	double score;
	int worst;
	int counts[5];  /* its result's "counts", as the process sent them
	                 * with it (so that the ranking needs no parse) */
	int rank;       /* 0: not ranked (see role) */
	int role;       /* ROLE_*: ranked, context of another year, a duplicate */
	const char *dup_of; /* a duplicate: the path of the report ranked instead */
	const char *compared_with; /* context: the path of the ranked report whose
	                            * ctx.previous (or previous2) it is */
	char *named;    /* a file that did not load: the agency its name gives
	                 * ("青岚县审计局2024年…年度报告.doc"), or NULL … */
	int named_year; /* … and the year (0: none) */
} item;

/* Which reports the ranking holds (docs/results.md, "Which reports are
 * ranked"): those of the ranked year; reports of other years are context
 * (ctx.previous), listed unranked; a second file with the same bytes, or
 * the same agency and year, is flagged and not ranked twice. */
enum { ROLE_RANKED, ROLE_CONTEXT, ROLE_DUP_CONTENT, ROLE_DUP_AGENCY };

typedef struct roster_entry {
	char *agency, *type;
	int missing; /* no report of the ranked year (nse_not_published) */
} roster_entry;

struct ns_run {
	ns_ctx *ctx;
	const ns_scheme *s;
	item *items;
	int n, cap;
	struct stream {    /* ns_run_stream: results as lines, when final */
		int on, fd;
		int regular, appending; /* the file it writes: a line cut is taken back */
		int next;      /* the first item not written yet */
		char err[160]; /* why a write failed ("" when none did) */
	} stream;
	time_t ran_at;
	int executed;      /* ns_run_execute ran: a run executes once */
	int worst;
	long long lim[NS_RUN_NLIMITS]; /* NS_RUN_*: caps on what checks produce */
	nse_copies *copies;            /* 五 across the run (lindex.c), built
	                                * before the scoring processes fork */
	char **meta_text;              /* per check, its metadata as JSON text,
	                                * made when first written (runout.c) */
	int *previous;                 /* per item: its agency's report of the
	                                * year before, or -1 (nse_link_previous) */
	struct nse_name *names;        /* per item: its agency's name made ready, */
	struct nse_suffixes *names_ix; /* and their suffix index
	                                * (nse_link_previous; duplicates,
	                                * ctx.peers), until the items are ranked */
	int year_mode;                 /* ns_run_set_year: 0 every year, -1 the
	                                * latest, else that year */
	int rank_year;                 /* the year ranked (0: every year) */
	roster_entry *roster;          /* nse_run_expect: agencies expected */
	int nroster;
	int profile;                   /* ns_run_set_profile */
	float *profiled;               /* while it runs profiled: per report, each
	                                * check's seconds (0 not run, below 0
	                                * stopped), then a byte per report (the
	                                * first its process scored); shared with
	                                * the scoring processes (supervise) */
	ns_check_cost *costs;          /* per check, when profiled and executed */
};

/* ---- run.c ------------------------------------------------------------ */

/* A result's "counts": failing findings by severity, not assessable, rule
 * errors. */
extern const char *const nse_count_keys[5];
/* The most a report can score under the scheme. */
double nse_max_score(const ns_scheme *s);
/* A result without every check's verdict (a rule error, a report that did
 * not load): ranked after every complete one. */
int nse_incomplete(const item *it);
/* The item's result becomes a rule error with this message. */
void nse_rule_failure(item *it, const char *msg);
/* The head of a result: path, agency, agency_type, year (r NULL: a report
 * that did not load, known by its path). */
cJSON *nse_result_head(const ns_report *r, const char *path);
/* The result's "load_diagnostics" (counts by severity and codes). */
void nse_load_diagnostics(cJSON *res, const ns_report *r);

static inline void nse_put(cJSON *o, const char *key, cJSON *v)
{
	cJSON_AddItemToObjectCS(o, key, v);
}

/* A string the result tree references (the scheme's, the report's):
 * nothing copied, valid while they live. */
static inline cJSON *nse_ref(const char *s)
{
	return s ? cJSON_CreateStringReference(s) : cJSON_CreateNull();
}

/* ---- lfindings.c ------------------------------------------------------- */

/* The metatable of `f` (f:fail, f:pass, f:na), made once per state. */
void nse_open_findings(lua_State *L);
/* A fresh recorder for one check on one report, pushed, under the run's
 * caps lim[NS_RUN_*]: its findings are the table in its user value 1;
 * report_before: what the checks of its rule file before it kept on this
 * report, against budget (its file's share of NS_RUN_REPORT_OUTPUT_BYTES). */
void nse_push_findings(lua_State *L, const long long *lim, const char *id,
                       long long report_before, long long budget);
/* The check of the recorder at idx has ended: from now on f:fail, f:pass
 * and f:na on it raise an error (a check that kept it, `saved = f`, would
 * otherwise record into a list nobody reads again).  What it recorded, as
 * the caps count it. */
long long nse_end_findings(lua_State *L, int idx);

/* ---- lctx.c, names.c ---------------------------------------------------- */

/* One name of an agency ends the other (3+ Han characters), whole or
 * both without the words a government's name may leave off (nse_name_core:
 * 人民政府, 办事处): "教育局" is "青岚县教育局", "沛县人民政府" "徐州市沛县人民
 * 政府", "白石镇" "青岚县白石镇人民政府"; as written alike (nse_name_canon:
 * "县政府办公室" is "县人民政府办公室", "…局(A)" "…局（A）" and "…局"). */
int nse_same_name(const char *x, const char *y);
/* A canonical name's length without the words a government's name may
 * leave off (政府, 办事处). */
size_t nse_name_core(const char *s, size_t n);
/* s written as nse_same_name compares names (brackets of either width,
 * spaces, 人民政府 as 政府) into out, of strlen(s) + 1 bytes or more: its
 * length; *main, the length before a bracketed second name that ends it. */
size_t nse_name_canon(const char *s, char *out, size_t *main);
/* A name made ready for nse_same_name: written alike once, so that a run
 * comparing each name with many (duplicates, the previous year, a roster)
 * does not write both names again for every pair. */
typedef struct nse_name {
	char *c;                 /* nse_name_canon's form; NULL: none */
	size_t n, main, core;    /* its length; before a bracketed second name;
	                          * of that, without 政府/办事处 */
	char key[7];             /* what two names of one agency share (the
	                          * core's last two characters): duplicates
	                          * are grouped by it */
} nse_name;
/* 0, or -1 out of memory (nm then matches no name); nse_name_free. */
int nse_name_prep(const char *s, nse_name *nm);
void nse_name_free(nse_name *nm);
/* Frees nm[0, n), each and the array (NULL: nothing). */
void nse_names_free(nse_name *nm, int n);
/* nse_same_name of two names made ready. */
int nse_same_prepped(const nse_name *x, const nse_name *y);
/* The names of a district that can be one agency's (names.c): an index
 * of nm[0, n) (made ready), built once; nse_suffixes_find gives the
 * indexes into nm of the names that may be nse_same_prepped with q — a
 * superset, ascending, each once — into *out (grown as needed, *cap its
 * size; free it): their count, or -1 out of memory. */
typedef struct nse_suffixes nse_suffixes;
nse_suffixes *nse_suffixes_new(const nse_name *nm, int n); /* NULL: no memory */
int nse_suffixes_find(const nse_suffixes *ix, const nse_name *q, int **out, int *cap);
/* Of names[0, n) (none the same agency's as name), the one name may have
 * meant, or NULL: the one name is a shortened form of or that is one of
 * name's ("发改局" and "发展和改革局": the first character kept, the rest
 * chosen in order), else the nearest a slip away (one character in a name
 * of eight or fewer, two in a longer one: "财证局" and "财政局"), either
 * whole or past the place one begins with ("发改局" and "青岚县发展和改革
 * 局"), 人民政府 and 办事处 left off.  Told as
 * a question, never taken for it: two agencies may differ by a character. */
const char *nse_closest_agency(const char *name, const char *const *names, int n);
/* qsort's comparison of ints, ascending (names.c) */
int nse_cmp_int(const void *a, const void *b);
void nse_suffixes_free(nse_suffixes *ix);
/* Each item's report of the year before (and the year before that): 0, or
 * an NS_ERR_* on failure.  Of several names, the one the report's is; else
 * the one that is nse_same_name's, or the first of several that are all
 * one agency; none for several that are not ("县教育局" of two counties'). */
int nse_link_previous(ns_run *run);
/* Frees what nse_link_previous made ready of the names (run->names,
 * run->names_ix). */
void nse_free_names(ns_run *run);
/* Which agencies of the roster have no report of the ranked year
 * (roster_entry.missing, what the results list as 未发布), and how many:
 * once the run is scored. */
int nse_not_published(ns_run *run);
/* The copy index of the run's 五, when a check of the scheme uses it. */
int nse_build_copies(ns_run *run, int jobs);
/* `ctx` for item `self` (run NULL: a lone report), pushed. */
void nse_push_ctx(lua_State *L, const struct ns_run *run, int self);

/* ---- runout.c ---------------------------------------------------------- */

/* Each finding of a result given its check's metadata first. */
void nse_expand_findings(const ns_scheme *s, cJSON *res);
/* Results that are final go out on the stream (ns_run_stream), in order. */
void nse_stream_ready(ns_run *run);

#endif
