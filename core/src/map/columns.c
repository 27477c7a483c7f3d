/*
 * columns.c — values put under their table column by their position.
 *
 * A PDF, or the text `pdftotext -layout` makes of one, leaves no mark where
 * a table cell is empty: "（一）予以公开   5        2    7" has three values
 * for t3's seven columns, and counting them cannot tell which are blank.
 * Where the loader knows the horizontal extent of each cell (nsl_cell x0/x1:
 * PDF glyph boxes, character columns of tab-free text), this pass finds the
 * table's columns and puts a blank segment (a == b) wherever a column of a
 * row has no value, so that units and the solver see one segment per cell
 * and read the row as written.  It runs on the segments of a table region,
 * between tokenizing and building units.
 *
 * Evidence for the columns, each a "model" of N column spans:
 *   header  the column headings of the template (t3: 自然人 … 总计; t4:
 *           结果维持 … 总计 three times), each a token of a header line or a
 *           stack of tokens on consecutive lines ("社会/公益/组织"), all found
 *           once (t4: three times) and in template order;
 *   rows    rows with exactly N values: all of them together (when their
 *           spans do not overlap), and the nearest one above and below a
 *           row on the same page (pdftotext -layout does not keep one scale
 *           over a whole page, so nearby rows are the better witness).
 * A value belongs to a column when its whole extent lies inside the
 * column's cell (bounded by the middles of the gaps to the neighbouring
 * spans).  A row is changed only when every value finds its column, in
 * order, under at least one model, and no model places it otherwise; a
 * header model must also place every full row exactly, or (with no full
 * row to check it against) every value row of the table.  When in doubt,
 * nothing changes and the solver's arithmetic has the row as before.
 *
 * A line that is a whole row label (it ends with a template label, exactly)
 * with no values, inside the table (between its value rows, left of the
 * first column, not the label of values on the line before or after), is a
 * printed row whose cells are all blank: it gets N blank segments.
 */
#include "solve.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#define MAXN 15          /* t4: one printed row of 15 */
#define NEAR_LINES 12    /* a row witnesses for rows this close */
#define MARGIN 0.05f     /* of a column's cell: a value must clear its edges */

typedef struct span {
	float lo, hi;
} span;

typedef struct model {
	int ok;
	span s[MAXN];
	/* a header's: the template column of each column in x order, and
	 * whether they stand in another order than the template's (t3) */
	signed char cls[MAXN];
	int permuted;
} model;

/* One layout row of the region. */
typedef struct line {
	int row;       /* layout row */
	int s0, s1;    /* its segments [s0, s1) */
	int r0;        /* first segment of its trailing run of values */
	int nv;        /* values in that run (0: none) */
	int label;     /* text before the run on the same line */
	int placed;    /* every value has a known extent in a value-only cell */
	float x0[MAXN], x1[MAXN];
	int col[MAXN]; /* column of each value once aligned */
	int page;
} line;

/* ---- extents ---------------------------------------------------------- */

static int is_value_kind(int k) { return k == NSM_SEG_NUM || k == NSM_SEG_BLANK; }

int nsm_char_extent(const nsm_doc *d, int a, int b, float *x0, float *x1)
{
	if (a >= b || d->c[a].cell < 0 || d->c[a].cell != d->c[b - 1].cell)
		return 0;
	const nsl_cell *c = &d->l->cells[d->c[a].cell];
	if (c->x0 == 0 && c->x1 == 0)
		return 0;
	int w = d->ink[d->c[a].cell]; /* a trailing space is no ink */
	if (w <= 0 || d->c[b - 1].off >= w)
		return 0;
	float unit = (c->x1 - c->x0) / (float)w;
	*x0 = c->x0 + unit * (float)d->c[a].off;
	*x1 = c->x0 + unit * (float)(d->c[b - 1].off + 1);
	return 1;
}

/* A cell of values only: digits, marks of a blank, separators.  Words in
 * the cell (a sentence ending in a figure) make its numbers prose. */
