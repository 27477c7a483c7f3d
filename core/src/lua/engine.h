/*
 * engine.h — the Lua layer: sandboxed states, the report's read-only views,
 * indicators, schemes and scoring (internal).
 *
 * One C file per Lua-facing type, each with its metatable name here:
 *   lreport.c  nianshen.report   the report
 *   lsection.c nianshen.section  s1..s6, positions of text matches
 *   ltable.c   nianshen.table, nianshen.row
 *   lcell.c    nianshen.cell
 *   lnumber.c  nianshen.number  a number of the prose, where it stands
 *   ltext.c    the `text` module (numbers, Chinese numerals, similarity)
 *   lfindings.c nianshen.findings `f`: f:fail, f:pass, f:na (run.h)
 *   lctx.c     `ctx`: params, previous years, peers, copies (run.h)
 * and the machinery:
 *   sandbox.c  allocator cap, instruction budget, allowlisted globals,
 *              `require` served from the rule directories
 *   scheme.c   scheme files: groups, points, deductions
 *   run.c      workers scoring reports in supervised processes
 *   runout.c   the results as JSON: assembled, streamed, written (run.h)
 */
#ifndef NS_ENGINE_H
#define NS_ENGINE_H

#include "model/model.h"

#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#define NSE_REPORT_MT "nianshen.report"
#define NSE_SECTION_MT "nianshen.section"
#define NSE_TABLE_MT "nianshen.table"
#define NSE_ROW_MT "nianshen.row"
#define NSE_CELL_MT "nianshen.cell"
#define NSE_NUMBER_MT "nianshen.number"

/* ---- views (lreport.c, lsection.c, ltable.c, lcell.c) --------------- */

/* Userdata of every view: the report (retained by the report view only)
 * and where in it the view points. */
typedef struct nse_view {
	const ns_report *r;
	int t, row, col;    /* table index, row, column; section index in t */
	int live;           /* a report view's: its checks have not ended */
	const int *alive;   /* its report view's `live` (kept alive by the
	                     * parent chain of user values) */
} nse_view;

/* A view of a report whose checks have ended (nse_expire_view) raises:
 * a rule file that kept r in a top-level variable read every report its
 * process scored before, beyond ctx.previous and ctx.peers. */
int nse_expired(lua_State *L);
static inline void *nse_live(lua_State *L, nse_view *v)
{
	if (v && !*v->alive)
		nse_expired(L);
	return v;
}
/* luaL_checkudata for a view, and live. */
#define nse_view_arg(L, idx, mt) ((nse_view *)nse_live((L), luaL_checkudata((L), (idx), (mt))))

/* The views' kinds, and their metatables kept in the registry under a
 * light userdata each (nse_push_mt): luaL_setmetatable and luaL_checkudata
 * look a metatable up by its name, a string hashed on every call, once per
 * view made and per method called. */
enum { NSE_V_REPORT, NSE_V_SECTION, NSE_V_TABLE, NSE_V_ROW, NSE_V_CELL, NSE_V_NUMBER,
       NSE_V_KINDS };
extern const char nse_mt_keys[NSE_V_KINDS];
extern const char *const nse_mt_names[NSE_V_KINDS]; /* NSE_REPORT_MT … by kind */
static inline int nse_push_mt(lua_State *L, int kind)
{
	return lua_rawgetp(L, LUA_REGISTRYINDEX, &nse_mt_keys[kind]);
}
/* nse_view_arg for a view of `kind`: checked by the metatable kept, with
 * luaL_checkudata's error for anything else. */
static inline nse_view *nse_view_at(lua_State *L, int idx, int kind)
{
	void *p = lua_touserdata(L, idx);
	if (p && lua_getmetatable(L, idx)) {
		nse_push_mt(L, kind);
		int same = lua_topointer(L, -1) == lua_topointer(L, -2);
		lua_pop(L, 2);
		if (same)
			return nse_live(L, p);
	}
	return nse_view_arg(L, idx, nse_mt_names[kind]);
}

