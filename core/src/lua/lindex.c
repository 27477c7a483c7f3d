/*
 * lindex.c — copy detection that scales: the run's index of each report's
 * 五 in its own words (text.own_words), built once in the supervisor before
 * the scoring processes fork, so that they inherit it copy-on-write and a
 * check asks it (ctx.copies, lctx.c) instead of comparing its report with
 * every peer.
 *
 * A county that hands every township one template gives thousands of
 * reports the same 五: comparing each with each, and one finding per
 * similar peer, is n² in time and in the results (10,000 reports did not
 * finish in 24 GB).  Here:
 *   1. identical texts (after normalisation) are one class: no pair among
 *      them is ever compared, they are all 100% alike;
 *   2. classes are compared exactly (Dice of bigram multisets, as
 *      text.similarity) every pair when there are at most exact_max of them
 *      (every real county: its results stay as they were), else only the
 *      candidates MinHash signatures with LSH bands give, a bounded window
 *      of each band's bucket;
 *   3. what a report is told is counted from the classes: how many peers
 *      (same year, another agency, as ctx.peers) are over the threshold,
 *      the closest few, and its copy group (union-find over the confirmed
 *      pairs), which the results list once.
 */
#include "lindex.h"
#include "run.h"
#include "text/text.h"

#include <lauxlib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- own words ------------------------------------------------------- */

/* What every 五 shares and a copy is not judged by: the template's
 * sub-headings, then numbering （一） (一) 一是 and figures.  At each
 * character the first of these in order that stands there is dropped (as
 * the LPeg pattern std/sections56.lua used before: an ordered choice). */
static const char *const boiler[] = {
	"上年度问题整改情况", "上年度问题改进情况", "年度问题整改情况", "年度问题改进情况",
	"存在的主要问题及改进情况", "存在的主要问题", "存在的问题", "存在问题", "主要问题",
	"改进措施", "下一步措施", "整改措施", "改进情况", "整改情况", "年度报告",
	"（一）", "(一)", "一是", "（二）", "(二)", "二是", "（三）", "(三)", "三是",
	"（四）", "(四)", "四是", "（五）", "(五)", "五是", "（六）", "(六)", "六是",
	"（七）", "(七)", "七是", "（八）", "(八)", "八是", "（九）", "(九)", "九是",
	"（十）", "(十)", "十是", NULL};

/* whitespace as text.compact drops it: ASCII, U+3000, U+00A0 */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (s[0] == 0xC2 && n >= 2 && s[1] == 0xA0)
		return 2;
	if (s[0] == 0xE3 && n >= 3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* The own words of s into out (at most n bytes); returns their length. */
static size_t own_words(const char *str, size_t n, char *out, char *tmp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t m = 0;
	for (size_t i = 0; i < n;) {
		size_t k = space_at(s + i, n - i);
		if (k)
			i += k;
		else
			tmp[m++] = (char)s[i++];
	}
	const unsigned char *c = (const unsigned char *)tmp;
	size_t o = 0;
	for (size_t i = 0; i < m;) {
		if (c[i] >= '0' && c[i] <= '9') {
			while (i < m && c[i] >= '0' && c[i] <= '9')
				i++;
			continue;
		}
		size_t hit = 0;
		/* (asked at every character of every 五 of a district: the
		 * first three bytes, every word's, before its length) */
		for (int w = 0; boiler[w] && !hit && m - i >= 3; w++) {
			const unsigned char *b = (const unsigned char *)boiler[w];
			if (b[0] != c[i] || b[1] != c[i + 1] || b[2] != c[i + 2])
				continue;
			size_t wl = strlen(boiler[w]);
			if (wl <= m - i && memcmp(c + i, b, wl) == 0)
				hit = wl;
		}
		if (hit) {
			i += hit;
			continue;
		}
		/* one character as the pattern steps: an ASCII byte, a lead byte
		 * with every continuation byte after it, or any one byte */
		out[o++] = (char)c[i++];
		if (c[i - 1] >= 0xC2 && c[i - 1] <= 0xF4)
			while (i < m && c[i] >= 0x80 && c[i] <= 0xBF)
				out[o++] = (char)c[i++];
	}
	return o;
}

/* Han characters as std/sections56.lua counts them: three-byte sequences
 * E4..E9 80..BF 80..BF, scanned left to right. */
static int han_count(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	int c = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] >= 0xE4 && s[i] <= 0xE9 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			c++;
			i += 3;
		} else {
			i++;
		}
	}
	return c;
}

int nse_text_own_words(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	char *buf = lua_newuserdatauv(L, 2 * n + 2, 0); /* Lua memory: under the cap */
	size_t o = own_words(s, n, buf, buf + n + 1);
	lua_pushlstring(L, buf, o);
	lua_pushinteger(L, han_count(buf, o));
	return 2;
}

/* ---- the index --------------------------------------------------------- */

