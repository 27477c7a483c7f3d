/*
 * nianshen_module.c — `require "nianshen"` for the stock lua5.4 interpreter.
 *
 *     local ns = require "nianshen"
 *     local r = assert(ns.load("report.pdf"))
 *     print(r.agency, r.year, r.t3.received.total.value)
 *     local s = assert(ns.scheme("rules/schemes/default.lua"))
 *     local res, outcome = ns.score(s, r)
 *
 * The report is the very view rules see (lreport.c and friends), read-only,
 * here in an ordinary Lua state.  Rules still run only in the engine's own
 * sandboxed states; results come back as the JSON of docs/results.md turned
 * into Lua tables.  Failures return nil, message, code name
 * ("NS_ERR_FORMAT"...), in the manner of io.open.
 *
 * JSON null becomes nil inside objects and ns.null inside arrays (so that
 * positions in arrays stay as they are).
 */
#include "nianshen.h"
#include "lua/engine.h"
#include "lua/scheme.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SCHEME_MT "nianshen.scheme.handle"
#define RUN_MT "nianshen.run.handle"
#define RESULT_MT "nianshen.result.handle"
#define REG_RE "nianshen.re"       /* what sandbox.c and lsection.c read */

/* ---- helpers ----------------------------------------------------------- */

/* nil, message, code name; for the functions that fail softly. */
static int fail(lua_State *L, int code, const char *msg)
{
	lua_pushnil(L);
	lua_pushstring(L, msg && *msg ? msg : ns_strerror(code));
	lua_pushstring(L, ns_strerror(code));
	return 3;
}

static int fail_ctx(lua_State *L, ns_ctx *ctx, int code)
{
	char msg[600];
	snprintf(msg, sizeof msg, "%s", ns_errmsg(ctx));
	int c = ns_errcode(ctx) ? ns_errcode(ctx) : code;
	ns_close(ctx);
	return fail(L, c, msg);
}

static ns_ctx *open_ctx(lua_State *L)
{
	ns_ctx *ctx = ns_open();
	if (!ctx)
		luaL_error(L, "nianshen: out of memory");
	return ctx;
}

/* ---- JSON into Lua ----------------------------------------------------- */

/* Never raises for the shape of the document (the caller owns the cJSON
 * tree): what nests deeper than 200 levels comes out as nil. */
static void push_json(lua_State *L, const cJSON *j, int depth)
{
	if (depth > 200 || !lua_checkstack(L, 4)) {
		lua_pushnil(L);
		return;
	}
	if (cJSON_IsNull(j) || cJSON_IsInvalid(j)) {
		lua_pushnil(L);
	} else if (cJSON_IsBool(j)) {
		lua_pushboolean(L, cJSON_IsTrue(j));
	} else if (cJSON_IsNumber(j)) {
		double d = j->valuedouble;
		if (d == floor(d) && fabs(d) < 9e15)
			lua_pushinteger(L, (lua_Integer)d);
		else
			lua_pushnumber(L, d);
	} else if (cJSON_IsString(j)) {
		lua_pushstring(L, j->valuestring);
	} else if (cJSON_IsArray(j)) {
		lua_createtable(L, cJSON_GetArraySize(j), 0);
		lua_Integer i = 0;
		const cJSON *e;
		cJSON_ArrayForEach(e, j) {
			if (cJSON_IsNull(e))
				lua_pushlightuserdata(L, NULL); /* ns.null */
			else
				push_json(L, e, depth + 1);
			lua_rawseti(L, -2, ++i);
		}
	} else { /* object */
		lua_newtable(L);
		const cJSON *e;
		cJSON_ArrayForEach(e, j) {
			if (cJSON_IsNull(e))
				continue;
			push_json(L, e, depth + 1);
			lua_setfield(L, -2, e->string);
		}
	}
}

