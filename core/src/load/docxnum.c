/*
 * docxnum.c — Word's list numbering (see docxnum.h): numbering.xml and
 * styles.xml read into small capped tables, each list's counters, and the
 * labels ("一、", "（一）", "1.1") docx.c puts before a paragraph's text.
 */
#include "docxnum.h"
#include "text/text.h"
#include "ooxml.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Word numbers a paragraph of a list itself: "一、总体情况" is stored as
 * "总体情况" with w:numPr (or a paragraph style carrying one), and the
 * "一、" comes from word/numbering.xml.  Without it a heading numbered by
 * a list style reads without its numeral.  Both parts are read into the
 * small tables below and their trees freed before document.xml is parsed;
 * the caps bound what a hostile numbering.xml can cost (more lists than
 * any document holds are ignored, not read). */
#define NUM_PART "word/numbering.xml"
#define STYLES_PART "word/styles.xml"
#define NUM_PART_MAX (16LL << 20)  /* real ones are some kilobytes */
#define NUM_LEVELS 9               /* w:ilvl 0..8 */
#define MAX_ABSTRACT 2048
#define MAX_NUMS 8192
#define MAX_STYLES 4096
#define MAX_START 32767            /* Word's own bound on w:start */
#define MAX_LVLTEXT 64             /* bytes of w:lvlText kept */
#define MAX_LABEL 64               /* bytes of a rendered label */
_Static_assert(NSL_DOCXNUM_LABEL == MAX_LABEL + 1, "docxnum.h's label room");
#define STYLE_ID 64                /* longer style ids match nothing */
#define STYLE_DEPTH 8              /* w:basedOn links followed */

enum {
	NF_DECIMAL, NF_DECIMAL_ZERO, NF_FULLWIDTH, NF_CHINESE, NF_LEGAL,
	NF_DIGITAL, NF_GAN, NF_ZHI, NF_CIRCLE, NF_PAREN, NF_STOP,
	NF_UPPER, NF_LOWER, NF_UROMAN, NF_LROMAN, NF_BULLET, NF_NONE
};
enum { SUFF_TAB, SUFF_SPACE, SUFF_NOTHING };

typedef struct nlvl {
	char text[MAX_LVLTEXT + 1]; /* w:lvlText, "" when none */
	int start;
	signed char fmt, suff;
	signed char restart;        /* w:lvlRestart, -1 when none */
	unsigned char defined, lgl;
	unsigned char hidden;       /* its number's run hidden (w:rPr/w:vanish) */
} nlvl;

typedef struct nabs {
	int id, ord;
	int alias;                  /* w:numStyleLink: the one defining the levels */
	char link[STYLE_ID];
	nlvl lvl[NUM_LEVELS];
} nabs;

typedef struct nnum {
	int id, ord;
	int abs;                    /* index in numbering.abs, -1 none */
	int abs_id;
	int start[NUM_LEVELS];      /* w:startOverride, -1 none */
	int own;                    /* an override: counters of its own */
} nnum;

typedef struct nstyle {
	char id[STYLE_ID], based[STYLE_ID];
	int ord;
	int num_id, ilvl;           /* its w:numPr, -1 where none */
} nstyle;

/* One list's counters: the value of each level and which levels have
 * been used since they last restarted. */
typedef struct nctr {
	int v[NUM_LEVELS];
	unsigned on;
} nctr;

struct nsl_docxnum {
	nabs *abs;
	nnum *num;
	nstyle *sty;
	nctr *ctr;                  /* nabs lists shared by their nums, then one per num */
	int nabs, nnum, nsty;
	int defstyle;               /* the default paragraph style, -1 none */
};

void nsl_docxnum_free(nsl_docxnum *nb)
{
	if (!nb)
		return;
	free(nb->abs);
	free(nb->num);
	free(nb->sty);
	free(nb->ctr);
	free(nb);
}