#define MIN_HAN 20     /* fewer own Han characters: not compared (the rule's na) */
/* The own words compared: their first 32 KB (about 10,900 Han characters,
 * three times the longest 五 seen).  A section of megabytes (a report
 * padded, or text that is no 五) would cost the supervisor, under no
 * check's limit, memory five times its size and time with the square of
 * the run's text (40 reports of 4 MB: 34 s, 850 MB). */
#define MAX_OWN 32768
#define K_HASHES 128   /* MinHash signature */
#define BANDS 32       /* LSH: 32 bands of 4 rows */
#define ROWS 4
#define WINDOW 64      /* candidates a class takes from a band's bucket on each side */

typedef struct cls {
	uint64_t *keys;   /* distinct bigrams, sorted */
	uint32_t *cnt;    /* how often each occurs */
	size_t k, total;  /* distinct; all (the Dice denominator) */
	uint64_t *mem;    /* members: year << 32 | report index, sorted */
	int nmem, cap;
	int capped;       /* a bucket it was in was cut to the window */
	int adj_off, adj_n;
	uint64_t hash;
	char *text;
	size_t len;
} cls;

typedef struct edge {
	int a, b;
	double sim;
	int first;        /* b's first member: ties go to the earlier report */
} edge;

typedef struct rep {
	const ns_report *r;
	int year;
	int cls;          /* -1: not indexed */
	int sa_off, sa_n; /* reports of its year that are the same agency */
	int count, capped;
	int group;
} rep;

struct nse_copies {
	int n, ncls, exact;
	double threshold;
	rep *reps;
	cls *cls;
	edge *adj;        /* per class, best first (a: the other class) */
	int *sa;
	int *years;       /* the loaded reports' years, sorted */
	int nyears;
	int ngroups;
	int *group_off, *group_mem;
	double *group_min, *group_max;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Their Dice similarity when it is over `over`, else -1 (the bigram counts
 * in common, twice, over all).  The merge stops once the bigrams left
 * could not lift it over: most pairs an index compares are no copies and
 * show it early (at 30,000 reports exact Dice was 72% of the index's
 * time).  over < 0: always the similarity. */
static double dice_over(const cls *x, const cls *y, double over)
{
	size_t total = x->total + y->total;
	if (total == 0)
		return over < 0 ? 0.0 : -1;
	double need = over * (double)total / 2; /* common must pass this */
	size_t i = 0, j = 0, common = 0, left_x = x->total, left_y = y->total;
	const uint64_t *xk = x->keys, *yk = y->keys;
	const uint32_t *xc = x->cnt, *yc = y->cnt;
	for (unsigned step = 1; i < x->k && j < y->k; step++) {
		if ((step & 15) == 0 &&
		    (double)(common + (left_x < left_y ? left_x : left_y)) <= need)
			return -1;
		/* without branches: which side moves is data, not a jump the
		 * processor guesses wrong half the time */
		uint64_t a = xk[i], b = yk[j];
		size_t ca = xc[i], cb = yc[j];
		size_t ax = a <= b, by = b <= a;
		common += (ax & by) * (ca < cb ? ca : cb);
		left_x -= ax * ca;
		left_y -= by * cb;
		i += ax;
		j += by;
	}
	double d = 2.0 * (double)common / (double)total;
	return d > over ? d : -1;
}

/* members of class c in year y: [*lo, *hi) */
static void year_range(const cls *c, int y, int *lo, int *hi)
{
	uint64_t a = (uint64_t)(uint32_t)y << 32, b = a + (1ull << 32);
	int l = 0, h = c->nmem;
	while (l < h) {
		int m = (l + h) / 2;
		if (c->mem[m] < a) l = m + 1; else h = m;
	}
	*lo = l;
	h = c->nmem;
	while (l < h) {
		int m = (l + h) / 2;
		if (c->mem[m] < b) l = m + 1; else h = m;
	}
	*hi = l;
}

static int same_agency_of(const nse_copies *x, int self, int o)
{
	const rep *me = &x->reps[self];
	for (int k = 0; k < me->sa_n; k++)
		if (x->sa[me->sa_off + k] == o)
			return 1;
	return 0;
}

/* ---- building ---------------------------------------------------------- */

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Class of one report's own words: found or added. */
static int class_of(nse_copies *x, int *table, size_t tcap, char *w, size_t len, int *ncap)
{
	uint64_t h = fnv(w, len);
	size_t at = (size_t)h & (tcap - 1);
	for (; table[at] >= 0; at = (at + 1) & (tcap - 1)) {
		cls *c = &x->cls[table[at]];
		if (c->hash == h && c->len == len && memcmp(c->text, w, len) == 0)
			return table[at];
	}
	if (x->ncls == *ncap) {
		int nc = *ncap * 2 + 16;
		cls *p = realloc(x->cls, (size_t)nc * sizeof *p);
		if (!p)
			return -1;
		x->cls = p;
		*ncap = nc;
	}
	cls *c = &x->cls[x->ncls];
	memset(c, 0, sizeof *c);
	c->text = malloc(len + 1);
	size_t nb = nse_text_bigrams(w, len, NULL);
	uint64_t *raw = malloc((nb + 1) * sizeof *raw);
	if (!c->text || !raw) {
		free(c->text);
		free(raw);
		return -1;
	}
	memcpy(c->text, w, len);
	c->len = len;
	c->hash = h;
	nse_text_bigrams(w, len, raw);
	qsort(raw, nb, sizeof *raw, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < nb; i++)
		k += i == 0 || raw[i] != raw[i - 1];
	c->keys = malloc((k + 1) * sizeof *c->keys);
	c->cnt = malloc((k + 1) * sizeof *c->cnt);
	if (!c->keys || !c->cnt) {
		free(raw);
		return -1;
	}
	for (size_t i = 0, j; i < nb; i = j) {
		for (j = i + 1; j < nb && raw[j] == raw[i]; j++)
			;
		c->keys[c->k] = raw[i];
		c->cnt[c->k++] = (uint32_t)(j - i);
	}
	free(raw);
	c->total = nb;
	table[at] = x->ncls;
	return x->ncls++;
}

typedef struct edges {
	edge *v;
	size_t n, cap;
} edges;

static int add_edge(edges *e, int a, int b, double sim)
{
	if (e->n == e->cap) {
		size_t nc = e->cap * 2 + 256;
		edge *p = realloc(e->v, nc * sizeof *p);
		if (!p)
			return -1;
		e->v = p;
		e->cap = nc;
	}
	e->v[e->n++] = (edge){a, b, sim, 0};
	return 0;
}

typedef struct bandkey {
	uint64_t h;
	int c;
} bandkey;

static int cmp_band(const void *a, const void *b)
{
	const bandkey *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->c > y->c) - (x->c < y->c);
}

