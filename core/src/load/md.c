/*
 * md.c — Markdown into the neutral layout (see layout.h).
 *
 * The Markdown in question is what PDF-to-Markdown converters write, not
 * hand-written prose: one source line per PDF text line, tables as pipe
 * tables (often shredded into many small ones, with the table caption
 * repeated as a heading before each piece) or as HTML <table> blocks.
 *
 *   - A text line becomes a non-grid row with the line as one cell.  ATX
 *     heading marks (# ... and closing #'s) and **bold** marks go; backslash
 *     escapes, <br> and the common HTML entities are decoded.  Blank lines
 *     and rules (---, ***, setext ===) carry no text and give no row.
 *   - A pipe-table row becomes a grid row with one cell per |-separated cell,
 *     trimmed, \| kept as |.  Delimiter rows (|---|:--:|) give no row.  No
 *     cell is added or dropped: the converter's shredding is left for the
 *     mapper to see as it is (an empty cell stays an empty cell).
 *   - A heading repeated with the same text as the heading before it, with
 *     table rows between them, is converter debris and is dropped; the first
 *     one stays.
 *   - Page footers ("— 4 —") are kept as paragraphs wherever they stand, even
 *     between table rows: the mapper filters page numbers for every form.
 *   - A table a text browser drew (w3m and elinks -dump with box-drawing
 *     characters, links -dump with +---+ and |---+---|) becomes grid rows,
 *     a row per band of lines between rules (box_table).
 *   - An HTML <table> block (as MinerU writes) is laid out as grid rows with
 *     rowspan/colspan copies, as the DOCX and HTML loaders do; a block that
 *     is not simple (nested table, unterminated) stays text.
 * Positions: page 0, line = source line, col = 1-based code-point column
 * where the cell's text starts in that line.
 */
#include "layout.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MD_MEDIA "text/markdown"
/* Caps on what HTML tables may cost, since rowspan/colspan copies and padded
 * slots are cells the source does not hold: far beyond any report. */
#define MAX_SPAN 1000
#define MAX_WIDTH 1024
#define HTML_MAX_LINES 5000

/* ---- buffers ----------------------------------------------------------- */

static void sb_putc(nsb *b, char c)
{
	nsb_put(b, &c, 1);
}

/* ---- state ------------------------------------------------------------- */

typedef struct md {
	nsl_layout *l;
	const char *s;       /* decoded UTF-8 text */
	size_t *start, *end; /* byte span of each line, without \r\n */
	int nlines;
	int in_table;        /* the previous line was a table row */
	int close_line;      /* line of the next </table>, or -1: not sought */
	char *head;          /* text of the last heading kept */
	int table_since_head;
	int rc;
} md;

static void fail(md *m, int code, const char *msg)
{
	if (!m->rc)
		m->rc = nsl_fail(m->l, code, "%s", msg);
}

/* Every cell goes through here; the layout's caps stop copies of merged
 * HTML cells from growing it without bound. */
static void add_cell(md *m, const char *s, size_t n, ns_pos pos)
{
	if (!m->rc)
		m->rc = nsl_cell_add(m->l, s ? s : "", s ? n : 0, pos);
}

static void row_begin(md *m, int grid)
{
	if (!m->rc && nsl_row_begin(m->l, grid) != NS_OK)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
}

static int col_at(const char *line, size_t off)
{
	return (int)nst_utf8_len(line, off) + 1;
}

/* Bytes of the Unicode space at s (ASCII, NBSP, U+3000...), 0 if none. */
static int space_len(const char *s, size_t n)
{
	uint32_t cp;
	int k = nst_utf8_decode(s, n, &cp);
	return k && nst_is_space(cp) ? k : 0;
}

static size_t skip_space(const char *s, size_t i, size_t n)
{
	int k;
	while (i < n && (k = space_len(s + i, n - i)))
		i += (size_t)k;
	return i;
}

/* Drop trailing Unicode spaces (and leading ones the cleanup produced). */
static void sb_trim(nsb *b)
{
	while (b->n) {
		size_t i = b->n - 1;
		while (i > 0 && ((unsigned char)b->p[i] & 0xC0) == 0x80)
			i--;
		if (!space_len(b->p + i, b->n - i))
			break;
		b->n = i;
	}
	size_t lead = skip_space(b->p, 0, b->n);
	if (lead) {
		memmove(b->p, b->p + lead, b->n - lead);
		b->n -= lead;
	}
	if (b->p)
		b->p[b->n] = 0;
}

/* ---- inline cleanup ---------------------------------------------------- */

static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
	       (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

/* <br>, <br/>, <br /> in any case: length matched, or 0. */
static size_t br_len(const char *s, size_t n)
{
	if (n < 4 || strncasecmp(s, "<br", 3) != 0)
		return 0;
	size_t i = 3;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '/')
		i++;
	return i < n && s[i] == '>' ? i + 1 : 0;
}

/* Another inline HTML tag ("<p align=\"center\">", "</span>", "<img …/>",
 * "<!-- … -->") within the line: its length, or 0.  A renderer shows none
 * of it; the text between the tags is the report's.  "<5" or an autolink
 * "<http://…>" is no tag (a tag's name is followed by a space, / or >). */