static int attr_int(const xmlNode *n, const char *name, int dflt, int lo,
                    int hi)
{
	return str_int(w_attr(n, name), dflt, lo, hi);
}

/* Copy at most cap-1 bytes of s, cut at a character boundary. */
static void copy_bounded(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= cap) {
		n = nst_char_start(s, cap - 1);
	}
	if (n)
		memcpy(dst, s, n);
	dst[n] = 0;
}

static int num_fmt(const char *v)
{
	static const struct { const char *name; int fmt; } f[] = {
		{"decimal", NF_DECIMAL}, {"decimalZero", NF_DECIMAL_ZERO},
		{"decimalFullWidth", NF_FULLWIDTH},
		{"decimalFullWidth2", NF_FULLWIDTH},
		{"chineseCounting", NF_CHINESE},
		{"chineseCountingThousand", NF_CHINESE},
		{"taiwaneseCounting", NF_CHINESE},
		{"taiwaneseCountingThousand", NF_CHINESE},
		{"japaneseCounting", NF_CHINESE},
		{"chineseLegalSimplified", NF_LEGAL},
		{"ideographDigital", NF_DIGITAL},
		{"taiwaneseDigital", NF_DIGITAL},
		{"ideographTraditional", NF_GAN},
		{"ideographZodiac", NF_ZHI},
		{"decimalEnclosedCircle", NF_CIRCLE},
		{"decimalEnclosedCircleChinese", NF_CIRCLE},
		{"decimalEnclosedParen", NF_PAREN},
		{"decimalEnclosedFullstop", NF_STOP},
		{"upperLetter", NF_UPPER}, {"lowerLetter", NF_LOWER},
		{"upperRoman", NF_UROMAN}, {"lowerRoman", NF_LROMAN},
		{"bullet", NF_BULLET}, {"none", NF_NONE},
	};
	for (size_t i = 0; v && i < sizeof f / sizeof f[0]; i++)
		if (strcmp(v, f[i].name) == 0)
			return f[i].fmt;
	return NF_DECIMAL; /* the default, and what Word falls back to */
}

/* w:numFmt, or (Word 2010 writes newer formats so) the one in the
 * fallback of mc:AlternateContent, which is for readers like this one. */
static const xmlNode *lvl_numfmt(const xmlNode *lvl)
{
	const xmlNode *f = child_w(lvl, "numFmt");
	for (xmlNode *c = lvl->children; c && !f; c = c->next)
		if (c->type == XML_ELEMENT_NODE && in_ns(c, MC_NS) &&
		    strcmp((const char *)c->name, "AlternateContent") == 0)
			for (xmlNode *g = c->children; g && !f; g = g->next)
				if (g->type == XML_ELEMENT_NODE && in_ns(g, MC_NS) &&
				    strcmp((const char *)g->name, "Fallback") == 0)
					f = child_w(g, "numFmt");
	return f;
}

static void read_lvl(nlvl *v, const xmlNode *lvl)
{
	v->defined = 1;
	v->start = w_int(child_w(lvl, "start"), 1, 0, MAX_START);
	v->fmt = (signed char)num_fmt(w_val(lvl_numfmt(lvl)));
	copy_bounded(v->text, sizeof v->text, w_val(child_w(lvl, "lvlText")));
	const xmlNode *r = child_w(lvl, "lvlRestart");
	v->restart = (signed char)(r ? w_int(r, NUM_LEVELS, 0, NUM_LEVELS) : -1);
	v->lgl = (unsigned char)w_on(child_w(lvl, "isLgl"));
	v->hidden = (unsigned char)w_on(child_w(child_w(lvl, "rPr"), "vanish"));
	const char *s = w_val(child_w(lvl, "suff"));
	v->suff = s && strcmp(s, "nothing") == 0 ? SUFF_NOTHING :
	          s && strcmp(s, "space") == 0 ? SUFF_SPACE : SUFF_TAB;
}

