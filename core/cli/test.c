/*
 * test.c — `nianshen test`: rule authors' specs (docs/rules.md §6).
 *
 * A spec file calls spec{…} once or more: a report (file or inline text),
 * the indicators to run (or a scheme), and the findings expected.  Each spec
 * runs through the same engine and sandbox as `nianshen score`; a failure
 * prints expected against actual.  Spec files are code, and `test` and
 * `lint` run them on directories of rules others wrote: each runs in a
 * state of its own with no io, os, debug, package, load or dofile, files
 * read only under its own directory, and its memory and instructions
 * bounded (spec_state).
 *
 * A spec's mistakes are its own failure, named at its file and line: a
 * misspelt key (`expected =`, `stauts =`) would otherwise be skipped and
 * the spec pass asserting nothing.
 */
#include "cli.h"
#include "lua/engine.h" /* nse_hint: the engine's "did you mean" */
#include "lua/scheme.h" /* the ids a spec's scheme runs */

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <libgen.h>
#include <limits.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* where a spec's failure is told: a buffer per spec, printed under its
 * FAIL line once the spec has run (run_file) */
static FILE *rep;

/* How deep a spec's tables may nest (expect = { { … } } is three). */
#define SPEC_DEPTH 16

/* A copy of the table at idx (a spec, or a table in it), pushed: its
 * tables copied too, raw.  Everything else reads the spec from C, outside
 * any protected call and the spec file's limits (check_spec, run_spec):
 * a metatable's __index there that raised aborted `test` and `lint`
 * (an unprotected error: Lua panics), and one that looped hung them.  So
 * a table with a metatable is refused here, at the spec's line, and what
 * is kept is a copy the spec file's code can no longer change (setting a
 * metatable after spec{} returned). */
static void spec_copy(lua_State *L, int idx, int depth, char *path, size_t used)
{
	if (lua_getmetatable(L, idx))
		luaL_error(L, "spec{}: a spec is data, and %s has a metatable (its fields "
		           "would be read outside the spec file's limits): write it as a "
		           "plain table", used ? path : "the spec");
	if (depth > SPEC_DEPTH)
		luaL_error(L, "spec{}: %s nests tables more than %d deep (a table that "
		           "holds itself?)", path, SPEC_DEPTH);
	luaL_checkstack(L, 6, "spec{}: tables nested too deep");
	lua_newtable(L);
	int out = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -1) == LUA_TTABLE) {
			/* the path for a message: expect[1], peers[2] */
			size_t n = used;
			if (lua_type(L, -2) == LUA_TSTRING && used < 200)
				n += (size_t)snprintf(path + used, 256 - used, "%s%s", used ? "." : "",
				                      lua_tostring(L, -2));
			else if (lua_isinteger(L, -2) && used < 200)
				n += (size_t)snprintf(path + used, 256 - used, "[%lld]",
				                      (long long)lua_tointeger(L, -2));
			if (n > 255)
				n = 255;
			spec_copy(L, lua_gettop(L), depth + 1, path, n);
			path[used] = 0;
			lua_replace(L, -2);
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, out);
	}
}

/* spec{…}: kept (a copy, spec_copy) with the line it was called at
 * (registry "spec_lines") */
static int l_spec(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Debug ar;
	int line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
	char path[256] = "";
	lua_settop(L, 1);
	spec_copy(L, 1, 0, path, 0);
	lua_replace(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "specs");
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1) + 1;
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, n);
	lua_getfield(L, LUA_REGISTRYINDEX, "spec_lines");
	lua_pushinteger(L, line);
	lua_rawseti(L, -2, n);
	return 0;
}

/* ---- what a spec may say ------------------------------------------- */

static const char *const spec_keys[] = {"name", "report", "text", "agency_type",
	"indicators", "rules", "scheme", "params", "expect", "score", "previous",
	"previous_text", "peers", NULL};
static const char *const expect_keys[] = {"id", "status", "message", "evidence", "line", NULL};
/* "missing": a fail the check recorded with f:missing ("fail" matches it too) */
static const char *const statuses[] = {"pass", "fail", "missing", "na", "error", NULL};
/* misnamings that are no typo, and what was meant */
static const char *const aliases[][2] = {{"expected", "expect"}, {"expects", "expect"},
	{"indicator", "id"}, {"rule", "id"}, {"msg", "message"}, {"file", "report"},
	{"scheme_file", "scheme"}, {"param", "params"}, {"result", "status"}, {NULL, NULL}};

static int in_list(const char *k, const char *const *list)
{
	for (int i = 0; k && list[i]; i++)
		if (strcmp(list[i], k) == 0)
			return 1;
	return 0;
}

/* "(did you mean 'X'? known: …)" for word among known */
static void hint(char *buf, size_t cap, const char *word, const char *const *known)
{
	const char *closest = NULL;
	for (int i = 0; aliases[i][0] && !closest; i++)
		if (strcmp(word, aliases[i][0]) == 0 && in_list(aliases[i][1], known))
			closest = aliases[i][1];
	if (!closest)
		closest = nse_closest(word, known, -1);
	nse_hint_to(buf, cap, closest, known, -1);
}

/* The first key of the table at t not among known, as text; NULL if none. */
static const char *unknown_key(lua_State *L, int t, const char *const *known, char *buf,
                               size_t cap)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING || !in_list(lua_tostring(L, -1), known)) {
			snprintf(buf, cap, "%s", lua_type(L, -1) == LUA_TSTRING ||
			         lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : "?");
			lua_pop(L, 1);
			return buf;
		}
	}
	return NULL;
}

static const char *field(lua_State *L, int t, const char *k);

