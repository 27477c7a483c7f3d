/* txt.c — plain text (as extracted from PDF or saved from a portal page).
 * One row per line; cells split at tabs and at runs of two or more spaces,
 * the visible gaps of text laid out as a table.  Cells of a file without
 * tabs carry their character columns (see add_line), and a figure wrapped
 * inside a narrow table cell is joined back into its row
 * (join_wrapped_figures). */
#include "layout.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* A crawler's header ("标题: …") names the title; its date fields
 * ("发布时间: 2024-03-08 15:34") the mapper reads itself (meta.c), as it
 * does in every form. */
static void header_hint(nsl_layout *l, const char *s, size_t n)
{
	static const char *const title[] = {"标题:", "标题：", NULL};
	/* asked of every line: each of the words starts with a Han character */
	if (n < 3 || (unsigned char)s[0] < 0xE0)
		return;
	for (int i = 0; title[i]; i++) {
		size_t k = strlen(title[i]);
		if (!l->title_hint && n > k && memcmp(s, title[i], k) == 0) {
			while (k < n && s[k] == ' ')
				k++;
			/* the title ends with its line; a line longer than any title
			 * (a file of one line holds the whole report after it) is cut
			 * where it names the report, or on a character boundary */
			size_t e = n;
			if (e - k > 300) {
				const char *rep = memmem(s + k, n - k, "年度报告", 12);
				if (rep && rep - s + 12 <= (ptrdiff_t)(k + 300))
					e = (size_t)(rep - s) + 12;
				else
					for (e = k + 300; e > k && ((unsigned char)s[e] & 0xC0) == 0x80; e--)
						;
			}
			l->title_hint = nsl_strdup(l, s + k, e - k);
		}
	}
}

static int is_gap_at(const char *s, size_t n, size_t i, size_t *gap_len)
{
	uint32_t cp;
	size_t j = i;
	int spaces = 0;
	while (j < n) {
		int k = nst_utf8_decode(s + j, n - j, &cp);
		if (!k)
			break;
		if (cp == '\t' || cp == 0x3000) {
			spaces += 2;
		} else if (cp == ' ' || (cp > ' ' && nst_is_space(cp))) { /* NBSP, U+2000…, BOM */
			spaces++;
		} else {
			break;
		}
		j += (size_t)k;
	}
	*gap_len = j - i;
	return spaces >= 2;
}

/* A field that can be a table's value: a number ("12", "1.5", "-3",
 * "1,234", full-width digits) or a mark left for none ("/", "-", "—", "无"). */
static int value_field(const char *s, size_t n)
{
	int digits = 0, chars = 0, other = 0;
	uint32_t cp = 0;
	for (size_t i = 0; i < n; chars++) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
		cp = nst_fold(cp); /* －, —, ／ are - and / here */
		if (cp >= '0' && cp <= '9')
			digits = 1;
		else if (cp != '.' && cp != ',' && cp != '-' && cp != '%')
			other = 1;
	}
	if (chars == 1 && (cp == '/' || cp == '-' || cp == 0x65E0 /* 无 */))
		return 1;
	return digits && !other;
}

/* The length of the blank at s, or 0: a space of any kind (nst_is_space:
 * NBSP, U+3000, U+2000…, a stray BOM; what a cell left "empty" with a
 * word processor's space holds, copied) or a CR, never the tab that parts
 * fields nor a form feed. */
static size_t blank_len(const char *s, size_t n)
{
	uint32_t cp;
	int k = n ? nst_utf8_decode(s, n, &cp) : 0;
	return k > 0 && cp != '\t' && cp != '\f' && nst_is_space(cp) ? (size_t)k : 0;
}

/* b moved back over the blanks that end s[a..b). */
static size_t trim_blanks(const char *s, size_t a, size_t b)
{
	while (b > a) {
		size_t c = b - 1;
		while (c > a && ((unsigned char)s[c] & 0xC0) == 0x80)
			c--; /* the start of the last character */
		if (blank_len(s + c, b - c) != b - c)
			break;
		b = c;
	}
	return b;
}

