/*
 * names.c — agencies' names: written alike (nse_name_canon), one agency's
 * or not (nse_same_prepped), and which names of a district can be one
 * agency's without comparing every pair (nse_suffixes).  What ctx.previous,
 * duplicates, the roster and the copy index's "same agency" all ask.
 */
#include "run.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t nse_name_core(const char *s, size_t n)
{
	/* (a canonical name, nse_name_canon: its 人民政府 is 政府) */
	static const char *const tails[] = {"政府", "办事处", NULL};
	for (int k = 0; tails[k]; k++) {
		size_t t = strlen(tails[k]);
		if (n >= t + 6 && memcmp(s + n - t, tails[k], t) == 0)
			return n - t;
	}
	return n;
}

/* Does the bracketed note s[0, n) (canonical) name a part of the agency,
 * a body of its own under it, rather than a second name of the agency
 * (一个机构两块牌子) or a note on it (挂牌)?  A branch ("城关分局", "经开区
 * 分中心": 分 among its last three characters), a squad or a station
 * ("执法大队", "城关市场监管所", "农技站"): "青岚县市场监督管理局（城关分局）"
 * reports for the branch, not for the bureau "青岚县市场监督管理局". */
static int names_a_part(const char *s, size_t n)
{
	static const char *const ends[] = {"队", "所", "站", NULL};
	for (int k = 0; ends[k]; k++)
		if (n >= 3 && memcmp(s + n - 3, ends[k], 3) == 0)
			return 1;
	for (size_t k = 6; k <= 9 && k <= n; k += 3) /* (UTF-8: no lead byte is a trail's) */
		if (memcmp(s + n - k, "分", 3) == 0)
			return 1;
	return 0;
}

/* One agency's name as reports, file names and rosters write it differ in
 * what says nothing of which agency it is: brackets of either width
 * ("青岚县财政局(国资局)", "…（国资局）"), a space or what a paste leaves
 * (NBSP, U+3000, zero-width), and 政府 for 人民政府 ("县政府办公室" is "县人
 * 民政府办公室"; no agency's name holds 政府 that is not its 人民政府).
 * Writes the name so written alike into out (no longer than s: brackets
 * become ASCII's) and returns its length; *main, the length of it before
 * a bracketed second name or note that ends it ("青岚县发展和改革局（青岚
 * 县粮食和物资储备局）", one agency under two names), when what is before
 * is a name of three characters or more and the bracket names no part of
 * the agency (names_a_part: "…局（城关分局）" is the branch's); else the
 * whole. */
size_t nse_name_canon(const char *s, char *out, size_t *main)
{
	size_t o = 0, open = 0;
	int depth = 0, opened = 0;
	/* asked of every name a run compares, often: a byte is looked at
	 * twice only when it can start what is dropped or folded */
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int skip = 0, paren = 0; /* bytes dropped; '(' or ')' written */
		switch (*p) {
		case ' ': case '\t': case '\r': case '\n':
			skip = 1;
			break;
		case '(': case ')':
			paren = *p, skip = 1;
			break;
		case 0xC2: /* U+00A0 */
			skip = p[1] == 0xA0 ? 2 : 0;
			break;
		case 0xE2: /* U+200B */
			skip = p[1] == 0x80 && p[2] == 0x8B ? 3 : 0;
			break;
		case 0xE3: /* U+3000 */
			skip = p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
			break;
		case 0xEF: /* U+FEFF; （ ） */
			if (p[1] == 0xBB && p[2] == 0xBF)
				skip = 3;
			else if (p[1] == 0xBC && (p[2] == 0x88 || p[2] == 0x89))
				paren = p[2] == 0x88 ? '(' : ')', skip = 3;
			break;
		case 0xE4: /* 人民政府 is 政府 */
			skip = strncmp((const char *)p, "人民政府", 12) == 0 ? 6 : 0;
			break;
		}
		if (paren == '(') {
			if (depth++ == 0) {
				open = o;
				opened = 1;
			}
			out[o++] = '(';
		} else if (paren == ')') {
			depth -= depth > 0;
			out[o++] = ')';
		}
		if (skip)
			p += skip;
		else
			out[o++] = (char)*p++;
	}
	out[o] = 0;
	/* a bracket closed at the end, opened after a name, naming no part of
	 * the agency */
	*main = opened && depth == 0 && o > 0 && out[o - 1] == ')' && open >= 9 &&
	        !names_a_part(out + open + 1, o - open - 2) ? open : o;
	return o;
}

/* Does the shorter of x[0, nx) and y[0, ny), of min bytes or more, end
 * the longer? */
