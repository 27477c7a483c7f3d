/* map.c — flattening the layout, sections and metadata; the mapper's entry. */
#include "map.h"
#include "text/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the flattened document ------------------------------------------ */

static int __attribute__((noinline)) grow(nsm_doc *d)
{
	int nc = d->cap ? d->cap * 2 : 4096;
	nsm_char *p = realloc(d->c, (size_t)nc * sizeof *p);
	if (!p)
		return -1;
	d->c = p;
	d->cap = nc;
	return 0;
}

/* A record per character of the report: the common case (room left) is
 * a store, inline. */
static inline int push(nsm_doc *d, nsm_char ch)
{
	if (d->n == d->cap && grow(d))
		return -1;
	d->c[d->n++] = ch;
	return 0;
}

/* Page furniture: "-3-", "— 4 —", "第 3 页", "第3页 共5页", "3/5" (buf: the
 * row folded, without spaces). */
static int is_page_marker(const char *buf, size_t n)
{
	if (n == 0)
		return 0;
	const char *p = buf;
	int dash = 0;
	while (*p == '-') { p++; dash++; }
	if (dash && *p >= '0' && *p <= '9') {
		/* a page's number, not a row of values after a dash left for a
		 * blank cell ("- 1 1 1 6 …", its spaces gone here) */
		const char *d0 = p;
		while (*p >= '0' && *p <= '9') p++;
		if (p - d0 > 4)
			return 0;
		while (*p == '-') p++;
		return *p == 0;
	}
	p = buf;
	if (strncmp(p, "第", 3) == 0) {
		p += 3;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9') p++;
		if (strncmp(p, "页", 3) != 0)
			return 0;
		p += 3;
		if (*p == 0)
			return 1;
		if (strncmp(p, "共", 3) != 0)
			return 0;
		p += 3;
		while (*p >= '0' && *p <= '9') p++;
		return strcmp(p, "页") == 0;
	}
	p = buf;
	if (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9') p++;
		if (*p != '/')
			return 0;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9') p++;
		return *p == 0 && n <= 7;
	}
	return 0;
}

static int dig(char c) { return c >= '0' && c <= '9'; }

/* s holds a date in figures (2025/2/3, 2025-02-03, 2025.2.3) or a time of
 * day (10:21)? */
static int has_stamp(const char *s, int *time)
{
	int date = 0;
	for (const char *p = s; *p; p++) {
		if (p > s && dig(p[-1]))
			continue;
		if (dig(p[0]) && p[1] == ':' && dig(p[2]) && dig(p[3]))
			*time = 1;
		if (dig(p[0]) && dig(p[1]) && p[2] == ':' && dig(p[3]) && dig(p[4]))
			*time = 1;
		if (((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) && dig(p[2]) &&
		    dig(p[3]) && (p[4] == '-' || p[4] == '/' || p[4] == '.') && dig(p[5])) {
			const char *q = p + 6 + dig(p[6]);
			date |= *q == p[4] && dig(q[1]);
		}
	}
	return date;
}

/* A page's number beside a date, a printer's footer: "2025-01-20 第 3 页
 * 共 5 页", "2025年1月20日 第1页共5页", or the date after it (tight: no
 * spaces).  Inside a table its figures were read as a row of values. */
static int dated_page_marker(const char *tight, size_t n)
{
	char date[11], page[64];
	const char *p = strstr(tight, "第");
	if (!p)
		return 0;
	size_t k = (size_t)(p - tight);
	if (k > 0) /* the date, then the page */
		return nst_date(tight, k, date) == k && is_page_marker(p, n - k);
	const char *last = NULL; /* the page, then the date */
	for (const char *q = tight; (q = strstr(q, "页")) != NULL; q += 3)
		last = q;
	size_t m = last ? (size_t)(last - tight) + 3 : 0;
	if (!m || m >= n || m >= sizeof page)
		return 0;
	memcpy(page, tight, m);
	page[m] = 0;
	return is_page_marker(page, m) && nst_date(tight + m, n - m, date) == n - m;
}

/* The Han characters of a page's number and a date: 第/页/共, 年/月/日,
 * numerals ("第3页 共5页", "二〇二五年一月二十日"). */
#define FURNITURE_HAN "第页共年月日〇零一二三四五六七八九十"

/* Is cp one of FURNITURE_HAN?  (Asked of a row's first Han character,
 * of every row: a switch, not an encoding and a strstr.) */
static int furniture_han(uint32_t cp)
{
	switch (cp) {
	case 0x7B2C: /* 第 */ case 0x9875: /* 页 */ case 0x5171: /* 共 */
	case 0x5E74: /* 年 */ case 0x6708: /* 月 */ case 0x65E5: /* 日 */
	case 0x3007: /* 〇 */ case 0x96F6: /* 零 */ case 0x4E00: /* 一 */
	case 0x4E8C: /* 二 */ case 0x4E09: /* 三 */ case 0x56DB: /* 四 */
	case 0x4E94: /* 五 */ case 0x516D: /* 六 */ case 0x4E03: /* 七 */
	case 0x516B: /* 八 */ case 0x4E5D: /* 九 */ case 0x5341: /* 十 */
		return 1;
	}
	return 0;
}

/* Is a row of text page furniture?  1: a page number (is_page_marker), or
 * a line of a browser's or printer's furniture that carries digits: a
 * print stamp "2025/2/3 10:21", the page's address, "3/5".  Its digits
 * standing inside a table would be read as a row of values, and every row
 * after it would slide down one (a page break inside t3).  No Han word
 * but 第/页/共, and a URL, a time of day, or a date: 2 for the date, which
 * is furniture only when the line recurs (one date alone under the
 * signature is the report's own); *key tells recurring lines apart. */
static int furniture_kind(const nsl_layout *l, const nsl_row *row, uint64_t *key)
{
	char buf[256], tight[256]; /* the row folded: one space between pieces; none */
	size_t n = 0, nt = 0;
	int digits = 0, time = 0;
	uint64_t h = 1469598103934665603ull;
	for (int k = 0; k < row->ncells; k++) {
		const nsl_cell *c = nsl_row_cell(l, row, k);
		size_t i = 0;
		uint32_t cp;
		if (n && buf[n - 1] != ' ') /* cells apart: "2025/2/3" "10:21" */
			buf[n++] = ' ';
		while (nst_next_folded(c->text, c->len, &i, &cp)) {
			if (nst_is_space(cp)) {
				if (n && buf[n - 1] != ' ')
					buf[n++] = ' ';
				continue;
			}
			if (n + 5 >= sizeof buf || (nst_is_han(cp) && !furniture_han(cp)))
				return 0; /* a long row, or words: prose, a label, a title */
			int k8 = nst_utf8_encode(cp, buf + n);
			memcpy(tight + nt, buf + n, (size_t)k8);
			n += (size_t)k8;
			nt += (size_t)k8;
			h = (h ^ cp) * 1099511628211ull;
			digits += cp >= '0' && cp <= '9';
		}
	}
	buf[n] = tight[nt] = 0;
	if (nt <= 60 && (is_page_marker(tight, nt) || dated_page_marker(tight, nt)))
		return 1;
	if (!digits)
		return 0;
	int url = strstr(buf, "://") || strstr(buf, "www.");
	int date = has_stamp(buf, &time);
	*key = h;
	if (url || time)
		return 1;
	return date ? 2 : 0;
}

/* The folded code points of a row's cells, in turn (row_next: 1 with *cp,
 * 0 at the end; bytes that do not decode are passed over, as everywhere
 * text is folded: loaders give UTF-8). */
typedef struct row_iter {
	const nsl_layout *l;
	const nsl_row *row;
	int k;    /* the cell */
	size_t i; /* the byte in it */
} row_iter;

static int row_next(row_iter *it, uint32_t *cp)
{
	for (; it->k < it->row->ncells; it->k++, it->i = 0) {
		const nsl_cell *c = nsl_row_cell(it->l, it->row, it->k);
		if (nst_next_folded(c->text, c->len, &it->i, cp))
			return 1;
	}
	return 0;
}

/* A running header or footer: the same words at the top or the bottom of
 * several pages ("12/4/26, 4:07 PM  青川县…年度报告" that a browser prints
 * atop each page, a title and its year repeated).  Its figures, where a
 * page breaks inside a table, were read as a row of values.  The row's
 * key (its folded characters without spaces, hashed) and whether it holds
 * words as well as figures: a row of figures alone may be a table's, and
 * two equal ones at two pages' tops ("0 0 0 0 0 0 0") are no header. */
static uint64_t row_key(const nsl_layout *l, const nsl_row *row, int *figures, int *words)
{
	uint64_t h = 1469598103934665603ull;
	*figures = *words = 0;
	row_iter it = {l, row, 0, 0};
	uint32_t cp;
	while (row_next(&it, &cp)) {
		if (nst_is_space(cp)) /* a form feed too */
			continue;
		*figures |= cp >= '0' && cp <= '9';
		*words |= nst_is_han(cp) || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
		h = (h ^ cp) * 1099511628211ull;
	}
	return h;
}

/* Rows at a page's edge (its first or last) that recur at the edges of
 * other pages, with figures and words: skipped (running_rows), but for
 * the first page's first row, which may be the title itself that a
 * running header repeats (no table reaches the top of the first page). */
static void running_rows(const nsl_layout *l, unsigned char *skip)
{
	enum { MAXEDGE = 256 };
	struct { int row; uint64_t key; } e[MAXEDGE];
	int ne = 0, pages = 0, first = -1;
	for (int r = 0; r < l->nrows && ne < MAXEDGE; r++) {
		const nsl_row *row = &l->rows[r];
		pages += row->page_break;
		int top = r == 0 || row->page_break, bottom = r + 1 < l->nrows && l->rows[r + 1].page_break;
		if (row->grid || !row->ncells || skip[r])
			continue;
		if (first < 0)
			first = r, top = 1;
		if (!(top || bottom))
			continue;
		int figures, words;
		uint64_t key = row_key(l, row, &figures, &words);
		if (figures && words && key)
			e[ne].row = r, e[ne++].key = key;
	}
	if (pages < 1) /* one page: nothing runs */
		return;
	for (int q = 0; q < ne; q++)
		for (int o = 0; o < ne && e[q].row != first; o++)
			if (o != q && e[o].key == e[q].key)
				skip[e[q].row] = 1;
}

/* A table's header printed again atop the page a table breaks onto (Word
 * repeats header rows by default, and a PDF keeps them): the rows that
 * open a page, words without figures, equal one after the other to rows
 * standing in the same order before (keys as running_rows makes them).
 * Their words were read as the labels of the rows after them, and where a
 * row split over the page break (its values on the page before, the rest
 * of its label after the header), every row after it took its
 * neighbour's values.  Two rows or more, of eight Han characters or
 * more in all: a label's short tail ("申请") that opens a page is never
 * taken for one, nor is a section's heading atop a page that a table of
 * contents listed before. */
static void row_shape(const nsl_layout *l, const nsl_row *row, int *han, int *figures);
static inline int numeral_of(uint32_t f);

/* Does the row open with a section's or an item's numeral ("一、", "（一）"):
 * a heading, that a table of contents listed before, never a table's
 * header repeated? */
static int heading_row(const nsl_layout *l, const nsl_row *row)
{
	row_iter it = {l, row, 0, 0};
	uint32_t a = 0, b = 0, cp;
	while (row_next(&it, &cp))
		if (!nst_is_space(cp)) {
			if (!a)
				a = cp;
			else {
				b = cp;
				break;
			}
		}
	return (numeral_of(a) && (b == 0x3001 /* 、 */ || b == '.')) || (a == '(' && numeral_of(b));
}

static void repeated_heads(const nsl_layout *l, unsigned char *skip)
{
	enum { MAXRUN = 8 };
	uint64_t *key = NULL;
	for (int r0 = 1; r0 < l->nrows; r0++) {
		if (!l->rows[r0].page_break)
			continue;
		if (!key) {
			key = calloc((size_t)l->nrows, sizeof *key);
			if (!key)
				return;
			for (int r = 0; r < l->nrows; r++) {
				int figures, words;
				const nsl_row *row = &l->rows[r];
				uint64_t k = row->grid || !row->ncells || skip[r]
				             ? 0 : row_key(l, row, &figures, &words);
				key[r] = k && words && !figures ? k : 0;
			}
		}
		/* the page's first rows, furniture passed over */
		int run[MAXRUN], nrun = 0;
		for (int r = r0; r < l->nrows && nrun < MAXRUN && (r == r0 || !l->rows[r].page_break);
		     r++) {
			if (skip[r] && l->rows[r].ncells)
				continue;
			if (!key[r])
				break;
			run[nrun++] = r;
		}
		/* the longest of them that stood before, in order */
		int best = 0;
		for (int p = 0; nrun && p < run[0]; p++) {
			if (key[p] != key[run[0]])
				continue;
			int m = 1, q = p + 1;
			while (m < nrun && q < run[0]) {
				if (skip[q] && l->rows[q].ncells) {
					q++;
					continue;
				}
				if (key[q] != key[run[m]])
					break;
				m++, q++;
			}
			if (m > best)
				best = m;
		}
		int han = 0;
		for (int m = 0; m < best; m++) {
			int h, f;
			row_shape(l, &l->rows[run[m]], &h, &f);
			han += h;
		}
		if (best >= 2 && han >= 8 && !heading_row(l, &l->rows[run[0]]))
			for (int m = 0; m < best; m++)
				skip[run[m]] = 1;
	}
	free(key);
}

/* A row of rules only: a plain-text table's lines of dashes or equals
 * signs ("----------  ------", as pandoc -t plain draws a table's top and
 * bottom): two runs of three or more, or one of ten or more.  Their dashes
 * were read as blank cells after the last row's values.  A cell's "none"
 * ("—", "----" alone on its line, one value a line) stays a blank cell. */
static int rule_row(const nsl_layout *l, const nsl_row *row)
{
	row_iter it = {l, row, 0, 0};
	uint32_t cp;
	int run = 0, longest = 0, runs = 0;
	while (row_next(&it, &cp)) {
		if (cp == '-' || cp == '=' || cp == 0x2500 /* ─ */ || cp == 0x2501 /* ━ */) {
			if (++run > longest)
				longest = run;
			runs += run == 3;
			continue;
		}
		run = 0;
		if (!nst_is_space(cp) && cp != '+' && cp != ':' && cp != '|')
			return 0;
	}
	return runs >= 2 || longest >= 10;
}

int nsm_number_row(const nsl_layout *l, const nsl_row *row)
{
	int v = 0, digits = 0;
	row_iter it = {l, row, 0, 0};
	uint32_t cp;
	while (row_next(&it, &cp)) {
		if (cp >= '0' && cp <= '9' && digits < 3)
			v = v * 10 + (int)(cp - '0'), digits++;
		else if (!nst_is_space(cp) && cp != '\f')
			return -1;
	}
	return digits ? v : -1;
}

/* A row of nothing but a page's number ("5", "12"), standing at a page's
 * edge: the first or last row of its page.  A number alone is furniture
 * only there (WPS and Word print it so by default); elsewhere it may be a
 * table's value on a line of its own. */
static int edge_page_number(const nsl_layout *l, int r)
{
	const nsl_row *row = &l->rows[r];
	return !row->grid && (row->page_break || (r + 1 < l->nrows && l->rows[r + 1].page_break)) &&
	       nsm_number_row(l, row) >= 0;
}

/* How many Han characters, and how many figures (runs of digits), the
 * row holds. */
static void row_shape(const nsl_layout *l, const nsl_row *row, int *han, int *figures)
{
	*han = *figures = 0;
	int in_figure = 0;
	for (int k = 0; k < row->ncells; k++) {
		const nsl_cell *c = nsl_row_cell(l, row, k);
		in_figure = 0;
		size_t i = 0;
		uint32_t cp;
		while (nst_next_folded(c->text, c->len, &i, &cp)) {
			int digit = cp >= '0' && cp <= '9';
			*figures += digit && !in_figure;
			in_figure = digit;
			*han += nst_is_han(cp);
		}
	}
}

/* A row of nothing but a page's number in text without form feeds (copied
 * from a PDF viewer): a number from 1 to 999 alone between blank lines,
 * after a row of figures (a label with its figures, or figures alone, on
 * one line) and before a row of words.  A value of a table written a cell
 * per line follows a label alone or another value alone, never such a
 * row. */
static int lone_page_number(const nsl_layout *l, int r)
{
	const nsl_row *row = &l->rows[r];
	if (row->grid || row->ncells == 0 || r == 0 || l->cells[row->first_cell].pos.page)
		return 0;
	int v = nsm_number_row(l, row);
	if (v < 1)
		return 0;
	int line = l->cells[row->first_cell].pos.line;
	const nsl_row *prev = &l->rows[r - 1], *next = r + 1 < l->nrows ? &l->rows[r + 1] : NULL;
	if (prev->grid || !prev->ncells || l->cells[prev->first_cell].pos.line >= line - 1)
		return 0;
	int han, figures;
	row_shape(l, prev, &han, &figures);
	if (!(figures >= 2 || (han && figures)))
		return 0;
	if (next) {
		if (!next->ncells || l->cells[next->first_cell].pos.line <= line + 1)
			return 0;
		row_shape(l, next, &han, &figures);
		if (!han)
			return 0;
	}
	return 1;
}

int nsm_doc_build(nsm_doc *d, const nsl_layout *l, nsa_scratch *keep)
{
	memset(d, 0, sizeof *d);
	d->l = l;
	d->skip = calloc((size_t)l->nrows + 1, 1);
	d->ink = calloc((size_t)l->ncells + 1, sizeof *d->ink);
	if (!d->skip || !d->ink)
		return NS_ERR_NOMEM;
	/* room for every character at once: a code point per lead byte, a gap
	 * per cell and row (more only where bytes do not decode) */
	size_t want = (size_t)l->ncells + (size_t)l->nrows + 16;
	for (int ci = 0; ci < l->ncells; ci++) {
		const unsigned char *t = (const unsigned char *)l->cells[ci].text;
		size_t i = 0, len = l->cells[ci].len, cont = 0;
		for (; i + 8 <= len; i += 8) { /* continuation bytes: 10xxxxxx */
			uint64_t w;
			memcpy(&w, t + i, 8);
			/* one bit per byte at bit 7: summed by a multiply (no popcnt
			 * instruction in a baseline x86-64 build) */
			uint64_t m = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
			cont += (size_t)((m * 0x0101010101010101ull) >> 56);
		}
		for (; i < len; i++)
			cont += (t[i] & 0xC0) == 0x80;
		want += len - cont;
	}
	if (want < (size_t)1 << 30) {
		size_t bytes;
		d->c = nsa_scratch_take(keep, want * sizeof *d->c, &bytes);
		if (!d->c)
			return NS_ERR_NOMEM;
		d->cap = (int)(bytes / sizeof *d->c);
	}
	/* page furniture (furniture_kind); a dated line is furniture when it
	 * recurs, kept when it stands once */
	struct { int row; uint64_t key; } dated[64];
	int ndated = 0;
	for (int r = 0; r < l->nrows; r++) {
		uint64_t key;
		if (l->rows[r].grid)
			continue;
		int kind = edge_page_number(l, r) || lone_page_number(l, r) || rule_row(l, &l->rows[r])
		           ? 1 : furniture_kind(l, &l->rows[r], &key);
		if (kind == 1)
			d->skip[r] = 1;
		else if (kind == 2 && ndated < 64)
			dated[ndated].row = r, dated[ndated++].key = key;
	}
	for (int q = 0; q < ndated; q++)
		for (int o = 0; o < ndated; o++)
			if (o != q && dated[o].key == dated[q].key)
				d->skip[dated[q].row] = 1;
	running_rows(l, d->skip);
	repeated_heads(l, d->skip);
	for (int r = 0; r < l->nrows; r++) {
		const nsl_row *row = &l->rows[r];
		if (d->skip[r])
			continue;
		for (int k = 0; k < row->ncells; k++) {
			int ci = row->first_cell + k;
			const nsl_cell *c = &l->cells[ci];
			/* a colspan copy (same origin as the cell before it) is one
			 * cell of the document, not two values */
			if (row->grid && k > 0 && c->pos.line && c->pos.line == c[-1].pos.line &&
			    c->pos.col == c[-1].pos.col && c->pos.page == c[-1].pos.page)
				continue;
			/* an empty cell of a text row is a field left empty between
			 * two values (txt.c): a table cell, blank; a soft one (a field
			 * that may be a blank or layout) is a gap like any other, which
			 * only the solver looks at (solve.c, tab_fields) */
			if (row->grid || k > 0 || c->len == 0) {
				nsm_char g = {(row->grid || c->len == 0) && !c->soft ? NSM_GAP_CELL
				                                                     : NSM_GAP_TAB,
				              0, ci, 0, 0, r};
				if (push(d, g))
					return NS_ERR_NOMEM;
			}
			size_t i = 0;
			int off = 0, ink = 0;
			while (i < c->len) {
				uint32_t cp;
				unsigned char b = (unsigned char)c->text[i];
				if (b != ' ')
					ink = off + 1;
				if (b < 0x80) { /* ASCII: itself, or a space */
					uint32_t f = b == '\t' || b == '\r' || b == '\f' || b == '\v' ? ' ' : b;
					nsm_char ch = {f, b, ci, (int)i, off, r};
					if (push(d, ch))
						return NS_ERR_NOMEM;
					i++;
					off++;
					continue;
				}
				int len = nst_utf8_decode(c->text + i, c->len - i, &cp);
				if (!len) { /* loaders give UTF-8; be safe anyway */
					cp = 0xFFFD;
					len = 1;
				}
				/* invisible format characters (a soft hyphen, zero-width
				 * spaces and joiners, a BOM inside the text), in any form:
				 * "41\u00AD86" is 4186, as a reader sees it */
				if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
				    cp == 0xFEFF) {
					i += (size_t)len;
					off++;
					continue;
				}
				uint32_t f = nst_fold(cp);
				if (nst_is_space(f) && f != '\n')
					f = ' ';
				nsm_char ch = {f, cp, ci, (int)i, off, r};
				if (push(d, ch))
					return NS_ERR_NOMEM;
				i += (size_t)len;
				off++;
			}
			d->ink[ci] = ink;
		}
		nsm_char e = {NSM_GAP_ROW, 0, -1, 0, 0, r};
		if (push(d, e))
			return NS_ERR_NOMEM;
	}
	return NS_OK;
}

