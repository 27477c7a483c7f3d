/*
 * docx.c — Word and WPS .docx into the neutral layout (see layout.h).
 *
 * word/document.xml is read, from memory: libzip inflates it (bounded by
 * lim->unzipped_bytes, counted while inflating, since a ZIP header can lie)
 * and libxml2 builds a tree of it (no network, no entity substitution, and no
 * DTD at all: OPC's XML rules forbid one in a package, so a DOCTYPE there is
 * an attack or garbage).  word/numbering.xml (and then word/styles.xml) is
 * read the same way when there is one, for the numbers Word puts before the
 * paragraphs of a list; a part of these that is missing or broken only
 * leaves the paragraphs unnumbered.
 *
 * The body is walked in order.  Every body paragraph and every table row is
 * one block (paragraphs inside a cell are not), and the block number is the
 * line of its position (ns_pos in nianshen.h).
 *   - A body paragraph becomes a non-grid row with one cell: the text of its
 *     w:t runs, w:tab as a tab, w:br/w:cr as a newline, after the label of
 *     its list if Word numbers it ("一、", "（一）", "1.").  Empty paragraphs
 *     (and no number) get no row but still use their block number, so
 *     numbers stay those of Word.
 *   - A table row becomes a grid row with one cell per grid column of the
 *     table.  A cell spanning columns (w:gridSpan) repeats its text in every
 *     column it covers; a vertically merged cell (w:vMerge continue) repeats
 *     the text of the restart cell above.  Repeated copies keep the position
 *     of the cell the text really stands in, so a cell whose position is not
 *     (its own block, its own column) is a merged copy.  Grid slots no cell
 *     covers (w:gridBefore/w:gridAfter, short rows) are empty cells.
 *   - A table inside a cell is not part of the cell text: its rows follow the
 *     row that holds it, as blocks of their own.
 * Labels are not interpreted here; the mapper does that for every form.
 */
#include "layout.h"
#include "text/text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define DOCX_PART "word/document.xml"
#define DOCX_MEDIA \
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define DEFAULT_UNZIPPED (64LL << 20)
#define READ_CHUNK 65536
/* Word allows 63 columns.  The caps keep a hostile table (a wide span over
 * thousands of empty rows) from turning a small file into millions of cells
 * that the document does not hold: a report has a few thousand at most. */
#define MAX_SPAN 64
#define MAX_WIDTH 1024

static const char W_NS[] =
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char W_NS_STRICT[] =
	"http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char MC_NS[] =
	"http://schemas.openxmlformats.org/markup-compatibility/2006";

/* ---- small helpers ----------------------------------------------------- */

typedef struct nodes {
	xmlNode **v;
	int n, cap;
	int oom;
} nodes;

static void nodes_push(nodes *a, xmlNode *n)
{
	if (a->oom)
		return;
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 16;
		xmlNode **v = realloc(a->v, (size_t)cap * sizeof *v);
		if (!v) {
			a->oom = 1;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = n;
}

static int in_ns(const xmlNode *n, const char *href)
{
	return n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, href) == 0;
}

/* An element of WordprocessingML (transitional or strict) named `name`. */
static int is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0 &&
	       (in_ns(n, W_NS) || in_ns(n, W_NS_STRICT));
}

static xmlNode *child_w(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* An attribute by local name: w:val, w:styleId... (or unprefixed, as
 * some writers emit them). */
static const char *w_attr(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static const char *w_val(const xmlNode *n)
{
	return w_attr(n, "val");
}

static int str_int(const char *v, int dflt, int lo, int hi)
{
	if (!v || !*v)
		return dflt;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v)
		return dflt;
	return x < lo ? lo : x > hi ? hi : (int)x;
}

static int w_int(const xmlNode *n, int dflt, int lo, int hi)
{
	return str_int(w_val(n), dflt, lo, hi);
}

/* An on/off property (w:vanish, w:isLgl): on when present, unless its
 * value says off. */
static int w_on(const xmlNode *n)
{
	const char *v = w_val(n);
	return n && !(v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
	                    strcmp(v, "off") == 0));
}

/* A run formatted as hidden text (w:vanish): Word neither shows nor prints
 * it, and a "9" hidden before each value read 4186 as 94186. */
static int hidden_run(const xmlNode *n)
{
	return w_on(child_w(child_w(n, "rPr"), "vanish"));
}