/* Decode text; a Lua error when it is not JSON (our own output always is). */
static void push_json_text(lua_State *L, const char *text)
{
	cJSON *j = cJSON_Parse(text);
	if (!j) { /* lua_pushfstring knows no precision: the excerpt cut here */
		char near[24];
		snprintf(near, sizeof near, "%s", cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
		luaL_error(L, "nianshen: invalid JSON near '%s'", near);
	}
	push_json(L, j, 0);
	cJSON_Delete(j);
}

/* ---- load options ------------------------------------------------------ */

static const char *const form_names[] = {"auto", "txt", "md", "html", "docx",
	"pdf", "json", NULL};
static const char *const agency_type_names[] = {"unknown", "township",
	"government", "department", NULL};

/* An option's mistake, blamed on argument `arg` ("entry N: " for an entry
 * of a run's list, in `what`). */
static int opt_error(lua_State *L, int arg, const char *what, const char *fmt, const char *a,
                     const char *b)
{
	char msg[300];
	int o = snprintf(msg, sizeof msg, "%s", what);
	snprintf(msg + o, sizeof msg - (size_t)o, fmt, a, b);
	return luaL_argerror(L, arg, msg);
}

/* The value of option `key` (on top) as one of names, or an error listing them. */
static int opt_choice(lua_State *L, int arg, const char *what, const char *key,
                      const char *const names[])
{
	const char *v = lua_tostring(L, -1);
	for (int k = 0; v && lua_type(L, -1) == LUA_TSTRING && names[k]; k++)
		if (strcmp(v, names[k]) == 0)
			return k;
	char list[200] = "";
	for (int k = 0, o = 0; names[k] && o < (int)sizeof list; k++)
		o += snprintf(list + o, sizeof list - (size_t)o, "%s%s", k ? ", " : "", names[k]);
	char got[80];
	snprintf(got, sizeof got, "%s", v && lua_type(L, -1) == LUA_TSTRING ? v : luaL_typename(L, -1));
	char fmt[300];
	snprintf(fmt, sizeof fmt, "option %s: '%%s' is none of %s%%s", key, list);
	return opt_error(L, arg, what, fmt, got, "");
}

/* The value of option `key` (on top) as an integer, as luaL_checkinteger
 * takes it (2024, 2024.0, "2024"), or an error. */
static lua_Integer opt_integer(lua_State *L, int arg, const char *what, const char *key)
{
	int ok;
	lua_Integer v = lua_tointegerx(L, -1, &ok);
	if (!ok) {
		char fmt[80];
		snprintf(fmt, sizeof fmt, "option %s: an integer expected, got %%s%%s", key);
		opt_error(L, arg, what, fmt, luaL_typename(L, -1), "");
	}
	return v;
}

/* A key of an options table that is none of known: an error naming the
 * closest (a misspelt option is not ignored: `{ fomr = "pdf" }`). */
static void opt_keys(lua_State *L, int idx, int arg, const char *what,
                     const char *const known[], int entry)
{
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (entry && lua_type(L, -1) == LUA_TNUMBER && lua_tointeger(L, -1) == 1)
			continue; /* { path, options } */
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		int n = 0, found = 0;
		for (; known[n]; n++)
			found |= k && strcmp(k, known[n]) == 0;
		if (found)
			continue;
		const char *near = k ? nse_closest(k, known, n) : NULL;
		char hint[80] = "";
		if (near)
			snprintf(hint, sizeof hint, " (did you mean %s?)", near);
		opt_error(L, arg, what, "unknown option %s%s",
		          k ? k : luaL_typename(L, -1), hint);
	}
}

static const char *const load_keys[] = {"form", "agency", "agency_type", "year",
	"max_bytes", NULL};

/* Read { form, agency, agency_type, year, max_bytes } at idx into o and
 * *max_bytes (-1 when not given; NULL: an entry of a run's list, which
 * takes no max_bytes, its path at [1]).  Raises errors for bad options and
 * unknown keys, blamed on argument arg, so it runs before anything is
 * allocated. */
static void check_opts(lua_State *L, int idx, int arg, const char *what, ns_load_opts *o,
                       long long *max_bytes)
{
	memset(o, 0, sizeof *o);
	if (max_bytes)
		*max_bytes = -1;
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	static const char *const entry_keys[] = {"form", "agency", "agency_type", "year", NULL};
	opt_keys(L, idx, arg, what, max_bytes ? load_keys : entry_keys, !max_bytes);
	if (lua_getfield(L, idx, "form") != LUA_TNIL)
		o->form = (ns_form)opt_choice(L, arg, what, "form", form_names);
	if (lua_getfield(L, idx, "agency_type") != LUA_TNIL)
		o->agency_type = (ns_agency_type)opt_choice(L, arg, what, "agency_type",
		                                            agency_type_names);
	if (lua_getfield(L, idx, "agency") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			opt_error(L, arg, what, "option agency: a string expected, got %s%s",
			          luaL_typename(L, -1), "");
		o->agency = lua_tostring(L, -1); /* stays alive in the opts table */
	}
	if (lua_getfield(L, idx, "year") != LUA_TNIL)
		o->year = (int)opt_integer(L, arg, what, "year");
	lua_pop(L, 4);
	if (max_bytes) {
		if (lua_getfield(L, idx, "max_bytes") != LUA_TNIL)
			*max_bytes = (long long)opt_integer(L, arg, what, "max_bytes");
		lua_pop(L, 1);
	}
}

static void check_load_opts(lua_State *L, int idx, ns_load_opts *o, long long *max_bytes)
{
	check_opts(L, idx, idx, "", o, max_bytes);
}

/* An entry { path, options } of a run's list (argument 2). */
static void check_entry_opts(lua_State *L, int idx, lua_Integer i, ns_load_opts *o)
{
	char what[40];
	snprintf(what, sizeof what, "entry %d: ", (int)i);
	check_opts(L, idx, 2, what, o, NULL);
}

