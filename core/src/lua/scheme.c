/*
 * scheme.c — scheme files: which indicators, grouped how, with what points.
 *
 * A scheme is loaded once (validated in a throw-away sandboxed state: every
 * rule module compiles, every indicator it names exists) and is immutable
 * afterwards; each worker runs the same source again in its own state.
 */
#include "scheme.h"

#include <dirent.h>
#include <math.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REG_INDICATORS "nianshen.indicators"
#define REG_SCHEME "nianshen.scheme"
#define REG_SCHEME_LINE "nianshen.scheme.line"

/* ---- collectors: indicator{} and scheme{} --------------------------- */

#define REG_SEALED "nianshen.sealed" /* set once the scheme has loaded */

static int sealed(lua_State *L)
{
	int v = lua_getfield(L, LUA_REGISTRYINDEX, REG_SEALED) != LUA_TNIL;
	lua_pop(L, 1);
	return v;
}

/* The keys an indicator{} may have: a misspelt one ("serverity",
 * "titel") would be dropped and its default used, silently. */
static const char *const indicator_keys[] = {"id", "title", "category", "severity",
	"basis", "version", "check", "uses", "params", NULL};
static const char *const severities[] = {"info", "warning", "error", NULL};
/* what a declared param says of itself: params = { name = { … } } */
static const char *const param_keys[] = {"type", "default", "doc", NULL};
static const char *const param_types[] = {"number", "string", "boolean", "table", NULL};

static int is_known(const char *k, const char *const *known)
{
	for (int i = 0; k && known[i]; i++)
		if (strcmp(known[i], k) == 0)
			return 1;
	return 0;
}

/* The first key of the table at idx that is not in known (a string key,
 * or any other key as text), pushed; 0 and nothing when all are known. */
static int first_unknown(lua_State *L, int idx, const char *const *known)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING || !is_known(lua_tostring(L, -1), known)) {
			if (lua_type(L, -1) == LUA_TSTRING)
				return 1;
			lua_pushstring(L, lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
			                                                 : luaL_typename(L, -1));
			lua_remove(L, -2);
			return 1;
		}
	}
	return 0;
}

static int check_data(lua_State *L, int idx, char *path, size_t plen, int depth,
                      char *err, size_t errlen);

/* params = { name = { type =, default =, doc = } }: the params the
 * indicator's check reads from ctx.params, declared so that a scheme's
 * misspelt or mistyped param is refused (bind_params) and the check reads
 * the default when the scheme gives none. */
static int check_param_decls(lua_State *L, int d, const char *id)
{
	if (lua_getfield(L, d, "params") == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (!lua_istable(L, -1) || lua_getmetatable(L, -1))
		return luaL_error(L, "indicator '%s': params must be a table { name = { type = "
		                  "\"number\", default = 0.5 }, … }", id);
	int p = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, p)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return luaL_error(L, "indicator '%s': params: a param's name is a string", id);
		const char *name = lua_tostring(L, -2);
		if (!lua_istable(L, -1) || lua_getmetatable(L, -1))
			return luaL_error(L, "indicator '%s': param '%s' must be declared as a table "
			                  "{ type = \"number\"|\"string\"|\"boolean\"|\"table\", "
			                  "default = …, doc = \"…\" }", id, name);
		if (first_unknown(L, -1, param_keys)) {
			nse_push_hint(L, lua_tostring(L, -1), param_keys, -1);
			return luaL_error(L, "indicator '%s': param '%s': unknown key '%s' %s", id, name,
			                  lua_tostring(L, -2), lua_tostring(L, -1));
		}
		int t = lua_getfield(L, -1, "type");
		const char *type = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (t != LUA_TNIL && !is_known(type, param_types)) {
			nse_push_hint(L, type ? type : "?", param_types, -1);
			return luaL_error(L, "indicator '%s': param '%s': unknown type '%s' %s", id, name,
			                  type ? type : luaL_typename(L, -2), lua_tostring(L, -1));
		}
		int dt = lua_getfield(L, -2, "default");
		if (type && dt != LUA_TNIL && strcmp(lua_typename(L, dt), type) != 0)
			return luaL_error(L, "indicator '%s': param '%s': the default is a %s, not a %s",
			                  id, name, lua_typename(L, dt), type);
		if (!type && dt == LUA_TNIL)
			return luaL_error(L, "indicator '%s': param '%s' needs a type or a default", id, name);
		if (dt == LUA_TNUMBER && !isfinite(lua_tonumber(L, -1)))
			return luaL_error(L, "indicator '%s': param '%s': the default must be finite", id, name);
		if (dt != LUA_TNIL && dt != LUA_TNUMBER && dt != LUA_TSTRING && dt != LUA_TBOOLEAN &&
		    dt != LUA_TTABLE)
			return luaL_error(L, "indicator '%s': param '%s': a default is data (a number, "
			                  "string, boolean or table), not a %s", id, name, lua_typename(L, dt));
		if (dt == LUA_TTABLE) {
			char path[256], e[400];
			snprintf(path, sizeof path, "param '%.100s' default", name);
			if (check_data(L, -1, path, sizeof path, 0, e, sizeof e))
				return luaL_error(L, "indicator '%s': %s", id, e);
		}
		lua_pop(L, 3);
	}
	lua_pop(L, 1);
	return 0;
}