static int value_cell(const nsm_doc *d, int ci)
{
	const nsl_cell *c = &d->l->cells[ci];
	size_t i = 0;
	while (i < c->len) {
		uint32_t cp;
		int k = nst_utf8_decode(c->text + i, c->len - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
		uint32_t f = nst_fold(cp);
		if ((f >= '0' && f <= '9') || nst_is_space(f) || f == '.' || f == ',' ||
		    f == '-' || f == '+' || f == '/' || f == '\\' || f == 0x65E0 /* 无 */ ||
		    f == 0x7A7A /* 空 */ || f == 0xD7 /* × */)
			continue;
		return 0;
	}
	return 1;
}

/* ---- models ----------------------------------------------------------- */

/* The cell of column j: from the middle of the gap to the span before to the
 * middle of the gap to the span after (the outer columns as wide outwards). */
static void cell_of(const model *m, int n, int j, float *L, float *R)
{
	float gl = j > 0 ? m->s[j].lo - m->s[j - 1].hi : -1;
	float gr = j + 1 < n ? m->s[j + 1].lo - m->s[j].hi : -1;
	if (gl < 0)
		gl = gr;
	if (gr < 0)
		gr = gl;
	*L = m->s[j].lo - gl / 2;
	*R = m->s[j].hi + gr / 2;
}

/* Columns of the k values of ln under m, or 0 when any value is not clearly
 * inside one column or the order breaks. */
static int assign(const model *m, int n, const line *ln, int *col)
{
	int prev = -1;
	for (int i = 0; i < ln->nv; i++) {
		int found = -1;
		for (int j = prev + 1; j < n && found < 0; j++) {
			float L, R;
			cell_of(m, n, j, &L, &R);
			float mg = MARGIN * (R - L);
			if (ln->x0[i] >= L + mg && ln->x1[i] <= R - mg)
				found = j;
		}
		if (found < 0)
			return 0;
		col[i] = prev = found;
	}
	return 1;
}

static int valid(const model *m, int n)
{
	for (int j = 0; j + 1 < n; j++)
		if (!(m->s[j].hi < m->s[j + 1].lo) || m->s[j].lo > m->s[j].hi)
			return 0;
	return 1;
}

static void from_line(model *m, const line *ln, int n)
{
	for (int j = 0; j < n; j++)
		m->s[j] = (span){ln->x0[j], ln->x1[j]};
	m->ok = valid(m, n);
}

/* ---- header ----------------------------------------------------------- */

typedef struct token {
	int line;             /* index into the header lines */
	float x0, x1;
	uint32_t c[16];
	int n;
	int used;
} token;

static int label_char(uint32_t f)
{
	return nst_is_han(f) || (f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z');
}

/* Column headings in matching form, per column class; a heading may be
 * written in full or without its "结果". */
static const char *const t3_heads[][2] = {
	{"自然人", NULL}, {"商业企业", NULL}, {"科研机构", NULL},
	{"社会公益组织", NULL}, {"法律服务机构", NULL}, {"其他", NULL}, {"总计", NULL},
};
static const char *const t4_heads[][2] = {
	{"结果维持", "维持"}, {"结果纠正", "纠正"}, {"其他结果", "其他"},
	{"尚未审结", NULL}, {"总计", NULL},
};

static int decode(const char *s, uint32_t *out, int max)
{
	int n = 0;
	size_t i = 0, len = strlen(s);
	while (i < len && n < max) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, len - i, &cp);
		if (!k)
			break;
		i += (size_t)k;
		out[n++] = nst_fold(cp);
	}
	return n;
}

/* 2: s equals a heading of class h; 1: s is a proper prefix of one; 0. */
static int head_match(const char *const *heads, const uint32_t *s, int n)
{
	int r = 0;
	for (int v = 0; v < 2 && heads[v]; v++) {
		uint32_t h[16];
		int hn = decode(heads[v], h, 16);
		if (n > hn || memcmp(h, s, sizeof *s * (size_t)n) != 0)
			continue;
		r = n == hn ? 2 : r > 1 ? r : 1;
	}
	return r;
}