void nsm_doc_free(nsm_doc *d, nsa_scratch *keep)
{
	nsa_scratch_give(keep, d->c, (size_t)d->cap * sizeof *d->c);
	free(d->skip);
	free(d->ink);
	memset(d, 0, sizeof *d);
}

ns_pos nsm_pos(const nsm_doc *d, int i)
{
	ns_pos p = {0, 0, 0};
	if (i < 0 || i >= d->n)
		return p;
	/* a gap takes the position of the next real character */
	int j = i;
	while (j < d->n && d->c[j].cell < 0)
		j++;
	if (j == d->n)
		j = i;
	while (j >= 0 && d->c[j].cell < 0)
		j--;
	if (j < 0)
		return p;
	const nsl_cell *c = &d->l->cells[d->c[j].cell];
	p = c->pos;
	/* text loaders lay a cell on one line, so its columns run on */
	p.col += d->c[j].off;
	return p;
}

static char *text_of(const nsm_doc *d, nsa_arena *a, int a0, int b0,
                     int keep_nl, nsr_anchor **anchors, int *nanchors)
{
	if (a0 < 0)
		a0 = 0;
	if (b0 > d->n)
		b0 = d->n;
	size_t cap = 16 + 4 * (size_t)(b0 > a0 ? b0 - a0 : 0);
	char *buf = malloc(cap), *o = buf;
	nsr_anchor *an = NULL;
	int nan = 0, capan = 0, prev_cell = -1, since = 0;
	if (!buf)
		return NULL;
	/* merged cells laid out on a grid repeat their origin (same position):
	 * the text has each of them once */
	size_t hcap = 64;
	while (hcap < 2 * (size_t)(b0 > a0 ? b0 - a0 : 0) / 4 + 64)
		hcap *= 2;
	/* made at the first grid cell: a text of lines needs none */
	uint64_t *seen = NULL;
	int want_seen = 1;
	int skip_cell = -2;
	int pending = 0; /* 1: space, 2: newline */
	for (int i = a0; i < b0; i++) {
		const nsm_char *ch = &d->c[i];
		if (ch->cell < 0 || ch->cp == 0) {
			int k = (ch->fold == NSM_GAP_ROW && keep_nl) ? 2 : 1;
			if (k > pending)
				pending = k;
			continue;
		}
		if (ch->cell != prev_cell && ch->cell != skip_cell && want_seen &&
		    d->l->rows[ch->row].grid && !seen) {
			seen = calloc(hcap, sizeof *seen);
			want_seen = seen != NULL;
		}
		if (ch->cell != prev_cell && ch->cell != skip_cell && seen &&
		    d->l->rows[ch->row].grid) {
			const nsl_cell *c = &d->l->cells[ch->cell];
			uint64_t key = ((uint64_t)(unsigned)c->pos.page << 42) ^
			               ((uint64_t)(unsigned)c->pos.line << 21) ^
			               (uint64_t)(unsigned)c->pos.col;
			key = key * 0x9E3779B97F4A7C15ull | 1;
			size_t h = (size_t)(key >> 20) & (hcap - 1);
			int dup = 0;
			while (seen[h]) {
				if (seen[h] == key) {
					dup = 1;
					break;
				}
				h = (h + 1) & (hcap - 1);
			}
			if (dup) {
				skip_cell = ch->cell;
			} else {
				seen[h] = key;
				skip_cell = -2;
			}
		}
		if (ch->cell == skip_cell)
			continue;
		if (nst_is_space(ch->cp)) {
			if (!pending)
				pending = 1;
			continue;
		}
		/* an anchor per piece, and every 32 characters within long ones,
		 * so that finding a position never walks far */
		int fresh = pending || ch->cell != prev_cell || since >= 32;
		since = fresh ? 1 : since + 1;
		if (pending && o != buf)
			*o++ = pending == 2 ? '\n' : ' ';
		pending = 0;
		if (anchors && fresh) {
			if (nan == capan) {
				capan = capan ? capan * 2 : 64;
				nsr_anchor *p = realloc(an, (size_t)capan * sizeof *p);
				if (!p) {
					free(an);
					free(buf);
					free(seen);
					return NULL;
				}
				an = p;
			}
			/* nsm_pos(d, i) of a character of a cell (no gap to pass
			 * over), without its searches: an anchor every few characters */
			ns_pos pos = d->l->cells[ch->cell].pos;
			pos.col += ch->off;
			an[nan++] = (nsr_anchor){(int)(o - buf), pos};
		}
		prev_cell = ch->cell;
		o += nst_utf8_encode(ch->cp, o);
	}
	*o = 0;
	free(seen);
	char *r = nsa_strndup(a, buf, (size_t)(o - buf));
	free(buf);
	if (anchors) {
		*anchors = nan ? nsa_alloc(a, (size_t)nan * sizeof **anchors) : NULL;
		if (nan && *anchors)
			memcpy(*anchors, an, (size_t)nan * sizeof *an);
		*nanchors = *anchors ? nan : 0;
		free(an);
	}
	return r;
}