static int l_indicator(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (sealed(L))
		return luaL_error(L, "indicator{} declares an indicator when its rule file "
		                  "loads, not in a check");
	/* a copy, read raw: the declaring file keeps its table, and what it
	 * does to it later (or an __index that would run when the engine
	 * reads `check`, outside any budget) changes nothing */
	lua_newtable(L);
	int d = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, d);
	}
	if (lua_getfield(L, d, "id") != LUA_TSTRING) {
		if (first_unknown(L, d, indicator_keys)) { /* `idd =`, `name =` */
			nse_push_hint(L, lua_tostring(L, -1), indicator_keys, -1);
			return luaL_error(L, "indicator{} needs an 'id' (a string); unknown key '%s' %s",
			                  lua_tostring(L, -2), lua_tostring(L, -1));
		}
		return luaL_error(L, "indicator{} needs an 'id' (a string)");
	}
	const char *id = lua_tostring(L, -1);
	if (first_unknown(L, d, indicator_keys)) {
		nse_push_hint(L, lua_tostring(L, -1), indicator_keys, -1);
		return luaL_error(L, "indicator '%s': unknown key '%s' %s", id, lua_tostring(L, -2),
		                  lua_tostring(L, -1));
	}
	if (lua_getfield(L, d, "check") != LUA_TFUNCTION)
		return luaL_error(L, "indicator '%s' needs a 'check' function (check = "
		                  "function(r, f, ctx) … end)", id);
	lua_pop(L, 1);
	static const char *const texts[] = {"title", "category", "basis", "version", NULL};
	for (int i = 0; texts[i]; i++) {
		int t = lua_getfield(L, d, texts[i]);
		lua_pop(L, 1);
		if (t != LUA_TNIL && t != LUA_TSTRING)
			return luaL_error(L, "indicator '%s': '%s' must be a string, not a %s", id,
			                  texts[i], lua_typename(L, t));
	}
	if (lua_getfield(L, d, "severity") != LUA_TNIL) {
		const char *sev = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!is_known(sev, severities)) {
			nse_push_hint(L, sev ? sev : "?", severities, -1);
			return luaL_error(L, "indicator '%s': unknown severity '%s' %s", id,
			                  sev ? sev : luaL_typename(L, -2), lua_tostring(L, -1));
		}
	}
	lua_pop(L, 1);
	check_param_decls(L, d, id);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	if (lua_getfield(L, -1, id) != LUA_TNIL) {
		lua_getfield(L, -1, "_where");
		char first[256];
		snprintf(first, sizeof first, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		size_t n = strlen(first);
		while (n && (first[n - 1] == ' ' || first[n - 1] == ':'))
			first[--n] = 0; /* "std/x.lua:12: " → "std/x.lua:12" */
		return luaL_error(L, "indicator '%s' is defined twice (first at %s)", id, first);
	}
	lua_pop(L, 1);
	luaL_where(L, 1);
	lua_setfield(L, d, "_where");
	lua_pushvalue(L, d);
	lua_setfield(L, -2, id);
	return 0;
}

/* scheme{}: only the scheme file may call it, once (upvalue 1: its chunk
 * name as Lua shows it, "=default.lua"); a rule file that calls it would
 * otherwise replace the params every check reads. */
static int l_scheme(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Debug ar;
	const char *own = lua_tostring(L, lua_upvalueindex(1));
	if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "Sl", &ar) || strcmp(ar.source, own) != 0)
		return luaL_error(L, "scheme{} may be called only by the scheme file (%s)", own + 1);
	if (sealed(L) || lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME) != LUA_TNIL)
		return luaL_error(L, "scheme{} is called twice");
	lua_pushvalue(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_SCHEME);
	/* where its mistakes are looked for from (scheme_located) */
	lua_pushinteger(L, ar.currentline);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_SCHEME_LINE);
	return 0;
}

/* The collectors go to the globals every chunk starts with (each file
 * gets its own copy, so that replacing `indicator` changes one file);
 * `scheme` only while the scheme file runs (scheme_collector). */
static void install_collectors(nse_state *S)
{
	lua_State *L = S->L;
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.l0");
	lua_pushcfunction(L, l_indicator);
	lua_setfield(L, -2, "indicator");
	lua_pop(L, 1);
}

static void scheme_collector(nse_state *S, const char *chunkname, int on)
{
	lua_State *L = S->L;
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.l0");
	if (on) {
		lua_pushfstring(L, "=%s", chunkname);
		lua_pushcclosure(L, l_scheme, 1);
	} else {
		lua_pushnil(L);
	}
	lua_setfield(L, -2, "scheme");
	lua_pop(L, 1);
}

/* require every rule module of the scheme (their indicator{} calls fill
 * the registry); errors go to S->err. */
static int load_modules(nse_state *S, const ns_scheme *s)
{
	lua_State *L = S->L;
	for (int i = 0; i < s->nroots; i++)
		nse_add_root(S, s->roots[i]);
	for (int i = 0; i < s->nmodules; i++) {
		lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.base");
		lua_getfield(L, -1, "require");
		lua_remove(L, -2);
		lua_pushstring(L, s->modules[i]);
		if (nse_pcall(S, 1, 0) != LUA_OK) {
			snprintf(S->err, sizeof S->err, "%s", lua_tostring(L, -1));
			lua_pop(L, 1);
			return NS_ERR_RULE;
		}
	}
	return NS_OK;
}

/* ---- reading the scheme table --------------------------------------- */

static char *dupstr(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *field_str(lua_State *L, int idx, const char *k)
{
	lua_getfield(L, idx, k);
	char *v = lua_type(L, -1) == LUA_TSTRING ? dupstr(lua_tostring(L, -1)) : NULL;
	lua_pop(L, 1);
	return v;
}

static int add_module(ns_scheme *s, const char *name)
{
	for (int i = 0; i < s->nmodules; i++)
		if (strcmp(s->modules[i], name) == 0)
			return 0;
	char **m = realloc(s->modules, (size_t)(s->nmodules + 1) * sizeof *m);
	if (!m)
		return -1;
	s->modules = m;
	s->modules[s->nmodules++] = strdup(name);
	return 0;
}

static void add_root(ns_scheme *s, const char *dir)
{
	for (int i = 0; i < s->nroots; i++)
		if (strcmp(s->roots[i], dir) == 0)
			return;
	if (s->nroots < 4)
		snprintf(s->roots[s->nroots++], sizeof s->roots[0], "%s", dir);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Resolve a `rules` entry ("std", "local/fees") against the search bases:
 * a directory gives every *.lua in it (but *_spec.lua), a file itself. */
static int resolve_rules(ns_scheme *s, const char *entry, char bases[][1024],
                         int nbases, char *err, size_t errlen)
{
	char path[4096];
	for (int b = 0; b < nbases; b++) {
		struct stat st;
		snprintf(path, sizeof path, "%.2000s/%.1000s", bases[b], entry);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(path);
			if (!d)
				continue;
			char *names[512];
			int n = 0;
			struct dirent *e;
			while ((e = readdir(d)) && n < 512) {
				size_t len = strlen(e->d_name);
				if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 &&
				    !(len > 9 && strcmp(e->d_name + len - 9, "_spec.lua") == 0))
					names[n++] = strndup(e->d_name, len - 4);
			}
			closedir(d);
			qsort(names, (size_t)n, sizeof *names, cmp_str);
			add_root(s, bases[b]);
			for (int i = 0; i < n; i++) {
				char mod[2048];
				snprintf(mod, sizeof mod, "%s.%s", entry, names[i]);
				for (char *p = mod; *p; p++)
					if (*p == '/')
						*p = '.';
				add_module(s, mod);
				free(names[i]);
			}
			return 0;
		}
		char name[2048];
		snprintf(name, sizeof name, "%s", entry);
		size_t len = strlen(name);
		if (len > 4 && strcmp(name + len - 4, ".lua") == 0)
			name[len - 4] = 0;
		snprintf(path, sizeof path, "%.2000s/%.1000s.lua", bases[b], name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			add_root(s, bases[b]);
			for (char *p = name; *p; p++)
				if (*p == '/')
					*p = '.';
			add_module(s, name);
			return 0;
		}
	}
	size_t n = (size_t)snprintf(err, errlen, "rules '%.200s' not found; looked in", entry);
	for (int b = 0; b < nbases && n < errlen; b++)
		n += (size_t)snprintf(err + n, errlen - n, "%s %.200s", b ? "," : "", bases[b]);
	return -1;
}