static int ends_other(const char *x, size_t nx, const char *y, size_t ny, size_t min)
{
	if (nx < ny) {
		const char *t = x; x = y; y = t;
		size_t n = nx; nx = ny; ny = n;
	}
	return ny >= min && memcmp(x + nx - ny, y, ny) == 0;
}

/* s made ready for comparing into nm, its canonical form written into c
 * (strlen(s) + 1 bytes or more). */
static void prep_into(const char *s, char *c, nse_name *nm)
{
	nm->c = c;
	nm->n = nse_name_canon(s, c, &nm->main);
	nm->core = nse_name_core(c, nm->main);
	size_t from = nm->core > 6 ? nm->core - 6 : 0;
	memcpy(nm->key, c + from, nm->core - from);
	nm->key[nm->core - from] = 0;
}

int nse_name_prep(const char *s, nse_name *nm)
{
	char *c = malloc(strlen(s ? s : "") + 1);
	if (!c) {
		*nm = (nse_name){0};
		return -1;
	}
	prep_into(s ? s : "", c, nm);
	return 0;
}

void nse_name_free(nse_name *nm)
{
	free(nm->c);
	nm->c = NULL;
}

void nse_names_free(nse_name *nm, int n)
{
	for (int i = 0; nm && i < n; i++)
		nse_name_free(&nm[i]);
	free(nm);
}

/* whole names (3+ Han characters: "沛县人民政府" / "徐州市沛县人民政府"), or
 * names without 人民政府/办事处 when one has it and the other not ("青岚县
 * 白石镇" / "青岚县白石镇人民政府"); never two names of different keys (a
 * name too short to lose its 人民政府, "县人民政府", is no other county's),
 * so that what sorts by key finds every pair this accepts.  A bracketed
 * second name of one that the other has not is no difference; two that
 * differ are ("…局（A）" is not "…局（B）": whose report is whose, a guess
 * would tell). */
int nse_same_prepped(const nse_name *x, const nse_name *y)
{
	return x->c && y->c && strcmp(x->key, y->key) == 0 &&
	       (x->main == x->n || y->main == y->n || strcmp(x->c + x->main, y->c + y->main) == 0) &&
	       (ends_other(x->c, x->main, y->c, y->main, 9) ||
	        ends_other(x->c, x->core, y->c, y->core, 9));
}

/* Names compared once (a bracket, a report's title) are made ready on the
 * stack; the runs' comparisons of many names prepare each once. */
int nse_same_name(const char *x, const char *y)
{
	if (!x || !y)
		return 0;
	char bx[256], by[256];
	char *cx = strlen(x) < sizeof bx ? bx : malloc(strlen(x) + 1);
	char *cy = strlen(y) < sizeof by ? by : malloc(strlen(y) + 1);
	int same = 0;
	if (cx && cy) {
		nse_name nx, ny;
		prep_into(x, cx, &nx);
		prep_into(y, cy, &ny);
		same = nse_same_prepped(&nx, &ny);
	}
	if (cx != bx)
		free(cx);
	if (cy != by)
		free(cy);
	return same;
}

/* ---- the names that can be one agency's: a suffix index --------------- */

/* Two names nse_same_prepped are one the other's end, of 9 bytes or more,
 * in their main parts or in their cores.  So the index keeps every name's
 * main part and core reversed and sorted: the names that start (reversed)
 * with a name's last 9 bytes are one range, those with its last 10 a range
 * inside it, and so on (nse_suffixes_find): the names equal to one of its
 * ends stand first in the end's range, the names it ends are the range of
 * its whole length.  What it finds is a superset: nse_same_prepped
 * decides.  (A key, nse_name's, holds a county's every 教育局, and a
 * province's; comparing every pair of a key grew with its square.) */
typedef struct sfx {
	const char *rev; /* reversed, in the index's buf */
	size_t len;
	int id;
} sfx;

struct nse_suffixes {
	sfx *v;
	int n;
	char *buf;
};