/* The end of the value field starting at i: the first byte that may start
 * a gap (a value has none in it). */
static size_t field_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\t' && (unsigned char)s[i] != 0xE3 && (unsigned char)s[i] != 0xC2 &&
	       !blank_len(s + i, n - i))
		i++;
	return i;
}

/* ---- empty fields of a tab-separated row --------------------------------
 * A row pasted from a spreadsheet or written by an extractor that parts
 * cells with tabs keeps a field for each cell, an empty one for a blank:
 * "⇥⇥3⇥1⇥0⇥0⇥4⇥…" is t4's row with its first two cells blank, "自然人
 * 申请⇥⇥3⇥0⇥…" a t3 row whose first column is.  Dropped, the fields after
 * an empty one moved a column left and the row read wrong or not at all.
 * But an empty field before a row's first value or after its last is as
 * often layout: a merged label cell spanning fields, an indentation, a
 * tab after every cell.  Which it is the row alone cannot tell; its
 * table can: where the fields after the label are exactly the template
 * row's cells, they are its columns.  So each such field becomes an empty
 * cell marked soft (nsl_cell.soft), which the mapper counts with the
 * row's values and takes as a blank only on that fit (solve.c); between
 * two values of a tight row (tight_values) an empty field is a blank
 * outright, as ever.  A file whose value rows mostly start (or end) with
 * an empty field has made it layout (an extractor's padding: merged label
 * cells before every row's values, two tabs after each row): there, empty
 * fields in that place are nothing at all. */

#define FIELDS_MAX 64
enum { F_EMPTY, F_VALUE, F_TEXT };

typedef struct tabplan {
	int n;                          /* fields of the line; 0: no plan */
	unsigned char kind[FIELDS_MAX]; /* F_EMPTY, F_VALUE, F_TEXT */
	int label;                      /* the last field with words, -1: none */
	int first, last, nvalues;       /* value fields after it */
} tabplan;

/* The fields of line s[0..n) (a line with a tab; no plan without). */
static void tab_plan(const char *s, size_t n, tabplan *p)
{
	p->n = 0;
	p->label = p->first = p->last = -1;
	p->nvalues = 0;
	if (!memchr(s, '\t', n))
		return;
	int k = 0;
	for (size_t i = 0;; k++) {
		if (k == FIELDS_MAX)
			return; /* no table has so many: no plan */
		const char *tab = memchr(s + i, '\t', n - i);
		size_t e = tab ? (size_t)(tab - s) : n, a = i, b = e, k2;
		while (a < b && (k2 = blank_len(s + a, b - a)) > 0)
			a += k2;
		b = trim_blanks(s, a, b);
		p->kind[k] = a == b ? F_EMPTY : value_field(s + a, b - a) ? F_VALUE : F_TEXT;
		if (!tab)
			break;
		i = e + 1;
	}
	p->n = k + 1;
	for (k = 0; k < p->n; k++)
		if (p->kind[k] == F_TEXT)
			p->label = k;
	for (k = p->label + 1; k < p->n; k++)
		if (p->kind[k] == F_VALUE) {
			if (p->first < 0)
				p->first = k;
			p->last = k;
			p->nvalues++;
		}
}

/* A row of values: after its label (or none), one value or more, two
 * without a label (one figure alone on its line is no row: a page's
 * number, a wrapped figure). */
static int value_row(const tabplan *p)
{
	return p->n && p->first >= 0 && (p->label >= 0 || p->nvalues >= 2);
}

/* Do the row's values follow its label (or start the line) with no field
 * left empty before them and run to its end, no words among them, a
 * field left empty between two of them?  Only then does an empty field
 * say which column it leaves blank, outright: one before the first value
 * or after the last could be a column as well as layout (a merged label
 * cell, a trailing tab), and so could one between the values of a row
 * that does not start right after its label — soft cells, which the
 * mapper tells by the row's cells (soft_field). */