/* Candidates from MinHash signatures and LSH bands, confirmed exactly. */
/* Can two signatures be of texts over the threshold?  The share of equal
 * hashes estimates the Jaccard similarity J of their bigram sets (standard
 * error under 0.045 with 128 hashes), and 2J/(1+J) their Dice; the exact
 * Dice (of bigram counts) is computed only for a pair whose estimate comes
 * within PLAUSIBLE_MARGIN of the threshold.  Most candidates a band gives
 * are far under it, and their exact comparison took 70% of the index's
 * time; the margin cost no recall measurable at 60% and above and 1 report
 * in 1,269 at 50-60% (nianshen-bench-copies), for a third less time. */
#define PLAUSIBLE_MARGIN 0.1
static int plausible(const uint32_t *sa, const uint32_t *sb, double threshold)
{
	int same = 0;
	for (int k = 0; k < K_HASHES; k++)
		same += sa[k] == sb[k];
	double j = (double)same / K_HASHES;
	return 2 * j / (1 + j) >= threshold - PLAUSIBLE_MARGIN;
}

/*
 * The index's work is split among threads (the run's --jobs): each takes a
 * contiguous share (of classes for the signatures, of bands for the
 * buckets, of rows for every pair) and lists its pairs apart; the lists
 * are joined in order, so the pairs come out as one thread lists them and
 * the answers do not depend on the number of threads.
 */
typedef struct share {
	nse_copies *x;
	uint32_t *sig;        /* MinHash signatures, K_HASHES per class */
	int from, to;         /* classes, bands or rows */
	edges e;              /* the pairs this share found */
	int failed;           /* out of memory */
} share;

static uint64_t hash_ab[2][K_HASHES];

static void hash_init(void)
{
	for (int k = 0; k < K_HASHES; k++) {
		hash_ab[0][k] = mix64(0x9E3779B97F4A7C15ull * (uint64_t)(2 * k + 1)) | 1;
		hash_ab[1][k] = mix64(0xD1B54A32D192ED03ull * (uint64_t)(2 * k + 2));
	}
}

/* the signatures of classes [from, to) */
static void *sign_share(void *arg)
{
	share *sh = arg;
	const uint64_t *a = hash_ab[0], *b = hash_ab[1];
	for (int c = sh->from; c < sh->to; c++) {
		uint32_t *s = sh->sig + (size_t)c * K_HASHES;
		for (int k = 0; k < K_HASHES; k++)
			s[k] = UINT32_MAX;
		for (size_t i = 0; i < sh->x->cls[c].k; i++) {
			uint64_t h = mix64(sh->x->cls[c].keys[i]);
			for (int k = 0; k < K_HASHES; k++) {
				uint32_t v = (uint32_t)((a[k] * h + b[k]) >> 32);
				if (v < s[k])
					s[k] = v;
			}
		}
	}
	return NULL;
}