static size_t tag_len(const char *s, size_t n)
{
	size_t i = 1;
	if (n >= 4 && strncmp(s, "<!--", 4) == 0) {
		for (i = 4; i + 2 < n; i++)
			if (strncmp(s + i, "-->", 3) == 0)
				return i + 3;
		return 0;
	}
	if (i < n && s[i] == '/')
		i++;
	size_t name = i;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	                 (i > name && ((s[i] >= '0' && s[i] <= '9') || s[i] == '-'))))
		i++;
	if (i == name || i >= n || (s[i] != ' ' && s[i] != '\t' && s[i] != '/' && s[i] != '>'))
		return 0;
	/* attributes: a value quoted may hold '>' and any text, one unquoted
	 * any text to a space ("face=宋体", Word's); an attribute's name is
	 * ASCII ("a<b 且 c>d" is prose) */
	for (char q = 0, bare = 0; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '<' || s[i] == '\n') {
			return 0;
		} else if (s[i] == '>') {
			return i + 1;
		} else if (s[i] == '=') {
			bare = 1;
		} else if (s[i] == ' ' || s[i] == '\t') {
			bare = 0;
		} else if ((unsigned char)s[i] >= 0x80 && !bare) {
			return 0;
		}
	}
	return 0;
}

/* Decode an HTML entity at s into b: its length, or 0 if not one we know
 * (then the '&' is text). */