static int tight_values(const tabplan *p)
{
	if (!p->n || p->first != p->label + 1 || p->last != p->n - 1)
		return 0;
	for (int k = 0; k < p->label; k++)
		if (p->kind[k] == F_VALUE)
			return 0; /* words among the values */
	for (int k = p->first; k < p->last; k++)
		if (p->kind[k] == F_EMPTY)
			return 1;
	return 0;
}

/* The tab plan of each line of the text (lines split as nsl_load_txt
 * splits them; room for `lines`), made once for add_line, and whether
 * its value rows mostly have an empty field before their first value
 * (*lead) or end with one (*trail): layout, not blanks.  NULL when out of
 * memory. */
static tabplan *tab_plans(const char *text, size_t n, size_t lines, int *lead, int *trail)
{
	tabplan *plans = malloc(sizeof *plans * (lines + 1));
	if (!plans)
		return NULL;
	long rows = 0, leading = 0, trailing = 0;
	size_t k = 0;
	for (size_t i = 0; i < n && k <= lines; k++) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n, le = e;
		if (le > i && text[le - 1] == '\r')
			le--;
		tabplan *p = &plans[k];
		tab_plan(text + i, le - i, p);
		if (value_row(p)) {
			rows++;
			leading += p->first > p->label + 1;
			trailing += p->last < p->n - 1;
		}
		i = e + 1;
	}
	for (; k <= lines; k++)
		plans[k].n = 0;
	*lead = leading * 2 > rows;
	*trail = trailing * 2 > rows;
	return plans;
}

/* Is field f of the row an empty field to keep as a soft cell?  (Between
 * two values of a tight row it is a blank, added by add_line itself.) */
static int soft_field(const tabplan *p, int f, int tight, int lead, int trail)
{
	if (!value_row(p) || f <= p->label || f >= p->n || p->kind[f] != F_EMPTY)
		return 0;
	if (f < p->first)
		return !lead;
	if (f > p->last)
		return !trail;
	return !tight;
}

/* An empty cell for a field that may be a blank (soft_field), at column col. */
static int add_soft(nsl_layout *l, int line, int col)
{
	int rc = nsl_cell_add_x(l, "", 0, (ns_pos){0, line, col}, 0, 0);
	if (rc == NS_OK)
		l->cells[l->ncells - 1].soft = 1;
	return rc;
}

/* ---- which columns: code points or display cells ---------------------
 * `pdftotext -layout` puts a character per column of its grid, a Han
 * character one column like a digit (add_line).  Text laid out for the
 * eye is aligned in display cells instead, a Han character two: pandoc's
 * plain text, a browser's or w3m's dump of a table, columns a clerk lined
 * up in an editor.  Read in code points, a value after a longer Han label
 * stands as many columns left as the label has Han characters more, and
 * put by its position (map/columns.c) it lands under the column before
 * (a blank read as 0, a 0 read as blank).  The file says which: the
 * figures of rows below labels of different lengths stand at the same
 * columns in one measure and not in the other. */
static int wide_cp(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

#define ALIGN_MAX 24 /* figures of a line looked at */

typedef struct figline {
	int n, cp[ALIGN_MAX], dw[ALIGN_MAX]; /* where its figures end */
} figline;

/* Where the figures of a line end, in both measures: figures after a Han
 * character on their line only (a line of figures alone is the same in
 * both measures, and says nothing). */
static void figure_ends(const char *s, size_t n, figline *f)
{
	size_t i = 0;
	int cpx = 0, dwx = 0, han = 0;
	f->n = 0;
	while (i < n) {
		uint32_t cp = 0xFFFD;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1;
		if (cp >= '0' && cp <= '9' && han && i > 0 && s[i - 1] == ' ') {
			size_t j = i;
			while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == ','))
				j++, cpx++, dwx++;
			if ((j == n || s[j] == ' ') && f->n < ALIGN_MAX) /* a figure alone */
				f->cp[f->n] = cpx, f->dw[f->n++] = dwx;
			i = j;
			continue;
		}
		if (cp >= 0x2E80)
			han = 1;
		cpx++, dwx += wide_cp(cp) ? 2 : 1;
		i += (size_t)k;
	}
}

