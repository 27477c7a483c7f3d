/*
 * scheme.c — scheme files: which indicators, grouped how, with what points.
 *
 * A scheme is loaded once (validated in a throw-away sandboxed state: every
 * rule module compiles, every indicator it names exists) and is immutable
 * afterwards; each worker runs the same source again in its own state.
 */
#include "scheme.h"
#include "map/template.h"
#include "text/text.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <math.h>
#include <libgen.h>
#include <limits.h>
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
static const char *const param_keys[] = {"type", "default", "doc", "min", "max", "above",
	"integer", "format", "keys", "values", NULL};
/* what `values` (the declaration every value of a table param meets) says */
static const char *const value_keys[] = {"type", "min", "max", "above", "integer",
	"format", "keys", "values", NULL};
static const char *const param_types[] = {"number", "string", "boolean", "table", NULL};
static const char *const param_formats[] = {"MM-DD", NULL};

static int is_known(const char *k, const char *const *known)
{
	for (int i = 0; k && known[i]; i++)
		if (strcmp(known[i], k) == 0)
			return 1;
	return 0;
}

static int cmp_cstr(const void *a, const void *b);

/* The string keys of the table at idx that are not in known, sorted (the
 * table's own strings: alive while it is), up to max; their count. */
static int unknown_keys(lua_State *L, int idx, const char *const *known, const char **out,
                        int max)
{
	int n = 0;
	idx = lua_absindex(L, idx);
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
		if (lua_type(L, -2) == LUA_TSTRING && !is_known(lua_tostring(L, -2), known) &&
		    n < max)
			out[n++] = lua_tostring(L, -2);
	qsort(out, (size_t)n, sizeof *out, cmp_cstr);
	return n;
}

/* " (also unknown: 'b', 'c')" for the unknown keys after the first that a
 * message names (lint tells each mistake once: a second misspelt key of
 * the same table was found only when the first was mended), or "". */
static const char *also_unknown(const char *const *keys, int n, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = 0;
	for (int i = 1; i < n && o < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s'%s'%s", i == 1 ? " (also unknown: " : "",
		                      keys[i], i + 1 == n ? ")" : ", ");
	return buf;
}

/* The first key of the table at idx that is not in known (a string key,
 * the first by name, or any other key as text), pushed, and the other
 * unknown string keys told in more (also_unknown); 0 and nothing when all
 * are known. */
static int first_unknown(lua_State *L, int idx, const char *const *known, char *more,
                         size_t cap)
{
	idx = lua_absindex(L, idx);
	const char *k[32];
	int n = unknown_keys(L, idx, known, k, 32);
	also_unknown(k, n, more, cap);
	if (n) {
		lua_pushstring(L, k[0]);
		return 1;
	}
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
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
static const char *decl_type(lua_State *L, int idx);
static const char *num_text(double v, char *buf, size_t n);
static int cmp_cstr(const void *a, const void *b);

/* ---- a param's declaration, and the values it allows -------------------
 *
 * A declaration says what a value may be, as data (it is read by C when
 * the scheme binds its params, outside any budget, so it holds no code):
 * `type`; for a number `min`, `max` (inclusive), `above` (exclusive) and
 * `integer = true`; for a string `format = "MM-DD"` (a month and day that
 * exist); for a table `keys` (the keys it may have) and `values` (a
 * declaration each of its values meets).  The default and the scheme's
 * value are both checked against it. */

static int is_mmdd(const char *v, size_t len)
{
	if (len != 5 || v[2] != '-')
		return 0;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (v[i] < '0' || v[i] > '9'))
			return 0;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m = (v[0] - '0') * 10 + v[1] - '0', d = (v[3] - '0') * 10 + v[4] - '0';
	return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

/* "a whole number >= 0", "a number > 0 and <= 1": what decl asks of a number */
static void range_text(lua_State *L, int decl, char *buf, size_t cap)
{
	lua_getfield(L, decl, "integer");
	size_t o = (size_t)snprintf(buf, cap, "%s", lua_toboolean(L, -1) ? "a whole number" : "a number");
	lua_pop(L, 1);
	static const char *const bounds[][2] = {{"above", ">"}, {"min", ">="}, {"max", "<="}};
	int n = 0;
	for (int i = 0; i < 3; i++) {
		if (lua_getfield(L, decl, bounds[i][0]) == LUA_TNUMBER && o < cap)
			o += (size_t)snprintf(buf + o, cap - o, "%s %s %g", n++ ? " and" : "",
			                      bounds[i][1], lua_tonumber(L, -1));
		lua_pop(L, 1);
	}
}

/* The strings of the list at decl.keys, into names (up to cap); their count,
 * -1 when decl has no keys. */
static int decl_keys(lua_State *L, int decl, const char **names, int cap)
{
	if (lua_getfield(L, decl, "keys") != LUA_TTABLE) {
		lua_pop(L, 1);
		return -1;
	}
	int n = 0;
	for (int i = 1; n < cap && lua_rawgeti(L, -1, i) == LUA_TSTRING; i++) {
		names[n++] = lua_tostring(L, -1); /* alive in the declaration */
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	names[n] = NULL;
	return n;
}

/* Where check_value tells each mistake of a table's entries (a scheme's
 * value: every one is told), when not only the first (a default). */
typedef struct teller {
	void (*tell)(void *ud, const char *msg);
	void *ud;
} teller;
static const teller *value_teller;

/* Does the value at v meet the declaration at decl?  `what` names the
 * value ("'deadlines'"); 0, or -1 with the (first) mistake in err. */
static int check_value(lua_State *L, int v, int decl, const char *what, int depth,
                       char *err, size_t errlen)
{
	v = lua_absindex(L, v);
	decl = lua_absindex(L, decl);
	const char *type = decl_type(L, decl);
	const char *got = luaL_typename(L, v);
	char buf[160], num[64];
	if (strcmp(type, "nil") != 0 && strcmp(type, got) != 0) {
		snprintf(err, errlen, "%s must be a %s, not a %s", what, type, got);
		return -1;
	}
	if (lua_type(L, v) == LUA_TNUMBER) {
		double x = lua_tonumber(L, v);
		int bad = !isfinite(x);
		lua_getfield(L, decl, "integer");
		bad = bad || (lua_toboolean(L, -1) && x != floor(x));
		lua_getfield(L, decl, "above");
		bad = bad || (lua_isnumber(L, -1) && !(x > lua_tonumber(L, -1)));
		lua_getfield(L, decl, "min");
		bad = bad || (lua_isnumber(L, -1) && !(x >= lua_tonumber(L, -1)));
		lua_getfield(L, decl, "max");
		bad = bad || (lua_isnumber(L, -1) && !(x <= lua_tonumber(L, -1)));
		lua_pop(L, 4);
		if (bad) {
			range_text(L, decl, buf, sizeof buf);
			snprintf(err, errlen, "%s must be %s%s (got %s)", what,
			         strcmp(buf, "a number") == 0 ? "a finite number" : buf,
			         "", num_text(x, num, sizeof num));
			return -1;
		}
	} else if (lua_type(L, v) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, v, &len);
		int f = lua_getfield(L, decl, "format") == LUA_TSTRING &&
		        strcmp(lua_tostring(L, -1), "MM-DD") == 0;
		lua_pop(L, 1);
		if (f && !is_mmdd(s, len)) {
			snprintf(err, errlen, "%s must be a date MM-DD, a month and a day that exist "
			         "(\"01-31\"; got '%.60s')", what, s);
			return -1;
		}
	} else if (lua_type(L, v) == LUA_TTABLE && depth < 8) {
		const char *names[65];
		int n = decl_keys(L, decl, names, 64);
		lua_getfield(L, decl, "values");
		int vals = lua_gettop(L);
		/* every entry's mistake is told (value_teller), the first kept in err */
		const teller *T = value_teller;
		int bad = 0;
		char e[1024];
		lua_pushnil(L);
		while (lua_next(L, v)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			int wrong = 0;
			if (n >= 0 && (!k || !is_known(k, names))) {
				char kt[64];
				snprintf(kt, sizeof kt, "%s", k ? k : lua_type(L, -2) == LUA_TNUMBER ?
				         lua_tostring(L, -2) : "?");
				size_t o = (size_t)snprintf(e, sizeof e, "%s: unknown key '%s' ", what, kt);
				if (o < sizeof e)
					nse_hint(e + o, sizeof e - o, kt, names, n);
				wrong = 1;
			} else if (lua_istable(L, vals)) {
				char sub[300];
				if (k)
					snprintf(sub, sizeof sub, "%.200s, key '%.60s'", what, k);
				else
					snprintf(sub, sizeof sub, "%.200s, entry %s", what,
					         lua_type(L, -2) == LUA_TNUMBER ? lua_tostring(L, -2) : "?");
				value_teller = NULL;
				wrong = check_value(L, -1, vals, sub, depth + 1, e, sizeof e) != 0;
				value_teller = T;
			}
			if (wrong) {
				if (!bad++)
					snprintf(err, errlen, "%s", e);
				if (!T)
					break;
				T->tell(T->ud, e);
			}
			lua_settop(L, vals + 1); /* the key */
		}
		lua_settop(L, vals - 1);
		if (bad)
			return T ? -2 : -1; /* -2: each told already */
	}
	return 0;
}

/* Is the declaration at decl well made (its keys, its type, its bounds,
 * format, keys and values)?  `values`: the declaration of a table's
 * values (no default, no doc).  0, or -1 with the mistake in err. */
static int check_decl(lua_State *L, int decl, const char *name, int values, int depth,
                      char *err, size_t errlen)
{
	decl = lua_absindex(L, decl);
	const char *const *known = values ? value_keys : param_keys;
	if (!lua_istable(L, decl) || lua_getmetatable(L, decl)) {
		snprintf(err, errlen, "param '%s'%s must be declared as a table { type = "
		         "\"number\"|\"string\"|\"boolean\"|\"table\", default = …, doc = \"…\" }",
		         name, values ? ": values" : "");
		return -1;
	}
	char more[256];
	if (first_unknown(L, decl, known, more, sizeof more)) {
		char h[512];
		nse_hint(h, sizeof h, lua_tostring(L, -1), known, -1);
		snprintf(err, errlen, "param '%s'%s: unknown key '%s' %s%s", name,
		         values ? ": values" : "", lua_tostring(L, -1), h, more);
		lua_pop(L, 1);
		return -1;
	}
	int t = lua_getfield(L, decl, "type");
	const char *type = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (t != LUA_TNIL && !is_known(type, param_types)) {
		char h[256];
		nse_hint(h, sizeof h, type ? type : "?", param_types, -1);
		snprintf(err, errlen, "param '%s'%s: unknown type '%s' %s", name,
		         values ? ": values" : "", type ? type : luaL_typename(L, -1), h);
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	if (values && !type) {
		snprintf(err, errlen, "param '%s': values needs a type", name);
		return -1;
	}
	type = decl_type(L, decl);
	static const char *const nums[] = {"min", "max", "above", NULL};
	for (int i = 0; nums[i]; i++) {
		int nt = lua_getfield(L, decl, nums[i]);
		double x = lua_tonumber(L, -1);
		lua_pop(L, 1);
		if (nt != LUA_TNIL && (nt != LUA_TNUMBER || !isfinite(x) || strcmp(type, "number"))) {
			snprintf(err, errlen, "param '%s'%s: '%s' is a finite number, for a param of "
			         "type number", name, values ? ": values" : "", nums[i]);
			return -1;
		}
	}
	int it = lua_getfield(L, decl, "integer");
	lua_pop(L, 1);
	if (it != LUA_TNIL && (it != LUA_TBOOLEAN || strcmp(type, "number"))) {
		snprintf(err, errlen, "param '%s'%s: 'integer' is true or false, for a param of "
		         "type number", name, values ? ": values" : "");
		return -1;
	}
	int ft = lua_getfield(L, decl, "format");
	const char *fmt = ft == LUA_TSTRING ? lua_tostring(L, -1) : "?";
	if (ft != LUA_TNIL && (!is_known(fmt, param_formats) || strcmp(type, "string"))) {
		char h[256];
		nse_hint(h, sizeof h, fmt, param_formats, -1);
		snprintf(err, errlen, "param '%s'%s: format '%s' %s, for a param of type string",
		         name, values ? ": values" : "", fmt, h);
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	int kt = lua_getfield(L, decl, "keys");
	int badkeys = kt != LUA_TNIL && (kt != LUA_TTABLE || strcmp(type, "table"));
	for (int i = 1; !badkeys && kt == LUA_TTABLE && i <= (int)lua_rawlen(L, -1); i++) {
		badkeys = lua_rawgeti(L, -1, i) != LUA_TSTRING;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (badkeys) {
		snprintf(err, errlen, "param '%s'%s: 'keys' is a list of the keys (strings) a "
		         "param of type table may have", name, values ? ": values" : "");
		return -1;
	}
	int vt = lua_getfield(L, decl, "values");
	if (vt != LUA_TNIL && strcmp(type, "table")) {
		snprintf(err, errlen, "param '%s'%s: 'values' is for a param of type table", name,
		         values ? ": values" : "");
		lua_pop(L, 1);
		return -1;
	}
	if (vt != LUA_TNIL && (depth > 4 || check_decl(L, -1, name, 1, depth + 1, err, errlen))) {
		if (depth > 4)
			snprintf(err, errlen, "param '%s': values nested too deep", name);
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	return 0;
}

/* ---- errors of indicator{} ------------------------------------------
 *
 * Raised at the rule file's line (of the key at fault when the file's text
 * shows it, else of the indicator{} call); in lint mode (nianshen lint)
 * recorded instead, and the file goes on loading, so that every mistake
 * of it is reported, not the first only. */
#define REG_LINT "nianshen.lint"          /* a list: lint mode records here */
#define REG_ROOTS "nianshen.roots"        /* where rule files are, for their text */
#define REG_LINT_ID "nianshen.lint.id"    /* the id of the indicator{} being read */

/* The line of `key =` in the calling rule file, at or after the line of
 * the indicator{} call; 0 when the text does not show it. */
static int key_line(lua_State *L, const char *key)
{
	lua_Debug ar;
	if (!key || !lua_getstack(L, 1, &ar) || !lua_getinfo(L, "Sl", &ar) ||
	    ar.source[0] != '=' || ar.currentline <= 0)
		return 0;
	int line = 0;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_ROOTS);
	for (int i = 1; line == 0 && lua_istable(L, -1) && lua_rawgeti(L, -1, i) == LUA_TSTRING; i++) {
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", lua_tostring(L, -1), ar.source + 1);
		lua_pop(L, 1);
		char *src;
		size_t len;
		if (nse_read_file(path, &src, &len) != 0)
			continue;
		const char *p = src;
		for (int l = 1; l < ar.currentline && p; l++)
			p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
		size_t klen = strlen(key);
		for (; p && (p = strstr(p, key)) != NULL; p++) {
			const char *q = p + klen;
			if (p > src && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))
				continue;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q != '=' || q[1] == '=')
				continue;
			line = 1;
			for (const char *c = src; c < p; c++)
				line += *c == '\n';
			break;
		}
		free(src);
	}
	lua_pop(L, 1);
	return line;
}

/* The mistake fmt… of the indicator{} being called, at the line of key
 * (NULL: of the call): raised, or in lint mode recorded (returns then). */
static void ind_error(lua_State *L, const char *key, const char *fmt, ...)
{
	int line = key_line(L, key);
	lua_Debug ar;
	if (line && lua_getstack(L, 1, &ar) && lua_getinfo(L, "S", &ar))
		lua_pushfstring(L, "%s:%d: ", ar.short_src, line);
	else
		luaL_where(L, 1);
	va_list ap;
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 2);
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_LINT) == LUA_TTABLE) {
		lua_pushvalue(L, -2);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		/* the indicator refused is not told again as unknown to its group */
		if (lua_getfield(L, LUA_REGISTRYINDEX, REG_LINT_ID) == LUA_TSTRING) {
			lua_pushboolean(L, 1);
			lua_rawset(L, -3);
		} else {
			lua_pop(L, 1);
		}
		lua_pop(L, 2);
		return;
	}
	lua_pop(L, 1);
	lua_error(L);
}