static int overlaps(const token *a, float x0, float x1)
{
	return a->x0 < x1 && x0 < a->x1;
}

/* The largest match head_match gives s[0..n) among the headings of table t. */
static int any_head(int t, const uint32_t *s, int n)
{
	int nclass = t == NSM_T3 ? 7 : 5, r = 0;
	for (int c = 0; c < nclass && r < 2; c++) {
		int m = head_match(t == NSM_T3 ? t3_heads[c] : t4_heads[c], s, n);
		r = m > r ? m : r;
	}
	return r;
}

/* Is s[0..n) inside a heading of table t, neither its start nor its end
 * ("公益" of 社会公益组织: the middle line of a heading wrapped over three,
 * its first and last lines above and below)? */
static int inner_head(int t, const uint32_t *s, int n)
{
	int nclass = t == NSM_T3 ? 7 : 5;
	for (int c = 0; c < nclass; c++)
		for (int v = 0; v < 2; v++) {
			const char *w = t == NSM_T3 ? t3_heads[c][v] : t4_heads[c][v];
			uint32_t h[16];
			int hn = w ? decode(w, h, 16) : 0;
			for (int o = 1; o + n < hn; o++)
				if (memcmp(h + o, s, sizeof *s * (size_t)n) == 0)
					return 1;
		}
	return 0;
}

/* Where a token of headings glued together splits ("自然人法律服务",
 * "商业企业其他": a PDF's neighbouring header cells closer than a cell gap
 * are one cell): the ends of whole headings, the longest first, or of the
 * middle of one wrapped over three lines ("公益商业企业"), until what is
 * left is a heading, the start of one (continued on the lines below) or,
 * after a piece, its middle ("商业企业公益").  The number of pieces with
 * their ends in out[], or 0 (out untouched) when the token is not made so:
 * one heading or a start of one is no glue, and a token that merely holds
 * a heading ("法人或其他组织", "其他组织") is none. */
static int glued_pieces(int t, const uint32_t *s, int n, int *out, int max)
{
	int np = 0, at = 0, cut[8];
	if (any_head(t, s, n) || max > 8)
		return 0;
	while (np < max) {
		if (at < n && (any_head(t, s + at, n - at) || (np && n - at >= 2 &&
		                                               inner_head(t, s + at, n - at)))) {
			cut[np++] = n;
			memcpy(out, cut, sizeof *cut * (size_t)np);
			return np;
		}
		int len = 0;
		for (int k = n - at - 1; k > 0 && !len; k--)
			if (any_head(t, s + at, k) == 2)
				len = k;
		/* the middle of a heading wrapped over three lines, glued before
		 * a whole heading ("公益商业企业") */
		for (int k = n - at - 2; k >= 2 && !len; k--)
			if (inner_head(t, s + at, k) && any_head(t, s + at + k, n - at - k))
				len = k;
		if (!len)
			return 0;
		cut[np++] = at += len;
	}
	return 0;
}

/* Tokens of a header line (chars [s0, s1)): runs of label characters
 * within one cell, those of headings glued together in pieces. */
static int line_tokens(const nsm_doc *d, int t, const line *ln, int li, token *tk,
                       int ntk, int max)
{
	int a = -1;
	for (int i = ln->s0; i <= ln->s1; i++) {
		int is = i < ln->s1 && label_char(d->c[i].fold) && d->c[i].cell >= 0;
		if (a >= 0 && (!is || d->c[i].cell != d->c[a].cell)) {
			uint32_t s[16];
			int n = 0, cut[4] = {i - a}, np = 1;
			for (int k = a; k < i && n < 16; k++)
				s[n++] = d->c[k].fold;
			if (i - a <= 16) {
				int g = glued_pieces(t, s, n, cut, 4);
				np = g ? g : 1;
			}
			for (int p = 0, from = 0; p < np && ntk < max; from = cut[p++]) {
				token *tok = &tk[ntk];
				memset(tok, 0, sizeof *tok);
				tok->line = li;
				tok->n = cut[p] - from < 16 ? cut[p] - from : 16;
				memcpy(tok->c, s + from, sizeof *s * (size_t)tok->n);
				if (i - a <= 16 &&
				    nsm_char_extent(d, a + from, a + cut[p], &tok->x0, &tok->x1))
					ntk++;
			}
			a = -1;
		}
		if (is && a < 0)
			a = i;
	}
	return ntk;
}