/* A context for one call, with the input limit asked for. */
static ns_ctx *load_ctx(lua_State *L, long long max_bytes)
{
	ns_ctx *ctx = open_ctx(L);
	if (max_bytes >= 0)
		ns_limit_set(ctx, NS_LIMIT_INPUT_BYTES, max_bytes);
	return ctx;
}

/* ---- ns.load, ns.load_string, ns.parse_json, ns.to_json ---------------- */

static int push_loaded(lua_State *L, ns_ctx *ctx, int rc, ns_report *r)
{
	if (rc != NS_OK)
		return fail_ctx(L, ctx, rc);
	ns_close(ctx);
	nse_push_report(L, r); /* retains */
	ns_report_release(r);
	return 1;
}

/* ns.load(path [, opts]) → report | nil, message, code */
static int ns_l_load(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	ns_load_opts o;
	long long max_bytes;
	check_load_opts(L, 2, &o, &max_bytes);
	ns_ctx *ctx = load_ctx(L, max_bytes);
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, &o, &r);
	return push_loaded(L, ctx, rc, r);
}

/* ns.load_string(text [, name [, opts]]) → report | nil, message, code */
static int ns_l_load_string(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "(string)");
	ns_load_opts o;
	long long max_bytes;
	check_load_opts(L, 3, &o, &max_bytes);
	ns_ctx *ctx = load_ctx(L, max_bytes);
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, text, len, name, &o, &r);
	return push_loaded(L, ctx, rc, r);
}

/* ns.parse_json(path) → the report a canonical JSON file describes
 * (the output of ns.to_json or `nianshen parse --json`). */
static int ns_l_parse_json(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	ns_ctx *ctx = open_ctx(L);
	ns_load_opts o = {0};
	o.form = NS_FORM_JSON;
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, &o, &r);
	return push_loaded(L, ctx, rc, r);
}

/* ns.to_json(report [, pretty]) → string */
static int ns_l_to_json(lua_State *L)
{
	const ns_report *r = nse_check_report(L, 1);
	char *s = ns_report_to_json(r, lua_toboolean(L, 2));
	if (!s)
		return fail(L, NS_ERR_NOMEM, "cannot write the report as JSON");
	lua_pushstring(L, s);
	ns_free(s);
	return 1;
}

/* ns.decode_json(text) → Lua value (results files, `parse --json`) */
static int ns_l_decode_json(lua_State *L)
{
	push_json_text(L, luaL_checkstring(L, 1));
	return 1;
}

/* ---- schemes ----------------------------------------------------------- */

typedef struct scheme_ud {
	ns_scheme *s;
} scheme_ud;

static ns_scheme *check_scheme(lua_State *L, int idx)
{
	scheme_ud *u = luaL_checkudata(L, idx, SCHEME_MT);
	if (!u->s)
		luaL_argerror(L, idx, "scheme already closed");
	return u->s;
}

/* ns.scheme(path [, {max_steps=, max_memory=}]) → scheme | nil, message, code */
static int ns_l_scheme(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	long long steps = -1, memory = -1;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		static const char *const keys[] = {"max_steps", "max_memory", NULL};
		opt_keys(L, 2, 2, "", keys, 0);
		if (lua_getfield(L, 2, "max_steps") != LUA_TNIL)
			steps = (long long)luaL_checkinteger(L, -1);
		if (lua_getfield(L, 2, "max_memory") != LUA_TNIL)
			memory = (long long)luaL_checkinteger(L, -1);
		lua_pop(L, 2);
	}
	scheme_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
	u->s = NULL;
	luaL_setmetatable(L, SCHEME_MT);
	ns_ctx *ctx = open_ctx(L);
	if (steps > 0)
		ns_limit_set(ctx, NS_LIMIT_RULE_STEPS, steps);
	if (memory > 0)
		ns_limit_set(ctx, NS_LIMIT_RULE_MEMORY, memory);
	int rc = ns_scheme_load(ctx, path, &u->s);
	if (rc != NS_OK)
		return fail_ctx(L, ctx, rc);
	ns_close(ctx);
	return 1;
}

static int scheme_gc(lua_State *L)
{
	scheme_ud *u = luaL_checkudata(L, 1, SCHEME_MT);
	ns_scheme_free(u->s);
	u->s = NULL;
	return 0;
}

static int scheme_index(lua_State *L)
{
	const ns_scheme *s = check_scheme(L, 1);
	const char *k = luaL_checkstring(L, 2);
	const char *v = NULL;
	if (strcmp(k, "name") == 0) v = s->name;
	else if (strcmp(k, "version") == 0) v = s->version;
	else if (strcmp(k, "sha256") == 0) v = s->sha256;
	else if (strcmp(k, "path") == 0) v = s->path;
	else if (strcmp(k, "max_score") == 0) {
		double m = 0;
		for (int g = 0; g < s->ngroups; g++)
			m += s->groups[g].points;
		lua_pushnumber(L, m);
		return 1;
	}
	if (v)
		lua_pushstring(L, v);
	else
		lua_pushnil(L);
	return 1;
}