/* An indicator's id: lowercase dotted words, "arith.t3_balance" */
static int good_id(const char *id)
{
	if (!*id || *id == '.')
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      (*p == '.' && p[1] && p[1] != '.')))
			return 0;
	return 1;
}

/* A text a rule or scheme file declares (a title, a group's name) goes
 * as it is into every result file, JSON, CSV, XLSX and HTML, which are
 * UTF-8: a string that is not UTF-8 (a "\xff" escape, a GBK file) would
 * make them invalid.  So it is refused where it is declared; messages and
 * evidence, which checks make per report, are mended to U+FFFD instead
 * (run.c).  A NUL byte is refused too ("G\0x" would be "G" in the
 * results, cut without a word).  0 when s[0..n) is UTF-8 without a NUL;
 * else the offset of the first bad
 * byte + 1, with the text shown in `out` as Lua would write it: each byte
 * that is not UTF-8, and each control character, as \xhh (so that the
 * message is safe on a terminal and names the text as its file may
 * spell it, "G\xff", for scheme_located to find). */
static size_t bad_utf8(const char *s, size_t n, char *out, size_t cap)
{
	size_t bad = 0, o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if ((!k || !cp) && !bad)
			bad = i + 1; /* a NUL too: the C side would cut the text there */
		if (o + 8 >= cap) {
			if (o + 4 <= cap)
				memcpy(out + o, "…", 4), o += 3;
			break;
		}
		if (!k || cp < 0x20 || cp == 0x7F) {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		memcpy(out + o, s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
	}
	if (cap)
		out[o < cap ? o : cap - 1] = 0;
	return bad;
}

/* The first words of the standard library's ids (the files of rules/std).  A
 * rule of another file declaring one (structure.deadline) would stand in
 * the results as the standard check it is not, with the standard check's
 * name, when its scheme does not load std (and be refused as defined twice
 * when it does): these namespaces are the standard library's alone.
 * spec/newuser_spec.lua checks that every id of rules/std is under one. */
static const char *const std_namespaces[] = {"arith", "complete", "plaus", "quality",
	"report", "s1", "s5", "s6", "structure", "text", NULL};

static int std_namespace(const char *id)
{
	size_t n = strcspn(id, ".");
	for (int i = 0; std_namespaces[i]; i++)
		if (strlen(std_namespaces[i]) == n && strncmp(id, std_namespaces[i], n) == 0)
			return 1;
	return 0;
}

static const char *std_namespaces_text(void)
{
	static char buf[160];
	if (!buf[0])
		for (int i = 0; std_namespaces[i]; i++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s.*", i ? " " : "",
			         std_namespaces[i]);
	return buf;
}

/* Is the file calling indicator{} one of the standard library's, the
 * module std.NAME (its chunk "=std/NAME.lua", the name it is served by)? */
static int std_file(lua_State *L)
{
	lua_Debug ar;
	return lua_getstack(L, 1, &ar) && lua_getinfo(L, "S", &ar) &&
	       strncmp(ar.source, "=std/", 5) == 0;
}

/* params = { name = { type =, default =, doc =, … } }: the params the
 * indicator's check reads from ctx.params, declared so that a scheme's
 * misspelt, mistyped or out-of-range param is refused (bind_params) and
 * the check reads the default when the scheme gives none.  0, or -1 when
 * a mistake was recorded (lint mode). */
static int check_param_decls(lua_State *L, int d, const char *id)
{
	if (lua_getfield(L, d, "params") == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (!lua_istable(L, -1) || lua_getmetatable(L, -1)) {
		ind_error(L, "params", "indicator '%s': params must be a table { name = { type = "
		          "\"number\", default = 0.5 }, … }", id);
		return -1;
	}
	int p = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, p)) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			ind_error(L, "params", "indicator '%s': params: a param's name is a string", id);
			return -1;
		}
		const char *name = lua_tostring(L, -2);
		char e[1024];
		if (check_decl(L, -1, name, 0, 0, e, sizeof e)) {
			/* the line of the key at fault, else of the param */
			const char *q = strstr(e, "unknown key '");
			char key[64] = "";
			if (q)
				sscanf(q + 13, "%63[A-Za-z0-9_]", key);
			ind_error(L, key[0] && key_line(L, key) ? key : name, "indicator '%s': %s", id, e);
			return -1;
		}
		int dt = lua_getfield(L, -1, "default");
		const char *type = decl_type(L, -2);
		if (strcmp(type, "nil") == 0) {
			ind_error(L, name, "indicator '%s': param '%s' needs a type or a default", id, name);
			return -1;
		}
		if (dt != LUA_TNIL && dt != LUA_TNUMBER && dt != LUA_TSTRING && dt != LUA_TBOOLEAN &&
		    dt != LUA_TTABLE) {
			ind_error(L, name, "indicator '%s': param '%s': a default is data (a number, "
			          "string, boolean or table), not a %s", id, name, lua_typename(L, dt));
			return -1;
		}
		if (dt != LUA_TNIL && strcmp(lua_typename(L, dt), type) != 0) {
			ind_error(L, name, "indicator '%s': param '%s': the default is a %s, not a %s",
			          id, name, lua_typename(L, dt), type);
			return -1;
		}
		if (dt == LUA_TTABLE) {
			char path[256];
			snprintf(path, sizeof path, "param '%.100s' default", name);
			if (check_data(L, -1, path, sizeof path, 0, e, sizeof e)) {
				ind_error(L, name, "indicator '%s': %s", id, e);
				return -1;
			}
		}
		char what[160];
		snprintf(what, sizeof what, "param '%.100s': the default", name);
		value_teller = NULL; /* the first mistake of a default is enough */
		if (dt != LUA_TNIL && check_value(L, -1, -2, what, 0, e, sizeof e)) {
			ind_error(L, name, "indicator '%s': %s", id, e);
			return -1;
		}
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
	return 0;
}