/* Check the spec at t; 0, or -1 with the mistake in err. */
static int check_spec(lua_State *L, int t, char *err, size_t cap)
{
	char k[128], h[512];
	if (unknown_key(L, t, spec_keys, k, sizeof k)) {
		hint(h, sizeof h, k, spec_keys);
		snprintf(err, cap, "unknown key '%s' %s", k, h);
		return -1;
	}
	static const char *const strings[] = {"name", "report", "text", "scheme", "previous",
		"previous_text", "agency_type", NULL};
	for (int i = 0; strings[i]; i++) {
		int ty = lua_getfield(L, t, strings[i]);
		lua_pop(L, 1);
		if (ty != LUA_TNIL && ty != LUA_TSTRING) {
			snprintf(err, cap, "'%s' must be a string, not a %s", strings[i], lua_typename(L, ty));
			return -1;
		}
	}
	static const char *const tables[] = {"indicators", "rules", "params", "expect", "peers", NULL};
	for (int i = 0; tables[i]; i++) {
		int ty = lua_getfield(L, t, tables[i]);
		lua_pop(L, 1);
		if (ty != LUA_TNIL && ty != LUA_TTABLE) {
			snprintf(err, cap, "'%s' must be a table, not a %s", tables[i], lua_typename(L, ty));
			return -1;
		}
	}
	static const char *const agency_types[] = {"township", "government", "department",
		"unknown", NULL};
	const char *at = field(L, t, "agency_type");
	if (at && !in_list(at, agency_types)) {
		hint(h, sizeof h, at, agency_types);
		snprintf(err, cap, "unknown agency_type '%s' %s", at, h);
		return -1;
	}
	int has_report = lua_getfield(L, t, "report") != LUA_TNIL;
	int has_text = lua_getfield(L, t, "text") != LUA_TNIL;
	int has_scheme = lua_getfield(L, t, "scheme") != LUA_TNIL;
	int has_inds = lua_getfield(L, t, "indicators") != LUA_TNIL;
	int has_expect = lua_getfield(L, t, "expect") != LUA_TNIL;
	int st = lua_getfield(L, t, "score");
	lua_pop(L, 6);
	if (has_report == has_text) {
		snprintf(err, cap, "give the report as report = \"file\" or text = [[…]] (%s)",
		         has_report ? "not both" : "neither is there");
		return -1;
	}
	lua_getfield(L, t, "indicators");
	int no_inds = lua_istable(L, -1) && lua_rawlen(L, -1) == 0;
	lua_pop(L, 1);
	if (no_inds) {
		snprintf(err, cap, "'indicators' is empty: name the indicators the spec runs "
		         "(indicators = { \"id\", … })");
		return -1;
	}
	if (!has_scheme && !has_inds) {
		snprintf(err, cap, "name what to run: indicators = { \"id\", … } or scheme = \"file\"");
		return -1;
	}
	if (st != LUA_TNIL && st != LUA_TNUMBER) {
		snprintf(err, cap, "'score' must be a number, not a %s", lua_typename(L, st));
		return -1;
	}
	if (st != LUA_TNIL && !has_scheme) {
		snprintf(err, cap, "score = N needs a scheme = \"file\": the points and deductions "
		         "are the scheme's, and a spec of indicators has none (assert its findings "
		         "with expect = { … })");
		return -1;
	}
	if (!has_expect && st == LUA_TNIL) {
		snprintf(err, cap, "the spec asserts nothing: give expect = { { id = …, status = "
		         "\"fail\" }, … } (expect = {} asserts that nothing fails) or score = N");
		return -1;
	}
	lua_getfield(L, t, "expect");
	int e_tab = lua_gettop(L);
	lua_Integer ne = has_expect ? (lua_Integer)lua_rawlen(L, e_tab) : 0;
	int rc = 0;
	/* a list: keys 1..n only (an entry written without its braces shows
	 * as keys of expect itself) */
	lua_pushnil(L);
	while (has_expect && rc == 0 && lua_next(L, e_tab)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > ne) {
			snprintf(err, cap, "expect is a list of entries, expect = { { id = …, status = "
			         "… }, … } (found the key '%s')", lua_type(L, -1) == LUA_TSTRING ?
			         lua_tostring(L, -1) : "?");
			lua_pop(L, 1);
			rc = -1;
		}
	}
	for (lua_Integer i = 1; rc == 0 && i <= ne; i++) {
		if (lua_rawgeti(L, e_tab, i) != LUA_TTABLE) {
			snprintf(err, cap, "expect entry %lld must be a table { id = …, status = … }",
			         (long long)i);
			rc = -1;
		} else if (unknown_key(L, lua_gettop(L), expect_keys, k, sizeof k)) {
			hint(h, sizeof h, k, expect_keys);
			snprintf(err, cap, "expect entry %lld: unknown key '%s' %s", (long long)i, k, h);
			rc = -1;
		} else if (lua_getfield(L, -1, "id") != LUA_TSTRING) {
			snprintf(err, cap, "expect entry %lld needs an 'id' (the indicator's)", (long long)i);
			rc = -1;
		} else {
			int sty = lua_getfield(L, -2, "status");
			const char *sv = lua_tostring(L, -1);
			if (sty != LUA_TNIL && (sty != LUA_TSTRING || !in_list(sv, statuses))) {
				hint(h, sizeof h, sv ? sv : "?", statuses);
				snprintf(err, cap, "expect entry %lld: unknown status '%s' %s", (long long)i,
				         sv ? sv : lua_typename(L, sty), h);
				rc = -1;
			}
			int mty = lua_getfield(L, -3, "message");
			int vty = lua_getfield(L, -4, "evidence");
			int lty = lua_getfield(L, -5, "line");
			if (rc == 0 && ((mty != LUA_TNIL && mty != LUA_TSTRING) ||
			                (vty != LUA_TNIL && vty != LUA_TSTRING) ||
			                (lty != LUA_TNIL && !lua_isinteger(L, -1)))) {
				snprintf(err, cap, "expect entry %lld: message and evidence are strings, "
				         "line a whole number", (long long)i);
				rc = -1;
			}
			lua_pop(L, 4);
		}
		/* an id the spec does not run can never be found */
		if (rc == 0 && has_inds && lua_type(L, e_tab + 2) == LUA_TSTRING) {
			const char *id = lua_tostring(L, e_tab + 2);
			const char *ids[65];
			int n = 0, in = 0;
			lua_getfield(L, t, "indicators");
			for (int j = 1; n < 64 && lua_rawgeti(L, -1, j) != LUA_TNIL; j++) {
				if (lua_type(L, -1) == LUA_TSTRING) {
					ids[n] = lua_tostring(L, -1); /* alive in the spec */
					in = in || strcmp(ids[n], id) == 0;
					n++;
				}
				lua_pop(L, 1);
			}
			ids[n] = NULL;
			if (!in) {
				nse_hint(h, sizeof h, id, ids, n);
				snprintf(err, cap, "expect entry %lld: '%s' is not among the spec's indicators, "
				         "so it can never be found %s", (long long)i, id, h);
				rc = -1;
			}
		}
		lua_settop(L, e_tab);
	}
	lua_settop(L, e_tab - 1);
	return rc;
}

static const char *field(lua_State *L, int t, const char *k)
{
	lua_getfield(L, t, k);
	const char *v = lua_tostring(L, -1);
	lua_pop(L, 1); /* the string stays alive in the spec table */
	return v;
}

/* The scheme a spec runs, as Lua in the spec's state: its own scheme file
 * as it is, or with the spec's params over the file's; else one made of
 * the indicators it names.  Returns source (nil: load the file as it is)
 * and the scheme file's path (nil: made here).  A scheme file is data: it
 * runs with scheme{} and the spec state's globals (load_scheme, below, is
 * the builder's alone: any path, as `score --scheme` takes). */
static const char scheme_builder[] =
	"local load_scheme = ...\n"
	"local function ser(v)\n"
	"  local t = type(v)\n"
	"  if t == 'string' then return string.format('%q', v) end\n"
	"  if t == 'number' then\n"
	"    if v ~= v then return '(0/0)' end\n"
	"    if v == math.huge or v == -math.huge then return v > 0 and '(1/0)' or '(-1/0)' end\n"
	"    return math.type(v) == 'integer' and tostring(v) or string.format('%.17g', v)\n"
	"  end\n"
	"  if t == 'boolean' then return tostring(v) end\n"
	"  if t ~= 'table' then error('a ' .. t .. ' in the scheme: a scheme is data', 0) end\n"
	"  local parts = {}\n"
	"  for k, x in pairs(v) do parts[#parts + 1] = '[' .. ser(k) .. '] = ' .. ser(x) end\n"
	"  table.sort(parts)\n"
	"  return '{ ' .. table.concat(parts, ', ') .. ' }'\n"
	"end\n"
	"return function(spec, dir)\n"
	"  if spec.scheme then\n"
	"    local path = spec.scheme:sub(1, 1) == '/' and spec.scheme or dir .. '/' .. spec.scheme\n"
	"    if spec.params == nil then return nil, path end\n"
	"    local got\n"
	"    local env = setmetatable({ scheme = function(t) got = t end }, { __index = _G })\n"
	"    local chunk, err = load_scheme(path, env)\n"
	"    if not chunk then error(err, 0) end\n"
	"    chunk()\n"
	"    if type(got) ~= 'table' then error(path .. ': no scheme{ … } in the file', 0) end\n"
	"    local p = {}\n"
	"    for k, v in pairs(got.params or {}) do p[k] = v end\n"
	"    for k, v in pairs(spec.params) do p[k] = v end\n"
	"    got.params = p\n"
	"    return 'scheme ' .. ser(got) .. '\\n', path\n"
	"  end\n"
	"  return 'scheme ' .. ser({ name = 'spec', rules = spec.rules or { 'std' },\n"
	"    params = spec.params, groups = { { name = 'spec', points = 100,\n"
	"    indicators = spec.indicators or {} } } }) .. '\\n', nil\n"
	"end\n";