static size_t entity(nsb *b, const char *s, size_t n)
{
	static const struct { const char *name; const char *utf8; } named[] = {
		{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
		{"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"}, {NULL, NULL}
	};
	for (int i = 0; named[i].name; i++) {
		size_t k = strlen(named[i].name);
		if (n >= k && memcmp(s, named[i].name, k) == 0) {
			nsb_put(b, named[i].utf8, strlen(named[i].utf8));
			return k;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	int hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2;
	uint32_t cp = 0;
	size_t digits = 0;
	for (; i < n && digits < 8; i++, digits++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0'
		      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (uint32_t)v;
	}
	if (!digits || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	char u[4];
	nsb_put(b, u, (size_t)nst_utf8_encode(cp, u));
	return i + 1;
}

/* Markdown inline syntax a converter puts around report text. */
static void clean(nsb *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k;
		/* bytes that start nothing are copied a run at a time, not one
		 * call each */
		if (s[i] != '\\' && s[i] != '*' && s[i] != '<' && s[i] != '&') {
			size_t j = i + 1;
			while (j < n && s[j] != '\\' && s[j] != '*' && s[j] != '<' && s[j] != '&')
				j++;
			nsb_put(b, s + i, j - i);
			i = j;
			continue;
		}
		unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (s[i] == '\\' && ascii_punct(next)) {
			sb_putc(b, s[i + 1]);
			i += 2;
		} else if (s[i] == '*' && next == '*') {
			i += 2;
		} else if (s[i] == '<' && (k = br_len(s + i, n - i))) {
			sb_putc(b, '\n');
			i += k;
		} else if (s[i] == '<' && (k = tag_len(s + i, n - i))) {
			i += k;
		} else if (s[i] == '&' && (k = entity(b, s + i, n - i))) {
			i += k;
		} else {
			sb_putc(b, s[i++]);
		}
	}
}

/* ---- line classes ------------------------------------------------------ */

static int blank(const char *s, size_t n)
{
	return skip_space(s, 0, n) == n;
}

/* Index of the next unescaped '|' in s[i..n), or n. */
static size_t next_pipe(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] != '|')
		i += s[i] == '\\' && i + 1 < n ? 2 : 1;
	return i < n ? i : n;
}

static int has_pipe(const char *s, size_t n)
{
	return next_pipe(s, 0, n) < n;
}

static int delim_cell(const char *s, size_t a, size_t z)
{
	a = skip_space(s, a, z);
	if (a < z && s[a] == ':')
		a++;
	size_t dashes = 0;
	while (a < z && s[a] == '-')
		a++, dashes++;
	if (a < z && s[a] == ':')
		a++;
	return dashes > 0 && skip_space(s, a, z) == z;
}

/* |---|:--:| : every cell dashes with optional colons, at least one pipe. */
static int delim_row(const char *s, size_t n)
{
	if (!has_pipe(s, n))
		return 0;
	size_t i = skip_space(s, 0, n), cells = 0;
	if (i < n && s[i] == '|')
		i++;
	while (i < n && !blank(s + i, n - i)) {
		size_t e = next_pipe(s, i, n);
		if (!delim_cell(s, i, e))
			return 0;
		cells++;
		i = e < n ? e + 1 : n;
	}
	return cells > 0;
}

/* A thematic break or setext underline: --- *** ___ === (spaces allowed). */
static int rule_line(const char *s, size_t n)
{
	size_t i = skip_space(s, 0, n), count = 0;
	if (i >= n || !strchr("-*_=", s[i]))
		return 0;
	char c = s[i];
	for (; i < n; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ' && s[i] != '\t')
			return 0;
	}
	return count >= 3;
}

static void line_span(const md *m, int i, const char **s, size_t *n)
{
	*s = m->s + m->start[i];
	*n = m->end[i] - m->start[i];
}

/* Does the line end with an unescaped '|' after some text, another pipe
 * before it: "规章 | 0 | 0 |", a table's row as a page's text dump writes
 * it (each cell followed by " | ", none before the first)?  One cell
 * alone ("0 |", where the dump wrote cells one a line) is left to be read
 * as the text it is, a value on its line: as a row of its own, each value
 * was a row apart from its label. */
static int trailing_pipe(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n >= 2 && s[n - 1] == '|' && s[n - 2] != '\\' &&
	       !blank(s, n - 1) && next_pipe(s, 0, n - 1) < n - 1;
}

static int table_row_at(const md *m, int i)
{
	const char *s, *t;
	size_t n, tn;
	line_span(m, i, &s, &n);
	if (!has_pipe(s, n))
		return 0;
	size_t a = skip_space(s, 0, n);
	if (s[a] == '|' || m->in_table)
		return 1;
	/* a row with no pipe before its first cell but one after its last
	 * ("第二十条第（一）项 |", "行政许可 | 0 |"): its cells are the same;
	 * read as text its pipes were words and its empty cells lost */
	if (trailing_pipe(s, n))
		return 1;
	if (i + 1 >= m->nlines)
		return 0;
	line_span(m, i + 1, &t, &tn);
	return delim_row(t, tn);
}

/* ---- text lines and pipe rows ------------------------------------------ */

/* Offset of the text after an ATX heading mark ("## "), trimming a closing
 * sequence from *n; `a` itself when the line is no heading. */
static size_t heading(const char *s, size_t a, size_t *n)
{
	size_t i = a, hashes = 0;
	while (i < *n && s[i] == '#' && hashes < 7)
		i++, hashes++;
	if (hashes == 0 || hashes > 6 || (i < *n && s[i] != ' ' && s[i] != '\t'))
		return a;
	/* closing sequence: " ##" at the end */
	size_t e = *n;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	/* attributes pandoc writes after it ("{#青川县…报告}", "{.unnumbered}"):
	 * no words of the heading */
	if (e > i && s[e - 1] == '}') {
		size_t o = e - 1;
		while (o > i && s[o - 1] != '{' && s[o - 1] != '}')
			o--;
		o = o > i ? o - 1 : i;
		if (s[o] == '{' && o > i && (s[o - 1] == ' ' || s[o - 1] == '\t') && o + 1 < e &&
		    (s[o + 1] == '#' || s[o + 1] == '.' || memchr(s + o, '=', e - o))) {
			e = o;
			while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
				e--;
			*n = e;
		}
	}
	size_t h = e;
	while (h > i && s[h - 1] == '#')
		h--;
	if (h < e && (h == i || s[h - 1] == ' ' || s[h - 1] == '\t'))
		*n = h;
	return skip_space(s, i, *n);
}

/* A heading with the text of the heading kept before, with table rows in
 * between: the caption a converter repeats over every piece of a table. */
static int repeated_heading(md *m, const nsb *b)
{
	if (m->head && m->table_since_head && strcmp(m->head, b->p) == 0)
		return 1;
	free(m->head);
	m->head = strdup(b->p);
	if (!m->head)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
	m->table_since_head = 0;
	return 0;
}

static void text_line(md *m, int i)
{
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	size_t a = skip_space(s, 0, n);
	size_t t = heading(s, a, &n);
	int is_head = t != a;
	if (!is_head && rule_line(s, n))
		return;
	nsb b = {0};
	clean(&b, s + t, n - t);
	sb_trim(&b);
	if (b.oom)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
	else if (b.n && !(is_head && repeated_heading(m, &b))) {
		row_begin(m, 0);
		add_cell(m, b.p, b.n, (ns_pos){0, i + 1, col_at(s, t)});
	}
	free(b.p);
}

/* The column of byte a of a line, counted on from the last cell's
 * (coff, ccol) instead of from the line's start for every cell (that was
 * quadratic in a row's length).  The same count: cells start after a '|'
 * and spaces, where a character starts. */
static int col_on(const char *s, size_t a, size_t *coff, int *ccol)
{
	*ccol += (int)nst_utf8_len(s + *coff, a - *coff);
	*coff = a;
	return *ccol;
}

static void pipe_cell(md *m, int i, const char *s, size_t a, size_t z, size_t *coff,
                      int *ccol)
{
	a = skip_space(s, a, z);
	nsb b = {0};
	clean(&b, s + a, z - a);
	sb_trim(&b);
	if (b.oom)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
	add_cell(m, b.p, b.n, (ns_pos){0, i + 1, col_on(s, a, coff, ccol)});
	free(b.p);
}

/* | a | b | → cells a, b.  The pipe after the last cell is optional; text
 * after it would be one more cell. */
static void pipe_row(md *m, int i)
{
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	size_t p = skip_space(s, 0, n);
	if (p < n && s[p] == '|')
		p++;
	if (blank(s + p, n - p))
		return;
	row_begin(m, 1);
	size_t coff = 0;
	int ccol = 1;
	while (p < n && !m->rc) {
		size_t e = next_pipe(s, p, n);
		pipe_cell(m, i, s, p, e, &coff, &ccol);
		if (e >= n || blank(s + e + 1, n - e - 1))
			break;
		p = e + 1;
	}
}

/* ---- grid tables (pandoc's) ---------------------------------------------
 *
 * +--------+--------+        a row is the lines between two borders; a
 * | 行     | 3      |        cell's lines, under the border's columns,
 * | 政规范 |        |        joined: "行政规范" (Chinese runs on; two ASCII
 * +========+========+        words keep a space).  A cell spanning columns
 * (pandoc draws none for rowspans) is cut at the border's columns. */

/* Is the line a grid table's border ("+---+===+", ':' for alignment)? */
static int grid_border(const char *s, size_t n)
{
	size_t i = skip_space(s, 0, n);
	if (i >= n || s[i] != '+')
		return 0;
	int cols = 0;
	for (; i < n; i++) {
		if (s[i] == '+')
			cols++;
		else if (s[i] != '-' && s[i] != '=' && s[i] != ':')
			return s[i] == ' ' && blank(s + i, n - i) && cols >= 2;
	}
	return cols >= 2;
}

#define GRID_MAXCOLS 32

/* The grid table whose border is line i: its rows as grid rows, each
 * cell its lines joined; how many lines it took (0: none). */
static int grid_table(md *m, int i)
{
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	size_t bound[GRID_MAXCOLS + 1]; /* the border's '+' columns, in bytes */
	int nb = 0;
	for (size_t k = 0; k < n && nb <= GRID_MAXCOLS; k++)
		if (s[k] == '+')
			bound[nb++] = k;
	if (nb < 2 || nb > GRID_MAXCOLS)
		return 0;
	nsb cell[GRID_MAXCOLS];
	memset(cell, 0, sizeof cell);
	int first = i + 1, j = i + 1, lines = 0;
	for (; j < m->nlines && !m->rc; j++) {
		const char *t;
		size_t tn;
		line_span(m, j, &t, &tn);
		if (grid_border(t, tn)) {
			if (lines) {
				row_begin(m, 1);
				for (int c = 0; c + 1 < nb; c++) {
					sb_trim(&cell[c]);
					add_cell(m, cell[c].p, cell[c].n, (ns_pos){0, first + 1,
					         col_at(s, bound[c]) + 1});
					free(cell[c].p);
					memset(&cell[c], 0, sizeof cell[c]);
				}
			}
			first = j + 1;
			lines = 0;
			continue;
		}
		size_t a = skip_space(t, 0, tn);
		if (a >= tn || t[a] != '|')
			break; /* the table's end */
		lines++;
		/* the line's cells between its pipes (its bytes are not the
		 * border's columns: a Han character is three bytes, two wide) */
		size_t x = a + 1;
		for (int c = 0; c + 1 < nb && x < tn; c++) {
			size_t z = next_pipe(t, x, tn);
			nsb piece = {0};
			clean(&piece, t + x, z - x);
			sb_trim(&piece);
			if (piece.n && cell[c].n) {
				unsigned char e = (unsigned char)cell[c].p[cell[c].n - 1];
				if (e < 0x80 && (unsigned char)piece.p[0] < 0x80)
					nsb_put(&cell[c], " ", 1);
			}
			nsb_put(&cell[c], piece.p, piece.n);
			if (piece.oom || cell[c].oom)
				fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
			free(piece.p);
			x = z + 1;
		}
	}
	for (int c = 0; c < GRID_MAXCOLS; c++)
		free(cell[c].p);
	return j - i;
}

/* ---- drawn tables (text browsers') ---------------------------------------
 *
 * ┌──────┬────┐      w3m and elinks draw a table's rules with box-drawing
 * │ 规章 │ 0  │      characters, links with ASCII ("+----+" around it,
 * ├──────┼────┤      "|----+----|" between its rows).  A row is the lines
 * │ 行政 │ 12 │      between two rules, each cell its lines' pieces joined
 * │ 规范 │    │      ("行政规范", values on any of the lines); the cells are
 * └──────┴────┘      cut at each line's own bars, not at a border's columns:
 * merged cells make the bars differ from row to row, and a browser lays the
 * columns out by display width (w3m, elinks) or by characters (links).  A
 * rule under only some columns ("│ 三、 ├────┼────┤": the cells on its left
 * span rows) ends the row too, and the words beside it (a merged label's
 * piece, a heading "自然人" of a header row) are a row of their own.  Read
 * as text, every line was a row apart (a label's second line a row of its
 * own, the header's pieces in no column) and the bars were words. */

/* A horizontal rule's character: - = ─ ━ ═ and the dashed ones. */
static int box_hrule(uint32_t cp)
{
	return cp == '-' || cp == '=' || cp == 0x2500 || cp == 0x2501 || cp == 0x2550 ||
	       (cp >= 0x2504 && cp <= 0x250B) || cp == 0x254C || cp == 0x254D;
}

/* A bar or a junction (│ ├ ┼ ┐ …, '|', and '+' where rules meet). */
static int box_vert(uint32_t cp)
{
	return cp == '|' || cp == '+' || (cp >= 0x2500 && cp <= 0x257F && !box_hrule(cp));
}

/* Kinds of a drawn table's line. */
enum { BOX_NONE, BOX_TEXT, BOX_RULE, BOX_PARTIAL };

/* The line's kind: BOX_RULE only rules and junctions ("├──┼──┤",
 * "|----+----|"), BOX_PARTIAL a rule beside text, BOX_TEXT cells between
 * bars, BOX_NONE not a line of a drawn table (its first character no bar
 * nor junction). */
static int box_kind(const char *s, size_t n)
{
	size_t i = skip_space(s, 0, n);
	uint32_t cp;
	int k = i < n ? nst_utf8_decode(s + i, n - i, &cp) : 0;
	if (!k || !box_vert(cp))
		return BOX_NONE;
	int rules = 0, text = 0, run = 0;
	for (; i < n; i += (size_t)k) {
		k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return BOX_NONE;
		if (box_hrule(cp)) {
			/* a run of three or more is a rule ("3-5" is text) */
			if (++run == 3)
				rules++;
		} else {
			if (run && run < 3)
				text = 1;
			run = 0;
			if (!box_vert(cp) && !nst_is_space(cp))
				text = 1;
		}
	}
	if (run && run < 3)
		text = 1;
	return rules ? (text ? BOX_PARTIAL : BOX_RULE) : BOX_TEXT;
}

/* Does a drawn table start at line i: a rule first ("┌───┬", "+----+"),
 * then lines of its cells?  An ASCII one is a browser's only with a rule
 * between its rows that starts with a bar ("|----+----|"): a rule of '+'
 * alone is pandoc's grid table, read by grid_table. */
static int box_table_at(md *m, int i)
{
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	if (box_kind(s, n) != BOX_RULE)
		return 0;
	size_t a = skip_space(s, 0, n);
	if ((unsigned char)s[a] == 0xE2)
		return 1; /* box-drawing characters */
	if (s[a] != '+')
		return 0; /* "|---|---|": a pipe table's delimiter row */
	for (int j = i + 1; j < m->nlines; j++) {
		line_span(m, j, &s, &n);
		int kind = box_kind(s, n);
		if (kind == BOX_NONE)
			return 0;
		a = skip_space(s, 0, n);
		if (kind == BOX_RULE && s[a] == '|')
			return 1;
	}
	return 0;
}

/* The pieces of a line between its bars: their byte spans; how many (at
 * most max).  Text before the first bar or after the last is no cell. */
static int box_cells(const char *s, size_t n, size_t *a, size_t *z, int max)
{
	int count = 0;
	size_t open = (size_t)-1; /* byte after the last bar */
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		int k = nst_utf8_decode(s + i, n - i, &cp);
		if (!k)
			break;
		if (box_vert(cp)) {
			if (open != (size_t)-1 && count < max) {
				a[count] = open;
				z[count++] = i;
			}
			open = i + (size_t)k;
		}
		i += (size_t)k;
	}
	return count;
}