static int ends_shared(const int *a, int na, const int *b, int nb)
{
	int m = 0;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			if (a[i] == b[j]) {
				m++;
				break;
			}
	return m;
}

/* Is the file's text aligned in display cells?  Each line of figures is
 * compared with the last one before it: where their labels differ in
 * their count of Han characters, their figures' ends meet in one measure
 * only.  Display cells only where they line the figures up clearly
 * better than code points do. */
static int display_aligned(const char *text, size_t n)
{
	figline prev = {0}, cur;
	long c = 0, w = 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		figure_ends(text + i, e - i, &cur);
		if (cur.n >= 2) {
			c += ends_shared(cur.cp, cur.n, prev.cp, prev.n);
			w += ends_shared(cur.dw, cur.n, prev.dw, prev.n);
			prev = cur;
		}
		i = e + 1;
	}
	return w >= 8 && w > 2 * c;
}

/* The end of a page's number glued before the text of its line, or 0.
 * Extractors that write a page's text in the order it was drawn (pypdf,
 * on the PDFs WPS and Word make: the footer is drawn first) put the
 * page's number at the start of the page's first line with nothing
 * between: "-1-淮安市人民政府" (the title), "-5-法提供2.没有现成信息需要另行
 * 制作11 0 0 0 0 0 11" (a row of t3 after a page break), "-4-3.补正后申请
 * 内容仍不明确0000000".  Read as one cell, the number is part of the
 * agency's name or of a row's label, and the row is lost.  A mark: a run
 * of dashes ("-", "—", "－"), one to four digits, a run of dashes, then
 * words at once: the field after it holds a Han character (a row of
 * figures glued after blanks written "-", "-1-0-0", is no mark).  A
 * page's number is spaced alike on both sides ("-5-", "— 5 —"): a list's
 * item, "- 1-3月…" (a bullet, then a range of months), is none. */
static size_t glued_page_mark(const char *s, size_t n)
{
	size_t i = 0, j;
	uint32_t cp;
	int k, dashes = 0, digits = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\f'))
		i++;
	for (; i < n && (k = nst_utf8_decode(s + i, n - i, &cp)) > 0 && nst_fold(cp) == '-';
	     i += (size_t)k)
		dashes++;
	if (!dashes)
		return 0;
	int spaced = i < n && s[i] == ' ';
	i += (size_t)spaced;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits < 1 || digits > 4)
		return 0;
	if ((i < n && s[i] == ' ') != spaced)
		return 0;
	i += (size_t)spaced;
	dashes = 0;
	for (; i < n && (k = nst_utf8_decode(s + i, n - i, &cp)) > 0 && nst_fold(cp) == '-';
	     i += (size_t)k)
		dashes++;
	if (!dashes || i >= n)
		return 0;
	for (j = i; j < n && (k = nst_utf8_decode(s + j, n - j, &cp)) > 0 && !nst_is_space(cp);
	     j += (size_t)k)
		if (nst_is_han(cp))
			return i;
	return 0;
}