static int scheme_newindex(lua_State *L)
{
	return luaL_error(L, "scheme is read-only: cannot assign '%s'",
	                  lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

static int scheme_tostring(lua_State *L)
{
	scheme_ud *u = luaL_checkudata(L, 1, SCHEME_MT);
	lua_pushfstring(L, "scheme: %s", u->s ? u->s->name : "(closed)");
	return 1;
}

/* ---- scoring ----------------------------------------------------------- */

/* ns.score(scheme, report) → result, outcome | nil, message, code */
/* results (JSON from the library, freed here) and the outcome, as Lua
 * values: 2 results */
static int push_results(lua_State *L, char *json, int worst)
{
	cJSON *j = cJSON_Parse(json);
	ns_free(json);
	if (!j)
		return fail(L, NS_ERR_NOMEM, "cannot read the results");
	push_json(L, j, 0);
	cJSON_Delete(j);
	lua_pushinteger(L, worst);
	return 2;
}

static int ns_l_score(lua_State *L)
{
	const ns_scheme *s = check_scheme(L, 1);
	const ns_report *r = nse_check_report(L, 2);
	ns_ctx *ctx = open_ctx(L);
	char *json = NULL;
	int worst = NS_OUTCOME_ERRORS;
	int rc = ns_score_json(ctx, s, r, &json, &worst);
	if (rc != NS_OK)
		return fail_ctx(L, ctx, rc);
	ns_close(ctx);
	return push_results(L, json, worst);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add path to the run: a report file, or every report file of a directory
 * and its subdirectories, in name order, as `nianshen score` takes them
 * (hidden entries passed over, links to directories not followed).
 * Returns how many files were added. */
enum { DIR_DEPTH = 16 };

static int add_path(ns_run *run, ns_ctx *ctx, const char *path, const ns_load_opts *o,
                    int depth)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		char **names = NULL;
		int n = 0, cap = 0, added = 0;
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				char **p = realloc(names, (size_t)cap * sizeof *p);
				if (!p)
					break;
				names = p;
			}
			names[n++] = strdup(e->d_name);
		}
		if (d)
			closedir(d);
		qsort(names, (size_t)n, sizeof *names, cmp_str);
		for (int i = 0; i < n; i++) {
			size_t len = strlen(path) + strlen(names[i]) + 2;
			char *full = malloc(len);
			struct stat fs, ls;
			if (full) {
				snprintf(full, len, "%s/%s", path, names[i]);
				if (stat(full, &fs) == 0 && S_ISDIR(fs.st_mode)) {
					if (depth < DIR_DEPTH && lstat(full, &ls) == 0 && !S_ISLNK(ls.st_mode))
						added += add_path(run, ctx, full, o, depth + 1);
				} else if (ns_report_name(names[i]) == 1) {
					added += add_path(run, ctx, full, o, depth + 1);
				}
				free(full);
			}
			free(names[i]);
		}
		free(names);
		return added;
	}
	ns_report *r;
	if (ns_load_file(ctx, path, o, &r) == NS_OK) {
		ns_run_add(run, r);
		ns_report_release(r);
	} else {
		ns_run_add_failure(run, path, ns_errcode(ctx), ns_errmsg(ctx));
	}
	return 1;
}

#define NO_REPORTS "no report files found in the paths given"

/* The year argument of run and execute: nil (every year ranked together),
 * "latest" (as `nianshen score` ranks) or a year. */
static int opt_year(lua_State *L, int idx)
{
	if (lua_isnoneornil(L, idx))
		return NS_YEAR_ALL;
	if (lua_type(L, idx) == LUA_TSTRING && strcmp(lua_tostring(L, idx), "latest") == 0)
		return NS_YEAR_LATEST;
	lua_Integer y = luaL_checkinteger(L, idx);
	luaL_argcheck(L, y >= 1 && y <= 9999, idx, "nil, 'latest' or a year");
	return (int)y;
}

/* The jobs argument of run and execute (default 1): 1 or more, as
 * ns_run_execute has it, refused here before a district loads (2^32 is
 * 2^32, not wrapped into another int: capped as the library caps it). */
static int opt_jobs(lua_State *L, int idx, const char *fn)
{
	lua_Integer j = luaL_optinteger(L, idx, 1);
	if (j < 1)
		return luaL_error(L, "bad argument #%d to '%s' (jobs must be 1 or more (got %I): "
		                  "the number of scoring processes)", idx, fn, j);
	return j > INT_MAX ? INT_MAX : (int)j;
}

/* A run ns_run_execute refused before scoring (NS_ERR_ARG): with jobs
 * checked above, a year no report of the run is of.  The caller's
 * argument, so an error raised (msg copied out of the context, which is
 * gone). */
static int refused(lua_State *L, const char *fn, const char *msg)
{
	return luaL_error(L, "bad argument #4 to '%s' (%s; nil ranks every year)", fn, msg);
}