static void read_abstract(nabs *a, const xmlNode *n, int ord)
{
	memset(a, 0, sizeof *a);
	a->id = attr_int(n, "abstractNumId", -1, -1, INT_MAX);
	a->ord = ord;
	a->alias = -1;
	copy_bounded(a->link, sizeof a->link,
	             w_val(child_w(n, "numStyleLink")));
	for (xmlNode *c = n->children; c; c = c->next) {
		if (!is_w(c, "lvl"))
			continue;
		int i = attr_int(c, "ilvl", -1, -1, NUM_LEVELS);
		if (i >= 0 && i < NUM_LEVELS && !a->lvl[i].defined)
			read_lvl(&a->lvl[i], c);
	}
}

static void read_num(nnum *m, const xmlNode *n, int ord)
{
	m->id = attr_int(n, "numId", -1, -1, INT_MAX);
	m->ord = ord;
	m->abs = -1;
	m->abs_id = w_int(child_w(n, "abstractNumId"), -1, -1, INT_MAX);
	m->own = 0;
	for (int i = 0; i < NUM_LEVELS; i++)
		m->start[i] = -1;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (!is_w(c, "lvlOverride"))
			continue;
		int i = attr_int(c, "ilvl", -1, -1, NUM_LEVELS);
		const xmlNode *s = child_w(c, "startOverride");
		if (i >= 0 && i < NUM_LEVELS && s) {
			m->start[i] = w_int(s, 0, 0, MAX_START);
			m->own = 1;
		}
	}
}

/* Sorted by id, and among equal ids by document order, so that the first
 * of a repeated id is the one kept. */
static int cmp_abs(const void *x, const void *y)
{
	const nabs *a = x, *b = y;
	return a->id != b->id ? (a->id < b->id ? -1 : 1) : a->ord - b->ord;
}

static int cmp_num(const void *x, const void *y)
{
	const nnum *a = x, *b = y;
	return a->id != b->id ? (a->id < b->id ? -1 : 1) : a->ord - b->ord;
}

static int cmp_sty(const void *x, const void *y)
{
	const nstyle *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : a->ord - b->ord;
}

/* Sort and keep the first of each id; returns the count kept. */
static int sort_unique(void *v, int n, size_t size,
                       int (*cmp)(const void *, const void *),
                       int (*same)(const void *, const void *))
{
	if (n <= 1)
		return n;
	char *base = v;
	qsort(base, (size_t)n, size, cmp);
	int k = 1;
	for (int i = 1; i < n; i++)
		if (!same(base + (size_t)(k - 1) * size, base + (size_t)i * size)) {
			if (k != i)
				memcpy(base + (size_t)k * size, base + (size_t)i * size, size);
			k++;
		}
	return k;
}

static int same_abs(const void *x, const void *y)
{
	return ((const nabs *)x)->id == ((const nabs *)y)->id;
}

static int same_num(const void *x, const void *y)
{
	return ((const nnum *)x)->id == ((const nnum *)y)->id;
}

static int same_sty(const void *x, const void *y)
{
	return strcmp(((const nstyle *)x)->id, ((const nstyle *)y)->id) == 0;
}

/* Look-ups in the sorted, de-duplicated tables. */
static int key_abs(const void *k, const void *e)
{
	int id = *(const int *)k, x = ((const nabs *)e)->id;
	return id < x ? -1 : id > x;
}

static int key_num(const void *k, const void *e)
{
	int id = *(const int *)k, x = ((const nnum *)e)->id;
	return id < x ? -1 : id > x;
}

static int key_sty(const void *k, const void *e)
{
	return strcmp(k, ((const nstyle *)e)->id);
}

static int find_abs(const nsl_docxnum *nb, int id)
{
	const nabs *a = nb->nabs ? bsearch(&id, nb->abs, (size_t)nb->nabs,
	                                   sizeof *nb->abs, key_abs) : NULL;
	return a ? (int)(a - nb->abs) : -1;
}

static const nnum *find_num(const nsl_docxnum *nb, int id)
{
	return nb->nnum ? bsearch(&id, nb->num, (size_t)nb->nnum,
	                          sizeof *nb->num, key_num) : NULL;
}