/* Is the piece s[a..z) a rule under its cell ("─────", "------")? */
static int box_rule_piece(const char *s, size_t a, size_t z)
{
	int rule = 0;
	uint32_t cp;
	for (size_t i = a; i < z;) {
		int k = nst_utf8_decode(s + i, z - i, &cp);
		if (!k)
			return 0;
		if (box_hrule(cp))
			rule = 1;
		else if (!nst_is_space(cp))
			return 0;
		i += (size_t)k;
	}
	return rule;
}

#define BOX_MAXCOLS 64

typedef struct boxrow {
	nsb cell[BOX_MAXCOLS];
	ns_pos pos[BOX_MAXCOLS];
	int n;     /* cells; 0: no row open */
} boxrow;

static void box_flush(md *m, boxrow *r)
{
	if (r->n) {
		row_begin(m, 1);
		for (int c = 0; c < r->n; c++) {
			sb_trim(&r->cell[c]);
			add_cell(m, r->cell[c].p, r->cell[c].n, r->pos[c]);
		}
	}
	for (int c = 0; c < BOX_MAXCOLS; c++)
		free(r->cell[c].p);
	memset(r, 0, sizeof *r);
}

/* Piece s[a..z) of line i onto cell c of the row. */
static void box_put(md *m, boxrow *r, int c, int i, const char *s, size_t a, size_t z)
{
	nsb piece = {0};
	a = skip_space(s, a, z);
	clean(&piece, s + a, z - a);
	sb_trim(&piece);
	nsb *cell = &r->cell[c];
	if (piece.n && !cell->n)
		r->pos[c] = (ns_pos){0, i + 1, col_at(s, a)};
	if (piece.n && cell->n) {
		unsigned char e = (unsigned char)cell->p[cell->n - 1];
		if (e < 0x80 && (unsigned char)piece.p[0] < 0x80)
			nsb_put(cell, " ", 1);
	}
	if (piece.n)
		nsb_put(cell, piece.p, piece.n);
	if (piece.oom || cell->oom)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
	free(piece.p);
}