/* ns.run(scheme, {paths...} [, jobs [, year]]) → results, worst | nil, message, code
 * Paths are report files or directories of them, or tables
 * { path, form=, agency=, agency_type=, year= } with load options; files
 * that fail to load stay in the results with their load error.  year: the
 * report year ranked (opt_year); the others are context, rank 0. */
static int ns_l_run(lua_State *L)
{
	const ns_scheme *s = check_scheme(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	int jobs = opt_jobs(L, 3, "run");
	int year = opt_year(L, 4);
	lua_Integer n = luaL_len(L, 2);
	/* two passes: bad entries raise errors before anything is allocated */
	ns_ctx *ctx = NULL;
	ns_run *run = NULL;
	int added = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			ctx = open_ctx(L);
			run = ns_run_new(ctx, s);
			if (!run)
				return fail_ctx(L, ctx, NS_ERR_NOMEM);
			ns_run_set_year(run, year);
		}
		for (lua_Integer i = 1; i <= n; i++) {
			int top = lua_gettop(L);
			ns_load_opts o = {0};
			const char *path = NULL;
			int t = lua_geti(L, 2, i);
			if (t == LUA_TTABLE) {
				if (lua_geti(L, -1, 1) == LUA_TSTRING)
					path = lua_tostring(L, -1);
				lua_pop(L, 1); /* the string stays in the entry */
				check_entry_opts(L, top + 1, i, &o);
			} else if (t == LUA_TSTRING) {
				path = lua_tostring(L, -1);
			}
			if (!path)
				return luaL_error(L, "bad argument #2 to 'run' (entry %d is neither "
				                  "a path nor { path, options })", (int)i);
			if (pass == 1)
				added += add_path(run, ctx, path, &o, 0);
			lua_settop(L, top);
		}
	}
	if (!added) {
		ns_run_free(run);
		ns_close(ctx);
		return fail(L, NS_ERR_NOTFOUND, NO_REPORTS);
	}
	int rc = ns_run_execute(run, jobs);
	if (rc != NS_OK) {
		ns_run_free(run);
		if (rc == NS_ERR_ARG) {
			char msg[600];
			snprintf(msg, sizeof msg, "%s", ns_errmsg(ctx));
			ns_close(ctx);
			return refused(L, "run", msg);
		}
		return fail_ctx(L, ctx, rc);
	}
	char *json = ns_run_json(run, 0);
	int worst = ns_run_worst(run);
	ns_run_free(run);
	ns_close(ctx);
	if (!json)
		return fail(L, NS_ERR_NOMEM, "cannot write the results");
	return push_results(L, json, worst);
}

/* ---- a run's results through the findings API ------------------------- */
/*
 * ns.execute(scheme, {paths...} [, jobs [, year]]) → run | nil, message, code
 *   #run, run.worst, run:json([pretty]), run:write(path)
 *   for i, res in run:results() do … end        rank order
 *   res.rank, .path, .agency, .agency_type, .year, .score (nil: not loaded),
 *   .max_score, .outcome, .incomplete, .load_error, .groups (list of
 *   { name, points, score }), #res (its findings)
 *   for k, f in res:findings() do … end
 *   f.rule, .version, .title, .category, .basis, .status, .severity,
 *   .message, .deduction, .evidence (list of { kind, table, row, column,
 *   section, text, raw, value, line, col, page })
 * The same accessors as C hosts use (nianshen.h), not the JSON: a result
 * keeps its run alive (user value), a finding is a plain table.
 */

typedef struct run_ud {
	ns_run *run;
	ns_ctx *ctx;
	int scheme_ref; /* the scheme outlives the run: a reference keeps it */
} run_ud;

typedef struct result_ud {
	const ns_result *res; /* the run's, alive while user value 1 is */
} result_ud;

static run_ud *check_run(lua_State *L, int idx)
{
	run_ud *u = luaL_checkudata(L, idx, RUN_MT);
	if (!u->run)
		luaL_argerror(L, idx, "run already closed");
	return u;
}

static void set_str(lua_State *L, const char *k, const char *v)
{
	if (v) {
		lua_pushstring(L, v);
		lua_setfield(L, -2, k);
	}
}

static void set_num(lua_State *L, const char *k, double v)
{
	if (!isnan(v)) {
		nse_push_value(L, v);
		lua_setfield(L, -2, k);
	}
}