static int cmp_rev(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

static int cmp_sfx(const void *pa, const void *pb)
{
	const sfx *a = pa, *b = pb;
	int c = cmp_rev(a->rev, a->len, b->rev, b->len);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static int indexed(const nse_name *nm)
{
	return nm->c && nm->main >= 9;
}

/* The core as a second entry: when it is shorter than the main part and
 * could end a name itself. */
static int core_too(const nse_name *nm)
{
	return nm->core < nm->main && nm->core >= 9;
}

static char *put_rev(char *o, const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		o[k] = s[n - 1 - k];
	return o;
}

nse_suffixes *nse_suffixes_new(const nse_name *nm, int n)
{
	nse_suffixes *ix = calloc(1, sizeof *ix);
	size_t bytes = 1;
	int ne = 0;
	for (int i = 0; ix && i < n; i++)
		if (indexed(&nm[i])) {
			bytes += nm[i].main + (core_too(&nm[i]) ? nm[i].core : 0);
			ne += 1 + core_too(&nm[i]);
		}
	if (!ix || !(ix->v = malloc(sizeof *ix->v * (size_t)(ne + 1))) ||
	    !(ix->buf = malloc(bytes))) {
		nse_suffixes_free(ix);
		return NULL;
	}
	char *o = ix->buf;
	for (int i = 0; i < n; i++) {
		if (!indexed(&nm[i]))
			continue;
		ix->v[ix->n++] = (sfx){put_rev(o, nm[i].c, nm[i].main), nm[i].main, i};
		o += nm[i].main;
		if (core_too(&nm[i])) {
			ix->v[ix->n++] = (sfx){put_rev(o, nm[i].c, nm[i].core), nm[i].core, i};
			o += nm[i].core;
		}
	}
	qsort(ix->v, (size_t)ix->n, sizeof *ix->v, cmp_sfx);
	return ix;
}

void nse_suffixes_free(nse_suffixes *ix)
{
	if (!ix)
		return;
	free(ix->v);
	free(ix->buf);
	free(ix);
}

/* Does entry e start with rev[0, len)? */
static int has_prefix(const sfx *e, const char *rev, size_t len)
{
	return e->len >= len && memcmp(e->rev, rev, len) == 0;
}

/* Of the entries [lo, hi) that start with rev[0, len - 1) or more, the
 * range of those that start with rev[0, len): *lo, *hi narrowed.  They
 * sort together, the one equal to it first. */
static void narrow(const nse_suffixes *ix, int *lo, int *hi, const char *rev, size_t len)
{
	int a = *lo, b = *hi;
	while (a < b) { /* the first not below rev[0, len) */
		int mid = a + (b - a) / 2;
		if (cmp_rev(ix->v[mid].rev, ix->v[mid].len, rev, len) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = *hi;
	while (a < b) { /* the first past those that start with it */
		int mid = a + (b - a) / 2;
		if (has_prefix(&ix->v[mid], rev, len))
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

static int push_id(int **out, int *cap, int n, int id)
{
	if (n == *cap) {
		int nc = *cap * 2 + 16;
		int *p = realloc(*out, sizeof *p * (size_t)nc);
		if (!p)
			return -1;
		*out = p;
		*cap = nc;
	}
	(*out)[n] = id;
	return n + 1;
}

int nse_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int nse_suffixes_find(const nse_suffixes *ix, const nse_name *q, int **out, int *cap)
{
	if (!ix || !indexed(q))
		return 0;
	char small[256], *rev = q->main < sizeof small ? small : malloc(q->main);
	if (!rev)
		return -1;
	int n = 0;
	for (int form = 0; form < 2 && n >= 0; form++) {
		size_t len = form ? q->core : q->main;
		if (form && !core_too(q))
			break;
		put_rev(rev, q->c, len);
		/* its ends from 9 bytes on, each a narrower range of the index:
		 * at each, the names equal to that end (they end it), and at its
		 * whole length all the range (they are it or end with it) */
		int lo = 0, hi = ix->n;
		for (size_t l = 9; l <= len && lo < hi && n >= 0; l++) {
			if (l < len && ((unsigned char)q->c[len - l] & 0xC0) == 0x80)
				continue; /* no name starts within a character */
			narrow(ix, &lo, &hi, rev, l);
			for (int k = lo; k < hi && n >= 0 && (l == len || ix->v[k].len == l); k++)
				n = push_id(out, cap, n, ix->v[k].id);
		}
	}
	if (rev != small)
		free(rev);
	if (n <= 0)
		return n;
	qsort(*out, (size_t)n, sizeof **out, nse_cmp_int);
	int u = 1;
	for (int k = 1; k < n; k++)
		if ((*out)[k] != (*out)[u - 1])
			(*out)[u++] = (*out)[k];
	return u;
}

/* ---- a name the roster may have meant --------------------------------- */

enum { NAME_CHARS = 40 }; /* an agency's name is shorter: longer ones are cut */

/* The code points of a canonical name's core (its main part without 政府
 * or 办事处, which the roster's names leave off as often: "石桥乡" and
 * "青岚县石桥镇人民政府" are a slip apart); their count. */
static int chars_of(const nse_name *nm, uint32_t *cp)
{
	int n = 0;
	for (size_t i = 0; i < nm->core && n < NAME_CHARS;) {
		int k = nst_utf8_decode(nm->c + i, nm->core - i, &cp[n]);
		i += k ? (size_t)k : 1;
		n += k > 0;
	}
	return n;
}

/* Is x[0, nx) a shortened form of y[0, ny), as agencies' names are
 * shortened: the first character kept and the rest a choice of y's in
 * their order, ending in one of y's last three ("青岚县发改局" of "青岚县发展
 * 和改革局", "人社局" of "人力资源和社会保障局", "卫健委" of "卫生健康委员会")? */
static int shortened(const uint32_t *x, int nx, const uint32_t *y, int ny)
{
	if (nx < 3 || nx >= ny || x[0] != y[0])
		return 0;
	int end = ny - 1; /* where x's last character stands */
	while (end >= ny - 3 && end > 0 && y[end] != x[nx - 1])
		end--;
	if (end < ny - 3 || end == 0)
		return 0;
	for (int i = 1, j = 1; i < nx - 1; i++, j++) {
		while (j < end && y[j] != x[i])
			j++;
		if (j == end)
			return 0;
	}
	return 1;
}

/* Edit distance in characters (insert, delete, substitute), or a big
 * number once it is past limit. */
static int char_distance(const uint32_t *x, int nx, const uint32_t *y, int ny, int limit)
{
	if (abs(nx - ny) > limit)
		return limit + 1;
	int d[NAME_CHARS + 1][NAME_CHARS + 1];
	for (int i = 0; i <= nx; i++)
		d[i][0] = i;
	for (int j = 0; j <= ny; j++)
		d[0][j] = j;
	for (int i = 1; i <= nx; i++)
		for (int j = 1; j <= ny; j++) {
			int v = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			d[i][j] = v;
		}
	return d[nx][ny];
}

/* Where x's name may begin past a place: 0, and after each 省, 市, 县, 区,
 * 州, 旗 or 盟 of its first half ("青岚县|发展和改革局").  A roster lists
 * "发改局" or "财证局" as often as "青岚县发改局": its name is the same
 * agency's when it ends the other (nse_same_prepped), and so is compared
 * with what follows the place.  Returns how many, at most max. */
static int name_starts(const uint32_t *x, int nx, int *at, int max)
{
	static const uint32_t places[] = {0x7701, 0x5E02, 0x53BF, 0x533A, 0x5DDE, 0x65D7, 0x76DF};
	int n = 0;
	at[n++] = 0;
	for (int i = 1; i <= nx / 2 && n < max; i++)
		for (size_t k = 0; k < sizeof places / sizeof places[0]; k++)
			if (x[i - 1] == places[k]) {
				at[n++] = i;
				break;
			}
	return n;
}

/* The least f gives of x and y whole, and of either from past a place
 * of its own, the other whole: a roster's "自然资源局" is compared with
 * "青岚县自然资源和规划局" as with "自然资源和规划局". */
static int least_past_places(const uint32_t *x, int nx, const uint32_t *y, int ny,
                             int (*f)(const uint32_t *, int, const uint32_t *, int, int),
                             int arg)
{
	int at[8], d = f(x, nx, y, ny, arg);
	for (int i = 1, k = name_starts(y, ny, at, 8); i < k; i++) {
		int e = f(x, nx, y + at[i], ny - at[i], arg);
		d = e < d ? e : d;
	}
	for (int i = 1, k = name_starts(x, nx, at, 8); i < k; i++) {
		int e = f(x + at[i], nx - at[i], y, ny, arg);
		d = e < d ? e : d;
	}
	return d;
}

/* 0 when x shortens y or y x, else 1 (a distance for least_past_places) */
static int not_shortened(const uint32_t *x, int nx, const uint32_t *y, int ny, int unused)
{
	(void)unused;
	return !(shortened(x, nx, y, ny) || shortened(y, ny, x, nx));
}

const char *nse_closest_agency(const char *name, const char *const *names, int n)
{
	nse_name q;
	if (nse_name_prep(name, &q))
		return NULL;
	uint32_t a[NAME_CHARS], b[NAME_CHARS];
	int na = chars_of(&q, a), limit = na <= 8 ? 1 : 2, bd = limit + 1;
	const char *best = NULL, *short_of = NULL;
	int nshort = 0;
	for (int i = 0; i < n; i++) {
		nse_name c;
		if (!names[i] || nse_name_prep(names[i], &c))
			continue;
		int nb = chars_of(&c, b);
		nse_name_free(&c);
		if (least_past_places(a, na, b, nb, not_shortened, 0) == 0) {
			/* one name of several that it could shorten is no answer */
			if (!short_of || strcmp(short_of, names[i]) != 0)
				nshort++;
			short_of = names[i];
			continue;
		}
		int d = least_past_places(a, na, b, nb, char_distance, limit);
		if (d > 0 && d < bd) { /* 0: the same agency, which no roster misses */
			bd = d;
			best = names[i];
		}
	}
	nse_name_free(&q);
	return nshort == 1 ? short_of : best;
}