/* Subtrees whose text is not document text: properties (w:pPr holds tab
 * stops named w:tab), deleted and moved-away revisions, ruby annotations
 * (w:rt, pinyin over the base text), the fallback copy of alternate
 * content (a text box is stored twice), and hidden runs. */
static int skipped(const xmlNode *n)
{
	static const char *const w_skip[] = {
		"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "tblGrid",
		"del", "moveFrom", "delText", "instrText", "sdtPr", "sdtEndPr",
		"fldData", "rt", NULL
	};
	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if (in_ns(n, MC_NS))
		return strcmp((const char *)n->name, "Fallback") == 0;
	for (int i = 0; w_skip[i]; i++)
		if (is_w(n, w_skip[i]))
			return 1;
	/* a content control showing its placeholder ("单击或点击此处输入文字。"
	 * in grey): empty, as Word says by w:showingPlcHdr */
	if (is_w(n, "sdtContent") && n->parent &&
	    child_w(child_w(n->parent, "sdtPr"), "showingPlcHdr"))
		return 1;
	return is_w(n, "r") && hidden_run(n);
}

/* ---- list numbering ---------------------------------------------------- */

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

typedef struct numbering {
	nabs *abs;
	nnum *num;
	nstyle *sty;
	nctr *ctr;                  /* nabs lists shared by their nums, then one per num */
	int nabs, nnum, nsty;
	int defstyle;               /* the default paragraph style, -1 none */
} numbering;