static int l_indicator(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (nse_rule_file_copy(L))
		return 0;
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
	char h[1024], more[256];
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_LINT_ID);
	if (lua_getfield(L, d, "id") != LUA_TSTRING) {
		if (first_unknown(L, d, indicator_keys, more, sizeof more)) { /* `idd =`, `name =` */
			const char *k = lua_tostring(L, -1);
			nse_hint(h, sizeof h, k, indicator_keys, -1);
			ind_error(L, k, "indicator{} needs an 'id' (a string); unknown key '%s' %s", k, h);
			return 0;
		}
		ind_error(L, NULL, "indicator{} needs an 'id' (a string)");
		return 0;
	}
	const char *id = lua_tostring(L, -1);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_LINT_ID); /* until the next one */
	if (!good_id(id) || strlen(id) != lua_rawlen(L, -1)) { /* a NUL would cut it */
		ind_error(L, "id", "indicator '%s': an id is lowercase dotted words of a-z, 0-9 "
		          "and _ (\"local.fee_stated\")%s", id, *id ? "" : "; this one is empty");
		return 0;
	}
	if (first_unknown(L, d, indicator_keys, more, sizeof more)) {
		const char *k = lua_tostring(L, -1);
		nse_hint(h, sizeof h, k, indicator_keys, -1);
		ind_error(L, k, "indicator '%s': unknown key '%s' %s%s", id, k, h, more);
		return 0;
	}
	if (lua_getfield(L, d, "check") != LUA_TFUNCTION) {
		ind_error(L, lua_isnil(L, -1) ? NULL : "check", "indicator '%s' needs a 'check' "
		          "function (check = function(r, f, ctx) … end)", id);
		return 0;
	}
	lua_pop(L, 1);
	static const char *const texts[] = {"title", "category", "basis", "version", NULL};
	for (int i = 0; texts[i]; i++) {
		int t = lua_getfield(L, d, texts[i]);
		int empty = t == LUA_TSTRING && strspn(lua_tostring(L, -1), " \t\r\n") ==
		            lua_rawlen(L, -1) && i == 0;
		lua_pop(L, 1);
		if (t != LUA_TNIL && t != LUA_TSTRING) {
			ind_error(L, texts[i], "indicator '%s': '%s' must be a string, not a %s", id,
			          texts[i], lua_typename(L, t));
			return 0;
		}
		if (empty) {
			ind_error(L, texts[i], "indicator '%s': the title is empty (leave it out to "
			          "show the id, or say what the indicator judges)", id);
			return 0;
		}
		char shown[200];
		size_t len = 0;
		lua_getfield(L, d, texts[i]);
		const char *v = t == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		size_t bad = v ? bad_utf8(v, len, shown, sizeof shown) : 0;
		lua_pop(L, 1);
		if (bad) {
			/* lua_pushfstring knows no %zu: formatted here */
			char m[400];
			snprintf(m, sizeof m, "indicator '%s': '%s' %s (byte %zu of \"%s\"): it goes "
			         "into every result file; write it in UTF-8", id, texts[i],
			         v[bad - 1] ? "is not valid UTF-8" : "holds a NUL byte", bad, shown);
			ind_error(L, texts[i], "%s", m);
			return 0;
		}
	}
	/* uses = { "copies" }: what of the run its check reads (scheme.c
	 * builds it for the scheme's indicators that declare it) */
	int ut = lua_getfield(L, d, "uses");
	for (lua_Integer k = 1; ut == LUA_TTABLE && lua_rawgeti(L, -1, k) != LUA_TNIL; k++) {
		const char *u = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!u || strcmp(u, "copies") != 0) {
			static const char *const uses[] = {"copies", NULL};
			nse_hint(h, sizeof h, u ? u : "?", uses, -1);
			ind_error(L, "uses", "indicator '%s': uses: unknown '%s' %s", id,
			          u ? u : luaL_typename(L, -1), h);
			return 0;
		}
		lua_pop(L, 1);
	}
	if (ut != LUA_TNIL && ut != LUA_TTABLE) {
		ind_error(L, "uses", "indicator '%s': uses must be a list, e.g. uses = { \"copies\" }",
		          id);
		return 0;
	}
	lua_pop(L, ut == LUA_TTABLE ? 2 : 1); /* uses, and the nil that ended it */
	if (std_namespace(id) && !std_file(L)) {
		char m[600];
		size_t ns = strcspn(id, ".");
		snprintf(m, sizeof m, "indicator '%s': ids under '%.*s.' are the standard "
		         "library's (reserved: %s); a rule of your own takes a namespace of its "
		         "own, such as 'local.%s'", id, (int)ns, id, std_namespaces_text(),
		         id[ns] ? id + ns + 1 : id);
		ind_error(L, "id", "%s", m);
		return 0;
	}
	if (lua_getfield(L, d, "severity") != LUA_TNIL) {
		const char *sev = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!is_known(sev, severities)) {
			nse_hint(h, sizeof h, sev ? sev : "?", severities, -1);
			ind_error(L, "severity", "indicator '%s': unknown severity '%s' %s", id,
			          sev ? sev : luaL_typename(L, -1), h);
			return 0;
		}
	}
	lua_pop(L, 1);
	if (check_param_decls(L, d, id))
		return 0;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	if (lua_getfield(L, -1, id) != LUA_TNIL) {
		lua_getfield(L, -1, "_where");
		char first[256];
		snprintf(first, sizeof first, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		size_t n = strlen(first);
		while (n && (first[n - 1] == ' ' || first[n - 1] == ':'))
			first[--n] = 0; /* "std/x.lua:12: " → "std/x.lua:12" */
		ind_error(L, "id", "indicator '%s' is defined twice (first at %s)", id, first);
		return 0;
	}
	lua_pop(L, 1);
	luaL_where(L, 1);
	lua_setfield(L, d, "_where");
	lua_pushstring(L, nse_state_of(L)->author); /* its file's modules (sb_require) */
	lua_setfield(L, d, "_author");
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

/* ---- the mistakes of a load ------------------------------------------
 *
 * Every mistake found is reported, not the first only: a load goes on past
 * a mistake where what follows can still be read (the next group, the next
 * entry, the next param, in lint mode the next indicator and the next rule
 * file).  The first one is the load's error; nianshen lint is told each. */
typedef struct errs {
	const ns_scheme *s;
	lua_State *L;
	char *err;     /* the first mistake */
	size_t errlen;
	int n;         /* how many */
} errs;

static void scheme_located(const ns_scheme *s, lua_State *L, char *err, size_t errlen);

/* A mistake; `locate`: of the scheme's data, placed at its line of the
 * scheme file (else the message names its place itself). */
static void report(errs *E, int locate, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (locate)
		scheme_located(E->s, E->L, msg, sizeof msg);
	if (E->n++ == 0)
		snprintf(E->err, E->errlen, "%s", msg);
	if (E->s->say)
		E->s->say(E->s->ud, msg);
}

/* require every rule module of the scheme (their indicator{} calls fill
 * the registry); each that fails is reported (in lint mode the next ones
 * are loaded all the same); NS_OK or the first failure's code. */
static int load_modules(nse_state *S, const ns_scheme *s, errs *E)
{
	lua_State *L = S->L;
	lua_newtable(L);
	for (int i = 0; i < s->nroots; i++) {
		nse_add_root(S, s->roots[i]);
		lua_pushstring(L, s->roots[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, LUA_REGISTRYINDEX, REG_ROOTS); /* key_line reads rule files */
	lua_createtable(L, 0, s->nmodules);
	for (int i = 0; i < s->nmodules; i++) {
		lua_pushstring(L, s->authors[i]);
		lua_setfield(L, -2, s->modules[i]);
	}
	lua_setfield(L, LUA_REGISTRYINDEX, NSE_REG_RULE_FILES);
	int rc = NS_OK;
	for (int i = 0; i < s->nmodules; i++) {
		snprintf(S->author, sizeof S->author, "%s", s->authors[i]); /* add_module */
		lua_getfield(L, LUA_REGISTRYINDEX, "nianshen.base");
		lua_getfield(L, -1, "require");
		lua_remove(L, -2);
		lua_pushstring(L, s->modules[i]);
		if (nse_pcall(S, 1, 0) != LUA_OK) {
			const char *m = lua_tostring(L, -1);
			/* a helper of a rule directory the scheme does not name */
			const char *q = m ? strstr(m, "sandbox: module '") : NULL;
			char dir[64] = "";
			if (q && strstr(q, "is not available (not found"))
				sscanf(q + 17, "%63[A-Za-z0-9_]", dir);
			/* a directory the scheme names already: a misspelt module, not this */
			for (int k = 0; dir[0] && k < s->nmodules; k++)
				if (strncmp(s->modules[k], dir, strlen(dir)) == 0 &&
				    s->modules[k][strlen(dir)] == '.')
					dir[0] = 0;
			if (dir[0])
				report(E, 0, "%s: add \"%s\" to the scheme's rules = { … } (a rule file "
				       "may require the modules of the rule directories its scheme "
				       "names: rules = { \"%s\", … } loads %s/*.lua and serves "
				       "\"%s.NAME\")", m, dir, dir, dir, dir);
			else
				report(E, 0, "%s", m ? m : "(error)");
			lua_pop(L, 1);
			if (rc == NS_OK)
				rc = S->limit_hit ? NS_ERR_LIMIT : NS_ERR_RULE;
			if (!s->lint || S->limit_hit) {
				S->author[0] = 0;
				return rc;
			}
		}
	}
	S->author[0] = 0;
	/* what lint mode recorded of indicator{} calls */
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_LINT) == LUA_TTABLE) {
		for (int i = 1; lua_rawgeti(L, -1, i) == LUA_TSTRING; i++) {
			report(E, 0, "%s", lua_tostring(L, -1)); /* the load fails by E->n */
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return rc;
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

/* Rule module `name` and its author: whose helper modules it sees
 * (sb_require), the module itself or, for a file of the standard library
 * nianshen ships, its rules entry (author_of) after a '/': no module name
 * holds one (its '/' are '.'), so no rule file can pass for the shipped
 * library (NSE_SHIPPED). */
static int add_module(ns_scheme *s, const char *name, const char *author)
{
	for (int i = 0; i < s->nmodules; i++)
		if (strcmp(s->modules[i], name) == 0)
			return 0;
	char **m = realloc(s->modules, (size_t)(s->nmodules + 1) * sizeof *m);
	if (m)
		s->modules = m;
	char **a = m ? realloc(s->authors, (size_t)(s->nmodules + 1) * sizeof *a) : NULL;
	if (!a)
		return -1;
	s->authors = a;
	char shipped[2100];
	if (author)
		snprintf(shipped, sizeof shipped, "/%s", author);
	s->authors[s->nmodules] = strdup(author ? shipped : name);
	s->modules[s->nmodules++] = strdup(name);
	return 0;
}

/* Each rule file has helper modules of its own, so that what one reaches
 * of a module no other file's checks read; the files of the standard
 * library nianshen ships (a rules entry found in its rules directory) are
 * one author's and share theirs, with the memos of a report they keep
 * (U.grid…): the entry, or NULL for "each file its own". */
static const char *author_of(const char *base, const char *entry)
{
	char here[PATH_MAX], shipped[PATH_MAX];
	return realpath(base, here) && realpath(nse_rules_dir(), shipped) &&
	       strcmp(here, shipped) == 0 ? entry : NULL;
}

static void add_root(ns_scheme *s, const char *dir)
{
	for (int i = 0; i < s->nroots; i++)
		if (strcmp(s->roots[i], dir) == 0)
			return;
	if (s->nroots < NSE_MAX_ROOTS)
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
	/* the shipped library's entries ("std", "std/arithmetic") in the
	 * installed rules (the last base) alone (nse_shipped_name) */
	if (nse_shipped_name(entry, strcspn(entry, "/"))) {
		/* a copy of the library beside the scheme was read before: said,
		 * once, so that scores that changed with it are explained */
		size_t top = strcspn(entry, "/");
		char mine[PATH_MAX], shipped[PATH_MAX], at[2100];
		snprintf(at, sizeof at, "%s/%.*s", nse_rules_dir(), (int)top, entry);
		for (int b = 0; b < nbases - 1 && !s->note[0]; b++) {
			snprintf(path, sizeof path, "%.2000s/%.*s", bases[b], (int)top, entry);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && realpath(path, mine) &&
			    realpath(at, shipped) && strcmp(mine, shipped) != 0)
				snprintf(s->note, sizeof s->note, "rules '%.*s' are the library nianshen "
				         "ships (%.300s), not %.300s beside the scheme: give your own copy "
				         "another name to use it", (int)top, entry, shipped, mine);
		}
		bases += nbases - 1;
		nbases = 1;
	}
	for (int b = 0; b < nbases; b++) {
		struct stat st;
		snprintf(path, sizeof path, "%.2000s/%.1000s", bases[b], entry);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(path);
			if (!d)
				continue;
			char **names = NULL;
			int n = 0, cap = 0;
			struct dirent *e;
			while ((e = readdir(d))) {
				size_t len = strlen(e->d_name);
				if (!(len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 &&
				      !(len > 9 && strcmp(e->d_name + len - 9, "_spec.lua") == 0)))
					continue;
				if (n == cap) { /* every file: none is dropped unsaid */
					cap = cap ? 2 * cap : 64;
					char **nn = realloc(names, (size_t)cap * sizeof *nn);
					if (!nn)
						break;
					names = nn;
				}
				if ((names[n] = strndup(e->d_name, len - 4)))
					n++;
			}
			closedir(d);
			qsort(names, (size_t)n, sizeof *names, cmp_str);
			add_root(s, bases[b]);
			const char *author = author_of(bases[b], entry);
			for (int i = 0; i < n; i++) {
				char mod[2048];
				snprintf(mod, sizeof mod, "%s.%s", entry, names[i]);
				for (char *p = mod; *p; p++)
					if (*p == '/')
						*p = '.';
				add_module(s, mod, author);
				free(names[i]);
			}
			free(names);
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
			add_module(s, name, author_of(bases[b], entry));
			return 0;
		}
	}
	/* the closest directory or rule file of the bases */
	char *names[256];
	int nn = 0;
	for (int b = 0; b < nbases; b++) {
		char dirpath[2048];
		const char *slash = strrchr(entry, '/');
		snprintf(dirpath, sizeof dirpath, "%.1000s%s%.*s", bases[b], slash ? "/" : "",
		         slash ? (int)(slash - entry) : 0, entry);
		DIR *d = opendir(dirpath);
		struct dirent *e;
		while (d && (e = readdir(d)) && nn < 256) {
			size_t len = strlen(e->d_name);
			if (e->d_name[0] == '.' || (len > 9 && strcmp(e->d_name + len - 9, "_spec.lua") == 0))
				continue;
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
			if (stat(path, &st) != 0)
				continue;
			if (S_ISDIR(st.st_mode) || (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0)) {
				char full[1200];
				snprintf(full, sizeof full, "%.*s%s%.*s", slash ? (int)(slash - entry) : 0,
				         entry, slash ? "/" : "", S_ISDIR(st.st_mode) ? (int)len : (int)len - 4,
				         e->d_name);
				names[nn++] = strdup(full);
			}
		}
		if (d)
			closedir(d);
	}
	const char *close = nn ? nse_closest(entry, (const char *const *)names, nn) : NULL;
	size_t n = (size_t)snprintf(err, errlen, "rules '%.200s' not found", entry);
	if (close && n < errlen)
		n += (size_t)snprintf(err + n, errlen - n, " (did you mean '%s'?)", close);
	if (n < errlen)
		n += (size_t)snprintf(err + n, errlen - n, "; looked in");
	for (int b = 0; b < nbases && n < errlen; b++)
		n += (size_t)snprintf(err + n, errlen - n, "%s %.200s", b ? "," : "", bases[b]);
	for (int i = 0; i < nn; i++)
		free(names[i]);
	return -1;
}

/* A misspelt key ("dedcut") would silently fall back to a default and
 * change every score: the keys of each table are checked. */
static int unknown_key(lua_State *L, int idx, const char *const *known,
                       const char *what, char *err, size_t errlen)
{
	idx = lua_absindex(L, idx);
	const char *keys[32];
	int n = unknown_keys(L, idx, known, keys, 32);
	if (n) { /* every one of them, the first by name with its hint */
		char more[256];
		size_t o = (size_t)snprintf(err, errlen, "%s: unknown key '%s' ", what, keys[0]);
		if (o < errlen)
			o += nse_hint(err + o, errlen - o, keys[0], known, -1);
		if (o < errlen)
			snprintf(err + o, errlen - o, "%s", also_unknown(keys, n, more, sizeof more));
		return 1;
	}
	/* positional entries are numbers; any other key is no name */
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
		if (lua_type(L, -2) != LUA_TNUMBER && lua_type(L, -2) != LUA_TSTRING) {
			snprintf(err, errlen, "%s: unknown key '?' ", what);
			lua_pop(L, 2);
			return 1;
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

/* Every string of the scheme's data, keys too, is UTF-8 (bad_utf8): its
 * name, version and group names go into every result file, and its params
 * into the checks' messages.  Each one that is not is told; 0 or -1. */
static int check_texts(lua_State *L, int idx, char *path, size_t plen, int depth, errs *E)
{
	idx = lua_absindex(L, idx);
	int bad = 0;
	size_t len = strlen(path);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		char key[200], shown[200];
		size_t n, at;
		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *k = lua_tolstring(L, -2, &n);
			if ((at = bad_utf8(k, n, key, sizeof key))) {
				report(E, 1, "%s: a key '%s' %s (byte %zu): a scheme is written in UTF-8",
				       path, key, k[at - 1] ? "is not valid UTF-8" : "holds a NUL byte", at);
				bad = -1;
			}
			snprintf(path + len, plen - len, ".%s", key);
		} else if (lua_isinteger(L, -2)) {
			snprintf(path + len, plen - len, "[%lld]", (long long)lua_tointeger(L, -2));
		} else {
			snprintf(path + len, plen - len, "[?]");
		}
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *v = lua_tolstring(L, -1, &n);
			if ((at = bad_utf8(v, n, shown, sizeof shown))) {
				report(E, 1, "%s '%s' %s (byte %zu): a scheme's texts go into every result "
				       "file; write it in UTF-8", path, shown,
				       v[at - 1] ? "is not valid UTF-8" : "holds a NUL byte", at);
				bad = -1;
			}
		} else if (lua_type(L, -1) == LUA_TTABLE && depth < SCHEME_DEPTH &&
		           check_texts(L, -1, path, plen, depth + 1, E)) {
			bad = -1;
		}
		path[len] = 0;
		lua_pop(L, 1);
	}
	return bad;
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

static int read_groups(lua_State *L, int idx, ns_scheme *s, errs *E)
{
	static const char *const scheme_keys[] = {"name", "version", "description",
		"rules", "params", "counts", "groups", NULL};
	static const char *const group_keys[] = {"name", "points", "indicators",
		"description", NULL};
	static const char *const ind_keys[] = {"id", "deduct", "cap", "shared", NULL};
	int n0 = E->n;
	char err[1024];
	if (unknown_key(L, idx, scheme_keys, "scheme", err, sizeof err))
		report(E, 1, "%s", err);
	int top = lua_gettop(L);
	lua_getfield(L, idx, "groups");
	if (!lua_istable(L, -1) || check_list(L, -1, "groups", err, sizeof err)) {
		if (!lua_istable(L, -1))
			report(E, 1, "the scheme needs 'groups' (groups = { { name = \"…\", points = N, "
			       "indicators = { \"id\", … } }, … })");
		else
			report(E, 1, "%s", err);
		lua_settop(L, top);
		return -1;
	}
	int ng = (int)lua_rawlen(L, -1);
	if (ng == 0 && !s->rules_only)
		report(E, 1, "'groups' is an empty list, so nothing would be scored: give "
		       "groups = { { name = \"…\", points = N, indicators = { \"id\", … } }, … }");
	s->groups = calloc((size_t)ng + 1, sizeof *s->groups);
	int gl = lua_gettop(L);
	for (int g = 1; g <= ng; g++) {
		lua_settop(L, gl);
		if (lua_rawgeti(L, gl, g) != LUA_TTABLE) {
			report(E, 1, "group %d must be a table { name =, points =, indicators = }", g);
			continue;
		}
		int gi = lua_gettop(L);
		char *name = field_str(L, gi, "name");
		char what[300];
		snprintf(what, sizeof what, "group '%s'", name ? name : "?");
		if (unknown_key(L, gi, group_keys, what, err, sizeof err))
			report(E, 1, "%s", err);
		if (!name) {
			report(E, 1, "group %d needs a 'name' (a string)", g);
			name = strdup("?");
		}
		else if (strspn(name, " \t\r\n") == strlen(name))
			report(E, 1, "group %d of 'groups' has an empty 'name': a group's name says where its "
			       "points went", g);
		nse_group *G = &s->groups[s->ngroups++];
		G->name = name;
		for (int h = 0; h < s->ngroups - 1; h++)
			if (strcmp(s->groups[h].name, name) == 0 && strcmp(name, "?") != 0) {
				report(E, 1, "group '%s' is named twice: group %d is '%s' too; a group's name "
				       "says where its points went, so each is its own", name, g, name);
				break;
			}
		if (lua_getfield(L, gi, "points") == LUA_TNIL)
			report(E, 1, "%s needs 'points' (a number > 0)", what);
		else if (scheme_number(L, gi, "points", 0, 1, what, &G->points, err, sizeof err))
			report(E, 1, "%s", err);
		lua_settop(L, gi);
		int it = lua_getfield(L, gi, "indicators");
		if (it != LUA_TTABLE) {
			report(E, 1, "%s: %s", what, it == LUA_TNIL ? "no 'indicators': a group scores "
			       "its indicators (indicators = { \"id\", … })" : "'indicators' must be a list");
			continue;
		}
		if (check_list(L, -1, what, err, sizeof err)) {
			report(E, 1, "%s", err);
			continue;
		}
		int il = lua_gettop(L);
		int ni = (int)lua_rawlen(L, il);
		if (ni == 0)
			report(E, 1, "%s: 'indicators' is empty: the group would give its points to "
			       "every report", what);
		G->inds = calloc((size_t)ni + 1, sizeof *G->inds);
		for (int i = 1; i <= ni; i++) {
			lua_settop(L, il);
			lua_rawgeti(L, il, i);
			nse_indref I = {0};
			int e = lua_gettop(L);
			if (lua_type(L, e) == LUA_TSTRING) {
				I.id = dupstr(lua_tostring(L, e));
				I.deduct = 1;
				I.cap = G->points;
			} else if (lua_istable(L, e)) {
				if (unknown_key(L, e, ind_keys, what, err, sizeof err)) {
					report(E, 1, "%s", err);
					continue;
				}
				lua_rawgeti(L, e, 1);
				I.id = lua_type(L, -1) == LUA_TSTRING ? dupstr(lua_tostring(L, -1)) : NULL;
				lua_pop(L, 1);
				char *named = field_str(L, e, "id");
				if (I.id && named) {
					/* { id = "a", "b" }: which one was meant? */
					report(E, 1, "%s: an entry gives its indicator twice, as \"%s\" and as "
					       "id = \"%s\": give it once", what, I.id, named);
					free(I.id);
					free(named);
					continue;
				}
				if (!I.id)
					I.id = named;
				char iw[400];
				snprintf(iw, sizeof iw, "%.200s, indicator '%.150s'", what, I.id ? I.id : "?");
				if (lua_rawlen(L, e) > 1) {
					/* { "a", "b", deduct = … }: "b" would never run */
					lua_rawgeti(L, e, 2);
					report(E, 1, "%s: an entry names one indicator, but item 2 (%s) follows "
					       "it: give each indicator an entry of its own ({ \"%s\", deduct = …, "
					       "cap = … }, \"…\")", iw, lua_type(L, -1) == LUA_TSTRING
					       ? lua_tostring(L, -1) : luaL_typename(L, -1), I.id ? I.id : "?");
					lua_pop(L, 1);
					free(I.id);
					continue;
				}
				if (scheme_number(L, e, "deduct", 1, 0, iw, &I.deduct, err, sizeof err) ||
				    scheme_number(L, e, "cap", G->points, 0, iw, &I.cap, err, sizeof err)) {
					report(E, 1, "%s", err);
					free(I.id);
					continue;
				}
				int st = lua_getfield(L, e, "shared");
				I.shared = lua_toboolean(L, -1);
				lua_pop(L, 1);
				if (st != LUA_TNIL && st != LUA_TBOOLEAN) {
					report(E, 1, "%s: 'shared' must be true or false", iw);
					free(I.id);
					continue;
				}
			} else {
				report(E, 1, "%s: indicator %d must be an id or a table "
				       "{ id, deduct =, cap = }", what, i);
				continue;
			}
			if (!I.id) {
				report(E, 1, "group '%s': indicator %d has no id", G->name, i);
				continue;
			}
			G->inds[G->ninds++] = I;
		}
	}
	lua_settop(L, top);
	return E->n > n0 ? -1 : 0;
}

/* An indicator in two groups deducts in both: only when every entry of it
 * says so (shared = true); twice in one group, never. */
static int check_repeats(const ns_scheme *s, errs *E)
{
	int n0 = E->n;
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ninds; i++) {
			const nse_indref *I = &s->groups[g].inds[i];
			int found = 0;
			for (int h = 0; h <= g && !found; h++)
				for (int j = 0; j < (h == g ? i : s->groups[h].ninds) && !found; j++) {
					const nse_indref *J = &s->groups[h].inds[j];
					if (strcmp(I->id, J->id) != 0)
						continue;
					if (h == g) {
						report(E, 1, "group '%s' lists indicator '%s' twice",
						       s->groups[g].name, I->id);
						found = 1;
					} else if (!I->shared || !J->shared) {
						report(E, 1, "indicator '%s' is in group '%s' and in "
						       "group '%s': it would deduct in both; if that is meant, "
						       "write each of its entries as { \"%s\", shared = true }",
						       I->id, s->groups[h].name, s->groups[g].name, I->id);
						found = 1;
					}
				}
		}
	return E->n > n0 ? -1 : 0;
}

static int read_counts(lua_State *L, int idx, unsigned *out, errs *E)
{
	int t = lua_getfield(L, idx, "counts");
	unsigned mask = 0;
	int n0 = E->n;
	char err[1024];
	if (t == LUA_TNIL) {
		mask = 1u << NS_INFO | 1u << NS_WARNING | 1u << NS_ERROR;
	} else if (t != LUA_TTABLE || check_list(L, -1, "counts", err, sizeof err)) {
		if (t != LUA_TTABLE)
			report(E, 1, "'counts' must be a list of severities (info, warning, error)");
		else
			report(E, 1, "%s", err);
	} else if (lua_rawlen(L, -1) == 0) {
		report(E, 1, "'counts' is an empty list, so no finding would deduct: name the "
		       "severities that deduct (counts = { \"error\", \"warning\" }), or leave "
		       "counts out and every severity deducts");
	} else {
		for (int i = 1; i <= (int)lua_rawlen(L, -1); i++) {
			lua_rawgeti(L, -1, i);
			const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
			unsigned had = mask;
			if (strcmp(v, "info") == 0) mask |= 1u << NS_INFO;
			else if (strcmp(v, "warning") == 0) mask |= 1u << NS_WARNING;
			else if (strcmp(v, "error") == 0) mask |= 1u << NS_ERROR;
			else {
				size_t n = (size_t)snprintf(err, sizeof err, "counts: unknown severity '%s' ", v);
				if (n < sizeof err)
					nse_hint(err + n, sizeof err - n, v, severities, -1);
				report(E, 1, "%s", err);
			}
			/* { "error", "error" }: a slip (for "warning"?) that would pass
			 * for a list of two */
			if (mask == had && (strcmp(v, "info") == 0 || strcmp(v, "warning") == 0 ||
			                    strcmp(v, "error") == 0))
				report(E, 1, "counts: severity '%s' is listed twice (entry %d): each "
				       "severity that deducts is named once", v, i);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	*out = mask;
	return E->n > n0 ? -1 : 0;
}

/* The ids the loaded rules declare, sorted, into a fresh array (strings
 * alive in the registry's indicators); their count. */
static int declared_ids(lua_State *L, const char ***out)
{
	int n = 0;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		n++;
		lua_pop(L, 1);
	}
	const char **ids = calloc((size_t)n + 1, sizeof *ids);
	n = 0;
	lua_pushnil(L);
	while (ids && lua_next(L, -2)) {
		ids[n++] = lua_tostring(L, -2);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (ids)
		qsort(ids, (size_t)n, sizeof *ids, cmp_cstr);
	*out = ids;
	return ids ? n : 0;
}

/* Fill each group indicator's metadata from its declaration; an id no rule
 * declares is an error of the scheme. */
static int bind_indicators(lua_State *L, ns_scheme *s, errs *E)
{
	int n0 = E->n;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
	int top = lua_gettop(L);
	for (int g = 0; g < s->ngroups; g++)
		for (int i = 0; i < s->groups[g].ninds; i++) {
			lua_settop(L, top);
			nse_indref *I = &s->groups[g].inds[i];
			if (lua_getfield(L, top, I->id) != LUA_TTABLE) {
				lua_getfield(L, LUA_REGISTRYINDEX, REG_LINT);
				if (lua_istable(L, -1) && lua_getfield(L, -1, I->id) == LUA_TBOOLEAN)
					continue; /* refused where it is declared (lint mode): told */
				const char **ids;
				int n = declared_ids(L, &ids);
				const char *close = n ? nse_closest(I->id, ids, n) : NULL;
				if (close)
					report(E, 1, "group '%s' names indicator '%s', which no rule file "
					       "declares (did you mean '%s'?)", s->groups[g].name, I->id, close);
				else
					report(E, 1, "group '%s' names indicator '%s', which no rule file "
					       "declares (none of the %d declared is close; an indicator's id "
					       "is its `id =`)", s->groups[g].name, I->id, n);
				free(ids);
				continue;
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
			I->author = field_str(L, t, "_author");
			if (!I->title)
				I->title = strdup(I->id);
			/* run-level data the check reads: declared (and checked
			 * by indicator{}), so that a run builds only what its
			 * scheme asks for */
			if (lua_getfield(L, t, "uses") == LUA_TTABLE && lua_rawlen(L, -1) > 0) {
				s->uses_copies = 1;
				I->uses |= NSE_USES_COPIES;
			}
		}
	lua_settop(L, top - 1);
	return E->n > n0 ? -1 : 0;
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

/* Are the declarations at a and b the same, but for their docs? */
static int same_decl(lua_State *L, int a, int b)
{
	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	for (int i = 0; param_keys[i]; i++) {
		if (strcmp(param_keys[i], "doc") == 0)
			continue;
		lua_getfield(L, a, param_keys[i]);
		lua_getfield(L, b, param_keys[i]);
		int same = same_data(L, -1, -2, 0);
		lua_pop(L, 2);
		if (!same)
			return 0;
	}
	return strcmp(decl_type(L, a), decl_type(L, b)) == 0;
}

/* "std/x.lua:12" of the indicator id (its _where without the ": ") */
static void where_of(lua_State *L, int inds, const char *id, char *buf, size_t cap)
{
	lua_getfield(L, inds, id);
	lua_getfield(L, -1, "_where");
	snprintf(buf, cap, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
	lua_pop(L, 2);
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == ':'))
		buf[--n] = 0;
}

typedef struct param_tell {
	errs *E;
	const char *id;
} param_tell;

static void tell_param(void *ud, const char *msg)
{
	param_tell *p = ud;
	report(p->E, 1, "params: %s (declared by indicator '%s')", msg, p->id);
}

static int bind_params(lua_State *L, errs *E)
{
	int n0 = E->n;
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
					if (!same_decl(L, -2, -4)) {
						/* at the rule files' lines: the scheme did nothing wrong */
						char w1[300], w2[300];
						where_of(L, inds, lua_tostring(L, -1), w1, sizeof w1);
						where_of(L, inds, id, w2, sizeof w2);
						lua_getfield(L, -2, "default");
						lua_getfield(L, -5, "default");
						int same_default = same_data(L, -1, -2, 0);
						lua_pop(L, 2);
						report(E, 0, "%s: param '%s' is declared by indicator '%s' here and by "
						       "indicator '%s' at %s with %s: declare it the same way in both "
						       "(its doc may differ)", w2, name, id, lua_tostring(L, -1), w1,
						       strcmp(decl_type(L, -2), decl_type(L, -4)) ? "different types" :
						       !same_default ? "different defaults" :
						       "different bounds, format, keys or values");
					}
					lua_pop(L, 3);
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
	if (!lua_isnil(L, given) && !lua_istable(L, given))
		report(E, 1, "'params' must be a table of named params, not a %s",
		       luaL_typename(L, given));
	if (lua_istable(L, given)) {
		lua_pushnil(L);
		while (lua_next(L, given)) {
			int kv = lua_gettop(L);
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			if (!k || lua_getfield(L, decls, k) != LUA_TTABLE) {
				char h[1024];
				if (names && n)
					nse_hint(h, sizeof h, k ? k : "?", names, n);
				else
					snprintf(h, sizeof h, "(its rules declare no params: an indicator "
					         "declares those its check reads, params = { name = { type = "
					         "\"number\", default = 1 } })");
				report(E, 1, "params: unknown param '%s', which no rule of the scheme "
				       "declares %s", k ? k : "?", h);
				lua_settop(L, kv - 1);
				continue;
			}
			lua_rawgeti(L, -1, 1);
			const char *type = decl_type(L, -1);
			const char *got = luaL_typename(L, kv);
			lua_rawgeti(L, -2, 2);
			char what[160], e[1024];
			snprintf(what, sizeof what, "'%.100s'", k);
			param_tell pt = {E, lua_tostring(L, -1)};
			teller T = {tell_param, &pt};
			if (strcmp(type, got) != 0) {
				report(E, 1, "params: '%s' must be a %s (declared by indicator '%s'), "
				       "not a %s", k, type, lua_tostring(L, -1), got);
			} else {
				value_teller = &T; /* each entry's mistake of a table */
				int r = check_value(L, kv, kv + 2, what, 0, e, sizeof e);
				value_teller = NULL;
				if (r == -1)
					tell_param(&pt, e);
			}
			lua_settop(L, kv - 1);
		}
	}
	if (E->n == n0) {
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
	return E->n > n0 ? -1 : 0;
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
	char prev[256] = "";
	for (const char *q = strchr(err, '\''); q && q < end; q = strchr(q, '\'')) {
		const char *e = strchr(q + 1, '\'');
		if (!e || e >= end)
			break;
		char name[256];
		size_t len = (size_t)(e - q - 1);
		if (len && len < sizeof name) {
			memcpy(name, q + 1, len);
			name[len] = 0;
			/* a name quoted again is its next place ("group 'G' … group 2
			 * is 'G' too") */
			const char *at = find_name(strcmp(name, prev) == 0 ? from + len : from, name, len);
			if (at)
				from = at;
			memcpy(prev, name, len + 1);
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

/* Where module m of the scheme would be under root r: rel its dotted
 * name as a path ("std/util"), path the file. */
static void module_path(const ns_scheme *s, int m, int r, char rel[2048], char path[4096])
{
	snprintf(rel, 2048, "%s", s->modules[m]);
	for (char *p = rel; *p; p++)
		if (*p == '.')
			*p = '/';
	snprintf(path, 4096, "%s/%s.lua", s->roots[r], rel);
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
			module_path(s, m, r, rel, path);
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
	errs E = {s, L, err, errlen, 0};
	if (s->lint) {
		lua_newtable(L);
		lua_setfield(L, LUA_REGISTRYINDEX, REG_LINT);
	}
	scheme_collector(S, s->chunkname, 1);
	int rc = nse_run_string(S, s->source, s->srclen, s->chunkname);
	scheme_collector(S, s->chunkname, 0);
	int data_ok = 0;
	if (rc) {
		report(&E, 0, "%s", S->err);
	} else if (lua_getfield(L, LUA_REGISTRYINDEX, REG_SCHEME) != LUA_TTABLE) {
		report(&E, 0, "%s: no scheme{ … } in the file", s->chunkname);
		rc = NS_ERR_RULE;
	} else {
		int t = lua_gettop(L);
		char path[256] = "scheme", e[1024];
		if (check_data(L, t, path, sizeof path, 0, e, sizeof e)) {
			report(&E, 1, "%s", e); /* not read further: not data */
		} else {
			data_ok = 1;
			char tp[256] = "scheme";
			check_texts(L, t, tp, sizeof tp, 0, &E);
			read_counts(L, t, &s->counts, &E);
			s->name = field_str(L, t, "name");
			s->version = field_str(L, t, "version");
			if (!s->name)
				report(&E, 1, "the scheme needs a 'name'");
			else if (strspn(s->name, " \t\r\n") == strlen(s->name))
				report(&E, 1, "the scheme has an empty 'name': it heads every result file "
				       "and the ranking; say what the scheme assesses");
			int rt = lua_getfield(L, t, "rules");
			/* no rules: every indicator of every group would be told as
			 * one "no rule file declares", none of them the mistake */
			if (!s->rules_only &&
			    (rt == LUA_TNIL || (rt == LUA_TTABLE && lua_rawlen(L, -1) == 0)))
				report(&E, 1, "the scheme loads no rules: 'rules' names the rule "
				       "directories or files that declare its indicators "
				       "(rules = { \"std\" } for the standard library)");
			else if (rt != LUA_TNIL && rt != LUA_TTABLE)
				report(&E, 1, "'rules' must be a list of rule directories or files");
			else if (rt == LUA_TTABLE && check_list(L, -1, "rules", e, sizeof e))
				report(&E, 1, "%s", e);
			for (int i = 1; rt == LUA_TTABLE && i <= (int)lua_rawlen(L, -1); i++) {
				lua_rawgeti(L, -1, i);
				const char *en = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
				if (!en)
					report(&E, 1, "rules: entry %d must be a string (a rule directory "
					       "or file)", i);
				else if (resolve_rules(s, en, bases, nb, e, sizeof e))
					report(&E, 1, "%s", e);
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
			if (read_groups(L, t, s, &E) == 0)
				check_repeats(s, &E);
		}
		if (E.n)
			rc = NS_ERR_RULE;
	}
	lua_settop(L, 0);
	/* in lint mode the rules load and bind after a mistake of the data too,
	 * for their own mistakes */
	int modules_ok = 0;
	if (rc == NS_OK || (s->lint && data_ok)) {
		int m = load_modules(S, s, &E);
		modules_ok = m == NS_OK;
		if (m != NS_OK && (rc == NS_OK || m == NS_ERR_LIMIT))
			rc = m;
	}
	if (modules_ok && (E.n == 0 || s->lint)) {
		lua_settop(L, 0);
		bind_indicators(L, s, &E);
		bind_params(L, &E);
	}
	if (E.n && rc == NS_OK)
		rc = NS_ERR_RULE;
	lua_settop(L, 0);
	if (E.n > 1 && !s->lint) {
		size_t o = strlen(err);
		if (o < errlen)
			snprintf(err + o, errlen - o, " (and %d more: nianshen lint lists each)", E.n - 1);
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

double nse_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

pid_t nse_trial_fork(int *fd, void (*on_alarm)(int))
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]); /* fds[1] stays open until the copy ends */
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, NULL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGALRM);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		return 0;
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	*fd = fds[0];
	return pid;
}

int nse_trial_wait(pid_t pid, int fd, double since, double limit, int *status)
{
	int killed = 0;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int r = poll(&p, 1, 500);
		if (r > 0) {
			char c;
			if (read(fd, &c, 1) <= 0)
				break;
		} else if (r < 0 && errno != EINTR) {
			break;
		}
		if (nse_now() - since > limit) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
	}
	close(fd);
	*status = 0;
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return killed;
}

static void trial_watch(const char *chunkname)
{
	snprintf(trial_sh->file, sizeof trial_sh->file, "%s", chunkname);
	trial_sh->since = nse_now();
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
	if (sh == MAP_FAILED)
		return NS_OK; /* no trial: the real load has the instruction budget */
	memset(sh, 0, sizeof *sh);
	snprintf(sh->file, sizeof sh->file, "%s", s->chunkname);
	sh->since = nse_now();
	int fd;
	pid_t pid = nse_trial_fork(&fd, trial_alarm);
	if (pid == 0) {
		trial_sh = sh;
		trial_L = s->S.L;
		trial_secs = s->seconds;
		nse_set_load_watch(trial_watch);
		s->say = NULL; /* the real load tells lint */
		char e[600];
		load_into(s, bases, nb, e, sizeof e);
		_exit(0);
	}
	if (pid < 0) {
		munmap(sh, sizeof *sh);
		return NS_OK;
	}
	/* its end; one the timer did not end (it should) is killed a little
	 * after */
	int status, killed = nse_trial_wait(pid, fd, sh->since, (double)s->seconds + 2, &status);
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
	return nse_scheme_load_opts(ctx, src, len, path, base_dir, NULL, out);
}

/* The directory above dir: "a/b" → "a", "a" → ".", and a relative path
 * goes on up past its first part ("." → "..", ".." → "../.."), as the
 * absolute one would; "/" stays. */
static void parent_dir(const char *dir, char *out, size_t cap)
{
	size_t n = strlen(dir);
	if (strcmp(dir, ".") == 0) {
		snprintf(out, cap, "..");
	} else if (n >= 2 && strcmp(dir + n - 2, "..") == 0 && (n == 2 || dir[n - 3] == '/')) {
		if (n + 4 <= cap) {
			memcpy(out, dir, n);
			memcpy(out + n, "/..", 4);
		} else {
			snprintf(out, cap, "%s", dir); /* (too long to go further) */
		}
	} else {
		char *t = strdup(dir);
		snprintf(out, cap, "%s", t ? dirname(t) : dir);
		free(t);
	}
}

/* The names of the .lua files of dir (up to max, sorted), without the
 * extension when strip; how many. */
static int lua_names(const char *dir, char **names, int max, int strip)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && n < max && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".lua") == 0 &&
		    (names[n] = strndup(de->d_name, strip ? l - 4 : l)))
			n++;
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_str);
	return n;
}

/* For a scheme path that is not there: the scheme of its directory closest
 * by name (defualt.lua), or for a bare name the schemes nianshen ships (the
 * command line finds "default" there), as " (did you mean …)"; "" when
 * there is nothing to say.  lint says the same of a path it cannot find. */
void nse_scheme_missing_hint(const char *path, char *hint, size_t cap)
{
	char *t = strdup(path), *names[64];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int n = t ? lua_names(dirname(t), names, 64, 0) : 0;
	free(t);
	hint[0] = 0;
	const char *close = n ? nse_closest(base, (const char *const *)names, n) : NULL;
	if (close)
		snprintf(hint, cap, " (did you mean '%s'?)", close);
	for (int k = 0; k < n; k++)
		free(names[k]);
	char shipped[PATH_MAX + 16];
	if (!close && strchr(path, '/')) {
		/* rules/schemes/default.lua from another directory: the shipped
		 * scheme of that name (nse_scheme_path finds it) is what was meant */
		size_t bl = strlen(base);
		int lua = bl > 4 && strcmp(base + bl - 4, ".lua") == 0;
		if (bl && nse_scheme_path(base, shipped, sizeof shipped) == shipped)
			snprintf(hint, cap, " (nianshen ships a scheme of that name: --scheme %.*s)",
			         (int)(bl - (lua ? 4 : 0)), base);
		return;
	}
	if (close)
		return;
	snprintf(shipped, sizeof shipped, "%s/schemes", nse_rules_dir());
	n = lua_names(shipped, names, 64, 1);
	size_t o = 0;
	if (n) {
		close = nse_closest(base, (const char *const *)names, n);
		o = (size_t)snprintf(hint, cap, " (%s%s%sthe schemes nianshen ships:",
		                     close ? "did you mean " : "", close ? close : "",
		                     close ? "? " : "");
	}
	for (int k = 0; k < n; k++) {
		if (o < cap)
			o += (size_t)snprintf(hint + o, cap - o, " %s", names[k]);
		free(names[k]);
	}
	if (n && o < cap)
		snprintf(hint + o, cap - o, ")");
}

const char *nse_scheme_path(const char *arg, char *buf, size_t cap)
{
	struct stat st;
	if (!*arg || strchr(arg, '/') || stat(arg, &st) == 0)
		return arg;
	size_t n = strlen(arg);
	int lua = n > 4 && strcmp(arg + n - 4, ".lua") == 0;
	if ((size_t)snprintf(buf, cap, "%s/schemes/%s%s", nse_rules_dir(), arg,
	                     lua ? "" : ".lua") < cap && stat(buf, &st) == 0 && S_ISREG(st.st_mode))
		return buf;
	return arg;
}

/* A scheme file that cannot be read: why, and what was meant. */
static int unreadable(ns_ctx *ctx, const char *path)
{
	int e = errno;
	char hint[512] = "";
	if (e == ENOENT)
		nse_scheme_missing_hint(path, hint, sizeof hint);
	return nsc_fail(ctx, NS_ERR_IO, "%s: cannot read the scheme: %s%s", path,
	                e == EINVAL ? "not a regular file (a FIFO, a device?)" : strerror(e), hint);
}

int nse_scheme_load_opts(ns_ctx *ctx, const char *src, size_t len, const char *path,
                         const char *base_dir, const nse_scheme_opts *o, ns_scheme **out)
{
	*out = NULL;
	if (!src) {
		char *buf;
		size_t n;
		if (nse_read_file(path, &buf, &n) != 0)
			return unreadable(ctx, path);
		char *t = strdup(path);
		char dir[1024];
		snprintf(dir, sizeof dir, "%s", dirname(t));
		free(t);
		int rc = nse_scheme_load_opts(ctx, buf, n, path, dir, o, out);
		free(buf);
		return rc;
	}
	ns_scheme *s = calloc(1, sizeof *s);
	if (!s)
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	if (o) {
		s->lint = o->lint;
		s->rules_only = o->rules_only;
		s->say = o->say;
		s->ud = o->ud;
	}
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
	char bases[NSE_MAX_ROOTS][1024];
	int nb = 0;
	char cur[1024];
	snprintf(cur, sizeof cur, "%s", base_dir);
	for (int up = 0; up < NSE_MAX_ROOTS - 1; up++) {
		snprintf(bases[nb++], sizeof bases[0], "%s", cur);
		char next[1024];
		parent_dir(cur, next, sizeof next);
		if (strcmp(next, cur) == 0)
			break;
		snprintf(cur, sizeof cur, "%s", next);
	}
	snprintf(bases[nb++], sizeof bases[0], "%s", nse_rules_dir());

	/* the scheme's state: its rules run once here, to read the
	 * indicators, and stay loaded for scoring */
	nse_state *S = &s->S;
	char err[2048] = "";
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

/* The line of src that p stands on. */
static int line_of(const char *src, const char *p)
{
	int line = 1;
	for (const char *q = src; q < p; q++)
		line += *q == '\n';
	return line;
}

/* `ctx.params.NAME.KEY` at b (b at the '.' after NAME) of the source src
 * (the read starting at p), where NAME's declaration lists its keys and
 * KEY is none of them: told, 1; else 0.  (At run time such a read gives
 * nil, as a key read by a value the report gives, r.agency_type, may.) */
static int misspelt_key(lua_State *L, const char *src, const char *p, const char *b,
                        const char *rel, const char *name,
                        void (*say)(void *ud, const char *msg), void *ud)
{
	if (*b != '.')
		return 0;
	const char *a = b + 1, *e = a;
	while (ident_char(*e) && (unsigned char)*e < 0x80)
		e++;
	if (e == a || e - a > 100)
		return 0;
	char key[128];
	memcpy(key, a, (size_t)(e - a));
	key[e - a] = 0;
	int top = lua_gettop(L), found = 0, problem = 0;
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS) == LUA_TTABLE) {
		lua_pushnil(L);
		while (!found && lua_next(L, top + 1)) {
			if (lua_istable(L, -1) && lua_getfield(L, -1, "params") == LUA_TTABLE &&
			    lua_getfield(L, -1, name) == LUA_TTABLE) {
				found = 1;
				const char *keys[65];
				int nk = decl_keys(L, lua_gettop(L), keys, 64);
				int known = nk < 0;
				for (int k = 0; k < nk && !known; k++)
					known = strcmp(keys[k], key) == 0;
				if (!known) {
					char msg[1024];
					size_t o = (size_t)snprintf(msg, sizeof msg, "%s.lua:%d: reads ctx.params.%s.%s, "
					                            "a key param '%s' does not declare ", rel,
					                            line_of(src, p), name, key, name);
					if (o < sizeof msg)
						nse_hint(msg + o, sizeof msg - o, key, keys, nk);
					say(ud, msg);
					problem = 1;
				}
			}
			lua_settop(L, top + 2); /* the key */
		}
	}
	lua_settop(L, top);
	return problem;
}

/* ---- lint: what loading cannot see ------------------------------------
 *
 * A check that reads a param nobody declared gets nil at run time, on
 * every report, without a word: the rule files are read for
 * `ctx.params.NAME` and each NAME is looked up among the declared ones. */

/* `r.t3.received.total == 0`: a cell compared with == or ~= (a view is
 * never equal to a number or a string: the comparison is always false, or
 * always true, and the check passes every report without a word).  The
 * source is read for a table, a row and a column of the template, with
 * == or ~= before or after them; problems said, their count. */
static int cell_compares(const char *src, const char *rel, void (*say)(void *ud, const char *msg),
                         void *ud)
{
	int problems = 0;
	for (const char *p = src; (p = strstr(p, ".t")) != NULL; p++) {
		int t = p[2] - '2';
		if (t < 0 || t > 2 || p[3] != '.' || (p > src && !ident_char(p[-1]) && p[-1] != ']'))
			continue;
		char id[2][64];
		const char *q = p + 4;
		int ok = 1;
		for (int k = 0; k < 2 && ok; k++) {
			const char *a = q;
			while (ident_char(*q) && (unsigned char)*q < 0x80)
				q++;
			ok = q > a && q - a < 64 && (k == 1 || *q == '.');
			if (ok) {
				memcpy(id[k], a, (size_t)(q - a));
				id[k][q - a] = 0;
				q += k == 0;
			}
		}
		if (!ok || *q == '.' || *q == ':' || *q == '(' || *q == '[')
			continue; /* no cell, or a field of one (.value) */
		const nsm_table *tpl = nsm_table_get(t, NS_EDITION_2021);
		const nsm_table *old = nsm_table_get(t, NS_EDITION_2019);
		if ((nsm_row_index(tpl, id[0]) < 0 && nsm_row_index(old, id[0]) < 0) ||
		    (nsm_col_index(tpl, id[1]) < 0 && nsm_col_index(old, id[1]) < 0))
			continue;
		const char *after = q + strspn(q, " \t");
		const char *start = p;
		while (start > src && (ident_char(start[-1]) || start[-1] == '.'))
			start--;
		const char *before = start;
		while (before > src && (before[-1] == ' ' || before[-1] == '\t'))
			before--;
		int cmp = ((after[0] == '=' || after[0] == '~') && after[1] == '=') ||
		          (before - src >= 2 && (before[-2] == '=' || before[-2] == '~') &&
		           before[-1] == '=' && (before - src < 3 || before[-3] != '='));
		/* a line's comment ("-- r.t3.received.total == 0 never fires") */
		const char *ls = p;
		while (ls > src && ls[-1] != '\n')
			ls--;
		int comment = 0;
		for (const char *c = ls; c + 1 < p && !comment; c++)
			comment = c[0] == '-' && c[1] == '-';
		if (!cmp || comment)
			continue;
		char msg[2600];
		snprintf(msg, sizeof msg, "%s.lua:%d: compares the cell t%d.%s.%s itself with == or "
		         "~=: a cell is a view, never equal to a number (always false with ==); "
		         "compare its .value", rel, line_of(src, p), t + 2, id[0], id[1]);
		say(ud, msg);
		problems++;
	}
	return problems;
}

int nse_scheme_lint(const ns_scheme *s, void (*say)(void *ud, const char *msg), void *ud,
                    void (*warn)(void *ud, const char *msg), int *warnings)
{
	lua_State *L = s->S.L;
	int problems = 0;
	/* indicators loaded that no group places: they never run (a scheme
	 * made to load rule files has no groups: nothing to say) */
	if (!s->rules_only && warn) {
		const char **ids;
		int n = declared_ids(L, &ids);
		for (int i = 0; i < n; i++) {
			int placed = 0;
			for (int g = 0; g < s->ngroups && !placed; g++)
				for (int k = 0; k < s->groups[g].ninds && !placed; k++)
					placed = strcmp(s->groups[g].inds[k].id, ids[i]) == 0;
			if (placed)
				continue;
			char where[300], msg[700];
			lua_getfield(L, LUA_REGISTRYINDEX, REG_INDICATORS);
			where_of(L, lua_gettop(L), ids[i], where, sizeof where);
			lua_pop(L, 1);
			/* the standard library is a library: a scheme takes what it
			 * needs of it (equivalent.lua: six of 55), the author's own
			 * rules are what the warning is for */
			if (strncmp(where, "std/", 4) == 0)
				continue;
			snprintf(msg, sizeof msg, "%s: warning: indicator '%s' is in no group of the "
			         "scheme %s: it is loaded but never runs (place it in a group, or "
			         "name only the rule files you use in rules)", where, ids[i], s->chunkname);
			warn(ud, msg);
			if (warnings)
				(*warnings)++;
		}
		free(ids);
	}
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
			module_path(s, m, r, rel, path);
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
				if (declared) {
					problems += misspelt_key(L, src, p, b, rel, name, say, ud);
					continue;
				}
				char msg[1024];
				size_t o = (size_t)snprintf(msg, sizeof msg, "%s.lua:%d: reads ctx.params.%s, "
				                            "which no indicator declares ", rel,
				                            line_of(src, p), name);
				if (n && o < sizeof msg)
					nse_hint(msg + o, sizeof msg - o, name, names, n);
				else if (o < sizeof msg)
					snprintf(msg + o, sizeof msg - o, "(declare it: indicator{ params = { "
					         "%s = { type = …, default = … } } })", name);
				say(ud, msg);
				problems++;
			}
			problems += cell_compares(src, rel, say, ud);
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
	char shipped[PATH_MAX];
	path = nse_scheme_path(path, shipped, sizeof shipped);
	return nse_scheme_load_opts(ctx, NULL, 0, path, NULL, NULL, out); /* reads it */
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
			free(I->author);
		}
		free(G->inds);
		free(G->name);
	}
	free(s->groups);
	free(s->checks);
	for (int i = 0; i < s->nmodules; i++) {
		free(s->modules[i]);
		free(s->authors[i]);
	}
	free(s->modules);
	free(s->authors);
	free(s->path); free(s->name); free(s->version);
	free(s->source); free(s->chunkname);
	nse_state_free(&s->S);
	free(s);
}

const char *ns_scheme_name(const ns_scheme *s) { return s ? s->name : NULL; }
const char *ns_scheme_sha256(const ns_scheme *s) { return s ? s->sha256 : NULL; }

const char *nse_scheme_note(const ns_scheme *s) { return s ? s->note : ""; }

const char *nse_scheme_rule_file(const ns_scheme *s, const char *path, char *buf,
                                 size_t cap)
{
	struct stat so, sr;
	if (!s || !path || stat(path, &so) != 0 || !S_ISREG(so.st_mode))
		return NULL;
	for (int m = 0; m < s->nmodules; m++)
		for (int r = 0; r < s->nroots; r++) {
			char file[4096], rel[2048];
			module_path(s, m, r, rel, file);
			if (stat(file, &sr) == 0 && sr.st_dev == so.st_dev && sr.st_ino == so.st_ino) {
				snprintf(buf, cap, "%s", file);
				return buf;
			}
		}
	return NULL;
}