/* The drawn table whose first rule is line i: its rows as grid rows; how
 * many lines it took. */
static int box_table(md *m, int i)
{
	boxrow *r = calloc(1, sizeof *r);
	if (!r) {
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
		return 1;
	}
	size_t a[BOX_MAXCOLS], z[BOX_MAXCOLS];
	int j = i + 1;
	for (; j < m->nlines && !m->rc; j++) {
		const char *s;
		size_t n;
		line_span(m, j, &s, &n);
		int kind = box_kind(s, n);
		if (kind == BOX_NONE)
			break; /* the table's end */
		if (kind == BOX_RULE) {
			box_flush(m, r);
			continue;
		}
		int nc = box_cells(s, n, a, z, BOX_MAXCOLS);
		/* a rule under some cells ends the row: the row under it starts
		 * there, the words beside the rule the first pieces of the cells
		 * they stand in (a merged cell's, "自" of 自然人 whose "然人" is
		 * below), the rule's pieces the tops of cells with nothing */
		if (kind == BOX_PARTIAL || (r->n && r->n != nc))
			box_flush(m, r); /* (other bars: another row) */
		if (!r->n)
			for (int c = 0; c < nc; c++)
				r->pos[c] = (ns_pos){0, j + 1, col_at(s, a[c])};
		r->n = nc;
		for (int c = 0; c < nc; c++)
			if (kind != BOX_PARTIAL || !box_rule_piece(s, a[c], z[c]))
				box_put(m, r, c, j, s, a[c], z[c]);
	}
	box_flush(m, r);
	free(r);
	return j - i;
}