/* A mistake of the scheme made for the spec (its indicators, or its scheme
 * file with its params over the file's) is the spec's: "spec scheme:1: " or
 * "default.lua:1: " in front of it (a line of generated text) becomes the
 * spec's own "x_spec.lua:LINE: ". */
static void relabel(char *err, size_t cap, const char *name, const char *where)
{
	size_t n = strlen(name);
	if (strncmp(err, name, n) != 0 || err[n] != ':' || err[n + 1] < '0' || err[n + 1] > '9')
		return;
	const char *rest = err + n + 1;
	while (*rest >= '0' && *rest <= '9')
		rest++;
	if (*rest != ':')
		return;
	rest += *rest == ':' ? 1 : 0;
	rest += *rest == ' ' ? 1 : 0;
	static const char *const drop[][2] = {{"group 'spec' names indicator", "the spec names indicator"},
		{"group 'spec': 'indicators' is empty", "'indicators' is empty"}, {"group 'spec', ", ""}};
	char body[2048];
	snprintf(body, sizeof body, "%s", rest);
	for (int i = 0; i < 3; i++) {
		char *p = strstr(body, drop[i][0]);
		if (p && strcmp(name, "spec scheme") == 0) {
			char tail[1024];
			snprintf(tail, sizeof tail, "%s", p + strlen(drop[i][0]));
			snprintf(p, sizeof body - (size_t)(p - body), "%s%.1000s", drop[i][1], tail);
		}
	}
	snprintf(err, cap, "%.500s: %.1400s", where, body);
}

static ns_scheme *spec_scheme(ns_ctx *ctx, lua_State *L, int t, const char *dir,
                              const char *where, char *err, size_t cap)
{
	ns_scheme *s = NULL;
	lua_getfield(L, LUA_REGISTRYINDEX, "scheme_builder");
	lua_pushvalue(L, t);
	lua_pushstring(L, dir);
	if (lua_pcall(L, 2, 2, 0) != LUA_OK) {
		snprintf(err, cap, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return NULL;
	}
	size_t len;
	const char *src = lua_tolstring(L, -2, &len);
	const char *path = lua_tostring(L, -1);
	int rc;
	if (!src) {
		rc = ns_scheme_load(ctx, path, &s);
	} else if (path) {
		char *a = strdup(path), *b = strdup(path);
		rc = ns_scheme_load_string(ctx, src, len, basename(a), dirname(b), &s);
		free(a);
		free(b);
	} else {
		rc = ns_scheme_load_string(ctx, src, len, "spec scheme", dir, &s);
	}
	if (rc != NS_OK) {
		snprintf(err, cap, "%s", ns_errmsg(ctx));
		if (src) {
			char *a = path ? strdup(path) : NULL;
			relabel(err, cap, a ? basename(a) : "spec scheme", where);
			free(a);
		}
	}
	lua_pop(L, 2);
	return s;
}

/* Is every id the spec at t expects among those its scheme s runs?  0, or
 * -1 with the first that is not in err. */
static int expect_in_scheme(lua_State *L, int t, const ns_scheme *s, const char *where,
                            char *err, size_t cap)
{
	int top = lua_gettop(L);
	lua_getfield(L, t, "expect");
	for (int i = 1; lua_istable(L, -1) && lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
		const char *id = field(L, lua_gettop(L), "id");
		const char *ids[512];
		int n = 0, in = 0;
		for (int k = 0; k < s->nchecks && n < 511; k++) {
			ids[n++] = s->checks[k]->id;
			in = in || (id && strcmp(s->checks[k]->id, id) == 0);
		}
		ids[n] = NULL;
		if (id && !in) {
			char h[1024];
			nse_hint(h, sizeof h, id, ids, n);
			char *cut = strstr(h, " known:"); /* a scheme's ids are many: the closest */
			if (cut && n > 12)
				strcpy(cut, ")");
			snprintf(err, cap, "%s: expect entry %d: '%s' is not an indicator of the spec's "
			         "scheme, so it can never be found %s", where, i, id,
			         strcmp(h, "(known:)") == 0 || strcmp(h, ")") == 0 ? "" : h);
			lua_settop(L, top);
			return -1;
		}
		lua_pop(L, 1);
	}
	lua_settop(L, top);
	return 0;
}

static ns_report *load_one(ns_ctx *ctx, const char *dir, const char *file,
                           const char *text, size_t len, const ns_load_opts *o)
{
	ns_report *r = NULL;
	if (file) {
		char path[2048];
		snprintf(path, sizeof path, "%s%s%s", file[0] == '/' ? "" : dir,
		         file[0] == '/' ? "" : "/", file);
		ns_load_file(ctx, path, o, &r);
	} else if (text) {
		ns_load_opts t = *o;
		t.form = NS_FORM_TXT;
		ns_load_buffer(ctx, text, len, "(inline)", &t, &r);
	}
	return r;
}

/* The report a spec names: `report` (a file) or `text` (inline);
 * `previous`/`previous_text` and `peers` name the others of its run. */
static ns_report *spec_report(ns_ctx *ctx, lua_State *L, int t, const char *dir,
                              const char *file_key, const char *text_key)
{
	size_t len = 0;
	lua_getfield(L, t, text_key);
	const char *text = lua_tolstring(L, -1, &len);
	lua_pop(L, 1);
	ns_load_opts o = {0};
	const char *at = field(L, t, "agency_type");
	if (at)
		o.agency_type = strcmp(at, "township") == 0 ? NS_AGENCY_TOWNSHIP :
		                strcmp(at, "government") == 0 ? NS_AGENCY_GOVERNMENT :
		                strcmp(at, "department") == 0 ? NS_AGENCY_DEPARTMENT : 0;
	return load_one(ctx, dir, field(L, t, file_key), text, len, &o);
}

/* Score r alone, or in a run with the spec's previous report and peers
 * (ctx.previous, ctx.peers); returns r's result. */
static cJSON *score_spec(ns_ctx *ctx, lua_State *L, int t, const char *dir,
                         const ns_scheme *s, ns_report *r)
{
	ns_report *prev = spec_report(ctx, L, t, dir, "previous", "previous_text");
	lua_getfield(L, t, "peers");
	int npeers = lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
	lua_pop(L, 1);
	char *json = NULL;
	cJSON *res = NULL;
	if (!prev && npeers == 0) {
		int worst;
		if (ns_score_json(ctx, s, r, &json, &worst) == NS_OK)
			res = cJSON_Parse(json);
		ns_free(json);
		return res;
	}
	ns_run *run = ns_run_new(ctx, s);
	ns_run_add(run, r);
	if (prev) {
		ns_run_add(run, prev);
		ns_report_release(prev);
	}
	lua_getfield(L, t, "peers");
	for (int i = 1; i <= npeers; i++) {
		/* a file, or { text = [[…]] } */
		lua_rawgeti(L, -1, i);
		ns_load_opts o = {0};
		size_t len = 0;
		const char *text = NULL;
		if (lua_istable(L, -1)) {
			lua_getfield(L, -1, "text");
			text = lua_tolstring(L, -1, &len);
			lua_pop(L, 1); /* the string stays alive in the spec table */
		}
		ns_report *p = load_one(ctx, dir, lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL,
		                        text, len, &o);
		lua_pop(L, 1);
		if (p) {
			ns_run_add(run, p);
			ns_report_release(p);
		}
	}
	lua_pop(L, 1);
	if (ns_run_execute(run, 1) == NS_OK)
		json = ns_run_json(run, 0);
	ns_run_free(run);
	cJSON *all = json ? cJSON_Parse(json) : NULL;
	ns_free(json);
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(all, "results")) {
		const cJSON *sha = cJSON_GetObjectItemCaseSensitive(it, "sha256");
		const cJSON *path = cJSON_GetObjectItemCaseSensitive(it, "path");
		if (cJSON_IsString(sha) && strcmp(sha->valuestring, ns_report_meta(r)->sha256) == 0 &&
		    cJSON_IsString(path) && strcmp(path->valuestring, ns_report_meta(r)->path) == 0) {
			res = cJSON_Duplicate(it, 1);
			break;
		}
	}
	cJSON_Delete(all);
	return res;
}

