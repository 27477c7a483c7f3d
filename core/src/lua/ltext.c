/* ltext.c — the `text` module: numbers stated in prose (Arabic and Chinese
 * numerals with their units), normalisation and similarity. */
#include "engine.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cn_digit(uint32_t cp)
{
	switch (cp) {
	case 0x96F6: case 0x3007: return 0;          /* 零 〇 */
	case 0x4E00: return 1; case 0x4E8C: case 0x4E24: return 2; /* 一 二 两 */
	case 0x4E09: return 3; case 0x56DB: return 4; case 0x4E94: return 5;
	case 0x516D: return 6; case 0x4E03: return 7; case 0x516B: return 8;
	case 0x4E5D: return 9;
	}
	return -1;
}

static long long cn_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5341: return 10;      /* 十 */
	case 0x767E: return 100;     /* 百 */
	case 0x5343: return 1000;    /* 千 */
	case 0x4E07: return 10000;   /* 万 */
	case 0x4EBF: return 100000000; /* 亿 */
	}
	return 0;
}

/* Value of a run of Chinese numerals: 二十三, 一百零五, 两千, 十二, 三万四千. */
static double cn_value(const uint32_t *c, int n)
{
	double total = 0, section = 0, digit = 0;
	int any = 0;
	for (int i = 0; i < n; i++) {
		int d = cn_digit(c[i]);
		if (d >= 0) {
			digit = d;
			any = 1;
			continue;
		}
		long long u = cn_unit(c[i]);
		if (u >= 10000) {
			section = (section + digit) * (double)u;
			total += section;
			section = digit = 0;
		} else {
			if (digit == 0 && !any)
				digit = 1; /* 十二 = 12 */
			section += digit * (double)u;
			digit = 0;
		}
		any = 1;
	}
	return total + section + digit;
}

/* Units recognised after a number, longest first. */
static const char *const units[] = {"万元", "亿元", "人次", "余件", "余条", "元",
	"件", "条", "个", "次", "项", "人", "家", "篇", "期", "场", "名", "份",
	"批", "万", "%", "％", "年", "月", "日", "天", "起", "例", "封", "部", NULL};

static const char *unit_at(const char *s, size_t n, size_t i, size_t *len)
{
	/* spaces and line breaks may stand between a number and its unit */
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	for (int k = 0; units[k]; k++) {
		size_t m = strlen(units[k]);
		if (i + m <= n && memcmp(s + i, units[k], m) == 0) {
			*len = m;
			return units[k];
		}
	}
	return NULL;
}

static void push_number(lua_State *L, int *count, double v, const char *unit,
                        const char *s, size_t a, size_t b)
{
	lua_createtable(L, 0, 5);
	if (v == (double)(long long)v)
		lua_pushinteger(L, (lua_Integer)v);
	else
		lua_pushnumber(L, v);
	lua_setfield(L, -2, "value");
	if (unit) {
		lua_pushstring(L, unit);
		lua_setfield(L, -2, "unit");
	}
	lua_pushlstring(L, s + a, b - a);
	lua_setfield(L, -2, "text");
	lua_pushinteger(L, (lua_Integer)a + 1);
	lua_setfield(L, -2, "start");
	lua_pushinteger(L, (lua_Integer)b);
	lua_setfield(L, -2, "stop");
	lua_rawseti(L, -2, ++*count);
}

/* text.numbers(s) → { {value, unit, text, start, stop}, ... } */
static int t_numbers(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_newtable(L);
	int count = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		uint32_t f = nst_fold(cp);
		if (f >= '0' && f <= '9') {
			/* Arabic, full-width folded: digits, thousands commas, decimals */
			size_t a = i;
			char buf[64];
			int bl = 0;
			while (i < n) {
				k = nst_utf8_decode(s + i, n - i, &cp);
				if (!k)
					break;
				f = nst_fold(cp);
				if (f >= '0' && f <= '9') {
					if (bl < 62) buf[bl++] = (char)f;
				} else if ((f == ',' || f == '.') && i + (size_t)k < n) {
					uint32_t nx;
					int k2 = nst_utf8_decode(s + i + k, n - i - (size_t)k, &nx);
					if (!k2 || nst_fold(nx) < '0' || nst_fold(nx) > '9')
						break;
					if (f == '.' && bl < 62)
						buf[bl++] = '.';
				} else {
					break;
				}
				i += (size_t)k;
			}
			buf[bl] = 0;
			size_t ul = 0;
			const char *u = unit_at(s, n, i, &ul);
			size_t b = i;
			push_number(L, &count, strtod(buf, NULL), u, s, a, b);
			continue;
		}
		if (cn_digit(cp) >= 0 || cn_unit(cp)) {
			size_t a = i;
			uint32_t run[32];
			int rn = 0;
			while (i < n && rn < 32) {
				k = nst_utf8_decode(s + i, n - i, &cp);
				if (!k || (cn_digit(cp) < 0 && !cn_unit(cp)))
					break;
				run[rn++] = cp;
				i += (size_t)k;
			}
			/* Chinese numerals count only with a unit after them: 一些,
			 * 进一步, 统一 are words, 二十三件 is a number */
			size_t ul = 0;
			const char *u = unit_at(s, n, i, &ul);
			int has_digit = 0;
			for (int m = 0; m < rn; m++)
				has_digit |= cn_digit(run[m]) >= 0;
			if (u && has_digit && strcmp(u, "万") != 0)
				push_number(L, &count, cn_value(run, rn), u, s, a, i);
			continue;
		}
		i += (size_t)k;
	}
	return 1;
}

