/*
 * test.c — `nianshen test`: rule authors' specs (docs/rules.md §6).
 *
 * A spec file calls spec{…} once or more: a report (file or inline text),
 * the indicators to run (or a scheme), and the findings expected.  Each spec
 * runs through the same engine and sandbox as `nianshen score`; a failure
 * prints expected against actual.  Spec files are the author's own test
 * code, so they are evaluated in a plain Lua state.
 */
#include "cli.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <lauxlib.h>
#include <libgen.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int l_spec(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, LUA_REGISTRYINDEX, "specs");
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static const char *field(lua_State *L, int t, const char *k)
{
	lua_getfield(L, t, k);
	const char *v = lua_tostring(L, -1);
	lua_pop(L, 1); /* the string stays alive in the spec table */
	return v;
}

/* Append the strings of array field k as 'a','b', (ids and rule entries:
 * no quotes or backslashes in them). */
static void append_list(lua_State *L, int t, const char *k, char *buf, size_t cap)
{
	lua_getfield(L, t, k);
	for (int i = 1; lua_istable(L, -1) && i <= (int)lua_rawlen(L, -1); i++) {
		lua_rawgeti(L, -1, i);
		const char *v = lua_tostring(L, -1);
		if (v && !strpbrk(v, "'\\\n")) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, "'%s',", v);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The scheme a spec runs: its own, or one made of the indicators it names. */
static ns_scheme *spec_scheme(ns_ctx *ctx, lua_State *L, int t, const char *dir)
{
	ns_scheme *s = NULL;
	const char *scheme = field(L, t, "scheme");
	if (scheme) {
		char path[2048];
		snprintf(path, sizeof path, "%s%s%s", scheme[0] == '/' ? "" : dir,
		         scheme[0] == '/' ? "" : "/", scheme);
		ns_scheme_load(ctx, path, &s);
		return s;
	}
	char src[8192] = "scheme{ name = 'spec', rules = {";
	lua_getfield(L, t, "rules");
	int has_rules = lua_istable(L, -1);
	lua_pop(L, 1);
	if (has_rules)
		append_list(L, t, "rules", src, sizeof src);
	else
		strcat(src, "'std'");
	strcat(src, "}, groups = {{ name = 'spec', points = 100, indicators = {");
	append_list(L, t, "indicators", src, sizeof src);
	strncat(src, "}}}}", sizeof src - strlen(src) - 1);
	ns_scheme_load_string(ctx, src, strlen(src), "spec scheme", dir, &s);
	return s;
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
		lua_rawgeti(L, -1, i);
		ns_load_opts o = {0};
		ns_report *p = load_one(ctx, dir, lua_tostring(L, -1), NULL, 0, &o);
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

/* Does finding f match expectation e (id, status, message substring)? */
static int matches(const cJSON *f, lua_State *L, int e)
{
	const char *id = field(L, e, "id");
	const char *status = field(L, e, "status");
	const char *msg = field(L, e, "message");
	const char *fid = cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring;
	const char *fst = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
	const char *fmsg = cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring;
	return id && strcmp(id, fid) == 0 && (!status || strcmp(status, fst) == 0) &&
	       (!msg || strstr(fmsg, msg));
}

static void show_findings(const cJSON *findings)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, findings) {
		const char *st = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
		fprintf(stderr, "      %s %s: %s\n", st,
		        cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring,
		        cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring);
	}
}