/* Cells of one line.  With `xknown`, each cell gets its extent in character
 * columns (0-based, one per code point, a form feed none): text laid out by
 * `pdftotext -layout` puts a character per column of its grid, Han
 * characters included (measured on poppler 22.12: the values of a table's
 * rows start at the same code-point column whatever the Han labels before
 * them, not at the same display column), and that is what lets the mapper
 * put a value under its table column when empty cells left no mark.
 * Between two values, a run of tabs leaves a field empty for each tab
 * past the first (9⇥2⇥⇥0: a row pasted from a spreadsheet, a cell left
 * empty): an empty cell each, a blank the mapper reads as such, in a row
 * whose values are tight (tight_values).  Other empty fields of a row of
 * values, after its label (before its first value, after its last, or
 * between values of a row that is not tight), are empty cells marked
 * soft: blanks or layout, which the mapper tells by the row's cells
 * (soft_field).  Around labels and headers, tabs are as often layout
 * (merged cells, indentation) as fields: no cell. */
static int add_line(nsl_layout *l, const char *s, size_t n, int line, int xknown, int wide,
                    const tabplan *plan, int lead, int trail)
{
	static const tabplan none; /* a text without tabs: no fields */
	if (!plan)
		plan = &none;
	int tight = tight_values(plan);
	int rc = nsl_row_begin(l, 0);
	if (rc)
		return rc;
	size_t i = 0, start = 0;
	size_t mark = glued_page_mark(s, n); /* a row of its own: furniture */
	int col = 1, start_col = 1, field = 0; /* field: tabs passed */
	float x = 0, start_x = 0, end_x = 0; /* end_x: after the last non-space */
	while (i < n) {
		size_t gap;
		if (mark && i == mark) {
			if (i > start &&
			    (rc = nsl_cell_add_x(l, s + start, i - start, (ns_pos){0, line, start_col},
			                         xknown ? start_x : 0, xknown ? end_x : 0)))
				return rc;
			if ((rc = nsl_row_begin(l, 0)))
				return rc;
			start = i;
			start_col = col;
			start_x = end_x = x;
			mark = 0;
		}
		/* a gap starts with a space, a tab, U+3000 (E3 80 80), NBSP
		 * (C2 A0), U+2000… (E2 80 …) or a BOM (EF BB BF): any other
		 * byte is a character, without asking */
		unsigned char b = (unsigned char)s[i];
		if ((b == ' ' || b == '\t' || b == 0xE3 || b == 0xC2 || b == 0xE2 || b == 0xEF) &&
		    is_gap_at(s, n, i, &gap)) {
			if (i > start &&
			    (rc = nsl_cell_add_x(l, s + start, i - start, (ns_pos){0, line, start_col},
			                         xknown ? start_x : 0, xknown ? end_x : 0)))
				return rc;
			int tabs = 0;
			for (size_t t = i; t < i + gap; t++)
				tabs += s[t] == '\t';
			int hard = tight && tabs >= 2 && i > start && value_field(s + start, i - start) &&
			           value_field(s + i + gap, field_end(s, n, i + gap) - (i + gap));
			/* each tab ends a field: an empty one is a blank (hard: between
			 * two values of a tight row) or may be one (soft_field), an
			 * empty cell at the tab; the field after the line's last tab,
			 * empty, at the column past the line's end */
			int c = col, seen = 0;
			for (size_t t = i; t < i + gap && rc == NS_OK; t++) {
				if (s[t] == '\t') {
					if (hard && seen > 0)
						rc = nsl_cell_add_x(l, "", 0, (ns_pos){0, line, c}, 0, 0);
					else if (soft_field(plan, field, tight, lead, trail))
						rc = add_soft(l, line, c);
					seen++;
					field++;
				}
				c += ((unsigned char)s[t] & 0xC0) != 0x80;
			}
			if (rc == NS_OK && i + gap == n && tabs &&
			    soft_field(plan, field, tight, lead, trail))
				rc = add_soft(l, line, c);
			if (rc)
				return rc;
			size_t gl = nst_utf8_len(s + i, gap);
			col += (int)gl;
			x += (float)gl;
			for (size_t t = i; wide && t + 2 < i + gap; t++) /* U+3000: two cells */
				x += (unsigned char)s[t] == 0xE3 && (unsigned char)s[t + 1] == 0x80 &&
				     (unsigned char)s[t + 2] == 0x80;
			i += gap;
			start = i;
			start_col = col;
			start_x = end_x = x;
			continue;
		}
		uint32_t cp = 0xFFFD; /* a byte that does not decode: a character */
		int k = nst_utf8_decode(s + i, n - i, &cp);
		i += k ? (size_t)k : 1;
		col++;
		if (cp != '\f') {
			x += wide && wide_cp(cp) ? 2 : 1;
			if (!nst_is_space(cp))
				end_x = x;
		}
	}
	if (n > start)
		rc = nsl_cell_add_x(l, s + start, n - start, (ns_pos){0, line, start_col},
		                    xknown ? start_x : 0, xknown ? end_x : 0);
	return rc;
}