static const nstyle *find_style(const nsl_docxnum *nb, const char *id)
{
	if (!id || !nb->nsty || strnlen(id, STYLE_ID) >= STYLE_ID)
		return NULL;
	return bsearch(id, nb->sty, (size_t)nb->nsty, sizeof *nb->sty, key_sty);
}

/* Count the children of root named `name`, up to cap. */
static int count_w(const xmlNode *root, const char *name, int cap)
{
	int n = 0;
	for (xmlNode *c = root->children; c && n < cap; c = c->next)
		n += is_w(c, name);
	return n;
}

/* The lists of numbering.xml; 0 when there are none or memory is short
 * (the document then reads without numbers). */
static int read_numbering(nsl_docxnum *nb, const xmlNode *root)
{
	nb->defstyle = -1;
	int na = count_w(root, "abstractNum", MAX_ABSTRACT);
	int nn = count_w(root, "num", MAX_NUMS);
	if (nn == 0 || na == 0)
		return 0;
	nb->abs = calloc((size_t)na, sizeof *nb->abs);
	nb->num = calloc((size_t)nn, sizeof *nb->num);
	if (!nb->abs || !nb->num)
		return 0;
	for (xmlNode *c = root->children; c; c = c->next) {
		if (is_w(c, "abstractNum") && nb->nabs < na) {
			read_abstract(&nb->abs[nb->nabs], c, nb->nabs);
			nb->nabs++;
		} else if (is_w(c, "num") && nb->nnum < nn) {
			read_num(&nb->num[nb->nnum], c, nb->nnum);
			nb->nnum++;
		}
	}
	nb->nabs = sort_unique(nb->abs, nb->nabs, sizeof *nb->abs, cmp_abs,
	                       same_abs);
	nb->nnum = sort_unique(nb->num, nb->nnum, sizeof *nb->num, cmp_num,
	                       same_num);
	for (int i = 0; i < nb->nnum; i++)
		nb->num[i].abs = find_abs(nb, nb->num[i].abs_id);
	nb->ctr = calloc((size_t)(nb->nabs + nb->nnum), sizeof *nb->ctr);
	return nb->ctr != NULL;
}

/* A paragraph's w:numPr: its numId and ilvl, each -1 when not given. */
static void numpr(const xmlNode *ppr, int *num_id, int *ilvl)
{
	const xmlNode *np = child_w(ppr, "numPr");
	*num_id = np ? w_int(child_w(np, "numId"), -1, -1, INT_MAX) : -1;
	*ilvl = np ? w_int(child_w(np, "ilvl"), -1, -1, NUM_LEVELS - 1) : -1;
}

static void read_style(nstyle *s, const xmlNode *n, int ord)
{
	copy_bounded(s->id, sizeof s->id, w_attr(n, "styleId"));
	copy_bounded(s->based, sizeof s->based, w_val(child_w(n, "basedOn")));
	s->ord = ord;
	numpr(child_w(n, "pPr"), &s->num_id, &s->ilvl);
}

/* A paragraph style, or a numbering style (what w:numStyleLink names). */
static int para_style(const xmlNode *n)
{
	const char *t = w_attr(n, "type");
	const char *id = w_attr(n, "styleId");
	return (!t || strcmp(t, "paragraph") == 0 ||
	        strcmp(t, "numbering") == 0) && id && strnlen(id, STYLE_ID) < STYLE_ID;
}

/* The paragraph and numbering styles of styles.xml, for numbering that
 * comes with a style (a heading style linked to a list). */