/* Header model from the lines before the first value row.  `ls` holds char
 * ranges here (s0, s1 of chars, not segments).  Returns 1 when every
 * heading was found, once and in an order the table allows, with m's
 * classes and spans filled; m->ok when the spans also bound columns. */
static int header_model(const nsm_doc *d, int t, const line *hl, int nhl, int n, model *m)
{
	token tk[256];
	int ntk = 0;
	for (int i = 0; i < nhl; i++)
		ntk = line_tokens(d, t, &hl[i], i, tk, ntk, 256);
	int nclass = t == NSM_T3 ? 7 : 5, reps = t == NSM_T3 ? 1 : 3;
	span found[MAXN];
	int cls[MAXN], nf = 0;
	for (int k = 0; k < ntk; k++) {
		if (tk[k].used)
			continue;
		/* grow a stack downwards while it spells the start of a heading;
		 * the longest complete heading wins */
		uint32_t s[32];
		int sn = 0, best_class = -1, best_len = 0, chain[8], nchain = 0, best_chain = 0;
		float x0 = tk[k].x0, x1 = tk[k].x1, bx0 = 0, bx1 = 0;
		int cur = k;
		while (cur >= 0 && nchain < 8 && sn + tk[cur].n <= 32) {
			memcpy(s + sn, tk[cur].c, sizeof *s * (size_t)tk[cur].n);
			sn += tk[cur].n;
			chain[nchain++] = cur;
			if (tk[cur].x0 < x0) x0 = tk[cur].x0;
			if (tk[cur].x1 > x1) x1 = tk[cur].x1;
			int prefix = 0;
			for (int c = 0; c < nclass; c++) {
				int r = head_match(t == NSM_T3 ? t3_heads[c] : t4_heads[c], s, sn);
				if (r == 2 && sn > best_len) {
					best_class = c;
					best_len = sn;
					best_chain = nchain;
					bx0 = x0;
					bx1 = x1;
				}
				prefix |= r == 1;
			}
			if (!prefix)
				break;
			/* the next piece: a token under this one on one of the next
			 * two lines (a heading centred in a taller cell, "总计", may
			 * stand on the line between) */
			int next = -1;
			for (int dl = 1; dl <= 2 && next < 0; dl++)
				for (int q = 0; q < ntk; q++)
					if (!tk[q].used && tk[q].line == tk[cur].line + dl &&
					    overlaps(&tk[q], x0, x1)) {
						next = q;
						break;
					}
			cur = next;
		}
		if (best_class < 0)
			continue;
		if (nf == MAXN)
			return 0; /* more headings than columns: not a header we know */
		for (int c = 0; c < best_chain; c++)
			tk[chain[c]].used = 1;
		found[nf] = (span){bx0, bx1};
		cls[nf++] = best_class;
	}
	if (nf != n)
		return 0;
	/* in x order */
	for (int i = 1; i < nf; i++)
		for (int j = i; j > 0 && found[j].lo < found[j - 1].lo; j--) {
			span ts = found[j]; found[j] = found[j - 1]; found[j - 1] = ts;
			int tc = cls[j]; cls[j] = cls[j - 1]; cls[j - 1] = tc;
		}
	/* t4's three groups must run in the template's order; t3's seven
	 * columns may stand in any (each heading found once) */
	unsigned seen = 0;
	for (int i = 0; i < nf; i++) {
		if (t == NSM_T3 ? (seen & 1u << cls[i]) != 0 : cls[i] != i % nclass)
			return 0;
		seen |= 1u << cls[i];
		m->cls[i] = (signed char)cls[i];
		m->permuted |= cls[i] != i % nclass;
	}
	(void)reps;
	for (int j = 0; j < n; j++)
		m->s[j] = found[j];
	m->ok = valid(m, n);
	return 1;
}

