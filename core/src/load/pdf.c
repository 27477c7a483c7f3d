/*
 * pdf.c — PDF loader: lines and cells rebuilt from poppler's glyph boxes.
 *
 * poppler-glib gives, per page, the text in its own reading order and one
 * rectangle per character of that text.  Its order and its line breaks follow
 * text blocks, which in a table means column by column, so both are ignored:
 * every visible glyph is taken with its box and the page is rebuilt here.
 *
 *   lines  glyphs sorted by the vertical centre of their box; a glyph joins
 *          the line being built while its centre stays within a fraction of
 *          a glyph height of the line's mean centre.  Comparing centres (not
 *          chaining box overlaps) keeps a glyph that straddles two table
 *          rows from gluing those rows together.
 *   cells  the glyphs of a line sorted by x; a gap wider than two thirds of
 *          an em (about one and a half digit widths) starts a new cell, a
 *          smaller one stays inside the cell: dropped next to Han text
 *          ("情 形", "总 计" are one label), one space between Latin or
 *          digit runs.
 *   columns  a band of the page set in two text columns, found by its
 *          gutter (find_columns), is read column by column: its lines are
 *          built within each column, never across the gutter.
 *   joins  a figure wrapped inside a narrow table cell, its parts half a
 *          line above and below its row, is joined back into the row
 *          (join_wrapped).
 *
 * An OCR layer (ocrmypdf, tesseract: invisible text in GlyphLessFont over
 * a scanned page) has no font's widths: each word is stretched over its
 * box on the scan, its glyphs sharing it evenly with the space after it,
 * and the engine's boxes of Han words are up to half an em off and may
 * overlap.  On such a page (ocr_layer) the em is the line's height, Han
 * text next to Han text stays one cell unless far apart, and a glyph
 * sorts in its line at its word's start (sort_keys).
 *
 * A page turned by /Rotate has its boxes as displayed, its text running
 * down, up or backwards: the direction most neighbouring characters read in
 * is found first and the boxes are turned back before lines are built.
 *
 * Each rebuilt line is one grid = 0 row.  Positions: page (1-based), line
 * within the page's rebuilt lines, and the character column the cell has in
 * the line text made by joining the cells with one space.  Each cell also
 * keeps its left and right edge in points (x0/x1): an empty table cell
 * leaves no glyph, and only the edges tell under which column a value sits.  Labels are not
 * mapped here: the shared mapper reads these rows.
 *
 * Nothing is rendered; the text pass is what `pdftotext` does.
 */
#include "layout.h"
#include "text/text.h"

#include <math.h>
#include <poppler.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A glyph joins a line while its centre is within LINE_TOL x height of the
 * line's mean centre.
 * Rows of a table sit at least a glyph height apart; the values of a
 * two-line label cell, centred between its lines, stay a line of their own
 * (as pdftotext shows them). */
#define LINE_TOL 0.4f
/* A gap wider than CELL_GAP em splits cells.  Measured on WPS and Word
 * reports: gaps inside a label (a typed space, letter-spaced "总 计", the
 * CJK/Latin auto-spacing) stay at or below 0.51 em; the narrowest gap
 * between two cells of a table row (header columns of t3 and t4, one
 * Han character wide) is 0.83 em; digits of adjacent cells are 1.2 em and
 * more apart.  1.5 em would glue header columns ("社会法律"). */
#define CELL_GAP 0.67f
/* A gap wider than SPACE_GAP x glyph height between two narrow (Latin,
 * digit) glyphs is a word space inside the cell. */
#define SPACE_GAP 0.15f
/* Overprinted copies (fake bold) start within this fraction of a width. */
#define DUP_OVERLAP 0.3f

typedef struct glyph {
	float x1, y1, x2, y2; /* box in points, y grows downwards */
	float cy;             /* vertical centre, the sort key of lines */
	uint32_t off;         /* byte offset of its character in the page text */
	uint8_t len;          /* UTF-8 length of that character */
	uint8_t wide;         /* Han, CJK punctuation, full-width forms */
	uint8_t cont;         /* it follows the previous glyph in its word */
	uint16_t grp;         /* its part of the page in reading order (columns) */
	float sx;             /* where it sorts in its line: x1, or on an OCR
	                       * layer its word's start (ocr_words) */
} glyph;

/* A rebuilt line: its glyphs (sorted by x) and cells, its mean centre and
 * glyph height. */
typedef struct pline {
	size_t g0, ng;
	size_t c0, nc;
	float cy, h;
	int grp;              /* the part of the page it is read in */
} pline;

/* A cell of a rebuilt line: its text in pdf_work.text, its extent, its
 * length in characters (spaces put in counted). */
typedef struct pcell {
	size_t off, len;
	float x0, x1;
	int chars;
	int line;             /* the line it is emitted in */
	uint8_t numeric;      /* digits, with , or . */
	uint8_t gone;         /* joined into a figure of another line */
} pcell;

/* Scratch space reused across pages so that a page costs no allocation once
 * the buffers have grown to the largest page. */
typedef struct pdf_work {
	glyph *g;
	size_t ng, capg;
	char *text;           /* the text of the page's cells */
	size_t textlen, textcap;
	pline *ln;
	size_t nln, capln;
	pcell *c;
	size_t nc, capc;
	int votes[4];         /* reading directions seen on the page */
	struct cidx *ci;      /* find_columns: provisional lines' glyphs by x */
	size_t capci;
	struct cline *cl;     /* find_columns: provisional lines */
	size_t capcl;
	float ca, cb;         /* the gutter of columns running on at the foot */
	int copen;            /* of the page before */
	int ocr;              /* the page's text is an OCR engine's layer */
} pdf_work;

/* Which way a page's text reads on the page as displayed: a page with
 * /Rotate 90 shows its lines running downwards, and poppler gives the boxes
 * as displayed. */
enum { READ_RIGHT, READ_DOWN, READ_LEFT, READ_UP };

/* ---- poppler's messages ------------------------------------------------ */