static void read_styles(nsl_docxnum *nb, const xmlNode *root)
{
	int n = 0;
	for (xmlNode *c = root->children; c && n < MAX_STYLES; c = c->next)
		n += is_w(c, "style") && para_style(c);
	if (n == 0 || !(nb->sty = calloc((size_t)n, sizeof *nb->sty)))
		return;
	const char *dflt = NULL;
	for (xmlNode *c = root->children; c && nb->nsty < n; c = c->next) {
		if (!is_w(c, "style") || !para_style(c))
			continue;
		read_style(&nb->sty[nb->nsty], c, nb->nsty);
		/* the default paragraph style (there is one of numbering too) */
		const char *on = w_attr(c, "default"), *t = w_attr(c, "type");
		if (!dflt && on && (strcmp(on, "1") == 0 || strcmp(on, "true") == 0) &&
		    (!t || strcmp(t, "paragraph") == 0))
			dflt = w_attr(c, "styleId");
		nb->nsty++;
	}
	nb->nsty = sort_unique(nb->sty, nb->nsty, sizeof *nb->sty, cmp_sty,
	                       same_sty);
	const nstyle *d = find_style(nb, dflt);
	nb->defstyle = d ? (int)(d - nb->sty) : -1;
}

static int has_levels(const nabs *a)
{
	for (int i = 0; i < NUM_LEVELS; i++)
		if (a->lvl[i].defined)
			return 1;
	return 0;
}

/* An abstractNum that only names a numbering style (w:numStyleLink, what
 * Word writes for a list made from a list style) takes its levels from
 * the list that style's w:numPr points to. */
static void resolve_links(nsl_docxnum *nb)
{
	for (int i = 0; i < nb->nabs; i++) {
		int a = i;
		for (int k = 0; k < STYLE_DEPTH && nb->abs[a].link[0] &&
		                    !has_levels(&nb->abs[a]); k++) {
			const nstyle *s = find_style(nb, nb->abs[a].link);
			const nnum *m = s ? find_num(nb, s->num_id) : NULL;
			if (!m || m->abs < 0 || m->abs == a)
				break;
			a = m->abs;
		}
		nb->abs[i].alias = a != i && has_levels(&nb->abs[a]) ? a : -1;
	}
}

/* The paragraph's list and level: its own w:numPr, or its style's (with
 * the styles it is based on); numId 0 says "no list". */
static const nnum *para_num(const nsl_docxnum *nb, const xmlNode *p, int *ilvl)
{
	const xmlNode *ppr = child_w(p, "pPr");
	int num_id, lvl;
	numpr(ppr, &num_id, &lvl);
	if (num_id < 0) {
		const char *id = w_val(child_w(ppr, "pStyle"));
		const nstyle *s = id ? find_style(nb, id) :
		                  nb->defstyle >= 0 ? &nb->sty[nb->defstyle] : NULL;
		for (int k = 0; s && k < STYLE_DEPTH; k++) {
			if (s->num_id >= 0) {
				num_id = s->num_id;
				if (lvl < 0)
					lvl = s->ilvl;
				break;
			}
			s = s->based[0] ? find_style(nb, s->based) : NULL;
		}
	}
	if (num_id <= 0)
		return NULL;
	*ilvl = lvl < 0 ? 0 : lvl;
	return find_num(nb, num_id);
}

/* ---- labels ---- */

typedef struct nlab {
	char s[MAX_LABEL + 1];
	size_t n;
	int full;                   /* a piece did not fit: the rest is dropped */
	int suff;                   /* SUFF_* of its level */
} nlab;

/* Whole pieces only, so that a label cut at its cap is still UTF-8. */
static void lab_put(nlab *o, const char *s, size_t n)
{
	if (o->full || o->n + n > MAX_LABEL) {
		o->full = 1;
		return;
	}
	memcpy(o->s + o->n, s, n);
	o->n += n;
	o->s[o->n] = 0;
}

static void lab_cp(nlab *o, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	lab_put(o, u, n);
}

static void lab_decimal(nlab *o, int v, int zero)
{
	char t[16];
	int n = snprintf(t, sizeof t, zero ? "%02d" : "%d", v);
	lab_put(o, t, (size_t)n);
}