/* ---- HTML tables ------------------------------------------------------- */

typedef struct hcell {
	size_t off, len;     /* text in the table's buffer */
	ns_pos pos;          /* of the <td> until its text starts */
	int cs, rs;
	int seen;            /* some text seen */
} hcell;

typedef struct hrow {
	int first, n;
	ns_pos pos;          /* of the <tr>, for slots no cell fills */
} hrow;

typedef struct htab {
	hcell *c;
	int nc, capc;
	hrow *r;
	int nr, capr;
	nsb txt;
	int in_cell, space, bad;
} htab;

static int find_ci(const char *s, size_t n, const char *pat)
{
	size_t k = strlen(pat);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, pat, k) == 0)
			return (int)i;
	return -1;
}

static int tag_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int tag_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

/* Value of an integer attribute such as colspan="2" inside a tag. */
static int attr_int(const char *tag, size_t n, const char *name, int max)
{
	int at = find_ci(tag, n, name);
	if (at < 0)
		return 1;
	size_t i = (size_t)at + strlen(name);
	while (i < n && (tag[i] == ' ' || tag[i] == '=' || tag[i] == '"' ||
	                 tag[i] == '\''))
		i++;
	long v = 0;
	while (i < n && tag[i] >= '0' && tag[i] <= '9' && v <= max)
		v = v * 10 + (tag[i++] - '0');
	return v < 1 ? 1 : v > max ? max : (int)v;
}

static void h_end_cell(htab *t)
{
	if (!t->in_cell)
		return;
	hcell *c = &t->c[t->nc - 1];
	/* the cell's text is the tail of txt: trim it as a pipe cell */
	/* (no text yet: an empty first cell, and txt has no buffer) */
	nsb cell = {t->txt.p ? t->txt.p + c->off : NULL, t->txt.n - c->off, 0, 0};
	sb_trim(&cell);
	t->txt.n = c->off + cell.n;
	c->len = cell.n;
	t->in_cell = 0;
}

static void h_row(htab *t, ns_pos pos)
{
	h_end_cell(t);
	if (t->nr == t->capr) {
		int cap = t->capr ? t->capr * 2 : 16;
		hrow *r = realloc(t->r, (size_t)cap * sizeof *r);
		if (!r) {
			t->bad = 1;
			return;
		}
		t->r = r;
		t->capr = cap;
	}
	t->r[t->nr++] = (hrow){t->nc, 0, pos};
}

static void h_cell(htab *t, const char *tag, size_t n, ns_pos pos)
{
	h_end_cell(t);
	if (t->nr == 0)
		h_row(t, pos);
	if (t->bad)
		return;
	if (t->nc == t->capc) {
		int cap = t->capc ? t->capc * 2 : 64;
		hcell *c = realloc(t->c, (size_t)cap * sizeof *c);
		if (!c) {
			t->bad = 1;
			return;
		}
		t->c = c;
		t->capc = cap;
	}
	t->c[t->nc++] = (hcell){t->txt.n, 0, pos,
	                        attr_int(tag, n, "colspan", MAX_SPAN),
	                        attr_int(tag, n, "rowspan", MAX_SPAN), 0};
	t->r[t->nr - 1].n++;
	t->in_cell = 1;
	t->space = 0;
}

/* One tag at s (s[0] == '<'): act on it and return its length. */
static size_t h_tag(htab *t, const char *s, size_t n, ns_pos pos, int *depth)
{
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		int e = find_ci(s, n, "-->");
		return e < 0 ? n : (size_t)e + 3;
	}
	size_t i = 1;
	char quote = 0; /* a '>' inside a quoted attribute value ends nothing */
	for (; i < n && (quote || s[i] != '>'); i++) {
		if (quote && s[i] == quote)
			quote = 0;
		else if (!quote && (s[i] == '"' || s[i] == '\''))
			quote = s[i];
	}
	size_t len = i < n ? i + 1 : n;
	int close = n > 1 && s[1] == '/';
	const char *name = s + 1 + close;
	size_t k = 0;
	while (name + k < s + len && tag_char((unsigned char)name[k]))
		k++;
	if (tag_is(name, k, "table"))
		*depth += close ? -1 : 1;
	else if (close && (tag_is(name, k, "tr") || tag_is(name, k, "td") ||
	                   tag_is(name, k, "th")))
		h_end_cell(t);
	else if (tag_is(name, k, "tr"))
		h_row(t, pos);
	else if (tag_is(name, k, "td") || tag_is(name, k, "th"))
		h_cell(t, s, len, pos);
	else if (tag_is(name, k, "br") && t->in_cell) {
		while (t->txt.n && t->txt.p[t->txt.n - 1] == ' ')
			t->txt.n--;
		sb_putc(&t->txt, '\n');
		t->space = 1;
	}
	if (*depth > 1)
		t->bad = 1; /* a nested table: not a simple block */
	return len;
}

/* Cell text: whitespace collapsed as a browser would, entities decoded. */
static size_t h_text(htab *t, const char *s, size_t n, ns_pos pos)
{
	if (!t->in_cell)
		return 1;
	hcell *c = &t->c[t->nc - 1];
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		if (!t->space && t->txt.n > c->off)
			sb_putc(&t->txt, ' ');
		t->space = 1;
		return 1;
	}
	if (!c->seen && !space_len(s, n)) {
		c->pos = pos;
		c->seen = 1;
	}
	t->space = 0;
	size_t k = s[0] == '&' ? entity(&t->txt, s, n) : 0;
	if (k)
		return k;
	k = 1;
	while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
		k++;
	nsb_put(&t->txt, s, k);
	return k;
}