/* the candidate pairs of bands [from, to), compared */
static void *band_share(void *arg)
{
	share *sh = arg;
	nse_copies *x = sh->x;
	const uint32_t *sig = sh->sig;
	int nc = x->ncls;
	bandkey *bk = malloc((size_t)nc * sizeof *bk);
	if (!bk) {
		sh->failed = 1;
		return NULL;
	}
	for (int band = sh->from; band < sh->to && !sh->failed; band++) {
		for (int c = 0; c < nc; c++) {
			const uint32_t *s = sig + (size_t)c * K_HASHES + band * ROWS;
			uint64_t h = (uint64_t)band;
			for (int r = 0; r < ROWS; r++)
				h = mix64(h ^ s[r]);
			bk[c] = (bandkey){h, c};
		}
		qsort(bk, (size_t)nc, sizeof *bk, cmp_band);
		for (int i = 0, j; i < nc && !sh->failed; i = j) {
			for (j = i + 1; j < nc && bk[j].h == bk[i].h; j++)
				;
			if (j - i > WINDOW + 1) /* a bucket past the window: counts may be short */
				for (int m = i; m < j; m++)
					__atomic_store_n(&x->cls[bk[m].c].capped, 1, __ATOMIC_RELAXED);
			for (int p = i; p < j; p++)
				for (int q = p + 1; q < j && q <= p + WINDOW; q++) {
					int ca = bk[p].c, cb = bk[q].c;
					const uint32_t *sa = sig + (size_t)ca * K_HASHES;
					const uint32_t *sb = sig + (size_t)cb * K_HASHES;
					int seen = 0; /* met in an earlier band already */
					for (int o = 0; o < band && !seen; o++)
						seen = memcmp(sa + o * ROWS, sb + o * ROWS, ROWS * sizeof *sa) == 0;
					if (seen || !plausible(sa, sb, x->threshold))
						continue;
					double sim = dice_over(&x->cls[ca], &x->cls[cb], x->threshold);
					if (sim > x->threshold && add_edge(&sh->e, ca, cb, sim))
						sh->failed = 1;
				}
		}
	}
	free(bk);
	return NULL;
}

/* every pair of rows [from, to) with the classes after them, compared */
static void *exact_share(void *arg)
{
	share *sh = arg;
	nse_copies *x = sh->x;
	for (int a = sh->from; a < sh->to && !sh->failed; a++)
		for (int b = a + 1; b < x->ncls; b++) {
			double sim = dice_over(&x->cls[a], &x->cls[b], x->threshold);
			if (sim > x->threshold && add_edge(&sh->e, a, b, sim)) {
				sh->failed = 1;
				break;
			}
		}
	return NULL;
}

/* Run fn over the shares, all but the last in threads of their own (a
 * thread that cannot start leaves its share to the caller); then join their
 * pairs, in order, onto e.  -1: out of memory. */
static int run_shares(share *sh, int nt, void *(*fn)(void *), edges *e)
{
	pthread_t tid[NSE_COPIES_MAX_THREADS];
	int started[NSE_COPIES_MAX_THREADS] = {0};
	for (int t = 0; t < nt - 1; t++)
		started[t] = pthread_create(&tid[t], NULL, fn, &sh[t]) == 0;
	fn(&sh[nt - 1]);
	for (int t = 0; t < nt - 1; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			fn(&sh[t]);
	}
	int rc = 0;
	for (int t = 0; t < nt; t++) {
		rc |= sh[t].failed;
		for (size_t k = 0; !rc && e && k < sh[t].e.n; k++)
			if (add_edge(e, sh[t].e.v[k].a, sh[t].e.v[k].b, sh[t].e.v[k].sim))
				rc = 1;
		free(sh[t].e.v);
		sh[t].e = (edges){0};
	}
	return rc ? -1 : 0;
}

/* Shares of [0, n) for nt threads, by weight: w(i) the work of item i.
 * Contiguous, in order. */
static void split(share *sh, int nt, int n, double (*w)(int i, int n))
{
	double total = 0;
	for (int i = 0; i < n; i++)
		total += w(i, n);
	double per = total / nt, acc = 0;
	int t = 0;
	sh[0].from = 0;
	for (int i = 0; i < n && t < nt - 1; i++) {
		acc += w(i, n);
		if (acc >= per * (t + 1)) {
			sh[t].to = i + 1;
			sh[++t].from = i + 1;
		}
	}
	for (; t < nt; t++) {
		sh[t].to = n;
		if (t + 1 < nt)
			sh[t + 1].from = n;
	}
}

static double even(int i, int n) { (void)i; (void)n; return 1; }
static double row_pairs(int i, int n) { return (double)(n - i - 1); }

