/*
 * scheme.c — scheme files: which indicators, grouped how, with what points.
 *
 * A scheme is loaded once (validated in a throw-away sandboxed state: every
 * rule module compiles, every indicator it names exists) and is immutable
 * afterwards; each worker runs the same source again in its own state.
 */
#include "scheme.h"

#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REG_INDICATORS "nianshen.indicators"
#define REG_SCHEME "nianshen.scheme"

#ifndef NS_RULES_DIR
#define NS_RULES_DIR "/usr/share/nianshen/rules"
#endif

/* ---- collectors: indicator{} and scheme{} --------------------------- */

static int l_indicator(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (lua_getfield(L, 1, "id") != LUA_TSTRING)
		return luaL_error(L, "indicator needs an 'id' (a string)");
	const char *id = lua_tostring(L, -1);
	if (lua_getfield(L, 1, "check") != LUA_TFUNCTION)
		return luaL_error(L, "indicator '%s' needs a 'check' function", id);
	lua_pop(L, 1);
	if (lua_getfield(L, 1, "severity") != LUA_TNIL) {
		const char *sev = lua_tostring(L, -1);
		if (!sev || (strcmp(sev, "info") && strcmp(sev, "warning") && strcmp(sev, "error")))
			return luaL_error(L, "indicator '%s': severity must be info, warning or error", id);
	}
	lua_pop(L, 1);
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
	lua_setfield(L, 1, "_where");
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, id);
	return 0;
}

static int l_scheme(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_pushvalue(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_SCHEME);
	return 0;
}

static void install_collectors(nse_state *S)
{
	lua_State *L = S->L;
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	/* into L0, the load-time globals */
	lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.l0");
	lua_pushcfunction(L, l_indicator);
	lua_setfield(L, -2, "indicator");
	lua_pushcfunction(L, l_scheme);
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

static double field_num(lua_State *L, int idx, const char *k, double dflt)
{
	lua_getfield(L, idx, k);
	double v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : dflt;
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
			size_t n = (size_t)snprintf(err, errlen, "%s: unknown key '%s' (known:", what, k);
			for (int i = 0; known[i] && n < errlen; i++)
				n += (size_t)snprintf(err + n, errlen - n, " %s", known[i]);
			if (n < errlen)
				snprintf(err + n, errlen - n, ")");
			lua_pop(L, 1);
			return 1;
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
	static const char *const ind_keys[] = {"id", "deduct", "cap", NULL};
	if (unknown_key(L, idx, scheme_keys, "scheme", err, errlen))
		return -1;
	lua_getfield(L, idx, "groups");
	if (!lua_istable(L, -1)) {
		snprintf(err, errlen, "the scheme needs 'groups'");
		return -1;
	}
	int ng = (int)lua_rawlen(L, -1);
	s->groups = calloc((size_t)ng + 1, sizeof *s->groups);
	for (int g = 1; g <= ng; g++) {
		lua_rawgeti(L, -1, g);
		int gi = lua_gettop(L);
		nse_group *G = &s->groups[s->ngroups++];
		G->name = field_str(L, gi, "name");
		char what[300];
		snprintf(what, sizeof what, "group '%s'", G->name ? G->name : "?");
		if (unknown_key(L, gi, group_keys, what, err, errlen))
			return -1;
		G->points = field_num(L, gi, "points", 0);
		if (!G->name || G->points <= 0) {
			snprintf(err, errlen, "group %d needs a 'name' and positive 'points'", g);
			return -1;
		}
		lua_getfield(L, gi, "indicators");
		int ni = lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
		G->inds = calloc((size_t)ni + 1, sizeof *G->inds);
		for (int i = 1; i <= ni; i++) {
			lua_rawgeti(L, -1, i);
			nse_indref *I = &G->inds[G->ninds++];
			if (lua_type(L, -1) == LUA_TSTRING) {
				I->id = dupstr(lua_tostring(L, -1));
				I->deduct = 1;
				I->cap = G->points;
			} else if (lua_istable(L, -1)) {
				if (unknown_key(L, -1, ind_keys, what, err, errlen))
					return -1;
				lua_rawgeti(L, -1, 1);
				I->id = lua_type(L, -1) == LUA_TSTRING ? dupstr(lua_tostring(L, -1)) : NULL;
				lua_pop(L, 1);
				if (!I->id)
					I->id = field_str(L, lua_gettop(L), "id");
				I->deduct = field_num(L, lua_gettop(L), "deduct", 1);
				I->cap = field_num(L, lua_gettop(L), "cap", G->points);
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

static unsigned read_counts(lua_State *L, int idx)
{
	lua_getfield(L, idx, "counts");
	unsigned mask = 0;
	if (!lua_istable(L, -1)) {
		mask = 1u << NS_INFO | 1u << NS_WARNING | 1u << NS_ERROR;
	} else {
		for (int i = 1; i <= (int)lua_rawlen(L, -1); i++) {
			lua_rawgeti(L, -1, i);
			const char *v = lua_tostring(L, -1);
			if (v && strcmp(v, "info") == 0) mask |= 1u << NS_INFO;
			if (v && strcmp(v, "warning") == 0) mask |= 1u << NS_WARNING;
			if (v && strcmp(v, "error") == 0) mask |= 1u << NS_ERROR;
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return mask;
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
			if (!I->title)
				I->title = strdup(I->id);
			lua_pop(L, 1);
		}
	lua_pop(L, 1);
	return 0;
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
	snprintf(bases[nb++], sizeof bases[0], "%s", NS_RULES_DIR);

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
	rc = nse_run_string(S, s->source, s->srclen, s->chunkname);
	lua_State *L = S->L;
	if (rc) {
		snprintf(err, sizeof err, "%s", S->err);
	} else if (lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME) != LUA_TTABLE) {
		snprintf(err, sizeof err, "%s: no scheme{ … } in the file", s->chunkname);
		rc = NS_ERR_RULE;
	} else {
		int t = lua_gettop(L);
		s->name = field_str(L, t, "name");
		s->version = field_str(L, t, "version");
		s->counts = read_counts(L, t);
		if (!s->name) {
			snprintf(err, sizeof err, "%s: the scheme needs a 'name'", s->chunkname);
			rc = NS_ERR_RULE;
		}
		lua_getfield(L, t, "rules");
		for (int i = 1; rc == NS_OK && lua_istable(L, -1) && i <= (int)lua_rawlen(L, -1); i++) {
			lua_rawgeti(L, -1, i);
			const char *e = lua_tostring(L, -1);
			if (!e || resolve_rules(s, e, bases, nb, err, sizeof err))
				rc = NS_ERR_RULE;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (rc == NS_OK && read_groups(L, t, s, err, sizeof err))
			rc = NS_ERR_RULE;
		lua_settop(L, 0);
	}
	if (rc == NS_OK && load_modules(S, s) != NS_OK) {
		snprintf(err, sizeof err, "%s", S->err);
		rc = NS_ERR_RULE;
	}
	if (rc == NS_OK && bind_indicators(L, s, err, sizeof err))
		rc = NS_ERR_RULE;
	if (rc == NS_OK)
		nse_ready_to_score(S);
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