static void numbering_free(numbering *nb)
{
	free(nb->abs);
	free(nb->num);
	free(nb->sty);
	free(nb->ctr);
	memset(nb, 0, sizeof *nb);
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
		n = cap - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
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

static int find_abs(const numbering *nb, int id)
{
	const nabs *a = nb->nabs ? bsearch(&id, nb->abs, (size_t)nb->nabs,
	                                   sizeof *nb->abs, key_abs) : NULL;
	return a ? (int)(a - nb->abs) : -1;
}

static const nnum *find_num(const numbering *nb, int id)
{
	return nb->nnum ? bsearch(&id, nb->num, (size_t)nb->nnum,
	                          sizeof *nb->num, key_num) : NULL;
}

static const nstyle *find_style(const numbering *nb, const char *id)
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
static int read_numbering(numbering *nb, const xmlNode *root)
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
static void read_styles(numbering *nb, const xmlNode *root)
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
static void resolve_links(numbering *nb)
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
static const nnum *para_num(const numbering *nb, const xmlNode *p, int *ilvl)
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
static void para_label(numbering *nb, const xmlNode *p, nlab *o)
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
	if (fmt == NF_BULLET || fmt == NF_NONE)
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
	size_t i = o->n - 1;
	while (i && ((unsigned char)o->s[i] & 0xC0) == 0x80)
		i--;
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

/* ---- walker state ------------------------------------------------------ */

typedef struct docx {
	nsl_layout *l;
	numbering *nb;        /* the lists of numbering.xml; NULL when none */
	int block;            /* last block number given out */
	int nonblank;         /* some cell has text */
	int rc;               /* first failure; stops the walk */
} docx;

static void fail(docx *d, int code, const char *msg)
{
	if (!d->rc)
		d->rc = nsl_fail(d->l, code, "%s", msg);
}

/* Every cell goes through here; the layout's caps stop merged copies from
 * growing it without bound, however the table is nested or spanned. */
static void add_cell(docx *d, const char *s, size_t n, ns_pos pos)
{
	if (d->rc)
		return;
	if ((d->rc = nsl_cell_add(d->l, s ? s : "", s ? n : 0, pos)) == NS_OK && n)
		d->nonblank = 1;
}

static void row_begin(docx *d, int grid)
{
	if (!d->rc && nsl_row_begin(d->l, grid) != NS_OK)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
}

/* ---- paragraph text ---------------------------------------------------- */

static void text_of(const xmlNode *t, nsb *b)
{
	for (xmlNode *c = t->children; c; c = c->next) {
		int text = c->type == XML_TEXT_NODE ||
		           c->type == XML_CDATA_SECTION_NODE;
		if (text && c->content)
			nsb_put(b, (const char *)c->content,
			       strlen((const char *)c->content));
	}
}

static void run_text(const xmlNode *n, nsb *b);

/* A run's w:position (half-points raised; 0 when none). */
static int run_position(const xmlNode *r)
{
	return w_int(child_w(child_w(r, "rPr"), "position"), 0, -1000, 1000);
}

/* A run set in superscript or subscript (w:vertAlign), or raised or
 * lowered against the run before it (w:position, as LibreOffice writes
 * it; a paragraph shifted as a whole moves every run alike), whose text is
 * a footnote mark, right after a figure: "85" then a raised "1" is 85
 * with its note, not 851 (nst_note_marker). */
static int note_after_figure(const xmlNode *r, const nsb *b, int prev_position)
{
	const char *v = w_val(child_w(child_w(r, "rPr"), "vertAlign"));
	int raised = (v && (strcmp(v, "superscript") == 0 || strcmp(v, "subscript") == 0)) ||
	             run_position(r) != prev_position;
	if (!raised || !nst_ends_with_digit(b->p, b->n))
		return 0;
	nsb t = {0};
	run_text(r, &t);
	int mark = !t.oom && nst_note_marker(t.p, t.n);
	free(t.p);
	return mark;
}

/* Text of the runs under n, in order.  Paragraphs nested here (a text box
 * anchored in the paragraph) are kept, each on a line of its own. */
static void run_text(const xmlNode *n, nsb *b)
{
	int position = 0; /* the run before's */
	for (xmlNode *c = n->children; c; c = c->next) {
		if (skipped(c))
			continue;
		if (is_w(c, "r")) {
			int prev = position;
			position = run_position(c);
			if (note_after_figure(c, b, prev))
				continue;
		}
		if (is_w(c, "t"))
			text_of(c, b);
		else if (is_w(c, "tab") || is_w(c, "ptab"))
			nsb_put(b, "\t", 1);
		else if (is_w(c, "br") || is_w(c, "cr"))
			nsb_put(b, "\n", 1);
		else if (is_w(c, "noBreakHyphen"))
			nsb_put(b, "-", 1);
		else if (is_w(c, "p")) {
			if (b->n && b->p[b->n - 1] != '\n')
				nsb_put(b, "\n", 1);
			run_text(c, b);
			nsb_put(b, "\n", 1);
		} else {
			run_text(c, b);
		}
	}
}

/* A break closing a paragraph (or a text box's last line) adds nothing. */
/* Line breaks at a paragraph's ends (w:br before a value, as Shift+Enter
 * or a pasted cell leaves it) are no lines of text: in a cell, one before
 * the value read as the end of the row. */
static void trim_newlines(nsb *b)
{
	while (b->n && b->p[b->n - 1] == '\n')
		b->p[--b->n] = 0;
	size_t k = 0;
	while (k < b->n && b->p[k] == '\n')
		k++;
	if (k) {
		memmove(b->p, b->p + k, b->n - k + 1);
		b->n -= k;
	}
}

/* Join a cell's paragraphs: Chinese runs on without a separator, but two
 * ASCII words or numbers ("1" / "2") must not glue into one. */
static void cell_join(nsb *cell, const nsb *para)
{
	if (para->n == 0)
		return;
	if (cell->n) {
		unsigned char a = (unsigned char)cell->p[cell->n - 1];
		unsigned char z = (unsigned char)para->p[0];
		if (a < 0x80 && z < 0x80 && a > ' ' && z > ' ')
			nsb_put(cell, " ", 1);
	}
	nsb_put(cell, para->p, para->n);
}

/* Put the label of the paragraph's list, if any, before its text; an
 * empty paragraph shows its label alone, as in Word. */
static void number(docx *d, const xmlNode *p, nsb *b)
{
	if (!d->nb)
		return;
	nlab lab;
	para_label(d->nb, p, &lab);
	if (!lab.n || b->oom)
		return;
	nsb t = {0};
	nsb_put(&t, lab.s, lab.n);
	if (b->n) {
		if (label_space(&lab))
			nsb_put(&t, " ", 1);
		nsb_put(&t, b->p, b->n);
	}
	free(b->p);
	*b = t;
}

/* ---- blocks ------------------------------------------------------------ */

static void table(docx *d, xmlNode *tbl);

static void body_para(docx *d, const xmlNode *p)
{
	nsb b = {0};
	int line = ++d->block;
	run_text(p, &b);
	trim_newlines(&b);
	number(d, p, &b);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	else if (b.n) {
		row_begin(d, 0);
		add_cell(d, b.p, b.n, (ns_pos){0, line, 1});
	}
	free(b.p);
}

static void cell_para(docx *d, const xmlNode *p, nsb *cell)
{
	nsb b = {0};
	run_text(p, &b);
	trim_newlines(&b);
	number(d, p, &b);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	cell_join(cell, &b);
	free(b.p);
}

/* Walk block-level content: the body (cell == NULL: paragraphs and tables
 * are emitted) or a table cell (paragraphs go into `cell`, tables are set
 * aside in `nested` to follow the row).  Other elements (w:sdt, w:customXml,
 * w:ins...) are looked through.  libxml2 caps the tree depth (256 without
 * XML_PARSE_HUGE), which bounds this recursion. */
static void blocks(docx *d, const xmlNode *parent, nsb *cell, nodes *nested)
{
	for (xmlNode *n = parent->children; n && !d->rc; n = n->next) {
		if (skipped(n))
			continue;
		if (is_w(n, "p")) {
			if (cell)
				cell_para(d, n, cell);
			else
				body_para(d, n);
		} else if (is_w(n, "tbl")) {
			if (cell)
				nodes_push(nested, n);
			else
				table(d, n);
		} else {
			blocks(d, n, cell, nested);
		}
	}
}

/* ---- tables ------------------------------------------------------------ */

/* Elements named `name` under n, looking through wrappers (w:sdt,
 * w:customXml) but not into rows, cells, paragraphs or other tables. */
static void collect(const xmlNode *n, const char *name, nodes *out)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (skipped(c))
			continue;
		if (is_w(c, name))
			nodes_push(out, c);
		else if (!is_w(c, "tbl") && !is_w(c, "tr") && !is_w(c, "tc") &&
		         !is_w(c, "p"))
			collect(c, name, out);
	}
}