/* A misspelt key ("dedcut") would silently fall back to a default and
 * change every score: the keys of each table are checked. */
static int unknown_key(lua_State *L, int idx, const char *const *known,
                       const char *what, char *err, size_t errlen)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TNUMBER)
			continue; /* positional entries */
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
		int ok = 0;
		for (int i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], k) == 0;
		if (!ok) {
			size_t n = (size_t)snprintf(err, errlen, "%s: unknown key '%s' ", what, k);
			if (n < errlen)
				nse_hint(err + n, errlen - n, k, known, -1);
			lua_pop(L, 1);
			return 1;
		}
	}
	return 0;
}

/* ---- a scheme is data ----------------------------------------------
 *
 * The scheme table is read by C after the scheme file ran, outside any
 * budget: a metatable anywhere in it would run code there (an __index
 * that never returns), and a function in its params would be code every
 * check calls.  So it holds strings, numbers, booleans and tables only,
 * and every number that scores is finite and in range. */
#define SCHEME_DEPTH 32
#define SCHEME_MAX 1e9 /* points, deductions and caps */

static int check_data(lua_State *L, int idx, char *path, size_t plen, int depth,
                      char *err, size_t errlen)
{
	idx = lua_absindex(L, idx);
	if (depth > SCHEME_DEPTH) {
		snprintf(err, errlen, "%s: tables nested deeper than %d", path, SCHEME_DEPTH);
		return -1;
	}
	if (lua_getmetatable(L, idx)) {
		lua_pop(L, 1);
		snprintf(err, errlen, "%s has a metatable: a scheme is data (strings, numbers, "
		         "booleans, tables)", path);
		return -1;
	}
	size_t len = strlen(path);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		int kt = lua_type(L, -2), vt = lua_type(L, -1);
		if (kt == LUA_TSTRING)
			snprintf(path + len, plen - len, ".%s", lua_tostring(L, -2));
		else if (kt == LUA_TNUMBER && lua_isinteger(L, -2))
			snprintf(path + len, plen - len, "[%lld]", (long long)lua_tointeger(L, -2));
		else if (kt == LUA_TNUMBER)
			snprintf(path + len, plen - len, "[%g]", lua_tonumber(L, -2));
		else
			snprintf(path + len, plen - len, "[a %s key]", lua_typename(L, kt));
		int bad = kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN;
		if (!bad && vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN &&
		    vt != LUA_TTABLE) {
			snprintf(err, errlen, "%s is a %s: a scheme is data (strings, numbers, "
			         "booleans, tables)", path, lua_typename(L, vt));
			lua_pop(L, 2);
			return -1;
		}
		if (bad) {
			snprintf(err, errlen, "%s: a scheme's keys are strings and numbers", path);
			lua_pop(L, 2);
			return -1;
		}
		if (vt == LUA_TTABLE && check_data(L, -1, path, plen, depth + 1, err, errlen)) {
			lua_pop(L, 2);
			return -1;
		}
		path[len] = 0;
		lua_pop(L, 1);
	}
	return 0;
}

static const char *num_text(double v, char *buf, size_t n)
{
	if (isnan(v))
		return "nan";
	if (isinf(v))
		return v > 0 ? "inf" : "-inf";
	snprintf(buf, n, "%g", v);
	return buf;
}

/* A number of the scheme at t[key] (dflt when absent): a number, finite,
 * >= 0 (> 0 with positive), at most SCHEME_MAX.  `what` names the place. */
static int scheme_number(lua_State *L, int t, const char *key, double dflt, int positive,
                         const char *what, double *out, char *err, size_t errlen)
{
	int type = lua_getfield(L, t, key);
	double v = lua_tonumber(L, -1);
	lua_pop(L, 1);
	if (type == LUA_TNIL) {
		*out = dflt;
		return 0;
	}
	char buf[64];
	if (type != LUA_TNUMBER) {
		snprintf(err, errlen, "%s: '%s' must be a number, not a %s", what, key,
		         lua_typename(L, type));
		return -1;
	}
	if (!isfinite(v) || v < 0 || (positive && v == 0)) {
		snprintf(err, errlen, "%s: '%s' must be a finite number %s (got %s)", what, key,
		         positive ? "> 0" : ">= 0", num_text(v, buf, sizeof buf));
		return -1;
	}
	if (v > SCHEME_MAX) {
		snprintf(err, errlen, "%s: '%s' must be at most %g (got %s)", what, key,
		         SCHEME_MAX, num_text(v, buf, sizeof buf));
		return -1;
	}
	*out = v;
	return 0;
}

/* A list: keys 1..n only (a misspelt or keyed entry would be skipped). */
static int check_list(lua_State *L, int idx, const char *what, char *err, size_t errlen)
{
	idx = lua_absindex(L, idx);
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n) {
			if (lua_type(L, -1) == LUA_TSTRING)
				snprintf(err, errlen, "%s: unknown key '%s' (a list)", what, lua_tostring(L, -1));
			else
				snprintf(err, errlen, "%s: a list with a gap or an entry out of order", what);
			lua_pop(L, 1);
			return -1;
		}
	}
	return 0;
}