void nse_open_views(lua_State *L);         /* register every metatable */
void nse_push_report(lua_State *L, const ns_report *r); /* retains r */
/* Set in a scoring process forked from its run (run.c: child_main), whose
 * run holds every report until the process exits: a view takes no
 * reference there.  Taking one wrote to the report's memory, and after
 * the fork each such write made the kernel copy a page: a fault per
 * report scored. */
extern int nse_reports_pinned;
/* The report's checks have ended: the report view at idx, and every view
 * made from it, raise from now on (nse_expired). */
void nse_expire_view(lua_State *L, int idx);
const ns_report *nse_check_report(lua_State *L, int idx);
void nse_push_section(lua_State *L, int report_idx, int s);
void nse_push_table(lua_State *L, int report_idx, int t);
void nse_push_row(lua_State *L, int table_idx, int row);
void nse_push_cell(lua_State *L, int row_idx, int col);
/* The view of child i (from 1) of the view at idx, kept in its user
 * value 1 + i: 1 and it pushed, or 0 and nothing; nse_cache_i keeps the
 * view on top there.  A section, a table of the report, a row of a table,
 * a cell of a row, by its place: read by name, each read made a C string a
 * Lua string again and looked it up in a table of the view's. */
int nse_cached_i(lua_State *L, int idx, lua_Integer i);
void nse_cache_i(lua_State *L, int idx, lua_Integer i);
int nse_readonly(lua_State *L); /* __newindex of every view */
/* Register the metatable `name` with the metamethods `meta`, each given
 * the metatable as upvalue 1, and locked (__metatable: the name). */
void nse_new_metatable(lua_State *L, const char *name, const luaL_Reg *meta);
/* The userdata at index 1 of a metamethod nse_new_metatable registered:
 * checked against its upvalue, by pointer (luaL_checkudata looks the
 * metatable up by name; a metamethod runs for every field a rule reads),
 * with luaL_checkudata's error for anything else. */
static inline void *nse_self(lua_State *L, const char *name)
{
	void *p = lua_touserdata(L, 1);
	if (p && lua_getmetatable(L, 1)) {
		/* two tables are the same table when at the same address */
		int same = lua_topointer(L, -1) == lua_topointer(L, lua_upvalueindex(1));
		lua_pop(L, 1);
		if (same)
			return nse_live(L, p);
	}
	return nse_view_arg(L, 1, name);
}
void nse_open_section(lua_State *L);
void nse_open_table(lua_State *L);
void nse_open_cell(lua_State *L);
void nse_push_value(lua_State *L, double v); /* 21, not 21.0 */
/* Records: the plain tables of named fields the engine hands to rules (a
 * match of s:find, a column of t:columns(), a diagnostic, r.published_at,
 * an item of text.sentences, ctx.copies' answer).  The table at idx gets
 * the metatable shared by every record of its kind (made once, keyed by
 * `what`, a static string): a known field that is absent reads nil, any
 * other name raises "<what> 'x' (did you mean …)" at the rule's line.
 * The fields stay plain: pairs, rawget, # and writes work as on any table.
 * fields: NULL-terminated, static. */
void nse_set_record(lua_State *L, int idx, const char *what, const char *const *fields);
/* That metatable, pushed (for Lua code that makes records: the section
 * prelude). */
void nse_push_record_mt(lua_State *L, const char *what, const char *const *fields);
void nse_open_number(lua_State *L);

/* A number of a text (ltext.c reads them, lnumber.c shows them).  Offsets
 * are 1-based as Lua counts, except the digits: bytes [a, b) of text.
 * User value 1 keeps text alive: the section view (whose report owns the
 * text) or the Lua string it was read from. */