/* 一 … 十 十一 … 二十 二十一 … 九十九, 一百 一百零一 一百一十 … 九千九百九十九
 * (chineseCounting and chineseCountingThousand agree on these); 〇 for 0,
 * decimal past 9999.  `digit` gives the ten digits (一二三 or 壹贰叁),
 * `unit` the three units (十百千 or 拾佰仟); short_ten drops the 一 of a
 * leading 十. */
static void lab_chinese(nlab *o, int v, const char *const digit[10],
                        const char *const unit[3], int short_ten)
{
	if (v <= 0 || v > 9999) {
		if (v == 0)
			lab_put(o, digit[0], strlen(digit[0]));
		else
			lab_decimal(o, v, 0);
		return;
	}
	int q[4] = {v / 1000, v / 100 % 10, v / 10 % 10, v % 10};
	int any = 0, zero = 0;
	for (int i = 0; i < 4; i++) {
		if (q[i] == 0) {
			zero = any;
			continue;
		}
		if (zero)
			lab_put(o, "零", strlen("零"));
		zero = 0;
		/* 十一, not 一十一 (but 一百一十, and 壹拾壹 in legal figures) */
		if (!(i == 2 && q[i] == 1 && !any && short_ten))
			lab_put(o, digit[q[i]], strlen(digit[q[i]]));
		if (i < 3)
			lab_put(o, unit[2 - i], strlen(unit[2 - i]));
		any = 1;
	}
}