enum { VM_NONE, VM_RESTART, VM_CONTINUE };

static int tc_span(const xmlNode *tc)
{
	return w_int(child_w(child_w(tc, "tcPr"), "gridSpan"), 1, 1, MAX_SPAN);
}

static int tc_merge(const xmlNode *tc, const char *which)
{
	xmlNode *m = child_w(child_w(tc, "tcPr"), which);
	if (!m)
		return VM_NONE;
	const char *v = w_val(m);
	return v && strcmp(v, "restart") == 0 ? VM_RESTART : VM_CONTINUE;
}

static int tr_grid(const xmlNode *tr, const char *which)
{
	return w_int(child_w(child_w(tr, "trPr"), which), 0, 0, MAX_WIDTH);
}

/* A row deleted with tracked changes is not in the document any more. */
static int tr_deleted(const xmlNode *tr)
{
	return child_w(child_w(tr, "trPr"), "del") != NULL;
}

static int row_extent(const xmlNode *tr, nodes *tcs)
{
	long w = tr_grid(tr, "gridBefore") + tr_grid(tr, "gridAfter");
	for (int i = 0; i < tcs->n; i++)
		w += tc_span(tcs->v[i]);
	return w > MAX_WIDTH ? MAX_WIDTH : (int)w;
}

/* What a column's last cell was, for a vertical merge below it. */
typedef struct vslot {
	const char *text;  /* in layout storage, stable */
	size_t len;
	ns_pos pos;
	int open;          /* the cell took part in a vertical merge */
} vslot;

typedef struct trow {
	int line, col, width;
	vslot *above;
} trow;

static void blank_slots(docx *d, trow *r, int upto)
{
	if (upto > r->width)
		upto = r->width;
	for (; r->col < upto && !d->rc; r->col++) {
		add_cell(d, "", 0, (ns_pos){0, r->line, r->col + 1});
		r->above[r->col].open = 0;
	}
}

/* Lay one w:tc into its grid slots: its own text, or the text of the cell
 * it continues (vertical merge above, legacy w:hMerge to the left). */