/* Does a piece of evidence name `what`: its cell, row, table or section
 * ("t3.received.total", "t3.received", "t3", "s5"), the column of its cell
 * ("t3.total"), or a text it quotes? */
static int evidence_names(const cJSON *ev, const char *what)
{
	static const char *const keys[] = {"cell", "row", "table", "section"};
	for (int i = 0; i < 4; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, keys[i]);
		if (cJSON_IsString(v) && strcmp(v->valuestring, what) == 0)
			return 1;
	}
	/* a column: "t3.total" names every cell t3.<row>.total */
	const cJSON *cell = cJSON_GetObjectItemCaseSensitive(ev, "cell");
	if (cJSON_IsString(cell)) {
		const char *a = strchr(cell->valuestring, '.'), *b = strrchr(cell->valuestring, '.');
		size_t t = a ? (size_t)(a - cell->valuestring) : 0;
		if (a && b != a && strncmp(what, cell->valuestring, t + 1) == 0 &&
		    strcmp(what + t + 1, b + 1) == 0)
			return 1;
	}
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(ev, "text");
	return cJSON_IsString(text) && strstr(text->valuestring, what);
}

/* Does finding f match expectation e: id, status, a message substring,
 * evidence naming a cell/row/table/section or quoting a text, evidence at
 * a line? */
static int matches(const cJSON *f, lua_State *L, int e)
{
	const char *id = field(L, e, "id");
	const char *status = field(L, e, "status");
	const char *msg = field(L, e, "message");
	const char *what = field(L, e, "evidence");
	lua_getfield(L, e, "line");
	long long line = lua_isinteger(L, -1) ? (long long)lua_tointeger(L, -1) : -1;
	lua_pop(L, 1);
	const char *fid = cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring;
	const char *fst = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
	const char *fmsg = cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring;
	if (status && strcmp(status, "missing") == 0)
		status = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "missing")) ? "fail" : "";
	if (!id || strcmp(id, fid) != 0 || (status && strcmp(status, fst) != 0) ||
	    (msg && !strstr(fmsg, msg)))
		return 0;
	const cJSON *ev;
	int named = !what, at = line < 0;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(f, "evidence")) {
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(ev, "line");
		named = named || evidence_names(ev, what);
		at = at || (cJSON_IsNumber(l) && (long long)l->valuedouble == line);
	}
	return named && at;
}

/* The evidence of a finding as it is shown: "t3.received.total@53" … */
static void show_evidence(const cJSON *f)
{
	const cJSON *ev;
	int n = 0;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(f, "evidence")) {
		static const char *const keys[] = {"cell", "row", "table", "section"};
		const char *name = NULL;
		for (int i = 0; i < 4 && !name; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, keys[i]);
			name = cJSON_IsString(v) ? v->valuestring : NULL;
		}
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(ev, "line");
		fprintf(rep, "%s%s@%d", n++ ? ", " : "  [", name ? name : "text",
		        cJSON_IsNumber(l) ? (int)l->valuedouble : 0);
	}
	if (n)
		fputc(']', rep);
}

static void show_findings(const cJSON *findings)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, findings) {
		const char *st = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
		const char *msg = cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring;
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "missing")))
			st = "missing";
		/* a pass may say nothing: "pass id", not "pass id: " */
		fprintf(rep, "      %s %s%s%s", st,
		        cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring, *msg ? ": " : "", msg);
		show_evidence(f);
		fputc('\n', rep);
	}
}

/* How a test run goes: -v lists every spec, -k runs those whose name or
 * indicator ids contain a pattern. */
typedef struct options {
	int verbose;
	const char *pattern;
	int passed, failed, skipped;
} options;