/* poppler-glib routes its syntax warnings through g_log (domain "Poppler",
 * level INFO), which GLib prints when G_MESSAGES_DEBUG is set, and its
 * g_return_if_fail criticals always.  The library never prints: one
 * handler, installed once, drops them all, and keeps the first message of
 * the current load on this thread so that a damaged file can say why. */
static _Thread_local struct {
	int capture;
	char msg[160];
} pdf_log;

static void pdf_log_cb(const gchar *domain, GLogLevelFlags level,
                       const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)data;
	if (!pdf_log.capture || pdf_log.msg[0] || !msg)
		return;
	snprintf(pdf_log.msg, sizeof pdf_log.msg, "%s", msg);
	/* "at position -1" says only that poppler has no offset to give */
	char *p = strstr(pdf_log.msg, " at position -1");
	if (p)
		memmove(p, p + 15, strlen(p + 15) + 1);
}

static void pdf_log_install(void)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK |
		                  G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
		                  pdf_log_cb, NULL);
		g_once_init_leave(&once, 1);
	}
}

/* ---- glyphs ------------------------------------------------------------ */

/* Characters drawn one em wide: no space is ever put next to them. */
static int is_wide(uint32_t cp)
{
	return nst_is_han(cp) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x2014 || cp == 0x2026 ||
	       (cp >= 0x2018 && cp <= 0x201F);
}

/* Room for `need` items of `size` in *p (capacity *cap), doubling: the
 * page's buffers grow to the largest page once. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return NS_OK;
	size_t c = *cap ? *cap * 2 : 256;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return NS_ERR_NOMEM;
	*p = q;
	*cap = c;
	return NS_OK;
}

/* Two characters poppler put next to each other inside a word vote for the
 * direction from the first to the second, when they are close enough to be
 * neighbours (poppler's text jumps between blocks without a break too). */
static void vote(pdf_work *w, const glyph *a, const glyph *b)
{
	float dx = (b->x1 + b->x2 - a->x1 - a->x2) / 2, dy = b->cy - a->cy;
	float reach = 2 * ((a->x2 - a->x1) + (a->y2 - a->y1));
	float adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
	if (adx + ady > reach || adx + ady == 0)
		return;
	if (adx >= ady)
		w->votes[dx > 0 ? READ_RIGHT : READ_LEFT]++;
	else
		w->votes[dy > 0 ? READ_DOWN : READ_UP]++;
}

/* Does glyph b start where glyph a ends, on its line (rightwards, or
 * downwards on a page turned by /Rotate)?  An OCR layer's word is such a
 * run: its glyphs share its box evenly.  (poppler's text puts no space
 * between some of its words: that it does not is no sign.) */
static int abutting(const glyph *a, const glyph *b)
{
	float h = a->y2 - a->y1, wd = a->x2 - a->x1;
	float tol = 0.05f * (h > wd ? h : wd);
	return (fabsf(b->x1 - a->x2) <= tol && fabsf(b->y1 - a->y1) <= tol) ||
	       (fabsf(b->y1 - a->y2) <= tol && fabsf(b->x1 - a->x1) <= tol) ||
	       (fabsf(b->x2 - a->x1) <= tol && fabsf(b->y1 - a->y1) <= tol) ||
	       (fabsf(b->y2 - a->y1) <= tol && fabsf(b->x1 - a->x1) <= tol);
}

/* Pair each character of the page text with its rectangle, keeping only the
 * visible ones: poppler's own spaces and line ends are guesses we redo.
 * Should the counts ever differ, pairing stops at the shorter one. */
static int collect_glyphs(pdf_work *w, const char *text,
                          const PopplerRectangle *r, guint nr)
{
	size_t n = strlen(text), i = 0;
	int rc = grow((void **)&w->g, &w->capg, nr, sizeof *w->g), joined = 0;
	if (rc)
		return rc;
	w->ng = 0;
	memset(w->votes, 0, sizeof w->votes);
	for (guint k = 0; k < nr && i < n; k++) {
		uint32_t cp;
		int len = nst_utf8_decode(text + i, n - i, &cp);
		size_t off = i;
		i += len ? (size_t)len : 1;
		/* an undecodable byte (poppler gives UTF-8: never seen) counts as
		 * one character, like whitespace, so that pairing stays in step */
		if (!len || cp < 0x20 || nst_is_space(cp) || cp == 0x7F) {
			/* an OCR layer's word is stretched, its space with it, over
			 * the word's box on the scan: the space's box is the word's */
			if (w->ocr && joined && len && cp == ' ' && r[k].x2 > r[k].x1 &&
			    (float)r[k].x2 > w->g[w->ng - 1].x2)
				w->g[w->ng - 1].x2 = (float)r[k].x2;
			joined = 0;
			continue;
		}
		float x1 = (float)r[k].x1, x2 = (float)r[k].x2;
		float y1 = (float)r[k].y1, y2 = (float)r[k].y2;
		if (x2 < x1) { float t = x1; x1 = x2; x2 = t; }
		if (y2 < y1) { float t = y1; y1 = y2; y2 = t; }
		w->g[w->ng++] = (glyph){x1, y1, x2, y2, (y1 + y2) / 2,
		                        (uint32_t)off, (uint8_t)len,
		                        (uint8_t)is_wide(cp), 0, 0, 0};
		if (joined)
			w->g[w->ng - 1].cont = (uint8_t)abutting(&w->g[w->ng - 2], &w->g[w->ng - 1]);
		if (joined)
			vote(w, &w->g[w->ng - 2], &w->g[w->ng - 1]);
		joined = 1;
	}
	return NS_OK;
}

/* The direction most neighbours read in; right unless another wins. */
static int reading_direction(const pdf_work *w)
{
	int best = READ_RIGHT;
	for (int d = READ_DOWN; d <= READ_UP; d++)
		if (w->votes[d] > w->votes[best])
			best = d;
	return best;
}