static int t_cn_number(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	uint32_t run[64];
	int rn = 0;
	size_t i = 0;
	while (i < n && rn < 64) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k || (cn_digit(cp) < 0 && !cn_unit(cp)))
			return 0; /* not a Chinese numeral: nil */
		run[rn++] = cp;
		i += (size_t)k;
	}
	if (!rn)
		return 0;
	double v = cn_value(run, rn);
	lua_pushinteger(L, (lua_Integer)v);
	return 1;
}

/* Matching form: full-width folded, spaces removed. */
static int t_normalize(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t i = 0;
	uint32_t cp;
	while (nst_next_folded(s, n, &i, &cp)) {
		if (nst_is_space(cp))
			continue;
		char out[4];
		luaL_addlstring(&b, out, (size_t)nst_utf8_encode(cp, out));
	}
	luaL_pushresult(&b);
	return 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Character bigrams of the Han and alphanumeric characters, sorted. */
static uint64_t *bigrams(const char *s, size_t n, size_t *count)
{
	uint64_t *out = malloc((n + 1) * sizeof *out);
	if (!out)
		return NULL;
	size_t c = 0, i = 0;
	uint32_t prev = 0, cp;
	while (nst_next_folded(s, n, &i, &cp)) {
		if (!(nst_is_han(cp) || (cp >= '0' && cp <= '9') ||
		      (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')))
			continue;
		if (prev)
			out[c++] = (uint64_t)prev << 32 | cp;
		prev = cp;
	}
	qsort(out, c, sizeof *out, cmp_u64);
	*count = c;
	return out;
}

/* Bigram sets of texts already seen, by content (a district run compares
 * every report's section with every peer's): userdata in a registry table
 * keyed by "hash:length", emptied when it grows past CACHE_MAX. */
#define BIGRAM_CACHE "nianshen.bigrams"
#define CACHE_MAX 4096

typedef struct bigram_set {
	size_t n;
	uint64_t v[];
} bigram_set;

static const bigram_set *bigrams_of(lua_State *L, int idx)
{
	size_t len;
	const char *s = lua_tolstring(L, idx, &len);
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	char key[48];
	snprintf(key, sizeof key, "%016llx:%zu", (unsigned long long)h, len);
	if (lua_getfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE);
	}
	if (lua_getfield(L, -1, key) == LUA_TUSERDATA) {
		const bigram_set *b = lua_touserdata(L, -1);
		lua_pop(L, 2); /* kept alive by the cache table */
		return b;
	}
	lua_pop(L, 1);
	size_t count;
	uint64_t *tmp = bigrams(s, len, &count);
	if (!tmp) {
		luaL_error(L, "not enough memory");
		return NULL;
	}
	/* the set lives in Lua memory, under the state's memory cap */
	bigram_set *b = lua_newuserdatauv(L, sizeof *b + count * sizeof(uint64_t), 0);
	b->n = count;
	memcpy(b->v, tmp, count * sizeof(uint64_t));
	free(tmp);
	lua_Integer entries = 0;
	if (lua_getfield(L, -2, "#") == LUA_TNUMBER)
		entries = lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (entries >= CACHE_MAX) { /* start afresh */
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE);
		lua_replace(L, -3);
		entries = 0;
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, key);
	lua_pushinteger(L, entries + 1);
	lua_setfield(L, -3, "#");
	lua_pop(L, 2);
	return b;
}

/* text.similarity(a, b): Dice coefficient of character bigrams, 0..1. */
static int t_similarity(lua_State *L)
{
	luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	const bigram_set *x = bigrams_of(L, 1), *y = bigrams_of(L, 2);
	size_t i = 0, j = 0, common = 0;
	while (i < x->n && j < y->n) {
		if (x->v[i] == y->v[j]) {
			common++;
			i++;
			j++;
		} else if (x->v[i] < y->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t total = x->n + y->n;
	lua_pushnumber(L, total ? 2.0 * (double)common / (double)total : 0.0);
	return 1;
}

/* text.contains(s, w1, w2, ...): true when any word occurs (plain). */
static int t_contains(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	int top = lua_gettop(L);
	for (int i = 2; i <= top; i++) {
		const char *w = luaL_checkstring(L, i);
		if (*w && strstr(s, w)) {
			lua_pushboolean(L, 1);
			return 1;
		}
	}
	lua_pushboolean(L, 0);
	return 1;
}

int nse_open_text(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{"numbers", t_numbers},
		{"cn_number", t_cn_number},
		{"normalize", t_normalize},
		{"similarity", t_similarity},
		{"contains", t_contains},
		{NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