static int lsh_pairs(nse_copies *x, edges *e, int nt)
{
	int nc = x->ncls;
	uint32_t *sig = malloc((size_t)nc * K_HASHES * sizeof *sig);
	if (!sig)
		return -1;
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, hash_init);
	share sh[NSE_COPIES_MAX_THREADS];
	for (int t = 0; t < nt; t++)
		sh[t] = (share){x, sig, 0, 0, {0}, 0};
	split(sh, nt, nc, even);
	int rc = run_shares(sh, nt, sign_share, NULL);
	if (rc == 0) {
		split(sh, nt < BANDS ? nt : BANDS, BANDS, even);
		rc = run_shares(sh, nt < BANDS ? nt : BANDS, band_share, e);
	}
	free(sig);
	return rc;
}

static int exact_pairs(nse_copies *x, edges *e, int nt)
{
	share sh[NSE_COPIES_MAX_THREADS];
	for (int t = 0; t < nt; t++)
		sh[t] = (share){x, NULL, 0, 0, {0}, 0};
	split(sh, nt, x->ncls, row_pairs);
	return run_shares(sh, nt, exact_share, e);
}

static int first_member(const cls *c)
{
	int m = c->nmem ? (int)(uint32_t)c->mem[0] : 0;
	for (int i = 1; i < c->nmem; i++)
		if ((int)(uint32_t)c->mem[i] < m)
			m = (int)(uint32_t)c->mem[i];
	return m;
}

