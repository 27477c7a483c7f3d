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
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SCHEME_MT "nianshen.scheme.handle"
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
	if (!j)
		luaL_error(L, "nianshen: invalid JSON near '%.20s'",
		           cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
	push_json(L, j, 0);
	cJSON_Delete(j);
}

/* ---- load options ------------------------------------------------------ */

static const char *const form_names[] = {"auto", "txt", "md", "html", "docx",
	"pdf", "json", NULL};
static const char *const agency_type_names[] = {"unknown", "township",
	"government", "department", NULL};

/* Read { form, agency, agency_type, year, max_bytes } at idx into o and
 * *max_bytes (-1 when not given).  Raises errors for bad options, so it
 * runs before anything is allocated. */
static void check_load_opts(lua_State *L, int idx, ns_load_opts *o, long long *max_bytes)
{
	memset(o, 0, sizeof *o);
	*max_bytes = -1;
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	if (lua_getfield(L, idx, "form") != LUA_TNIL)
		o->form = (ns_form)luaL_checkoption(L, -1, NULL, form_names);
	if (lua_getfield(L, idx, "agency_type") != LUA_TNIL)
		o->agency_type = (ns_agency_type)luaL_checkoption(L, -1, NULL, agency_type_names);
	if (lua_getfield(L, idx, "agency") != LUA_TNIL) {
		luaL_checktype(L, -1, LUA_TSTRING);
		o->agency = lua_tostring(L, -1); /* stays alive in the opts table */
	}
	if (lua_getfield(L, idx, "year") != LUA_TNIL)
		o->year = (int)luaL_checkinteger(L, -1);
	if (lua_getfield(L, idx, "max_bytes") != LUA_TNIL)
		*max_bytes = (long long)luaL_checkinteger(L, -1);
	lua_pop(L, 5);
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
 * in name order (as `nianshen score` does). */
static void add_path(ns_run *run, ns_ctx *ctx, const char *path, const ns_load_opts *o)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		char **names = NULL;
		int n = 0, cap = 0;
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (ns_report_name(e->d_name) != 1)
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
			if (full) {
				snprintf(full, len, "%s/%s", path, names[i]);
				add_path(run, ctx, full, o);
				free(full);
			}
			free(names[i]);
		}
		free(names);
		return;
	}
	ns_report *r;
	if (ns_load_file(ctx, path, o, &r) == NS_OK) {
		ns_run_add(run, r);
		ns_report_release(r);
	} else {
		ns_run_add_failure(run, path, ns_errcode(ctx), ns_errmsg(ctx));
	}
}

/* ns.run(scheme, {paths...} [, jobs]) → results, worst | nil, message, code
 * Paths are report files or directories of them, or tables
 * { path, form=, agency=, agency_type=, year= } with load options; files
 * that fail to load stay in the results with their load error. */
static int ns_l_run(lua_State *L)
{
	const ns_scheme *s = check_scheme(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	int jobs = (int)luaL_optinteger(L, 3, 1);
	lua_Integer n = luaL_len(L, 2);
	/* two passes: bad entries raise errors before anything is allocated */
	ns_ctx *ctx = NULL;
	ns_run *run = NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			ctx = open_ctx(L);
			run = ns_run_new(ctx, s);
			if (!run)
				return fail_ctx(L, ctx, NS_ERR_NOMEM);
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
				long long unused;
				check_load_opts(L, top + 1, &o, &unused);
			} else if (t == LUA_TSTRING) {
				path = lua_tostring(L, -1);
			}
			if (!path)
				return luaL_error(L, "bad argument #2 to 'run' (entry %d is neither "
				                  "a path nor { path, options })", (int)i);
			if (pass == 1)
				add_path(run, ctx, path, &o);
			lua_settop(L, top);
		}
	}
	int rc = ns_run_execute(run, jobs);
	if (rc != NS_OK) {
		ns_run_free(run);
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

	luaL_newlib(L, ns_funcs);
	lua_pushstring(L, ns_version());
	lua_setfield(L, -2, "version");
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