typedef struct nse_number {
	const char *text;
	size_t len;
	double value;
	const char *unit;  /* a static string, or NULL */
	size_t a, b;
	size_t lead_from, after, tail_to, sentence_start, sentence_to, context_from;
	int depth, idx;
	const ns_report *r; /* with sec: where it stands in the source; or NULL */
	int sec;
	const int *alive;   /* its section view's report's `live` (nse_view), or
	                     * NULL (a string's): a number kept past its report
	                     * raises as the views do */
} nse_number;
/* A number of a section whose report's checks have ended raises, as its
 * section view would (nse_live). */
static inline void nse_number_live(lua_State *L, const nse_number *n)
{
	if (n->alive && !*n->alive)
		nse_expired(L);
}
/* s[0..n) without whitespace, pushed */
void nse_push_compact(lua_State *L, const char *s, size_t n);
int nse_open_text(lua_State *L);           /* pushes the `text` module */
/* The numbers of s (kept alive by the value at anchor: the section view or
 * the string) with their place in the prose; with v (a section's view),
 * also where each stands in the section. */
void nse_push_numbers(lua_State *L, const char *s, size_t n, int anchor,
                      const nse_view *v, int with_unit);
int nse_numbers_option(lua_State *L, int idx); /* 1: "with_unit" */

/* ---- sandbox (sandbox.c) --------------------------------------------- */

enum { NSE_LIMIT_NONE = 0, NSE_LIMIT_STEPS, NSE_LIMIT_MEMORY,
       NSE_LIMIT_OUTPUT /* a cap on what a check produces (run.c) */ };

/* Where rule code last ran: a file ("rules/x.lua") and a line, 0 unknown. */
typedef struct nse_where {
	char file[120];
	int line;
} nse_where;

/* Rule directories are looked for in a scheme's directory, three of its
 * ancestors and the installed rules: every one of them can be a root. */
#define NSE_MAX_ROOTS 5
#define NSE_LOAD_PRINT 16384 /* what a file may print as it loads, by default */

#define NSE_SMALL 256
#define NSE_SMALL_HELD (4u << 20)

/* A field of a protected metatable shared by fresh copies the engine hands
 * out (t:values()'s grids): setmetatable may replace it on a copy. */
#define NSE_FRESH_MT "__nianshen_fresh"

/* Run-level data an indicator declares it reads (uses = { "copies" }). */
#define NSE_USES_COPIES 1u

typedef struct nse_state {
	lua_State *L;
	size_t mem_used, mem_limit;
	long long steps, step_limit;
	int limit_hit;           /* NSE_LIMIT_* of the current check */
	char limit_msg[1024];    /* what the instruction budget said when spent:
	                          * a __close handler's error cannot replace it */
	int budget_on;           /* the budget counts only while a check runs */
	char roots[NSE_MAX_ROOTS][1024]; /* module roots for require, in order */
	int nroots;
	char err[512];
	/* print output of the current check and its cap (0: none); run.c sets
	 * the cap in scoring processes and zeroes the count before each check;
	 * a file loading has the cap, or NSE_LOAD_PRINT when none is set */
	long long printed, print_limit;
	int print_loading;       /* the cap is a loading file's (its message) */
	/* what all the checks of the report being scored printed, and their
	 * cap (--max-report-print; 0: none, outside a report); past it prints
	 * are dropped, report_print_said once the notice naming report_name
	 * (its path) is written.  run.c sets them for each report. */
	long long report_printed, report_print_limit;
	int report_print_said;
	const char *report_name;
	/* an allocation refused once, to tell Lua's retry after its emergency
	 * collection (a second refusal is the cap hit) from a passing squeeze */
	const void *refused;
	size_t refused_size;
	size_t mem_asked;        /* the cap as given (--max-memory), in bytes */
	size_t mem_base;         /* in use when a scoring process began, collected */
	size_t mem_gc_at;        /* in use past which score_one looks for held memory */
	size_t mem_report_gc_at; /* … and child_main, between two reports */
	/* the line of rule code running, as the count hook saw it last (and
	 * the allocator when the memory cap is hit): for the messages of a
	 * time-out, the breaker and the memory cap.  Points at own_where, or
	 * where run.c wants it (the memory its supervisor reads); zeroed by
	 * every nse_pcall.  where_src: the source whose name it holds. */
	nse_where *where;
	nse_where own_where;
	const char *where_src;
	/* whose code runs, loading or in a check: a rule file ("local.fees"),
	 * or "/std" for the shipped standard library's (NSE_SHIPPED); each has
	 * helper modules of its own (sb_require); "" for the scheme file and
	 * the host's own chunks */
	char author[256];
	const char *loading;     /* the module whose top level runs (require_in) */
	unsigned uses;           /* what the running check declared it reads of
	                          * the run (NSE_USES_*; run.c sets it) */
	/* blocks of Lua's of up to NSE_SMALL bytes, freed, by size class of
	 * 16 bytes (cap_alloc): most of a check's allocations (views, strings,
	 * small tables) are such, and a list is cheaper than malloc's bins */
	void *small[NSE_SMALL / 16];
	size_t small_held;       /* bytes on those lists, at most NSE_SMALL_HELD */
} nse_state;