static int read_groups(lua_State *L, int idx, ns_scheme *s, char *err, size_t errlen)
{
	static const char *const scheme_keys[] = {"name", "version", "description",
		"rules", "params", "counts", "groups", NULL};
	static const char *const group_keys[] = {"name", "points", "indicators",
		"description", NULL};
	static const char *const ind_keys[] = {"id", "deduct", "cap", "shared", NULL};
	if (unknown_key(L, idx, scheme_keys, "scheme", err, errlen))
		return -1;
	lua_getfield(L, idx, "groups");
	if (!lua_istable(L, -1)) {
		snprintf(err, errlen, "the scheme needs 'groups'");
		return -1;
	}
	if (check_list(L, -1, "groups", err, errlen))
		return -1;
	int ng = (int)lua_rawlen(L, -1);
	s->groups = calloc((size_t)ng + 1, sizeof *s->groups);
	for (int g = 1; g <= ng; g++) {
		if (lua_rawgeti(L, -1, g) != LUA_TTABLE) {
			snprintf(err, errlen, "group %d must be a table { name =, points =, "
			         "indicators = }", g);
			return -1;
		}
		int gi = lua_gettop(L);
		nse_group *G = &s->groups[s->ngroups++];
		G->name = field_str(L, gi, "name");
		char what[300];
		snprintf(what, sizeof what, "group '%s'", G->name ? G->name : "?");
		if (unknown_key(L, gi, group_keys, what, err, errlen))
			return -1;
		if (!G->name) {
			snprintf(err, errlen, "group %d needs a 'name' (a string)", g);
			return -1;
		}
		if (lua_getfield(L, gi, "points") == LUA_TNIL) {
			snprintf(err, errlen, "%s needs 'points'", what);
			return -1;
		}
		lua_pop(L, 1);
		if (scheme_number(L, gi, "points", 0, 1, what, &G->points, err, errlen))
			return -1;
		int it = lua_getfield(L, gi, "indicators");
		if (it != LUA_TNIL && it != LUA_TTABLE) {
			snprintf(err, errlen, "%s: 'indicators' must be a list", what);
			return -1;
		}
		if (it == LUA_TTABLE && check_list(L, -1, what, err, errlen))
			return -1;
		int ni = it == LUA_TTABLE ? (int)lua_rawlen(L, -1) : 0;
		G->inds = calloc((size_t)ni + 1, sizeof *G->inds);
		for (int i = 1; i <= ni; i++) {
			lua_rawgeti(L, -1, i);
			nse_indref *I = &G->inds[G->ninds++];
			int e = lua_gettop(L);
			if (lua_type(L, e) == LUA_TSTRING) {
				I->id = dupstr(lua_tostring(L, e));
				I->deduct = 1;
				I->cap = G->points;
			} else if (lua_istable(L, e)) {
				if (unknown_key(L, e, ind_keys, what, err, errlen))
					return -1;
				lua_rawgeti(L, e, 1);
				I->id = lua_type(L, -1) == LUA_TSTRING ? dupstr(lua_tostring(L, -1)) : NULL;
				lua_pop(L, 1);
				if (!I->id)
					I->id = field_str(L, e, "id");
				char iw[400];
				snprintf(iw, sizeof iw, "%.200s, indicator '%.150s'", what, I->id ? I->id : "?");
				if (scheme_number(L, e, "deduct", 1, 0, iw, &I->deduct, err, errlen) ||
				    scheme_number(L, e, "cap", G->points, 0, iw, &I->cap, err, errlen))
					return -1;
				int st = lua_getfield(L, e, "shared");
				I->shared = lua_toboolean(L, -1);
				lua_pop(L, 1);
				if (st != LUA_TNIL && st != LUA_TBOOLEAN) {
					snprintf(err, errlen, "%s: 'shared' must be true or false", iw);
					return -1;
				}
			} else {
				snprintf(err, errlen, "%s: indicator %d must be an id or a table "
				         "{ id, deduct =, cap = }", what, i);
				return -1;
			}
			lua_pop(L, 1);
			if (!I->id) {
				snprintf(err, errlen, "group '%s': indicator %d has no id", G->name, i);
				return -1;
			}
		}
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
	return 0;
}

/* An indicator in two groups deducts in both: only when every entry of it
 * says so (shared = true); twice in one group, never. */
static int check_repeats(const ns_scheme *s, char *err, size_t errlen)
{
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ninds; i++) {
			const nse_indref *I = &s->groups[g].inds[i];
			for (int h = 0; h <= g; h++)
				for (int j = 0; j < (h == g ? i : s->groups[h].ninds); j++) {
					const nse_indref *J = &s->groups[h].inds[j];
					if (strcmp(I->id, J->id) != 0)
						continue;
					if (h == g) {
						snprintf(err, errlen, "group '%s' lists indicator '%s' twice",
						         s->groups[g].name, I->id);
						return -1;
					}
					if (!I->shared || !J->shared) {
						snprintf(err, errlen, "indicator '%s' is in group '%s' and in "
						         "group '%s': it would deduct in both; if that is meant, "
						         "write each of its entries as { \"%s\", shared = true }",
						         I->id, s->groups[h].name, s->groups[g].name, I->id);
						return -1;
					}
				}
		}
	return 0;
}

static int read_counts(lua_State *L, int idx, unsigned *out, char *err, size_t errlen)
{
	int t = lua_getfield(L, idx, "counts");
	unsigned mask = 0;
	if (t == LUA_TNIL) {
		mask = 1u << NS_INFO | 1u << NS_WARNING | 1u << NS_ERROR;
	} else if (t != LUA_TTABLE || check_list(L, -1, "counts", err, errlen)) {
		if (t != LUA_TTABLE)
			snprintf(err, errlen, "'counts' must be a list of severities (info, "
			         "warning, error)");
		lua_pop(L, 1);
		return -1;
	} else {
		for (int i = 1; i <= (int)lua_rawlen(L, -1); i++) {
			lua_rawgeti(L, -1, i);
			const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
			if (strcmp(v, "info") == 0) mask |= 1u << NS_INFO;
			else if (strcmp(v, "warning") == 0) mask |= 1u << NS_WARNING;
			else if (strcmp(v, "error") == 0) mask |= 1u << NS_ERROR;
			else {
				size_t n = (size_t)snprintf(err, errlen, "counts: unknown severity '%s' ", v);
				if (n < errlen)
					nse_hint(err + n, errlen - n, v, severities, -1);
				lua_pop(L, 2);
				return -1;
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	*out = mask;
	return 0;
}

/* Fill each group indicator's metadata from its declaration; an id no rule
 * declares is an error of the scheme. */
static int bind_indicators(lua_State *L, ns_scheme *s, char *err, size_t errlen)
{
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ninds; i++) {
			nse_indref *I = &s->groups[g].inds[i];
			if (lua_getfield(L, -1, I->id) != LUA_TTABLE) {
				snprintf(err, errlen, "group '%s' names indicator '%s', which no "
				         "rule file declares", s->groups[g].name, I->id);
				lua_pop(L, 2);
				return -1;
			}
			int t = lua_gettop(L);
			I->title = field_str(L, t, "title");
			I->category = field_str(L, t, "category");
			I->severity = field_str(L, t, "severity");
			if (!I->severity)
				I->severity = strdup("warning");
			I->basis = field_str(L, t, "basis");
			I->version = field_str(L, t, "version");
			I->where = field_str(L, t, "_where");
			/* run-level data the check reads: declared, so that a run
			 * builds only what its scheme asks for */
			if (lua_getfield(L, t, "uses") == LUA_TTABLE) {
				for (lua_Integer k = 1; lua_rawgeti(L, -1, k) != LUA_TNIL; k++) {
					const char *u = lua_tostring(L, -1);
					if (!u || strcmp(u, "copies") != 0) {
						static const char *const uses[] = {"copies", NULL};
						size_t o = (size_t)snprintf(err, errlen, "indicator '%s': uses: "
						                            "unknown '%s' ", I->id, u ? u : "?");
						if (o < errlen)
							nse_hint(err + o, errlen - o, u ? u : "?", uses, -1);
						lua_pop(L, 4);
						return -1;
					}
					s->uses_copies = 1;
					lua_pop(L, 1);
				}
				lua_pop(L, 1);
			} else if (!lua_isnil(L, -1)) {
				snprintf(err, errlen, "indicator '%s': uses must be a list, e.g. "
				         "uses = { \"copies\" }", I->id);
				lua_pop(L, 3);
				return -1;
			}
			lua_pop(L, 1);
			if (!I->title)
				I->title = strdup(I->id);
			lua_pop(L, 1);
		}
	lua_pop(L, 1);
	return 0;
}

/* ---- params: declared by the rules, given by the scheme ---------------
 *
 * A check reads ctx.params.deadlines; a scheme that writes `deadline` or
 * gives a number where a table belongs would leave the check on its
 * fallback without a word.  So every param a check reads is declared by
 * its indicator (params = { deadlines = { type = "table", default = … } }),
 * a scheme's param that no loaded rule declares is refused, naming the
 * closest declared one, and ctx.params is the declared defaults with the
 * scheme's values over them. */

/* Are the data at a and b the same (numbers, strings, booleans, tables of
 * them, compared raw and deeply)? */
static int same_data(lua_State *L, int a, int b, int depth)
{
	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	if (lua_type(L, a) != lua_type(L, b))
		return 0;
	if (!lua_istable(L, a))
		return lua_rawequal(L, a, b);
	if (depth > SCHEME_DEPTH)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		int x = pass ? b : a, y = pass ? a : b;
		lua_pushnil(L);
		while (lua_next(L, x)) {
			lua_pushvalue(L, -2);
			lua_rawget(L, y);
			int same = pass ? !lua_isnil(L, -1) : same_data(L, -2, -1, depth + 1);
			lua_pop(L, 2);
			if (!same) {
				lua_pop(L, 1);
				return 0;
			}
		}
	}
	return 1;
}

/* A deep copy of the data at idx, pushed (a rule's default table is its
 * file's own: the copy cannot be changed through it). */
static void push_copy(lua_State *L, int idx, int depth)
{
	idx = lua_absindex(L, idx);
	if (!lua_istable(L, idx) || depth > SCHEME_DEPTH) {
		lua_pushvalue(L, idx);
		return;
	}
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pushvalue(L, -2);
		push_copy(L, -2, depth + 1);
		lua_rawset(L, -5);
		lua_pop(L, 1);
	}
}