static void table_cell(docx *d, trow *r, const xmlNode *tc, nodes *nested)
{
	int span = tc_span(tc);
	if (span > r->width - r->col)
		span = r->width - r->col;
	if (span <= 0)
		return;
	nsb b = {0};
	blocks(d, tc, &b, nested);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	int vm = tc_merge(tc, "vMerge");
	vslot src = {b.p, b.n, {0, r->line, r->col + 1}, vm != VM_NONE};
	if (vm == VM_CONTINUE && r->above[r->col].open)
		src = r->above[r->col];
	else if (tc_merge(tc, "hMerge") == VM_CONTINUE && r->col > 0)
		src = r->above[r->col - 1];
	int first = d->l->ncells;
	for (int k = 0; k < span && !d->rc; k++)
		add_cell(d, src.text, src.len, src.pos);
	if (!d->rc) {
		/* point at the layout's copy: the scratch buffer goes away */
		src.text = d->l->cells[first].text;
		for (int k = 0; k < span; k++)
			r->above[r->col + k] = src;
	}
	r->col += span;
	free(b.p);
}

static void table_row(docx *d, const xmlNode *tr, trow *r)
{
	nodes tcs = {0}, nested = {0};
	collect(tr, "tc", &tcs);
	r->line = ++d->block;
	r->col = 0;
	row_begin(d, 1);
	blank_slots(d, r, tr_grid(tr, "gridBefore"));
	for (int i = 0; i < tcs.n && !d->rc; i++)
		table_cell(d, r, tcs.v[i], &nested);
	blank_slots(d, r, r->width);
	if (tcs.oom || nested.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	/* tables inside the row's cells follow it, in document order */
	for (int i = 0; i < nested.n && !d->rc; i++)
		table(d, nested.v[i]);
	free(tcs.v);
	free(nested.v);
}

/* The grid is as wide as the widest row.  w:tblGrid is not used: it only
 * describes column widths, and nothing forces a writer to keep it in step
 * with the cells the rows really hold. */
static int table_width(nodes *rows)
{
	int width = 1;
	for (int i = 0; i < rows->n; i++) {
		nodes tcs = {0};
		collect(rows->v[i], "tc", &tcs);
		int w = row_extent(rows->v[i], &tcs);
		if (w > width)
			width = w;
		free(tcs.v);
	}
	return width;
}

static void table(docx *d, xmlNode *tbl)
{
	nodes rows = {0};
	collect(tbl, "tr", &rows);
	/* a table of one cell is layout (a document wrapped in a frame, as
	 * pages converted to Word often are): its content is the body's, its
	 * paragraphs paragraphs and its tables tables, not one cell holding
	 * the whole report */
	if (rows.n == 1 && !rows.oom) {
		nodes cells = {0};
		collect(rows.v[0], "tc", &cells);
		int one = cells.n == 1 && !cells.oom;
		if (one)
			blocks(d, cells.v[0], NULL, NULL);
		free(cells.v);
		if (one) {
			free(rows.v);
			return;
		}
	}
	trow r = {0, 0, table_width(&rows), NULL};
	r.above = calloc((size_t)r.width, sizeof *r.above);
	if (!r.above || rows.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	for (int i = 0; i < rows.n && !d->rc; i++)
		if (!tr_deleted(rows.v[i]))
			table_row(d, rows.v[i], &r);
	free(r.above);
	free(rows.v);
}

/* ---- the ZIP container ------------------------------------------------- */

static const unsigned char OLE_MAGIC[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1
};

/* An OLE compound file: Office's wrapper of an encrypted .docx (a stream
 * named EncryptedPackage, its name in UTF-16LE), or a legacy .doc/.wps. */
static int ole_file(nsl_layout *l, const char *buf, size_t len)
{
	static const char name[] = "EncryptedPackage";
	char u16[2 * sizeof name];
	for (size_t i = 0; i < sizeof name - 1; i++) {
		u16[2 * i] = name[i];
		u16[2 * i + 1] = 0;
	}
	if (memmem(buf, len, u16, 2 * (sizeof name - 1)))
		return nsl_fail(l, NS_ERR_ENCRYPTED,
		                "DOCX is password-protected (encrypted OLE package)");
	return nsl_fail(l, NS_ERR_FORMAT,
	                "not a DOCX: an OLE compound file (legacy .doc/.wps?)");
}

static int entry_open_error(nsl_layout *l, zip_t *za)
{
	int ze = zip_error_code_zip(zip_get_error(za));
	if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD ||
	    ze == ZIP_ER_ENCRNOTSUPP)
		return nsl_fail(l, NS_ERR_ENCRYPTED, "DOCX part %s is encrypted",
		                DOCX_PART);
	return nsl_fail(l, NS_ERR_FORMAT, "cannot open %s in the DOCX: %s",
	                DOCX_PART, zip_strerror(za));
}

/* Inflate in chunks and count what comes out: the declared size is only a
 * claim, a bomb may declare a few bytes and inflate to gigabytes.  Returns
 * NS_OK or the NS_ERR_* code, for the caller to report or not. */
static int inflate_raw(zip_file_t *f, long long max, char **out,
                       size_t *outlen)
{
	size_t cap = READ_CHUNK + 1, used = 0;
	char *p = malloc(cap);
	if (!p)
		return NS_ERR_NOMEM;
	for (;;) {
		if (cap - used < READ_CHUNK + 1) {
			char *np = realloc(p, cap * 2);
			if (!np) {
				free(p);
				return NS_ERR_NOMEM;
			}
			p = np;
			cap *= 2;
		}
		zip_int64_t n = zip_fread(f, p + used, READ_CHUNK);
		if (n < 0) {
			free(p);
			return NS_ERR_FORMAT;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if ((long long)used > max) {
			free(p);
			return NS_ERR_TOO_LARGE;
		}
	}
	p[used] = 0;
	*out = p;
	*outlen = used;
	return NS_OK;
}

static int inflate_entry(nsl_layout *l, zip_file_t *f, long long max,
                         char **out, size_t *outlen)
{
	int rc = inflate_raw(f, max, out, outlen);
	if (rc == NS_ERR_NOMEM)
		return nsl_fail(l, rc, "out of memory reading DOCX");
	if (rc == NS_ERR_FORMAT)
		return nsl_fail(l, rc, "DOCX is damaged: %s cannot be inflated (%s)",
		                DOCX_PART, zip_file_strerror(f));
	if (rc == NS_ERR_TOO_LARGE)
		return nsl_fail(l, rc, "%s inflates to more than the limit of %lld "
		                "bytes (zip bomb?)", DOCX_PART, max);
	return rc;
}

static int read_entry(nsl_layout *l, zip_t *za, long long max, char **out,
                      size_t *outlen)
{
	zip_int64_t idx = zip_name_locate(za, DOCX_PART, ZIP_FL_NOCASE);
	if (idx < 0)
		return nsl_fail(l, NS_ERR_FORMAT,
		                "not a Word document: the ZIP has no %s", DOCX_PART);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0)
		return nsl_fail(l, NS_ERR_FORMAT, "DOCX is damaged: %s",
		                zip_strerror(za));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE)
		return nsl_fail(l, NS_ERR_ENCRYPTED, "DOCX part %s is encrypted",
		                DOCX_PART);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)max)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "%s declares %llu bytes inflated, over the limit "
		                "of %lld", DOCX_PART, (unsigned long long)st.size,
		                max);
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f)
		return entry_open_error(l, za);
	int rc = inflate_entry(l, f, max, out, outlen);
	zip_fclose(f);
	return rc;
}