/* The registry's table of the scheme's rule files: module name → its
 * author (scheme.c fills it; sandbox.c's require serves a rule file that
 * declares indicators from its own author's modules, whoever requires it). */
#define NSE_REG_RULE_FILES "nianshen.rule_files"
/* Is the module loading now (S->loading) a rule file of another author,
 * run as the requirer's own copy (sb_require)?  Its indicator{} calls
 * declare nothing: its own load did. */
int nse_rule_file_copy(lua_State *L);

/* The nse_state a sandboxed lua_State belongs to (nse_state_new). */
static inline nse_state *nse_state_of(lua_State *L)
{
	return *(nse_state **)lua_getextraspace(L);
}

/* "FILE:LINE" of S->where into buf (empty when unknown); its length. */
int nse_where_text(const nse_state *S, char *buf, size_t cap);

/* A fresh sandboxed state: allowlisted base, string/table/math/utf8, lpeg,
 * re, text, the views, and the rule environment (see sandbox.c). */
int nse_state_new(nse_state *S, size_t mem_limit, long long step_limit);
void nse_state_free(nse_state *S);
void nse_add_root(nse_state *S, const char *dir);
/* Load and run a rule or scheme file (text only) in the rule environment;
 * pushes nothing.  chunkname is shown in errors ("std/tables.lua"). */
int nse_run_file(nse_state *S, const char *path, const char *chunkname);
int nse_run_string(nse_state *S, const char *src, size_t len, const char *chunkname);
/* Call the function under the arguments on the stack with the instruction
 * budget armed; like lua_pcall with a message handler.  On error, the
 * message is left on the stack and S->limit_hit says whether a limit hit. */
int nse_pcall(nse_state *S, int nargs, int nresults);
/* The whole of a file, NUL-terminated (malloc'd); 0, or -1 on failure. */
int nse_read_file(const char *path, char **out, size_t *outlen);
/* Start a new report: globals written from now on land in a fresh table
 * (every nse_pcall does so too: each check starts with fresh globals). */
void nse_fresh_globals(nse_state *S);
/* A read-only view of the table at idx (tables in it are shown the same
 * way when read; pairs, # and calls pass through), pushed: how rules see
 * modules and the scheme's params. */
void nse_push_readonly(lua_State *L, int idx);
/* Charge n steps of work that C code called by a check is about to do (or
 * has done) to its instruction budget: C loops run where the count hook
 * does not see them.  Raises when the budget is spent. */
void nse_charge(lua_State *L, lua_Unsigned n);
/* What a view charges for each table it builds fresh for a check (a
 * diagnostic, a row of t:values(), a column, a number of s:numbers()) and
 * for each field it sets: about the instructions that work takes the VM's
 * time (a table of seven fields, some 200), so that a loop reading such a
 * view ends on the budget, as the same loop in Lua would, not on the
 * wall clock. */