static void push_finding(lua_State *L, const ns_finding *f)
{
	lua_createtable(L, 0, 11);
	set_str(L, "rule", ns_finding_rule(f));
	set_str(L, "version", ns_finding_version(f));
	set_str(L, "title", ns_finding_title(f));
	set_str(L, "category", ns_finding_category(f));
	set_str(L, "basis", ns_finding_basis(f));
	set_str(L, "status", ns_finding_status(f));
	set_str(L, "severity", ns_finding_severity(f));
	set_str(L, "message", ns_finding_message(f));
	set_num(L, "deduction", ns_finding_deduction(f));
	int n = ns_finding_nevidence(f);
	lua_createtable(L, n, 0);
	for (int e = 0; e < n; e++) {
		lua_createtable(L, 0, 11);
		set_str(L, "kind", ns_finding_evidence_kind(f, e));
		set_str(L, "table", ns_finding_evidence_table(f, e));
		set_str(L, "row", ns_finding_evidence_row(f, e));
		set_str(L, "column", ns_finding_evidence_column(f, e));
		set_str(L, "section", ns_finding_evidence_section(f, e));
		set_str(L, "text", ns_finding_evidence_text(f, e));
		set_str(L, "raw", ns_finding_evidence_raw(f, e));
		double v;
		if (ns_finding_evidence_value(f, e, &v))
			set_num(L, "value", v);
		lua_pushinteger(L, ns_finding_evidence_line(f, e));
		lua_setfield(L, -2, "line");
		lua_pushinteger(L, ns_finding_evidence_col(f, e));
		lua_setfield(L, -2, "col");
		lua_pushinteger(L, ns_finding_evidence_page(f, e));
		lua_setfield(L, -2, "page");
		lua_rawseti(L, -2, e + 1);
	}
	lua_setfield(L, -2, "evidence");
}

static const ns_result *check_result(lua_State *L, int idx)
{
	return ((result_ud *)luaL_checkudata(L, idx, RESULT_MT))->res;
}

static int result_findings_iter(lua_State *L)
{
	const ns_result *res = check_result(L, 1);
	lua_Integer k = luaL_checkinteger(L, 2);
	/* a caller's control value: checked before it is narrowed to int */
	const ns_finding *f = k >= 0 && k < INT_MAX ? ns_result_finding(res, (int)k) : NULL;
	if (!f)
		return 0;
	lua_pushinteger(L, k + 1);
	push_finding(L, f);
	return 2;
}

/* for k, f in res:findings() */
static int result_findings(lua_State *L)
{
	check_result(L, 1);
	lua_pushcfunction(L, result_findings_iter);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, 0);
	return 3;
}

static int result_len(lua_State *L)
{
	lua_pushinteger(L, ns_result_nfindings(check_result(L, 1)));
	return 1;
}

static int result_index(lua_State *L)
{
	const ns_result *res = check_result(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "findings") == 0) lua_pushcfunction(L, result_findings);
	else if (strcmp(k, "rank") == 0) lua_pushinteger(L, ns_result_rank(res));
	else if (strcmp(k, "path") == 0) lua_pushstring(L, ns_result_path(res));
	else if (strcmp(k, "agency") == 0) lua_pushstring(L, ns_result_agency(res));
	else if (strcmp(k, "agency_type") == 0) lua_pushstring(L, ns_result_agency_type(res));
	else if (strcmp(k, "sha256") == 0) lua_pushstring(L, ns_result_sha256(res));
	else if (strcmp(k, "year") == 0) {
		if (ns_result_year(res)) lua_pushinteger(L, ns_result_year(res));
		else lua_pushnil(L);
	} else if (strcmp(k, "score") == 0 || strcmp(k, "max_score") == 0) {
		double v = k[0] == 's' ? ns_result_score(res) : ns_result_max_score(res);
		if (isnan(v)) lua_pushnil(L);
		else nse_push_value(L, v);
	} else if (strcmp(k, "outcome") == 0) lua_pushinteger(L, ns_result_outcome(res));
	else if (strcmp(k, "incomplete") == 0) lua_pushboolean(L, ns_result_incomplete(res));
	else if (strcmp(k, "load_error") == 0) lua_pushstring(L, ns_result_load_error(res));
	else if (strcmp(k, "groups") == 0) {
		int n = ns_result_ngroups(res);
		lua_createtable(L, n, 0);
		for (int g = 0; g < n; g++) {
			lua_createtable(L, 0, 3);
			set_str(L, "name", ns_result_group_name(res, g));
			set_num(L, "points", ns_result_group_points(res, g));
			set_num(L, "score", ns_result_group_score(res, g));
			lua_rawseti(L, -2, g + 1);
		}
	} else lua_pushnil(L);
	return 1;
}

static int result_tostring(lua_State *L)
{
	const ns_result *res = check_result(L, 1);
	const char *a = ns_result_agency(res);
	lua_pushfstring(L, "result #%d: %s %f", ns_result_rank(res),
	                a ? a : ns_result_path(res), ns_result_score(res));
	return 1;
}

static int run_results_iter(lua_State *L)
{
	run_ud *u = check_run(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	const ns_result *res = i >= 0 && i < INT_MAX ? ns_run_result(u->run, (int)i) : NULL;
	if (!res)
		return 0;
	lua_pushinteger(L, i + 1);
	result_ud *r = lua_newuserdatauv(L, sizeof *r, 1);
	r->res = res;
	luaL_setmetatable(L, RESULT_MT);
	lua_pushvalue(L, 1);          /* the run lives as long as its results */
	lua_setiuservalue(L, -2, 1);
	return 2;
}

/* for i, res in run:results() */
static int run_results(lua_State *L)
{
	check_run(L, 1);
	lua_pushcfunction(L, run_results_iter);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, 0);
	return 3;
}