static void load_numbering(numbering *nb, zip_t *za, long long max,
                           size_t zipped);

/* document.xml into out, and the lists of numbering.xml into nb. */
static int read_part(nsl_layout *l, const char *buf, size_t len,
                     long long max, char **out, size_t *outlen, numbering *nb)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX");
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		int rc = nsl_fail(l, NS_ERR_FORMAT,
		                  "not a readable DOCX: damaged ZIP archive (%s)",
		                  zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	int rc = read_entry(l, za, max, out, outlen);
	if (rc == NS_OK && nb)
		load_numbering(nb, za, max, len);
	zip_discard(za); /* read-only: nothing to write back; frees src */
	return rc;
}

/* ---- XML --------------------------------------------------------------- */

/* The first complaint of libxml2 says most about what is wrong; later ones
 * are echoes ("Premature end of data"). */
typedef struct xml_err {
	char msg[160];
	int line;
} xml_err;

static void first_error(void *ctx, xmlErrorPtr e)
{
	xml_err *x = ctx;
	if (x->msg[0] || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	size_t n = strlen(e->message);
	while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	if (n >= sizeof x->msg)
		n = sizeof x->msg - 1;
	memcpy(x->msg, e->message, n);
	x->msg[n] = 0;
	x->line = e->line;
}

static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* SAX hook for <!DOCTYPE: stop before any entity is declared. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* The tree libxml2 builds costs some 100-200 bytes per element and per
 * attribute, and deflate packs `<w:p/>` a thousand to one: a 60 KB file of
 * empty paragraphs or runs took 1.5 GB.  So the parse counts what it
 * builds and stops past a budget that grows with the file as given (the
 * compressed size): a floor no real report comes near (the largest in the
 * corpus have some tens of thousands), then 8 per compressed byte (Word's
 * XML runs about one per compressed byte). */
#define XML_FLOOR 262144LL
#define XML_PER_BYTE 8LL

typedef struct xml_budget {
	long long left, limit;
	int over;
	startElementNsSAX2Func start;
} xml_budget;

static void counted_start(void *ctx, const xmlChar *localname,
                          const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	xml_budget *b = c->_private;
	b->left -= 1 + (nb_attributes > 0 ? nb_attributes : 0);
	if (b->left < 0) {
		b->over = 1;
		xmlStopParser(c);
		return;
	}
	b->start(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	         nb_attributes, nb_defaulted, attributes);
}

static int xml_error(nsl_layout *l, const char *part, xmlParserCtxtPtr ctxt,
                     const xml_err *x)
{
	const xml_budget *b = ctxt->_private;
	if (b && b->over)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%s has more than %lld XML elements "
		                "and attributes, over what a DOCX of this size can hold "
		                "(a file of empty paragraphs or runs?)", part,
		                b->limit);
	if (ctxt->errNo == XML_ERR_USER_STOP)
		return nsl_fail(l, NS_ERR_FORMAT,
		                "%s has a DOCTYPE, which OPC forbids", part);
	if (ctxt->errNo == XML_ERR_NO_MEMORY)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX");
	return nsl_fail(l, NS_ERR_FORMAT, "%s is not well-formed XML (line %d: "
	                "%s)", part, x->line,
	                x->msg[0] ? x->msg : "unknown error");
}