#define NSE_STEPS_TABLE 32
#define NSE_STEPS_FIELD 4
/* A text of the report (a section's, a cell's raw text, a title, a
 * diagnostic's message), pushed as a string made anew on every read:
 * lua_pushstring answers a C string it met lately from a cache that every
 * collection clears, so that whether a long text was made, and charged as
 * one (cap_alloc in sandbox.c), depended on what had run before the check;
 * made anew, a read of s.text costs its bytes every time, a copy as the
 * cache's comparison of them did. */
static inline void nse_push_text(lua_State *L, const char *s)
{
	lua_pushlstring(L, s, strlen(s));
}
/* The table a read-only view at idx shows (else the value itself), pushed:
 * for the engine's own raw reads (evidence), never handed to rule code. */
void nse_push_target(lua_State *L, int idx);
/* A trial load (scheme.c) is told of every rule file, module or scheme
 * that begins to run, to time it; NULL: none (the default). */
void nse_set_load_watch(void (*fn)(const char *chunkname));

/* ---- results (runout.c, read by results.c) --------------------------- */

struct cJSON;
int nse_run_count(const ns_run *run);
/* Result i of an executed run, in rank order, as the tree ns_run_json
 * exports: the run's own, valid until ns_run_free; NULL out of range. */
struct cJSON *nse_run_result(const ns_run *run, int i);

/* ---- "did you mean" (suggest.c) --------------------------------------
 * known: n words, or NULL-terminated when n < 0. */
/* The known word closest to `word` (a typo away), or NULL. */
const char *nse_closest(const char *word, const char *const *known, int n);
/* "(did you mean 'X'? known: a b c)" into buf; its length. */
size_t nse_hint(char *buf, size_t cap, const char *word, const char *const *known, int n);
/* The same with the suggestion chosen by the caller (NULL: none), for a
 * misnaming that is no typo (`indicator =` for `id =`). */
size_t nse_hint_to(char *buf, size_t cap, const char *closest, const char *const *known, int n);
void nse_push_hint(lua_State *L, const char *word, const char *const *known, int n);
/* Raise "FILE:LINE: <what> '<word>' (did you mean …)" located at the rule
 * line that read the field (for a view's __index). */
int nse_no_field(lua_State *L, const char *what, const char *word,
                 const char *const *known, int n);
/* pairs(view) for the view at 1: name → view[name] for the n names at
 * base, stride bytes apart (a list of strings, or the ids of a template's
 * rows or columns), skipping those that read nil (lreport.c). */
int nse_pairs_names(lua_State *L, const void *base, size_t stride, int n);
/* The arguments of f:fail / f:pass / f:na (status "fail", "pass", "na";
 * f at 1): a string message, and evidence that is a view, a number or a
 * match; else raises saying what the call takes (lreport.c). */
int nse_check_finding(lua_State *L, const char *status);
/* The fields a table of evidence may have (docs/rules.md §1), NULL-ended:
 * what nse_check_finding allows and f:fail keeps (lfindings.c). */
extern const char *const nse_evidence_fields[];

/* The directory of the installed standard rules (sandbox.c): found beside
 * the code that runs (the executable, libnianshen.so or the Lua module)
 * as <ancestor>/share/nianshen/rules, else the compiled-in NS_RULES_DIR. */
const char *nse_rules_dir(void);
/* Is name[0..len) the first part of a name the installed rules directory
 * holds ("std", a directory or a .lua file)?  Such names are reserved: a
 * `rules` entry or a module under them is looked up there alone, so that a
 * directory named std above a scheme (/tmp/std) is never the library. */
int nse_shipped_name(const char *name, size_t len);
/* Is author (nse_state.author) the standard library nianshen ships?  Its
 * name starts with a '/', which no rule file's module name holds. */
#define NSE_SHIPPED(author) ((author)[0] == '/')
/* The table at idx and every table in it: no view of them is ever handed
 * back as the table to a module's function (ctx.params). */
void nse_seal(lua_State *L, int idx);

#endif