static int run_json(lua_State *L)
{
	char *s = ns_run_json(check_run(L, 1)->run, lua_toboolean(L, 2));
	if (!s)
		return fail(L, NS_ERR_NOMEM, "cannot write the results");
	lua_pushstring(L, s);
	ns_free(s);
	return 1;
}

static int run_write(lua_State *L)
{
	run_ud *u = check_run(L, 1);
	const char *path = luaL_checkstring(L, 2);
	int rc = ns_run_write(u->run, path);
	if (rc != NS_OK)
		return fail(L, rc, ns_errmsg(u->ctx));
	lua_pushboolean(L, 1);
	return 1;
}

/* run:costs() → { { indicator=, reports=, stopped=, seconds=,
 * max_seconds=, max_path= }, … } in the scheme's order: what each check
 * cost the run (ns.execute's { profile = true }; empty without it). */
static int run_costs(lua_State *L)
{
	run_ud *u = check_run(L, 1);
	int n = ns_run_costs(u->run);
	lua_createtable(L, n, 0);
	for (int k = 0; k < n; k++) {
		const ns_check_cost *c = ns_run_cost(u->run, k);
		lua_createtable(L, 0, 6);
		set_str(L, "indicator", c->indicator);
		set_num(L, "reports", (double)c->reports);
		set_num(L, "stopped", (double)c->stopped);
		set_num(L, "seconds", c->seconds);
		set_num(L, "max_seconds", c->max_seconds);
		set_str(L, "max_path", c->max_path);
		lua_rawseti(L, -2, k + 1);
	}
	return 1;
}

static int run_len(lua_State *L)
{
	lua_pushinteger(L, ns_run_count(check_run(L, 1)->run));
	return 1;
}

static int run_index(lua_State *L)
{
	run_ud *u = check_run(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "worst") == 0)
		lua_pushinteger(L, ns_run_worst(u->run));
	else if (strcmp(k, "results") == 0)
		lua_pushcfunction(L, run_results);
	else if (strcmp(k, "json") == 0)
		lua_pushcfunction(L, run_json);
	else if (strcmp(k, "write") == 0)
		lua_pushcfunction(L, run_write);
	else if (strcmp(k, "costs") == 0)
		lua_pushcfunction(L, run_costs);
	else
		lua_pushnil(L);
	return 1;
}

static void close_run(lua_State *L, run_ud *u)
{
	if (u->run) {
		ns_run_free(u->run);
		ns_close(u->ctx);
		luaL_unref(L, LUA_REGISTRYINDEX, u->scheme_ref);
	}
	u->run = NULL;
	u->ctx = NULL;
}

static int run_gc(lua_State *L)
{
	close_run(L, luaL_checkudata(L, 1, RUN_MT));
	return 0;
}

/* ns.execute(scheme, {paths...} [, jobs [, year [, { profile = true }]]]):
 * ns.run's arguments, a run handle instead of tables; profile: what each
 * check cost, in run:costs() */