/* Parse with libxml2's error output silenced: the library never prints.
 * The handlers are per thread in libxml2, so saving and restoring them
 * around the call leaves a host's own settings alone.  A failure is
 * reported on l, or (l NULL: an optional part) only by the NULL. */
static xmlDocPtr parse_xml(nsl_layout *l, const char *part, const char *xml,
                           size_t len, size_t zipped, int *rc)
{
	xmlStructuredErrorFunc old_s = xmlStructuredError;
	void *old_sctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_g = xmlGenericError;
	void *old_gctx = xmlGenericErrorContext;
	xml_err x = {"", 0};
	xmlSetStructuredErrorFunc(&x, first_error);
	xmlSetGenericErrorFunc(NULL, quiet_generic);

	xmlDocPtr doc = NULL;
	xml_budget budget = {0, 0, 0, NULL};
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		*rc = l ? nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX")
		        : NS_ERR_NOMEM;
	} else {
		ctxt->sax->internalSubset = on_doctype;
		budget.limit = budget.left = XML_FLOOR + XML_PER_BYTE * (long long)zipped;
		budget.start = ctxt->sax->startElementNs;
		if (budget.start) {
			ctxt->_private = &budget;
			ctxt->sax->startElementNs = counted_start;
		}
		doc = xmlCtxtReadMemory(ctxt, xml, (int)len, part, NULL,
		                        XML_PARSE_NONET | XML_PARSE_NOERROR |
		                        XML_PARSE_NOWARNING);
		if (!doc || ctxt->errNo == XML_ERR_USER_STOP || budget.over) {
			*rc = l ? xml_error(l, part, ctxt, &x) : NS_ERR_FORMAT;
			xmlFreeDoc(doc);
			doc = NULL;
		}
		xmlFreeParserCtxt(ctxt);
	}
	xmlSetStructuredErrorFunc(old_sctx, old_s);
	xmlSetGenericErrorFunc(old_gctx, old_g);
	return doc;
}

/* An optional part (numbering.xml, styles.xml), quietly: -1 when it is
 * missing, encrypted, damaged or over max. */