/* Does the spec at t match -k: its name, or an id it runs or expects? */
static int selected(lua_State *L, int t, const char *pattern)
{
	if (!pattern)
		return 1;
	const char *name = field(L, t, "name");
	if (name && strstr(name, pattern))
		return 1;
	int hit = 0;
	lua_getfield(L, t, "indicators");
	for (int i = 1; !hit && lua_istable(L, -1) && i <= (int)lua_rawlen(L, -1); i++) {
		lua_rawgeti(L, -1, i);
		hit = lua_type(L, -1) == LUA_TSTRING && strstr(lua_tostring(L, -1), pattern);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_getfield(L, t, "expect");
	for (int i = 1; !hit && lua_istable(L, -1) && i <= (int)lua_rawlen(L, -1); i++) {
		if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
			const char *id = field(L, lua_gettop(L), "id");
			hit = id && strstr(id, pattern);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return hit;
}

/* Run one spec table at index t (where: "file:line" of its spec{}); 1 when
 * it passes.  What went wrong goes to rep (run_file prints it under the
 * spec's FAIL line). */
static int run_spec(ns_ctx *ctx, lua_State *L, int t, const char *dir, const char *where)
{
	char err[2048];
	if (check_spec(L, t, err, sizeof err)) {
		fprintf(rep, "    %s\n", err);
		return 0;
	}
	ns_report *r = spec_report(ctx, L, t, dir, "report", "text");
	if (!r) {
		fprintf(rep, "    cannot load the report: %s\n", ns_errmsg(ctx));
		return 0;
	}
	ns_scheme *s = spec_scheme(ctx, L, t, dir, where, err, sizeof err);
	if (!s) {
		fprintf(rep, "    cannot load the rules: %s\n", err);
		ns_report_release(r);
		return 0;
	}
	if (expect_in_scheme(L, t, s, where, err, sizeof err)) {
		fprintf(rep, "    %s\n", err);
		ns_report_release(r);
		ns_scheme_free(s);
		return 0;
	}
	cJSON *res = score_spec(ctx, L, t, dir, s, r);
	ns_report_release(r);
	ns_scheme_free(s);
	if (!res) {
		fprintf(rep, "    %s\n", ns_errmsg(ctx));
		return 0;
	}
	const cJSON *findings = cJSON_GetObjectItemCaseSensitive(res, "findings");
	int n = cJSON_GetArraySize(findings);
	char *used = calloc((size_t)n + 1, 1);
	int ok = 1;
	lua_getfield(L, t, "expect");
	int e_tab = lua_gettop(L);
	int ne = lua_istable(L, e_tab) ? (int)lua_rawlen(L, e_tab) : 0;
	for (int i = 1; i <= ne; i++) {
		lua_rawgeti(L, e_tab, i);
		int e = lua_gettop(L);
		int hit = -1;
		for (int k = 0; k < n && hit < 0; k++)
			if (!used[k] && matches(cJSON_GetArrayItem(findings, k), L, e))
				hit = k;
		if (hit >= 0) {
			used[hit] = 1;
		} else {
			ok = 0;
			const char *msg = field(L, e, "message");
			const char *what = field(L, e, "evidence");
			lua_getfield(L, e, "line");
			int line = (int)lua_tointeger(L, -1);
			lua_pop(L, 1);
			fprintf(rep, "    expected %s %s%s%s%s", field(L, e, "status") ?
			        field(L, e, "status") : "any", field(L, e, "id"),
			        msg ? " with \"" : "", msg ? msg : "", msg ? "\"" : "");
			if (what)
				fprintf(rep, " with evidence %s", what);
			if (line)
				fprintf(rep, " at line %d", line);
			fprintf(rep, " — not found\n");
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	/* every fail or error not expected is a failure of the spec (a spec
	 * that gives only a score asserts the score only) */
	lua_getfield(L, t, "expect");
	int asserts_findings = lua_istable(L, -1);
	lua_pop(L, 1);
	for (int k = 0; asserts_findings && k < n; k++) {
		const cJSON *f = cJSON_GetArrayItem(findings, k);
		const char *st = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
		if (used[k] || (strcmp(st, "fail") && strcmp(st, "error")))
			continue;
		ok = 0;
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "missing")))
			st = "missing";
		fprintf(rep, "    unexpected %s %s: %s\n", st,
		        cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring,
		        cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring);
	}
	lua_getfield(L, t, "score");
	if (lua_isnumber(L, -1)) {
		double want = lua_tonumber(L, -1);
		double got = cJSON_GetObjectItemCaseSensitive(res, "score")->valuedouble;
		if (want - got > 1e-9 || got - want > 1e-9) {
			ok = 0;
			fprintf(rep, "    expected score %g, got %g\n", want, got);
		}
	}
	lua_pop(L, 1);
	if (!ok) {
		fprintf(rep, "    actual findings:\n");
		show_findings(findings);
	}
	free(used);
	cJSON_Delete(res);
	return ok;
}

/* ---- the state a spec file runs in --------------------------------------
 *
 * What a spec file needs: Lua's base, string, table, math, utf8 and
 * coroutine libraries, spec{}, and its fixtures: read_file(PATH) (a file's
 * bytes) and loadfile(PATH) (a Lua helper file, as text, run with the same
 * globals), PATH relative to the spec file's directory and inside it (no
 * absolute path, no ".." step).  Reports and schemes a spec names are read
 * by the engine, which takes any path.  A file that loops or allocates
 * without end is stopped (SPEC_STEPS, SPEC_MEMORY) with an error at its
 * line, as a rule is. */
#define SPEC_MEMORY ((size_t)1 << 30)
#define SPEC_STEPS 200000000LL /* VM instructions, counted in 10,000s */
#define SPEC_SECONDS 60        /* wall clock: C work the count does not see */
#define SPEC_READ_MAX (64L << 20)

typedef struct spec_box {
	size_t used;
	long long steps;
	long long printed;     /* what its print wrote, under SPEC_PRINT */
	double t0;
	int dead;              /* a limit was hit: pcall gives it back */
	int oom;               /* SPEC_MEMORY refused an allocation */
	char at[320];          /* "file:line" of the spec's Lua code, as the hook
	                          last saw it: where memory ran out */
	char dir[PATH_MAX];
} spec_box;


static void *spec_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
	spec_box *b = ud;
	if (!p)
		osize = 0;
	if (nsize == 0) {
		free(p);
		b->used -= osize;
		return NULL;
	}
	if (nsize > osize && b->used + (nsize - osize) > SPEC_MEMORY) {
		b->oom = 1; /* (Lua collects and asks again before it gives up) */
		return NULL;
	}
	void *q = realloc(p, nsize);
	if (q)
		b->used = b->used - osize + nsize;
	return q;
}

/* Counts instructions (every 10,000) and, at every call too, the clock: a
 * loop of few instructions around heavy C work (string.rep of 400 MB) may
 * run long between two counts. */
static void spec_hook(lua_State *L, lua_Debug *ar)
{
	void *ud;
	lua_getallocf(L, &ud);
	spec_box *b = ud;
	int late = nse_now() - b->t0 > SPEC_SECONDS;
	if (ar->event == LUA_HOOKCOUNT)
		b->steps += 10000;
	/* level 0 in a hook is the function it stopped (luaL_where's 1 is
	 * its caller); the clock is mostly seen as a function is called, a C
	 * one (string.rep) with no line: the line is that of the nearest Lua
	 * code on the stack, the spec's line that called it.  Noted too, for
	 * memory that runs out between two hooks (no hook sees that), when it
	 * is the spec's own code that runs or calls: not a finalizer that C
	 * calls (a string buffer's, run as the stack unwinds). */
	lua_Debug d;
	char here[sizeof b->at] = "";
	for (int level = 0; !here[0] && level < 40 && lua_getstack(L, level, &d); level++)
		if (lua_getinfo(L, "Sl", &d) && d.currentline > 0) {
			snprintf(here, sizeof here, "%s:%d", d.short_src, d.currentline);
			if (level <= 1)
				memcpy(b->at, here, sizeof here);
		}
	if (b->steps <= SPEC_STEPS && !late)
		return;
	b->dead = 1;
	if (here[0] || b->at[0])
		lua_pushfstring(L, "%s: ", here[0] ? here : b->at);
	else
		lua_pushliteral(L, "");
	if (late)
		lua_pushfstring(L, "the spec file ran past %d seconds: a loop without end?",
		                SPEC_SECONDS);
	else
		lua_pushfstring(L, "the spec file ran past %I instructions: a loop without end?",
		                (lua_Integer)SPEC_STEPS);
	lua_concat(L, 2);
	lua_error(L);
}

/* PATH (the argument at 1) as a path under the spec file's directory, in
 * buf; raises for one that leaves it. */