char *nsm_text(const nsm_doc *d, nsa_arena *a, int a0, int b0, int keep_nl)
{
	return text_of(d, a, a0, b0, keep_nl, NULL, NULL);
}

char *nsm_text_anchored(const nsm_doc *d, nsa_arena *a, int a0, int b0,
                        nsr_anchor **anchors, int *nanchors)
{
	return text_of(d, a, a0, b0, 1, anchors, nanchors);
}

/* A needle decoded and folded once: nsm_find tries it at every index of
 * a range, and decoding it there again was most of a load's time. */
enum { NEEDLE_MAX = NSM_NEEDLE_MAX };

/* n = -1: invalid UTF-8 or too long: src is matched as ever */
typedef nsm_needle needle;

static void needle_of(const char *s, needle *nd)
{
	nd->src = s;
	nd->n = 0;
	for (size_t k = 0; s[k];) {
		uint32_t cp;
		/* the needle ends at its NUL, which no sequence continues past */
		int len = nst_utf8_decode(s + k, (size_t)-1 - k, &cp);
		if (!len || nd->n == NEEDLE_MAX) {
			nd->n = -1;
			return;
		}
		k += (size_t)len;
		nd->c[nd->n++] = nst_fold(cp);
	}
}

static int match_needle(const nsm_doc *d, int i, const uint32_t *c, int n)
{
	for (int k = 0; k < n; k++) {
		while (i < d->n && d->c[i].fold == ' ')
			i++;
		if (i >= d->n || d->c[i].fold != c[k])
			return -1;
		i++;
	}
	return i;
}

/* nsm_match_at with a decoded needle. */
static int match_at_nd(const nsm_doc *d, int i, const needle *nd)
{
	return nd->n < 0 ? nsm_match_at(d, i, nd->src) : match_needle(d, i, nd->c, nd->n);
}

/* Does the folded text at i start with utf8 (itself folded), skipping
 * spaces in the document?  Returns the index after the match, or -1. */
int nsm_match_at(const nsm_doc *d, int i, const char *s)
{
	size_t k = 0;
	while (s[k]) {
		uint32_t cp;
		int len = nst_utf8_decode(s + k, (size_t)-1 - k, &cp);
		if (!len)
			return -1;
		k += (size_t)len;
		cp = nst_fold(cp);
		while (i < d->n && d->c[i].fold == ' ')
			i++;
		if (i >= d->n || d->c[i].fold != cp)
			return -1;
		i++;
	}
	return i;
}

/* The first character at or after i that is not a space, memoised in *sp
 * over a scan: a run of spaces is walked once, not once per position. */
static inline int past_spaces(const nsm_doc *d, int i, int *sp)
{
	if (*sp < i) {
		*sp = i;
		while (*sp < d->n && d->c[*sp].fold == ' ')
			(*sp)++;
	}
	return *sp;
}

/* nsm_find with a decoded needle. */
static int find_nd(const nsm_doc *d, int from, int to, const needle *nd)
{
	if (to > d->n)
		to = d->n;
	if (from < 0)
		from = 0;
	if (nd->n < 0) { /* invalid, or longer than a needle holds: as ever */
		for (int i = from; i < to; i++)
			if (nsm_match_at(d, i, nd->src) >= 0)
				return i;
		return -1;
	}
	if (nd->n == 0)
		return from < to ? from : -1;
	/* a match at i starts at the first non-space j from i (spaces are
	 * skipped): test that character before anything else, and find j
	 * once per run of spaces */
	uint32_t c0 = nd->c[0];
	for (int i = from, sp = -1; i < to; i++) {
		uint32_t f = d->c[i].fold;
		if (f != c0 && f != ' ')
			continue;
		int j = i;
		if (f == ' ') {
			j = past_spaces(d, i, &sp);
			if (j >= d->n || d->c[j].fold != c0)
				continue;
		}
		if (match_needle(d, j, nd->c, nd->n) >= 0)
			return i;
	}
	return -1;
}

int nsm_find(const nsm_doc *d, int from, int to, const char *s)
{
	needle nd;
	needle_of(s, &nd);
	return find_nd(d, from, to, &nd);
}

void nsm_needle_of(const char *s, nsm_needle *nd)
{
	needle_of(s, nd);
}

int nsm_match_needle(const nsm_doc *d, int i, const nsm_needle *nd)
{
	return match_at_nd(d, i, nd);
}

int nsm_find_needle(const nsm_doc *d, int from, int to, const nsm_needle *nd)
{
	return find_nd(d, from, to, nd);
}

/* ---- sections -------------------------------------------------------- */

/*
 * A section is found by the words of its heading, not by a fixed pattern.
 *
 * Real headings vary: longer titles ("五、政府信息公开工作存在的主要问题及
 * 改进情况"), other words ("存在的主要问题及整改措施"), numerals written in
 * several ways (五、 五. 五． （五） 第五部分 "五 "), markdown marks, a
 * title wrapped over two lines, typos ("行政法复议"), no numeral at all, or a
 * report that numbers its parts its own way.  So every short line (and, in a
 * document flattened into one long line, every numeral followed by a title)
 * is a candidate, scored against what identifies each section:
 *
 *   - words: weighted phrases; a character of the heading counts for one
 *     word only, the heaviest first ("行政复议" does not count again as
 *     "复议").  Weight 10: the phrase alone names the section; 5–8: strong;
 *     below: supporting.
 *   - similarity: character-bigram overlap (Dice) with the template's title
 *     and the wordings seen in real reports, after the words every title
 *     shares ("政府信息", "公开", "情况"…) are taken out, so that only what
 *     tells the sections apart is compared.  It carries typos.
 *   - the numeral: the section's own numeral (一、 五. 第五部分 …) makes a
 *     weak match enough; a different numeral, none, or a sub-item style
 *     numeral （五） needs a strong one.
 *   - content: a section with a table (二, 三, 四) is the heading its table
 *     follows, when one of its candidates has the table's words after it.
 *
 * Each candidate line is taken for the section it scores best against;
 * lines are then assigned in document order (the highest-scoring chain of
 * candidates whose sections increase), and a section left without a
 * heading takes its best candidate anywhere (check_order reports it).
 * Loose matches (no numeral, a different numeral, words that are not one of
 * the known titles) are reported by fill_sections.
 *
 * Never a heading: the numbered row labels of table 三 ("四、结转下年度继续
 * 办理", "三、本年度办理结果"…, from template.c), anything between t3's first
 * and last row, a line whose other cells are numbers.
 */

typedef struct sec_word {
	const char *w;
	int weight;
} sec_word;

typedef struct sec_def {
	const char *titles[8]; /* [0]: the template's; then wordings seen in reports */
	sec_word words[8];     /* heaviest first */
	const char *content[6]; /* words of the section's own table */
} sec_def;

static const sec_def sec_defs[NS_NSECTIONS] = {
	{{"总体情况", "概述", "总体概述", "总体概况", "基本情况", "工作概况", "概况", NULL},
	 {{"总体情况", 10}, {"概述", 8}, {"概况", 8}, {"总体", 6}, {"基本情况", 6}, {NULL, 0}},
	 {NULL}},
	{{"主动公开政府信息情况", "主动公开情况", NULL},
	 {{"主动公开", 10}, {NULL, 0}},
	 {"本年制发件数", "本年新制作数量", "现行有效件数", "对外公开总数量",
	  "本年处理决定数量", NULL}},
	{{"收到和处理政府信息公开申请情况", "依申请公开政府信息情况", "依申请公开情况",
	  "政府信息公开申请办理情况", "收到和处理政府信息公开申请", NULL},
	 {{"收到和处理", 10}, {"依申请公开", 10}, {"申请", 4}, {"收到", 2}, {"处理", 2},
	  {"办理", 2}, {NULL, 0}},
	 {"社会公益组织", "法律服务机构", "商业企业", "科研机构", NULL}},
	{{"政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
	  "行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况", NULL},
	 {{"行政复议", 10}, {"行政诉讼", 10}, {"复议", 5}, {"诉讼", 5}, {NULL, 0}},
	 {"尚未审结", "结果维持", "结果纠正", "复议后起诉", "未经复议直接起诉", NULL}},
	{{"存在的主要问题及改进情况", "存在的主要问题及整改措施", "存在的主要问题及改进措施",
	  "存在的问题及改进情况", "存在的问题和改进措施", "存在的主要问题和改进情况", NULL},
	 {{"问题", 8}, {"不足", 6}, {"改进", 5}, {"整改", 5}, {"措施", 2}, {"存在", 2},
	  {NULL, 0}},
	 {NULL}},
	{{"其他需要报告的事项", "其他需要报告事项", "其他事项", NULL},
	 {{"其他需要报告", 10}, {"其他事项", 10}, {"需要报告", 8}, {"其他", 3}, {"事项", 2},
	  {NULL, 0}},
	 {NULL}},
};

/* Shared by every title: taken out before titles are compared. */
static const char *const sec_generic[] = {
	"政府信息公开", "政府信息", "政务公开", "信息公开", "公开", "政府", "情况", "工作",
	"的", "和", "及", "与", NULL};

/* Where a title ends in a line that runs on into its body. */
static const char *const sec_enders[] = {"情况", "事项", "措施", "概述", "概况", NULL};

/* Acceptance and scoring (see above).  Scores are words (capped) plus
 * 20 x similarity plus the numeral's bonus. */
enum {
	SEC_WORDS_CAP = 20,
	SEC_WEAK_WORDS = 5,     /* own numeral: a strong word is enough... */
	SEC_STRONG_WORDS = 8,   /* otherwise: a word that names the section */
	SEC_BONUS_OWN = 20,     /* 五、 under 五 */
	SEC_BONUS_OWN_SUB = 8,  /* （五） or 五存在… under 五 */
	SEC_PENALTY_MIDLINE = 10, /* a numeral in mid-line of an ordinary line */
	SEC_SHORT_ROW = 60,     /* a heading line has at most this many characters */
	SEC_FLAT_ROW = 400,     /* a longer row is a document flattened into one line */
	SEC_TITLE_WINDOW = 40,  /* title length in a line that runs on */
	SEC_WRAP_ROW = 24,      /* the wrapped end of a title is this short */
	SEC_T3_SPAN = 6000,     /* t3 from its first to its last row label */
	SEC_TMAX = 64,
};
#define SEC_WEAK_SIM 0.45
#define SEC_STRONG_SIM 0.5
#define SEC_BARE_SIM 0.6 /* no numeral at all */

/* 五、, 五存在…, （五）, 第五部分 (第五章), 5、 */
enum { NUM_NONE, NUM_PLAIN, NUM_BARE, NUM_PAREN, NUM_PART, NUM_ARABIC };

typedef struct hanstr {
	uint32_t c[SEC_TMAX];
	int n;
} hanstr;

/* The character bigrams of h, one word each (made once per title and
 * per candidate line: dice compares every pair of them). */
typedef struct bigrams {
	uint64_t g[SEC_TMAX];
} bigrams;

/* The section table decoded (made once per process by pthread_once, then
 * only read: documents load in parallel). */
typedef struct sec_model {
	hanstr title[NS_NSECTIONS][8], core[NS_NSECTIONS][8], word[NS_NSECTIONS][8];
	bigrams core_bg[NS_NSECTIONS][8];
	int ntitles[NS_NSECTIONS], nwords[NS_NSECTIONS];
	hanstr generic[16];
	int ngeneric;
	const char *labels[8]; /* numbered t3 row labels, without the numeral */
	int nlabels;
	needle label_nd[8];    /* the same, decoded */
	needle enders[8];      /* sec_enders, decoded */
	int nenders;
	uint64_t ender_firsts; /* their first characters, by their low six bits */
	needle content[NS_NSECTIONS][6]; /* sec_defs' content words, decoded */
} sec_model;