/* Anything but spaces (ASCII, U+3000, NBSP…) on the line? */
/* ---- figures wrapped in narrow cells (pdftotext -layout) ---------------
 *
 * A figure too wide for its table cell wraps inside it: "3488" in a
 * column three digits wide is printed "348" over "8", the two half a line
 * above and below the row, which has a hole there.  `pdftotext -layout`
 * writes them on the lines just above and below the row's line, and the
 * row would take a neighbour's value or none, and the lines around it
 * give stray figures to the rows they are read with.  Joined back (the
 * PDF loader does the same with the page's geometry): line `a`, the row's
 * line `m` and line `b` follow each other; `a` and `b` hold only figures,
 * pair by pair one over the other, the upper part no shorter than the
 * lower, each pair over a hole of `m`; `m` starts with its label and holds
 * figures of its own.  A line of labels between two lines of values (a
 * row whose values sit under its label) holds no figure: never joined. */

static int figure(const nsl_cell *c)
{
	return nsl_is_figure(c->text, c->len);
}

static int row_line(const nsl_layout *l, int r)
{
	return l->rows[r].ncells > 0 ? nsl_row_cell(l, &l->rows[r], 0)->pos.line : 0;
}

static int x_overlap(const nsl_cell *a, const nsl_cell *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1;
}

/* Do rows r, r+1, r+2 make a row with wrapped figures (above)? */
static int wrapped_at(const nsl_layout *l, int r)
{
	const nsl_row *A = &l->rows[r], *M = &l->rows[r + 1], *B = &l->rows[r + 2];
	if (A->grid || M->grid || B->grid || A->ncells == 0 || A->ncells != B->ncells ||
	    M->ncells < 2 || row_line(l, r) + 1 != row_line(l, r + 1) ||
	    row_line(l, r + 1) + 1 != row_line(l, r + 2))
		return 0;
	const nsl_cell *label = nsl_row_cell(l, M, 0);
	int own = 0;
	if (figure(label))
		return 0;
	for (int k = 1; k < M->ncells; k++)
		own |= figure(nsl_row_cell(l, M, k));
	if (!own)
		return 0;
	for (int k = 0; k < A->ncells; k++) {
		const nsl_cell *up = nsl_row_cell(l, A, k), *down = nsl_row_cell(l, B, k);
		if (!figure(up) || !figure(down) || up->len < down->len || !x_overlap(up, down) ||
		    up->x0 < label->x1 || down->x0 < label->x1)
			return 0;
		nsl_cell u = *up;
		u.x0 = up->x0 < down->x0 ? up->x0 : down->x0;
		u.x1 = up->x1 > down->x1 ? up->x1 : down->x1;
		for (int j = 1; j < M->ncells; j++)
			if (x_overlap(&u, nsl_row_cell(l, M, j)))
				return 0;
	}
	return 1;
}

static int by_x0(const void *a, const void *b)
{
	const nsl_cell *p = a, *q = b;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* Row r+1 with the figures of rows r and r+2 joined into it, its cells
 * written anew at the end of the layout's (the rows after it point at
 * theirs: cells need not be in row order); *done 0 when they are left as
 * they are (figures too long to be any). */