/* Does each heading of h stand over the column of f of its rank (its
 * middle inside that column's cell)?  The order of a header whose cells
 * are too close to bound the columns (headings glued, values flush with
 * their heading's left edge) is still the columns' order then. */
static int heads_over(const model *h, const model *f, int n)
{
	for (int j = 0; j < n; j++) {
		float L, R, mid = (h->s[j].lo + h->s[j].hi) / 2;
		cell_of(f, n, j, &L, &R);
		if (mid < L || mid > R)
			return 0;
	}
	return 1;
}

/* ---- blank rows ------------------------------------------------------- */

static int label_of(const char *s, uint32_t *out, int max)
{
	uint32_t raw[96];
	int rn = decode(s, raw, 96), n = 0;
	for (int i = 0; i < rn && n < max; i++)
		if (label_char(raw[i]))
			out[n++] = raw[i];
	return n;
}

/* Are the label characters of chars [a, b) exactly a row label of table t?
 * Not one that is also the head or the tail of another label ("部分公开",
 * "其他", "行政机关不再处理其政府信息公开申请"): that may be a label
 * wrapped over lines, whose values sit on another line.  Not t3's 2019
 * "其他处理", also the caption of the 2021 rows (六) 1.–3. */
static int whole_row_label(const nsm_doc *d, int t, int a, int b)
{
	uint32_t buf[96];
	int n = 0;
	for (int i = a; i < b; i++)
		if (label_char(d->c[i].fold)) {
			if (n == 96)
				return 0;
			buf[n++] = d->c[i].fold;
		}
	if (n < 2)
		return 0;
	int hit = 0;
	for (int ed = 0; ed < 2; ed++) {
		const nsm_table *tpl = nsm_table_get(t, ed ? NS_EDITION_2019 : NS_EDITION_2021);
		for (int r = 0; r < tpl->nrows; r++) {
			const char *labels[5] = {tpl->rows[r].label};
			int nl = 1;
			for (int v = 0; v < 4 && tpl->rows[r].variants[v]; v++)
				labels[nl++] = tpl->rows[r].variants[v];
			for (int v = 0; v < nl; v++) {
				uint32_t L[96];
				int ln = label_of(labels[v], L, 96);
				if (ln == n && memcmp(buf, L, sizeof *L * (size_t)n) == 0) {
					if (strcmp(tpl->rows[r].id, "other") == 0)
						return 0;
					hit = 1;
				} else if (ln > n && (memcmp(buf, L, sizeof *L * (size_t)n) == 0 ||
				           memcmp(buf, L + ln - n, sizeof *L * (size_t)n) == 0)) {
					return 0;
				}
			}
		}
	}
	return hit;
}

/* ---- the pass --------------------------------------------------------- */

static int same_page(const nsm_doc *d, const line *a, const line *b)
{
	if (a->page != b->page)
		return 0;
	int lo = a->row < b->row ? a->row : b->row, hi = a->row ^ b->row ^ lo;
	for (int r = lo + 1; r <= hi; r++) {
		if (d->skip[r])
			return 0; /* page furniture between them: a page turned */
		const nsl_row *row = &d->l->rows[r];
		for (int k = 0; k < row->ncells; k++)
			if (memchr(nsl_row_cell(d->l, row, k)->text, '\f',
			           nsl_row_cell(d->l, row, k)->len))
				return 0;
	}
	return 1;
}

/* The pass for a table of N columns: 0, with *changed set when it put
 * any value under its column; -1 out of memory. */