typedef struct sec_cand {
	int head, ts, body; /* numeral (or title) start, title start, title end */
	int k, num, style, score, exact, line;
} sec_cand;

/* What fill_sections needs to report a loose match. */
typedef struct sec_info {
	int num, style, exact;
	int untitled; /* no heading: how the section was known (UNTITLED_*) */
} sec_info;

enum { UNTITLED_AFTER_TABLES = 1, UNTITLED_TABLE, UNTITLED_ITEMS, UNTITLED_WORDS };

/* Marks around a heading's words that are no part of them: Markdown's,
 * and the closing bracket of a heading written 【总体情况】 (its opening
 * one is skipped where a line starts, collect: 【五】 is a numeral). */
static int is_markup(uint32_t f)
{
	return f == '#' || f == '*' || f == '>' || f == 0x3011 /* 】 */;
}

/* The first char of [i, e) past gaps and markup: where a line's text
 * starts. */
static int past_marks(const nsm_doc *d, int i, int e)
{
	while (i < e && (nsm_gap(d->c[i].fold) || is_markup(d->c[i].fold)))
		i++;
	return i;
}

static int digit(uint32_t f)
{
	return f >= '0' && f <= '9';
}

static int line_start(const nsm_doc *d, int i)
{
	while (i > 0 && d->c[i - 1].fold != NSM_GAP_ROW)
		i--;
	return i;
}

static int line_end(const nsm_doc *d, int i)
{
	while (i < d->n && d->c[i].fold != NSM_GAP_ROW)
		i++;
	return i;
}

/* Characters of text in [a, b), counted up to max + 1. */
static int count_text(const nsm_doc *d, int a, int b, int max)
{
	int n = 0;
	for (int i = a; i < b && n <= max; i++)
		n += !nsm_gap(d->c[i].fold);
	return n;
}

static inline int numeral_of(uint32_t f)
{
	/* asked of every character of the document: most are no numeral */
	if (f < 0x4E00 || f > 0x56DB)
		return 0;
	if (f == 0x5341) /* 十 */
		return 10;
	int v = nst_cn_digit(f);
	return v > 0 ? v : 0;
}

/* Han characters of a UTF-8 string, folded. */
static void han_of(const char *s, hanstr *h)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;
	h->n = 0;
	while (nst_next_folded(s, n, &i, &cp))
		if (nst_is_han(cp) && h->n < SEC_TMAX)
			h->c[h->n++] = cp;
}

static int han_at(const hanstr *t, int p, const hanstr *w)
{
	/* the first character alone refuses nearly every place: callers try
	 * every place of a title for every word */
	if (w->n == 0 || p + w->n > t->n || t->c[p] != w->c[0])
		return 0;
	for (int k = 0; k < w->n; k++)
		if (t->c[p + k] != w->c[k])
			return 0;
	return 1;
}

static int han_contains(const hanstr *t, const hanstr *w)
{
	for (int p = 0; p + w->n <= t->n; p++)
		if (han_at(t, p, w))
			return 1;
	return 0;
}

/* The title without the words every title shares. */
static void strip_generic(const sec_model *m, const hanstr *in, hanstr *out)
{
	out->n = 0;
	for (int p = 0; p < in->n;) {
		int skip = 0;
		for (int g = 0; g < m->ngeneric && !skip; g++)
			if (m->generic[g].n && m->generic[g].c[0] == in->c[p] &&
			    han_at(in, p, &m->generic[g]))
				skip = m->generic[g].n;
		if (skip) {
			p += skip;
			continue;
		}
		out->c[out->n++] = in->c[p++];
	}
}

/* The character bigrams of h, sorted (what dice() compares). */
static void bigrams_of(const hanstr *h, bigrams *b)
{
	for (int j = 0; j + 1 < h->n; j++) {
		uint64_t g = (uint64_t)h->c[j] << 32 | h->c[j + 1];
		int i = j;
		for (; i > 0 && b->g[i - 1] > g; i--)
			b->g[i] = b->g[i - 1];
		b->g[i] = g;
	}
}

/* Dice coefficient of the character bigrams of a and b (ag, bg: theirs,
 * sorted): the bigrams they share, each as often as both have it, counted
 * in one merge.  Every candidate heading is scored against every title
 * this way; pairing each bigram by search was a tenth of a load. */
static double dice(const hanstr *a, const bigrams *ag, const hanstr *b, const bigrams *bg)
{
	if (a->n < 2 || b->n < 2)
		return a->n == b->n && a->n > 0 && a->c[0] == b->c[0];
	int na = a->n - 1, nb = b->n - 1, common = 0;
	for (int i = 0, j = 0; i < na && j < nb;) {
		if (ag->g[i] < bg->g[j])
			i++;
		else if (ag->g[i] > bg->g[j])
			j++;
		else {
			common++;
			i++;
			j++;
		}
	}
	return 2.0 * common / (na + nb);
}

static void sec_model_init(sec_model *m)
{
	memset(m, 0, sizeof *m);
	for (int g = 0; sec_generic[g] && g < 16; g++)
		han_of(sec_generic[g], &m->generic[m->ngeneric++]);
	for (int k = 0; k < NS_NSECTIONS; k++) {
		const sec_def *s = &sec_defs[k];
		for (int t = 0; t < 8 && s->titles[t]; t++) {
			han_of(s->titles[t], &m->title[k][t]);
			strip_generic(m, &m->title[k][t], &m->core[k][t]);
			bigrams_of(&m->core[k][t], &m->core_bg[k][t]);
			m->ntitles[k]++;
		}
		for (int w = 0; w < 8 && s->words[w].w; w++) {
			han_of(s->words[w].w, &m->word[k][w]);
			m->nwords[k]++;
		}
	}
	/* t3's rows numbered like sections: 一、本年新收… 二、上年结转… 四、结转
	 * 下年度… and the group 三、本年度办理结果 */
	for (int ed = 0; ed < 2; ed++) {
		const nsm_table *t = nsm_table_get(NSM_T3, ed ? NS_EDITION_2019 : NS_EDITION_2021);
		for (int r = 0; r < t->nrows; r++) {
			const char *lab = NULL;
			uint32_t cp;
			size_t i = 0;
			if (t->rows[r].no && nst_next_folded(t->rows[r].no, strlen(t->rows[r].no), &i, &cp) &&
			    numeral_of(cp) && t->rows[r].no[i] == 0)
				lab = t->rows[r].label;
			else if (t->rows[r].group) {
				const char *g = t->rows[r].group;
				i = 0;
				if (nst_next_folded(g, strlen(g), &i, &cp) && numeral_of(cp) &&
				    strncmp(g + i, "、", 3) == 0)
					lab = g + i + 3;
			}
			int dup = !lab;
			for (int q = 0; q < m->nlabels && !dup; q++)
				dup = strcmp(m->labels[q], lab) == 0;
			if (!dup && m->nlabels < 8)
				m->labels[m->nlabels++] = lab;
		}
	}
	for (int q = 0; q < m->nlabels; q++)
		needle_of(m->labels[q], &m->label_nd[q]);
	for (int w = 0; sec_enders[w] && w < 8; w++)
		needle_of(sec_enders[w], &m->enders[m->nenders++]);
	for (int w = 0; w < m->nenders; w++)
		m->ender_firsts |= m->enders[w].n > 0 ? 1ull << (m->enders[w].c[0] & 63) : ~0ull;
	for (int k = 0; k < NS_NSECTIONS; k++)
		for (int q = 0; q < 6 && sec_defs[k].content[q]; q++)
			needle_of(sec_defs[k].content[q], &m->content[k][q]);
}

/* Decoding the table was a tenth of mapping a report: done once. */
static sec_model the_model;
static pthread_once_t the_model_once = PTHREAD_ONCE_INIT;

static void the_model_init(void)
{
	sec_model_init(&the_model);
}

static const sec_model *the_sec_model(void)
{
	pthread_once(&the_model_once, the_model_init);
	return &the_model;
}

/* A numbering at i (i in row ending at re): 五、 五. 五． 五 (space or cell
 * gap) 五 at the end of its line, 五存在… (BARE), Ⅴ、, （五） 〔五〕 【五】,
 * 第五部分, and the Arabic 5、 5. 5． 5 (a space before the title; ARABIC).
 * Returns the index after it (i when there is none). */
static int parse_numbering(const nsm_doc *d, int i, int re, int *num, int *style)
{
	*num = 0;
	*style = NUM_NONE;
	uint32_t f = d->c[i].fold;
	int j = i;
	/* （五） and the other brackets reports number with: 〔五〕 【五】 [五] */
	uint32_t close = f == '(' ? ')' : f == '[' ? ']' : f == 0x3010 /* 【 */ ? 0x3011 : 0;
	if (close) {
		j++;
		while (j < re && d->c[j].fold == ' ')
			j++;
		int n = j < re ? numeral_of(d->c[j].fold) : 0;
		if (!n)
			return i;
		j++;
		while (j < re && d->c[j].fold == ' ')
			j++;
		if (j >= re || d->c[j].fold != close)
			return i;
		*num = n;
		*style = NUM_PAREN;
		return j + 1;
	}
	if (f == 0x7B2C /* 第 */) {
		int n = i + 1 < re ? numeral_of(d->c[i + 1].fold) : 0;
		int e = n ? nsm_match_at(d, i + 2, "部分") : -1;
		if (n && e < 0) /* 第一章, as some number the six parts */
			e = nsm_match_at(d, i + 2, "章");
		if (e < 0 || e > re)
			return i;
		if (e < re && (d->c[e].fold == 0x3001 || d->c[e].fold == '.' ||
		               d->c[e].fold == ',' || d->c[e].fold == ':'))
			e++;
		*num = n;
		*style = NUM_PART;
		return e;
	}
	/* 1、总体情况 … 6、其他需要报告的事项: some agencies number the six
	 * parts so; the same numerals number the items of a list, which is
	 * why such a heading is taken only when its words are the section's
	 * (candidate) */
	if (f >= '1' && f <= '6' && !(i + 1 < re && d->c[i + 1].fold >= '0' &&
	                              d->c[i + 1].fold <= '9')) {
		int k = i + 1;
		while (k < re && d->c[k].fold == ' ')
			k++;
		uint32_t g = k < re ? d->c[k].fold : NSM_GAP_ROW;
		if (g == 0x3001 || g == '.' || g == ',' || g == ':')
			k++;
		else if (k == i + 1 || !nst_is_han(g))
			return i;
		*num = (int)(f - '0');
		*style = NUM_ARABIC;
		return k;
	}
	/* Ⅴ、 as some number the six parts: Roman numerals Ⅰ…Ⅹ, as 五、 */
	int n = f >= 0x2160 && f <= 0x2169 ? (int)(f - 0x2160) + 1 : numeral_of(f);
	if (!n)
		return i;
	j = i + 1;
	if (j < re && numeral_of(d->c[j].fold))
		return i; /* 十一, 二十 */
	int k = j;
	while (k < re && d->c[k].fold == ' ')
		k++;
	uint32_t g = k < re ? d->c[k].fold : NSM_GAP_ROW;
	if (g == 0x3001 || g == '.' || g == ',' || g == ':') {
		*num = n;
		*style = NUM_PLAIN;
		return k + 1;
	}
	if (k > j || g == NSM_GAP_ROW || g == NSM_GAP_TAB || g == NSM_GAP_CELL) {
		*num = n;
		*style = NUM_PLAIN;
		return k;
	}
	if (nst_is_han(g) && g != 0x662F /* 是: 一是… */) {
		*num = n;
		*style = NUM_BARE;
		return k;
	}
	return i;
}

static int is_cut(const nsm_doc *d, int p, int ts)
{
	uint32_t f = d->c[p].fold;
	return f == 0x3002 || f == ',' || f == ';' || f == ':' || f == '!' || f == '?' ||
	       f == '(' || ((f == NSM_GAP_TAB || f == NSM_GAP_CELL) && p > ts);
}

/* The end of a title starting at ts: its first "情况"/"事项"/… before the
 * first punctuation, else that punctuation (or the end of the line).  A
 * short line is read whole; a line that runs on into its body (a flattened
 * document) for SEC_TITLE_WINDOW characters.  *ender: one was found; *cut:
 * where the title's text stops. */
static int title_end(const nsm_doc *d, const sec_model *m, int ts, int re, int shrt,
                     int *ender, int *cutp)
{
	int lim = re;
	if (!shrt) {
		lim = ts;
		for (int chars = 0; lim < re && chars < SEC_TITLE_WINDOW; chars++)
			lim++;
	}
	int cut = ts;
	while (cut < lim && !is_cut(d, cut, ts))
		cut++;
	int e = -1;
	for (int p = ts; p < cut && e < 0; p++) {
		/* a match at p starts with the ender's first character, unless
		 * spaces stand before it (skipped): tried only there (trying
		 * every ender at every character was a tenth of the sections) */
		uint32_t f = d->c[p].fold;
		if (f != ' ' && !((m->ender_firsts >> (f & 63)) & 1))
			continue;
		for (int w = 0; w < m->nenders; w++) {
			if (f != ' ' && m->enders[w].n > 0 && m->enders[w].c[0] != f)
				continue;
			int q = match_at_nd(d, p, &m->enders[w]);
			if (q >= 0 && q <= cut)
				e = q;
		}
	}
	*ender = e >= 0;
	*cutp = cut;
	if (e < 0) {
		e = cut;
		while (e > ts && (nsm_gap(d->c[e - 1].fold) || is_markup(d->c[e - 1].fold)))
			e--;
	}
	return e;
}

