/* ltext.c — the `text` module: numbers stated in prose (Arabic and Chinese
 * numerals with their units) and where they stand in it, delimiters and
 * sentences, words, normalisation and similarity. */
#include "engine.h"
#include "lindex.h"
#include "text/text.h"

#include <limits.h>
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
	/* an ASCII character other than '%' is no unit (a table's next cell) */
	if (i >= n || ((unsigned char)s[i] < 0x80 && s[i] != '%'))
		return NULL;
	for (int k = 0; units[k]; k++) {
		if (units[k][0] != s[i])
			continue;
		size_t m = strlen(units[k]);
		if (i + m <= n && memcmp(s + i, units[k], m) == 0) {
			*len = m;
			return units[k];
		}
	}
	return NULL;
}

/* A number of a text: its value and unit, bytes [a, b) of the digits. */
typedef struct span {
	double value;
	const char *unit;
	size_t a, b;
} span;

/* The character at s[i] (most are Han: three bytes, decoded here rather
 * than by a call); its length, 0 if invalid. */
static inline int decode(const char *str, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str + i;
	if ((s[0] & 0xF0) == 0xE0 && n - i >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		uint32_t c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return nst_utf8_decode(str + i, n - i, cp);
}

/* An Arabic digit, ASCII or full-width (what nst_fold makes '0'..'9'). */
static inline int is_digit_cp(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* The numbers of s in text order into out (the first cap of them);
 * returns how many there are. */
static size_t scan_numbers(const char *s, size_t n, span *out, size_t cap)
{
	size_t count = 0, i = 0;
	while (i < n) {
		unsigned char c0 = (unsigned char)s[i];
		if (c0 < 0x80 && (c0 < '0' || c0 > '9')) { /* most of a text */
			i++;
			continue;
		}
		uint32_t cp;
		int k = decode(s, n, i, &cp);
		if (!k) {
			i++;
			continue;
		}
		if (is_digit_cp(cp)) {
			/* Arabic, full-width folded: digits, thousands commas, decimals */
			size_t a = i;
			char buf[64];
			int bl = 0;
			while (i < n) {
				k = nst_utf8_decode(s + i, n - i, &cp);
				if (!k)
					break;
				uint32_t f = nst_fold(cp);
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
			if (count < cap)
				out[count] = (span){strtod(buf, NULL), unit_at(s, n, i, &ul), a, i};
			count++;
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
			if (u && has_digit && strcmp(u, "万") != 0) {
				if (count < cap)
					out[count] = (span){cn_value(run, rn), u, a, i};
				count++;
			}
			continue;
		}
		i += (size_t)k;
	}
	return count;
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

/* Character bigrams of the Han and alphanumeric characters of s into out
 * (when given); returns how many. */
static size_t bigrams(const char *s, size_t n, uint64_t *out)
{
	size_t c = 0, i = 0;
	uint32_t prev = 0, cp;
	while (nst_next_folded(s, n, &i, &cp)) {
		if (!(nst_is_han(cp) || (cp >= '0' && cp <= '9') ||
		      (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')))
			continue;
		if (prev) {
			if (out)
				out[c] = (uint64_t)prev << 32 | cp;
			c++;
		}
		prev = cp;
	}
	return c;
}

/* The same bigrams for the run's copy index (lindex.c), so that its
 * similarities are text.similarity's to the last bit. */
size_t nse_text_bigrams(const char *s, size_t n, uint64_t *out)
{
	return bigrams(s, n, out);
}

/* Similarity compares bigram multisets: a district run compares every
 * report's section with every peer's, so each text's set is made once and
 * kept, and a comparison must cost little.  A set holds its distinct
 * bigrams as small ids (from a dictionary of all bigrams seen) with how
 * often each occurs; comparing x with y spreads x's counts over a scratch
 * array indexed by id and reads it once per bigram of y: no merge, no
 * branch on the data.
 *
 * All of it lives in one userdata in the registry (in Lua memory, under
 * the state's cap), with user values [1] the sets by text (a Lua table
 * keyed by the string itself: Lua hashes a long string once), [2] the
 * dictionary (packed bigram -> id) and [3] the scratch array.  Past
 * CACHE_SETS sets, or CACHE_BYTES of sets and dictionary, everything starts
 * afresh; only ever at the start of a comparison, so that the sets one
 * comparison uses always share one dictionary (within a comparison the
 * cache may grow past its bounds). */
#define BIGRAM_CACHE "nianshen.bigrams"
#define CACHE_SETS 4096
#define CACHE_BYTES (16u << 20)
#define ID_BYTES 40 /* what a dictionary entry costs in a Lua table, about */

typedef struct bigram_set {
	size_t n; /* bigrams, repeats counted: the Dice denominator */
	size_t k; /* distinct bigrams, in v */
	struct {
		uint32_t id, count;
	} v[];
} bigram_set;

typedef struct bigram_cache {
	lua_Integer sets, bytes;  /* sets kept; their size and the dictionary's */
	lua_Integer next_id;      /* the dictionary's size */
	lua_Integer scratch_len;  /* ids the scratch array covers */
	int spread;               /* counts are spread over it (an error may
	                           * have left them: cleared before next use) */
} bigram_cache;

static void new_uservalue_table(lua_State *L, int n)
{
	lua_newtable(L);
	lua_setiuservalue(L, -2, n);
}

/* The cache, pushed; started afresh when asked (fresh) and past its bounds. */
static bigram_cache *push_cache(lua_State *L, int fresh)
{
	bigram_cache *c = NULL;
	if (lua_getfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE) == LUA_TUSERDATA)
		c = lua_touserdata(L, -1);
	if (c && !(fresh && (c->sets >= CACHE_SETS || c->bytes >= (lua_Integer)CACHE_BYTES)))
		return c;
	lua_pop(L, 1);
	c = lua_newuserdatauv(L, sizeof *c, 3);
	memset(c, 0, sizeof *c);
	new_uservalue_table(L, 1);
	new_uservalue_table(L, 2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE);
	return c;
}

/* The set of the string at (absolute) idx, pushed: it stays alive whatever
 * happens to the cache while the caller uses it. */
static const bigram_set *push_bigrams(lua_State *L, int idx)
{
	size_t len;
	const char *s = lua_tolstring(L, idx, &len);
	bigram_cache *c = push_cache(L, 0);
	int ci = lua_gettop(L);
	lua_getiuservalue(L, ci, 1);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) == LUA_TUSERDATA) {
		lua_replace(L, ci);
		lua_settop(L, ci);
		return lua_touserdata(L, -1);
	}
	lua_settop(L, ci);
	/* the bigrams in order, in Lua memory (under the cap, nothing to free
	 * if it is hit), then counted and given their ids */
	size_t count = bigrams(s, len, NULL), k = 0;
	uint64_t *raw = lua_newuserdatauv(L, (count + 1) * sizeof *raw, 0);
	bigrams(s, len, raw);
	qsort(raw, count, sizeof *raw, cmp_u64);
	for (size_t i = 0; i < count; i++)
		k += i == 0 || raw[i] != raw[i - 1];
	bigram_set *b = lua_newuserdatauv(L, sizeof *b + k * sizeof b->v[0], 0);
	b->n = count;
	b->k = 0;
	lua_Integer ids = c->next_id;
	lua_getiuservalue(L, ci, 2);
	for (size_t i = 0, j; i < count; i = j) {
		for (j = i + 1; j < count && raw[j] == raw[i]; j++)
			;
		lua_Integer id;
		if (lua_rawgeti(L, -1, (lua_Integer)raw[i]) == LUA_TNUMBER) {
			id = lua_tointeger(L, -1);
		} else {
			id = c->next_id++;
			lua_pushinteger(L, id);
			lua_rawseti(L, -3, (lua_Integer)raw[i]);
		}
		lua_pop(L, 1);
		b->v[b->k].id = (uint32_t)id;
		b->v[b->k].count = (uint32_t)(j - i);
		b->k++;
	}
	lua_pop(L, 1);
	lua_remove(L, -2); /* raw */
	lua_getiuservalue(L, ci, 1);
	lua_pushvalue(L, idx);
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	c->sets++;
	c->bytes += (lua_Integer)(len + sizeof *b + k * sizeof b->v[0]) +
	            (c->next_id - ids) * ID_BYTES;
	lua_remove(L, ci);
	return b;
}

/* The scratch array with x's counts spread over it, pushed. */
static uint32_t *spread(lua_State *L, const bigram_set *x, lua_Integer *len)
{
	bigram_cache *c = push_cache(L, 0);
	uint32_t *m = NULL;
	if (lua_getiuservalue(L, -1, 3) == LUA_TUSERDATA && c->scratch_len >= c->next_id) {
		m = lua_touserdata(L, -1);
		if (c->spread)
			memset(m, 0, (size_t)c->scratch_len * sizeof *m);
	} else {
		lua_pop(L, 1);
		lua_Integer n = c->next_id * 2 + 1024;
		m = lua_newuserdatauv(L, (size_t)n * sizeof *m, 0);
		memset(m, 0, (size_t)n * sizeof *m);
		lua_pushvalue(L, -1);
		lua_setiuservalue(L, -3, 3);
		c->scratch_len = n;
	}
	c->spread = 1;
	lua_remove(L, -2);
	for (size_t k = 0; k < x->k; k++)
		m[x->v[k].id] = x->v[k].count;
	*len = c->scratch_len;
	return m;
}

static void unspread(lua_State *L, uint32_t *m, const bigram_set *x)
{
	for (size_t k = 0; k < x->k; k++)
		m[x->v[k].id] = 0;
	push_cache(L, 0)->spread = 0;
	lua_pop(L, 1);
}

/* Dice coefficient of x (spread over m, of len ids) and y: bigrams they
 * share, repeats counted as often as both have them. */
static double dice(const uint32_t *m, lua_Integer len, const bigram_set *x, const bigram_set *y)
{
	size_t common = 0;
	for (size_t k = 0; k < y->k; k++) {
		uint32_t id = y->v[k].id, b = y->v[k].count;
		uint32_t a = (lua_Integer)id < len ? m[id] : 0; /* a guard: sets are made first */
		common += a < b ? a : b;
	}
	size_t total = x->n + y->n;
	return total ? 2.0 * (double)common / (double)total : 0.0;
}

/* text.similarities(a, list): text.similarity of a with each string of
 * list (read as ipairs would: a read-only view works), as an array in the
 * same order, 0 for an entry that is not a string.  A district run
 * compares every report with all its peers: one call, and a's counts
 * spread once. */
static int t_similarities(lua_State *L)
{
	luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	/* the entries first: reading them may run Lua code (a view's
	 * __index), which may compare texts too; nothing below does */
	lua_newtable(L);
	int texts = lua_gettop(L);
	lua_Integer n = 0;
	while (lua_geti(L, 2, n + 1) != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			lua_pushboolean(L, 0);
		}
		lua_rawseti(L, texts, ++n);
	}
	lua_pop(L, 1);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	int out = lua_gettop(L);
	push_cache(L, 1); /* afresh if past its bounds: not in the loop below */
	lua_pop(L, 1);
	const bigram_set *x = push_bigrams(L, 1);
	for (lua_Integer i = 1; i <= n; i++) { /* every set made before a's are spread */
		if (lua_rawgeti(L, texts, i) == LUA_TSTRING) {
			push_bigrams(L, lua_gettop(L));
			lua_rawseti(L, texts, i);
		}
		lua_pop(L, 1);
	}
	lua_Integer len;
	uint32_t *m = spread(L, x, &len);
	for (lua_Integer i = 1; i <= n; i++) {
		double sim = 0;
		if (lua_rawgeti(L, texts, i) == LUA_TUSERDATA)
			sim = dice(m, len, x, lua_touserdata(L, -1));
		lua_pop(L, 1);
		lua_pushnumber(L, sim);
		lua_rawseti(L, out, i);
	}
	unspread(L, m, x);
	lua_settop(L, out);
	/* a cache past its bounds is dropped now, not at the next comparison:
	 * two long texts left tens of MB held under the state's cap after
	 * the check returned, and the next author's check ran out of it */
	bigram_cache *c = push_cache(L, 0);
	if (c->sets >= CACHE_SETS || c->bytes + 4 * c->scratch_len >= (lua_Integer)CACHE_BYTES) {
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, BIGRAM_CACHE);
	}
	lua_settop(L, out);
	return 1;
}

/* text.similarity(a, b): Dice coefficient of character bigrams, 0..1. */
static int t_similarity(lua_State *L)
{
	luaL_checkstring(L, 2);
	lua_createtable(L, 1, 0);
	lua_pushvalue(L, 2);
	lua_rawseti(L, -2, 1);
	lua_replace(L, 2);
	lua_settop(L, 2);
	t_similarities(L);
	lua_rawgeti(L, -1, 1);
	return 1;
}

/* Whitespace as the rules' matching form drops it: ASCII spaces, the
 * ideographic space U+3000 and the no-break space U+00A0.  Returns the
 * byte length of the space at s (0: none). */
static size_t space_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (c == 0xE3 && n >= 3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

void nse_push_compact(lua_State *L, const char *s, size_t n)
{
	luaL_Buffer b;
	char *out = luaL_buffinitsize(L, &b, n);
	size_t o = 0;
	for (size_t j = 0; j < n;) {
		size_t k = space_len(s + j, n - j);
		if (k) {
			j += k;
			continue;
		}
		unsigned char last = (unsigned char)(out[o++] = s[j++]);
		/* bytes that are no UTF-8 around a space taken out ("\xC2 \xA0")
		 * can meet as another space: taken out too, so that the result
		 * holds none and compacting it again changes nothing (in UTF-8
		 * text they never meet) */
		if (last == 0xA0 && o >= 2 && (unsigned char)out[o - 2] == 0xC2)
			o -= 2;
		else if (last == 0x80 && o >= 3 && (unsigned char)out[o - 2] == 0x80 &&
		         (unsigned char)out[o - 3] == 0xE3)
			o -= 3;
	}
	luaL_pushresultsize(&b, o);
}

/* text.compact(s): s without whitespace (the string itself when it has
 * none, which is most of the time). */
static int t_compact(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	size_t i = 0;
	while (i < n && !space_len(s + i, n - i))
		i++;
	if (i == n)
		lua_settop(L, 1);
	else
		nse_push_compact(L, s, n);
	return 1;
}

/* ---- text.doubled ---------------------------------------------------- */

/* What ends a unit of text.doubled: a repeat never spans it. */
static int doubled_stop(uint32_t c)
{
	switch (c) {
	case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F:
	case 0xFF01: case 0xFF08: case 0xFF09: case 0x201C: case 0x201D: case 0x2018:
	case 0x2019: case 0x300A: case 0x300B: case 0x3010: case 0x3011: case 0x2014:
	case 0x2026: case 0x00B7: case 0xFF05: /* ，。、；：？！（）“”‘’《》【】—…·％ */
	case ',': case '.': case ';': case ':': case '(': case ')': case '"': case '\'':
	case '-': case '/': case '*': case '#': case '|': case '%':
		return 1;
	}
	return 0;
}

/* text.doubled(s [, max [, keep]]) → where a unit of 1 … max characters
 * (24) stands twice in a row ("的的", "政务公开政务公开", "2022年2022年"):
 * a unit holds a Han character (U+4000–U+9FFF) and no punctuation.  At each
 * place the shortest unit that keep(unit, length) accepts (any, without
 * keep) is taken and the search goes on after its second copy.  An array of
 * {unit, from, to}: from the byte where the unit starts, to the byte where
 * the last character of its copy starts.  In C: quality.doubled asked it of
 * every character of the prose, a tenth of the standard scheme's time. */
static int t_doubled(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_Integer max = luaL_optinteger(L, 2, 24);
	if (!lua_isnoneornil(L, 3))
		luaL_checktype(L, 3, LUA_TFUNCTION);
	int keep = !lua_isnoneornil(L, 3);
	if (max < 1)
		max = 1;
	/* the characters and where they start, in memory the cap counts */
	size_t nc = 0;
	for (size_t i = 0; i < n; i++)
		nc += ((unsigned char)s[i] & 0xC0) != 0x80;
	size_t hcap = 16;
	while (hcap < 2 * nc + 16)
		hcap *= 2;
	struct slot { uint32_t cp; int at; } *h;
	uint32_t *a = lua_newuserdatauv(L, (nc + 1) * (sizeof *a + 2 * sizeof(int)) +
	                                   hcap * sizeof *h, 0);
	int *pos = (int *)(a + nc + 1), *next = pos + nc + 1;
	h = (struct slot *)(next + nc + 1);
	int m = 0;
	for (size_t i = 0; i < n && (size_t)m < nc;) {
		uint32_t c;
		int len = nst_utf8_decode(s + i, n - i, &c);
		if (!len)
			c = (unsigned char)s[i], len = 1;
		a[m] = c;
		pos[m++] = (int)i;
		i += (size_t)len;
	}
	/* the next place of each character: a unit repeated at once starts
	 * again where its first character does, so only those lengths are
	 * tried */
	for (size_t k = 0; k < hcap; k++)
		h[k].at = -1;
	for (int k = m - 1; k >= 0; k--) {
		size_t x = (a[k] * 0x9E3779B1u) & (hcap - 1);
		while (h[x].at >= 0 && h[x].cp != a[k])
			x = (x + 1) & (hcap - 1);
		next[k] = h[x].at;
		h[x].cp = a[k];
		h[x].at = k;
	}
	lua_newtable(L);
	int out = lua_gettop(L), nout = 0;
	for (int i = 0; i < m;) {
		int hit = 0;
		for (int j = next[i]; j >= 0 && j - i <= max && !hit; j = next[j]) {
			int len = j - i, han = 0, same = 1;
			if (i + 2 * len > m)
				break;
			for (int k = 0; k < len && same; k++) {
				uint32_t x = a[i + k];
				if (x != a[i + len + k] || doubled_stop(x))
					same = 0;
				han |= x >= 0x4000 && x <= 0x9FFF;
			}
			if (!same || !han)
				continue;
			int b = i + len < m ? pos[i + len] : (int)n;
			if (keep) {
				lua_pushvalue(L, 3);
				lua_pushlstring(L, s + pos[i], (size_t)(b - pos[i]));
				lua_pushinteger(L, len);
				lua_call(L, 2, 1);
				hit = lua_toboolean(L, -1);
				lua_pop(L, 1);
			} else {
				hit = 1;
			}
			if (hit) {
				lua_createtable(L, 0, 3);
				lua_pushlstring(L, s + pos[i], (size_t)(b - pos[i]));
				lua_setfield(L, -2, "unit");
				lua_pushinteger(L, pos[i] + 1);
				lua_setfield(L, -2, "from");
				lua_pushinteger(L, pos[i + 2 * len - 1] + 1);
				lua_setfield(L, -2, "to");
				lua_rawseti(L, out, ++nout);
				i += 2 * len;
			}
		}
		if (!hit)
			i++;
	}
	return 1;
}

/* The punctuation that splits prose, and what it does. */
static const struct delim {
	const char *ch;
	const char *kind;
} delims[] = {
	{"。", "stop"}, {"！", "stop"}, {"？", "stop"}, {"，", "clause"}, {"；", "clause"},
	{"：", "clause"}, {"（", "open"}, {"）", "close"}, {",", "clause"}, {";", "clause"},
	{":", "clause"}, {"(", "open"}, {")", "close"}, {"!", "stop"}, {"?", "stop"},
	{NULL, NULL}};

static const struct delim *delim_at(const char *s, size_t n, size_t i, size_t len)
{
	/* by their bytes (every character of a text is asked): the index in
	 * delims[] */
	const unsigned char *u = (const unsigned char *)s + i;
	int k;
	if (len == 1) {
		switch (u[0]) {
		case ',': k = 8; break;
		case ';': k = 9; break;
		case ':': k = 10; break;
		case '(': k = 11; break;
		case ')': k = 12; break;
		case '!': k = 13; break;
		case '?': k = 14; break;
		default: return NULL;
		}
		/* a ',' or ':' between digits belongs to a number (1,234; 8:30) */
		if ((u[0] == ',' || u[0] == ':') && i > 0 && i + 1 < n &&
		    s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9')
			return NULL;
	} else if (len == 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) {
		k = 0; /* 。 */
	} else if (len == 3 && u[0] == 0xEF && u[1] == 0xBC) {
		switch (u[2]) { /* U+FF01 ！ … */
		case 0x81: k = 1; break; /* ！ */
		case 0x9F: k = 2; break; /* ？ */
		case 0x8C: k = 3; break; /* ， */
		case 0x9B: k = 4; break; /* ； */
		case 0x9A: k = 5; break; /* ： */
		case 0x88: k = 6; break; /* （ */
		case 0x89: k = 7; break; /* ） */
		default: return NULL;
		}
	} else {
		return NULL;
	}
	return &delims[k];
}

/* The next delimiter at or after byte *i: its kind (NULL at the end), *at
 * and *len where it stands; *i moves past it.  Characters are stepped by
 * their UTF-8 lead byte, so that a delimiter is never found inside one. */
static const struct delim *next_delim(const char *s, size_t n, size_t *i, size_t *at, size_t *len)
{
	while (*i < n) {
		unsigned char b = (unsigned char)s[*i];
		size_t l = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
		if (*i + l > n)
			l = n - *i;
		const struct delim *d = delim_at(s, n, *i, l);
		*at = *i;
		*len = l;
		*i += l;
		if (d)
			return d;
	}
	return NULL;
}

/* text.delimiters(s) → { {pos, len, ch, kind}, ... } in text order; kind is
 * "stop" (。！？), "clause" (，；：), "open" or "close" (parentheses). */
static const char *const delimiter_fields[] = {"pos", "len", "ch", "kind", NULL};

static int t_delimiters(lua_State *L)
{
	size_t n, i = 0, at, len;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_settop(L, 1);
	nse_push_record_mt(L, "delimiter has no field", delimiter_fields);
	lua_newtable(L);
	int count = 0;
	for (const struct delim *d; (d = next_delim(s, n, &i, &at, &len));) {
		lua_createtable(L, 0, 4);
		lua_pushinteger(L, (lua_Integer)at + 1);
		lua_setfield(L, -2, "pos");
		lua_pushinteger(L, (lua_Integer)len);
		lua_setfield(L, -2, "len");
		lua_pushstring(L, d->ch);
		lua_setfield(L, -2, "ch");
		lua_pushstring(L, d->kind);
		lua_setfield(L, -2, "kind");
		lua_pushvalue(L, 2);
		lua_setmetatable(L, -2);
		lua_rawseti(L, -2, ++count);
	}
	return 1;
}

/* ---- numbers in their prose ------------------------------------------ */

typedef struct cut {
	size_t pos, len; /* 1-based, as Lua strings count */
	char kind;       /* 's'top, 'c'lause, 'o'pen, 'x' close */
} cut;

static size_t scan_cuts(const char *s, size_t n, cut *out, size_t cap)
{
	size_t count = 0, i = 0, at, len;
	for (const struct delim *d; (d = next_delim(s, n, &i, &at, &len)); count++)
		if (count < cap)
			out[count] = (cut){at + 1, len, strcmp(d->kind, "close") == 0 ? 'x' : d->kind[0]};
	return count;
}

static int is_cn_ordinal(const char *s, size_t n, size_t i)
{
	static const char *const ord[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	for (int k = 0; k < 10; k++)
		if (i + 3 <= n && memcmp(s + i, ord[k], 3) == 0)
			return 1;
	return 0;
}

/* Sub-item markers （一）…（十） and (一): 1-based positions of the bracket
 * (the first cap of them); returns how many there are. */
static size_t scan_markers(const char *s, size_t n, size_t *out, size_t cap)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '(' && s[i] != '\xEF')
			continue;
		size_t open = s[i] == '(' ? 1 : (i + 3 <= n && memcmp(s + i, "（", 3) == 0) ? 3 : 0;
		if (!open)
			continue;
		size_t j = i + open;
		while (is_cn_ordinal(s, n, j))
			j += 3;
		if (j == i + open)
			continue;
		if (open == 1 ? (j < n && s[j] == ')') : (j + 3 <= n && memcmp(s + j, "）", 3) == 0)) {
			if (count < cap)
				out[count] = i + 1;
			count++;
		}
	}
	return count;
}

/* Working memory in Lua's heap, under the state's memory cap and freed by
 * the collector even when a later push raises an error. */
static void *scratch(lua_State *L, size_t n, size_t size)
{
	return lua_newuserdatauv(L, (n ? n : 1) * size, 0);
}

/* ASCII whitespace, as Lua's %s (space_len above adds U+3000 and U+00A0) */
static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * The numbers of text s with where each stands in its prose (1-based byte
 * offsets, as Lua strings count):
 *   lead_from       the start of its clause, or the end of the number before
 *                   it in that clause (the words that lead to it)
 *   after           just after its unit;  tail_to: the end of its clause, or
 *                   the start of the next number (the words after it)
 *   sentence_start, sentence_to   its sentence (。！？)
 *   context_from    the last sub-item marker （一）… before it, if at most
 *                   1500 bytes back, else its sentence start
 *   depth           how many parentheses are open at it
 * With a section's view (v), also line, col, page and section id of each
 * number, which raises once the view's report has ended.
 */
void nse_push_numbers(lua_State *L, const char *s, size_t n, int anchor,
                      const nse_view *view, int with_unit)
{
	anchor = lua_absindex(L, anchor);
	/* one pass each into buffers on the stack; a text with more numbers,
	 * delimiters or markers than they hold is scanned again into memory
	 * the size it needs */
	span vbuf[256];
	cut dbuf[512];
	size_t mbuf[64];
	span *v = vbuf;
	cut *dl = dbuf;
	size_t *mk = mbuf;
	size_t count = scan_numbers(s, n, vbuf, 256);
	size_t ncut = scan_cuts(s, n, dbuf, 512);
	size_t nmark = scan_markers(s, n, mbuf, 64);
	if (count > 256)
		scan_numbers(s, n, v = scratch(L, count, sizeof *v), count);
	else
		lua_pushnil(L);
	if (ncut > 512)
		scan_cuts(s, n, dl = scratch(L, ncut, sizeof *dl), ncut);
	else
		lua_pushnil(L);
	if (nmark > 64)
		scan_markers(s, n, mk = scratch(L, nmark, sizeof *mk), nmark);
	else
		lua_pushnil(L);
	lua_createtable(L, (int)count, 0);
	luaL_getmetatable(L, NSE_NUMBER_MT);
	int mt = lua_gettop(L);
	size_t di = 0, ni = 0, si = 0, mi = 0;
	size_t clause_end = 1, stop_end = 1, prev_end = 1;
	int depth = 0, pushed = 0;
	for (size_t k = 0; k < count; k++) {
		const span *x = &v[k];
		size_t start = x->a + 1;
		for (; di < ncut && dl[di].pos < start; di++) {
			clause_end = dl[di].pos + dl[di].len;
			if (dl[di].kind == 's')
				stop_end = clause_end;
			else if (dl[di].kind == 'o')
				depth++;
			else if (dl[di].kind == 'x' && depth > 0)
				depth--;
		}
		nse_number num = {.text = s, .len = n, .value = x->value, .unit = x->unit,
		                  .a = x->a, .b = x->b, .depth = depth,
		                  .r = view ? view->r : NULL, .sec = view ? view->t : 0,
		                  .alive = view ? view->alive : NULL};
		num.lead_from = clause_end > prev_end ? clause_end : prev_end;
		num.after = x->b + 1;
		if (x->unit) {
			size_t j = x->b, ul = strlen(x->unit);
			while (j < n && is_space(s[j]))
				j++;
			if (j + ul <= n && memcmp(s + j, x->unit, ul) == 0)
				num.after = j + ul + 1;
		}
		while (ni < ncut && dl[ni].pos < num.after)
			ni++;
		num.tail_to = ni < ncut ? dl[ni].pos - 1 : n;
		if (k + 1 < count && v[k + 1].a < num.tail_to)
			num.tail_to = v[k + 1].a;
		while (si < ncut && (dl[si].kind != 's' || dl[si].pos < start))
			si++;
		num.sentence_start = stop_end;
		num.sentence_to = si < ncut ? dl[si].pos - 1 : n;
		while (mi < nmark && mk[mi] < start)
			mi++;
		num.context_from = stop_end;
		if (mi > 0 && start - mk[mi - 1] <= 1500 && mk[mi - 1] < stop_end)
			num.context_from = mk[mi - 1];
		/* a year ("结转至2026年6件") does not end the words that lead
		 * to the next figure */
		if (!x->unit || strcmp(x->unit, "年") != 0)
			prev_end = num.after;
		if (with_unit && !x->unit)
			continue;
		num.idx = ++pushed;
		nse_number *m = lua_newuserdatauv(L, sizeof *m, 1);
		*m = num;
		lua_pushvalue(L, anchor);
		lua_setiuservalue(L, -2, 1);
		lua_pushvalue(L, mt);
		lua_setmetatable(L, -2);
		lua_rawseti(L, mt - 1, pushed);
	}
	lua_pop(L, 1); /* the metatable */
	lua_replace(L, -4);
	lua_pop(L, 2);
	nse_charge(L, (lua_Unsigned)pushed * NSE_STEPS_TABLE); /* the numbers made */
}

/* "with_unit" (only the numbers a unit follows) or nothing: all of them */
int nse_numbers_option(lua_State *L, int idx)
{
	static const char *const opts[] = {"all", "with_unit", NULL};
	return luaL_checkoption(L, idx, "all", opts);
}

/* text.numbers(s [, "with_unit"]) → the numbers of s (see lnumber.c) */
static int t_numbers(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	nse_push_numbers(L, s, n, 1, NULL, nse_numbers_option(L, 2));
	return 1;
}

/* text.sentences(s) → { {text, raw, start, stop}, ... }: s split at 。！？
 * (and ! ?), the pieces that hold more than ASCII spaces; raw as written,
 * text without whitespace, start and stop its bytes in s.  Not at line
 * ends: PDF text breaks lines in mid-sentence. */
static const char *const sentence_fields[] = {"text", "raw", "start", "stop", NULL};

static int t_sentences(lua_State *L)
{
	size_t n, i = 0, at, len;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_settop(L, 1);
	nse_push_record_mt(L, "sentence has no field", sentence_fields);
	lua_newtable(L);
	int count = 0;
	for (size_t from = 0; from <= n; from = at + len) {
		const struct delim *d;
		while ((d = next_delim(s, n, &i, &at, &len)) && strcmp(d->kind, "stop") != 0)
			;
		if (!d)
			at = n, len = 1; /* the last piece runs to the end */
		int any = 0; /* more than ASCII spaces */
		for (size_t j = from; j < at && !any; j++)
			any = !is_space(s[j]);
		if (!any)
			continue;
		lua_createtable(L, 0, 4);
		nse_push_compact(L, s + from, at - from);
		lua_setfield(L, -2, "text");
		lua_pushlstring(L, s + from, at - from);
		lua_setfield(L, -2, "raw");
		lua_pushinteger(L, (lua_Integer)from + 1);
		lua_setfield(L, -2, "start");
		lua_pushinteger(L, (lua_Integer)at);
		lua_setfield(L, -2, "stop");
		lua_pushvalue(L, 2);
		lua_setmetatable(L, -2);
		lua_rawseti(L, -2, ++count);
	}
	return 1;
}

/* A word of a list: a string, or an error naming where it is. */
/* A word of a list: a string (or a number, as Lua would match it), or an
 * error naming what it is.  Converts a number in place on the stack. */
static const char *word_at(lua_State *L, int idx, size_t *len)
{
	int t = lua_type(L, idx);
	if (t != LUA_TSTRING && t != LUA_TNUMBER)
		luaL_error(L, "a word (string) expected, got %s", luaL_typename(L, idx));
	return lua_tolstring(L, idx, len);
}

/* Word lists are read as ipairs would (lua_geti: through __index), so that
 * the read-only tables rules are given (ctx.params, another module's
 * tables) serve as well as their own. */

/* Each word looked for reads s again: a step per eight bytes of it, as a
 * plain string.find pays.  The sandbox's charge for a text.* call counts
 * its arguments' bytes once (and not at all the words of a read-only
 * view, or of text.nearest's categories): text.has of a 1 MB text and
 * 20,000 words read 20 GB on 1.2 million steps, a loop of such calls ran
 * into the time limit instead of the budget. */
static const char *find_word(lua_State *L, const char *s, size_t n, const char *w, size_t wl)
{
	nse_charge(L, (lua_Unsigned)n / 8 + 1);
	return memmem(s, n, w, wl);
}

/* The first of the words of list `idx` (an array, or one word) found in
 * s; pushed, or nothing pushed and NULL. */
static const char *first_word_in(lua_State *L, const char *s, size_t n, int idx)
{
	size_t wl;
	if (lua_type(L, idx) != LUA_TTABLE) {
		const char *w = word_at(L, idx, &wl);
		if (!find_word(L, s, n, w, wl))
			return NULL;
		lua_pushvalue(L, idx);
		return w;
	}
	for (lua_Integer k = 1; lua_geti(L, idx, k) != LUA_TNIL; k++) {
		const char *w = word_at(L, -1, &wl);
		if (find_word(L, s, n, w, wl))
			return w;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return NULL;
}

/* text.has(s, w1, w2 | {w…}, ...): the first of the words, in the order
 * given, that s contains (plain match); nil when none or s is nil/false. */
static int t_has(lua_State *L)
{
	size_t n;
	if (!lua_toboolean(L, 1))
		return 0;
	const char *s = luaL_checklstring(L, 1, &n);
	int top = lua_gettop(L);
	for (int i = 2; i <= top; i++)
		if (first_word_in(L, s, n, i))
			return 1;
	return 0;
}

/* Where the words of the array at idx stand in s, the best of them kept
 * in *best and *best_len (see t_nearest); 1 when one of them improved it. */
static int nearest_in(lua_State *L, const char *s, size_t n, int idx, int from_end,
                      int *have, long long *best, size_t *best_len)
{
	int better = 0;
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_error(L, "text.nearest: the words of a category must be an array");
	for (lua_Integer k = 1; lua_geti(L, idx, k) != LUA_TNIL; k++) {
		size_t wl;
		const char *w = word_at(L, -1, &wl);
		const char *hit = wl ? find_word(L, s, n, w, wl) : NULL;
		if (hit) {
			/* the hits after it: the rest of s once more, and a step a hit */
			if (from_end)
				for (const char *h; (h = memmem(hit + 1, n - (size_t)(hit + 1 - s), w, wl));) {
					nse_charge(L, 1);
					hit = h;
				}
			/* as Lua counts: the end of the last, or minus the start of the first */
			long long key = from_end ? (long long)(hit - s) + (long long)wl
			                         : -((long long)(hit - s) + 1);
			if (!*have || key > *best || (key == *best && wl > *best_len)) {
				*have = better = 1;
				*best = key;
				*best_len = wl;
			}
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return better;
}

/* text.nearest(s, { name = {words…}, … } [, from_end]): the name whose word
 * stands nearest the end of s (from_end: the word that ends last) or its
 * start (the word that starts first); ties go to the longer word; empty
 * words are never found.  Which figure the words before a number name is
 * the word nearest to it.  The categories are walked as pairs would. */
static int t_nearest(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_checktype(L, 2, LUA_TTABLE);
	int from_end = lua_toboolean(L, 3);
	lua_settop(L, 3);
	lua_pushnil(L); /* 4: the best name so far */
	long long best = 0;
	size_t best_len = 0;
	int have = 0;
	if (luaL_getmetafield(L, 2, "__pairs") != LUA_TNIL) {
		/* 5: f, 6: state, 7: control, as pairs(t) gives them */
		lua_pushvalue(L, 2);
		lua_call(L, 1, 3);
		for (;;) {
			lua_pushvalue(L, 5);
			lua_pushvalue(L, 6);
			lua_pushvalue(L, 7);
			lua_call(L, 2, 2); /* 8: name, 9: words */
			if (lua_isnil(L, 8))
				break;
			lua_pushvalue(L, 8);
			lua_replace(L, 7);
			if (nearest_in(L, s, n, 9, from_end, &have, &best, &best_len)) {
				lua_pushvalue(L, 8);
				lua_replace(L, 4);
			}
			lua_settop(L, 7);
		}
	} else {
		lua_pushnil(L);
		while (lua_next(L, 2)) { /* 5: name, 6: words */
			if (nearest_in(L, s, n, 6, from_end, &have, &best, &best_len)) {
				lua_pushvalue(L, 5);
				lua_replace(L, 4);
			}
			lua_settop(L, 5);
		}
	}
	lua_settop(L, 4);
	return 1;
}

/* text.contains(s, w…): text.has(s, w…) ~= nil. */
static int t_contains(lua_State *L)
{
	lua_pushboolean(L, t_has(L) > 0);
	return 1;
}

int nse_open_text(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{"numbers", t_numbers},
		{"cn_number", t_cn_number},
		{"normalize", t_normalize},
		{"similarity", t_similarity},
		{"similarities", t_similarities},
		{"own_words", nse_text_own_words},
		{"contains", t_contains},
		{"has", t_has},
		{"sentences", t_sentences},
		{"nearest", t_nearest},
		{"compact", t_compact},
		{"doubled", t_doubled},
		{"delimiters", t_delimiters},
		{NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