static int columns_n(const nsm_doc *d, int t, int N, nsm_seg **vp, int *np, int *capp,
                     int *reordered, int *changed_out)
{
	*changed_out = 0;
	if (*np == 0)
		return 0;
	/* Work on a copy whose text segments stop at the end of their line:
	 * tokenize joins the words of consecutive lines into one label, and a
	 * row label alone on its line must be seen as such.  The output joins
	 * them again wherever nothing was put between them. */
	int n = 0;
	for (int k = 0; k < *np; k++) {
		const nsm_seg *g = &(*vp)[k];
		n++;
		for (int i = g->a + 1; g->kind == NSM_SEG_TEXT && i < g->b; i++)
			n += d->c[i].row != d->c[i - 1].row;
	}
	nsm_seg *v = malloc(sizeof *v * (size_t)n);
	if (!v)
		return -1;
	n = 0;
	for (int k = 0; k < *np; k++) {
		nsm_seg g = (*vp)[k];
		if (g.kind == NSM_SEG_TEXT)
			for (int i = g.a + 1; i < g.b; i++)
				if (d->c[i].row != d->c[i - 1].row) {
					nsm_seg head = g;
					head.b = i;
					v[n++] = head;
					g.a = i;
				}
		v[n++] = g;
	}
	/* lines of the region */
	int nl = 0;
	for (int k = 0; k < n; k++)
		if (k == 0 || d->c[v[k].a].row != d->c[v[k - 1].a].row)
			nl++;
	line *L = calloc((size_t)nl, sizeof *L);
	if (!L) {
		free(v);
		return -1;
	}
	nl = 0;
	for (int k = 0; k < n;) {
		int row = d->c[v[k].a].row, e = k;
		while (e < n && d->c[v[e].a].row == row)
			e++;
		line *ln = &L[nl++];
		ln->row = row;
		ln->s0 = k;
		ln->s1 = e;
		ln->r0 = e;
		while (ln->r0 > k && is_value_kind(v[ln->r0 - 1].kind))
			ln->r0--;
		ln->nv = e - ln->r0;
		ln->label = ln->r0 > k;
		ln->page = d->l->cells[d->l->rows[row].first_cell].pos.page;
		ln->placed = !d->l->rows[row].grid && ln->nv > 0 && ln->nv <= N;
		for (int i = 0; ln->placed && i < ln->nv; i++) {
			const nsm_seg *g = &v[ln->r0 + i];
			ln->placed = g->a < g->b && d->c[g->a].cell >= 0 &&
			             value_cell(d, d->c[g->a].cell) &&
			             nsm_char_extent(d, g->a, g->b, &ln->x0[i], &ln->x1[i]);
		}
		k = e;
	}
	/* header lines: the text lines before the first value row */
	int first = -1;
	for (int i = 0; i < nl && first < 0; i++)
		if (L[i].placed)
			first = i;
	if (first < 0) {
		free(L);
		free(v);
		return 0;
	}
	model H = {0}, F = {0};
	int ordered = 0;
	{
		/* The rows above the first row of values, up to a row with a
		 * digit (the end of what precedes the table) — the region of a
		 * table may start at its first row label, below its header. */
		line hl[12];
		int nhl = 0, e = v[L[first].s0].a;
		while (e > 0 && d->c[e - 1].row == L[first].row)
			e--;
		while (nhl < 12 && e > 0) {
			int s0 = e - 1, digit = 0;
			while (s0 > 0 && d->c[s0 - 1].row == d->c[e - 1].row)
				s0--;
			for (int i = s0; i < e && !digit; i++)
				digit = d->c[i].fold >= '0' && d->c[i].fold <= '9';
			if (digit)
				break;
			memset(&hl[nhl], 0, sizeof hl[nhl]);
			hl[nhl].row = d->c[s0].row;
			hl[nhl].s0 = s0;
			hl[nhl].s1 = e;
			nhl++;
			e = s0;
		}
		/* top to bottom */
		for (int i = 0; i < nhl / 2; i++) {
			line tmp = hl[i]; hl[i] = hl[nhl - 1 - i]; hl[nhl - 1 - i] = tmp;
		}
		ordered = header_model(d, t, hl, nhl, N, &H);
	}
	/* all full rows together */
	int nfull = 0;
	for (int i = 0; i < nl; i++)
		if (L[i].placed && L[i].nv == N) {
			for (int j = 0; j < N; j++) {
				span s = {L[i].x0[j], L[i].x1[j]};
				if (!nfull || s.lo < F.s[j].lo) F.s[j].lo = s.lo;
				if (!nfull || s.hi > F.s[j].hi) F.s[j].hi = s.hi;
			}
			nfull++;
		}
	F.ok = nfull > 0 && valid(&F, N);
	/* the header must place every full row as written */
	int col[MAXN];
	for (int i = 0; H.ok && i < nl; i++)
		if (L[i].placed && L[i].nv == N && !assign(&H, N, &L[i], col))
			H.ok = 0;
	/* with nothing to check it against, every value row must fit it; a
	 * header of t4's five results once must have a full row under it */
	if (N == 5 && !nfull)
		H.ok = 0;
	for (int i = 0; H.ok && !nfull && i < nl; i++)
		if (L[i].placed && !assign(&H, N, &L[i], col))
			H.ok = 0;
	/* a header that orders the columns but cannot bound them: the full
	 * rows place themselves, and the headings over them name them */
	const model *order = H.ok ? &H : NULL;
	if (!order && ordered && F.ok && heads_over(&H, &F, N)) {
		order = &F;
		for (int i = 0; order && i < nl; i++)
			if (L[i].placed && L[i].nv == N && !assign(&F, N, &L[i], col))
				order = NULL;
	}

	/* decide each short row */
	int inserts = 0, changed = 0;
	int *ncol = calloc((size_t)nl, sizeof *ncol); /* 1: aligned; 2: blank row */
	if (!ncol) {
		free(L);
		free(v);
		return -1;
	}
	for (int i = 0; i < nl; i++) {
		line *ln = &L[i];
		if (!ln->placed || ln->nv >= N)
			continue;
		model loc[2] = {{0}, {0}};
		for (int dir = 0; dir < 2; dir++)
			for (int j = dir ? i + 1 : i - 1; j >= 0 && j < nl &&
			     abs(L[j].row - ln->row) <= NEAR_LINES; j += dir ? 1 : -1)
				if (L[j].placed && L[j].nv == N) {
					if (same_page(d, ln, &L[j]))
						from_line(&loc[dir], &L[j], N);
					break;
				}
		const model *ms[4] = {&H, &F, &loc[0], &loc[1]};
		int agreed = 0, conflict = 0, got[MAXN];
		for (int k = 0; k < 4 && !conflict; k++) {
			if (!ms[k]->ok || !assign(ms[k], N, ln, col))
				continue;
			if (agreed && memcmp(got, col, sizeof *col * (size_t)ln->nv) != 0)
				conflict = 1;
			memcpy(got, col, sizeof *col * (size_t)ln->nv);
			agreed = 1;
		}
		if (!agreed || conflict)
			continue;
		memcpy(ln->col, got, sizeof *got * (size_t)ln->nv);
		ncol[i] = 1;
		inserts += N - ln->nv;
		changed++;
	}
	/* t3's columns in another order than the template's: every row the
	 * header places is written again, in the template's */
	int permuted = order && H.permuted;
	for (int i = 0; permuted && i < nl; i++)
		if (L[i].placed && L[i].nv == N && assign(order, N, &L[i], L[i].col)) {
			ncol[i] = 1;
			changed++;
		}
	/* blank rows: a whole row label alone on its line inside the table */
	if (t == NSM_T3) {
		int last = -1;
		for (int i = 0; i < nl; i++)
			if (L[i].placed)
				last = i;
		for (int i = first + 1; i < last; i++) {
			line *ln = &L[i];
			int words = 1;
			for (int k = ln->s0; k < ln->s1; k++)
				words &= v[k].kind == NSM_SEG_TEXT;
			if (ln->nv || !words || d->l->rows[ln->row].grid)
				continue;
			/* values on the line before or after with no label of their
			 * own belong to this label (a label taller than its values) */
			if ((L[i - 1].nv && !L[i - 1].label) || (L[i + 1].nv && !L[i + 1].label))
				continue;
			/* the label ends left of the first column: of the header, or
			 * of the nearest row on the page whose first value is there */
			float left = H.ok ? H.s[0].lo : 0;
			int have = H.ok;
			for (int j = 0; j < nl; j++) {
				if (!L[j].placed || abs(L[j].row - ln->row) > NEAR_LINES ||
				    !(L[j].nv == N || (ncol[j] == 1 && L[j].col[0] == 0)) ||
				    !same_page(d, ln, &L[j]))
					continue;
				if (!have || L[j].x0[0] < left)
					left = L[j].x0[0];
				have = 1;
			}
			int a = v[ln->s0].a, b = v[ln->s1 - 1].b;
			while (b > a && (d->c[b - 1].cell < 0 || d->c[b - 1].fold == ' '))
				b--;
			float x0 = 0, x1 = 0;
			if (!have || !nsm_char_extent(d, b - 1, b, &x0, &x1) || x1 >= left)
				continue;
			if (!whole_row_label(d, t, a, b))
				continue;
			ncol[i] = 2;
			inserts += N;
			changed++;
		}
	}
	if (!changed) {
		free(ncol);
		free(L);
		free(v);
		return 0;
	}
	*changed_out = 1;
	nsm_seg *out = malloc(sizeof *out * (size_t)(n + inserts));
	if (!out) {
		free(ncol);
		free(L);
		free(v);
		return -1;
	}
	int w = 0;
	for (int i = 0; i < nl; i++) {
		line *ln = &L[i];
		int upto = ncol[i] == 1 ? ln->r0 : ln->s1;
		for (int k = ln->s0; k < upto; k++) {
			/* text split above and still side by side: one label again */
			if (v[k].kind == NSM_SEG_TEXT && w && out[w - 1].kind == NSM_SEG_TEXT &&
			    out[w - 1].b == v[k].a)
				out[w - 1].b = v[k].b;
			else
				out[w++] = v[k];
		}
		if (ncol[i] == 2) {
			/* a blank row: its blanks at the end of its label */
			int at = v[ln->s1 - 1].b - 1;
			while (at > v[ln->s0].a && d->c[at].cell < 0)
				at--;
			for (int j = 0; j < N; j++)
				out[w++] = (nsm_seg){NSM_SEG_BLANK, at, at, 0, 0, 0, 0};
		} else if (ncol[i] == 1) {
			for (int c = 0; c < N; c++) {
				int j = c, k = 0; /* template column c stands j-th */
				while (permuted && H.cls[j] != c)
					j = (j + 1) % N;
				while (k < ln->nv && ln->col[k] != j)
					k++;
				if (k < ln->nv) {
					out[w++] = v[ln->r0 + k];
					continue;
				}
				/* a blank cell: at the value nearest to its column */
				int near = 0;
				for (int q = 1; q < ln->nv; q++)
					if (abs(ln->col[q] - j) < abs(ln->col[near] - j))
						near = q;
				int at = v[ln->r0 + near].a;
				out[w++] = (nsm_seg){NSM_SEG_BLANK, at, at, 0, 0, 0, 0};
			}
		}
	}
	*reordered = permuted;
	free(ncol);
	free(L);
	free(v);
	free(*vp);
	*vp = out;
	*np = w;
	*capp = n + inserts;
	return 0;
}

int nsm_columns(const nsm_doc *d, int t, nsm_seg **vp, int *np, int *capp, int *reordered)
{
	*reordered = 0;
	if (t != NSM_T3 && t != NSM_T4)
		return 0;
	int changed = 0;
	int rc = columns_n(d, t, t == NSM_T3 ? 7 : 15, vp, np, capp, reordered, &changed);
	/* t4 printed a row per block (行政复议, 直接起诉, 复议后起诉), its five
	 * results' headings once: rows of five, where a row of five figures
	 * bears the headings' places out (a -layout line of Chinese headings
	 * alone does not stand over its figures) */
	if (rc == 0 && !changed && t == NSM_T4)
		rc = columns_n(d, t, 5, vp, np, capp, reordered, &changed);
	return rc;
}