/* The default at d with the scheme's value at v over it, pushed: a keyed
 * table (no list part) is merged key by key, so that a scheme may give
 * only deadlines.department; anything else replaces the default. */
static void push_merged(lua_State *L, int d, int v, int depth)
{
	d = lua_absindex(L, d);
	v = lua_absindex(L, v);
	if (lua_isnil(L, v)) {
		push_copy(L, d, depth);
		return;
	}
	if (!lua_istable(L, d) || !lua_istable(L, v) || lua_rawlen(L, v) > 0 ||
	    depth > SCHEME_DEPTH) {
		push_copy(L, v, depth);
		return;
	}
	push_copy(L, d, depth);
	lua_pushnil(L);
	while (lua_next(L, v)) {
		lua_pushvalue(L, -2);
		lua_pushvalue(L, -1);
		lua_rawget(L, d);
		push_merged(L, -1, -3, depth + 1);
		lua_remove(L, -2);
		lua_rawset(L, -5);
		lua_pop(L, 1);
	}
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The declared type of the declaration at idx: its type, else its default's. */
static const char *decl_type(lua_State *L, int idx)
{
	const char *t = lua_getfield(L, idx, "type") == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);
	if (!t) {
		t = lua_typename(L, lua_getfield(L, idx, "default"));
		lua_pop(L, 1);
	}
	return t; /* a literal, or a string the declaration keeps */
}

static int bind_params(lua_State *L, char *err, size_t errlen)
{
	int top = lua_gettop(L);
	lua_newtable(L); /* name → { decl, id } */
	int decls = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	int inds = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, inds)) {
		const char *id = lua_tostring(L, -2);
		if (lua_getfield(L, -1, "params") == LUA_TTABLE) {
			int p = lua_gettop(L);
			lua_pushnil(L);
			while (lua_next(L, p)) {
				const char *name = lua_tostring(L, -2);
				if (lua_getfield(L, decls, name) == LUA_TTABLE) {
					lua_rawgeti(L, -1, 1); /* the first declaration */
					lua_rawgeti(L, -2, 2); /* and its indicator */
					const char *t1 = decl_type(L, -2), *t2 = decl_type(L, -4);
					lua_getfield(L, -2, "default");
					lua_getfield(L, -5, "default");
					if (strcmp(t1, t2) != 0 || !same_data(L, -1, -2, 0)) {
						snprintf(err, errlen, "param '%s' is declared by indicator '%s' and "
						         "by indicator '%s' with %s: declare it the same way in both",
						         name, lua_tostring(L, -3), id,
						         strcmp(t1, t2) ? "different types" : "different defaults");
						lua_settop(L, top);
						return -1;
					}
					lua_pop(L, 5);
				} else {
					lua_pop(L, 1);
					lua_createtable(L, 2, 0);
					lua_pushvalue(L, -2);
					lua_rawseti(L, -2, 1);
					lua_pushstring(L, id);
					lua_rawseti(L, -2, 2);
					lua_setfield(L, decls, name);
				}
				lua_pop(L, 1);
			}
		}
		lua_pop(L, 2);
	}
	/* the declared names, sorted, for the "did you mean" */
	int n = 0;
	lua_pushnil(L);
	while (lua_next(L, decls)) {
		n++;
		lua_pop(L, 1);
	}
	const char **names = calloc((size_t)n + 1, sizeof *names);
	n = 0;
	lua_pushnil(L);
	while (names && lua_next(L, decls)) {
		names[n++] = lua_tostring(L, -2); /* kept alive by decls */
		lua_pop(L, 1);
	}
	if (names)
		qsort(names, (size_t)n, sizeof *names, cmp_cstr);
	lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME);
	int scheme = lua_gettop(L);
	lua_getfield(L, scheme, "params");
	int given = lua_gettop(L);
	int rc = 0;
	if (!lua_isnil(L, given) && !lua_istable(L, given)) {
		snprintf(err, errlen, "'params' must be a table of named params, not a %s",
		         luaL_typename(L, given));
		rc = -1;
	}
	if (rc == 0 && lua_istable(L, given)) {
		lua_pushnil(L);
		while (rc == 0 && lua_next(L, given)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			if (!k || lua_getfield(L, decls, k) != LUA_TTABLE) {
				size_t o = (size_t)snprintf(err, errlen, "params: unknown param '%s', which "
				                            "no rule of the scheme declares ", k ? k : "?");
				if (o < errlen && names && n)
					nse_hint(err + o, errlen - o, k ? k : "?", names, n);
				else if (o < errlen)
					snprintf(err + o, errlen - o, "(its rules declare no params: an indicator "
					         "declares those its check reads, params = { name = { type = "
					         "\"number\", default = 1 } })");
				rc = -1;
				break;
			}
			lua_rawgeti(L, -1, 1);
			const char *type = decl_type(L, -1);
			const char *got = luaL_typename(L, -3);
			lua_rawgeti(L, -2, 2);
			if (strcmp(type, got) != 0) {
				snprintf(err, errlen, "params: '%s' must be a %s (declared by indicator '%s'), "
				         "not a %s", k, type, lua_tostring(L, -1), got);
				rc = -1;
			} else if (lua_type(L, -4) == LUA_TNUMBER && !isfinite(lua_tonumber(L, -4))) {
				char buf[32];
				snprintf(err, errlen, "params: '%s' must be a finite number (got %s)", k,
				         num_text(lua_tonumber(L, -4), buf, sizeof buf));
				rc = -1;
			}
			lua_pop(L, 4);
		}
	}
	if (rc == 0) {
		/* ctx.params: every declared param, the scheme's value over its default */
		lua_newtable(L);
		for (int i = 0; i < n && names; i++) {
			lua_getfield(L, decls, names[i]);
			lua_rawgeti(L, -1, 1);
			lua_getfield(L, -1, "default");
			if (lua_istable(L, given))
				lua_getfield(L, given, names[i]);
			else
				lua_pushnil(L);
			push_merged(L, -2, -1, 0);
			lua_setfield(L, -6, names[i]);
			lua_pop(L, 4);
		}
		lua_setfield(L, scheme, "params");
	}
	free(names);
	lua_settop(L, top);
	return rc;
}