static const char *spec_path(lua_State *L, char *buf, size_t cap)
{
	const char *rel = luaL_checkstring(L, 1);
	void *ud;
	lua_getallocf(L, &ud);
	const spec_box *b = ud;
	int up = 0;
	for (const char *p = rel; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		up |= strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == 0);
	if (rel[0] == '/' || up || strlen(rel) != lua_rawlen(L, 1))
		luaL_error(L, "'%s': a spec reads files under its own directory only (a path "
		           "relative to it, without '..')", rel);
	snprintf(buf, cap, "%s/%s", b->dir, rel);
	/* nor through a symbolic link that leads out of it (fx -> /etc) */
	char real[PATH_MAX], root[PATH_MAX];
	if (realpath(buf, real) && realpath(b->dir, root)) {
		size_t n = strlen(root);
		if (strncmp(real, root, n) != 0 || (real[n] != '/' && real[n] != 0 && n > 1))
			luaL_error(L, "'%s': a spec reads files under its own directory only (this "
			           "one leads out of it, to %s)", rel, real);
	}
	return buf;
}

/* read_file(PATH): the file's bytes (a regular file, as nse_read_file
 * reads rule files: a FIFO would block for ever) */
static int l_read_file(lua_State *L)
{
	char path[PATH_MAX + 256];
	spec_path(L, path, sizeof path);
	struct stat st;
	if (stat(path, &st) == 0 && st.st_size > SPEC_READ_MAX)
		return luaL_error(L, "read_file: '%s' is over %d MiB", lua_tostring(L, 1),
		                  (int)(SPEC_READ_MAX >> 20));
	char *buf;
	size_t n;
	if (nse_read_file(path, &buf, &n) != 0)
		return luaL_error(L, "read_file: cannot open '%s' (not a regular file, or not "
		                  "there)", lua_tostring(L, 1));
	lua_pushlstring(L, buf, n);
	free(buf);
	return 1;
}

/* The Lua text file at path as a function pushed (1), or nil and the
 * error (2): a regular file only (a FIFO would block for ever). */
static int load_text_file(lua_State *L, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		lua_pushnil(L);
		lua_pushfstring(L, "cannot open %s (not a regular file, or not there)", path);
		return 2;
	}
	if (luaL_loadfilex(L, path, "t") != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	return 1;
}

/* loadfile(PATH): the Lua file as a function, or nil and the error */
static int l_loadfile(lua_State *L)
{
	char path[PATH_MAX + 256];
	return load_text_file(L, spec_path(L, path, sizeof path));
}

/* load_scheme(path, env): the scheme file as a function of env, or nil
 * and the error (the scheme builder's loadfile) */
static int l_load_scheme(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	if (load_text_file(L, path) == 2)
		return 2;
	lua_pushvalue(L, 2);
	lua_setupvalue(L, -2, 1); /* _ENV */
	return 1;
}

/* pcall and xpcall: a limit hit inside them is raised again, so that a
 * spec cannot catch its way past it (the rule sandbox does the same) */
static int spec_rethrow(lua_State *L, int status)
{
	void *ud;
	lua_getallocf(L, &ud);
	/* memory out (SPEC_MEMORY) is a limit too: given back, not caught */
	if (((spec_box *)ud)->dead || status == LUA_ERRMEM)
		return lua_error(L);
	lua_pushboolean(L, status == LUA_OK);
	lua_insert(L, 1);
	return lua_gettop(L);
}

static int spec_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	return spec_rethrow(L, status);
}

static int spec_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_replace(L, 1);
	lua_replace(L, 2); /* handler at 1, function at 2 */
	int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
	lua_remove(L, 1);
	return spec_rethrow(L, status);
}

/* setmetatable without __gc: a finalizer runs where no hook can stop it
 * (when the state closes) */