static int ns_l_execute(lua_State *L)
{
	const ns_scheme *s = check_scheme(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	int jobs = opt_jobs(L, 3, "execute");
	int year = opt_year(L, 4);
	int profile = 0;
	if (!lua_isnoneornil(L, 5)) {
		luaL_checktype(L, 5, LUA_TTABLE);
		static const char *const keys[] = {"profile", NULL};
		opt_keys(L, 5, 5, "", keys, 0);
		profile = lua_getfield(L, 5, "profile") != LUA_TNIL && lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	lua_settop(L, 3); /* (the run goes at 4 below) */
	lua_Integer n = luaL_len(L, 2);
	for (lua_Integer i = 1; i <= n; i++) { /* check before allocating */
		int t = lua_geti(L, 2, i);
		if (t == LUA_TTABLE) {
			int top = lua_gettop(L);
			if (lua_geti(L, -1, 1) != LUA_TSTRING)
				return luaL_error(L, "bad argument #2 to 'execute' (entry %d has no path)", (int)i);
			ns_load_opts o;
			check_entry_opts(L, top, i, &o);
		} else if (t != LUA_TSTRING) {
			return luaL_error(L, "bad argument #2 to 'execute' (entry %d is neither "
			                  "a path nor { path, options })", (int)i);
		}
		lua_settop(L, 3);
	}
	run_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
	memset(u, 0, sizeof *u);
	u->ctx = open_ctx(L);
	u->run = ns_run_new(u->ctx, s);
	if (!u->run)
		return fail_ctx(L, u->ctx, NS_ERR_NOMEM);
	ns_run_set_year(u->run, year);
	ns_run_set_profile(u->run, profile);
	lua_pushvalue(L, 1);
	u->scheme_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	luaL_setmetatable(L, RUN_MT);
	int added = 0;
	for (lua_Integer i = 1; i <= n; i++) {
		ns_load_opts o = {0};
		if (lua_geti(L, 2, i) == LUA_TTABLE) {
			int top = lua_gettop(L);
			lua_geti(L, top, 1);
			check_entry_opts(L, top, i, &o);
			added += add_path(u->run, u->ctx, lua_tostring(L, top + 1), &o, 0);
		} else {
			added += add_path(u->run, u->ctx, lua_tostring(L, -1), &o, 0);
		}
		lua_settop(L, 4);
	}
	if (!added) {
		close_run(L, u);
		return fail(L, NS_ERR_NOTFOUND, NO_REPORTS);
	}
	int rc = ns_run_execute(u->run, jobs);
	if (rc != NS_OK) {
		char msg[600];
		snprintf(msg, sizeof msg, "%s", ns_errmsg(u->ctx));
		close_run(L, u);
		if (rc == NS_ERR_ARG)
			return refused(L, "execute", msg);
		return fail(L, rc, msg);
	}
	return 1;
}

/* ---- the module -------------------------------------------------------- */

static const luaL_Reg ns_funcs[] = {
	{"load", ns_l_load},
	{"load_string", ns_l_load_string},
	{"parse_json", ns_l_parse_json},
	{"to_json", ns_l_to_json},
	{"decode_json", ns_l_decode_json},
	{"scheme", ns_l_scheme},
	{"score", ns_l_score},
	{"run", ns_l_run},
	{"execute", ns_l_execute},
	{NULL, NULL}
};

static const luaL_Reg scheme_meta[] = {
	{"__index", scheme_index},
	{"__newindex", scheme_newindex},
	{"__gc", scheme_gc},
	{"__close", scheme_gc},
	{"__tostring", scheme_tostring},
	{NULL, NULL}
};

static const luaL_Reg run_meta[] = {
	{"__index", run_index},
	{"__len", run_len},
	{"__gc", run_gc},
	{"__close", run_gc},
	{NULL, NULL}
};

static const luaL_Reg result_meta[] = {
	{"__index", result_index},
	{"__len", result_len},
	{"__tostring", result_tostring},
	{NULL, NULL}
};

int luaopen_nianshen(lua_State *L);

int luaopen_nianshen(lua_State *L)
{
	luaL_checkversion(L);
	/* the section methods are written over lpeg and `re`: the engine takes
	 * lpeg from package.loaded and re from the registry, where the sandbox
	 * puts it (both required again when a test runner cleared
	 * package.loaded between files) */
	static const char *const deps[] = {"lpeg", "re"};
	for (int i = 0; i < 2; i++) {
		lua_getglobal(L, "require");
		lua_pushstring(L, deps[i]);
		if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1))
			return luaL_error(L, "nianshen: cannot load the '%s' module of "
			                  "lua-lpeg: %s", deps[i], luaL_tolstring(L, -1, NULL));
	}
	lua_setfield(L, LUA_REGISTRYINDEX, REG_RE);
	lua_pop(L, 1);
	nse_open_views(L);
	if (luaL_newmetatable(L, SCHEME_MT)) {
		luaL_setfuncs(L, scheme_meta, 0);
		lua_pushliteral(L, SCHEME_MT);
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
	static const struct { const char *name; const luaL_Reg *fns; } mts[] = {
		{RUN_MT, run_meta}, {RESULT_MT, result_meta}};
	for (int i = 0; i < 2; i++) {
		if (luaL_newmetatable(L, mts[i].name)) {
			luaL_setfuncs(L, mts[i].fns, 0);
			lua_pushstring(L, mts[i].name);
			lua_setfield(L, -2, "__metatable");
		}
		lua_pop(L, 1);
	}

	luaL_newlib(L, ns_funcs);
	lua_pushstring(L, ns_version());
	lua_setfield(L, -2, "version");
	lua_pushstring(L, ns_rules_dir()); /* the standard rules beside the module */
	lua_setfield(L, -2, "rules_dir");
	lua_pushlightuserdata(L, NULL);
	lua_setfield(L, -2, "null");
	nse_open_text(L); /* the rules' text helpers, for scripts and tests */
	lua_setfield(L, -2, "text");
	static const struct { const char *name; int value; } outcomes[] = {
		{"PASSED", NS_OUTCOME_PASSED}, {"WARNINGS", NS_OUTCOME_WARNINGS},
		{"FAILURES", NS_OUTCOME_FAILURES}, {"ERRORS", NS_OUTCOME_ERRORS}};
	for (size_t i = 0; i < sizeof outcomes / sizeof *outcomes; i++) {
		lua_pushinteger(L, outcomes[i].value);
		lua_setfield(L, -2, outcomes[i].name);
	}
	return 1;
}