static int read_optional(zip_t *za, const char *name, long long max,
                         char **out, size_t *outlen)
{
	zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return -1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0 ||
	    ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	     st.encryption_method != ZIP_EM_NONE) ||
	    ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)max))
		return -1;
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f)
		return -1;
	int rc = inflate_raw(f, max, out, outlen);
	zip_fclose(f);
	return rc == NS_OK ? 0 : -1;
}

/* The root of an optional part's tree if it is the element `root`. */
static xmlDocPtr parse_optional(zip_t *za, const char *name, long long max,
                                size_t zipped, const char *root)
{
	char *xml = NULL;
	size_t len = 0;
	if (read_optional(za, name, max, &xml, &len) != 0)
		return NULL;
	int rc = NS_OK;
	xmlDocPtr doc = len <= INT_MAX ? parse_xml(NULL, name, xml, len, zipped,
	                                           &rc) : NULL;
	free(xml);
	xmlNode *r = doc ? xmlDocGetRootElement(doc) : NULL;
	if (doc && !(r && is_w(r, root))) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* The lists of numbering.xml, and the paragraph styles of styles.xml that
 * may carry them (read only when there are lists: a document without
 * numbering costs a look-up of the name).  Any failure leaves nb empty:
 * the paragraphs read without numbers, the load goes on.  The trees are
 * freed here, before document.xml is parsed. */
static void load_numbering(numbering *nb, zip_t *za, long long max,
                           size_t zipped)
{
	if (max > NUM_PART_MAX)
		max = NUM_PART_MAX;
	xmlDocPtr doc = parse_optional(za, NUM_PART, max, zipped, "numbering");
	if (!doc)
		return;
	int ok = read_numbering(nb, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!ok) {
		numbering_free(nb);
		return;
	}
	doc = parse_optional(za, STYLES_PART, max, zipped, "styles");
	if (doc)
		read_styles(nb, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	resolve_links(nb);
}

static int load_document(nsl_layout *l, const char *xml, size_t len,
                         long long max, size_t zipped, numbering *nb)
{
	if (len > INT_MAX)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%s is too large to parse",
		                DOCX_PART);
	int rc = NS_OK;
	xmlDocPtr doc = parse_xml(l, DOCX_PART, xml, len, zipped, &rc);
	if (!doc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *body = root && is_w(root, "document") ? child_w(root, "body")
	                                                : NULL;
	if (!body) {
		xmlFreeDoc(doc);
		return nsl_fail(l, NS_ERR_FORMAT,
		                "%s is not a WordprocessingML document (no w:body)",
		                DOCX_PART);
	}
	l->max_bytes = max; /* text no larger than the part it comes from */
	docx d = {l, nb->ctr ? nb : NULL, 0, 0, NS_OK};
	blocks(&d, body, NULL, NULL);
	xmlFreeDoc(doc);
	if (d.rc)
		return d.rc;
	if (!d.nonblank)
		return nsl_fail(l, NS_ERR_EMPTY, "DOCX body has no text");
	return NS_OK;
}

int nsl_load_docx(nsl_layout *l, const char *buf, size_t len,
                  const nsl_limits *lim)
{
	long long max_in = lim && lim->input_bytes > 0 ? lim->input_bytes : 0;
	long long max_unz = lim && lim->unzipped_bytes > 0 ? lim->unzipped_bytes
	                                                   : DEFAULT_UNZIPPED;
	l->media_type = DOCX_MEDIA;
	l->encoding = "UTF-8";
	if (!buf || len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "empty input: no DOCX data");
	if (max_in && (long long)len > max_in)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "DOCX of %zu bytes is over the input limit of %lld",
		                len, max_in);
	if (len >= sizeof OLE_MAGIC &&
	    memcmp(buf, OLE_MAGIC, sizeof OLE_MAGIC) == 0)
		return ole_file(l, buf, len);
	if (len < 4 || memcmp(buf, "PK", 2) != 0)
		return nsl_fail(l, NS_ERR_FORMAT, "not a DOCX: no ZIP signature");
	xmlInitParser();
	char *xml = NULL;
	size_t xlen = 0;
	numbering nb = {0};
	int rc = read_part(l, buf, len, max_unz, &xml, &xlen, &nb);
	if (rc == NS_OK)
		rc = load_document(l, xml, xlen, max_unz, len, &nb);
	free(xml);
	numbering_free(&nb);
	return rc;
}