static void lab_roman(nlab *o, int v, int lower)
{
	static const struct { int v; const char *s; } r[] = {
		{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
		{90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"},
		{4, "IV"}, {1, "I"}};
	if (v <= 0 || v > 3999) {
		lab_decimal(o, v, 0);
		return;
	}
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		while (v >= r[i].v) {
			for (const char *c = r[i].s; *c; c++)
				lab_cp(o, lower ? (unsigned)(*c - 'A' + 'a') : (unsigned)*c);
			v -= r[i].v;
		}
}

/* One level's number in its format. */
static void lab_number(nlab *o, int v, int fmt)
{
	static const char *const zh[10] = {"〇", "一", "二", "三", "四", "五", "六",
	                                   "七", "八", "九"};
	static const char *const zh_unit[3] = {"十", "百", "千"};
	static const char *const legal[10] = {"零", "壹", "贰", "叁", "肆", "伍",
	                                      "陆", "柒", "捌", "玖"};
	static const char *const legal_unit[3] = {"拾", "佰", "仟"};
	static const char *const gan[10] = {"甲", "乙", "丙", "丁", "戊", "己", "庚",
	                                    "辛", "壬", "癸"};
	static const char *const zhi[12] = {"子", "丑", "寅", "卯", "辰", "巳", "午",
	                                    "未", "申", "酉", "戌", "亥"};
	switch (fmt) {
	case NF_DECIMAL_ZERO:
		lab_decimal(o, v, 1);
		return;
	case NF_FULLWIDTH: {
		char t[16];
		int n = snprintf(t, sizeof t, "%d", v);
		for (int i = 0; i < n; i++)
			lab_cp(o, t[i] == '-' ? 0xFF0D : 0xFF10 + (unsigned)(t[i] - '0'));
		return;
	}
	case NF_CHINESE:
		lab_chinese(o, v, zh, zh_unit, 1);
		return;
	case NF_LEGAL:
		lab_chinese(o, v, legal, legal_unit, 0);
		return;
	case NF_DIGITAL: {
		char t[16];
		int n = snprintf(t, sizeof t, "%d", v);
		for (int i = 0; i < n; i++)
			if (t[i] >= '0' && t[i] <= '9')
				lab_put(o, zh[t[i] - '0'], strlen(zh[t[i] - '0']));
		return;
	}
	case NF_GAN:
	case NF_ZHI: {
		int k = fmt == NF_GAN ? 10 : 12;
		const char *const *set = fmt == NF_GAN ? gan : zhi;
		if (v >= 1 && v <= k)
			lab_put(o, set[v - 1], strlen(set[v - 1]));
		else
			lab_decimal(o, v, 0);
		return;
	}
	case NF_CIRCLE:  /* ①..⑳ */
	case NF_PAREN:   /* ⑴..⒇ */
	case NF_STOP:    /* ⒈..⒛ */
		if (v >= 1 && v <= 20)
			lab_cp(o, (fmt == NF_CIRCLE ? 0x2460u : fmt == NF_PAREN ?
			           0x2474u : 0x2488u) + (unsigned)(v - 1));
		else
			lab_decimal(o, v, 0);
		return;
	case NF_UPPER:
	case NF_LOWER:
		/* A..Z, then AA..ZZ, AAA...: Word repeats the letter */
		if (v >= 1 && v <= 26 * 8) {
			for (int i = 0; i <= (v - 1) / 26; i++)
				lab_cp(o, (unsigned)((fmt == NF_UPPER ? 'A' : 'a') + (v - 1) % 26));
		} else {
			lab_decimal(o, v, 0);
		}
		return;
	case NF_UROMAN:
	case NF_LROMAN:
		lab_roman(o, v, fmt == NF_LROMAN);
		return;
	case NF_BULLET:
	case NF_NONE:
		return;
	default:
		lab_decimal(o, v, 0);
	}
}

/* Advance the list's counter of level `l` (the first use of a level since
 * it restarted gives its start value) and restart the deeper levels that
 * restart after it (all of them, unless w:lvlRestart says otherwise). */
static void count(nctr *c, const nabs *a, const nnum *m, int l)
{
	if (c->on & (1u << l)) {
		if (c->v[l] < INT_MAX)
			c->v[l]++;
	} else {
		c->v[l] = m->start[l] >= 0 ? m->start[l] : a->lvl[l].start;
		c->on |= 1u << l;
	}
	for (int k = l + 1; k < NUM_LEVELS; k++) {
		int after = a->lvl[k].restart >= 0 ? a->lvl[k].restart : k;
		if (l < after)
			c->on &= ~(1u << k);
	}
}

/* w:lvlText with each %1..%9 replaced by that level's current number in
 * that level's own format (decimal for the levels above under w:isLgl);
 * a level not used yet shows its start value, as in Word. */
static void render(nlab *o, const nctr *c, const nabs *a, const nnum *m, int l)
{
	const char *t = a->lvl[l].text;
	for (size_t i = 0; t[i] && !o->full;) {
		if (t[i] == '%' && t[i + 1] >= '1' && t[i + 1] <= '9') {
			int k = t[i + 1] - '1';
			i += 2;
			if (k > l || !a->lvl[k].defined)
				continue;
			int v = c->on & (1u << k) ? c->v[k] :
			        m->start[k] >= 0 ? m->start[k] : a->lvl[k].start;
			int fmt = a->lvl[k].fmt;
			if (a->lvl[l].lgl && k < l)
				fmt = NF_DECIMAL;
			lab_number(o, v, fmt);
			continue;
		}
		size_t n = 1;
		while (t[i + n] && ((unsigned char)t[i + n] & 0xC0) == 0x80)
			n++;
		lab_put(o, t + i, n);
		i += n;
	}
}

/* The label Word shows before paragraph p, "" when it has none.  Every
 * numbered paragraph advances its list, shown or not (bullets, "none"). */
static void para_label(nsl_docxnum *nb, const xmlNode *p, nlab *o)
{
	o->n = 0;
	o->s[0] = 0;
	o->full = 0;
	o->suff = SUFF_TAB;
	int l = 0;
	const nnum *m = para_num(nb, p, &l);
	if (!m || m->abs < 0)
		return;
	int ai = nb->abs[m->abs].alias >= 0 ? nb->abs[m->abs].alias : m->abs;
	const nabs *a = &nb->abs[ai];
	if (!a->lvl[l].defined)
		return;
	/* nums of one abstractNum share its counters; one that overrides a
	 * start value (Word's "restart numbering") counts on its own */
	nctr *c = &nb->ctr[m->own ? nb->nabs + (int)(m - nb->num) : ai];
	count(c, a, m, l);
	int fmt = a->lvl[l].fmt;
	/* counted, but not shown: a bullet, no format, a level whose number
	 * is hidden, or a paragraph whose mark is (Word hides the number with
	 * it; a heading typed "一、" by hand over such a list read "一、一、") */
	if (fmt == NF_BULLET || fmt == NF_NONE || a->lvl[l].hidden ||
	    w_on(child_w(child_w(child_w(p, "pPr"), "rPr"), "vanish")))
		return;
	render(o, c, a, m, l);
	o->suff = a->lvl[l].suff;
}

/* What goes between a label and the paragraph's text.  Word puts a tab
 * there by default (w:suff), shown as a gap up to the next tab stop; as
 * text a tab would read as a cell boundary, so it is not kept.  Instead:
 * nothing after a label ending in punctuation or an enclosed number
 * ("一、总体情况", "（一）主动公开", "1.属于国家秘密", "①…": how the same
 * label is typed in a report), nothing when w:suff says so, and a space
 * after a label ending in a digit, letter or numeral ("第一章 总则",
 * "1.1 概述"), whose number would otherwise run into the text. */
static int label_space(const nlab *o)
{
	if (o->suff == SUFF_NOTHING || o->n == 0)
		return 0;
	size_t i = nst_char_start(o->s, o->n - 1);
	unsigned char c = (unsigned char)o->s[i];
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	unsigned cp = c < 0xE0 ? c & 0x1Fu : c < 0xF0 ? c & 0x0Fu : c & 0x07u;
	for (size_t k = i + 1; k < o->n; k++)
		cp = (cp << 6) | ((unsigned char)o->s[k] & 0x3Fu);
	int punct = (cp >= 0x2000 && cp <= 0x206F) ||   /* general punctuation */
	            (cp >= 0x2460 && cp <= 0x24FF) ||   /* ① ⑴ ⒈ */
	            (cp >= 0x3000 && cp <= 0x303F) ||   /* 、 。 〕 】 */
	            (cp >= 0xFE30 && cp <= 0xFE4F) ||
	            (cp >= 0xFF00 && cp <= 0xFF0F) ||   /* ） ． ， */
	            (cp >= 0xFF1A && cp <= 0xFF20) ||   /* ： ； */
	            (cp >= 0xFF3B && cp <= 0xFF40) ||
	            (cp >= 0xFF5B && cp <= 0xFF65);
	return !punct;
}

/* The lists of numbering.xml, and the paragraph styles of styles.xml that
 * may carry them (read only when there are lists: a document without
 * numbering costs a look-up of the name).  Any failure gives no lists:
 * the paragraphs read without numbers, the load goes on.  The trees are
 * freed here, before document.xml is parsed. */
nsl_docxnum *nsl_docxnum_read(zip_t *za, long long max, size_t zipped)
{
	if (max > NUM_PART_MAX)
		max = NUM_PART_MAX;
	xmlDocPtr doc = nsl_ooxml_part(za, NUM_PART, max, zipped, "numbering");
	if (!doc)
		return NULL;
	nsl_docxnum *nb = calloc(1, sizeof *nb);
	int ok = nb && read_numbering(nb, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!ok) {
		nsl_docxnum_free(nb);
		return NULL;
	}
	doc = nsl_ooxml_part(za, STYLES_PART, max, zipped, "styles");
	if (doc)
		read_styles(nb, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	resolve_links(nb);
	return nb;
}

size_t nsl_docxnum_label(nsl_docxnum *nb, const xmlNode *p,
                         char buf[NSL_DOCXNUM_LABEL], int *space)
{
	nlab lab;
	para_label(nb, p, &lab);
	memcpy(buf, lab.s, lab.n + 1);
	*space = label_space(&lab);
	return lab.n;
}