/* Only gaps, markup and a colon after e on its line (a line ending in
 * "。" is a sentence, not a heading). */
static int rest_empty(const nsm_doc *d, int e)
{
	for (int i = e; i < d->n && d->c[i].fold != NSM_GAP_ROW; i++) {
		uint32_t f = d->c[i].fold;
		if (!nsm_gap(f) && !is_markup(f) && f != ':')
			return 0;
	}
	return 1;
}

/* The line before i stops mid-sentence ("…也没有因" / "…，"): i continues
 * its paragraph. */
static int continues_paragraph(const nsm_doc *d, int i)
{
	int p = i - 1;
	while (p >= 0 && d->c[p].fold != NSM_GAP_ROW)
		p--;
	while (p >= 0 && nsm_gap(d->c[p].fold))
		p--;
	if (p < 0)
		return 0;
	uint32_t f = d->c[p].fold;
	return f == ',' || f == 0x3001;
}

/* The rest of the line is numbers without words: a table row. */
static int rest_numbers(const nsm_doc *d, int e)
{
	int digits = 0;
	for (int i = e; i < d->n && d->c[i].fold != NSM_GAP_ROW; i++) {
		if (nst_is_han(d->c[i].fold))
			return 0;
		digits |= d->c[i].fold >= '0' && d->c[i].fold <= '9';
	}
	return digits;
}

/* t's characters by their low six bits: a word or title whose first
 * character t lacks is in it nowhere, and is not looked for at each of
 * its places (that search, for every word of every section, was a fifth
 * of trying a candidate). */
static uint64_t han_chars(const hanstr *t)
{
	uint64_t bits = 0;
	for (int p = 0; p < t->n; p++)
		bits |= 1ull << (t->c[p] & 63);
	return bits;
}

static int may_hold(uint64_t chars, const hanstr *w)
{
	return w->n > 0 && ((chars >> (w->c[0] & 63)) & 1);
}

/* Score a title against section k (tchars: han_chars of t). */
static int score_title(const sec_model *m, int k, const hanstr *t, uint64_t tchars,
                       const hanstr *core, const bigrams *core_bg, int *words, double *sim,
                       int *exact)
{
	unsigned char covered[SEC_TMAX] = {0};
	int w = 0;
	for (int q = 0; q < m->nwords[k]; q++) {
		const hanstr *wd = &m->word[k][q];
		if (!may_hold(tchars, wd))
			continue;
		for (int p = 0; p + wd->n <= t->n; p++) {
			if (!han_at(t, p, wd))
				continue;
			int free_ = 1;
			for (int c = p; c < p + wd->n; c++)
				free_ &= !covered[c];
			if (!free_)
				continue;
			memset(covered + p, 1, (size_t)wd->n);
			w += sec_defs[k].words[q].weight;
			break;
		}
	}
	double best = 0;
	*exact = 0;
	for (int q = 0; q < m->ntitles[k]; q++) {
		double s = dice(core, core_bg, &m->core[k][q], &m->core_bg[k][q]);
		if (s > best)
			best = s;
		*exact |= may_hold(tchars, &m->title[k][q]) && han_contains(t, &m->title[k][q]);
	}
	*words = w;
	*sim = best;
	return (w < SEC_WORDS_CAP ? w : SEC_WORDS_CAP) + (int)(20 * best + 0.5);
}

/* A heading without a numeral begins and ends as a known title does. */
static int looks_like_title(const sec_model *m, int k, const hanstr *t)
{
	int begins = 0, ends = 0;
	for (int q = 0; q < m->ntitles[k]; q++) {
		const hanstr *ti = &m->title[k][q];
		if (ti->n < 2 || t->n < 2)
			continue;
		begins |= t->c[0] == ti->c[0] && t->c[1] == ti->c[1];
		ends |= t->c[t->n - 2] == ti->c[ti->n - 2] && t->c[t->n - 1] == ti->c[ti->n - 1];
	}
	return begins && ends;
}

typedef struct sec_regions {
	int a[8], b[8], n;
} sec_regions;

/* Table 三 from its first row label to its last: no heading inside. */
static void t3_regions(const nsm_doc *d, sec_regions *rg)
{
	const nsm_table *t = nsm_table_get(NSM_T3, NS_EDITION_2021);
	const char *first = t->rows[0].label, *last = t->rows[t->nrows - 1].label;
	rg->n = 0;
	for (int from = 0; rg->n < 8;) {
		int a = nsm_find(d, from, d->n, first);
		if (a < 0)
			break;
		int b = nsm_find(d, a, a + SEC_T3_SPAN, last);
		if (b >= 0) {
			rg->a[rg->n] = a;
			rg->b[rg->n++] = b;
		}
		from = b >= 0 ? b : a + 1;
	}
}

/* Try a heading at i (its line's first text when line is set).  Fills c
 * and returns 1 when it is one. */
static int candidate(const nsm_doc *d, const sec_model *m, const sec_regions *rg, int i,
                     int re, int shrt, int line, int flat, sec_cand *c)
{
	int num, style;
	int j = parse_numbering(d, i, re, &num, &style);
	if (!line && style != NUM_PLAIN && style != NUM_PART)
		return 0;
	/* a numeral OCR misread or lost before its 、 ("—、总体情况", "大、其他
	 * 需要报告的事项", "、总体情况"): no numeral, the title after it (which
	 * must then stand alone on its line, and is reported loose) */
	if (style == NUM_NONE && line && d->c[i].fold == 0x3001 /* 、 */)
		j = i + 1;
	else if (style == NUM_NONE && line && i + 1 < re && d->c[i + 1].fold == 0x3001 &&
	         !nsm_gap(d->c[i].fold))
		j = i + 2;
	/* without a numeral the line starts with its words: "1.主动公开情况",
	 * "①…" are items of a list */
	if (style == NUM_NONE && (j >= re || !nst_is_han(d->c[j].fold)))
		return 0;
	for (int q = 0; q < rg->n; q++)
		if (i > rg->a[q] && i < rg->b[q])
			return 0;
	/* the title: after the numeral, or on the next line when the numeral
	 * stands alone */
	int ts = j;
	ts = past_marks(d, ts, re);
	if (ts >= re) {
		/* the numeral ends its line, its title starts the next: a heading
		 * of its own two lines, or "…二、" where text extracted from a page
		 * (or wrapped) broke the line after a numeral (二、 only: 二是 and
		 * （二） there are the items of a list) */
		if ((!line && style != NUM_PLAIN) || style == NUM_NONE || re + 1 >= d->n)
			return 0;
		int nb = re + 1, ne = line_end(d, nb);
		/* the next line is the title, or runs on from it into its body as
		 * a flattened document does (then read as such: the title window) */
		int runs_on = count_text(d, nb, ne, SEC_FLAT_ROW) > SEC_FLAT_ROW;
		if (!runs_on && count_text(d, nb, ne, SEC_TITLE_WINDOW) > SEC_TITLE_WINDOW)
			return 0;
		ts = nb;
		ts = past_marks(d, ts, ne);
		if (ts >= ne)
			return 0;
		shrt = !runs_on;
	}
	for (int q = 0; q < m->nlabels; q++)
		if (match_at_nd(d, ts, &m->label_nd[q]) >= 0)
			return 0;
	int tre = ts < re ? re : line_end(d, ts);
	int ender, cut;
	int e = title_end(d, m, ts, tre, shrt, &ender, &cut);
	if (e <= ts)
		return 0;
	/* a title wrapped onto the next line: "…被申请行政复议和提起行" + "政诉讼情况" */
	if (line && shrt && !ender && cut == tre && tre + 1 < d->n) {
		int nb = tre + 1, ne = line_end(d, nb);
		while (nb < ne && nsm_gap(d->c[nb].fold))
			nb++;
		int n_ender, n_cut;
		if (nb < ne && count_text(d, nb, ne, SEC_WRAP_ROW) <= SEC_WRAP_ROW &&
		    !numeral_of(d->c[nb].fold)) {
			int ne2 = title_end(d, m, nb, ne, 1, &n_ender, &n_cut);
			if (n_ender && rest_empty(d, ne2))
				e = ne2;
		}
	}
	if (!flat && rest_numbers(d, e))
		return 0;
	hanstr t = {{0}, 0};
	for (int p = ts; p < e && t.n < SEC_TMAX; p++)
		if (d->c[p].cell >= 0 && nst_is_han(d->c[p].fold))
			t.c[t.n++] = d->c[p].fold;
	if (t.n == 0)
		return 0;
	int only = line && rest_empty(d, e);
	/* Which sections can take the line (the rules below): its own
	 * numeral's always; another's only for a line that is the title and
	 * nothing else, numbered plainly or not at all.  Most lines are prose
	 * (no numeral, text after the title) and can be no heading: they are
	 * not scored. */
	int others = only && (style == NUM_PLAIN || style == NUM_PART || style == NUM_NONE);
	if (!others && (num < 1 || num > NS_NSECTIONS))
		return 0;
	int best = -1, best_score = 0, best_exact = 0;
	/* the title without the generic words, once for all sections */
	hanstr core;
	strip_generic(m, &t, &core);
	bigrams core_bg;
	bigrams_of(&core, &core_bg);
	uint64_t tchars = han_chars(&t);
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (!others && k != num - 1)
			continue;
		int w, exact;
		double sim;
		int s = score_title(m, k, &t, tchars, &core, &core_bg, &w, &sim, &exact);
		int own = num == k + 1, ok;
		if (own && (style == NUM_PLAIN || style == NUM_PART)) {
			ok = w >= SEC_WEAK_WORDS || sim >= SEC_WEAK_SIM;
			s += SEC_BONUS_OWN;
		} else if (own) {
			/* 3、 a line that is the title and nothing else: the
			 * items of a list run on into their text */
			ok = w >= SEC_STRONG_WORDS && sim >= SEC_STRONG_SIM &&
			     (style != NUM_ARABIC || only);
			s += SEC_BONUS_OWN_SUB;
		} else if (style == NUM_PLAIN || style == NUM_PART) {
			/* another numeral: a line that is the title and nothing else */
			ok = only && w >= SEC_STRONG_WORDS && sim >= SEC_STRONG_SIM;
		} else if (style == NUM_NONE) {
			ok = only && w >= SEC_STRONG_WORDS && sim >= SEC_BARE_SIM &&
			     looks_like_title(m, k, &t) && !continues_paragraph(d, i);
		} else {
			ok = 0; /* （一）主动公开情况: a sub-item of another section */
		}
		if (!line && !flat)
			s -= SEC_PENALTY_MIDLINE;
		if (ok && (best < 0 || s > best_score)) {
			best = k;
			best_score = s;
			best_exact = exact;
		}
	}
	if (best < 0)
		return 0;
	/* a heading line whose title runs a few words past its 情况
	 * ("一、总体情况概述", "五、问题与不足；改进情况"): the line is the
	 * title, not the start of the body */
	if (line && shrt) {
		int q = e, han = 0, other = 0, semi = 0;
		for (; q < d->n && d->c[q].fold != NSM_GAP_ROW; q++) {
			uint32_t f = d->c[q].fold;
			if (nst_is_han(f))
				han++;
			else if (f == ';' && !semi)
				semi = 1;
			else if (!nsm_gap(f) && !is_markup(f) && f != ':')
				other = 1;
		}
		while (q > e && (nsm_gap(d->c[q - 1].fold) || is_markup(d->c[q - 1].fold) ||
		                 d->c[q - 1].fold == ':'))
			q--;
		if (!other && han > 0 && han <= (semi ? 8 : 4))
			e = q;
	}
	/* the body starts after the title and the marks closing it ("**",
	 * "##", "：", "。") */
	while (e < d->n && (is_markup(d->c[e].fold) || d->c[e].fold == ':' ||
	                    d->c[e].fold == 0x3002 /* 。 */ ||
	                    d->c[e].fold == ' ' || d->c[e].fold == NSM_GAP_TAB))
		e++;
	*c = (sec_cand){style == NUM_NONE ? ts : i, ts, e, best, num, style, best_score,
	                best_exact, line};
	return 1;
}

/* Does one of the section's content words start in [a, b)?  One pass for
 * all of them (a section's body read once per word was most of
 * find_sections' searching): a character is tried only where a 64-bit
 * mask of the words' first characters has it, or it is a space (a match
 * skips spaces before it, as find_nd does). */