static int spec_setmetatable(lua_State *L)
{
	if (lua_istable(L, 2) && lua_getfield(L, 2, "__gc") != LUA_TNIL)
		return luaL_error(L, "setmetatable: __gc is not available in a spec file");
	lua_settop(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_setmetatable(L, 1);
	return 1;
}

/* print, with control characters shown, not sent to the terminal */
/* what a spec file may print: a check's cap (a print in a loop wrote
 * gigabytes before the spec's clock stopped it) */
#define SPEC_PRINT 16384

static int spec_print(lua_State *L)
{
	int n = lua_gettop(L);
	void *ud;
	lua_getallocf(L, &ud);
	spec_box *b = ud;
	for (int i = 1; i <= n; i++) {
		size_t len;
		luaL_tolstring(L, i, &len);
		lua_pop(L, 1);
		b->printed += (long long)len + 1;
	}
	if (b->printed > SPEC_PRINT)
		return luaL_error(L, "print output cap of %d bytes per spec file exceeded", SPEC_PRINT);
	for (int i = 1; i <= n; i++) {
		const char *s = luaL_tolstring(L, i, NULL);
		fputs(i > 1 ? "\t" : "", stdout);
		fputs(cli_safe(s), stdout);
		lua_pop(L, 1);
	}
	fputc('\n', stdout);
	return 0;
}

/* _G's __index: the libraries a spec file does not have, named */
static int spec_global(lua_State *L)
{
	static const char *const gone[] = {"io", "os", "debug", "package", "require",
	                                   "dofile", "load", "collectgarbage", "coroutine",
	                                   NULL};
	const char *k = lua_tostring(L, 2);
	for (int i = 0; k && gone[i]; i++)
		if (strcmp(k, gone[i]) == 0)
			return luaL_error(L, "'%s' is not available in a spec file: it reads its "
			                  "fixtures with read_file and loadfile, paths under its own "
			                  "directory (docs/rules.md §6)", k);
	return 0;
}

/* A fresh state for the spec file at path, its globals as above. */
static lua_State *spec_state(const char *path)
{
	spec_box *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	char *tmp = strdup(path);
	snprintf(b->dir, sizeof b->dir, "%s", tmp ? dirname(tmp) : ".");
	free(tmp);
	lua_State *L = lua_newstate(spec_alloc, b);
	if (!L) {
		free(b);
		return NULL;
	}
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string},
		{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	static const char *const drop[] = {"dofile", "load", "collectgarbage", NULL};
	for (int i = 0; drop[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, drop[i]);
	}
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	lua_register(L, "loadfile", l_loadfile);
	lua_register(L, "read_file", l_read_file);
	lua_register(L, "pcall", spec_pcall);
	lua_register(L, "xpcall", spec_xpcall);
	lua_register(L, "setmetatable", spec_setmetatable);
	lua_register(L, "print", spec_print);
	lua_pushglobaltable(L);
	lua_newtable(L);
	lua_pushcfunction(L, spec_global);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_pop(L, 1);
	b->t0 = nse_now();
	lua_sethook(L, spec_hook, LUA_MASKCOUNT | LUA_MASKCALL, 10000);
	return L;
}

static void spec_close(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	lua_close(L);
	free(ud);
}

/* The error of a spec file's run that ended with status, in err. */
static void spec_failure(lua_State *L, int status, char *err, size_t cap)
{
	const char *m = lua_tostring(L, -1);
	void *ud;
	lua_getallocf(L, &ud);
	const spec_box *b = ud;
	/* memory runs out in an allocation, where no hook is: the line
	 * is the last the hook saw (Lua's error has none) */
	if ((status == LUA_ERRMEM || (b->oom && m && strcmp(m, "not enough memory") == 0)) &&
	    b->at[0])
		snprintf(err, cap, "%s: not enough memory: a spec file has %d GiB (at the line "
		         "it was running)", b->at, (int)(SPEC_MEMORY >> 30));
	else
		snprintf(err, cap, "%s", m ? m : "not enough memory");
}

/* The trial run of a spec file (spec_trial), shared with the parent: the
 * line the hook last saw the file's own code at, and the error it ended
 * with, if any. */
typedef struct spec_trial_shared {
	char at[sizeof ((spec_box *)0)->at];
	int failed;
	char msg[2048];
} spec_trial_shared;

static spec_trial_shared *trial_sh;
static const spec_box *trial_box;

static void spec_trial_alarm(int sig)
{
	(void)sig;
	/* a plain copy (async-signal-safe): the hook wrote it at the call of
	 * the C function that is running (LUA_MASKCALL), the spec's line */
	memcpy(trial_sh->at, trial_box->at, sizeof trial_sh->at);
	trial_sh->at[sizeof trial_sh->at - 1] = 0;
	_exit(124);
}

/* The clock in spec_hook is seen only between instructions and at calls:
 * C work that never returns (a string pattern of exponential time at the
 * file's top level) ran past it for ever, and `test` and `lint` of a
 * directory that held such a file never ended.  So the chunk on top of
 * L's stack is first run in a forked copy of the state (the same state:
 * math.random draws the same, what it runs is what the real run will),
 * under an alarm a little past SPEC_SECONDS; a copy that the alarm ends
 * is this file's error, at the line it was on, and the real run is not
 * made, nor for a copy that ended with an error (the same error).  0 when
 * the real run may go ahead (also when no trial could be made: the count
 * still bounds it). */
static int spec_trial(lua_State *L, const char *path, char *err, size_t cap)
{
	void *ud;
	lua_getallocf(L, &ud);
	spec_box *b = ud;
	spec_trial_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
	                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 0;
	memset(sh, 0, sizeof *sh);
	fflush(NULL); /* nothing buffered is written twice */
	int fd;
	pid_t pid = nse_trial_fork(&fd, spec_trial_alarm);
	if (pid == 0) {
		/* what it prints is the real run's to print */
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		trial_sh = sh;
		trial_box = b;
		double left = SPEC_SECONDS - (nse_now() - b->t0);
		alarm(left > 0 ? (unsigned)left + 2 : 2);
		lua_pushvalue(L, -1);
		int st = lua_pcall(L, 0, 0, 0);
		if (st != LUA_OK) {
			spec_failure(L, st, sh->msg, sizeof sh->msg);
			sh->failed = 1;
		}
		_exit(0);
	}
	if (pid < 0) {
		munmap(sh, sizeof *sh);
		return 0;
	}
	/* its end; one the alarm did not end (it should) is killed a little
	 * after */
	int status, killed = nse_trial_wait(pid, fd, nse_now(), SPEC_SECONDS + 10, &status);
	int rc = 0;
	if (killed || (WIFEXITED(status) && WEXITSTATUS(status) == 124)) {
		/* at its line, as the hook's own message reads */
		snprintf(err, cap, "%s: the spec file ran past %d seconds in C code the "
		         "instruction count does not see (a pattern match of exponential "
		         "time?)", sh->at[0] ? sh->at : path, SPEC_SECONDS);
		rc = -1;
	} else if (WIFSIGNALED(status)) {
		snprintf(err, cap, "%s: the spec file crashed nianshen (signal %d)",
		         sh->at[0] ? sh->at : path, WTERMSIG(status));
		rc = -1;
	} else if (sh->failed) {
		/* its error is the real run's: not run again (a file that ran
		 * into the clock would take it twice) */
		snprintf(err, cap, "%s", sh->msg);
		rc = -1;
	} else {
		/* the real run has the file's limits of its own */
		b->t0 = nse_now();
	}
	munmap(sh, sizeof *sh);
	return rc;
}

/* A spec file run in a fresh state (its spec{} calls collected); the
 * state, or NULL with the error in err. */
static lua_State *load_spec_file(const char *path, char *err, size_t cap)
{
	lua_State *L = spec_state(path);
	if (!L) {
		snprintf(err, cap, "%s: out of memory", path);
		return NULL;
	}
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "specs");
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "spec_lines");
	if (luaL_loadbufferx(L, scheme_builder, sizeof scheme_builder - 1, "=scheme builder", "t"))
		lua_error(L);
	lua_pushcfunction(L, l_load_scheme);
	if (lua_pcall(L, 1, 1, 0))
		lua_error(L); /* a bug of this file: fail loudly in tests */
	lua_setfield(L, LUA_REGISTRYINDEX, "scheme_builder");
	lua_register(L, "spec", l_spec);
	int status = luaL_loadfilex(L, path, "t");
	if (status == LUA_OK && spec_trial(L, path, err, cap) != 0) {
		spec_close(L);
		return NULL;
	}
	if (status == LUA_OK)
		status = lua_pcall(L, 0, LUA_MULTRET, 0);
	if (status != LUA_OK) {
		spec_failure(L, status, err, cap);
		spec_close(L);
		return NULL;
	}
	return L;
}

/* The FAIL of what (a spec's label, or a file), with what was written
 * to the report buffer: with -v the FAIL line goes to stdout among the
 * "ok" lines and only the details to stderr (never the FAIL twice). */
static void tell_fail(const options *o, const char *what, const char *details)
{
	/* messages and errors of the rules under test, quoted: no ESC
	 * sequence of theirs reaches the terminal */
	what = cli_safe(what);
	details = cli_safe(details);
	if (o->verbose) {
		printf("FAIL %s\n", what);
		fflush(stdout);
		fputs(details, stderr);
	} else {
		fprintf(stderr, "FAIL %s\n%s", what, details);
	}
}

/* One spec of a loaded spec file, as each_spec hands it over: its table
 * at index t, "file_spec.lua:LINE", its name ("(unnamed)" when it has
 * none) and the directory of the file (where its rules are found). */
typedef struct spec_at {
	int t;
	const char *where, *name, *dir;
} spec_at;

/* fn for every spec of the file loaded in L from path, in file order; the
 * stack is put back after each. */
static void each_spec(lua_State *L, const char *path,
                      void (*fn)(lua_State *L, const spec_at *sp, void *ud), void *ud)
{
	char *tmp = strdup(path);
	const char *dir = tmp ? dirname(tmp) : ".";
	lua_getfield(L, LUA_REGISTRYINDEX, "specs");
	int specs = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "spec_lines");
	for (int i = 1; i <= (int)lua_rawlen(L, specs); i++) {
		lua_rawgeti(L, specs, i);
		int t = lua_gettop(L);
		lua_rawgeti(L, specs + 1, i);
		int line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
		const char *name = field(L, t, "name");
		char where[4200];
		snprintf(where, sizeof where, "%s:%d", path, line);
		spec_at sp = {t, where, name ? name : "(unnamed)", dir};
		fn(L, &sp, ud);
		lua_settop(L, specs + 1);
	}
	lua_settop(L, specs - 1);
	free(tmp);
}

typedef struct run_ud {
	ns_ctx *ctx;
	options *o;
} run_ud;