/* Turn a box so that its text reads rightwards and its lines go down. */
static void turn(glyph *g, int dir)
{
	float x1 = g->x1, y1 = g->y1, x2 = g->x2, y2 = g->y2;
	if (dir == READ_DOWN) {        /* /Rotate 90: lines advance leftwards */
		g->x1 = y1; g->x2 = y2; g->y1 = -x2; g->y2 = -x1;
	} else if (dir == READ_UP) {   /* /Rotate 270: lines advance rightwards */
		g->x1 = -y2; g->x2 = -y1; g->y1 = x1; g->y2 = x2;
	} else if (dir == READ_LEFT) { /* /Rotate 180: upside down */
		g->x1 = -x2; g->x2 = -x1; g->y1 = -y2; g->y2 = -y1;
	}
	g->cy = (g->y1 + g->y2) / 2;
}

static void turn_page(pdf_work *w)
{
	int dir = reading_direction(w);
	for (size_t i = 0; dir != READ_RIGHT && i < w->ng; i++)
		turn(&w->g[i], dir);
}

static float height(const glyph *g)
{
	float h = g->y2 - g->y1;
	return h > 1.0f ? h : 1.0f;
}

static float width(const glyph *g)
{
	float wd = g->x2 - g->x1;
	return wd > 0.5f ? wd : 0.5f;
}