/* Where in the scheme file the mistake err describes is: the names err
 * quotes ('group', 'indicator', 'key'), each
 * looked for in the source after the one before, from the scheme{} call
 * on (what follows " (" is a hint or an aside: not looked for); the
 * scheme file's data is read by C, which has no lines of it.
 * err gets "scheme.lua:LINE: " in front. */
static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80;
}

static const char *find_name(const char *src, const char *name, size_t len)
{
	for (const char *p = src; (p = strstr(p, name)) != NULL; p++) {
		if ((p > src && (ident_char(p[-1]) || p[-1] == '.')) || ident_char(p[len]))
			continue;
		/* not in a comment: no "--" before it on its line */
		const char *bol = p;
		while (bol > src && bol[-1] != '\n')
			bol--;
		const char *dash = strstr(bol, "--");
		if (dash && dash < p)
			continue;
		return p;
	}
	return NULL;
}

static void scheme_located(const ns_scheme *s, lua_State *L, char *err, size_t errlen)
{
	lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME_LINE);
	int line = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	const char *from = s->source;
	for (int l = 1; l < line && from; l++)
		from = strchr(from, '\n') ? strchr(from, '\n') + 1 : NULL;
	if (!from)
		from = s->source;
	/* what follows " (" is a hint or an aside, not the place */
	const char *end = strstr(err, " (") ? strstr(err, " (") : err + strlen(err);
	for (const char *q = strchr(err, '\''); q && q < end; q = strchr(q, '\'')) {
		const char *e = strchr(q + 1, '\'');
		if (!e || e >= end)
			break;
		char name[256];
		size_t len = (size_t)(e - q - 1);
		if (len && len < sizeof name) {
			memcpy(name, q + 1, len);
			name[len] = 0;
			const char *at = find_name(from, name, len);
			if (at)
				from = at;
		}
		q = e + 1;
	}
	int ln = 1;
	for (const char *p = s->source; p < from; p++)
		ln += *p == '\n';
	char *buf = malloc(errlen);
	if (!buf)
		return;
	snprintf(buf, errlen, "%s:%d: %s", s->chunkname, ln, err);
	memcpy(err, buf, errlen);
	free(buf);
}

static int list_checks(ns_scheme *s)
{
	int total = 0;
	for (int g = 0; g < s->ngroups; g++)
		total += s->groups[g].ninds;
	s->checks = calloc((size_t)total + 1, sizeof *s->checks);
	if (!s->checks)
		return -1;
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ninds; i++) {
			nse_indref *I = &s->groups[g].inds[i];
			I->check = -1;
			for (int k = 0; k < s->nchecks && I->check < 0; k++)
				if (strcmp(s->checks[k]->id, I->id) == 0)
					I->check = k;
			if (I->check < 0) {
				I->check = s->nchecks;
				s->checks[s->nchecks++] = I;
			}
		}
	return 0;
}

static void hash_scheme(ns_scheme *s)
{
	/* the scheme and every rule module it loads, in order */
	size_t cap = s->srclen + 1, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return;
	memcpy(buf, s->source, s->srclen);
	len = s->srclen;
	for (int m = 0; m < s->nmodules; m++)
		for (int r = 0; r < s->nroots; r++) {
			char path[4096], rel[2048];
			snprintf(rel, sizeof rel, "%s", s->modules[m]);
			for (char *p = rel; *p; p++)
				if (*p == '.')
					*p = '/';
			snprintf(path, sizeof path, "%s/%s.lua", s->roots[r], rel);
			char *src;
			size_t n;
			if (nse_read_file(path, &src, &n) != 0)
				continue;
			char *p = len + n > cap ? realloc(buf, cap = (len + n) * 2) : buf;
			if (!p) {
				free(src);
				free(buf);
				return;
			}
			buf = p;
			memcpy(buf + len, src, n);
			len += n;
			free(src);
			break;
		}
	ns_sha256_hex(buf, len, s->sha256);
	free(buf);
}

/* Run the scheme file, read its table, resolve and load its rules, bind
 * its indicators: everything that runs rule code.  Errors go to err. */