static int has_content(const nsm_doc *d, const sec_model *m, int k, int a, int b)
{
	const needle *nd = m->content[k];
	int nw = 0;
	uint64_t firsts = 0;
	for (; sec_defs[k].content[nw]; nw++) {
		if (nd[nw].n <= 0) /* (none such: every word is short and valid) */
			if (find_nd(d, a, b, &nd[nw]) >= 0)
				return 1;
		if (nd[nw].n > 0)
			firsts |= 1ull << (nd[nw].c[0] & 63);
	}
	if (b > d->n)
		b = d->n;
	if (a < 0)
		a = 0;
	for (int i = a, sp = -1; i < b; i++) {
		uint32_t f = d->c[i].fold;
		int j = i;
		if (f == ' ') {
			j = past_spaces(d, i, &sp);
			if (j >= d->n)
				continue;
			f = d->c[j].fold;
		}
		if (!((firsts >> (f & 63)) & 1))
			continue;
		for (int q = 0; q < nw; q++)
			if (nd[q].n > 0 && nd[q].c[0] == f && match_needle(d, j, nd[q].c, nd[q].n) >= 0)
				return 1;
	}
	return 0;
}

/* Is candidate i on the chain that ends at top? */
static int on_chain(const int *prev, int top, int i)
{
	for (int j = top; j >= 0; j = prev[j])
		if (j == i)
			return 1;
	return 0;
}

/* Is [a, b) what stands between two lines of a table of contents: gaps,
 * a page's number, dot leaders? */
static int contents_gap(const nsm_doc *d, int a, int b)
{
	for (int i = a; i < b; i++) {
		uint32_t f = d->c[i].fold;
		if (!nsm_gap(f) && !(f >= '0' && f <= '9') && f != '.' && f != 0x2026 /* … */ &&
		    f != 0xB7 /* · */ && f != '-')
			return 0;
	}
	return 1;
}

/* Every candidate heading of the document, in document order. */
static int collect(const nsm_doc *d, const sec_model *m, sec_cand **out, int *nout)
{
	sec_regions rg;
	t3_regions(d, &rg);
	sec_cand *v = NULL, c;
	int n = 0, cap = 0;
	for (int rs = 0; rs < d->n;) {
		int re = line_end(d, rs);
		int len = count_text(d, rs, re, SEC_FLAT_ROW);
		int flat = len > SEC_FLAT_ROW, shrt = len <= SEC_SHORT_ROW;
		int first = rs;
		first = past_marks(d, first, re);
		/* 【总体情况】: a heading in brackets, without a numeral */
		if (first + 1 < re && d->c[first].fold == 0x3010 && !numeral_of(d->c[first + 1].fold))
			first++;
		for (int p = first; p < re; p++) {
			int line = p == first;
			if (!line) {
				uint32_t f = d->c[p].fold, prev = d->c[p - 1].fold;
				if (!numeral_of(f) && f != 0x7B2C)
					continue;
				/* not （三）, 第三, 二十, … */
				if (prev == '(' || prev == 0x7B2C || numeral_of(prev))
					continue;
			}
			if (n && p < v[n - 1].body)
				continue; /* inside the heading before */
			if (!candidate(d, m, &rg, p, re, shrt, line, flat, &c))
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 32;
				sec_cand *nv = realloc(v, (size_t)cap * sizeof *nv);
				if (!nv) {
					free(v);
					return NS_ERR_NOMEM;
				}
				v = nv;
			}
			v[n++] = c;
		}
		rs = re + 1;
	}
	*out = v;
	*nout = n;
	return NS_OK;
}

/* Where a portal page's chrome starts after the last section's body (from
 * `from`): a site's page tools ("【打印本页】 【关闭窗口】", "扫一扫在手机打开
 * 当前页"), its registration numbers ("网站标识码：1234", "ICP备05001234号"),
 * or a row that starts with a footer's field ("主办：", "上一篇：", "版权所有"),
 * or the end.  A crawler's text runs on past the report into them, and
 * they were 六's (copy and keyword rules read them).  The words alone are
 * no chrome: 六 may tell of the site's ICP filing or of 扫一扫 services. */
static int chrome_after(const nsm_doc *d, int from)
{
	static const char *const tools[] = {"【打印", "【关闭", "[打印", "[关闭", "扫一扫在手机打开",
		NULL};
	static const char *const numbered[] = {"ICP备", "公网安备", "网站标识码", NULL};
	static const char *const leading[] = {"主办：", "主办单位：", "承办：", "技术支持：",
		"相关附件：", "相关链接：", "上一篇：", "下一篇：", "分享到：", "版权所有",
		"相关文章", "相关阅读", "相关新闻", "相关信息", "推荐阅读",
		"Copyright", "copyright", "©", NULL};
	for (int i = from; i < d->n; i++) { /* a row a turn: i = e below */
		int e = i;
		while (e < d->n && d->c[e].fold != NSM_GAP_ROW)
			e++;
		int s = i;
		while (s < e && (d->c[s].fold == ' ' || d->c[s].fold == NSM_GAP_TAB ||
		                 d->c[s].fold == NSM_GAP_CELL))
			s++;
		for (int k = 0; leading[k]; k++)
			if (nsm_match_at(d, s, leading[k]) > 0)
				return i;
		/* a marker inside the row (a crawler's text of one line): the
		 * section ends at the marker, not at the row's start */
		int cut = e;
		for (int k = 0; tools[k]; k++) {
			int m = nsm_find(d, s, cut, tools[k]);
			if (m >= 0)
				cut = m;
		}
		for (int k = 0; numbered[k]; k++)
			for (int m = nsm_find(d, s, cut, numbered[k]); m >= 0;
			     m = nsm_find(d, m + 1, cut, numbered[k])) {
				int q = nsm_match_at(d, m, numbered[k]);
				while (q > 0 && q < e && (d->c[q].fold == ':' || d->c[q].fold == ' '))
					q++;
				if (q > 0 && q < e && d->c[q].fold >= '0' && d->c[q].fold <= '9') {
					cut = m;
					break;
				}
			}
		if (cut < e)
			return cut > s ? cut : i;
		i = e;
	}
	return d->n;
}

/* A section whose heading is worded like no title of it (五 headed
 * "五、下一步工作打算") is found by its numeral alone: a line that is a heading of
 * its own (short, no figures, not a row of table 三), numbered plainly with
 * the section's numeral, between the headings of the two sections around
 * it, both found and numbered plainly too, and the only line numbered so
 * there (items of a list numbered 一、二、… are no heading).  The first
 * section has the document's start before it ("一、工作开展情况" under the
 * title and its opening paragraph), the last the end of the report (where
 * a portal page's chrome starts): one neighbour, numbered plainly, is
 * enough there.  Reported as a loose heading (check_headings: worded
 * unlike the template's title). */
static void by_numeral(const nsm_doc *d, const sec_cand *v, const int pick[NS_NSECTIONS],
                       nsm_span out[NS_NSECTIONS], sec_info info[NS_NSECTIONS])
{
	sec_regions rg;
	int have_rg = 0;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		int p = k > 0 ? pick[k - 1] : -1, q = k + 1 < NS_NSECTIONS ? pick[k + 1] : -1;
		if (pick[k] >= 0 || (k > 0 && (p < 0 || v[p].style != NUM_PLAIN)) ||
		    (k + 1 < NS_NSECTIONS && (q < 0 || v[q].style != NUM_PLAIN)))
			continue;
		int from = p >= 0 ? v[p].body : 0;
		int to = q >= 0 ? v[q].head : chrome_after(d, from);
		if (from >= to)
			continue;
		if (!have_rg++)
			t3_regions(d, &rg);
		int found = -1, body = -1, numbered = 0;
		for (int rs = from; rs < to;) {
			int re = line_end(d, rs), i = rs;
			i = past_marks(d, i, re);
			int in_t3 = 0;
			for (int m = 0; m < rg.n; m++)
				in_t3 |= i >= rg.a[m] && i <= rg.b[m];
			int num, style, j = i < re ? parse_numbering(d, i, re, &num, &style) : i;
			int figures = 0;
			for (int x = j; x < re; x++)
				figures |= d->c[x].fold >= '0' && d->c[x].fold <= '9';
			if (i < re && !in_t3 && style == NUM_PLAIN && !figures &&
			    count_text(d, j, re, SEC_SHORT_ROW) <= SEC_SHORT_ROW &&
			    count_text(d, j, re, 1) > 0) {
				numbered++;
				if (num == k + 1) {
					found = i;
					body = re < d->n ? re + 1 : re;
				}
			}
			rs = re + 1;
		}
		if (numbered == 1 && found >= 0) {
			out[k].head = found;
			out[k].body = body;
			if (info)
				info[k] = (sec_info){k + 1, NUM_PLAIN, 0, 0};
		}
	}
}

/* Is [s, e) a date alone ("2024年1月20日", "二〇二四年一月二十日",
 * "2024-01-20"): a signature's, which no title is above? */
static int date_row(const nsm_doc *d, int s, int e)
{
	while (e > s && nsm_gap(d->c[e - 1].fold))
		e--;
	int figures = 0, other = 0;
	for (int i = s; i < e; i++) {
		uint32_t f = d->c[i].fold;
		if (digit(f) || numeral_of(f) || f == 0x3007 /* 〇 */)
			figures++;
		else if (!(f == 0x5E74 || f == 0x6708 || f == 0x65E5 || f == '-' || f == '.' ||
		           f == '/' || nsm_gap(f)))
			other++;
	}
	return figures >= 3 && !other;
}

/* Where a second report begins after the sections taken (two years'
 * reports pasted into one text, a page that carries an attachment of the
 * same report): a heading of section one after the last heading taken,
 * followed by headings of three later sections in order, the whole
 * template again, under a title of its own (date_row, below).  It begins
 * at that title.  -1 when none.
 * Its text was the last section's, and the last date of the file was
 * taken for the first report's. */
static int second_report(const nsm_doc *d, const sec_cand *v, int n,
                         const nsm_span out[NS_NSECTIONS])
{
	int last = -1;
	for (int k = 0; k < NS_NSECTIONS; k++)
		if (out[k].head >= 0 && out[k].body > last)
			last = out[k].body;
	if (last < 0)
		return -1;
	int i = 0;
	while (i < n && !(v[i].head >= last && v[i].k == 0))
		i++;
	if (i == n)
		return -1;
	int more = 0, k = 0;
	for (int j = i + 1; j < n; j++)
		if (v[j].k > k) {
			k = v[j].k;
			more++;
		}
	if (more < 3)
		return -1;
	/* its title, in the rows above its 一 (its opening paragraph between)
	 * and below the first's signature (a date alone): a short row naming
	 * the report, no sentence ("…已将本年度政府信息公开工作年度报告报送…。"),
	 * no note in brackets, not an attachment's label.  No title, no second report: items
	 * 一、…四、 of 六, an attachment that repeats the headings. */
	static const char *const names[] = {"年度报告", "年报", "公开工作报告", NULL};
	int at = -1;
	for (int rows = 0, e = line_start(d, v[i].head) - 1; rows < 16 && e > last; rows++) {
		int s = line_start(d, e), t = s;
		while (t < e && nsm_gap(d->c[t].fold))
			t++;
		if (date_row(d, t, e))
			break;
		int title = e - s <= 80 && nsm_find(d, s, e, "。") < 0 && nsm_find(d, s, e, "，") < 0 &&
		            !(t < e && (d->c[t].fold == '(' || d->c[t].fold == 0x3010 /* 【 */)) &&
		            nsm_match_at(d, t, "附件") < 0 &&
		            nsm_match_at(d, t, "附表") < 0 && (nsm_find(d, s, e, "信息公开") >= 0 ||
		                                              nsm_find(d, s, e, "政务公开") >= 0);
		for (int q = 0; title && names[q]; q++)
			if (nsm_find(d, s, e, names[q]) >= 0) {
				at = s;
				break;
			}
		e = s - 1;
	}
	if (at < 0)
		return -1;
	/* a title that opens with its year has its agency on the row above
	 * ("淮安市洪泽区人民政府" / "2024 年政府信息公开工作年度报告"): a short
	 * row of words, no figures, no sentence */
	int f = at;
	while (f < d->n && nsm_gap(d->c[f].fold))
		f++;
	if (f < d->n && digit(d->c[f].fold) && at - 1 > last) {
		int s = line_start(d, at - 1), words = at - 1 - s <= 40;
		for (int q = s; q < at - 1 && words; q++)
			words = !digit(d->c[q].fold) && d->c[q].fold != 0x3002 /* 。 */;
		if (words && count_text(d, s, at - 1, 2) >= 2)
			at = s;
	}
	return at;
}

/* ---- a heading lost -------------------------------------------------
 *
 * Converters drop headings (a heading set as an image, a line a PDF-to-
 * Markdown tool took for a page header): the shanghai report's 五 has its
 * text, "（一）2024年工作中存在问题的改进情况 … （二）2025年工作中存在的主要问
 * 题", straight after table 四's last row.  Read as it stands, 五 is missing
 * and its text is 四's.  五 is the part that follows the last table, so
 * when its heading is not found and 四's body runs on past its table into
 * prose that speaks of problems and their remedies, that prose is 五,
 * without a heading (section.untitled says so; the rules see no title). */

