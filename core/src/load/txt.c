/* txt.c — plain text (as extracted from PDF or saved from a portal page).
 * One row per line; cells split at tabs and at runs of two or more spaces,
 * the visible gaps of text laid out as a table.  Cells of a file without
 * tabs carry their character columns (see add_line). */
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
		} else if (cp == ' ' || cp == 0xA0) {
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

/* The end of the value field starting at i: the first byte that may start
 * a gap (a value has none in it). */
static size_t field_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != ' ' && s[i] != '\t' && (unsigned char)s[i] != 0xE3 &&
	       (unsigned char)s[i] != 0xC2)
		i++;
	return i;
}

/* Do the tab-separated fields of the line s run label, values to its end,
 * the values right after the label (no field left empty between them)
 * and up to the line's end, some of them empty?  Only then does an empty
 * field say which column it leaves blank: one before the first value or
 * after the last could be a column as well as layout (a merged label
 * cell, a trailing tab), and the row is left to the mapper as before;
 * so are tabs before a row of values without a label, which are as often
 * its indentation under a label wrapped above as an empty first field. */
static int tight_values(const char *s, size_t n)
{
	/* two tabs in a row, or no field is empty (memchr: glibc's memmem
	 * costs more than the rest of the line's reading) */
	const char *t = memchr(s, '\t', n);
	while (t && t + 1 < s + n && t[1] != '\t')
		t = memchr(t + 1, '\t', (size_t)(s + n - t - 1));
	if (!t || t + 1 >= s + n)
		return 0;
	int k = 0, first = -1, prev_empty = 1, last_empty = 1;
	for (size_t i = 0; i <= n; k++) {
		const char *tab = memchr(s + i, '\t', n - i);
		size_t e = tab ? (size_t)(tab - s) : n, a = i, b = e;
		while (a < b && (s[a] == ' ' || s[a] == '\r'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r'))
			b--;
		int empty = a == b, value = !empty && value_field(s + a, b - a);
		if (first < 0 && value) {
			if (k > 0 && prev_empty)
				return 0;
			first = k;
		} else if (first >= 0 && !empty && !value) {
			return 0; /* words among the values */
		}
		prev_empty = last_empty = empty;
		i = e + 1;
		if (!tab)
			break;
	}
	return first >= 0 && !last_empty;
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
 * whose values are tight (tight_values).  Nowhere else: around labels
 * and headers, tabs are as often layout (merged cells, indentation) as
 * fields. */
static int add_line(nsl_layout *l, const char *s, size_t n, int line, int xknown)
{
	int tight = !xknown && tight_values(s, n);
	int rc = nsl_row_begin(l, 0);
	if (rc)
		return rc;
	size_t i = 0, start = 0;
	int col = 1, start_col = 1;
	float x = 0, start_x = 0, end_x = 0; /* end_x: after the last non-space */
	while (i < n) {
		size_t gap;
		/* a gap starts with a space, a tab, U+3000 (E3 80 80) or NBSP
		 * (C2 A0): any other byte is a character, without asking */
		unsigned char b = (unsigned char)s[i];
		if ((b == ' ' || b == '\t' || b == 0xE3 || b == 0xC2) && is_gap_at(s, n, i, &gap)) {
			if (i > start &&
			    (rc = nsl_cell_add_x(l, s + start, i - start, (ns_pos){0, line, start_col},
			                         xknown ? start_x : 0, xknown ? end_x : 0)))
				return rc;
			int tabs = 0;
			for (size_t t = i; t < i + gap; t++)
				tabs += s[t] == '\t';
			if (tight && tabs >= 2 && i > start && value_field(s + start, i - start) &&
			    value_field(s + i + gap, field_end(s, n, i + gap) - (i + gap))) {
				/* an empty cell where each field starts (after a tab) */
				int c = col, seen = 0;
				for (size_t t = i; t < i + gap && rc == NS_OK; t++, c++)
					if (s[t] == '\t' && seen++ > 0)
						rc = nsl_cell_add_x(l, "", 0, (ns_pos){0, line, c}, 0, 0);
				if (rc)
					return rc;
			}
			size_t gl = nst_utf8_len(s + i, gap);
			col += (int)gl;
			x += (float)gl;
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
			x += 1;
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

/* Text that is mostly control bytes is binary junk, not a report. */
static int looks_binary(const char *s, size_t n)
{
	if (memchr(s, 0, n))
		return 1;
	/* control bytes other than line breaks, tabs and form feeds: a table,
	 * one load per byte */
	static const unsigned char ctl_byte[32] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	size_t ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20)
			ctl += ctl_byte[c];
	}
	return ctl * 50 > n;
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
		                "neither UTF-8 nor GB18030: undecodable byte 0x%02X at offset %zu",
		                (unsigned char)buf[bad < len ? bad : 0], bad);
	l->encoding = enc;
	l->media_type = "text/plain";
	if (looks_binary(text, n)) {
		free(text);
		return nsl_fail(l, NS_ERR_FORMAT, "binary data, not a text report");
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
	int rc = NS_OK, line = 1, content = 0;
	/* A tab has no width of its own (8 columns in a terminal, a cell in a
	 * spreadsheet paste): text with tabs has no columns to trust. */
	int xknown = memchr(text, '\t', n) == NULL;
	size_t i = 0;
	while (i <= n && rc == NS_OK) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		size_t le = e;
		if (le > i && text[le - 1] == '\r')
			le--;
		if (line <= 30)
			header_hint(l, text + i, le - i);
		if (le > i) {
			rc = add_line(l, text + i, le - i, line, xknown);
			content |= has_text(text + i, le - i);
		}
		line++;
		if (!nl)
			break;
		i = e + 1;
	}
	free(text);
	if (rc) /* the layout said what went wrong (a cap, or memory): keep it */
		return l->errmsg[0] ? rc : nsl_fail(l, rc, "out of memory");
	if (!content)
		return nsl_fail(l, NS_ERR_EMPTY, "the file has no text");
	return NS_OK;
}