static int cmp_adj(const void *pa, const void *pb)
{
	const edge *a = pa, *b = pb;
	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

/* Reports of one year that are the same agency (nse_same_prepped),
 * found through the suffix index of their names (names.c), not by
 * comparing every pair: x->sa, each report's list, in run order. */
static int same_agencies(nse_copies *x)
{
	nse_name *nm = calloc((size_t)x->n + 1, sizeof *nm);
	nse_suffixes *ix = NULL;
	int *cand = NULL, ncap = 0, rc = -1, nsa = 0, cap = 1;
	if (!nm || !(x->sa = malloc(sizeof *x->sa)))
		goto out;
	for (int i = 0; i < x->n; i++) {
		const ns_report *r = x->reps[i].r;
		if (r && r->meta.agency && nse_name_prep(r->meta.agency, &nm[i]))
			goto out;
	}
	if (!(ix = nse_suffixes_new(nm, x->n)))
		goto out;
	for (int i = 0; i < x->n; i++) {
		int nc = nse_suffixes_find(ix, &nm[i], &cand, &ncap);
		if (nc < 0)
			goto out;
		for (int c = 0; c < nc; c++) {
			int o = cand[c];
			if (o == i || x->reps[o].year != x->reps[i].year || !nse_same_prepped(&nm[i], &nm[o]))
				continue;
			if (nsa == cap) {
				int *p = realloc(x->sa, sizeof *p * (size_t)(cap *= 2));
				if (!p)
					goto out;
				x->sa = p;
			}
			if (x->reps[i].sa_n == 0)
				x->reps[i].sa_off = nsa;
			x->reps[i].sa_n++;
			x->sa[nsa++] = o;
		}
	}
	rc = 0;
out:
	nse_names_free(nm, x->n);
	nse_suffixes_free(ix);
	free(cand);
	return rc;
}

/* How many peers of report i are over the threshold: its class's and the
 * classes over the threshold from it, of its year, but itself and its own
 * agency. */
static int count_of(const nse_copies *x, int i)
{
	const rep *me = &x->reps[i];
	if (me->cls < 0)
		return 0;
	const cls *c = &x->cls[me->cls];
	int lo, hi, n = 0;
	year_range(c, me->year, &lo, &hi);
	n += hi - lo - 1;
	for (int k = 0; k < c->adj_n; k++) {
		year_range(&x->cls[x->adj[c->adj_off + k].b], me->year, &lo, &hi);
		n += hi - lo;
	}
	for (int k = 0; k < me->sa_n; k++) {
		int o = x->sa[me->sa_off + k], oc = x->reps[o].cls;
		if (oc < 0)
			continue;
		int in = oc == me->cls;
		for (int m = 0; m < c->adj_n && !in; m++)
			in = x->adj[c->adj_off + m].b == oc;
		n -= in;
	}
	return n;
}

static int uf_find(int *p, int i)
{
	while (p[i] != i) {
		p[i] = p[p[i]];
		i = p[i];
	}
	return i;
}

static void uf_union(int *p, int a, int b)
{
	a = uf_find(p, a);
	b = uf_find(p, b);
	if (a != b) {
		if (a < b) p[b] = a; else p[a] = b;
	}
}

typedef struct gsort {
	int root, size, first;
} gsort;

static int cmp_gsort(const void *pa, const void *pb)
{
	const gsort *a = pa, *b = pb;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

/* Copy groups: reports over the threshold with a peer, joined through the
 * pairs confirmed (union-find), largest first. */
static int groups(nse_copies *x, const edge *ev, size_t ne)
{
	int n = x->n;
	int *p = malloc((size_t)(n + 1) * sizeof *p);
	double *mn = malloc((size_t)(n + 1) * sizeof *mn), *mx = malloc((size_t)(n + 1) * sizeof *mx);
	gsort *gs = calloc((size_t)n + 1, sizeof *gs);
	int *gid = malloc((size_t)(n + 1) * sizeof *gid);
	if (!p || !mn || !mx || !gs || !gid)
		goto oom;
	for (int i = 0; i < n; i++) {
		p[i] = i;
		mn[i] = 2;
		mx[i] = -1;
	}
	/* within a class, the members of a year; across a pair, its years */
	for (int c = 0; c < x->ncls; c++) {
		const cls *k = &x->cls[c];
		for (int m = 1; m < k->nmem; m++)
			if (k->mem[m] >> 32 == k->mem[m - 1] >> 32)
				uf_union(p, (int)(uint32_t)k->mem[m], (int)(uint32_t)k->mem[m - 1]);
	}
	for (size_t e = 0; e < ne; e++) {
		const cls *a = &x->cls[ev[e].a], *b = &x->cls[ev[e].b];
		for (int m = 0; m < a->nmem; m++) {
			if (m > 0 && a->mem[m] >> 32 == a->mem[m - 1] >> 32)
				continue;
			int lo, hi;
			year_range(b, (int)(a->mem[m] >> 32), &lo, &hi);
			if (lo < hi)
				uf_union(p, (int)(uint32_t)a->mem[m], (int)(uint32_t)b->mem[lo]);
		}
	}
	for (size_t e = 0; e < ne; e++) {
		const cls *a = &x->cls[ev[e].a], *b = &x->cls[ev[e].b];
		for (int m = 0; m < a->nmem; m++) {
			int lo, hi;
			if (m > 0 && a->mem[m] >> 32 == a->mem[m - 1] >> 32)
				continue;
			year_range(b, (int)(a->mem[m] >> 32), &lo, &hi);
			if (lo < hi) {
				int r = uf_find(p, (int)(uint32_t)a->mem[m]);
				if (ev[e].sim < mn[r]) mn[r] = ev[e].sim;
				if (ev[e].sim > mx[r]) mx[r] = ev[e].sim;
			}
		}
	}
	for (int c = 0; c < x->ncls; c++) {
		const cls *k = &x->cls[c];
		for (int m = 1; m < k->nmem; m++)
			if (k->mem[m] >> 32 == k->mem[m - 1] >> 32) {
				int r = uf_find(p, (int)(uint32_t)k->mem[m]);
				if (mn[r] > 1.0) mn[r] = 1.0; /* the same words: 100% */
				mx[r] = 1.0;
			}
	}
	/* members: reports with a copy finding, by root */
	for (int i = 0; i < n; i++) {
		if (x->reps[i].count <= 0)
			continue;
		int r = uf_find(p, i);
		if (gs[r].size++ == 0)
			gs[r].first = i;
		gs[r].root = r;
	}
	int ng = 0;
	for (int i = 0; i < n; i++)
		if (gs[i].size >= 2)
			gs[ng++] = gs[i];
	qsort(gs, (size_t)ng, sizeof *gs, cmp_gsort);
	for (int i = 0; i < n; i++)
		gid[i] = -1;
	x->group_off = malloc((size_t)(ng + 1) * sizeof *x->group_off);
	x->group_mem = malloc((size_t)(n + 1) * sizeof *x->group_mem);
	x->group_min = malloc((size_t)(ng + 1) * sizeof *x->group_min);
	x->group_max = malloc((size_t)(ng + 1) * sizeof *x->group_max);
	if (!x->group_off || !x->group_mem || !x->group_min || !x->group_max)
		goto oom;
	int at = 0;
	for (int g = 0; g < ng; g++) {
		gid[gs[g].root] = g;
		x->group_off[g] = at;
		at += gs[g].size;
		x->group_min[g] = mn[gs[g].root] <= 1 ? mn[gs[g].root] : 0;
		x->group_max[g] = mx[gs[g].root] >= 0 ? mx[gs[g].root] : 0;
		gs[g].size = 0; /* filled below */
	}
	x->group_off[ng] = at;
	for (int i = 0; i < n; i++) {
		if (x->reps[i].count <= 0)
			continue;
		int g = gid[uf_find(p, i)];
		if (g < 0)
			continue;
		x->group_mem[x->group_off[g] + gs[g].size++] = i;
		x->reps[i].group = g + 1;
	}
	x->ngroups = ng;
	free(p);
	free(mn);
	free(mx);
	free(gs);
	free(gid);
	return 0;
oom:
	free(p);
	free(mn);
	free(mx);
	free(gs);
	free(gid);
	return -1;
}

nse_copies *nse_copies_build(const ns_report *const *reports, int n, int sec,
                             double threshold, long long exact_max, int threads)
{
	nse_copies *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->n = n;
	x->threshold = threshold;
	x->reps = calloc((size_t)n + 1, sizeof *x->reps);
	x->years = malloc(((size_t)n + 1) * sizeof *x->years);
	size_t tcap = 64;
	while (tcap < (size_t)n * 2)
		tcap *= 2;
	int *table = malloc(tcap * sizeof *table);
	edges e = {0};
	char *buf = NULL;
	size_t bufcap = 0;
	int ccap = 0;
	if (!x->reps || !x->years || !table)
		goto oom;
	for (size_t k = 0; k < tcap; k++)
		table[k] = -1;
	for (int i = 0; i < n; i++) {
		const ns_report *r = reports[i];
		rep *me = &x->reps[i];
		me->r = r;
		me->cls = -1;
		if (!r)
			continue;
		me->year = r->meta.year;
		x->years[x->nyears++] = me->year;
		const ns_section *s = &r->sections[sec];
		if (!s->found || !s->text)
			continue;
		size_t len = strlen(s->text);
		if (2 * len + 2 > bufcap) {
			free(buf);
			bufcap = 2 * len + 2;
			if (!(buf = malloc(bufcap)))
				goto oom;
		}
		size_t o = own_words(s->text, len, buf, buf + len + 1);
		if (o > MAX_OWN)
			o = nst_char_start(buf, MAX_OWN);
		if (han_count(buf, o) < MIN_HAN)
			continue;
		int c = class_of(x, table, tcap, buf, o, &ccap);
		if (c < 0)
			goto oom;
		cls *k = &x->cls[c];
		if (k->nmem == k->cap) {
			int nc = k->cap * 2 + 4;
			uint64_t *p = realloc(k->mem, (size_t)nc * sizeof *p);
			if (!p)
				goto oom;
			k->mem = p;
			k->cap = nc;
		}
		k->mem[k->nmem++] = (uint64_t)(uint32_t)me->year << 32 | (uint32_t)i;
		me->cls = c;
	}
	free(buf);
	buf = NULL;
	free(table);
	table = NULL;
	qsort(x->years, (size_t)x->nyears, sizeof *x->years, nse_cmp_int);
	for (int c = 0; c < x->ncls; c++)
		qsort(x->cls[c].mem, (size_t)x->cls[c].nmem, sizeof *x->cls[c].mem, cmp_u64);
	/* the pairs over the threshold */
	x->exact = x->ncls <= exact_max;
	/* threads: no more than the work is worth (a county's few hundred
	 * texts take a few milliseconds) */
	int nt = threads < 1 ? 1 : threads > NSE_COPIES_MAX_THREADS ? NSE_COPIES_MAX_THREADS : threads;
	if (x->ncls < 512)
		nt = 1;
	if (x->exact ? exact_pairs(x, &e, nt) : lsh_pairs(x, &e, nt))
		goto oom;
	/* each class's pairs, best first */
	x->adj = malloc((2 * e.n + 1) * sizeof *x->adj);
	if (!x->adj)
		goto oom;
	for (size_t k = 0; k < e.n; k++) {
		x->cls[e.v[k].a].adj_n++;
		x->cls[e.v[k].b].adj_n++;
	}
	for (int c = 0, at = 0; c < x->ncls; c++) {
		x->cls[c].adj_off = at;
		at += x->cls[c].adj_n;
		x->cls[c].adj_n = 0;
	}
	for (size_t k = 0; k < e.n; k++) {
		cls *a = &x->cls[e.v[k].a], *b = &x->cls[e.v[k].b];
		x->adj[a->adj_off + a->adj_n++] = (edge){e.v[k].a, e.v[k].b, e.v[k].sim, first_member(b)};
		x->adj[b->adj_off + b->adj_n++] = (edge){e.v[k].b, e.v[k].a, e.v[k].sim, first_member(a)};
	}
	for (int c = 0; c < x->ncls; c++)
		qsort(x->adj + x->cls[c].adj_off, (size_t)x->cls[c].adj_n, sizeof *x->adj, cmp_adj);
	if (same_agencies(x))
		goto oom;
	for (int i = 0; i < n; i++) {
		rep *me = &x->reps[i];
		me->count = count_of(x, i);
		if (me->cls >= 0) {
			const cls *c = &x->cls[me->cls];
			me->capped = c->capped;
			for (int k = 0; k < c->adj_n; k++)
				me->capped |= x->cls[x->adj[c->adj_off + k].b].capped;
		}
	}
	if (groups(x, e.v, e.n))
		goto oom;
	free(e.v);
	return x;
oom:
	free(buf);
	free(table);
	free(e.v);
	nse_copies_free(x);
	return NULL;
}

void nse_copies_free(nse_copies *x)
{
	if (!x)
		return;
	for (int c = 0; c < x->ncls; c++) {
		free(x->cls[c].keys);
		free(x->cls[c].cnt);
		free(x->cls[c].mem);
		free(x->cls[c].text);
	}
	free(x->cls);
	free(x->reps);
	free(x->adj);
	free(x->sa);
	free(x->years);
	free(x->group_off);
	free(x->group_mem);
	free(x->group_min);
	free(x->group_max);
	free(x);
}

/* ---- asking ------------------------------------------------------------- */

/* loaded reports of year y */
static int year_count(const nse_copies *x, int y)
{
	int lo = 0, hi = x->nyears;
	while (lo < hi) {
		int m = (lo + hi) / 2;
		if (x->years[m] < y) lo = m + 1; else hi = m;
	}
	int a = lo;
	hi = x->nyears;
	while (lo < hi) {
		int m = (lo + hi) / 2;
		if (x->years[m] <= y) lo = m + 1; else hi = m;
	}
	return lo - a;
}

/* The first peer of report self among the members of class c of its year,
 * or -1. */
static int first_peer(const nse_copies *x, int self, const cls *c, int from_k)
{
	int lo, hi;
	year_range(c, x->reps[self].year, &lo, &hi);
	for (int m = lo + from_k; m < hi; m++) {
		int o = (int)(uint32_t)c->mem[m];
		if (o != self && !same_agency_of(x, self, o))
			return o;
	}
	return -1;
}

void nse_copies_query(const nse_copies *x, int self, nse_copy_answer *out)
{
	memset(out, 0, sizeof *out);
	out->best = -1;
	if (!x || self < 0 || self >= x->n || !x->reps[self].r)
		return;
	const rep *me = &x->reps[self];
	out->threshold = x->threshold;
	out->exact = x->exact;
	out->peers = year_count(x, me->year) - 1 - me->sa_n;
	if (me->cls < 0)
		return;
	out->indexed = 1;
	out->count = me->count;
	out->capped = me->capped;
	out->group = me->group;
	const cls *c = &x->cls[me->cls];
	int lo, hi;
	/* the closest: its own text's other peers (100%), then by similarity */
	year_range(c, me->year, &lo, &hi);
	for (int m = lo; m < hi && out->nclosest < NSE_COPIES_CLOSEST; m++) {
		int o = (int)(uint32_t)c->mem[m];
		if (o == self || same_agency_of(x, self, o))
			continue;
		out->closest_sim[out->nclosest] = 1.0; /* the same text */
		out->closest[out->nclosest++] = o;
	}
	for (int k = 0; k < c->adj_n && out->nclosest < NSE_COPIES_CLOSEST; k++) {
		const edge *ed = &x->adj[c->adj_off + k];
		const cls *d = &x->cls[ed->b];
		year_range(d, me->year, &lo, &hi);
		for (int m = lo; m < hi && out->nclosest < NSE_COPIES_CLOSEST; m++) {
			int o = (int)(uint32_t)d->mem[m];
			if (same_agency_of(x, self, o))
				continue;
			out->closest_sim[out->nclosest] = ed->sim;
			out->closest[out->nclosest++] = o;
		}
	}
	/* none over it: with every pair compared, the most similar peer (the
	 * first in report order among equals), as the pass message names it */
	if (out->count == 0 && x->exact) {
		double best = 0;
		int bi = -1;
		for (int d = 0; d < x->ncls; d++) {
			int o = first_peer(x, self, &x->cls[d], 0);
			if (o < 0)
				continue;
			/* only a peer that can equal the best so far is compared to
			 * its end (the merge gives up on the others) */
			double sim = d == me->cls ? 1.0 : dice_over(c, &x->cls[d], best - 1e-9);
			if (sim > best || (sim == best && bi >= 0 && o < bi)) {
				best = sim;
				bi = o;
			}
		}
		out->best = bi;
		out->best_sim = best;
	}
}

cJSON *nse_copies_groups_json(const nse_copies *x)
{
	cJSON *arr = cJSON_CreateArray();
	for (int g = 0; x && g < x->ngroups; g++) {
		cJSON *o = cJSON_CreateObject();
		int a = x->group_off[g], b = x->group_off[g + 1];
		cJSON_AddNumberToObject(o, "group", g + 1);
		cJSON_AddNumberToObject(o, "size", b - a);
		cJSON *sim = cJSON_AddObjectToObject(o, "similarity");
		/* to the percent the findings show */
		cJSON_AddNumberToObject(sim, "min", (double)(long)(x->group_min[g] * 100 + 0.5) / 100);
		cJSON_AddNumberToObject(sim, "max", (double)(long)(x->group_max[g] * 100 + 0.5) / 100);
		cJSON *mem = cJSON_AddArrayToObject(o, "members");
		for (int m = a; m < b; m++) {
			const ns_report *r = x->reps[x->group_mem[m]].r;
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "path", r->meta.path ? r->meta.path : "");
			cJSON_AddItemToObject(j, "agency", r->meta.agency ? cJSON_CreateString(r->meta.agency)
			                                                  : cJSON_CreateNull());
			cJSON_AddItemToObject(j, "year", r->meta.year ? cJSON_CreateNumber(r->meta.year)
			                                              : cJSON_CreateNull());
			cJSON_AddItemToArray(mem, j);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}