/* Does the row [a, b) end with three figures or more apart ("… 0 4 6",
 * "| 12 | 6 | 0 |", a blank cell "-" or "/" between): a row of a table's
 * values, not prose that happens to hold figures ("收到申请8件，办结7件，结
 * 转1件。" ends in words) nor a date ("2025-01-23", "2025.1.23": no gap
 * between its figures)? */
static int ends_in_figures(const nsm_doc *d, int a, int b)
{
	int runs = 0, gap = 1;
	for (int i = b - 1; i >= a; i--) {
		uint32_t f = d->c[i].fold;
		if (digit(f)) {
			if (!gap)
				return 0;
			while (i > a && digit(d->c[i - 1].fold))
				i--;
			if (++runs >= 3)
				return 1;
			gap = 0;
		} else if (nsm_gap(f) || f == '|') {
			gap = 1;
		} else if (f != '-' && f != '/') {
			return 0;
		}
	}
	return 0;
}

/* Han characters in [a, b), counted up to max. */
static int count_han(const nsm_doc *d, int a, int b, int max)
{
	int n = 0;
	for (int i = a; i < b && n < max; i++)
		n += nst_is_han(d->c[i].fold);
	return n;
}

enum { LOST_MIN_HAN = 40 }; /* prose enough to be a section of its own */

/* Section k (五: the first after the tables) has no heading and k - 1 (四)
 * one: where k's text starts in k - 1's body, or -1.  It starts at the
 * first row of words (two Han characters or more, not a note "注：")
 * after the last row of figures, and what follows has the section's first
 * word (问题) and another of its words (改进, 整改, 措施, 不足). */
static int lost_heading(const nsm_doc *d, const sec_model *m, const nsm_span *prev, int k)
{
	int a = prev->body > 0 ? prev->body : prev->head, b = prev->end, last = -1;
	for (int i = a; i < b; i = line_end(d, i) + 1)
		if (ends_in_figures(d, i, line_end(d, i) < b ? line_end(d, i) : b))
			last = i;
	if (last < 0)
		return -1;
	int start = -1;
	for (int i = line_end(d, last) + 1; i < b && start < 0; i = line_end(d, i) + 1) {
		int e = line_end(d, i) < b ? line_end(d, i) : b, t = i;
		t = past_marks(d, t, e);
		if (count_han(d, t, e, 2) >= 2 && d->c[t].fold != 0x6CE8 /* 注 */)
			start = i;
	}
	if (start < 0 || count_han(d, start, b, LOST_MIN_HAN) < LOST_MIN_HAN)
		return -1;
	const sec_word *w = sec_defs[k].words;
	int first = 0, others = 0;
	for (int q = 0; q < m->nwords[k]; q++) {
		if (nsm_find(d, start, b, w[q].w) < 0)
			continue;
		if (q == 0)
			first = 1;
		else
			others += w[q].weight;
	}
	return first && others >= SEC_WEAK_WORDS ? start : -1;
}

/* Is the row [ps, pe) a heading's: short (SEC_WRAP_ROW characters at
 * most), two Han characters or more, no sentence's stop and no figure? */
static int heading_like(const nsm_doc *d, int ps, int pe)
{
	if (count_text(d, ps, pe, SEC_WRAP_ROW) > SEC_WRAP_ROW || count_han(d, ps, pe, 2) < 2)
		return 0;
	for (int i = ps; i < pe; i++)
		if (d->c[i].fold == 0x3002 || digit(d->c[i].fold))
			return 0;
	return 1;
}

/* A section found by its words at row start: from the row above instead
 * when that is a heading's, one worded past knowing ("其他需报告的事项"
 * over 六's fees), so that it is not left at the end of the section
 * before; not above a. */
static int with_heading_above(const nsm_doc *d, int start, int a)
{
	int pe = start - 1;
	while (pe > a && pe >= 0 && d->c[pe].fold == NSM_GAP_ROW &&
	       count_text(d, line_start(d, pe), pe, 1) == 0)
		pe = line_start(d, pe) - 1; /* past empty rows */
	if (pe <= a)
		return start;
	int ps = line_start(d, pe);
	return ps > a && heading_like(d, ps, pe) ? ps : start;
}

/* 一's text, under the 2021 template, walks through five items, each
 * under a heading of its own: （一）主动公开, （二）依申请公开, （三）政府信息
 * 管理, （四）平台建设, （五）监督保障.  When 一 has no heading found but two
 * of those items' headings or more stand, in that order, before the first
 * section found (before b), 一 starts at the first of them; the paragraphs
 * above it (the report's preamble, a summary) are left out of it.  Where,
 * or -1. */
static int lost_first_heading(const nsm_doc *d, int b)
{
	static const char *const items[] = {"主动公开", "依申请公开", "政府信息管理", "平台建设",
	                                    "监督保障", NULL};
	int first = -1, found = 0, last = -1;
	for (int i = 0; i < b; i = line_end(d, i) + 1) {
		int e = line_end(d, i) < b ? line_end(d, i) : b, t = i, num = 0, style = NUM_NONE;
		t = past_marks(d, t, e);
		int after = t < e ? parse_numbering(d, t, e, &num, &style) : t;
		if (style != NUM_PAREN || num < 1 || num > 5)
			continue;
		for (int w = last + 1; items[w]; w++) {
			int at = nsm_find(d, after, after + 16 < e ? after + 16 : e, items[w]);
			if (at >= 0) {
				first = first < 0 ? i : first;
				found++;
				last = w;
				break;
			}
		}
	}
	return found >= 2 ? first : -1;
}

/* Do 五's words stand in [a, b): its problems and remedies (不足, 改进,
 * 整改, 存在的问题, 主要问题, 下一步)?  (问题 alone is everyone's: "纠正形式
 * 主义等问题" in 六's account of the year's work plan.) */
static int has_five_words(const nsm_doc *d, int a, int b)
{
	static const char *const fives[] = {"不足", "改进", "整改", "存在的问题", "主要问题",
	                                    "下一步", NULL};
	for (int w = 0; fives[w]; w++)
		if (nsm_find(d, a, b, fives[w]) >= 0)
			return 1;
	return 0;
}

/* 六, the last part, reports the fees charged for answering requests
 * (信息处理费, as the template asks) and what else there is (人大代表建议和
 * 政协提案).  When 六 has no heading found but 五's body, past its own 40
 * characters or more, has a row on those, and 五's words not after it, 六
 * starts at that row, or at the first item of its list when the row is a
 * later item ("（一）完成《…工作要点》情况 … （二）政府信息公开申请收费情
 * 况"), no word of 五 after that either.  Where, or -1; prev is 五's span. */
static int lost_last_heading(const nsm_doc *d, const nsm_span *prev)
{
	static const char *const own[] = {"信息处理费", "人大代表建议", "政协提案", "建议提案",
	                                  NULL};
	int a = prev->body > 0 ? prev->body : prev->head, b = prev->end, item = -1;
	for (int i = a; i < b; i = line_end(d, i) + 1) {
		int e = line_end(d, i) < b ? line_end(d, i) : b, hit = 0, t = i, num, style;
		t = past_marks(d, t, e);
		if (t < e && parse_numbering(d, t, e, &num, &style) > t && style == NUM_PAREN &&
		    num == 1)
			item = i; /* a list starts: 六's, if a later item is */
		for (int w = 0; own[w] && !hit; w++)
			hit = nsm_find(d, i, e, own[w]) >= 0;
		if (!hit)
			continue;
		if (item >= 0 && !has_five_words(d, item, b) &&
		    count_han(d, a, item, LOST_MIN_HAN) >= LOST_MIN_HAN)
			return with_heading_above(d, item, a);
		if (count_han(d, a, i, LOST_MIN_HAN) < LOST_MIN_HAN || has_five_words(d, i, b))
			return -1;
		return with_heading_above(d, i, a);
	}
	return -1;
}

/* Does the row of position i read as prose: a sentence's punctuation in
 * it (。，、；) outside brackets, as a table's header has none ("商业企业
 * 科研机构 …", its note "（本列数据的勾稽关系为：…之和，等于…）" bracketed)
 * and "本年度未收到商业企业、科研机构的申请。" has? */
static int in_sentence(const nsm_doc *d, int i)
{
	int depth = 0;
	for (int p = line_start(d, i), e = line_end(d, i); p < e; p++) {
		uint32_t f = d->c[p].fold;
		depth += (f == '(' || f == 0xFF08) - (depth > 0 && (f == ')' || f == 0xFF09));
		if (!depth && (f == 0x3002 || f == 0xFF0C || f == ',' || f == 0x3001 ||
		               f == 0xFF1B || f == ';'))
			return 1;
	}
	return 0;
}

/* Sections 二, 三 and 四 are first of all their tables.  When one has no
 * heading found (a converter dropped it, or it is worded past knowing) but
 * its table's header stands in the body of the section before it (two of
 * its content words or more, in rows that are no sentences: 本年制发件数 and
 * 现行有效件数; 商业企业 and 科研机构…), past that section's own table, the section starts with its
 * table: at the header's first row, the short rows of words just above
 * the row holding the first word included (a header of two rows, a
 * caption), up to a sentence or a row with a figure (the table before:
 * its rows are that table's).  Where, or -1; prev is
 * the nearest section before k that was found, pk its index. */
static int lost_table_heading(const nsm_doc *d, const sec_model *m, const nsm_span *prev,
                              int pk, int k)
{
	int a = prev->body > 0 ? prev->body : prev->head, b = prev->end;
	for (int q = 0; q < 6 && sec_defs[pk].content[q]; q++) {
		int own = find_nd(d, a, b, &m->content[pk][q]);
		if (own >= 0) { /* past the previous section's own table */
			a = line_end(d, own);
			break;
		}
	}
	int first = -1, words = 0;
	for (int q = 0; q < 6 && sec_defs[k].content[q]; q++) {
		int at = find_nd(d, a, b, &m->content[k][q]);
		while (at >= 0 && in_sentence(d, at)) /* a header's, not prose's */
			at = find_nd(d, at + 1, b, &m->content[k][q]);
		if (at >= 0) {
			words++;
			first = first < 0 || at < first ? at : first;
		}
	}
	if (words < 2)
		return -1;
	int start = line_start(d, first);
	for (int up = 0; up < 3 && start > a; up++) {
		int ps = line_start(d, start - 1), pe = start - 1, stop = 0;
		for (int i = ps; i < pe && !stop; i++) /* a sentence, a figure */
			stop = d->c[i].fold == 0x3002 || digit(d->c[i].fold);
		if (stop || pe - ps > SEC_SHORT_ROW || count_han(d, ps, pe, 2) < 2)
			break;
		start = ps;
	}
	return start > a ? start : -1;
}