static int load_into(ns_scheme *s, char bases[][1024], int nb, char *err, size_t errlen)
{
	nse_state *S = &s->S;
	lua_State *L = S->L;
	scheme_collector(S, s->chunkname, 1);
	int rc = nse_run_string(S, s->source, s->srclen, s->chunkname);
	scheme_collector(S, s->chunkname, 0);
	if (rc) {
		snprintf(err, errlen, "%s", S->err);
	} else if (lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME) != LUA_TTABLE) {
		snprintf(err, errlen, "%s: no scheme{ … } in the file", s->chunkname);
		rc = NS_ERR_RULE;
	} else {
		int t = lua_gettop(L);
		char path[256] = "scheme";
		if (check_data(L, t, path, sizeof path, 0, err, errlen) ||
		    read_counts(L, t, &s->counts, err, errlen))
			rc = NS_ERR_RULE;
		s->name = field_str(L, t, "name");
		s->version = field_str(L, t, "version");
		if (rc == NS_OK && !s->name) {
			snprintf(err, errlen, "the scheme needs a 'name'");
			rc = NS_ERR_RULE;
		}
		int rt = lua_getfield(L, t, "rules");
		if (rc == NS_OK && rt != LUA_TNIL && (rt != LUA_TTABLE ||
		    check_list(L, -1, "rules", err, errlen))) {
			if (rt != LUA_TTABLE)
				snprintf(err, errlen, "'rules' must be a list of rule directories or files");
			rc = NS_ERR_RULE;
		}
		for (int i = 1; rc == NS_OK && rt == LUA_TTABLE && i <= (int)lua_rawlen(L, -1); i++) {
			lua_rawgeti(L, -1, i);
			const char *e = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			if (!e) {
				snprintf(err, errlen, "rules: entry %d must be a string (a rule directory "
				         "or file)", i);
				rc = NS_ERR_RULE;
			} else if (resolve_rules(s, e, bases, nb, err, errlen)) {
				rc = NS_ERR_RULE;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (rc == NS_OK && (read_groups(L, t, s, err, errlen) || check_repeats(s, err, errlen)))
			rc = NS_ERR_RULE;
		if (rc != NS_OK)
			scheme_located(s, L, err, errlen); /* a mistake in the scheme's data */
		lua_settop(L, 0);
	}
	if (rc == NS_OK && load_modules(S, s) != NS_OK) {
		snprintf(err, errlen, "%s", S->err);
		rc = S->limit_hit ? NS_ERR_LIMIT : NS_ERR_RULE;
	}
	if (rc == NS_OK && (bind_indicators(L, s, err, errlen) || bind_params(L, err, errlen))) {
		scheme_located(s, L, err, errlen);
		rc = NS_ERR_RULE;
	}
	return rc;
}

/* ---- loading under the wall clock -------------------------------------
 *
 * The instruction budget sees Lua code only: a pattern of exponential
 * time at a rule file's top level runs in C, where only a clock can stop
 * it, and Lua code cannot be stopped safely from a signal handler.  So the
 * load runs first in a forked copy of the state (trial_load), with a timer
 * re-armed for each file that begins to run: past the limit, the process
 * notes the rule line it was on and ends, and the scheme is refused with
 * that place.  The copy starts from the same state as the real load (the
 * same hash seed, the same heap), so what finished there finishes here. */
typedef struct trial_shared {
	double since;          /* when the current file began */
	char file[256];        /* the current file */
	char where[LUA_IDSIZE + 24]; /* the rule line the timer stopped */
} trial_shared;

static trial_shared *trial_sh;
static lua_State *trial_L;
static long trial_secs;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void trial_watch(const char *chunkname)
{
	snprintf(trial_sh->file, sizeof trial_sh->file, "%s", chunkname);
	trial_sh->since = now_s();
	struct itimerval it = {{0, 0}, {trial_secs, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
}

/* In the trial's process, past the limit: where in rule code it was (the
 * Lua frame under the C function that runs), then out.  The state is
 * stopped in C code; lua_getstack and lua_getinfo("Sl") only read it. */
static void trial_alarm(int sig)
{
	(void)sig;
	lua_Debug ar;
	for (int level = 0; level < 64 && lua_getstack(trial_L, level, &ar); level++) {
		if (!lua_getinfo(trial_L, "Sl", &ar) || ar.currentline <= 0 ||
		    ar.source[0] != '=' || strcmp(ar.source, "=section") == 0)
			continue;
		char *o = trial_sh->where, *end = o + sizeof trial_sh->where - 12;
		for (const char *p = ar.short_src; *p && o < end; p++)
			*o++ = *p;
		*o++ = ':';
		char digits[12];
		int n = 0, line = ar.currentline;
		do
			digits[n++] = (char)('0' + line % 10);
		while ((line /= 10) && n < 11);
		while (n)
			*o++ = digits[--n];
		*o = 0;
		break;
	}
	_exit(124);
}

static int trial_load(ns_scheme *s, char bases[][1024], int nb, char *err, size_t errlen)
{
	trial_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
	                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fds[2];
	if (sh == MAP_FAILED)
		return NS_OK; /* no trial: the real load has the instruction budget */
	if (pipe(fds) != 0) {
		munmap(sh, sizeof *sh);
		return NS_OK;
	}
	memset(sh, 0, sizeof *sh);
	snprintf(sh->file, sizeof sh->file, "%s", s->chunkname);
	sh->since = now_s();
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]); /* fds[1] stays open until the process ends */
		trial_sh = sh;
		trial_L = s->S.L;
		trial_secs = s->seconds;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = trial_alarm;
		sigaction(SIGALRM, &sa, NULL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGALRM);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		nse_set_load_watch(trial_watch);
		char e[600];
		load_into(s, bases, nb, e, sizeof e);
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		munmap(sh, sizeof *sh);
		return NS_OK;
	}
	/* wait for its end (the pipe closes); a process the timer did not end
	 * (it should) is killed a little after */
	int killed = 0;
	for (;;) {
		struct pollfd p = {fds[0], POLLIN, 0};
		int r = poll(&p, 1, 500);
		if (r > 0) {
			char c;
			if (read(fds[0], &c, 1) <= 0)
				break;
		} else if (r < 0 && errno != EINTR) {
			break;
		}
		if (now_s() - sh->since > (double)s->seconds + 2) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = NS_OK;
	if (killed || (WIFEXITED(status) && WEXITSTATUS(status) == 124)) {
		snprintf(err, errlen, "%s: loading ran past the time limit of %lld s and was "
		         "stopped (C code the instruction budget cannot see: a pattern match "
		         "of exponential time?)", sh->where[0] ? sh->where : sh->file,
		         (long long)s->seconds);
		rc = NS_ERR_LIMIT;
	} else if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "%s: loading crashed (signal %d)", sh->file,
		         WTERMSIG(status));
		rc = NS_ERR_RULE;
	}
	munmap(sh, sizeof *sh);
	return rc;
}