static int by_centre(const void *a, const void *b)
{
	const glyph *p = a, *q = b;
	if (p->cy != q->cy)
		return p->cy < q->cy ? -1 : 1;
	return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

static int by_x(const void *a, const void *b)
{
	const glyph *p = a, *q = b;
	if (p->sx != q->sx)
		return p->sx < q->sx ? -1 : 1;
	if (p->cy != q->cy)
		return p->cy < q->cy ? -1 : 1;
	return p->off < q->off ? -1 : p->off > q->off; /* an OCR word's glyphs */
}

/* Where each glyph sorts in its line.  An OCR engine's word boxes
 * overlap (tesseract's for Han text: "青川" drawn over 60–129 pt, "县"
 * at 86 pt), and sorted by their own x the glyphs of two words
 * interleave ("青县川"): on an OCR layer a glyph sorts at its word's
 * start, its word's glyphs in their order. */
static void sort_keys(pdf_work *w)
{
	for (size_t i = 0; i < w->ng; i++)
		w->g[i].sx = w->ocr && w->g[i].cont && i > 0 ? w->g[i - 1].sx : w->g[i].x1;
}

/* Length of the line that starts at g[0]: glyphs are sorted by centre, so a
 * line is a run, ended by the first glyph too far below the line's mean
 * centre.  The mean, not the first glyph, is the anchor: a character of a
 * vertical header sitting a little above a table row would otherwise push
 * the row's values onto a line of their own. */
static size_t line_run(const glyph *g, size_t n)
{
	float sumc = g[0].cy, sumh = height(&g[0]);
	size_t k = 1;
	while (k < n) {
		float h = height(&g[k]), mh = sumh / (float)k;
		float tol = LINE_TOL * (h < mh ? h : mh);
		if (g[k].cy - sumc / (float)k > tol)
			break;
		sumc += g[k].cy;
		sumh += h;
		k++;
	}
	return k;
}

/* ---- cells ------------------------------------------------------------- */

static int text_put(pdf_work *w, const char *s, size_t n)
{
	int rc = grow((void **)&w->text, &w->textcap, w->textlen + n + 1, 1);
	if (!rc) {
		memcpy(w->text + w->textlen, s, n);
		w->textlen += n;
	}
	return rc;
}

/* A cell of line `line` whose text is that of cells `up` and `down`, one
 * figure (join_wrapped, join_below); NULL when out of memory. */
static pcell *joined_cell(pdf_work *w, int line, pcell up, pcell down)
{
	if (grow((void **)&w->text, &w->textcap, w->textlen + up.len + down.len + 1, 1) ||
	    grow((void **)&w->c, &w->capc, w->nc + 1, sizeof *w->c))
		return NULL;
	pcell *c = &w->c[w->nc++];
	*c = (pcell){w->textlen, up.len + down.len, up.x0 < down.x0 ? up.x0 : down.x0,
	             up.x1 > down.x1 ? up.x1 : down.x1, up.chars + down.chars, line, 1, 0};
	memcpy(w->text + w->textlen, w->text + up.off, up.len);
	memcpy(w->text + w->textlen + up.len, w->text + down.off, down.len);
	w->textlen += up.len + down.len;
	return c;
}

static pcell *new_cell(pdf_work *w, int line, float x0, float x1)
{
	if (grow((void **)&w->c, &w->capc, w->nc + 1, sizeof *w->c))
		return NULL;
	pcell *c = &w->c[w->nc++];
	*c = (pcell){w->textlen, 0, x0, x1, 0, line, 0, 0};
	return c;
}

/* An overprinted copy of the previous glyph (fake bold, shadow): same
 * character starting at nearly the same place. */
static int is_dup(const char *text, const glyph *prev, const glyph *g)
{
	return prev->len == g->len &&
	       g->x1 - prev->x1 < DUP_OVERLAP * width(prev) &&
	       memcmp(text + prev->off, text + g->off, g->len) == 0;
}

/* The em of a glyph from its advance: a Han character or full-width form
 * is one em wide, a digit half an em; the wider of two neighbours rules,
 * so a narrow "1" or "." does not make the gap after it look wide. */
static float em(const glyph *g)
{
	return g->wide ? width(g) : 2 * width(g);
}

static int cell_break(const pdf_work *w, const glyph *prev, const glyph *g)
{
	if (w->ocr) {
		/* an OCR layer's glyphs share their word's box evenly, so their
		 * widths are no em; the line's height is (GlyphLessFont's box is
		 * 1.35 of the size tesseract gave the line, the print's em 0.6 of
		 * that box).  Its words' boxes stand where the engine placed
		 * them, up to half an em off: Han next to Han is one cell unless
		 * more than an em and a half apart. */
		float h = height(prev) > height(g) ? height(prev) : height(g);
		float gap = g->x1 - prev->x2;
		if (prev->wide && g->wide)
			return gap > 0.9f * h;
		return gap > CELL_GAP * 0.6f * h;
	}
	float e = em(prev) > em(g) ? em(prev) : em(g);
	return g->x1 - prev->x2 > CELL_GAP * e;
}

static int word_space(const glyph *prev, const glyph *g)
{
	float h = height(prev) < height(g) ? height(prev) : height(g);
	return !prev->wide && !g->wide && g->x1 - prev->x2 > SPACE_GAP * h;
}

static int is_digit_at(const char *text, const glyph *g)
{
	return g->len == 1 && text[g->off] >= '0' && text[g->off] <= '9';
}

/* A footnote mark set after a figure: smaller than the figure's digit and
 * off its baseline, raised (its bottom well above the digit's) or lowered
 * (its bottom below the digit's, where a smaller glyph on the same
 * baseline has its bottom above: less descent), of the characters such
 * marks are made of ("85¹" drawn as a small raised 1 was read as 851).  A
 * smaller glyph on the same baseline ("41" then "86" a size smaller) is
 * the figure's. */
static int note_mark(const char *text, const glyph *digit, const glyph *g)
{
	float h = height(digit);
	int raised = g->y2 < digit->y2 - 0.2f * h;
	int lowered = g->y2 > digit->y2 + 0.01f * h && g->y1 > digit->y1 + 0.15f * h;
	return height(g) < 0.85f * h && (raised || lowered) && nst_note_marker(text + g->off, g->len);
}

/* The cells of line k (its glyphs sorted by x). */
static int line_cells(pdf_work *w, const char *text, int k)
{
	pline *ln = &w->ln[k];
	const glyph *g = w->g + ln->g0;
	size_t n = ln->ng, i = 0;
	ln->c0 = w->nc;
	while (i < n) {
		/* the cell's extent, for the mapper to find its table column */
		pcell *c = new_cell(w, k, g[i].x1, g[i].x2);
		if (!c || text_put(w, text + g[i].off, g[i].len))
			return NS_ERR_NOMEM;
		c->chars = 1;
		const glyph *prev = &g[i++];
		for (; i < n && !cell_break(w, prev, &g[i]) &&
		       !(word_space(prev, &g[i]) && is_digit_at(text, prev) && is_digit_at(text, &g[i]));
		     i++) {
			if (is_digit_at(text, prev) && note_mark(text, prev, &g[i])) {
				/* the mark and the rest of it: "85" then a raised "12" */
				while (i + 1 < n && note_mark(text, prev, &g[i + 1]) &&
				       !cell_break(w, &g[i], &g[i + 1]))
					i++;
				continue;
			}
			if (g[i].x2 > c->x1)
				c->x1 = g[i].x2;
			if (is_dup(text, prev, &g[i]))
				continue;
			if (word_space(prev, &g[i])) {
				if (text_put(w, " ", 1))
					return NS_ERR_NOMEM;
				c->chars++;
			}
			if (text_put(w, text + g[i].off, g[i].len))
				return NS_ERR_NOMEM;
			c->chars++;
			prev = &g[i];
		}
		c->len = w->textlen - c->off;
		c->numeric = (uint8_t)nsl_is_figure(w->text + c->off, c->len);
	}
	ln->nc = w->nc - ln->c0;
	return NS_OK;
}

static int overlap(float a0, float a1, float b0, float b1)
{
	return a0 <= b1 && b0 <= a1;
}

/* A figure too wide for its table cell wraps inside it: "1312" in a
 * column three digits wide is printed "131" over "2", and in a row whose
 * other cells hold one line each, vertically centred, the two parts sit
 * half a line above and below the row's line, which has a hole where the
 * figure belongs.  Rebuilt as three lines, the row would lose the figure
 * and the lines around it would give their neighbours a stray "131" and
 * "2".  So where line `a`, a row's line `m` and line `b` follow each
 * other within a text line's height, `m` midway, a figure of `a` over a
 * figure of `b` with nothing of `m` between them is one figure, put back
 * into `m`.  Rows of a table are further apart than one text line (their
 * padding), so the figures of the rows above and below a blank cell are
 * rarely that close; where they are (tight rows, with a group label centred
 * between them: "（四）无" / "法提供"), the lines around `m` are rows with
 * labels of their own.  So `a` and `b` must hold nothing but figures, each
 * of `a` over one of `b` (a row whose every figure wrapped has none of its
 * own on `m`). */
static int wrap_parts(const pdf_work *w, const pline *A, const pline *B)
{
	if (A->nc == 0 || A->nc != B->nc)
		return 0;
	for (size_t i = 0; i < A->nc; i++) {
		const pcell *t = &w->c[A->c0 + i], *d = &w->c[B->c0 + i];
		if (!t->numeric || t->gone || !d->numeric || d->gone || !overlap(t->x0, t->x1, d->x0, d->x1))
			return 0;
	}
	return 1;
}

static int join_wrapped(pdf_work *w, int a, int m, int b)
{
	const pline *A = &w->ln[a], *M = &w->ln[m], *B = &w->ln[b];
	float h = M->h;
	if (M->nc == 0 || A->grp != M->grp || B->grp != M->grp || B->cy - A->cy > 1.4f * h ||
	    fabsf(A->cy + B->cy - 2 * M->cy) > 0.3f * h || !wrap_parts(w, A, B))
		return NS_OK;
	for (size_t i = 0; i < A->nc; i++) {
		pcell *top = &w->c[A->c0 + i], *bot = &w->c[B->c0 + i];
		float x0 = top->x0 < bot->x0 ? top->x0 : bot->x0;
		float x1 = top->x1 > bot->x1 ? top->x1 : bot->x1;
		int hole = 1;
		for (size_t j = M->c0; j < M->c0 + M->nc && hole; j++)
			hole = !overlap(x0, x1, w->c[j].x0, w->c[j].x1);
		if (!hole)
			continue;
		top->gone = bot->gone = 1;
		if (!joined_cell(w, m, *top, *bot))
			return NS_ERR_NOMEM;
	}
	return NS_OK;
}

/* The same figure in a cell whose text sits at its top (Word's and WPS's
 * default): "131" stays in its row's line `m`, "2" makes line `b` a text
 * line below.  Joined only when `b` holds nothing but figures, each under
 * a figure of `m` and right of `m`'s first cell (the row's label): a row of
 * the table has a label of its own. */
static int join_below(pdf_work *w, int m, int b)
{
	const pline *M = &w->ln[m], *B = &w->ln[b];
	float h = M->h, dy = B->cy - M->cy;
	if (M->nc < 2 || B->nc == 0 || B->grp != M->grp || B->nc > 64 || dy > 1.4f * h || dy < 0.6f * h)
		return NS_OK;
	size_t above[64]; /* (indices: new cells may move them) */
	for (size_t j = 0; j < B->nc; j++) {
		const pcell *d = &w->c[B->c0 + j];
		if (!d->numeric || d->gone || d->x0 <= w->c[M->c0].x1)
			return NS_OK;
		above[j] = 0;
		for (size_t i = M->c0 + 1; i < M->c0 + M->nc; i++) {
			const pcell *c = &w->c[i];
			if (!overlap(c->x0, c->x1, d->x0, d->x1))
				continue;
			if (above[j] || !c->numeric || c->gone)
				return NS_OK;
			above[j] = i;
		}
		if (!above[j])
			return NS_OK;
	}
	size_t b0 = B->c0, nb = B->nc;
	for (size_t j = 0; j < nb; j++) {
		w->c[above[j]].gone = w->c[b0 + j].gone = 1;
		if (!joined_cell(w, m, w->c[above[j]], w->c[b0 + j]))
			return NS_ERR_NOMEM;
	}
	return NS_OK;
}

static int by_line_x(const void *a, const void *b)
{
	const pcell *p = a, *q = b;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* Emit the page's cells, a row per line that still has any. */
static int emit_lines(nsl_layout *l, pdf_work *w, int page)
{
	qsort(w->c, w->nc, sizeof *w->c, by_line_x);
	int rc = NS_OK, line = 0;
	for (size_t i = 0; !rc && i < w->nc;) {
		size_t e = i;
		int any = 0;
		while (e < w->nc && w->c[e].line == w->c[i].line)
			any |= !w->c[e++].gone;
		if (any) {
			rc = nsl_row_begin(l, 0);
			line++;
			if (!rc)
				l->rows[l->nrows - 1].page_break = page > 1 && line == 1;
			int col = 1;
			for (size_t k = i; !rc && k < e; k++) {
				const pcell *c = &w->c[k];
				if (c->gone)
					continue;
				rc = nsl_cell_add_x(l, w->text + c->off, c->len,
				                    (ns_pos){page, line, col}, c->x0, c->x1);
				col += c->chars + 1;
			}
		}
		i = e;
	}
	return rc;
}

/* ---- columns ----------------------------------------------------------- */

/* A page, or a band of it, set in two text columns (a Word section of two
 * columns) puts a line of the left column and one of the right on the same
 * height: read as one line they would run into each other, and a table in
 * a column would take the other column's text as its cells.  So before
 * lines are built, each band of two columns is found by its gutter and its
 * glyphs are put in reading order: the text above it, its left column top
 * to bottom, its right column, the text below it.
 *
 * A gutter is a vertical strip, at least GUTTER_MIN of the page's em (its
 * median line's) wide, that no glyph enters on each of at least BAND_LINES
 * consecutive lines (lines built as below, over the whole width).  A
 * table's column gaps are such strips too, as are the gaps around a
 * centred short line, a signature at the right or a page number; what
 * tells a gutter is prose on both sides: at least FULL_LINES lines of each
 * side are one run of mostly Han text (no cell break) from the column's left edge
 * (an indent of two characters allowed) to its right edge, as justified
 * prose fills a column.  A table's cells never run from the label column
 * into the values, so a table alone on both sides of a gap is never split;
 * a table inside a column, beside prose, is read with its column.  At the
 * band's ends, lines whose two sides are both short (a full-width table's
 * row under a gap that happens to continue the gutter) are left out of it.
 * Columns running on past the foot of a page go on at the top of the next
 * under the same gutter, tables alone in them (continued_band).  When in
 * doubt nothing is split: the lines are read as before.  A gutter
 * narrower than about an em, which full-width punctuation at a line's end
 * closes, is not found. */
#define GUTTER_MIN 0.6f
/* A strip wider than this (in ems) is no gutter but a figure or a frame
 * that prose wraps around on both sides, read line by line across it
 * (column spacing is about two characters, Word's default). */
#define GUTTER_MAX 5.0f
#define BAND_LINES 6
#define FULL_LINES 4
#define FULL_GLYPHS 6
/* More provisional lines than this on one page: no search (a page of
 * normal text has fewer than 60). */
#define COLUMN_MAX_LINES 400

/* A provisional line: its glyphs (indices into pdf_work.g, sorted by x) in
 * pdf_work.ci, the band it belongs to (-1: none). */
typedef struct cidx {
	float x1;
	uint32_t i;
} cidx;

typedef struct cline {
	size_t i0, n;
	int band;
} cline;

typedef struct cband {
	size_t lo, hi;        /* its lines, inclusive */
	float a, b;           /* the gutter */
} cband;

static int by_index_x(const void *a, const void *b)
{
	const cidx *p = a, *q = b;
	if (p->x1 != q->x1)
		return p->x1 < q->x1 ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* Does line k leave a strip of at least wmin free inside [*a, *b]?  The
 * strip is narrowed to the free interval of k around its middle. */
static int line_clear(const pdf_work *w, const cline *k, float *a, float *b,
                      float wmin)
{
	float c = (*a + *b) / 2, fl = *a, fr = *b;
	for (size_t j = 0; j < k->n; j++) {
		const glyph *g = &w->g[w->ci[k->i0 + j].i];
		if (g->x2 <= c) {
			if (g->x2 > fl)
				fl = g->x2;
		} else if (g->x1 >= c) {
			if (g->x1 < fr)
				fr = g->x1;
		} else {
			return 0;
		}
	}
	if (fr - fl < wmin)
		return 0;
	*a = fl;
	*b = fr;
	return 1;
}

/* The side of line k left (side 0) or right (1) of the gutter middle c:
 * its glyph count, its extent, and whether it is one run (no cell break). */
typedef struct side {
	int n, run, wide;
	float x0, x1;
} side;

static side line_side(const pdf_work *w, const cline *k, float c, int right)
{
	side s = {0, 1, 0, 0, 0};
	const glyph *prev = NULL;
	for (size_t j = 0; j < k->n; j++) {
		const glyph *g = &w->g[w->ci[k->i0 + j].i];
		if (((g->x1 + g->x2) / 2 >= c) != right)
			continue;
		if (s.n == 0) {
			s.x0 = g->x1;
			s.x1 = g->x2;
		} else {
			if (cell_break(w, prev, g))
				s.run = 0;
			if (g->x2 > s.x1)
				s.x1 = g->x2;
		}
		prev = g;
		s.wide += g->wide;
		s.n++;
	}
	return s;
}

/* Is a side of a line prose filling its column [c0, c1]: one run, mostly
 * Han (not a row of figures set close)? */
static int side_full(side s, float c0, float c1, float hm)
{
	return s.n >= FULL_GLYPHS && s.run && 2 * s.wide >= s.n && s.x0 <= c0 + 2.5f * hm &&
	       s.x1 >= c1 - 1.5f * hm;
}

/* Line k of a band: 1 its left side is full prose, 2 its right, 3 both, 0
 * neither, -1 neither with text on both sides (a table's row). */
static int line_kind(const pdf_work *w, const cline *k, float c, const float *ext,
                     float hm)
{
	side L = line_side(w, k, c, 0), R = line_side(w, k, c, 1);
	int kind = side_full(L, ext[0], ext[1], hm) | side_full(R, ext[2], ext[3], hm) << 1;
	return !kind && L.n && R.n ? -1 : kind;
}

/* Is band lo..hi (gutter a..b) two columns of prose?  Its ends are trimmed
 * of lines whose two sides are both short first (twice: the columns'
 * extents are measured again without them). */
static int band_ok(const pdf_work *w, const cline *cl, cband *bd, float hm)
{
	float c = (bd->a + bd->b) / 2;
	for (int pass = 0; pass < 3; pass++) {
		float ext[4] = {1e30f, -1e30f, 1e30f, -1e30f}; /* l0 l1 r0 r1 */
		for (size_t k = bd->lo; k <= bd->hi; k++)
			for (int r = 0; r < 2; r++) {
				side s = line_side(w, &cl[k], c, r);
				if (s.n && s.x0 < ext[2 * r])
					ext[2 * r] = s.x0;
				if (s.n && s.x1 > ext[2 * r + 1])
					ext[2 * r + 1] = s.x1;
			}
		if (ext[1] - ext[0] < 6 * hm || ext[3] - ext[2] < 6 * hm)
			return 0;
		/* At each end, the lines not full on either side are cut up
		 * to the innermost one with text on both sides (a table's row):
		 * a full-width table whose column gap continues the gutter has
		 * lines with text on one side only too (a wrapped label, a
		 * heading cell), and they must not keep its rows in the band
		 * (t3's last rows above prose in a text table, t4's header
		 * below).  A column's own short line at the band's end stays. */
		size_t lo = bd->lo, end = bd->hi + 1, j;
		int kind;
		for (j = lo; j < end && (kind = line_kind(w, &cl[j], c, ext, hm)) <= 0; j++)
			if (kind < 0)
				lo = j + 1;
		for (j = end; j > lo && (kind = line_kind(w, &cl[j - 1], c, ext, hm)) <= 0; j--)
			if (kind < 0)
				end = j - 1;
		if (end < lo + BAND_LINES)
			return 0;
		size_t hi = end - 1;
		if (lo == bd->lo && hi == bd->hi) {
			int fl = 0, fr = 0;
			for (size_t k = lo; k <= hi; k++) {
				kind = line_kind(w, &cl[k], c, ext, hm);
				fl += kind > 0 && (kind & 1);
				fr += kind > 0 && (kind & 2);
			}
			return fl >= FULL_LINES && fr >= FULL_LINES;
		}
		bd->lo = lo;
		bd->hi = hi;
	}
	return 0;
}

static int by_float(const void *a, const void *b)
{
	float p = *(const float *)a, q = *(const float *)b;
	return p < q ? -1 : p > q;
}

/* A gap of line s from glyph j (sorted by x) on: the left run ends at j,
 * the right one starts at the next glyph at least wmin further; both runs
 * prose-like (FULL_GLYPHS glyphs, no cell break between them). */
static int seed_gap(const pdf_work *w, const cline *s, size_t j, float wmin, float *a,
                    float *b)
{
	const cidx *ci = w->ci + s->i0;
	float m = -1e30f;
	size_t run = 0;
	for (size_t t = 0; t <= j; t++) {
		const glyph *g = &w->g[ci[t].i];
		run = t && cell_break(w, &w->g[ci[t - 1].i], g) ? 1 : run + 1;
		if (g->x2 > m)
			m = g->x2;
	}
	if (j + 1 >= s->n || w->g[ci[j + 1].i].x1 - m < wmin || run < FULL_GLYPHS)
		return 0;
	size_t t = j + 2, run2 = 1;
	for (; t < s->n && run2 < FULL_GLYPHS; t++, run2++)
		if (cell_break(w, &w->g[ci[t - 1].i], &w->g[ci[t].i]))
			break;
	if (run2 < FULL_GLYPHS)
		return 0;
	*a = m;
	*b = w->g[ci[j + 1].i].x1;
	return 1;
}

/* Find the page's bands of two columns and give each glyph (sorted by
 * centre) its part of the page in reading order (glyph.grp); *nbands gets
 * their number, 0 when the page is read as one column (its glyphs
 * untouched). */
/* The columns of the page before, running on at its foot, go on at the top
 * of this one: a band under the same gutter from one of the first lines on
 * (a running head above it), with text on one side only on at least an
 * eighth of its lines on each side.  Tables alone in both columns show no
 * prose, but their rows are not the other column's: the lines of each
 * column fall between those of the other.  A table across the page, under
 * a gap that happens to be where the gutter was, has both sides on each
 * row (its label and its values, its values left and right of the gap). */
static int continued_band(const pdf_work *w, const cline *cl, size_t ncl,
                          float wmin, cband *out)
{
	for (size_t lo = 0; lo < 3 && lo < ncl; lo++) {
		cband bd = {lo, lo, w->ca, w->cb};
		if (cl[lo].band >= 0 || !line_clear(w, &cl[lo], &bd.a, &bd.b, wmin))
			continue;
		while (bd.hi + 1 < ncl && cl[bd.hi + 1].band < 0 &&
		       line_clear(w, &cl[bd.hi + 1], &bd.a, &bd.b, wmin))
			bd.hi++;
		size_t n = bd.hi - bd.lo + 1, lonly = 0, ronly = 0;
		float c = (bd.a + bd.b) / 2;
		for (size_t k = bd.lo; k <= bd.hi; k++) {
			side L = line_side(w, &cl[k], c, 0), R = line_side(w, &cl[k], c, 1);
			lonly += L.n && !R.n;
			ronly += R.n && !L.n;
		}
		if (n >= BAND_LINES && lonly * 8 >= n && ronly * 8 >= n) {
			*out = bd;
			return 1;
		}
		return 0;
	}
	return 0;
}

static int find_columns(pdf_work *w, int *nbands)
{
	int open = w->copen;
	w->copen = 0;
	*nbands = 0;
	size_t ncl = 0;
	int rc = grow((void **)&w->ci, &w->capci, w->ng, sizeof *w->ci);
	for (size_t i = 0; !rc && i < w->ng;) {
		size_t k = line_run(w->g + i, w->ng - i);
		rc = grow((void **)&w->cl, &w->capcl, ncl + 1, sizeof *w->cl);
		if (rc)
			return rc;
		for (size_t j = i; j < i + k; j++)
			w->ci[j] = (cidx){w->g[j].x1, (uint32_t)j};
		qsort(w->ci + i, k, sizeof *w->ci, by_index_x);
		w->cl[ncl++] = (cline){i, k, -1};
		i += k;
	}
	if (rc || ncl < BAND_LINES || ncl > COLUMN_MAX_LINES)
		return rc;
	/* the page's usual em: the median line's (each line's mean em) */
	float hs[COLUMN_MAX_LINES];
	for (size_t k = 0; k < ncl; k++) {
		float e = 0;
		for (size_t j = w->cl[k].i0; j < w->cl[k].i0 + w->cl[k].n; j++)
			e += em(&w->g[j]);
		hs[k] = e / (float)w->cl[k].n;
	}
	qsort(hs, ncl, sizeof *hs, by_float);
	float hm = hs[ncl / 2], wmin = GUTTER_MIN * hm;
	cline *cl = w->cl;
	cband bands[8];
	int nb = 0;
	if (open && continued_band(w, cl, ncl, wmin, &bands[0])) {
		for (size_t k = bands[0].lo; k <= bands[0].hi; k++)
			cl[k].band = 0;
		nb = 1;
	}
	while (nb < 8) {
		cband best = {0, 0, 0, 0};
		size_t bestn = 0;
		for (size_t s = 0; s < ncl; s++) {
			if (cl[s].band >= 0)
				continue;
			for (size_t j = 0; j + 1 < cl[s].n; j++) {
				cband bd = {s, s, 0, 0};
				if (!seed_gap(w, &cl[s], j, wmin, &bd.a, &bd.b))
					continue;
				while (bd.hi + 1 < ncl && cl[bd.hi + 1].band < 0 &&
				       line_clear(w, &cl[bd.hi + 1], &bd.a, &bd.b, wmin))
					bd.hi++;
				while (bd.lo > 0 && cl[bd.lo - 1].band < 0 &&
				       line_clear(w, &cl[bd.lo - 1], &bd.a, &bd.b, wmin))
					bd.lo--;
				if (bd.hi - bd.lo + 1 > bestn && bd.hi - bd.lo + 1 >= BAND_LINES &&
				    bd.b - bd.a <= GUTTER_MAX * hm &&
				    band_ok(w, cl, &bd, hm) && bd.hi - bd.lo + 1 > bestn) {
					best = bd;
					bestn = bd.hi - bd.lo + 1;
				}
			}
		}
		if (!bestn)
			break;
		for (size_t k = best.lo; k <= best.hi; k++)
			cl[k].band = nb;
		bands[nb++] = best;
	}
	/* columns that run on to the foot of the page (a page number below
	 * them aside) may go on at the top of the next */
	for (int b = 0; b < nb; b++)
		if (bands[b].hi + 2 >= ncl) {
			w->copen = 1;
			w->ca = bands[b].a;
			w->cb = bands[b].b;
		}
	if (!nb)
		return NS_OK;
	/* parts in reading order: a run of lines outside bands is one, a band
	 * two (its left column, then its right) */
	int grp = 0, prev = -2;
	for (size_t k = 0; k < ncl; k++) {
		int b = cl[k].band;
		if (b != prev)
			grp += b < 0 ? 1 : 2;
		float c = b < 0 ? 0 : (bands[b].a + bands[b].b) / 2;
		for (size_t j = cl[k].i0; j < cl[k].i0 + cl[k].n; j++) {
			glyph *g = &w->g[j];
			g->grp = (uint16_t)(b < 0 || (g->x1 + g->x2) / 2 >= c ? grp : grp - 1);
		}
		prev = b;
	}
	*nbands = nb;
	return NS_OK;
}

static int by_part(const void *a, const void *b)
{
	const glyph *p = a, *q = b;
	if (p->grp != q->grp)
		return p->grp < q->grp ? -1 : 1;
	return by_centre(a, b);
}

/* ---- pages ------------------------------------------------------------- */

/* Is the page's text an OCR engine's invisible layer over a scan?
 * tesseract (and ocrmypdf, which runs it) writes its text in
 * GlyphLessFont, a font with no outlines whose every glyph is half an em
 * wide, each word stretched to its box on the scan. */
static int ocr_layer(PopplerPage *p)
{
	GList *attrs = poppler_page_get_text_attributes(p);
	int ocr = 0;
	for (GList *a = attrs; a && !ocr; a = a->next) {
		const PopplerTextAttributes *t = a->data;
		ocr = t && t->font_name && strstr(t->font_name, "GlyphLessFont") != NULL;
	}
	poppler_page_free_text_attributes(attrs);
	return ocr;
}

/* Rebuild one page; *nglyphs receives its count of visible glyphs. */
static int load_page(nsl_layout *l, pdf_work *w, PopplerPage *p, int page,
                     size_t *nglyphs)
{
	char *text = poppler_page_get_text(p);
	PopplerRectangle *r = NULL;
	guint nr = 0;
	int rc = NS_OK;
	*nglyphs = 0;
	w->ocr = ocr_layer(p);
	if (text && poppler_page_get_text_layout(p, &r, &nr))
		rc = collect_glyphs(w, text, r, nr);
	else
		w->ng = 0;
	g_free(r);
	if (!w->ng)
		w->copen = 0;
	if (!rc && w->ng) {
		*nglyphs = w->ng;
		turn_page(w);
		sort_keys(w);
		qsort(w->g, w->ng, sizeof *w->g, by_centre);
		int nbands = 0;
		rc = find_columns(w, &nbands);
		if (!rc && nbands)
			qsort(w->g, w->ng, sizeof *w->g, by_part);
		w->nln = w->nc = w->textlen = 0;
		for (size_t i = 0, end = 0; !rc && i < w->ng;) {
			/* lines are built within a part of the page (columns) */
			if (i == end)
				while (end < w->ng && w->g[end].grp == w->g[i].grp)
					end++;
			size_t k = line_run(w->g + i, end - i);
			qsort(w->g + i, k, sizeof *w->g, by_x);
			rc = grow((void **)&w->ln, &w->capln, w->nln + 1, sizeof *w->ln);
			if (rc)
				break;
			pline *ln = &w->ln[w->nln];
			*ln = (pline){i, k, 0, 0, 0, 0, w->g[i].grp};
			for (size_t j = i; j < i + k; j++) {
				ln->cy += w->g[j].cy;
				ln->h += height(&w->g[j]);
			}
			ln->cy /= (float)k;
			ln->h /= (float)k;
			rc = line_cells(w, text, (int)w->nln++);
			i += k;
		}
		for (size_t m = 1; !rc && m + 1 < w->nln; m++)
			rc = join_wrapped(w, (int)m - 1, (int)m, (int)m + 1);
		for (size_t m = 0; !rc && m + 1 < w->nln; m++)
			rc = join_below(w, (int)m, (int)m + 1);
		if (!rc)
			rc = emit_lines(l, w, page);
	}
	g_free(text);
	return rc;
}

static int load_pages(nsl_layout *l, PopplerDocument *doc)
{
	int npages = poppler_document_get_n_pages(doc);
	if (npages <= 0)
		return nsl_fail(l, NS_ERR_EMPTY, "PDF has no pages");
	pdf_work w = {0};
	size_t total = 0;
	int rc = NS_OK, read = 0;
	for (int i = 0; !rc && i < npages; i++) {
		PopplerPage *p = poppler_document_get_page(doc, i);
		if (!p) {
			w.copen = 0;
			continue; /* a damaged page: keep the others */
		}
		read++;
		size_t n;
		rc = load_page(l, &w, p, i + 1, &n);
		total += n;
		g_object_unref(p);
	}
	free(w.g);
	free(w.text);
	free(w.ln);
	free(w.c);
	free(w.ci);
	free(w.cl);
	if (rc) /* a cap of the layout says so itself; keep its words */
		return l->errmsg[0] ? rc
		                    : nsl_fail(l, rc, "out of memory while reading the PDF");
	/* No page could be opened at all (a page tree that loops, or points
	 * nowhere): a broken file, not a scan. */
	if (read == 0)
		return nsl_fail(l, NS_ERR_FORMAT, "bad PDF: none of its %d pages can "
		                "be read (a damaged page tree)%s%s", npages,
		                pdf_log.msg[0] ? ": " : "", pdf_log.msg);
	if (total == 0)
		return nsl_fail(l, NS_ERR_NO_TEXT, "no text layer on any of the "
		                "%d pages (a scanned PDF?)", npages);
	return NS_OK;
}

/* ---- entry ------------------------------------------------------------- */

static int open_failed(nsl_layout *l, GError *e)
{
	int rc;
	if (e && g_error_matches(e, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
		rc = nsl_fail(l, NS_ERR_ENCRYPTED, "PDF is encrypted: a password "
		              "is needed to read it");
	else if (pdf_log.msg[0])
		rc = nsl_fail(l, NS_ERR_FORMAT, "bad PDF: %s (%s)",
		              e ? e->message : "unreadable", pdf_log.msg);
	else
		rc = nsl_fail(l, NS_ERR_FORMAT, "bad PDF: %s",
		              e ? e->message : "unreadable");
	if (e)
		g_error_free(e);
	return rc;
}

int nsl_load_pdf(nsl_layout *l, const char *buf, size_t len,
                 const nsl_limits *lim)
{
	l->media_type = "application/pdf";
	l->encoding = "UTF-8";
	if (len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "empty input");
	if (lim && lim->input_bytes > 0 && (long long)len > lim->input_bytes)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "PDF of %zu bytes is over the "
		                "input limit of %lld bytes", len, lim->input_bytes);
	pdf_log_install();
	pdf_log.capture = 1;
	pdf_log.msg[0] = 0;
	/* No copy: the document reads the caller's buffer, which outlives it. */
	GBytes *bytes = g_bytes_new_static(buf, len);
	GError *e = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &e);
	int rc = doc ? load_pages(l, doc) : open_failed(l, e);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	pdf_log.capture = 0;
	return rc;
}