static void find_sections(const nsm_doc *d, nsm_span out[NS_NSECTIONS], sec_info info[NS_NSECTIONS],
                          int *second)
{
	if (second)
		*second = -1;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		out[k].head = out[k].body = out[k].end = -1;
		if (info)
			info[k] = (sec_info){0, NUM_NONE, 1, 0};
	}
	const sec_model *m = the_sec_model();
	sec_cand *v = NULL;
	int n = 0;
	if (collect(d, m, &v, &n) != NS_OK || n == 0) {
		free(v);
		return;
	}
	/* A section with a table is where its table is: when some of its
	 * candidates are followed by the table's words, the others are not it
	 * (a report numbering its parts its own way: 一、主动公开情况 in the
	 * narrative, 一、主动公开政府信息情况 over the table). */
	unsigned char *drop = calloc((size_t)n, 1);
	int *best = malloc(sizeof *best * (size_t)n), *prev = malloc(sizeof *prev * (size_t)n);
	if (!drop || !best || !prev)
		goto done;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (!sec_defs[k].content[0])
			continue;
		int any = 0;
		unsigned char *has = calloc((size_t)n, 1);
		if (!has)
			goto done;
		for (int i = 0; i < n; i++)
			if (v[i].k == k)
				any |= has[i] = (unsigned char)has_content(d, m, k, v[i].body,
				                                           i + 1 < n ? v[i + 1].head : d->n);
		for (int i = 0; i < n && any; i++)
			if (v[i].k == k && !has[i])
				drop[i] = 1;
		free(has);
	}
	/* A table of contents (目录): three headings or more in a row from
	 * section one, each of the section after the one before, with nothing between them but
	 * their page numbers; the same sections' headings further on are the
	 * sections' (it took section one, and the contents its body). */
	for (int i = 0; i < n;) {
		int j = i;
		while (j + 1 < n && v[j + 1].k == v[j].k + 1 && contents_gap(d, v[j].body, v[j + 1].head))
			j++;
		/* it lists the sections from the first: a run of headings of
		 * later sections with nothing between them ("四、… 无", sections
		 * whose tables were images) is the report's */
		int again = 0;
		for (int q = i; j - i >= 2 && v[i].k == 0 && q <= j; q++) {
			for (int o = j + 1; o < n && !drop[q]; o++)
				drop[q] = v[o].k == v[q].k;
			again += drop[q];
		}
		/* when two of its sections or more stand again below, the run is
		 * the contents, all of it: the entry of a section whose heading
		 * the body lost is no heading either (it took that section, out
		 * of order, and its lines; the section is read untitled or is
		 * missing) */
		for (int q = i; again >= 2 && q <= j; q++)
			drop[q] = 1;
		i = j + 1;
	}
	/* the best chain of headings whose sections increase: for each
	 * section, the best chain so far ending in it (linear in candidates) */
	int top = -1, end_at[NS_NSECTIONS];
	for (int k = 0; k < NS_NSECTIONS; k++)
		end_at[k] = -1;
	for (int i = 0; i < n; i++) {
		best[i] = -1;
		prev[i] = -1;
		if (drop[i])
			continue;
		best[i] = v[i].score;
		for (int k = 0; k < v[i].k; k++) {
			int j = end_at[k];
			if (j >= 0 && best[j] + v[i].score > best[i]) {
				best[i] = best[j] + v[i].score;
				prev[i] = j;
			}
		}
		if (end_at[v[i].k] < 0 || best[i] > best[end_at[v[i].k]])
			end_at[v[i].k] = i;
		if (top < 0 || best[i] > best[top])
			top = i;
	}
	int pick[NS_NSECTIONS];
	for (int k = 0; k < NS_NSECTIONS; k++)
		pick[k] = -1;
	for (int i = top; i >= 0; i = prev[i])
		pick[v[i].k] = i;
	/* a section out of template order was passed over: its best heading
	 * anywhere (check_order reports the order) */
	for (int i = 0; i < n; i++)
		if (!drop[i] && v[i].k >= 0 && (pick[v[i].k] < 0 ||
		    (!on_chain(prev, top, pick[v[i].k]) && v[i].score > v[pick[v[i].k]].score)))
			pick[v[i].k] = i;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (pick[k] < 0)
			continue;
		const sec_cand *c = &v[pick[k]];
		out[k].head = c->head;
		out[k].body = c->body;
		if (info)
			info[k] = (sec_info){c->num, c->style, c->exact, 0};
	}
	by_numeral(d, v, pick, out, info);
	/* each body ends where the next heading in the document starts; the
	 * last, where the page's chrome does, or another report */
	int cut = second_report(d, v, n, out);
	if (second)
		*second = cut;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (out[k].head < 0)
			continue;
		out[k].end = cut >= 0 ? cut : d->n;
		for (int q = 0; q < NS_NSECTIONS; q++)
			if (out[q].head > out[k].head && out[q].head < out[k].end)
				out[k].end = out[q].head;
		/* the marks opening the next heading's line ("**五、", "## 五、",
		 * "【五…") are that heading's, not the end of this body */
		int ls = line_start(d, out[k].end), m = ls;
		while (m < out[k].end && (nsm_gap(d->c[m].fold) || is_markup(d->c[m].fold) ||
		                          d->c[m].fold == 0x3010))
			m++;
		if (out[k].end < d->n && m == out[k].end && ls > out[k].body)
			out[k].end = ls;
		if (out[k].end == d->n)
			out[k].end = chrome_after(d, out[k].body > 0 ? out[k].body : out[k].head);
	}
	/* 二, 三 and 四 without their headings, where their tables are */
	for (int k = 1; k <= 3; k++) {
		int j = k - 1;
		while (j >= 0 && out[j].head < 0)
			j--;
		int at = out[k].head < 0 && j >= 0 ? lost_table_heading(d, m, &out[j], j, k) : -1;
		if (at >= 0) {
			out[k] = (nsm_span){at, at, out[j].end};
			out[j].end = at;
			if (info)
				info[k] = (sec_info){0, NUM_NONE, 0, UNTITLED_TABLE};
		}
	}
	/* 五 without its heading, in 四's body after table 四 */
	enum { S1 = 0, S4 = 3, S5 = 4, S6 = 5 };
	int at = out[S5].head < 0 && out[S4].head >= 0 ? lost_heading(d, m, &out[S4], S5) : -1;
	if (at >= 0) {
		out[S5] = (nsm_span){at, at, out[S4].end};
		out[S4].end = at;
		if (info)
			info[S5] = (sec_info){0, NUM_NONE, 0, UNTITLED_AFTER_TABLES};
	}
	/* 六 without its heading, at the end of 五 */
	at = out[S6].head < 0 && out[S5].head >= 0 ? lost_last_heading(d, &out[S5]) : -1;
	if (at >= 0) {
		out[S6] = (nsm_span){at, at, out[S5].end};
		out[S5].end = at;
		if (info)
			info[S6] = (sec_info){0, NUM_NONE, 0, UNTITLED_WORDS};
	}
	/* 一 without its heading, before the first section found */
	int next = -1;
	for (int k = S1 + 1; k < NS_NSECTIONS; k++)
		if (out[k].head >= 0 && (next < 0 || out[k].head < next))
			next = out[k].head;
	at = out[S1].head < 0 && next > 0 ? lost_first_heading(d, next) : -1;
	if (at >= 0) {
		out[S1] = (nsm_span){at, at, next};
		if (info)
			info[S1] = (sec_info){0, NUM_NONE, 0, UNTITLED_ITEMS};
	}
done:
	free(drop);
	free(best);
	free(prev);
	free(v);
}

void nsm_sections(const nsm_doc *d, nsm_span out[NS_NSECTIONS])
{
	find_sections(d, out, NULL, NULL);
}

/* ---- entry ----------------------------------------------------------- */

/* One diagnostic when the sections stand out of template order, saying
 * the order they stand in. */
static void check_order(const nsm_doc *d, ns_report *r, const nsm_span sec[])
{
	int idx[NS_NSECTIONS], n = 0, sorted = 1;
	for (int k = 0; k < NS_NSECTIONS; k++)
		if (sec[k].head >= 0)
			idx[n++] = k;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && sec[idx[j]].head < sec[idx[j - 1]].head; j--) {
			int t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
			sorted = 0;
		}
	if (sorted)
		return;
	char order[64] = "";
	int first = -1;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(order);
		snprintf(order + len, sizeof order - len, "%s%s", i ? ", " : "", nsm_section_ids[idx[i]]);
		if (first < 0 && i > 0 && idx[i] < idx[i - 1])
			first = idx[i - 1];
	}
	nsr_diag(r, NS_WARNING, "section.order", nsm_pos(d, sec[first].head),
	         nsm_section_ids[first], "sections stand in the order %s, not the template's", order);
}

/* The heading as printed, a title wrapped over two lines joined, without
 * the marks closing it ("**", "##", "："). */
static char *title_text(const nsm_doc *d, nsa_arena *a, int head, int body)
{
	char *t = nsm_text(d, a, head, body, 1);
	if (t) {
		char *o = t;
		for (const char *p = t; *p; p++)
			if (*p != '\n')
				*o++ = *p;
		*o = 0;
		for (;;) {
			size_t n = (size_t)(o - t);
			if (n && (o[-1] == '*' || o[-1] == '#' || o[-1] == ':' || o[-1] == ' '))
				o--;
			else if (n >= 3 && (memcmp(o - 3, "：", 3) == 0 || memcmp(o - 3, "。", 3) == 0 ||
			                    memcmp(o - 3, "】", 3) == 0))
				o -= 3;
			else
				break;
			*o = 0;
		}
	}
	return t;
}

/* Loose headings: one NS_INFO section.loose each (no numeral, another
 * numeral, words other than the known titles), except that a report
 * numbering its parts its own way (two headings or more under another
 * section's numeral) gets one section.numbering instead. */
static void check_headings(const nsm_doc *d, ns_report *r, const nsm_span sec[],
                           const sec_info info[])
{
	static const char *const numname[11] = {"", "一", "二", "三", "四", "五", "六",
	                                        "七", "八", "九", "十"};
	int other[NS_NSECTIONS], nother = 0;
	for (int k = 0; k < NS_NSECTIONS; k++)
		if (sec[k].head >= 0 && info[k].num && info[k].num != k + 1)
			other[nother++] = k;
	if (nother >= 2) {
		char list[768] = "";
		for (int q = 0; q < nother; q++) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof list - len, "%s\"%s\" for %s", q ? ", " : "",
			         r->sections[other[q]].title, nsm_section_ids[other[q]]);
		}
		nsr_diag(r, NS_WARNING, "section.numbering", nsm_pos(d, sec[other[0]].head),
		         nsm_section_ids[other[0]], "the report numbers its parts its own way; "
		         "sections taken by their titles: %s", list);
	}
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (sec[k].head < 0)
			continue;
		int in_numbering = 0;
		for (int q = 0; q < nother && nother >= 2; q++)
			in_numbering |= other[q] == k;
		if (in_numbering || info[k].untitled)
			continue;
		char why[96];
		if (info[k].style == NUM_NONE)
			snprintf(why, sizeof why, "no numeral");
		else if (info[k].style == NUM_ARABIC)
			snprintf(why, sizeof why, "numbered %d, not %s、", info[k].num,
			         numname[k + 1]);
		else if (info[k].num != k + 1)
			snprintf(why, sizeof why, "numbered %s", numname[info[k].num]);
		else if (!info[k].exact)
			snprintf(why, sizeof why, "worded unlike the template's title");
		else
			continue;
		nsr_diag(r, NS_INFO, "section.loose", nsm_pos(d, sec[k].head), nsm_section_ids[k],
		         "heading \"%s\" taken for %s (%s): %s", r->sections[k].title,
		         nsm_section_ids[k], nsm_section_titles[k], why);
	}
}

static const char *const untitled_why[] = {
	[UNTITLED_AFTER_TABLES] = "its text is taken from its words where it follows the last table",
	[UNTITLED_TABLE] = "it is taken to start with its table",
	[UNTITLED_ITEMS] = "it is taken to start with its items' headings, （一）主动公开 and on",
	[UNTITLED_WORDS] = "it is taken to start where 五's text turns to fees and proposals",
};

static void fill_sections(const nsm_doc *d, ns_report *r, const nsm_span sec[],
                          const sec_info info[])
{
	check_order(d, r, sec);
	for (int k = 0; k < NS_NSECTIONS; k++) {
		ns_section *s = &r->sections[k];
		if (sec[k].head < 0) {
			nsr_diag(r, NS_WARNING, "section.missing", (ns_pos){0, 0, 0},
			         nsm_section_ids[k], "section %s (%s) not found",
			         nsm_section_ids[k], nsm_section_titles[k]);
			continue;
		}
		s->found = 1;
		if (info[k].untitled) {
			char *t = nsm_text(d, &r->arena, sec[k].body, line_end(d, sec[k].body), 0);
			/* its first 60 bytes, cut between characters ("%.60s" cut
			 * inside one as often as not: the JSON was not UTF-8) */
			nsr_diag(r, NS_WARNING, "section.untitled", nsm_pos(d, sec[k].body),
			         nsm_section_ids[k], "section %s (%s) has no heading: %s (\"%.*s\")",
			         nsm_section_ids[k], nsm_section_titles[k],
			         untitled_why[info[k].untitled],
			         t && strlen(t) > 60 ? (int)nst_char_start(t, 60) : 60, t ? t : "");
		} else {
			s->title = title_text(d, &r->arena, sec[k].head, sec[k].body);
		}

		s->text = nsm_text_anchored(d, &r->arena, sec[k].body, sec[k].end,
		                            &r->anchors[k], &r->nanchors[k]);
		s->title_pos = nsm_pos(d, sec[k].head);
		s->line_start = s->title_pos.line;
		int last = sec[k].end - 1;
		while (last > sec[k].head && d->c[last].cell < 0)
			last--;
		s->line_end = nsm_pos(d, last).line;
		s->page_start = s->title_pos.page;
		s->page_end = nsm_pos(d, last).page;
	}
	check_headings(d, r, sec, info);
}

int nsm_map(const nsl_layout *l, ns_report *r, const ns_load_opts *o, nsa_scratch *keep)
{
	nsm_doc d;
	int rc = nsm_doc_build(&d, l, keep);
	if (rc) {
		nsm_doc_free(&d, keep);
		return rc;
	}
	nsm_span sec[NS_NSECTIONS];
	sec_info info[NS_NSECTIONS];
	int second;
	find_sections(&d, sec, info, &second);
	fill_sections(&d, r, sec, info);
	if (second >= 0) {
		char *t = nsm_text(&d, &r->arena, second, line_end(&d, second), 0);
		nsr_diag(r, NS_WARNING, "source.two_reports", nsm_pos(&d, second), NULL,
		         "a second report begins here (%s): only the first was read; "
		         "give each report a file of its own", t ? t : "");
	}
	nsm_metadata(&d, r, o, sec, second >= 0 ? second : d.n);
	rc = nsm_tables(&d, r, sec);
	if (rc == NS_OK && l->tables_as_images)
		nsr_diag(r, NS_ERROR, "table.images", (ns_pos){0, 0, 0}, NULL,
		         "the document shows images where its tables belong; the "
		         "tables cannot be read");
	if (rc == NS_OK && r->dropped)
		nsr_diag(r, NS_INFO, "diag.truncated", (ns_pos){0, 0, 0}, NULL,
		         "%d more diagnostics were not kept", r->dropped);
	nsm_doc_free(&d, keep);
	return rc;
}