int nse_scheme_from_source(ns_ctx *ctx, const char *src, size_t len,
                           const char *path, const char *base_dir, ns_scheme **out)
{
	*out = NULL;
	ns_scheme *s = calloc(1, sizeof *s);
	if (!s)
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	s->path = strdup(path);
	s->source = malloc(len + 1);
	memcpy(s->source, src, len);
	s->source[len] = 0;
	s->srclen = len;
	char *tmp = strdup(path);
	s->chunkname = strdup(basename(tmp));
	free(tmp);
	s->mem_limit = ctx->limits[NS_LIMIT_RULE_MEMORY];
	s->step_limit = ctx->limits[NS_LIMIT_RULE_STEPS];
	s->seconds = ctx->limits[NS_LIMIT_RULE_SECONDS];

	/* search bases: the base dir and up to three ancestors, then the
	 * installed rules */
	char bases[6][1024];
	int nb = 0;
	char cur[1024];
	snprintf(cur, sizeof cur, "%s", base_dir);
	for (int up = 0; up < 4; up++) {
		snprintf(bases[nb++], sizeof bases[0], "%s", cur);
		char *t = strdup(cur);
		snprintf(cur, sizeof cur, "%s", dirname(t));
		free(t);
		if (strcmp(cur, bases[nb - 1]) == 0)
			break;
	}
	snprintf(bases[nb++], sizeof bases[0], "%s", nse_rules_dir());

	/* the scheme's state: its rules run once here, to read the
	 * indicators, and stay loaded for scoring */
	nse_state *S = &s->S;
	char err[600] = "";
	int rc = nse_state_new(S, (size_t)s->mem_limit, s->step_limit);
	if (rc) {
		nsc_fail(ctx, rc, "%s", S->err);
		ns_scheme_free(s);
		return rc;
	}
	install_collectors(S);
	/* loading runs under the wall clock of a check: first in a process of
	 * its own, from this very state (so that it does exactly what the real
	 * load will), which is stopped if a file runs past the limit */
	if (s->seconds > 0)
		rc = trial_load(s, bases, nb, err, sizeof err);
	if (rc == NS_OK)
		rc = load_into(s, bases, nb, err, sizeof err);
	if (rc == NS_OK) {
		lua_pushboolean(S->L, 1);
		lua_setfield(S->L, LUA_REGISTRYINDEX, REG_SEALED);
		nse_ready_to_score(S);
	}
	if (rc) {
		nsc_fail(ctx, rc, "%s", err);
		ns_scheme_free(s);
		return rc;
	}
	hash_scheme(s);
	if (list_checks(s) != 0) {
		ns_scheme_free(s);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	*out = s;
	return nsc_ok(ctx);
}

/* ---- lint: what loading cannot see ------------------------------------
 *
 * A check that reads a param nobody declared gets nil at run time, on
 * every report, without a word: the rule files are read for
 * `ctx.params.NAME` and each NAME is looked up among the declared ones. */
int nse_scheme_lint(const ns_scheme *s, void (*say)(void *ud, const char *msg), void *ud)
{
	lua_State *L = s->S.L;
	int problems = 0;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME);
	lua_getfield(L, -1, "params"); /* every declared param (bind_params) */
	int params = lua_gettop(L);
	const char *names[256];
	int n = 0;
	lua_pushnil(L);
	while (lua_istable(L, params) && lua_next(L, params)) {
		if (n < 256 && lua_type(L, -2) == LUA_TSTRING)
			names[n++] = lua_tostring(L, -2); /* alive in params */
		lua_pop(L, 1);
	}
	qsort(names, (size_t)n, sizeof *names, cmp_cstr);
	for (int m = 0; m < s->nmodules; m++)
		for (int r = 0; r < s->nroots; r++) {
			char path[4096], rel[2048];
			snprintf(rel, sizeof rel, "%s", s->modules[m]);
			for (char *p = rel; *p; p++)
				if (*p == '.')
					*p = '/';
			snprintf(path, sizeof path, "%s/%s.lua", s->roots[r], rel);
			char *src;
			size_t len;
			if (nse_read_file(path, &src, &len) != 0)
				continue;
			static const char key[] = "ctx.params.";
			for (const char *p = src; (p = strstr(p, key)) != NULL; p++) {
				const char *a = p + sizeof key - 1, *b = a;
				while (ident_char(*b) && (unsigned char)*b < 0x80)
					b++;
				if (b == a || b - a > 100)
					continue;
				char name[128];
				memcpy(name, a, (size_t)(b - a));
				name[b - a] = 0;
				lua_pushstring(L, name);
				int declared = lua_istable(L, params) && lua_rawget(L, params) != LUA_TNIL;
				lua_settop(L, params);
				if (declared)
					continue;
				int line = 1;
				for (const char *q = src; q < p; q++)
					line += *q == '\n';
				char msg[1024];
				size_t o = (size_t)snprintf(msg, sizeof msg, "%s.lua:%d: reads ctx.params.%s, "
				                            "which no indicator declares ", rel, line, name);
				if (n && o < sizeof msg)
					nse_hint(msg + o, sizeof msg - o, name, names, n);
				else if (o < sizeof msg)
					snprintf(msg + o, sizeof msg - o, "(declare it: indicator{ params = { "
					         "%s = { type = …, default = … } } })", name);
				say(ud, msg);
				problems++;
			}
			free(src);
			break;
		}
	lua_pop(L, 2);
	return problems;
}

int ns_scheme_load(ns_ctx *ctx, const char *path, ns_scheme **out)
{
	if (!ctx || !path || !out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_scheme_load: invalid argument");
	char *buf;
	size_t len;
	if (nse_read_file(path, &buf, &len) != 0)
		return nsc_fail(ctx, NS_ERR_IO, "%s: cannot read the scheme", path);
	char *t = strdup(path);
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", dirname(t));
	free(t);
	int rc = nse_scheme_from_source(ctx, buf, len, path, dir, out);
	free(buf);
	return rc;
}

int ns_scheme_load_string(ns_ctx *ctx, const char *src, size_t len,
                          const char *name, const char *base_dir, ns_scheme **out)
{
	if (!ctx || !src || !out)
		return nsc_fail(ctx, NS_ERR_ARG, "ns_scheme_load_string: invalid argument");
	return nse_scheme_from_source(ctx, src, len, name ? name : "(scheme)",
	                              base_dir ? base_dir : ".", out);
}

void ns_scheme_free(ns_scheme *s)
{
	if (!s)
		return;
	for (int g = 0; g < s->ngroups; g++) {
		nse_group *G = &s->groups[g];
		for (int i = 0; i < G->ninds; i++) {
			nse_indref *I = &G->inds[i];
			free(I->id); free(I->title); free(I->category);
			free(I->severity); free(I->basis); free(I->version);
			free(I->where);
		}
		free(G->inds);
		free(G->name);
	}
	free(s->groups);
	free(s->checks);
	for (int i = 0; i < s->nmodules; i++)
		free(s->modules[i]);
	free(s->modules);
	free(s->path); free(s->name); free(s->version);
	free(s->source); free(s->chunkname);
	nse_state_free(&s->S);
	free(s);
}

const char *ns_scheme_name(const ns_scheme *s) { return s ? s->name : NULL; }
const char *ns_scheme_sha256(const ns_scheme *s) { return s ? s->sha256 : NULL; }