/* Scan the block s[0..n) that starts at (line, col) into t. */
static void h_scan(htab *t, const char *s, size_t n, int line, int col)
{
	int depth = 0;
	for (size_t i = 0; i < n && !t->bad;) {
		ns_pos pos = {0, line, col};
		size_t k = s[i] == '<' ? h_tag(t, s + i, n - i, pos, &depth)
		                       : h_text(t, s + i, n - i, pos);
		for (size_t j = i; j < i + k; j++) {
			if (s[j] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)s[j] & 0xC0) != 0x80) {
				col++;
			}
		}
		i += k;
	}
	h_end_cell(t);
	if (t->txt.oom)
		t->bad = 1;
}

static void h_put(md *m, const htab *t, const hcell *h, int emit)
{
	if (emit)
		add_cell(m, t->txt.p ? t->txt.p + h->off : "", h->len, h->pos);
}

/* Lay rows out on the grid, rowspan/colspan copies keeping their origin's
 * position; slots no cell covers are empty.  With emit == 0 only measure:
 * return the width the rows reach. */
static int h_grid(md *m, htab *t, int width, int emit)
{
	int *left = calloc((size_t)width, sizeof *left); /* rows still spanned */
	hcell **org = calloc((size_t)width, sizeof *org);
	int maxw = 0;
	if (!left || !org)
		fail(m, NS_ERR_NOMEM, "out of memory reading Markdown");
	for (int r = 0; r < t->nr && !m->rc; r++) {
		hrow *row = &t->r[r];
		int c = 0;
		if (emit)
			row_begin(m, 1);
		for (int k = 0; k < row->n && c < width; k++) {
			/* columns held by a rowspan from above come first */
			for (; c < width && left[c] > 0; c++) {
				left[c]--;
				h_put(m, t, org[c], emit);
			}
			hcell *h = &t->c[row->first + k];
			int rs = h->rs < t->nr - r ? h->rs : t->nr - r;
			for (int x = 0; x < h->cs && c < width; x++, c++) {
				left[c] = rs - 1;
				org[c] = h;
				h_put(m, t, h, emit);
			}
		}
		if (c > maxw)
			maxw = c;
		for (; c < width; c++) {
			if (left[c] > 0) {
				left[c]--;
				maxw = c + 1 > maxw ? c + 1 : maxw;
				h_put(m, t, org[c], emit);
			} else if (emit) {
				add_cell(m, "", 0, row->pos);
			}
		}
	}
	free(left);
	free(org);
	return maxw;
}

static void h_free(htab *t)
{
	free(t->c);
	free(t->r);
	free(t->txt.p);
}

/* Tags a converter wraps a table in (MinerU: "<html><body><table>…
 * </table></body></html>", others a <div align="center">): past them, from
 * a, to the first other character; closing ones after a table when
 * `closing`. */
static size_t skip_wrappers(const char *s, size_t a, size_t n, int closing)
{
	static const char *const tags[] = {"html", "body", "div", "center", "figure", "p", NULL};
	for (;;) {
		a = skip_space(s, a, n);
		size_t t = a + 1 + (size_t)(closing != 0);
		if (a >= n || s[a] != '<' || (closing && (t > n || s[a + 1] != '/')))
			return a;
		int k = 0;
		for (; tags[k]; k++) {
			size_t l = strlen(tags[k]);
			if (t + l <= n && strncasecmp(s + t, tags[k], l) == 0 &&
			    (t + l == n || s[t + l] == '>' || s[t + l] == ' '))
				break;
		}
		const char *gt = tags[k] ? memchr(s + t, '>', n - t) : NULL;
		if (!gt)
			return a;
		a = (size_t)(gt - s) + 1;
	}
}

/* The lines from i to the first </table> hold one <table> block with nothing
 * after it but the closing tags of its wrappers: the number of lines, or 0
 * when the block is not there.  Where
 * the next </table> stands is remembered, so that a file of unterminated
 * <table> lines costs one pass, not one per line. */
static int html_block_end(md *m, int i)
{
	if (m->close_line < i) {
		int j = i;
		for (; j < m->nlines; j++) {
			const char *s;
			size_t n;
			line_span(m, j, &s, &n);
			if (find_ci(s, n, "</table>") >= 0)
				break;
		}
		m->close_line = j;
	}
	int j = m->close_line;
	if (j >= m->nlines || j - i >= HTML_MAX_LINES)
		return 0;
	const char *s;
	size_t n;
	line_span(m, j, &s, &n);
	size_t e = skip_wrappers(s, (size_t)find_ci(s, n, "</table>") + 8, n, 1);
	return blank(s + e, n - e) ? j - i + 1 : 0;
}

/* An HTML table at line i laid out as grid rows: the lines used, or 0 to
 * leave the block as text. */
static int html_table(md *m, int i)
{
	int nl = html_block_end(m, i);
	if (nl == 0)
		return 0;
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	size_t a = skip_wrappers(s, 0, n, 0);
	size_t z = m->end[i + nl - 1];
	htab t = {0};
	h_scan(&t, s + a, z - m->start[i] - a, i + 1, col_at(s, a));
	if (t.bad || t.nc == 0) {
		h_free(&t);
		return 0;
	}
	int width = h_grid(m, &t, MAX_WIDTH, 0);
	h_grid(m, &t, width, 1);
	h_free(&t);
	return nl;
}