static int join_rows(nsl_layout *l, int r, int *done)
{
	const nsl_row *A = &l->rows[r], *M = &l->rows[r + 1], *B = &l->rows[r + 2];
	int n = M->ncells + A->ncells;
	nsl_cell cells[64];
	*done = 0;
	if (n > 64 || l->ncells + n > l->max_cells)
		return NS_OK;
	for (int k = 0; k < M->ncells; k++)
		cells[k] = *nsl_row_cell(l, M, k);
	for (int k = 0; k < A->ncells; k++) {
		const nsl_cell *up = nsl_row_cell(l, A, k), *down = nsl_row_cell(l, B, k);
		char buf[128];
		if (up->len + down->len >= sizeof buf)
			return NS_OK;
		memcpy(buf, up->text, up->len);
		memcpy(buf + up->len, down->text, down->len);
		nsl_cell c = *up; /* where the figure begins */
		c.len = up->len + down->len;
		c.text = nsl_strdup(l, buf, c.len);
		if (!c.text)
			return NS_ERR_NOMEM;
		c.x0 = up->x0 < down->x0 ? up->x0 : down->x0;
		c.x1 = up->x1 > down->x1 ? up->x1 : down->x1;
		cells[M->ncells + k] = c;
	}
	qsort(cells + 1, (size_t)n - 1, sizeof *cells, by_x0);
	if (l->ncells + n > l->capcells) {
		int cap = (l->ncells + n) * 2;
		nsl_cell *nc = realloc(l->cells, (size_t)cap * sizeof *nc);
		if (!nc)
			return NS_ERR_NOMEM;
		l->cells = nc;
		l->capcells = cap;
	}
	memcpy(l->cells + l->ncells, cells, (size_t)n * sizeof *cells);
	l->rows[r + 1].first_cell = l->ncells;
	l->rows[r + 1].ncells = n;
	l->ncells += n;
	*done = 1;
	return NS_OK;
}

static int join_wrapped_figures(nsl_layout *l)
{
	int w = 0, rc = NS_OK;
	for (int r = 0; r < l->nrows && !rc;) {
		int done = 0;
		if (r + 2 < l->nrows && wrapped_at(l, r))
			rc = join_rows(l, r, &done);
		if (done) {
			l->rows[w++] = l->rows[r + 1]; /* the lines of its parts go */
			r += 3;
		} else {
			l->rows[w++] = l->rows[r++];
		}
	}
	l->nrows = w;
	return rc;
}

static int has_text(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k || !nst_is_space(cp))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/* A Markdown heading's mark ("# 青川县…年度报告", "## 一、总体情况": a
 * Markdown file saved as .txt, pandoc -t markdown's or a chat answer's) is
 * no text of the heading: blanked in place, its columns kept.  As text it
 * was the agency's first character ("#青川县市场监督管理局"). */
static void atx_mark(char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n && s[i] == ' ')
		i++;
	while (i + k < n && s[i + k] == '#')
		k++;
	if (k == 0 || k > 6 || i + k >= n || (s[i + k] != ' ' && s[i + k] != '\t') ||
	    !has_text(s + i + k, n - i - k))
		return;
	memset(s + i, ' ', k);
}