/* Run one spec table at index t; 1 when it passes. */
static int run_spec(ns_ctx *ctx, lua_State *L, int t, const char *dir, const char *file)
{
	const char *name = field(L, t, "name");
	char label[512];
	snprintf(label, sizeof label, "%s: %s", file, name ? name : "(unnamed)");
	ns_report *r = spec_report(ctx, L, t, dir, "report", "text");
	if (!r) {
		fprintf(stderr, "FAIL %s\n    cannot load the report: %s\n", label, ns_errmsg(ctx));
		return 0;
	}
	ns_scheme *s = spec_scheme(ctx, L, t, dir);
	if (!s) {
		fprintf(stderr, "FAIL %s\n    cannot load the rules: %s\n", label, ns_errmsg(ctx));
		ns_report_release(r);
		return 0;
	}
	cJSON *res = score_spec(ctx, L, t, dir, s, r);
	ns_report_release(r);
	ns_scheme_free(s);
	if (!res) {
		fprintf(stderr, "FAIL %s\n    %s\n", label, ns_errmsg(ctx));
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
			if (ok)
				fprintf(stderr, "FAIL %s\n", label);
			ok = 0;
			const char *msg = field(L, e, "message");
			fprintf(stderr, "    expected %s %s%s%s%s — not found\n",
			        field(L, e, "status") ? field(L, e, "status") : "any",
			        field(L, e, "id") ? field(L, e, "id") : "?",
			        msg ? " with \"" : "", msg ? msg : "", msg ? "\"" : "");
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	/* every fail or error not expected is a failure of the spec */
	for (int k = 0; k < n; k++) {
		const cJSON *f = cJSON_GetArrayItem(findings, k);
		const char *st = cJSON_GetObjectItemCaseSensitive(f, "status")->valuestring;
		if (used[k] || (strcmp(st, "fail") && strcmp(st, "error")))
			continue;
		if (ok)
			fprintf(stderr, "FAIL %s\n", label);
		ok = 0;
		fprintf(stderr, "    unexpected %s %s: %s\n", st,
		        cJSON_GetObjectItemCaseSensitive(f, "rule")->valuestring,
		        cJSON_GetObjectItemCaseSensitive(f, "message")->valuestring);
	}
	lua_getfield(L, t, "score");
	if (lua_isnumber(L, -1)) {
		double want = lua_tonumber(L, -1);
		double got = cJSON_GetObjectItemCaseSensitive(res, "score")->valuedouble;
		if (want - got > 1e-9 || got - want > 1e-9) {
			if (ok)
				fprintf(stderr, "FAIL %s\n", label);
			ok = 0;
			fprintf(stderr, "    expected score %g, got %g\n", want, got);
		}
	}
	lua_pop(L, 1);
	if (!ok) {
		fprintf(stderr, "    actual findings:\n");
		show_findings(findings);
	}
	free(used);
	cJSON_Delete(res);
	return ok;
}

static void run_file(ns_ctx *ctx, const char *path, int *passed, int *failed)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "specs");
	lua_register(L, "spec", l_spec);
	if (luaL_dofile(L, path) != LUA_OK) {
		fprintf(stderr, "FAIL %s\n    %s\n", path, lua_tostring(L, -1));
		(*failed)++;
		lua_close(L);
		return;
	}
	char *tmp = strdup(path);
	char *dir = dirname(tmp);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	lua_getfield(L, LUA_REGISTRYINDEX, "specs");
	int specs = lua_gettop(L);
	for (int i = 1; i <= (int)lua_rawlen(L, specs); i++) {
		lua_rawgeti(L, specs, i);
		if (run_spec(ctx, L, lua_gettop(L), dir, base))
			(*passed)++;
		else
			(*failed)++;
		lua_settop(L, specs);
	}
	free(tmp);
	lua_close(L);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_test(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(stderr, "test: give spec files or directories");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_usage(stdout, NULL);
	ns_ctx *ctx = ns_open();
	int passed = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "FAIL %s: no such file or directory\n", argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			run_file(ctx, argv[i], &passed, &failed);
			continue;
		}
		DIR *d = opendir(argv[i]);
		char *names[1024];
		int n = 0;
		struct dirent *e;
		while (d && (e = readdir(d)) && n < 1024) {
			size_t len = strlen(e->d_name);
			if (len > 9 && strcmp(e->d_name + len - 9, "_spec.lua") == 0)
				names[n++] = strdup(e->d_name);
		}
		if (d)
			closedir(d);
		qsort(names, (size_t)n, sizeof *names, cmp_str);
		for (int k = 0; k < n; k++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], names[k]);
			run_file(ctx, path, &passed, &failed);
			free(names[k]);
		}
	}
	ns_close(ctx);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