static int html_table_start(const char *s, size_t n)
{
	size_t a = skip_wrappers(s, 0, n, 0);
	return n - a >= 6 && strncasecmp(s + a, "<table", 6) == 0 &&
	       (n - a == 6 || s[a + 6] == '>' || s[a + 6] == ' ');
}

/* ---- driver ------------------------------------------------------------ */

static int split_lines(md *m, size_t len)
{
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		if (m->s[i] == '\n')
			count++;
	/* two offsets per line: 60 MB of blank lines would take 16 times
	 * that.  A report has a few thousand lines; the layout's cell cap
	 * bounds them as it bounds cells. */
	if (count > (size_t)m->l->max_cells)
		return 1;
	m->start = malloc((size_t)count * sizeof *m->start);
	m->end = malloc((size_t)count * sizeof *m->end);
	if (!m->start || !m->end)
		return -1;
	size_t a = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && m->s[i] != '\n')
			continue;
		size_t e = i;
		if (e > a && m->s[e - 1] == '\r')
			e--;
		m->start[m->nlines] = a;
		m->end[m->nlines++] = e;
		a = i + 1;
	}
	return 0;
}

static void rc_too_many_lines(md *m)
{
	if (!m->rc)
		m->rc = nsl_fail(m->l, NS_ERR_TOO_LARGE, "Markdown of more than %d lines: "
		                 "over what a report can have", m->l->max_cells);
}

/* An HTML comment that opens on line i ("<!--" first on it) and closes on
 * a later one: the lines it takes, or 0 (one closed on its own line is
 * dropped with the line's other tags, tag_len). */
static int comment_lines(md *m, int i)
{
	const char *s;
	size_t n;
	line_span(m, i, &s, &n);
	size_t k = skip_space(s, 0, n);
	if (n - k < 4 || memcmp(s + k, "<!--", 4) != 0 || memmem(s + k + 4, n - k - 4, "-->", 3))
		return 0;
	for (int j = i + 1; j < m->nlines; j++) {
		line_span(m, j, &s, &n);
		if (memmem(s, n, "-->", 3))
			return j - i + 1;
	}
	return 0; /* never closed: left as text */
}

static void one_line(md *m, int *i)
{
	const char *s;
	size_t n;
	line_span(m, *i, &s, &n);
	int used;
	if (blank(s, n)) {
		m->in_table = 0;
	} else if ((used = comment_lines(m, *i)) > 0) {
		/* an HTML comment over lines: no text of the report */
		m->in_table = 0;
		*i += used;
		return;
	} else if (box_table_at(m, *i) && (used = box_table(m, *i)) > 0) {
		m->in_table = 0;
		m->table_since_head = 1;
		*i += used;
		return;
	} else if (grid_border(s, n) && (used = grid_table(m, *i)) > 0) {
		m->in_table = 0;
		m->table_since_head = 1;
		*i += used;
		return;
	} else if (html_table_start(s, n) && (used = html_table(m, *i)) > 0) {
		m->in_table = 0;
		m->table_since_head = 1;
		*i += used;
		return;
	} else if (delim_row(s, n)) {
		m->in_table = 1;
	} else if (table_row_at(m, *i)) {
		pipe_row(m, *i);
		m->in_table = 1;
		m->table_since_head = 1;
	} else {
		m->in_table = 0;
		text_line(m, *i);
	}
	(*i)++;
}

int nsl_load_md(nsl_layout *l, const char *buf, size_t len,
                const nsl_limits *lim)
{
	long long max_in = lim && lim->input_bytes > 0 ? lim->input_bytes : 0;
	l->media_type = MD_MEDIA;
	if (!buf || len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "empty input: no Markdown text");
	if (max_in && (long long)len > max_in)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "Markdown of %zu bytes is "
		                "over the input limit of %lld", len, max_in);
	char *text = NULL;
	size_t tlen = 0, bad = 0;
	const char *enc = NULL;
	if (nst_to_utf8(buf, len, lim && lim->utf8 ? nst_utf8_checked : NULL, &text, &tlen,
	                &enc, &bad) != 0)
		return nsl_fail(l, NS_ERR_ENCODING, "Markdown is neither UTF-8 "
		                "nor GB18030: undecodable byte at line %d (offset %zu)",
		                nst_line_at(buf, len, bad), bad);
	l->encoding = enc;
	l->encoding_at = bad;
	/* copies of merged HTML cells may grow the text, within reason */
	l->max_bytes = (long long)tlen * 16 + (1 << 20);
	md m = {l, text, NULL, NULL, 0, 0, -1, NULL, 0, NS_OK};
	int sr = split_lines(&m, tlen);
	if (sr > 0)
		rc_too_many_lines(&m);
	else if (sr < 0)
		fail(&m, NS_ERR_NOMEM, "out of memory reading Markdown");
	for (int i = 0; i < m.nlines && !m.rc;)
		one_line(&m, &i);
	int rc = m.rc;
	if (!rc && l->nrows == 0)
		rc = nsl_fail(l, NS_ERR_EMPTY, "Markdown has no text");
	free(m.head);
	free(m.start);
	free(m.end);
	free(text);
	return rc;
}