int nsl_load_txt(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim)
{
	if (lim && (long long)len > lim->input_bytes)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%zu bytes is over the input limit", len);
	if (len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "empty file");
	if (memchr(buf, 0, len < 8192 ? len : 8192) && !(len > 2 &&
	    ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE)))
		return nsl_fail(l, NS_ERR_FORMAT, "binary data, not a text report");
	char *text;
	size_t n;
	const char *enc;
	size_t bad = 0;
	if (nst_to_utf8(buf, len, lim && lim->utf8 ? nst_utf8_checked : NULL, &text, &n,
	                &enc, &bad) != 0)
		return nsl_fail(l, NS_ERR_ENCODING,
		                "neither UTF-8 nor GB18030: undecodable byte 0x%02X at line %d "
		                "(offset %zu)", (unsigned char)buf[bad < len ? bad : 0],
		                nst_line_at(buf, len, bad), bad);
	l->encoding = enc;
	l->encoding_at = bad;
	l->media_type = "text/plain";
	if (nst_binary_text(text, n)) {
		free(text);
		return nsl_fail(l, NS_ERR_FORMAT, "binary data, not a text report");
	}
	/* a line ended by CR alone (old Mac editors, some exports) is a line,
	 * as an editor shows it: the whole file read as one line before */
	for (char *q = text, *e = text + n; (q = memchr(q, '\r', (size_t)(e - q))); q++) {
		char *r = q; /* CR CR LF (CRLF made twice) ends one line */
		while (r < e && *r == '\r')
			r++;
		if (r == e || *r != '\n')
			*q = '\n';
		q = r - 1;
	}
	/* A row per line, cells or not: bound the lines as the layout bounds
	 * its cells, or 60 MB of blank lines would cost ten times that in
	 * rows before anything said no (a report has a few thousand). */
	size_t nlines = 1;
	for (const char *q = text, *e = text + n; (q = memchr(q, '\n', (size_t)(e - q))); q++)
		nlines++;
	if (nlines > (size_t)l->max_cells) {
		free(text);
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%zu lines is over the %d a text "
		                "report can have", nlines, l->max_cells);
	}
	int rc = NS_OK, line = 1, content = 0, page_break = 0;
	/* A tab has no width of its own (8 columns in a terminal, a cell in a
	 * spreadsheet paste): text with tabs has no columns to trust. */
	int xknown = memchr(text, '\t', n) == NULL;
	int wide = xknown && display_aligned(text, n);
	int pad_lead = 0, pad_trail = 0; /* the file's tab padding (tab_plans) */
	tabplan *plans = NULL;
	if (!xknown && !(plans = tab_plans(text, n, nlines, &pad_lead, &pad_trail))) {
		free(text);
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
	}
	size_t i = 0;
	while (i <= n && rc == NS_OK) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		size_t le = e;
		if (le > i && text[le - 1] == '\r')
			le--;
		if (line <= 30)
			header_hint(l, text + i, le - i);
		atx_mark(text + i, le - i);
		if (le > i) {
			/* a form feed before the line's text ends the page before it,
			 * one after its text the page it is on */
			const char *ff = memchr(text + i, '\f', le - i);
			size_t lead = 0, end = le - i;
			while (lead < end && (text[i + lead] == ' ' || text[i + lead] == '\f'))
				lead++;
			while (end > lead && (text[i + end - 1] == ' ' || text[i + end - 1] == '\f'))
				end--;
			rc = add_line(l, text + i, le - i, line, xknown, wide,
			              plans && (size_t)line <= nlines ? &plans[line - 1] : NULL,
			              pad_lead, pad_trail);
			if (rc == NS_OK) {
				page_break |= ff && (size_t)(ff - (text + i)) < lead;
				l->rows[l->nrows - 1].page_break = page_break;
				if (lead < end) /* a line of no text carries the break on */
					page_break = memchr(text + i + end, '\f', le - i - end) != NULL;
			}
			content |= has_text(text + i, le - i);
		}
		line++;
		if (!nl)
			break;
		i = e + 1;
	}
	free(text);
	free(plans);
	if (!rc && xknown)
		rc = join_wrapped_figures(l);
	if (rc) /* the layout said what went wrong (a cap, or memory): keep it */
		return l->errmsg[0] ? rc : nsl_fail(l, rc, "out of memory");
	if (!content)
		return nsl_fail(l, NS_ERR_EMPTY, "the file has no text");
	return NS_OK;
}