static void run_one(lua_State *L, const spec_at *sp, void *ud)
{
	run_ud *u = ud;
	options *o = u->o;
	char label[1024];
	snprintf(label, sizeof label, "%s: %s", sp->where, sp->name);
	if (!selected(L, sp->t, o->pattern)) {
		o->skipped++;
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	rep = open_memstream(&buf, &len);
	int ok = run_spec(u->ctx, L, sp->t, sp->dir, sp->where);
	fclose(rep);
	rep = NULL;
	if (ok) {
		o->passed++;
		if (o->verbose)
			printf("ok   %s\n", cli_safe(label));
	} else {
		o->failed++;
		tell_fail(o, label, buf ? buf : "");
	}
	free(buf);
}

static void run_file(ns_ctx *ctx, const char *path, options *o)
{
	char err[2048];
	lua_State *L = load_spec_file(path, err, sizeof err);
	if (!L) {
		char details[2100];
		snprintf(details, sizeof details, "    %s\n", err);
		tell_fail(o, path, details);
		o->failed++;
		return;
	}
	run_ud u = {ctx, o};
	each_spec(L, path, run_one, &u);
	spec_close(L);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *_spec.lua under dir, its subdirectories too (as busted finds
 * them: rules/std finds the specs of rules/std/spec), sorted by path, added
 * to *list (n, cap); hidden directories are skipped. */
static void find_specs(const char *dir, char ***list, int *n, int *cap, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		/* "sp/" given: sp/a_spec.lua, not sp//a_spec.lua */
		snprintf(path, sizeof path, "%s%s%s", dir,
		         *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		size_t len = strlen(e->d_name);
		if (S_ISDIR(st.st_mode) && depth < 8) {
			find_specs(path, list, n, cap, depth + 1);
		} else if (S_ISREG(st.st_mode) && len > 9 &&
		           strcmp(e->d_name + len - 9, "_spec.lua") == 0) {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				*list = realloc(*list, (size_t)*cap * sizeof **list);
			}
			(*list)[(*n)++] = strdup(path);
		}
	}
	if (d)
		closedir(d);
	if (depth == 0 && *n)
		qsort(*list, (size_t)*n, sizeof **list, cmp_str);
}

typedef struct lint_ud {
	ns_ctx *ctx;
	void (*say)(void *ud, const char *msg);
	void *ud;
	int problems;
} lint_ud;

/* A spec's mistakes, told as "x_spec.lua:LINE: name: mistake". */
static void lint_one(lua_State *L, const spec_at *sp, void *ud)
{
	lint_ud *u = ud;
	char err[2048], msg[4096];
	if (check_spec(L, sp->t, err, sizeof err)) {
		snprintf(msg, sizeof msg, "%s: %s: %s", sp->where, sp->name, err);
		u->say(u->ud, msg);
		u->problems++;
		return;
	}
	/* its rules loaded (not run): the ids it names exist, and those it
	 * expects are among what it runs */
	ns_scheme *s = spec_scheme(u->ctx, L, sp->t, sp->dir, sp->where, err, sizeof err);
	if (!s || expect_in_scheme(L, sp->t, s, sp->where, err, sizeof err)) {
		size_t wl = strlen(sp->where);
		const char *e = strncmp(err, sp->where, wl) == 0 && err[wl] == ':' ? err + wl + 2 : err;
		snprintf(msg, sizeof msg, "%s: %s: %s", sp->where, sp->name, e);
		u->say(u->ud, msg);
		u->problems++;
	}
	ns_scheme_free(s);
}

/* nianshen lint of a spec file: each spec's mistakes (its keys, statuses,
 * expected ids against its indicators), without running it; told to say()
 * as "x_spec.lua:LINE: name: mistake".  Their count. */
int cli_lint_spec(ns_ctx *ctx, const char *path, void (*say)(void *ud, const char *msg),
                  void *ud);
int cli_lint_spec(ns_ctx *ctx, const char *path, void (*say)(void *ud, const char *msg),
                  void *ud)
{
	char err[2048];
	lua_State *L = load_spec_file(path, err, sizeof err);
	if (!L) {
		say(ud, err);
		return 1;
	}
	lint_ud u = {ctx, say, ud, 0};
	each_spec(L, path, lint_one, &u);
	spec_close(L);
	return u.problems;
}

static const char test_usage[] =
	"usage: nianshen test [-v] [-k PATTERN] DIR|SPEC.lua...\n"
	"\n"
	"Run rule specs (docs/rules.md §6): every *_spec.lua under a directory (its\n"
	"subdirectories too), or the files given.  A spec fails when a finding it\n"
	"expects is missing, a fail or error finding is not expected (when it gives\n"
	"expect), or its score differs; failures name the spec's file:line.  A run\n"
	"that finds no spec, or where -k selects none, fails.  Options may stand\n"
	"anywhere on the line.\n"
	"\n"
	"  -v, --verbose   list every spec with its result (on stdout; what failed\n"
	"                  on stderr)\n"
	"  -k PATTERN      run only the specs whose name, or an indicator id they\n"
	"                  run or expect, contains PATTERN\n"
	"  -h, --help      this help\n"
	"\n"
	"exit status: 0 all passed, 1 a spec failed or none ran, 64 a usage error\n";

int cli_test(int argc, char **argv)
{
	options o = {0};
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	int np = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			paths[np++] = a;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(test_usage, stdout);
			free(paths);
			return 0;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			o.verbose = 1;
		} else if (strcmp(a, "-k") == 0 && i + 1 < argc && argv[i + 1][0] != '-') {
			o.pattern = argv[++i]; /* (-k -v: the pattern was forgotten) */
		} else {
			fprintf(stderr, "nianshen: test: %s %s%s\n", strcmp(a, "-k") == 0 ?
			        "-k needs a PATTERN:" : "unknown option", cli_safe(a),
			        strcmp(a, "-k") == 0 ? "" : cli_option_hint("test", a));
			fputs(test_usage, stderr);
			free(paths);
			return 64;
		}
	}
	if (np == 0) {
		fprintf(stderr, "nianshen: test: give spec files or directories\n");
		fputs(test_usage, stderr);
		free(paths);
		return 64;
	}
	ns_ctx *ctx = ns_open();
	int none = 0;
	for (int i = 0; i < np; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			fprintf(stderr, "FAIL %s: no such file or directory\n", paths[i]);
			o.failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			run_file(ctx, paths[i], &o);
			continue;
		}
		char **list = NULL;
		int n = 0, cap = 0;
		find_specs(paths[i], &list, &n, &cap, 0);
		if (n == 0) {
			fprintf(stderr, "FAIL %s: no *_spec.lua under %s\n", paths[i], paths[i]);
			o.failed++;
			none++;
		}
		for (int k = 0; k < n; k++) {
			run_file(ctx, list[k], &o);
			free(list[k]);
		}
		free(list);
	}
	ns_close(ctx);
	free(paths);
	if (o.passed + o.failed + o.skipped == 0) {
		fprintf(stderr, "FAIL no spec ran: the files given call no spec{ … }\n");
		o.failed++;
	}
	if (o.pattern && o.passed + o.failed - none == 0 && o.skipped) {
		fprintf(stderr, "FAIL no spec matched -k %s (%d not selected)\n", o.pattern, o.skipped);
		o.failed++;
	}
	if (o.pattern)
		printf("%d passed, %d failed, %d not selected by -k\n", o.passed, o.failed, o.skipped);
	else
		printf("%d passed, %d failed\n", o.passed, o.failed);
	return o.failed ? 1 : 0;
}
