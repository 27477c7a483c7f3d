/*
 * tables.c — t2, t3 and t4 out of the flattened document.
 *
 * The road: the region of a table (its section's body) is cut into segments
 * (text, number, blank); text segments build a row label and the numbers
 * after it are that row's values (a "unit").  Each unit's label is matched to
 * a template row by a tail-anchored alignment (group labels and headers that
 * precede a label cost nothing, characters after it do), preferring template
 * order.  Values are then placed by solve.c, which splits glued digits and
 * places a lost cell only where the template's arithmetic leaves one answer.
 */
#include "solve.h"
#include "text/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- segments --------------------------------------------------------- */

static int is_digit(uint32_t f) { return f >= '0' && f <= '9'; }

typedef struct segs {
	nsm_seg *v;
	int n, cap;
} segs;

static int seg_push(segs *s, nsm_seg g)
{
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 256;
		nsm_seg *p = realloc(s->v, (size_t)cap * sizeof *p);
		if (!p)
			return -1;
		s->v = p;
		s->cap = cap;
	}
	/* adjacent text merges: a label is one text run */
	if (g.kind == NSM_SEG_TEXT && s->n && s->v[s->n - 1].kind == NSM_SEG_TEXT &&
	    s->v[s->n - 1].b <= g.a) {
		s->v[s->n - 1].b = g.b;
		return 0;
	}
	s->v[s->n++] = g;
	return 0;
}

/* A whole token that stands for "nothing here". */
static int is_blank_token(const nsm_doc *d, int a, int b)
{
	if (b - a == 1) {
		uint32_t f = d->c[a].fold;
		return f == '/' || f == '-' || f == 0x65E0 /* 无 */ ||
		       f == 0x7A7A /* 空 */ || f == '\\' || f == 0xD7 /* × */;
	}
	for (int i = a; i < b; i++)
		if (d->c[i].fold != '-')
			return 0;
	return 1;
}

/* Suffixes that make a digit run part of the text, not a value. */
static int text_suffix(uint32_t f)
{
	switch (f) {
	case 0x5E74: /* 年 */ case 0x6708: /* 月 */ case 0x65E5: /* 日 */
	case 0x53F7: /* 号 */ case '%': case 0x9875: /* 页 */ case 0x9879: /* 项 */
	case 0x6B3E: /* 款 */ case 0x5B63: /* 季 */ case 0x65F6: /* 时 */
		return 1;
	}
	return 0;
}

/* A text suffix after the spaces at b, on the same line and in the same
 * cell ("2020 年"): only plain spaces between, never a gap between cells. */
static int spaced_suffix(const nsm_doc *d, int b)
{
	int i = b;
	while (i < d->n && i - b < 2 && d->c[i].fold == ' ' && d->c[i].cell == d->c[b].cell)
		i++;
	return i > b && i < d->n && d->c[i].cell == d->c[b].cell && text_suffix(d->c[i].fold);
}

/* Units written inside a cell: 元, 万元, 件, 条, 个, 次, or one of them in
 * brackets ("4186（件）", "3.42(万元)"). */
static int unit_len(const nsm_doc *d, int i, int b)
{
	if (i >= b)
		return 0;
	uint32_t f = d->c[i].fold;
	if (f == '(') {
		int u = i + 1 < b && d->c[i + 1].fold != '(' ? unit_len(d, i + 1, b) : 0;
		return u && i + 1 + u < b && d->c[i + 1 + u].fold == ')' ? u + 2 : 0;
	}
	if (f == 0x4E07 /* 万 */) /* 万元; 万 before a count's unit, or alone */
		return i + 1 < b && nsm_unit_char(d->c[i + 1].fold) ? 2 : 1;
	if ((f == 0x4EBF /* 亿 */ || f == 0x5343 /* 千 */) && i + 1 < b &&
	    d->c[i + 1].fold == 0x5143 /* 元 */)
		return 2; /* kept as written, said (cell.unit): not the column's 万元 */
	if (f == 0x5143 /* 元 */ || f == 0x4EF6 /* 件 */ || f == 0x6761 /* 条 */ ||
	    f == 0x4E2A /* 个 */ || f == 0x6B21 /* 次 */)
		return 1;
	return 0;
}

/* A unit at i that counts in ten thousands (万, 万件; not 万元, an amount's
 * own unit): the figure before it is that many 万 (nsm_seg.unit 2). */
static int in_wan(const nsm_doc *d, int i, int u)
{
	return u && d->c[i].fold == 0x4E07 && !(u == 2 && d->c[i + 1].fold == 0x5143);
}

/* Is char a the first of its line but for gaps? */
static int line_starts_at(const nsm_doc *d, int a)
{
	for (int i = a - 1; i >= 0; i--) {
		uint32_t f = d->c[i].fold;
		if (f == NSM_GAP_ROW)
			return 1;
		if (f != ' ' && f != NSM_GAP_TAB && f != NSM_GAP_CELL)
			return 0;
	}
	return 1;
}

/* Does a label follow char b on its line, past gaps: a Han character
 * that is no unit (件, 条…), nor a blank cell's mark standing alone ("无",
 * "空": "1 无 无 无 1", tabs apart, is t4's printed row, its first value 1, not
 * an item 1 labelled 无)? */
static int label_follows(const nsm_doc *d, int b)
{
	while (b < d->n && nsm_row_gap(d->c[b].fold))
		b++;
	if (b >= d->n || !nst_is_han(d->c[b].fold) || nsm_unit_char(d->c[b].fold))
		return 0;
	return !((d->c[b].fold == 0x65E0 /* 无 */ || d->c[b].fold == 0x7A7A /* 空 */) &&
	         (b + 1 == d->n || nsm_gap(d->c[b + 1].fold)));
}

/* The 2019 template's 本年增/减 as words before a figure at i ("减4",
 * "减少4", "增加3", a cell of its own): their length, 0 when none. */
static int change_words(const nsm_doc *d, int i, int b)
{
	uint32_t f = d->c[i].fold;
	if (f != 0x51CF /* 减 */ && f != 0x589E /* 增 */)
		return 0;
	int w = i + 1 + (i + 1 < b && (d->c[i + 1].fold == 0x5C11 || /* 少 */
	                               d->c[i + 1].fold == 0x52A0)); /* 加 */
	return w < b && is_digit(d->c[w].fold) ? w - i : 0;
}

/* Letters an OCR engine reads for digits: O o for 0, l I for 1, S s for
 * 5, B for 8, Z z for 2. */
static int ocr_letter(uint32_t f)
{
	return f == 'O' || f == 'o' || f == 'l' || f == 'I' || f == 'S' || f == 's' ||
	       f == 'B' || f == 'Z' || f == 'z';
}

/* A token of digits with such a letter among them ("S8", "1Z", "4l86",
 * "2O"): a figure OCR garbled, one cell, its value unreadable.  Split at
 * the letter it gave a part of the figure as the cell's value ("S8" read
 * 8) and the letter as a label.  A token of these letters alone ("O") is
 * not one: it is read as it was (words), as is any token with other
 * characters ("H5", "2O24年"). */
static int ocr_garbled(const nsm_doc *d, int a, int b)
{
	int digits = 0, letters = 0;
	if (b - a > 12)
		return 0;
	for (int i = a; i < b; i++) {
		uint32_t f = d->c[i].fold;
		if (is_digit(f))
			digits++;
		else if (ocr_letter(f))
			letters++;
		else if (!(f == '.' || f == ',' || f == 0x3002) || i == a || i == b - 1)
			return 0;
	}
	return digits && letters;
}

/* Punctuation only (a comma or a full stop between figures): no label. */
static int punct_only(const nsm_doc *d, int a, int b)
{
	for (int i = a; i < b; i++) {
		uint32_t f = d->c[i].fold;
		if (!(f == ',' || f == 0x3002 || f == 0xFF0C))
			return 0;
	}
	return b > a;
}

/* "3." ending its token with a figure the next on its line ("3. 42"): a
 * decimal point read apart from its fraction, or a stray point, not the
 * number of a label (a label follows its number, a figure never does). */
static int point_before_figure(const nsm_doc *d, int b)
{
	int i = b;
	while (i < d->n && d->c[i].fold == ' ')
		i++;
	return i > b && i < d->n && is_digit(d->c[i].fold);
}

/* Split one token [a, b) into text and number segments. */
static int classify(const nsm_doc *d, int a, int b, segs *out)
{
	if (is_blank_token(d, a, b))
		return seg_push(out, (nsm_seg){NSM_SEG_BLANK, a, b, 0, 0, 0, 0});
	if (ocr_garbled(d, a, b))
		return seg_push(out, (nsm_seg){NSM_SEG_BLANK, a, b, 0, 0, 0, 1});
	/* 〇 or 零 alone (folded to 零): a zero in Chinese (solve.c reads it) */
	if (b - a == 1 && d->c[a].fold == 0x96F6)
		return seg_push(out, (nsm_seg){NSM_SEG_NUM, a, b, 0, 0, 0, 0});
	int i = a, text_from = a;
	while (i < b) {
		uint32_t f = d->c[i].fold;
		int sign = 0;
		if ((f == '-' || f == '+') && i == a && i + 1 < b && is_digit(d->c[i + 1].fold))
			sign = 1;
		else if (i == a && b - a <= 8)
			sign = change_words(d, i, b); /* parse_value reads 减 as its minus */
		if (!sign && !is_digit(f)) {
			i++;
			continue;
		}
		int s = i, e = i + sign;
		while (e < b && is_digit(d->c[e].fold))
			e++;
		int dec = 0, commas = 0;
		/* thousands separators: 1,234,567 */
		while (e + 3 < b + 1 && e < b && d->c[e].fold == ',' && e + 3 <= b &&
		       is_digit(d->c[e + 1].fold) && is_digit(d->c[e + 2].fold) &&
		       is_digit(d->c[e + 3].fold) &&
		       (e + 4 >= b || !is_digit(d->c[e + 4].fold))) {
			e += 4;
			commas = 1;
		}
		uint32_t next = e < b ? d->c[e].fold : 0;
		uint32_t prev = s > a ? d->c[s - 1].fold : 0;
		int numbering = 0;
		if (next == '.' && e + 1 < b && is_digit(d->c[e + 1].fold)) {
			e++;
			while (e < b && is_digit(d->c[e].fold))
				e++;
			dec = 1;
			next = e < b ? d->c[e].fold : 0;
		} else if (next == '.' && e + 1 == b && s == a && !commas && !sign &&
		           point_before_figure(d, b)) {
			return seg_push(out, (nsm_seg){NSM_SEG_BLANK, a, b, 0, 0, 0, 1});
		} else if ((next == '.' || next == 0x3001 /* 、 */) && !commas && !sign) {
			numbering = 1; /* "2.其他…", "1、…": the last digit numbers a label */
		}
		if (prev == '(' && next == ')')
			numbering = 2; /* "(1)" */
		/* "1 属于国家秘密": a figure 1 to 9 that starts its line, the
		 * row's label after it (not its unit: "37 件") */
		if (!dec && !commas && !sign && e == b && e - s == 1 && s == a &&
		    d->c[s].fold != '0' && line_starts_at(d, a) && label_follows(d, b))
			numbering = 2;
		/* a table's 序号 column: a number 1 to 99 alone in the first cell
		 * of a table's row, its label in the next (no value stands
		 * before its row's label in a grid) */
		if (!dec && !commas && !sign && e == b && e - s <= 2 && s == a &&
		    d->c[s].fold != '0' && d->l->rows[d->c[s].row].grid &&
		    d->c[s].cell == d->l->rows[d->c[s].row].first_cell && label_follows(d, b))
			numbering = 2;
		if (prev == 0x7B2C /* 第 */ || (text_suffix(next) && !dec))
			numbering = 2; /* "第3", "2023年", "50%" */
		/* "2020 年，我单位…": a PDF's text sets a date's figures apart
		 * from their 年, 月, 日 with a space (the token ends at it); a
		 * table's value is never followed by one.  Read as a value, the
		 * year of a sentence above t4 was taken for its printed row. */
		if (e == b && !dec && spaced_suffix(d, b))
			numbering = 2;
		/* ".42" (an amount in 万元 typed without its 0, to the hundred
		 * 元): the point is the number's, never text before 42.  Only
		 * two digits: ".3" or ".4186" in a column of counts is a stray
		 * point before a count */
		if (prev == '.' && s == a + 1 && e - s == 2 && !sign && !dec && !commas && !numbering)
			s = a, dec = 1;
		if (numbering == 2) {
			i = e;
			continue;
		}
		int value_end = e;
		if (numbering == 1)
			value_end = e - 1; /* glued values, then the label's number */
		if (value_end > s) {
			if (s > text_from && !punct_only(d, text_from, s) &&
			    seg_push(out, (nsm_seg){NSM_SEG_TEXT, text_from, s, 0, 0, 0, 0}))
				return -1;
			int u = numbering ? 0 : unit_len(d, e, b);
			int unit = u == 0 ? 0 : in_wan(d, e, u) ? 2 : 1;
			if (seg_push(out, (nsm_seg){NSM_SEG_NUM, s, value_end, dec, unit, sign, 0}))
				return -1;
			text_from = e + u;
			if (numbering)
				text_from = value_end;
			i = e + u;
			continue;
		}
		i = e;
	}
	if (b > text_from && !(text_from > a && punct_only(d, text_from, b)))
		return seg_push(out, (nsm_seg){NSM_SEG_TEXT, text_from, b, 0, 0, 0, 0});
	return 0;
}

static int label_char(uint32_t f);

/* How many label characters segment g holds. */
static int seg_label_chars(const nsm_doc *d, const nsm_seg *g)
{
	int n = 0;
	for (int i = g->a; i < g->b; i++)
		n += label_char(d->c[i].fold) != 0;
	return n;
}

/* ---- figures in sentences ------------------------------------------------
 *
 * A sentence in a table's region may count what the table's rows count:
 * "本年度通过信用中国网站公示行政许可5200，行政处罚310，行政强制40。" before t2.
 * Its figures stood first under labels naming rows, and took those rows
 * from the table (whose own rows then matched none), silently.  A figure
 * followed (after its unit) by a comma, 、 or ； and words, or ending a
 * sentence with 。, is a sentence's: every figure of that sentence (from
 * 。 or ；, the line's start or the last figure before it that is no
 * sentence's, to 。 or ； or the line's end) is words.  A table's value is
 * followed by another value, a gap, the line's end or a row's label,
 * never by a clause. */

static int same_line(const nsm_doc *d, int i, int row)
{
	return i >= 0 && i < d->n && d->c[i].row == row && d->c[i].fold != NSM_GAP_ROW;
}

static int sentence_end(uint32_t f) { return f == 0x3002 || f == ';'; }

/* Is the figure g a sentence's: followed (after its unit) by a comma, 、
 * or ； and words, or by 。?  A table's value is followed by another
 * value, a gap, the line's end or (glued) the next row's label. */
static int sentence_figure(const nsm_doc *d, const nsm_seg *g)
{
	/* a sentence's words stand before its figure, in its cell: a cell
	 * that starts with its figure ("37，均已公示") is a value remarked on.
	 * A space may part them where the figure is set apart on both sides,
	 * as a PDF's text sets figures in Chinese prose ("共收到政府信息公开
	 * 申请 66 件，上年结转 2 件"); "行政许可 37，均已公示" stays a value.
	 * One space only: a run of them is a column's gap (the text loader
	 * parts cells at two; a Markdown text line keeps the run in its cell,
	 * "行政许可          4186 件，均已公示" a row's value remarked on). */
	int q = g->a - 1;
	if (g->b < d->n && d->c[g->b].fold == ' ' && d->c[g->b].cell == d->c[g->a].cell &&
	    q >= 1 && d->c[q].fold == ' ' && d->c[q].cell == d->c[g->a].cell &&
	    d->c[q - 1].fold != ' ')
		q--;
	if (q < 0 || d->c[q].cell != d->c[g->a].cell || nsm_gap(d->c[q].fold))
		return 0;
	int row = d->c[g->a].row, e = g->b;
	while (same_line(d, e, row) && (nsm_unit_char(d->c[e].fold) || d->c[e].fold == ' '))
		e++;
	if (!same_line(d, e, row))
		return 0;
	uint32_t p = d->c[e].fold;
	int w = e + 1;
	while (same_line(d, w, row) && d->c[w].fold == ' ')
		w++;
	return p == 0x3002 || ((p == ',' || p == ';' || p == 0x3001) && same_line(d, w, row) &&
	                       nst_is_han(d->c[w].fold));
}

static void sentence_figures(const nsm_doc *d, segs *sg)
{
	for (int k = 0; k < sg->n; k++) {
		const nsm_seg *g = &sg->v[k];
		if (g->kind != NSM_SEG_NUM || !sentence_figure(d, g))
			continue;
		/* its sentence: back to 。 or ；, the line's start, or a figure
		 * that is no sentence's (a table's values before a note on the
		 * same line of a crawler's text); on to 。 or ； or the line's end */
		int row = d->c[g->a].row, s0 = g->a, s1 = g->b, open = 1;
		for (int j = k - 1; j >= 0 && open && d->c[sg->v[j].a].row == row; j--) {
			const nsm_seg *p = &sg->v[j];
			for (int i = s0 - 1; i >= p->b && open; i--)
				if (sentence_end(d->c[i].fold))
					s0 = i + 1, open = 0;
			if (!open)
				break;
			if (p->kind == NSM_SEG_NUM && !sentence_figure(d, p)) {
				s0 = p->b;
				open = 0;
			} else {
				s0 = p->a;
			}
		}
		while (open && same_line(d, s0 - 1, row) && !sentence_end(d->c[s0 - 1].fold))
			s0--;
		while (same_line(d, s1, row) && !sentence_end(d->c[s1].fold))
			s1++;
		/* the segments in order: those of [s0, s1) stand around k */
		int j = k;
		while (j > 0 && sg->v[j - 1].b > s0)
			j--;
		for (; j < sg->n && sg->v[j].a < s1; j++)
			if (sg->v[j].kind == NSM_SEG_NUM && sg->v[j].a >= s0 && sg->v[j].b <= s1)
				sg->v[j].kind = NSM_SEG_TEXT;
	}
}

/* Does the table cell [a, b) hold words?  A real table cell is one thing: a
 * number (perhaps with its unit: "251000元", "3.42万元"), a blank mark
 * ("无", "—"), or words.  Words with digits in them ("数据1", "第1项",
 * "1.属于国家秘密") are a label or a header, never a value. */
static int cell_has_words(const nsm_doc *d, int a, int b)
{
	while (a < b && nsm_gap(d->c[a].fold))
		a++;
	while (b > a && nsm_gap(d->c[b - 1].fold))
		b--;
	if (a == b || is_blank_token(d, a, b) || (b - a == 1 && d->c[a].fold == 0x96F6))
		return 0; /* nothing, "none", or 〇/零 (zero) */
	/* "增加1", "减少2", "减4" (classify reads them): a value */
	int w = b - a <= 8 ? change_words(d, a, b) : 0;
	if (w) {
		int k = a + w;
		while (k < b && is_digit(d->c[k].fold))
			k++;
		if (k == b)
			return 0;
	}
	int digits = 0;
	for (int i = a; i < b; i++) {
		uint32_t f = d->c[i].fold;
		if (is_digit(f)) {
			digits = 1;
		} else if (label_char(f)) {
			/* a unit written after the number is not a word, nor is
			 * one in brackets ("4186（件）") */
			int at = i > a && d->c[i - 1].fold == '(' ? i - 1 : i;
			int u = digits ? unit_len(d, at, b) : 0;
			if (u && at + u == b)
				return 0;
			return 1;
		}
	}
	return 0;
}

/* A token of column rules only: "|" (or ｜, │) standing apart from any
 * word, as a page's text dump writes one after each cell of a table's
 * row ("规章 | 0 | 0 |"), on a line of its own where the cells were one a
 * line.  It is no word of the report: read as one it was a label ("|")
 * that took the values after it from their row. */
static int is_rule(uint32_t f)
{
	return f == '|' || f == 0x2502 /* │ */;
}

static int column_rule(const nsm_doc *d, int a, int b)
{
	for (int i = a; i < b; i++)
		if (!is_rule(d->c[i].fold))
			return 0;
	return b > a;
}

static int tokenize(const nsm_doc *d, int a, int b, segs *out)
{
	int i = a;
	while (i < b) {
		uint32_t f = d->c[i].fold;
		if (f == NSM_GAP_ROW) {
			if (d->l->rows[d->c[i].row].grid &&
			    seg_push(out, (nsm_seg){NSM_SEG_ROWEND, i, i, 0, 0, 0, 0}))
				return -1;
			i++;
			continue;
		}
		if (f == NSM_GAP_CELL) {
			int j = i + 1;
			while (j < b && d->c[j].fold == ' ')
				j++;
			if (j >= b || d->c[j].fold == NSM_GAP_CELL || d->c[j].fold == NSM_GAP_ROW ||
			    d->c[j].fold == NSM_GAP_TAB) {
				if (seg_push(out, (nsm_seg){NSM_SEG_BLANK, i, i, 0, 0, 0, 0}))
					return -1;
				i++;
				continue;
			}
			int e = j;
			while (e < b && d->c[e].fold != NSM_GAP_CELL && d->c[e].fold != NSM_GAP_ROW)
				e++;
			if (cell_has_words(d, j, e)) {
				while (e > j && nsm_gap(d->c[e - 1].fold))
					e--;
				if (seg_push(out, (nsm_seg){NSM_SEG_TEXT, j, e, 0, 0, 0, 0}))
					return -1;
				i = e;
				continue;
			}
			i++;
			continue;
		}
		if (nsm_gap(f)) {
			i++;
			continue;
		}
		int j = i;
		while (j < b && !nsm_gap(d->c[j].fold))
			j++;
		if (column_rule(d, i, j)) {
			i = j;
			continue;
		}
		/* A number broken by a line's end before its decimal point (PDF
		 * text: "4166" / ".241619"): a line of text never starts with
		 * ".241619", so the digits after the point are the fraction of
		 * the number the line before ends with, glued to it.  Read whole
		 * (solve.c says so: cell.wrapped). */
		int k = i;
		if (f == '.' && i + 1 < j && is_digit(d->c[i + 1].fold) && out->n &&
		    !d->l->rows[d->c[i].row].grid) {
			nsm_seg *last = &out->v[out->n - 1];
			int p = i - 1;
			while (p > a && d->c[p].fold == ' ')
				p--;
			if (p > a && d->c[p].fold == NSM_GAP_ROW && last->kind == NSM_SEG_NUM &&
			    last->b == p && !last->dec && !last->unit) {
				for (k = i + 1; k < j && is_digit(d->c[k].fold); k++)
					;
				last->b = k;
				last->dec = 1;
			}
		}
		/* a rule OCR read as | glued to a figure ("|85", "3|"): the
		 * rule is no part of it, nor a label that takes it from its row */
		int e = j;
		if (k + 1 < e && is_rule(d->c[k].fold) && is_digit(d->c[k + 1].fold))
			k++;
		if (k + 1 < e && is_rule(d->c[e - 1].fold) && is_digit(d->c[e - 2].fold))
			e--;
		if (k < e && classify(d, k, e, out))
			return -1;
		i = j;
	}
	/* Per table row (grid rows only): a row with no number at all is a
	 * header or caption row, whose empty cells are layout (spans,
	 * padding), not blanks of values; in a row with numbers, words among
	 * the values ("不适用", "五") stand in a cell of their own: unreadable,
	 * not the start of a new label. */
	int w = 0;
	for (int k = 0; k < out->n;) {
		int row = d->c[out->v[k].a].row, end = k;
		while (end < out->n && d->c[out->v[end].a].row == row)
			end++;
		int grid = d->l->rows[row].grid, has_num = 0, values = 0, words = 0;
		int marks = 0, nwords = 0;
		for (int m = k; m < end; m++) {
			has_num |= out->v[m].kind == NSM_SEG_NUM;
			marks += out->v[m].kind == NSM_SEG_BLANK && out->v[m].b > out->v[m].a;
			nwords += out->v[m].kind == NSM_SEG_TEXT;
		}
		/* a row of cells that each say "none" ("/", "—", "无"), nothing
		 * else: the values of a table left blank (t4 of an agency that had
		 * no case), as a row of numbers would be; a header has words */
		if (grid && !has_num && !nwords && marks >= 3)
			has_num = 1;
		/* ...except a row that is a label followed by empty cells only:
		 * that may be a row of the table left blank (all its cells
		 * blank), kept here and taken only when its label names a row
		 * clearly (match_rows) */
		int blank_row = 0;
		if (grid && !has_num) {
			int m = k, texts = 0, blanks = 0;
			while (m < end && out->v[m].kind == NSM_SEG_BLANK)
				m++;
			while (m < end && out->v[m].kind == NSM_SEG_TEXT)
				m++, texts++;
			while (m < end && out->v[m].kind == NSM_SEG_BLANK)
				m++, blanks++;
			while (m < end && out->v[m].kind == NSM_SEG_ROWEND)
				m++;
			blank_row = texts && blanks && m == end;
		}
		/* an empty cell between the row's label pieces, before its
		 * first number, is a merged label cell's part with no text on
		 * this row ("三、本年度办 |  | 1.属于国家秘密 | 0 …", a drawn
		 * table's, whose merged cells are cut at the rows' rules): layout,
		 * no blank value (as one, it began the values and made the label
		 * after it a word among them, the row unread).  The words after
		 * it must be a label's, not a word in a value's cell ("不适用") */
		int label_after = -1; /* the last text segment before a number */
		if (grid && has_num)
			for (int m = k; m < end && out->v[m].kind != NSM_SEG_NUM; m++)
				if (out->v[m].kind == NSM_SEG_TEXT && seg_label_chars(d, &out->v[m]) >= 4)
					label_after = m;
		for (int m = k; m < end; m++) {
			nsm_seg g = out->v[m];
			if (grid && !has_num && g.kind == NSM_SEG_BLANK && !(blank_row && words))
				continue;
			if (words && m < label_after && g.kind == NSM_SEG_BLANK && g.b == g.a)
				continue;
			if (grid && has_num && values && g.kind == NSM_SEG_TEXT) {
				g.kind = NSM_SEG_BLANK;
				g.text = 1;
			}
			/* values start at the first number, or a blank after words
			 * (leading empty cells are indentation) */
			values |= g.kind == NSM_SEG_NUM || (g.kind == NSM_SEG_BLANK && words);
			words |= g.kind == NSM_SEG_TEXT;
			out->v[w++] = g;
		}
		k = end;
	}
	out->n = w;
	sentence_figures(d, out);
	return 0;
}

/* ---- columns of a grid --------------------------------------------------
 *
 * A table laid out on a grid (HTML, DOCX, Markdown) may carry empty cells
 * that are layout, not values: a column of group labels ("（三）不予公开")
 * left empty in most rows.  A row with more empty cells than the template
 * has values cannot tell which are layout by counting; its header can: the
 * grid column under 总计 is t3's last value column, and the six before it
 * (under 自然人 …, or headed "数据1 … 数据6") the others.  Empty cells of a row outside those columns (in a grid of the
 * header's width) are dropped; numbers are never dropped. */

/* Does text s[0..len) say exactly the words w (label characters only)? */
static int text_says(const char *s, size_t len, const char *w)
{
	size_t i = 0, k = 0, n = strlen(w);
	uint32_t a, b;
	for (;;) {
		int more_c = 0, more_w = 0;
		while ((more_c = nst_next_folded(s, len, &i, &a)) && !label_char(a))
			;
		while ((more_w = nst_next_folded(w, n, &k, &b)) && !label_char(b))
			;
		if (!more_c || !more_w)
			return !more_c && !more_w;
		if (a != b)
			return 0;
	}
}

/* Does layout cell ci say exactly the words w (label characters only)? */
static int cell_says(const nsm_doc *d, int ci, const char *w)
{
	const nsl_cell *c = &d->l->cells[ci];
	return text_says(c->text, c->len, w);
}

/* t3's column headings as a grid header cell says them, in template
 * order, then 小计: a subtotal under 法人或其他组织 that some reports add
 * and the template has not (read past, like any layout column). */
enum { HEAD_SUBTOTAL = 7, GRID_MAX = 40 };
static const char *const t3_grid_heads[][2] = {
	{"自然人", NULL}, {"商业企业", NULL}, {"科研机构", NULL},
	{"社会公益组织", NULL}, {"法律服务机构", NULL}, {"其他", "其他组织"},
	{"总计", "合计"}, {"小计", NULL},
};

/* The column heading text s[0..n) says (0..6, HEAD_SUBTOTAL), or -1. */
static int heading_in(const char *s, size_t n)
{
	for (int h = 0; h <= HEAD_SUBTOTAL; h++)
		for (int v = 0; v < 2 && t3_grid_heads[h][v]; v++)
			if (text_says(s, n, t3_grid_heads[h][v]))
				return h;
	return -1;
}

/* The column heading layout cell ci says (0..6, HEAD_SUBTOTAL), or -1. */
static int heading_of(const nsm_doc *d, int ci)
{
	const nsl_cell *c = &d->l->cells[ci];
	return heading_in(c->text, c->len);
}

/* Is cell ci a figure: digits (and what is written between them), a
 * value, which no header's row holds? */
static int figure_cell(const nsm_doc *d, int ci)
{
	const nsl_cell *c = &d->l->cells[ci];
	size_t i = 0;
	uint32_t f;
	int digits = 0, other = 0;
	while (!other && nst_next_folded(c->text, c->len, &i, &f)) {
		digits += f >= '0' && f <= '9';
		other = !(f >= '0' && f <= '9') && !nst_is_space(f) && f != '.' && f != ',';
	}
	return digits && !other;
}

static int holds_figure(const nsm_doc *d, const nsl_row *lr)
{
	for (int j = 0; j < lr->ncells; j++)
		if (figure_cell(d, lr->first_cell + j))
			return 1;
	return 0;
}

/* A header row that names five or six of t3's seven columns, in the
 * template's order, and words the others its own way ("其它", "其他单位",
 * "总数", "个人"): each unnamed heading is the cell of words where it
 * stands among the named ones — between two of them exactly as many cells
 * as headings are missing there, before the first or after the last the
 * cells next to it.  (Left unread, the row's own blank label cell was
 * taken for a value and the values moved a column.)  Fills col; 1 when
 * every heading found its cell. */
static int by_elimination(const nsm_doc *d, const nsl_row *lr, signed char *col, unsigned seen)
{
	if (__builtin_popcount(seen & 0x7Fu) < 5)
		return 0;
	for (int j = 0, last = -1; j < lr->ncells; j++)
		if (col[j] >= 0 && col[j] <= 6) {
			if (col[j] < last)
				return 0;
			last = col[j];
		}
	for (int j = 0, prev_h = -1, prev_j = -1; j <= lr->ncells; j++) {
		int end = j == lr->ncells, h = end ? 7 : col[j]; /* (past the last: 7) */
		if (!end && (h < 0 || h == HEAD_SUBTOTAL))
			continue;
		int miss = h - prev_h - 1;
		int from = prev_h < 0 ? j - miss : prev_j + 1;
		if (miss > 0 && (from < 0 || from + miss > lr->ncells ||
		                 (prev_h >= 0 && !end && from + miss != j)))
			return 0;
		for (int m = from; miss > 0 && m < from + miss; m++) {
			int ci = lr->first_cell + m;
			if (col[m] != -1 || d->l->cells[ci].len == 0 || cell_says(d, ci, "") ||
			    figure_cell(d, ci))
				return 0;
			col[m] = (signed char)(prev_h + 1 + (m - from));
		}
		prev_h = h;
		prev_j = j;
	}
	return 1;
}

/* Does grid row lr name each of t3's seven columns in one cell of its own
 * (spans are copied, so the lower row of a two-row header names all
 * seven)?  col[j]: the template column under cell j, HEAD_SUBTOTAL or -1. */
static int named_columns(const nsm_doc *d, const nsl_row *lr, signed char *col)
{
	unsigned seen = 0;
	if (lr->ncells > GRID_MAX)
		return 0;
	/* beside 总计, a 合计 is a subtotal (of the five under 法人或其他组织) */
	int total = 0;
	for (int j = 0; j < lr->ncells; j++)
		total |= cell_says(d, lr->first_cell + j, "总计");
	for (int j = 0; j < lr->ncells; j++) {
		col[j] = (signed char)heading_of(d, lr->first_cell + j);
		if (col[j] == 6 && total && cell_says(d, lr->first_cell + j, "合计"))
			col[j] = HEAD_SUBTOTAL;
		if (col[j] >= 0) {
			if (seen & 1u << col[j])
				return 0; /* named twice: not one header row */
			seen |= 1u << col[j];
		}
	}
	return (seen & 0x7Fu) == 0x7Fu || by_elimination(d, lr, col, seen);
}

/* The upper header row's headings placed over a lower row of another
 * width by where they stand about 法人或其他组织: those on its left in the
 * lower row's empty cells left of the five under it (nearest first), those
 * on its right in those right of them.  links -dump draws the template's
 * header so: "|（本列…）| |法人或其他组织| |" over "| |自然人|------|总计|"
 * (the rule under the group: its cells start below) over the five in cells
 * of their own, the upper rows a cell per column of the group's width.  The
 * upper row is up with the row above it filling its empty cells, when the
 * two are of a width.  col[j]: the heading over lower cell j, or -1. */
static int upper_by_group(const nsm_doc *d, const nsl_row *up, const nsl_row *lr,
                          signed char *col)
{
	signed char uh[GRID_MAX]; /* up's headings, -2 法人或其他组织 */
	const nsl_row *top = up > d->l->rows && up[-1].grid && up[-1].ncells == up->ncells
	                     ? up - 1 : NULL;
	int group = -1;
	for (int j = 0; j < up->ncells; j++) {
		int ci = up->first_cell + j;
		if (top && d->l->cells[ci].len == 0)
			ci = top->first_cell + j;
		uh[j] = (signed char)(cell_says(d, ci, "法人或其他组织") ? -2 : heading_of(d, ci));
		if (uh[j] == -2) {
			if (group >= 0)
				return 0;
			group = j;
		}
	}
	/* the lower row: the five (and 小计) side by side, nothing else named */
	int first = -1, last = -1;
	for (int j = 0; j < lr->ncells; j++) {
		int h = heading_of(d, lr->first_cell + j);
		col[j] = (signed char)h;
		if ((h >= 1 && h <= 5) || h == HEAD_SUBTOTAL) {
			if (last >= 0 && last != j - 1)
				return 0;
			if (first < 0)
				first = j;
			last = j;
		} else if (h >= 0) {
			return 0;
		}
	}
	if (group < 0 || first < 0)
		return 0;
	for (int side = -1; side <= 1; side += 2) {
		int at = side < 0 ? first - 1 : last + 1;
		for (int j = group + side; j >= 0 && j < up->ncells; j += side) {
			if (uh[j] < 0)
				continue;
			if (at < 0 || at >= lr->ncells || d->l->cells[lr->first_cell + at].len)
				return 0;
			col[at] = uh[j];
			at += side;
		}
	}
	unsigned seen = 0;
	for (int j = 0; j < lr->ncells; j++)
		if (col[j] >= 0) {
			if (seen & 1u << col[j])
				return 0;
			seen |= 1u << col[j];
		}
	return (seen & 0x7Fu) == 0x7Fu;
}

/* named_columns, or a two-row header whose rows name the seven between
 * them, as Markdown and a drawn table write the template's: 自然人 and 总计
 * (merged over both rows) once, in the upper row beside 法人或其他组织,
 * the five under it in the lower row.  col[j]: the lower row's heading,
 * else the upper's. */
static int named_columns_two(const nsm_doc *d, const nsl_row *lr, signed char *col)
{
	if (named_columns(d, lr, col))
		return 1;
	if (lr == d->l->rows || lr->ncells > GRID_MAX)
		return 0;
	const nsl_row *up = lr - 1;
	if (!up->grid || up->ncells > GRID_MAX)
		return 0;
	/* a row of values under a header that names six ("其它" for 其他) is
	 * no header's lower row, though a label of it says a heading ("|  |
	 * 3.其他 | 3 | …": 其他 over the figures' column) */
	if (holds_figure(d, lr) || holds_figure(d, up))
		return 0;
	unsigned seen = 0;
	if (up->ncells != lr->ncells)
		return upper_by_group(d, up, lr, col);
	for (int j = 0; j < lr->ncells; j++) {
		int h = heading_of(d, lr->first_cell + j);
		if (h < 0)
			h = heading_of(d, up->first_cell + j);
		col[j] = (signed char)h;
		if (h >= 0) {
			if (seen & 1u << h)
				return 0;
			seen |= 1u << h;
		}
	}
	return (seen & 0x7Fu) == 0x7Fu;
}

/* Does cell ci's text hold the word w? */
static int cell_holds(const nsm_doc *d, int ci, const char *w)
{
	const nsl_cell *c = &d->l->cells[ci];
	return memmem(c->text, c->len, w, strlen(w)) != NULL;
}

/* t2's grid with columns the template has not, under a header naming
 * 信息内容: last year's figures (上年制发件数, 上年处理决定数量) or a 备注
 * whose cells hold figures.  Their values were read as the row's, which
 * then had too many (row.long, the row null).  The values of the rows
 * under such a header, of its width, in those columns go; 4 when any
 * went (table.columns), else 0. */
static int t2_extra_columns(const nsm_doc *d, segs *sg)
{
	signed char drop[GRID_MAX];
	int width = 0, any = 0, went = 0, o = 0;
	for (int k = 0; k < sg->n;) {
		int row = d->c[sg->v[k].a].row, end = k;
		while (end < sg->n && d->c[sg->v[end].a].row == row)
			end++;
		const nsl_row *lr = &d->l->rows[row];
		int header = 0;
		for (int j = 0; lr->grid && j < lr->ncells && !header; j++)
			header = cell_holds(d, lr->first_cell + j, "信息内容");
		if (header) {
			/* (上一年项目数量 is the 2019 template's own column) */
			width = lr->ncells <= GRID_MAX ? lr->ncells : 0;
			any = 0;
			for (int j = 0; j < width; j++) {
				int ci = lr->first_cell + j;
				drop[j] = (signed char)(cell_holds(d, ci, "上年") || cell_holds(d, ci, "备注"));
				any |= drop[j];
			}
		} else if (!lr->grid) {
			any = 0; /* the table ended */
		}
		for (int m = k; m < end; m++) {
			const nsm_seg *g = &sg->v[m];
			int j = d->c[g->a].cell - lr->first_cell;
			if (any && !header && lr->grid && lr->ncells == width && j >= 0 && j < width &&
			    drop[j] && (g->kind == NSM_SEG_NUM || g->kind == NSM_SEG_BLANK)) {
				went = 4;
				continue;
			}
			sg->v[o++] = *g;
		}
		k = end;
	}
	sg->n = o;
	return went;
}

/* Returns what the header changed, for the report to say: 1 the columns
 * stand in another order than the template's, 2 a 小计 column was read
 * past (or'ed). */
static int grid_columns(const nsm_doc *d, int t, segs *sg)
{
	if (t == NSM_T2)
		return t2_extra_columns(d, sg);
	if (t != NSM_T3)
		return 0;
	int width = 0, w = 0, said = 0, how = 0;
	signed char col[GRID_MAX], head[GRID_MAX];
	for (int k = 0; k < sg->n;) {
		int row = d->c[sg->v[k].a].row, end = k;
		while (end < sg->n && d->c[sg->v[end].a].row == row)
			end++;
		const nsl_row *lr = &d->l->rows[row];
		if (lr->grid && lr->ncells <= GRID_MAX) {
			/* a header: one naming the seven columns, in any order; else
			 * 总计 over the last value column, and 自然人 six columns
			 * before it or a heading over each of the six ("数据1 … 数据6") */
			if (named_columns_two(d, lr, col)) {
				width = lr->ncells;
				memcpy(head, col, sizeof head);
				how = 0;
				for (int j = 0, c = 0; j < width; j++) {
					how |= head[j] == HEAD_SUBTOTAL ? 2 : 0;
					if (head[j] >= 0 && head[j] < HEAD_SUBTOTAL)
						how |= head[j] != c++;
				}
			} else {
				for (int j = 0; j + 6 < lr->ncells; j++) {
					if (!cell_says(d, lr->first_cell + j + 6, "总计"))
						continue;
					int named = 1;
					for (int m = j; m < j + 6 && named; m++)
						named = d->l->cells[lr->first_cell + m].len > 0 &&
						        !cell_says(d, lr->first_cell + m, "");
					if (named || cell_says(d, lr->first_cell + j, "自然人")) {
						width = lr->ncells;
						memset(head, -1, (size_t)width);
						for (int m = 0; m < 7; m++)
							head[j + m] = (signed char)m;
						how = 0;
					}
				}
			}
			/* a row of the header's width: its values are the cells under
			 * the seven columns, in the template's order.  A row of another
			 * width stands under the header's last cells: the cells it
			 * has more or fewer are label cells on its left, merged in
			 * one and not the other (a drawn table has a cell per bar, the
			 * label column of "│ │ （一）予以公开 │ 24 │…" split in two
			 * under a header's "│（本列数据…）│ 自然人 │…", the group
			 * labels of t3 taking one column or two) */
			int off = width - lr->ncells;
			int values = 0, outside_num = 0, fits = width > 0;
			signed char hc[GRID_MAX]; /* the heading over each cell */
			for (int j = 0; fits && j < lr->ncells; j++)
				hc[j] = j + off >= 0 && j + off < width ? head[j + off] : -1;
			for (int m = k; m < end && fits; m++) {
				const nsm_seg *g = &sg->v[m];
				if (g->kind != NSM_SEG_NUM && g->kind != NSM_SEG_BLANK)
					continue;
				values++;
				int h = hc[d->c[g->a].cell - lr->first_cell];
				outside_num |= g->kind == NSM_SEG_NUM && h < 0;
			}
			if (fits && !outside_num && end - k <= 64 &&
			    (values > 7 || how)) {
				/* the values keep their places in the row, taken in the
				 * columns' order (a cell's own values in theirs); the
				 * other cells' blanks and 小计 go */
				nsm_seg by_col[64];
				int nv = 0, next = 0;
				for (int h = 0; h < 7; h++)
					for (int m = k; m < end; m++) {
						const nsm_seg *g = &sg->v[m];
						if ((g->kind == NSM_SEG_NUM || g->kind == NSM_SEG_BLANK) &&
						    hc[d->c[g->a].cell - lr->first_cell] == h)
							by_col[nv++] = *g;
					}
				for (int m = k; m < end; m++) {
					const nsm_seg *g = &sg->v[m];
					if (g->kind != NSM_SEG_NUM && g->kind != NSM_SEG_BLANK)
						sg->v[w++] = *g;
					else if ((unsigned)hc[d->c[g->a].cell - lr->first_cell] < 7)
						sg->v[w++] = by_col[next++];
				}
				said |= how;
				k = end;
				continue;
			}
		}
		while (k < end)
			sg->v[w++] = sg->v[k++];
	}
	sg->n = w;
	return said;
}

/*
 * Text whose cells are told apart by tabs (or gaps) but not by position
 * (a tab has no width): t3's header is its lines before the first row of
 * values, a heading to a cell.  The columns stand as the header names
 * them: one line naming all seven ("自然人 商业企业 … 其他 总计"), or the
 * template's two lines, the upper naming 自然人, 法人或其他组织 and 总计
 * in some order and the lower the five under 法人或其他组织 (and a 小计 of
 * them, which the template has not).  Where that order is not the
 * template's, each row whose values stand on its line, one per column,
 * gets them in the template's order (小计 left out).  Returns what
 * changed, as grid_columns does.
 */
/* Cell c's words (split at spaces) when there are two or more and each is
 * a heading of t3 or 法人或其他组织 (-2 in words, its place in *group). */
static int heading_words(const nsl_cell *c, int *words, int *nw, int *group)
{
	*nw = 0;
	*group = -1;
	for (size_t i = 0; i < c->len;) {
		uint32_t cp;
		int k = nst_utf8_decode(c->text + i, c->len - i, &cp);
		if (!k)
			return 0;
		if (nst_is_space(cp)) {
			i += (size_t)k;
			continue;
		}
		size_t a = i;
		while (i < c->len && (k = nst_utf8_decode(c->text + i, c->len - i, &cp)) &&
		       !nst_is_space(cp))
			i += (size_t)k;
		if (!k || *nw == 8)
			return 0;
		if (text_says(c->text + a, i - a, "法人或其他组织")) {
			*group = *nw;
			words[(*nw)++] = -2;
		} else if ((words[*nw] = heading_in(c->text + a, i - a)) >= 0) {
			(*nw)++;
		} else {
			return 0;
		}
	}
	return *nw >= 2;
}

/* Two of t3's 法人 headings on one line of its header in another order
 * than the template's ("自然人法律服务科研 和会 ，，、， 总计": OCR's text of
 * a header with 法律服务机构 before 科研机构, the others unreadable), where
 * no reading of the header placed the columns: the char where the second
 * stands, else -1.  Left to right on a line is the columns' order, so the
 * five columns under 法人或其他组织 stand in an order nothing read. */
static int heads_out_of_order(const nsm_doc *d, int a, int b)
{
	static const char *const heads[] = {"商业", "科研", "公益", "法律服务"};
	for (int i = a; i < b;) {
		int row = d->c[i].row, e = i;
		while (e < b && d->c[e].row == row)
			e++;
		int at[4];
		for (int k = 0; k < 4; k++)
			at[k] = nsm_find(d, i, e, heads[k]);
		for (int k = 0; k < 4; k++)
			for (int m = k + 1; m < 4; m++)
				if (at[k] >= 0 && at[m] >= 0 && at[m] < at[k])
					return at[k];
		i = e;
	}
	return -1;
}

/* The five columns under 法人或其他组织 of every row of t3 null: their
 * headings stand in an order that was not read (heads_out_of_order);
 * read in the template's order, a 法律服务机构's figure was a 商业企业's.
 * 自然人 and 总计, which the header has at its ends, are kept. */
static void legal_columns_unread(const nsm_doc *d, ns_report *r, int at)
{
	const nsm_table *tpl = r->tables[NSM_T3].tpl;
	int any = 0;
	for (int row = 0; row < tpl->nrows; row++)
		for (int col = 1; col <= 5 && col < tpl->ncols; col++) {
			if (!nsm_has_cell(tpl, row, col))
				continue;
			ns_cell *c = nsr_cell(r, NSM_T3, row, col);
			any |= c->has_value;
			c->has_value = 0;
			c->value = 0;
			c->inferred = 0;
		}
	if (any)
		nsr_diag(r, NS_WARNING, "column.order", nsm_pos(d, at), "t3",
		         "t3's header names the columns under 法人或其他组织 in another order "
		         "than the template's, but not each of them could be read: their "
		         "cells are left null (自然人 and 总计 are read)");
}

static int text_columns(const nsm_doc *d, int t, segs *sg)
{
	if (t != NSM_T3 || sg->n == 0)
		return 0;
	/* the header lines: layout rows of text before the first number */
	int first_num = 0;
	while (first_num < sg->n && sg->v[first_num].kind != NSM_SEG_NUM)
		first_num++;
	if (first_num == sg->n)
		return 0;
	int order[8], n = 0, group_at = -1, lower[6], nl = 0;
	int r0 = d->c[sg->v[0].a].row, r1 = d->c[sg->v[first_num].a].row;
	for (int row = r0; row < r1; row++) {
		const nsl_row *lr = &d->l->rows[row];
		if (lr->grid)
			return 0;
		int names[8], nn = 0, group = -1;
		for (int j = 0; j < lr->ncells && nn < 8; j++) {
			int ci = lr->first_cell + j;
			if (cell_says(d, ci, "法人或其他组织")) {
				group = nn;
				names[nn++] = -2;
				continue;
			}
			int h = heading_of(d, ci);
			if (h >= 0) {
				names[nn++] = h;
				continue;
			}
			/* headings a single space apart, one cell of text (lynx -dump
			 * lays a table's cells out so): each word a heading, or none
			 * taken */
			int words[8], nw = 0, grp = -1;
			if (heading_words(&d->l->cells[ci], words, &nw, &grp) && nn + nw <= 8) {
				if (grp >= 0)
					group = nn + grp;
				memcpy(names + nn, words, sizeof *words * (size_t)nw);
				nn += nw;
			}
		}
		if (group >= 0 && nn == 3) { /* the upper line */
			n = nn;
			memcpy(order, names, sizeof *names * (size_t)nn);
			group_at = group;
			nl = 0;
		} else if (group < 0 && nn >= 5 && group_at >= 0) { /* the lower */
			nl = nn < 6 ? nn : 6;
			/* 合计 under 法人或其他组织 is the five's subtotal, not t3's */
			for (int q = 0; q < nl; q++)
				lower[q] = names[q] == 6 ? HEAD_SUBTOTAL : names[q];
		} else if (group < 0 && nn >= 7) { /* one line of all seven */
			n = nn;
			memcpy(order, names, sizeof *names * (size_t)nn);
			group_at = -1;
		}
	}
	if (group_at >= 0) { /* the five (and 小计) in place of their group */
		if (!nl || n - 1 + nl > 8)
			return 0;
		int full[8], m = 0;
		for (int k = 0; k < n; k++)
			if (k == group_at)
				for (int q = 0; q < nl; q++)
					full[m++] = lower[q];
			else
				full[m++] = order[k];
		memcpy(order, full, sizeof *full * (size_t)m);
		n = m;
	}
	/* each template column once, 小计 at most once */
	unsigned seen = 0;
	int how = 0;
	for (int k = 0, c = 0; k < n; k++) {
		if (order[k] < 0 || (seen & 1u << order[k]))
			return 0;
		seen |= 1u << order[k];
		how |= order[k] == HEAD_SUBTOTAL ? 2 : order[k] != c++;
	}
	if ((seen & 0x7Fu) != 0x7Fu || !how)
		return 0;
	/* rows with a value per column on their line, taken in the template's
	 * order */
	int said = 0;
	for (int k = first_num; k < sg->n;) {
		int row = d->c[sg->v[k].a].row, end = k;
		while (end < sg->n && d->c[sg->v[end].a].row == row)
			end++;
		int v0 = end;
		while (v0 > k && (sg->v[v0 - 1].kind == NSM_SEG_NUM ||
		                  sg->v[v0 - 1].kind == NSM_SEG_BLANK))
			v0--;
		if (end - v0 == n && !d->l->rows[row].grid) {
			nsm_seg by_col[8];
			int w = 0;
			for (int c = 0; c < 7; c++)
				for (int q = 0; q < n; q++)
					if (order[q] == c)
						by_col[w++] = sg->v[v0 + q];
			memcpy(&sg->v[v0], by_col, sizeof *by_col * 7);
			if (n == 8) { /* 小计 out */
				memmove(&sg->v[v0 + 7], &sg->v[end], sizeof *sg->v * (size_t)(sg->n - end));
				sg->n--;
				end--;
			}
			said = how;
		}
		k = end;
	}
	return said;
}

/* ---- units ----------------------------------------------------------- */

#define LABEL_MAX 96

#define LABEL_LINES 8

enum { TAIL_MAX = 8 };

typedef struct unit {
	int v0, nv;                /* value segments */
	uint32_t label[LABEL_MAX]; /* last Han/letter characters of the label */
	int nlabel;
	int label_at;              /* char index where the label text starts */
	int grid;
	int nnum;                  /* numbers among the values (0: a blank row) */
	/* the label's last lines: where each starts in label[] and in the
	 * text (a line of the label alone may be a row left empty) */
	int nlines, line_label[LABEL_LINES], line_at[LABEL_LINES];
	int inline_values;         /* its values start on its label's last line */
	/* that line's item number and first character ("4.保" over "护第三方…",
	 * a label wrapped in a narrow cell aligned to its top): the row it
	 * starts, whatever the lines before it say, where the label read
	 * from the top names it too (inline_item, top_reading) */
	int inline_no;
	uint32_t inline_first;
	/* the item number before the first character of its label's last
	 * line, wherever its values stand (0: none) */
	int last_no;
	/* how many label characters of its last line, the values' line,
	 * stand not left of where the line before it starts: a merged group
	 * label's piece at the table's left ("年度办" beside a row's label,
	 * by the cells' extents or, with none known, in an earlier cell of its
	 * row) is no row's words */
	int last_words;
	/* the last unit only: the head of the words after its values, to the
	 * table's end ("行政事业 1.25" / "性收费" closing t2): what lookahead
	 * takes from the next unit's label where there is one */
	uint32_t after[TAIL_MAX];
	int nafter;
} unit;

static int label_char(uint32_t f)
{
	return nst_is_han(f) || (f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z');
}

/* The item number written before the label's first character at i0 on
 * its line, or 0 (item_before); the one on the line of a unit's values: "4.保", "（四）1.本", "2、其", "（2）其", "②其" (Arabic with
 * . 、 or brackets, or circled). */
static int item_before(const nsm_doc *d, int i0)
{
	int i = i0 - 1, row = d->c[i0].row;
	while (i >= 0 && d->c[i].row == row && d->c[i].fold == ' ')
		i--;
	if (i < 0 || d->c[i].row != row)
		return 0;
	uint32_t f = d->c[i].fold;
	if (f >= 0x2460 && f <= 0x2473) /* ① … ⑳ */
		return (int)(f - 0x2460) + 1;
	int paren = f == ')';
	if (f != '.' && f != 0x3001 && !paren)
		return 0;
	int no = 0, scale = 1;
	for (i--; i >= 0 && d->c[i].row == row && is_digit(d->c[i].fold) && scale <= 100; i--) {
		no += (int)(d->c[i].fold - '0') * scale;
		scale *= 10;
	}
	if (scale > 1 && (i < 0 || d->c[i].row != row || !is_digit(d->c[i].fold)) &&
	    (!paren || (i >= 0 && d->c[i].row == row && d->c[i].fold == '(')))
		return no;
	return 0;
}

static void inline_item(const nsm_doc *d, unit *u)
{
	int i0 = u->line_at[u->nlines - 1];
	u->inline_first = d->c[i0].fold;
	u->inline_no = item_before(d, i0);
}

/* Does the line whose first label character is at i start left of the
 * one whose first is at j? */
static int outdented(const nsm_doc *d, int i, int j)
{
	float xi0, xi1, xj0, xj1;
	if (nsm_char_extent(d, i, i + 1, &xi0, &xi1) && nsm_char_extent(d, j, j + 1, &xj0, &xj1))
		return xi0 < xj0 - 0.5f * (xj1 - xj0);
	if (d->c[i].cell < 0 || d->c[j].cell < 0)
		return 0;
	return d->c[i].cell - d->l->rows[d->c[i].row].first_cell <
	       d->c[j].cell - d->l->rows[d->c[j].row].first_cell;
}

static int build_units(const nsm_doc *d, const segs *sg, unit **out, int *nout)
{
	int cap = 64, n = 0;
	unit *u = malloc((size_t)cap * sizeof *u);
	if (!u)
		return -1;
	unit cur;
	memset(&cur, 0, sizeof cur);
	cur.label_at = -1;
	for (int k = 0; k <= sg->n; k++) {
		const nsm_seg *g = k < sg->n ? &sg->v[k] : NULL;
		int close = !g || (g->kind == NSM_SEG_TEXT && cur.nv) ||
		            (g->kind == NSM_SEG_ROWEND && cur.nv);
		if (close && cur.nv) {
			if (cur.nlines)
				cur.last_no = item_before(d, cur.line_at[cur.nlines - 1]);
			if (cur.nlines > 1 && cur.inline_values) {
				int i0 = cur.line_at[cur.nlines - 1], row = d->c[i0].row;
				for (int i = i0; i < sg->v[cur.v0].a && d->c[i].row == row; i++)
					cur.last_words += label_char(d->c[i].fold) &&
					                  !outdented(d, i, cur.line_at[cur.nlines - 2]);
			}
			if (n == cap) {
				cap *= 2;
				unit *p = realloc(u, (size_t)cap * sizeof *p);
				if (!p) {
					free(u);
					return -1;
				}
				u = p;
			}
			u[n++] = cur;
			memset(&cur, 0, sizeof cur);
			cur.label_at = -1;
		}
		if (!g) {
			/* words after the last values, no values of their own (their
			 * head: not when the label kept only its tail) */
			if (n > 0 && cur.nlabel && cur.nlabel < LABEL_MAX && !cur.nv) {
				int m = cur.nlabel < TAIL_MAX ? cur.nlabel : TAIL_MAX;
				memcpy(u[n - 1].after, cur.label, sizeof cur.label[0] * (size_t)m);
				u[n - 1].nafter = m;
			}
			break;
		}
		if (g->kind == NSM_SEG_TEXT) {
			if (cur.label_at < 0)
				cur.label_at = g->a;
			for (int i = g->a; i < g->b; i++) {
				uint32_t f = d->c[i].fold;
				if (!label_char(f))
					continue;
				/* a text run may span lines: where each line's label starts */
				if (!cur.nlines || d->c[cur.line_at[cur.nlines - 1]].row != d->c[i].row) {
					if (cur.nlines == LABEL_LINES) {
						memmove(cur.line_label, cur.line_label + 1,
						        (LABEL_LINES - 1) * sizeof cur.line_label[0]);
						memmove(cur.line_at, cur.line_at + 1,
						        (LABEL_LINES - 1) * sizeof cur.line_at[0]);
						cur.nlines--;
					}
					cur.line_label[cur.nlines] = cur.nlabel;
					cur.line_at[cur.nlines++] = i;
				}
				if (cur.nlabel == LABEL_MAX) { /* keep the tail */
					memmove(cur.label, cur.label + 1,
					        (LABEL_MAX - 1) * sizeof cur.label[0]);
					cur.nlabel--;
					for (int q = 0; q < cur.nlines; q++)
						cur.line_label[q] -= cur.line_label[q] > 0;
				}
				cur.label[cur.nlabel++] = f;
			}
		} else if (g->kind == NSM_SEG_NUM || g->kind == NSM_SEG_BLANK) {
			/* an empty grid cell before any label is layout, not a blank
			 * (a text row's empty cell is one txt.c found to be a blank) */
			if (g->kind == NSM_SEG_BLANK && g->a == g->b && !cur.nlabel && !cur.nv &&
			    d->l->rows[d->c[g->a].row].grid)
				continue;
			if (!cur.nv) {
				cur.v0 = k;
				cur.grid = d->l->rows[d->c[g->a].row].grid;
				cur.inline_values = cur.nlines > 0 &&
				                    d->c[cur.line_at[cur.nlines - 1]].row == d->c[g->a].row;
				if (cur.inline_values)
					inline_item(d, &cur);
			}
			cur.nv = k - cur.v0 + 1;
			cur.nnum += g->kind == NSM_SEG_NUM;
		}
	}
	*out = u;
	*nout = n;
	return 0;
}

/* ---- label matching ------------------------------------------------- */

static int to_label(const char *s, uint32_t *out, int max)
{
	int n = 0;
	size_t i = 0, len = strlen(s);
	uint32_t cp;
	while (n < max && nst_next_folded(s, len, &i, &cp))
		if (label_char(cp))
			out[n++] = cp;
	return n;
}

/* Tail-anchored alignment of template label L against the label buffer B:
 * B's prefix is free, every other unmatched character costs half a match.
 * Returns the score divided by |L| (1.0: B ends with L exactly).  The DP
 * counts in half matches (a match 2, anything unmatched -1): integers,
 * exactly the half-integers a double DP holds, without its latency. */
static double align(const uint32_t *L, int nl, const uint32_t *B, int nb,
                    int *trailing)
{
	*trailing = 0;
	if (nl == 0 || nb == 0)
		return 0;
	int rows_[2][LABEL_MAX + 1], *prev = rows_[0], *cur = rows_[1];
	/* dp over L (rows) and B (columns); prev[j] = row i-1 */
	for (int j = 0; j <= nb; j++)
		prev[j] = 0; /* free start anywhere in B */
	for (int i = 1; i <= nl; i++) {
		uint32_t l = L[i - 1];
		int left = prev[0] - 1;
		cur[0] = left;
		for (int j = 1; j <= nb; j++) {
			int best = prev[j - 1] + (l == B[j - 1] ? 2 : -1);
			int up = prev[j] - 1;  /* L char missing in B */
			left -= 1;             /* extra B char */
			if (up > best) best = up;
			if (left > best) best = left;
			cur[j] = left = best;
		}
		int *t = prev;
		prev = cur;
		cur = t;
	}
	/* where the best alignment leaves B: the characters after it are
	 * extras at the end, between the label and its values */
	int end = nb;
	for (int j = nb - 1; j >= 0; j--)
		if (prev[j] - (nb - j) >= prev[end] - (nb - end))
			end = j;
	*trailing = nb - end;
	return 0.5 * prev[nb] / nl;
}

/* Template labels in matching form, decoded once per row and variant. */
typedef struct label_form {
	const char *src;
	uint32_t c[LABEL_MAX];
	int n;
	int shared; /* a variant that more than one row has */
} label_form;

/* How many rows of a table (either edition) have the wording s among their
 * variants.  "行政机关不再处理其政府信息公开申请" ends both 三（六）1 and
 * 三（六）2: it names a row only where the rest of the label is lost. */
static int variant_rows(const char *s)
{
	int n = 0;
	for (int t = 0; t < NSM_NTABLES; t++) {
		const nsm_table *e[2] = {nsm_table_get(t, NS_EDITION_2021),
		                         nsm_table_get(t, NS_EDITION_2019)};
		for (int k = 0; k < 2; k++)
			for (int r = 0; r < e[k]->nrows; r++) {
				if (k == 1 && nsm_row_index(e[0], e[1]->rows[r].id) >= 0)
					continue; /* the same row in both editions */
				for (int v = 0; v < 4 && e[k]->rows[r].variants[v]; v++)
					n += strcmp(e[k]->rows[r].variants[v], s) == 0;
			}
	}
	return n;
}

/* Every label form the matcher asks for (all rows and variants of every
 * table in both editions, t4's row words) is made once per process and
 * then only read: label_of was asked once per unit, row and variant, and
 * its locked linear search of the cache cost more than the matching.
 * Lookups go by the string's address through a small open hash. */
enum { FORMS_MAX = 512, FORMS_HASH = 1024 };

static label_form forms[FORMS_MAX];
static int nforms;
static short forms_at[FORMS_HASH]; /* index + 1, 0: empty */
static pthread_once_t forms_once = PTHREAD_ONCE_INIT;

/* (复议后 alone: "复议后提起诉讼", "经复议后起诉" — the row the words of
 * 复议后起诉 name however its verb is worded) */
static const char *const t4_words[] = {"行政复议", "未经复议", "直接起诉", "复议后起诉", "复议后"};
/* t4's own header words, its rows' and its columns' (t4_header_chars);
 * then the halves of the columns' wrapped two to a line in narrow cells,
 * each line of the header read across ("结果 结果 其他 尚未" / "维持 纠正
 * 结果 审结": plain pdftotext) */
static const char *const t4_header[] = {"结果维持", "结果纠正", "其他结果", "尚未审结",
	"总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
	"结果", "维持", "纠正", "其他", "尚未", "审结"};

static size_t form_hash(const char *s)
{
	uintptr_t h = (uintptr_t)s;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 40) & (FORMS_HASH - 1);
}

static const label_form *form_find(const char *s)
{
	for (size_t h = form_hash(s); forms_at[h]; h = (h + 1) & (FORMS_HASH - 1))
		if (forms[forms_at[h] - 1].src == s)
			return &forms[forms_at[h] - 1];
	return NULL;
}

static void form_add(const char *s)
{
	if (!s || nforms == FORMS_MAX || form_find(s))
		return;
	label_form *f = &forms[nforms++];
	f->n = to_label(s, f->c, LABEL_MAX);
	f->shared = variant_rows(s) > 1;
	f->src = s;
	size_t h = form_hash(s);
	while (forms_at[h])
		h = (h + 1) & (FORMS_HASH - 1);
	forms_at[h] = (short)nforms;
}

static void forms_init(void)
{
	for (int t = 0; t < NSM_NTABLES; t++)
		for (int ed = 0; ed < 2; ed++) {
			const nsm_table *tpl = nsm_table_get(t, ed ? NS_EDITION_2019 : NS_EDITION_2021);
			for (int r = 0; r < tpl->nrows; r++) {
				form_add(tpl->rows[r].label);
				for (int v = 0; v < 4 && tpl->rows[r].variants[v]; v++)
					form_add(tpl->rows[r].variants[v]);
			}
		}
	for (size_t w = 0; w < sizeof t4_words / sizeof t4_words[0]; w++)
		form_add(t4_words[w]);
	for (size_t w = 0; w < sizeof t4_header / sizeof t4_header[0]; w++)
		form_add(t4_header[w]);
}

static const label_form *label_of(const char *s)
{
	pthread_once(&forms_once, forms_init);
	const label_form *f = form_find(s);
	if (f)
		return f;
	/* not a template string (none today): made once and kept, as before */
	static label_form cache[256];
	static int ncache;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < ncache; i++)
		if (cache[i].src == s) {
			pthread_mutex_unlock(&lock);
			return &cache[i];
		}
	label_form *c = ncache < 256 ? &cache[ncache] : NULL;
	if (c) {
		c->n = to_label(s, c->c, LABEL_MAX);
		c->shared = variant_rows(s) > 1;
		c->src = s;
		ncache++;
	}
	pthread_mutex_unlock(&lock);
	return c;
}

/* A template row's label forms (label, then variants), looked up once per
 * table rather than once per unit. */
typedef struct row_forms {
	const label_form *f[5];
	int n;
} row_forms;

static void forms_of(const nsm_row *row, row_forms *rf)
{
	rf->n = 0;
	const label_form *L = label_of(row->label);
	if (L)
		rf->f[rf->n++] = L;
	for (int v = 0; v < 4 && row->variants[v]; v++)
		if ((L = label_of(row->variants[v])))
			rf->f[rf->n++] = L;
}

#define SHARED_SCORE 0.75

/* Which label characters a unit has (hashed on their low ten bits, as the
 * filter in row_score reads them). */
typedef struct label_bits {
	uint64_t w[16];
} label_bits;

static void bits_of(const uint32_t *B, int nb, label_bits *bits)
{
	memset(bits, 0, sizeof *bits);
	for (int j = 0; j < nb; j++)
		bits->w[(B[j] >> 6) & 15] |= 1ull << (B[j] & 63);
}

/* Does the bound of row_score_t reach need_tenths: 30 p - 10 n >= 2 need n,
 * p of L's n characters present in bits?  That is p >= want; counting
 * stops as soon as it is reached, or as soon as more characters are
 * missing than it leaves room for (most forms name another row and are
 * refused after a few characters: counting all of them, for every form
 * of every row against every unit, was a sixth of the tables' time). */
static int bound_reaches(const label_form *L, const label_bits *bits, int need_tenths)
{
	int n = L->n, want = ((2 * need_tenths + 10) * n + 29) / 30; /* ceil */
	int present = 0, missing = 0;
	if (want <= 0)
		return 1;
	for (int i = 0; i < n; i++) {
		if ((bits->w[(L->c[i] >> 6) & 15] >> (L->c[i] & 63)) & 1) {
			if (++present >= want)
				return 1;
		} else if (++missing > n - want) {
			return 0;
		}
	}
	return 0;
}

/* The score of the row's best label form for unit u when it can reach
 * need_tenths / 10; a lower figure (no caller reads it) otherwise.
 * `whole`: u's label characters (bits_of its whole label).
 *
 * The bound: an alignment matches at most the label characters present
 * in the window, and every other label character costs half a match, so
 * with p of n present the score is at most (1.5 p - 0.5 n) / n.  Every
 * caller takes a score only from a threshold up (0.5, 0.6, 0.8, 0.9), so
 * the DP runs only where the bound reaches it: the scores a caller sees
 * are those of running it everywhere.  The whole label's characters bound
 * the window's, so most forms are refused without looking at the window. */
static double row_score_t(const row_forms *rf, const unit *u, const label_bits *whole,
                          int need_tenths, int *best_trailing)
{
	double best = 0;
	if (best_trailing)
		*best_trailing = 0;
	for (int v = 0; v < rf->n; v++) {
		const label_form *L = rf->f[v];
		/* 30 p - 10 n < 20 need n: the bound is below need */
		if (!bound_reaches(L, whole, need_tenths))
			continue;
		/* a window of B longer than twice the label scores below any
		 * threshold: only the tail can matter */
		int nb = u->nlabel, win = 2 * L->n + 2;
		const uint32_t *B = u->label;
		if (nb > win) {
			B += nb - win;
			nb = win;
			label_bits wb;
			bits_of(B, nb, &wb);
			if (!bound_reaches(L, &wb, need_tenths))
				continue;
		}
		int trailing = 0;
		double s;
		/* B ending with L exactly is the best alignment there is (every
		 * label character matched, nothing after): 1.0, nothing
		 * trailing — what the DP would find */
		if (L->n > 0 && nb >= L->n &&
		    memcmp(B + nb - L->n, L->c, sizeof *B * (size_t)L->n) == 0)
			s = 1.0;
		else
			s = align(L->c, L->n, B, nb, &trailing);
		/* Values follow their label: words between the end of a label and
		 * the values say the values are another's ("…缴纳费用…申请 3、其他
		 * 4 0 0…" are 其他's, not 三（六）2's, however long 三（六）2's
		 * label is).  The alignment divides by the label's length, which
		 * hides them on a long label; they cost here by themselves. */
		s -= 0.1 * (trailing < 3 ? trailing : 3);
		/* a wording several rows share names a row less than its own
		 * label does, and only by the template's order among them */
		if (L->shared && s > SHARED_SCORE)
			s = SHARED_SCORE;
		if (s > best) {
			best = s;
			if (best_trailing)
				*best_trailing = trailing;
		}
	}
	return best;
}

static double row_score(const row_forms *rf, const unit *u, const label_bits *whole,
                        int need_tenths)
{
	return row_score_t(rf, u, whole, need_tenths, NULL);
}

/* Does a row after the cursor, free, score more than sc with t's label
 * (the unit's and the head of the next one)?  Then the head is no tail of
 * the cursor row's label: "…申请人逾期未按收费通知要求缴纳费用、行政机关" +
 * "不再处理其政府信息公开申请" is 三（六）2's, not 三（六）1's, which only
 * the wording the two share names; "…无正当理由" + "理大量反复申请" is
 * 三（五）4's, not 重复申请's, which its last three characters name. */
static int later_row_better(const row_forms *rf, int nrows, const unit *t, int cursor,
                            const int *match, double sc)
{
	label_bits tb;
	bits_of(t->label, t->nlabel, &tb);
	for (int r = cursor + 1; r < nrows; r++)
		if (match[r] < 0 && row_score(&rf[r], t, &tb, 6) > sc)
			return 1;
	return 0;
}

/* A label wrapped over three lines in a PDF has its values on the middle
 * line: the part after the values was read as the head of the next label.
 * For a unit no row claims, try the row expected next with the head of the
 * following label appended; accept only a clear match.  (Only that row:
 * with the whole following label appended, the row after it would match.) */
static int lookahead(const row_forms *rf, int nrows, const unit *u, int k,
                     const uint32_t *next_label, int next_n, int cursor, const int *match,
                     double *score)
{
	unit t = u[k];
	int best = -1;
	double best_s = 0.6;
	for (int p = 1; p <= next_n; p++) {
		int keep = t.nlabel = u[k].nlabel;
		memcpy(t.label, u[k].label, sizeof(uint32_t) * (size_t)keep);
		for (int i = 0; i < p; i++) {
			if (t.nlabel == LABEL_MAX) {
				memmove(t.label, t.label + 1, (LABEL_MAX - 1) * sizeof t.label[0]);
				t.nlabel--;
			}
			t.label[t.nlabel++] = next_label[i];
		}
		if (cursor < nrows && match[cursor] < 0) {
			label_bits tb;
			bits_of(t.label, t.nlabel, &tb);
			double sc = row_score(&rf[cursor], &t, &tb, 6);
			if (sc >= best_s && !later_row_better(rf, nrows, &t, cursor, match, sc)) {
				best = cursor;
				best_s = sc;
			}
		}
	}
	if (score)
		*score = best_s;
	return best;
}

/* Rows left wholly empty above a label wrapped around its values, in a PDF
 * whose cells are centred on their lines: "5.要求行政机关确认或" / values /
 * "重新出具已获取信息" under rows 3 and 4 printed with no values (zeros left
 * blank), whose labels run into this unit's, with the lines of the group
 * label merged beside them ("（五）" "不予处" "理") in between; or printed
 * with "—" or "/", where such a row is a unit of blanks whose label lost its
 * last line to this unit ("不予处4.无正当理由大量反复 — —…" / "理 申请").
 * lookahead tries the cursor row only, and that row is one of the empty
 * ones.  Here a later row r is tried with the unit's label from one of its
 * lines on (where r's label starts) and the head of the next label, as
 * lookahead does; and only where every row from the cursor to r, none with
 * values, is named clearly and in the template's order by the lines before
 * that one, read back over the units of blanks just before this unit: those
 * rows are left empty, each the unit of blanks its label starts in (au[q])
 * or at[q], where its label starts in this unit's.  Whatever the lines do
 * not name so (a group label, another row's words) refuses it.
 * r's label must start in those lines, or at the next label's first line
 * (values printed above their label): the head alone names any row ("五"
 * over the values, "的" / "不予处" / "4.无正当理由大量反复…" after them gave
 * 三（五）3's values to 4).  And the last such row is r, the last label
 * begun before the values: from an earlier one the lines after it, other
 * rows' labels, are only words trailing it ("2.重复申请" / "3.要求提供公开
 * 出版物" / "4.无正当理由大" over 三（五）4's values named 重复申请). */
enum { STREAM_LINES = 4 * LABEL_LINES };

/* Does a label of row rf (its own wording, not one several rows share)
 * start in S[from..to): its first two characters there, the second
 * perhaps just after (S holds ns)? */
static int label_starts_in(const row_forms *rf, const uint32_t *S, int from, int to, int ns)
{
	for (int v = 0; v < rf->n; v++) {
		const label_form *L = rf->f[v];
		if (L->shared || L->n == 0)
			continue;
		for (int i = from; i < to; i++)
			if (S[i] == L->c[0] && (L->n == 1 || (i + 1 < ns && S[i + 1] == L->c[1])))
				return 1;
	}
	return 0;
}

static int lookahead_past_empty(const row_forms *rf, int nrows, const unit *u, int k,
                                const uint32_t *next_label, int next_n, int next_first,
                                int cursor, const int *match, int *at, int *au)
{
	const unit *x = &u[k];
	if (x->grid || !x->nlines)
		return -1;
	/* the lines of the units of blanks before it, then its own */
	int k0 = k;
	while (k0 > 0 && u[k0 - 1].nnum == 0 && !u[k0 - 1].grid && k - k0 < 3)
		k0--;
	uint32_t S[4 * LABEL_MAX];
	int ns = 0, nl = 0, ls[STREAM_LINES + 1], lu[STREAM_LINES], la[STREAM_LINES], own = 0;
	for (int q = k0; q <= k; q++) {
		if (q == k)
			own = nl;
		for (int j = 0; j < u[q].nlines && nl < STREAM_LINES; j++) {
			ls[nl] = ns;
			lu[nl] = q;
			la[nl++] = u[q].line_at[j];
			int e = j + 1 < u[q].nlines ? u[q].line_label[j + 1] : u[q].nlabel;
			for (int i = u[q].line_label[j]; i < e; i++)
				S[ns++] = u[q].label[i];
		}
	}
	ls[nl] = ns;
	if (own >= nl)
		return -1;
	int last = cursor;
	while (last + 1 < nrows && last + 1 - cursor < nl && match[last] < 0 && match[last + 1] < 0)
		last++;
	for (int r = last; r > cursor; r--) {
		/* its values may stand above it, at the next label's first line */
		int above = label_starts_in(&rf[r], next_label, 0, next_first, next_n);
		for (int s = nl - 1; s >= own && s >= r - cursor; s--) {
			/* row r from line s on: its label starts there, or above */
			if (!above && !label_starts_in(&rf[r], S, ls[s], ns, ns))
				continue;
			unit t = *x;
			t.nlabel = ns - ls[s];
			if (t.nlabel > LABEL_MAX)
				continue;
			memcpy(t.label, S + ls[s], sizeof t.label[0] * (size_t)t.nlabel);
			if (lookahead(rf, nrows, &t, 0, next_label, next_n, r, match, NULL) != r)
				continue;
			/* the rows before it, each from the nearest line up that
			 * names it, back to the cursor */
			int end = ls[s], j0 = s, ok = 1;
			for (int q = r - 1; q >= cursor && ok; q--) {
				int found = -1;
				for (int j = j0 - 1; j >= 0 && found < 0; j--) {
					unit l = *x;
					l.nlabel = end - ls[j];
					if (l.nlabel > LABEL_MAX)
						break;
					memcpy(l.label, S + ls[j], sizeof l.label[0] * (size_t)l.nlabel);
					label_bits lb;
					bits_of(l.label, l.nlabel, &lb);
					if (l.nlabel > 0 && row_score(&rf[q], &l, &lb, 9) >= 0.9)
						found = j;
				}
				if (found < 0) {
					ok = 0;
				} else {
					at[q] = la[found];
					au[q] = lu[found] == k ? -1 : lu[found];
					end = ls[found];
					j0 = found;
				}
			}
			if (ok)
				return r;
		}
	}
	return -1;
}

/* Rows left wholly empty in text and PDFs, where an empty cell leaves no
 * mark: a row's label alone on its line ("规章" over nothing) runs into the
 * label of the row after it, whose values are on its own line.  A line of
 * such a label that names, clearly and in the template's order, the rows
 * just before the one the unit matched (and that no values took) is that
 * row, every cell empty; empty_at[r]: where its label is, or -1.  Only
 * where the values stand on their label's line: raw pdftotext lists a
 * table's labels first and its values after them, and those rows are
 * not empty. */
static void empty_rows(const row_forms *rf, int nrows, const unit *u, int *match, int *empty_at)
{
	for (int r = 1; r < nrows; r++) {
		int k = match[r];
		if (k < 0 || u[k].grid || !u[k].inline_values || u[k].nnum == 0)
			continue;
		for (int j = u[k].nlines - 2, rr = r - 1; j >= 0 && rr >= 0 && match[rr] < 0; j--, rr--) {
			unit line = u[k];
			line.nlabel = u[k].line_label[j + 1] - u[k].line_label[j];
			memmove(line.label, u[k].label + u[k].line_label[j],
			        (size_t)line.nlabel * sizeof line.label[0]);
			label_bits lb;
			bits_of(line.label, line.nlabel, &lb);
			if (line.nlabel == 0 || row_score(&rf[rr], &line, &lb, 9) < 0.9)
				break;
			match[rr] = k;
			empty_at[rr] = u[k].line_at[j];
		}
	}
}

/* The label of unit k read from the top: its values' line and the lines
 * under it, to the next unit's own values' line (a label wrapped in a cell
 * aligned to its top), scored against a row. */
static double top_reading(const row_forms *rf, const unit *u, int nu, int k, int need_tenths)
{
	unit t = u[k];
	int from = u[k].nlines ? u[k].line_label[u[k].nlines - 1] : 0;
	t.nlabel = 0;
	for (int i = from; i < u[k].nlabel; i++)
		t.label[t.nlabel++] = u[k].label[i];
	if (k + 1 < nu) {
		const unit *nx = &u[k + 1];
		int upto = nx->inline_values && nx->nlines ? nx->line_label[nx->nlines - 1] : nx->nlabel;
		for (int i = 0; i < upto && t.nlabel < LABEL_MAX; i++)
			t.label[t.nlabel++] = nx->label[i];
	}
	/* the row's label is the start of it: what follows (a row left wholly
	 * blank under it) is none of its */
	int longest = 0;
	for (int v = 0; v < rf->n; v++)
		if (rf->f[v]->n > longest)
			longest = rf->f[v]->n;
	if (t.nlabel > longest + 1)
		t.nlabel = longest + 1;
	label_bits tb;
	bits_of(t.label, t.nlabel, &tb);
	return row_score(rf, &t, &tb, need_tenths);
}

/* Does row r's printed label start with item number no and character c
 * ("三（三）4" 保护第三方合法权益: 4 and 保)? */
static int row_starts(const nsm_row *row, int no, uint32_t c)
{
	const char *n = row->no ? row->no : "";
	size_t len = strlen(n), k = len;
	while (k > 0 && n[k - 1] >= '0' && n[k - 1] <= '9')
		k--;
	if (k == len || atoi(n + k) != no)
		return 0;
	uint32_t first;
	size_t i = 0;
	if (nst_next_folded(row->label, strlen(row->label), &i, &first) && first == c)
		return 1;
	for (int v = 0; v < 4 && row->variants[v]; v++) {
		i = 0;
		if (nst_next_folded(row->variants[v], strlen(row->variants[v]), &i, &first) &&
		    first == c)
			return 1;
	}
	return 0;
}

/* The number a row's label is printed after, the last of its template
 * number: 三（三）4 → 4, 三（二） → 2, 二 → 2 (a report may write any of them
 * "1." "（1）" "①", as item_before reads them); -1 for a number of another
 * form (t2's 第二十条第（一）项). */
static int row_number(const nsm_row *row)
{
	static const char *const han[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
	const char *n = row->no ? row->no : "";
	size_t len = strlen(n), k = len;
	while (k > 0 && n[k - 1] >= '0' && n[k - 1] <= '9')
		k--;
	if (k < len)
		return atoi(n + k);
	if (len >= 3 && !strcmp(n + len - 3, "）"))
		len -= 3;
	else if (len != 3)
		return -1;
	for (int i = 0; i < 9; i++)
		if (len >= 3 && !strncmp(n + len - 3, han[i], 3))
			return i + 1;
	return -1;
}

/* Is `label` (a row's) one of the headings of the table's columns cols,
 * and does u's label hold another of them? */
static int column_word(const nsm_table *cols, const char *label, const unit *u)
{
	int own = -1;
	for (int j = 0; j < cols->ncols && own < 0; j++)
		if (strcmp(cols->cols[j].label, label) == 0)
			own = j;
	if (own < 0)
		return 0;
	for (int j = 0; j < cols->ncols; j++) {
		if (j == own)
			continue;
		uint32_t w[16];
		int n = 0;
		size_t i = 0;
		const char *h = cols->cols[j].label;
		while (n < 16 && nst_next_folded(h, strlen(h), &i, &w[n]))
			n++;
		for (int a = 0; a + n <= u->nlabel; a++)
			if (!memcmp(u->label + a, w, sizeof *w * (size_t)n))
				return 1;
	}
	return 0;
}

/* The best score of row rf against u's label read to the end of each of
 * its lines, and to its end: a row left blank in text has its label on a
 * line of its own, over the next row's label and values
 * ("（二）部分公开（…）" / "（1）属于国家秘密 3 0 …"), where the words after
 * it cost it too much to be seen in the whole label; and with the head of
 * the label after it (after), where its values stood before its label's
 * end.  (Not in a grid: a row left blank there has empty cells of its
 * own, and a line of a grid cell's label is a group's label or a wrapped
 * one.) */
static double lines_score(const row_forms *rf, const unit *u, const unit *after,
                          int need_tenths)
{
	label_bits b;
	bits_of(u->label, u->nlabel, &b);
	double best = row_score(rf, u, &b, need_tenths);
	/* values on a middle line of their label (a PDF's cell centred on
	 * its lines): the label's end is the head of the next one's
	 * ("（二）部分公开（区分处理的，只计这一情形" / values / "不计其他情形）"),
	 * where that one's label has lines of its own before its values
	 * (or these values stand on no line of their label) */
	if (after && !u->grid && u->inline_values && after->nlines < 2)
		after = NULL;
	for (int p = 1; after && !u->grid && p <= after->nlabel; p++) {
		unit l = *u;
		int keep = u->nlabel + p <= LABEL_MAX ? u->nlabel : LABEL_MAX - p;
		if (keep <= 0)
			break;
		memcpy(l.label, u->label + u->nlabel - keep, sizeof l.label[0] * (size_t)keep);
		memcpy(l.label + keep, after->label, sizeof l.label[0] * (size_t)p);
		l.nlabel = keep + p;
		bits_of(l.label, l.nlabel, &b);
		double s = row_score(rf, &l, &b, need_tenths);
		if (s > best)
			best = s;
	}
	for (int j = 1; j < u->nlines && !u->grid; j++) {
		unit l = *u;
		l.nlabel = u->line_label[j];
		if (l.nlabel <= 0)
			continue;
		bits_of(l.label, l.nlabel, &b);
		double s = row_score(rf, &l, &b, need_tenths);
		if (s > best)
			best = s;
	}
	return best;
}

/* Is row r's label the label of a group of other rows of the table (the
 * union of both editions' t3: 2019's single row 其他处理 is 2021's group
 * （六）其他处理), and does a unit next to k hold it with words of its
 * own after it?  A grid repeats a merged cell's label in each row it
 * spans ("（六）其他处理 | 1.申请人逾期不补正…", "… | 3.其它"): there it
 * is the group's, not a row's (it took "3.其它"'s values as 2019's row
 * and the table for the 2019 edition). */
static int group_label_in_grid(const nsm_row *rows, int nrows, const row_forms *rf, int r,
                               const unit *u, int nu, int k)
{
	/* only a grid repeats a merged cell's label: the template's groups
	 * need not be searched for another unit's row */
	if (!u[k].grid)
		return 0;
	int group = 0;
	size_t n = strlen(rows[r].label);
	for (int q = 0; q < nrows && !group; q++) {
		const char *g = rows[q].group;
		size_t gn = g ? strlen(g) : 0;
		/* the group's words after its number: "（六）其他处理" */
		group = q != r && gn > n && !strcmp(g + gn - n, rows[r].label) &&
		        (rows[r].group == NULL || strcmp(rows[r].group, g) != 0);
	}
	if (!group)
		return 0;
	for (int j = k - 1; j <= k + 1; j += 2) {
		if (j < 0 || j >= nu || !u[j].grid)
			continue;
		for (int v = 0; v < rf->n; v++) {
			const label_form *L = rf->f[v];
			for (int a = 0; L->n > 0 && a + L->n < u[j].nlabel; a++)
				if (!memcmp(u[j].label + a, L->c, sizeof *L->c * (size_t)L->n))
					return 1;
		}
	}
	return 0;
}

/* Match units to rows in template order.  match[r] = unit index or -1;
 * unmatched_units[k] = 1 for values under a label that names no row, 2 for
 * a blank row (a label over empty cells) that names none: a caption or a
 * header, nothing to report; empty_at: empty_rows. */
static void match_rows(const nsm_row *rows, int nrows, const nsm_table *cols, const unit *u,
                       int nu, int *match, int *unmatched_units, int *empty_at)
{
	row_forms rf[32];
	/* the score by which a row took its unit by its label alone (1: any
	 * other way, or clearly) */
	double took[32];
	for (int r = 0; r < nrows; r++) {
		match[r] = -1;
		empty_at[r] = -1;
		took[r] = 1;
		forms_of(&rows[r], &rf[r]);
	}
	int cursor = 0;
	for (int k = 0; k < nu; k++) {
		int best = -1;
		double best_s = 0, best_raw = 1;
		if (u[k].nnum == 0) {
			unmatched_units[k] = 2; /* blank rows: below */
			continue;
		}
		label_bits ub;
		bits_of(u[k].label, u[k].nlabel, &ub);
		for (int r = 0; r < nrows; r++) {
			/* rows before the cursor only when clearly named and unused;
			 * or the row just before it, taken by a unit that named it
			 * only loosely ("全部公开" over 予以公开's values scores 部分公开
			 * by three characters of four): a unit after it that names
			 * it clearly is its, the other one's label named no row */
			if (r < cursor && match[r] >= 0 &&
			    !(r == cursor - 1 && took[r] < 0.8 && match[r] < k))
				continue;
			double s = row_score(&rf[r], &u[k], &ub, r < cursor ? 9 : 5);
			if (r < cursor && s < 0.9)
				continue;
			double adj = s + (r == cursor ? 0.1 : 0);
			if (s >= 0.5 && (best < 0 || adj > best_s)) {
				best = r;
				best_s = adj;
				best_raw = s;
			}
		}
		if (best > cursor && best_raw < 0.8 && k + 1 < nu) {
			/* past the row expected next on a loose reading, where the
			 * next unit names that row better: the row is the next
			 * unit's ("全部公开" over 予以公开's values scores 部分公开 by
			 * three characters of four; "（二）部分公开（区分处理的，…不计"
			 * after it, its label's end wrapped past its values, more),
			 * and this label names no row */
			double ns = lines_score(&rf[best], &u[k + 1], k + 2 < nu ? &u[k + 2] : NULL, 7);
			if (ns >= 0.7 && ns > best_raw + 0.05)
				best = -1;
		}
		if (best >= 0 && best < cursor && match[best] >= 0) {
			/* taken from the unit that named it loosely: that unit's
			 * label names no row (nor does it stand in for an empty row
			 * read from its lines: only a unit that holds no other row) */
			int old = match[best], other = 0;
			for (int r = 0; r < nrows; r++)
				other |= r != best && match[r] == old;
			if (other) {
				best = -1;
			} else {
				unmatched_units[old] = 1;
				match[best] = -1;
			}
		}
		int scored = best;
		if (best < 0 && k + 1 == nu && u[k].nafter)
			best = lookahead(rf, nrows, u, k, u[k].after, u[k].nafter, cursor, match, NULL);
		if (best < 0 && k + 1 < nu) {
			double sc;
			best = lookahead(rf, nrows, u, k, u[k + 1].label, u[k + 1].nlabel, cursor, match,
			                 &sc);
			/* not when the next unit names that row itself and has values
			 * of its own: these are a header's or another table's (raw
			 * pdftotext puts a header and its values between two rows);
			 * nor when it names it as well as this unit's label and it
			 * together do, this label adding nothing ("…属于四类" +
			 * "过程性信息属于三类内部事务信" over 三（三）5's values, its
			 * last character on the line after) */
			if (best >= 0 && u[k + 1].nnum > 0) {
				label_bits nb;
				bits_of(u[k + 1].label, u[k + 1].nlabel, &nb);
				double ns = row_score(&rf[best], &u[k + 1], &nb, 6);
				if (ns >= 0.9 || ns >= sc)
					best = -1;
			}
		}
		if (best < 0 && k + 1 < nu) {
			int at[32], au[32];
			/* the next label's first line (none known where its first
			 * lines were let go: LABEL_LINES) */
			const unit *nx = &u[k + 1];
			int first = nx->nlines && nx->line_label[0] > 0 ? 0
			            : nx->nlines > 1                    ? nx->line_label[1]
			                                                : nx->nlabel;
			best = lookahead_past_empty(rf, nrows, u, k, nx->label, nx->nlabel, first, cursor,
			                            match, at, au);
			/* not another item than the number on the values' line
			 * says (that is read below) */
			if (best >= 0 && u[k].inline_no > 0 && !u[k].grid &&
			    !row_starts(&rows[best], u[k].inline_no, u[k].inline_first))
				best = -1;
			/* as above: not a row the next unit's values name */
			if (best >= 0 && u[k + 1].nnum > 0) {
				label_bits nb;
				bits_of(u[k + 1].label, u[k + 1].nlabel, &nb);
				if (row_score(&rf[best], &u[k + 1], &nb, 9) >= 0.9)
					best = -1;
			}
			for (int q = cursor; q < best; q++) {
				/* a unit of blanks with a cell for each of the row's
				 * cells is the row's (its "—" kept); else none */
				if (au[q] >= 0 && u[au[q]].nv >= nsm_row_ncells_of(&rows[q])) {
					match[q] = au[q];
					unmatched_units[au[q]] = 0;
				} else {
					match[q] = k;
					empty_at[q] = at[q];
				}
			}
		}
		if (best > cursor) {
			/* a row whose whole label is the end of an earlier row's
			 * ("其他" of 三（六）3 ends 部分公开（…不计其他情形） but for its
			 * last words): the earlier row, free and named well enough,
			 * when its label was cut there (wrapped in a narrow cell, the
			 * line of values ends "…不计其他") */
			for (int r = cursor; r < best; r++)
				if (match[r] < 0 && strstr(rows[r].label, rows[best].label) &&
				    row_score(&rf[r], &u[k], &ub, 5) >= 0.7) {
					best = r;
					break;
				}
		}
		if (u[k].inline_no > 0 && !u[k].grid) {
			/* values on the line where an item's label starts ("4.保"
			 * over the rest of 保护第三方合法权益): that item's row, the
			 * first free one from the cursor, unless the row the label
			 * chose starts so as well.  The lines before are another
			 * row's tail or a row left wholly blank (cells aligned to the
			 * top), and named the row before it. */
			int started = -1;
			for (int r = cursor; r < nrows && started < 0; r++)
				if (match[r] < 0 && row_starts(&rows[r], u[k].inline_no, u[k].inline_first))
					started = r;
			/* read from the top: the line's words and the lines under it
			 * (the head of the next unit's label) must name that row too,
			 * or the number is a typo ("6.属于三类…" for 5) */
			if (started >= 0 && (best < 0 || !row_starts(&rows[best], u[k].inline_no,
			                                               u[k].inline_first)) &&
			    top_reading(&rf[started], u, nu, k, 6) >= 0.8)
				best = started;
		}
		/* a row printed after another number than the label's last line
		 * has (the values' line, or the line just before the values),
		 * named only loosely ("（二）部分公开（…不计其他情形）" a row left
		 * blank, over "（1）国家秘密" and its values: not 部分公开's, the
		 * label's end after it costing too little to tell): the row of that
		 * number, the first free one from the cursor, where its label names
		 * it at least as loosely; else the values name no row */
		int line_no = u[k].inline_values ? u[k].inline_no : u[k].last_no;
		int no = best >= 0 ? row_number(&rows[best]) : -1;
		if (line_no > 0 && no > 0 && no != line_no && u[k].nlines > 1 &&
		    row_score(&rf[best], &u[k], &ub, 9) < 0.9) {
			best = -1;
			for (int r = cursor; r < nrows && best < 0; r++)
				if (match[r] < 0 && row_number(&rows[r]) == line_no)
					best = top_reading(&rf[r], u, nu, k, 5) >= 0.5 ? r : nrows;
			if (best == nrows)
				best = -1;
		}
		if (best >= 0 && u[k].inline_values && u[k].nlines > 1 && u[k].last_words >= 2) {
			/* values on the last line of a label, where the row's label
			 * ends on a line above it: the words of the values' line are
			 * another's ("…缴纳费用、行政机关不再处理其政府信息公开申请" /
			 * "其它 3 0 …": 其他's values, the row above left blank) */
			int trail = 0;
			row_score_t(&rf[best], &u[k], &ub, 5, &trail);
			if (trail >= u[k].last_words)
				best = -1;
		}
		if (best < 0) {
			unmatched_units[k] = 1;
			continue;
		}
		match[best] = k; /* a later unit of the same label wins */
		took[best] = best == scored ? best_raw : 1;
		if (best >= cursor)
			cursor = best + 1;
	}
	/* A row named by a word that is also a column's heading ("其他",
	 * "总计"), where the label holds another column's heading before it
	 * and the unit's values stand before those of two rows or more above
	 * it in the template: the header's last words ("…社会公益组织 法律服务
	 * 机构 其他 总计" over 本年新收's values, whose label reading-order text
	 * put far below), not the row's (it took 本年新收's values, silently).
	 * Its values go under a label that names no row. */
	for (int r = 0; r < nrows; r++) {
		if (match[r] < 0 || !column_word(cols, rows[r].label, &u[match[r]]))
			continue;
		int above = 0;
		for (int q = 0; q < r; q++)
			above += match[q] > match[r];
		if (above >= 2) {
			unmatched_units[match[r]] = 1;
			match[r] = -1;
		}
	}
	for (int r = 0; r < nrows; r++)
		if (match[r] >= 0 && group_label_in_grid(rows, nrows, &rf[r], r, u, nu, match[r])) {
			unmatched_units[match[r]] = 1;
			match[r] = -1;
		}
	empty_rows(rf, nrows, u, match, empty_at);
	/* A label over empty cells is a row left blank only where it names a
	 * row clearly, has a cell for each of the row's cells, and stands in
	 * the template's order among the rows of values: a header ("…其他 |")
	 * or a caption over a few empty cells is not. */
	for (int k = 0; k < nu; k++) {
		if (unmatched_units[k] != 2)
			continue;
		int best = -1;
		double best_s = 0.8;
		label_bits ub;
		bits_of(u[k].label, u[k].nlabel, &ub);
		for (int r = 0; r < nrows; r++) {
			if (u[k].nv < nsm_row_ncells_of(&rows[r]))
				continue;
			/* a row taken by a unit that named it loosely, just before
			 * this one, as above: this label names it clearly */
			int loose = match[r] >= 0 && took[r] < 0.8 && match[r] < k;
			for (int q = 0; q < nrows && loose; q++)
				loose = q == r || match[q] != match[r];
			for (int q = r + 1; q < nrows && loose; q++)
				loose = match[q] < 0 || match[q] > k;
			if (match[r] >= 0 && !loose)
				continue;
			int ordered = 1;
			for (int q = 0; q < nrows && ordered; q++)
				if (q != r && match[q] >= 0 && (q < r) != (match[q] < k))
					ordered = 0;
			double s = ordered ? row_score(&rf[r], &u[k], &ub, loose ? 9 : 8) : 0;
			if (s >= (loose ? 0.9 : best_s) && s >= best_s) {
				best = r;
				best_s = s;
			}
		}
		if (best >= 0) {
			if (match[best] >= 0)
				unmatched_units[match[best]] = 1;
			match[best] = k;
			took[best] = 1;
			unmatched_units[k] = 0;
		}
	}
}

/* How much of row rf's wording unit u's label keeps, as a report that
 * words the row its own way does ("本机关不掌握" for 本机关不掌握相关政府信息,
 * "申请内容补正后仍不明确" for 补正后申请内容仍不明确): the longest common
 * subsequence of a form and the label's tail (as long as the form and a
 * little more: a group label may stand before it), over the shorter of
 * the two; *common: its length.  No reason to take a row by itself: only
 * for values already placed there by the rows around them. */
static double kept_words(const row_forms *rf, const unit *u, int *common)
{
	double best = 0;
	*common = 0;
	for (int v = 0; v < rf->n; v++) {
		const label_form *L = rf->f[v];
		int nb = u->nlabel < L->n + 6 ? u->nlabel : L->n + 6;
		const uint32_t *B = u->label + u->nlabel - nb;
		if (!L->n || !nb)
			continue;
		int dp[2][LABEL_MAX + 1];
		memset(dp, 0, sizeof dp);
		for (int i = 1; i <= L->n; i++) {
			int *cur = dp[i & 1], *prev = dp[(i - 1) & 1];
			cur[0] = 0;
			for (int j = 1; j <= nb; j++)
				cur[j] = L->c[i - 1] == B[j - 1] ? prev[j - 1] + 1
				         : prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
		}
		int c = dp[L->n & 1][nb];
		double sc = (double)c / (L->n < nb ? L->n : nb);
		if (sc > best || (sc == best && c > *common)) {
			best = sc;
			*common = c;
		}
	}
	return best;
}

/* Is row r of the union of both editions' t3 (or any other table's) out
 * of play, the matched rows saying which edition the table is: 2019's
 * single 其他处理 where a row of 2021's （六） took values, and those
 * where it did. */
static int other_edition(const nsm_row *rows, int nrows, const int *match, int r)
{
	int is19 = strcmp(rows[r].id, "other") == 0, is21 = strncmp(rows[r].id, "other_", 6) == 0;
	if (!is19 && !is21)
		return 0;
	for (int q = 0; q < nrows; q++) {
		if (match[q] < 0)
			continue;
		if (is19 && strncmp(rows[q].id, "other_", 6) == 0)
			return 1;
		if (is21 && strcmp(rows[q].id, "other") == 0)
			return 1;
	}
	/* neither matched: 2021's rows, the template of every report since */
	return is19;
}

/* Values whose label names no row, that sit where rows no values took
 * belong: between two matched rows (or before the first, after the last),
 * as many units as free rows there.  Each takes its row in order: a short
 * label (six characters or fewer, "小计" or a row's one word garbled) the
 * one free row between two matched rows of its width, as shredded
 * converter output moves labels away from their values; any label when
 * it keeps enough of the row's wording (kept_words: at least two
 * characters and half of the shorter) — a report's own wording of the
 * row ("全部公开" for 予以公开, "本年新收申请数量").  Returns how many. */
static int fill_by_position(const nsm_row *rows, int nrows, const unit *u, int nu,
                            int *match, int *unmatched, unsigned char *positional)
{
	int filled = 0;
	/* the short label between two rows */
	for (int k = 0; k < nu; k++) {
		if (unmatched[k] != 1 || u[k].nlabel > 6)
			continue;
		int before = -1, after = -1;
		for (int r = 0; r < nrows; r++) {
			if (match[r] >= 0 && match[r] < k && (before < 0 || r > before))
				before = r;
			if (match[r] > k && (after < 0 || r < after))
				after = r;
		}
		if (before >= 0 && after == before + 2 && match[before + 1] < 0 &&
		    nsm_row_ncells_of(&rows[before + 1]) == nsm_row_ncells_of(&rows[before])) {
			match[before + 1] = k;
			unmatched[k] = 0;
			positional[before + 1] = 1;
			filled++;
		}
	}
	row_forms rf[32];
	for (int r = 0; r < nrows && r < 32; r++)
		forms_of(&rows[r], &rf[r]);
	for (int k0 = 0; k0 < nu; k0++) {
		if (unmatched[k0] != 1)
			continue;
		/* the run of such units with no matched unit among them */
		int before = -1, after = nrows;
		for (int r = 0; r < nrows; r++) {
			if (match[r] >= 0 && match[r] < k0 && (before < 0 || r > before))
				before = r;
			if (match[r] > k0 && r < after)
				after = r;
		}
		int run[32], n = 0, k1 = k0;
		for (int k = k0; k < nu && n < 32; k++) {
			int taken = 0;
			for (int r = 0; r < nrows && !taken; r++)
				taken = match[r] == k;
			if (taken)
				break;
			if (unmatched[k] == 1)
				run[n++] = k1 = k;
		}
		int free_[32], nf = 0;
		for (int r = before + 1; r < after && nf < 32; r++)
			if (match[r] < 0 && !other_edition(rows, nrows, match, r))
				free_[nf++] = r;
		int ok = nf == n && n > 0 && (before >= 0 || after < nrows);
		for (int q = 0; q < n && ok; q++) {
			const unit *x = &u[run[q]];
			int r = free_[q], common = 0;
			if (n == 1 && x->nlabel <= 6 && before >= 0 && after < nrows &&
			    nsm_row_ncells_of(&rows[before]) == nsm_row_ncells_of(&rows[r]))
				; /* a short label between two rows, the other edition's left out */
			else if (x->nv != nsm_row_ncells_of(&rows[r]) ||
			         kept_words(&rf[r], x, &common) < 0.5 || common < 2)
				ok = 0;
		}
		if (ok) {
			for (int q = 0; q < n; q++) {
				match[free_[q]] = run[q];
				unmatched[run[q]] = 0;
				positional[free_[q]] = 1;
				filled++;
			}
		}
		k0 = k1;
	}
	return filled;
}

/* ---- t2 in reading order --------------------------------------------- */

/* Plain pdftotext (poppler's reading order) writes a table whose labels
 * stand apart from their values — each word and each value on a line of
 * its own — in whichever order its blocks come: a label centred in its
 * cell comes after its row's values ("0|0|0|规章|3|1|12|行政|规范|性文|件"),
 * a column of labels after a column of values ("3|1|12|规章|行政规范性
 * 文件", 规章's zeros left blank).  Pairing each label with the values
 * after it gave 规章 行政规范性文件's figures, silently; t2 has no sums to
 * catch it.  Each of t2's sub-tables (a caption 第二十条第（…）项 starts
 * one) is read by itself: as many runs of values as labels, alternating,
 * pair one to one in the order they stand — values first where they stand
 * before the first label (a caption has none); fewer runs than labels
 * cannot tell which rows are the blank ones, and those rows are left null
 * (said).  Only a table with no value on a line of a label, and only where
 * a sub-table is read otherwise than label then values: the rest stays
 * with match_rows. */
enum { T2_TOKENS = 64, T2_TEXT = 512 };

typedef struct t2tok {
	int kind; /* 0 a caption, 1 a row's label, 2 a unit's values */
	int row;  /* kind 1: the row; kind 2: the unit */
	int at;   /* kind 1: its first character */
	int line; /* kind 1: its last character's line */
} t2tok;

/* The row whose label (a form of it) starts at S[i], the longest; -1. */
static int t2_label_at(const row_forms *rf, int nrows, const uint32_t *S, int i, int n,
                       int *len)
{
	int best = -1;
	*len = 0;
	for (int r = 0; r < nrows; r++)
		for (int v = 0; v < rf[r].n; v++) {
			const label_form *L = rf[r].f[v];
			if (L->n > *len && i + L->n <= n &&
			    memcmp(S + i, L->c, sizeof *S * (size_t)L->n) == 0) {
				best = r;
				*len = L->n;
			}
		}
	return best;
}

/* The tokens of the text segments [s0, s1): captions and rows' labels. */
static int t2_text_tokens(const nsm_doc *d, const segs *sg, int s0, int s1,
                          const row_forms *rf, int nrows, t2tok *tk, int nt)
{
	static const uint32_t caption[] = {0x7B2C, 0x4E8C, 0x5341, 0x6761}; /* 第二十条 */
	uint32_t S[T2_TEXT];
	int at[T2_TEXT], n = 0;
	for (int s = s0; s < s1; s++) {
		if (sg->v[s].kind != NSM_SEG_TEXT)
			continue;
		for (int i = sg->v[s].a; i < sg->v[s].b && n < T2_TEXT; i++)
			if (label_char(d->c[i].fold)) {
				S[n] = d->c[i].fold;
				at[n++] = i;
			}
	}
	for (int i = 0; i < n && nt < T2_TOKENS;) {
		int len;
		if (i + 4 <= n && memcmp(S + i, caption, sizeof caption) == 0) {
			tk[nt++] = (t2tok){0, -1, at[i], d->c[at[i]].row};
			i += 4;
		} else if (i + 1 < n && (tk[nt].row = t2_label_at(rf, nrows, S, i, n, &len)) >= 0) {
			tk[nt].kind = 1;
			tk[nt].at = at[i];
			tk[nt++].line = d->c[at[i + len - 1]].row;
			i += len;
		} else {
			i++;
		}
	}
	return nt;
}

/* Rewrite t2's units as the rows' labels read by sub-table, each with its
 * values (*u, *nu, a new array); unsure[row] set to 1 + where the label
 * of each row whose values cannot be told stands; returns how many such
 * rows (0 also where the units are left as they are), -1 out of memory. */
static int t2_apart(const nsm_doc *d, const segs *sg, const nsm_row *rows, int nrows,
                    unit **u, int *nu, int *unsure)
{
	row_forms rf[32];
	for (int r = 0; r < nrows; r++)
		forms_of(&rows[r], &rf[r]);
	t2tok tk[T2_TOKENS];
	int nt = 0, s0 = 0;
	for (int k = 0; k <= *nu && nt < T2_TOKENS; k++) {
		const unit *x = k < *nu ? &(*u)[k] : NULL;
		nt = t2_text_tokens(d, sg, s0, x ? x->v0 : sg->n, rf, nrows, tk, nt);
		if (!x || nt == T2_TOKENS)
			break;
		if (x->inline_values)
			return 0; /* a value on its label's line: read by lines */
		tk[nt++] = (t2tok){2, k, 0, 0};
		s0 = x->v0 + x->nv;
	}
	if (nt == T2_TOKENS)
		return 0;
	/* no label after values on the values' line either ("0 0 0 规章") */
	for (int i = 1; i < nt; i++)
		if (tk[i].kind == 1 && tk[i - 1].kind == 2) {
			const unit *x = &(*u)[tk[i - 1].row];
			if (d->c[sg->v[x->v0 + x->nv - 1].a].row == d->c[tk[i].at].row)
				return 0;
		}
	int pair[T2_TOKENS]; /* a label's values token, -1 none */
	int doubt[32] = {0};
	int moved = 0, any_unsure = 0;
	for (int b = 0; b < nt;) {
		int e = b + 1;
		while (e < nt && tk[e].kind != 0)
			e++;
		int nl = 0, nv = 0, first = -1, alt = 1, prev = -1;
		for (int i = b; i < e; i++) {
			pair[i] = -1;
			if (tk[i].kind == 0)
				continue;
			nl += tk[i].kind == 1;
			nv += tk[i].kind == 2;
			if (first < 0)
				first = tk[i].kind;
			alt &= tk[i].kind != prev;
			prev = tk[i].kind;
		}
		if (nv > nl || (nv == nl && !alt))
			return 0; /* values no label accounts for */
		if (nv == nl) {
			for (int i = b; i < e; i++)
				if (tk[i].kind == 1)
					for (int j = first == 2 ? i - 1 : i + 1; j >= b && j < e;
					     j += first == 2 ? -1 : 1)
						if (tk[j].kind == 2) {
							pair[i] = j;
							break;
						}
			moved |= first == 2 && nv > 0;
		} else if (nv > 0) {
			for (int i = b; i < e; i++)
				if (tk[i].kind == 1 && !doubt[tk[i].row]) {
					doubt[tk[i].row] = tk[i].at + 1;
					any_unsure++;
				}
		}
		b = e;
	}
	if (!moved && !any_unsure)
		return 0;
	unit *w = calloc((size_t)(nt > 0 ? nt : 1), sizeof *w);
	if (!w)
		return -1;
	int n = 0;
	for (int i = 0; i < nt; i++) {
		if (tk[i].kind != 1 || pair[i] < 0 || doubt[tk[i].row])
			continue;
		const unit *x = &(*u)[tk[pair[i]].row];
		unit *y = &w[n++];
		const label_form *L = rf[tk[i].row].f[0];
		y->v0 = x->v0;
		y->nv = x->nv;
		y->nnum = x->nnum;
		y->grid = x->grid;
		y->nlabel = L->n;
		memcpy(y->label, L->c, sizeof *L->c * (size_t)L->n);
		y->label_at = tk[i].at;
		y->nlines = 1;
		y->line_at[0] = tk[i].at;
	}
	free(*u);
	*u = w;
	*nu = n;
	memcpy(unsure, doubt, sizeof *doubt * (size_t)nrows);
	return any_unsure;
}

/* ---- t3 in reading order -------------------------------------------- */

/* Are u's values apart from its label and from each other: none on the
 * label's last line, each on a line of its own (plain pdftotext)? */
static int unit_loose(const nsm_doc *d, const nsm_seg *sg, const unit *u)
{
	if (u->grid || u->inline_values)
		return 0;
	for (int i = u->v0; i + 1 < u->v0 + u->nv; i++)
		if (sg[i].kind != NSM_SEG_ROWEND && sg[i + 1].kind != NSM_SEG_ROWEND &&
		    d->c[sg[i].a].row == d->c[sg[i + 1].a].row)
			return 0;
	return 1;
}

/* How many of u's label's lines start with an item's number ("4.保护第三
 * 方合法权益" / "5.属于三类内部事务信" / "息"): two or more, a column of
 * labels read before the values beside them. */
static int label_items(const nsm_doc *d, const unit *u)
{
	int n = 0;
	for (int q = 0; q < u->nlines; q++)
		n += item_before(d, u->line_at[q]) > 0;
	return n;
}

/* t3 as plain pdftotext writes it, a PDF's reading order: every unit's
 * values loose (unit_loose), and the rows' counts off — a unit of more or
 * fewer values than a row's cells, or after a column of labels.  Which
 * row a unit's values are is then a guess that only their sums can
 * confirm (a table dumped a cell a line, each row's values after its
 * label, keeps its counts, and its rows as printed). */
static int t3_scrambled(const nsm_doc *d, const nsm_seg *sg, const unit *u, int nu)
{
	int off = 0, any = 0;
	for (int k = 0; k < nu; k++) {
		if (u[k].nnum == 0)
			continue;
		if (!unit_loose(d, sg, &u[k]))
			return 0;
		any = 1;
		off += u[k].nv != 7 || label_items(d, &u[k]) >= 2;
	}
	return any && off >= 2;
}

/* Rows of [a, b) holding two numbers with a gap between them: a document
 * that writes its values apart has many; a crawler's text that glues a
 * table ("数量801000081二、…") has none, or a stray one. */
static int rows_apart(const nsm_doc *d, int a, int b)
{
	int rows = 0, state = 0; /* 1: after digits, 2: after digits and a gap */
	for (int i = a; i < b && i < d->n; i++) {
		uint32_t f = d->c[i].fold;
		if (f == NSM_GAP_ROW) {
			state = 0;
		} else if (is_digit(f)) {
			if (state == 2) {
				rows++;
				while (i < b && d->c[i].fold != NSM_GAP_ROW)
					i++;
				state = 0;
			} else {
				state = 1;
			}
		} else if (nsm_gap(f)) {
			if (state == 1)
				state = 2;
		} else {
			state = 0;
		}
	}
	return rows;
}

/* ---- t4 -------------------------------------------------------------- */

/* Which row of t4 a label names, by the row's words that end last in it
 * (the label may carry the table's header before them): 0 行政复议,
 * 1 未经复议直接起诉, 2 复议后起诉, or -1; *end: where those words end in
 * the label. */
static int t4_row_named(const unit *u, int *end)
{
	static const struct { const char *const *w; int row; } words[] = {
		{&t4_words[0], 0}, {&t4_words[1], 1}, {&t4_words[2], 1}, {&t4_words[3], 2},
		{&t4_words[4], 2},
	};
	int best = -1, best_end = -1;
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		const label_form *L = label_of(*words[w].w);
		if (!L)
			continue;
		for (int e = u->nlabel; e >= L->n; e--)
			if (memcmp(u->label + e - L->n, L->c, sizeof(uint32_t) * (size_t)L->n) == 0) {
				if (e > best_end)
					best = words[w].row, best_end = e;
				break;
			}
	}
	*end = best_end;
	return best;
}

/* Does u's label hold a heading of t4's columns at or after its char
 * `from` (a piece of one: 结果, 维持, 纠正, 审结, 总计)? */
static int t4_column_words_from(const unit *u, int from)
{
	static const uint32_t w[][2] = {{0x7ED3, 0x679C}, {0x7EF4, 0x6301}, {0x7EA0, 0x6B63},
	                                {0x5BA1, 0x7ED3}, {0x603B, 0x8BA1}};
	for (int i = from < 0 ? 0 : from; i + 1 < u->nlabel; i++)
		for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
			if (u->label[i] == w[k][0] && u->label[i + 1] == w[k][1])
				return 1;
	return 0;
}

/* The characters of u's label that are t4's own header words (its rows'
 * and columns' names): a label made of them heads values of t4, and is
 * no prose, however long ("行政诉讼 未经复议直接起诉 复议后起诉 结果维持
 * 结果纠正…" over the ten values of t4's second half). */
static int t4_header_chars(const unit *u)
{
	int covered = 0;
	for (int p = 0; p < u->nlabel;) {
		int m = 0;
		for (size_t k = 0; k < sizeof t4_header / sizeof t4_header[0] && !m; k++) {
			const label_form *w = label_of(t4_header[k]);
			if (w && p + w->n <= u->nlabel &&
			    memcmp(u->label + p, w->c, sizeof(uint32_t) * (size_t)w->n) == 0)
				m = w->n;
		}
		covered += m;
		p += m ? m : 1;
	}
	return covered;
}

/* t4's headings in the order they stand, over the values or beside them:
 * its columns' (结果维持 … 总计: col) and its rows' (行政复议, 未经复议直接
 * 起诉, 复议后起诉: row), the longer word first at each place ("其他结果"
 * before "其他"; "行政诉讼", over both suits, names neither); last, the
 * pieces a narrow cell wraps the columns' headings into ("结果" over
 * "维持", "尚未" over "审结": frag), which name nothing. */
static const struct { const char *w; int col, row, frag; } t4_heading_words[] = {
	{"未经复议直接起诉", -1, 1, 0}, {"直接起诉", -1, 1, 0}, {"复议后起诉", -1, 2, 0},
	{"行政复议", -1, 0, 0}, {"行政诉讼", -1, -1, 0},
	{"结果维持", 0, -1, 0}, {"结果纠正", 1, -1, 0}, {"其他结果", 2, -1, 0},
	{"尚未审结", 3, -1, 0}, {"总计", 4, -1, 0}, {"合计", 4, -1, 0}, {"维持", 0, -1, 0},
	{"纠正", 1, -1, 0}, {"其他", 2, -1, 0}, {"未审结", 3, -1, 0},
	{"结果", -1, -1, 1}, {"尚未", -1, -1, 1}, {"审结", -1, -1, 1},
};
#define T4_NWORDS (sizeof t4_heading_words / sizeof *t4_heading_words)

/* t2's three columns of 规章 and 行政规范性文件 (t2_order) */
static const struct { const char *w; int col; } t2_heading_words[] = {
	{"本年制发件数", 0}, {"本年废止件数", 1}, {"现行有效件数", 2},
	{"本年制发", 0}, {"本年废止", 1}, {"现行有效", 2},
};
#define T2_NWORDS (sizeof t2_heading_words / sizeof *t2_heading_words)

static nsm_needle t4_needles[T4_NWORDS], t2_needles[T2_NWORDS];
static pthread_once_t heading_needles_once = PTHREAD_ONCE_INIT;

static void heading_needles_init(void)
{
	for (size_t k = 0; k < T4_NWORDS; k++)
		nsm_needle_of(t4_heading_words[k].w, &t4_needles[k]);
	for (size_t k = 0; k < T2_NWORDS; k++)
		nsm_needle_of(t2_heading_words[k].w, &t2_needles[k]);
}

/* A word of a line of headings: which of the needles, where. */
typedef struct heading {
	int k, a, e;
} heading;

/* The words of nd[0..nw) the line [ls, le) says, in order (at each place
 * the first that matches: longer words first), up to max; *other: the
 * label characters no word covers.  A line of headings has none of those
 * but a word or two (类别, 信息内容): a sentence or a note naming the same
 * words orders nothing. */
static int line_headings(const nsm_doc *d, int ls, int le, const nsm_needle *nd, int nw,
                         heading *out, int max, int *other)
{
	int n = 0;
	*other = 0;
	for (int i = ls; i < le;) {
		if (!label_char(d->c[i].fold)) {
			i++;
			continue;
		}
		int e = -1, k = 0;
		for (; k < nw && e < 0; k++)
			e = nsm_match_needle(d, i, &nd[k]);
		if (e < 0 || e > le) {
			++*other;
			i++;
			continue;
		}
		if (n < max)
			out[n++] = (heading){k - 1, i, e};
		i = e;
	}
	return n;
}

/* Is p a permutation of 0..n-1 other than the identity?  0 when it is
 * no permutation, 1 the identity, 2 another. */
static int permutation(const int *p, int n)
{
	unsigned seen = 0;
	int moved = 0;
	for (int k = 0; k < n; k++) {
		if (p[k] < 0 || p[k] >= n || (seen >> p[k] & 1))
			return 0;
		seen |= 1u << p[k];
		moved |= p[k] != k;
	}
	return moved ? 2 : 1;
}

/* Where t4's headings put its printed values (nsm_solver.perm15, rowperm):
 * the columns' headings in order, five (one row of headings over rows of
 * five, or a row per result when printed transposed) or fifteen (the two
 * level header of the printed row of 15), each five of them every column
 * once; the rows' in the order they first stand.  Nothing set when the
 * headings are not that, or stand as the template's. */
static void t4_order(nsm_solver *sv, const unit *u, int nu)
{
	const nsm_doc *d = sv->d;
	if (nu == 0)
		return;
	pthread_once(&heading_needles_once, heading_needles_init);
	int a = u[0].label_at >= 0 ? u[0].label_at : sv->sg[u[0].v0].a;
	const unit *last = &u[nu - 1];
	int b = last->nv > 0 ? sv->sg[last->v0 + last->nv - 1].b : d->n;
	int col[16], cline[16], ncol = 0, row[3], nrow = 0, cols_at_rows = 0, lineno = 0;
	int alone = 0; /* column headings each alone on its line */
	float rx[3];   /* where each block's heading stands across the page */
	int rx_known = 1, blockcell[8], nblockcell = 0;
	/* a merged cell copied into each cell it covers (HTML rowspan, DOCX
	 * vMerge) names its heading once: by its origin and place in it */
	ns_pos origin[48];
	int norigin = 0;
	for (int ls = a; ls < b && ls < d->n;) {
		int le = ls;
		while (le < b && le < d->n && d->c[le].fold != NSM_GAP_ROW)
			le++;
		heading h[32];
		int other, nh = line_headings(d, ls, le, t4_needles, (int)T4_NWORDS, h, 32, &other);
		/* a line of headings and nothing else orders columns and rows; one
		 * that has besides the pieces of wrapped column headings (the blocks'
		 * headings beside the results' first lines, when they are glued in
		 * a cell or a header broken over a page puts them on one line)
		 * orders the rows only */
		int pieces = 0;
		for (int m = 0; m < nh; m++)
			if (t4_heading_words[h[m].k].frag)
				pieces += h[m].e - h[m].a;
		int all = other + pieces <= 2;
		for (int m = 0; m < nh && other <= 2; m++) {
			if (t4_heading_words[h[m].k].frag || (!all && t4_heading_words[h[m].k].col >= 0))
				continue;
			int i = h[m].a, ci = d->c[i].cell, dup = 0;
			if (ci >= 0 && d->l->rows[d->c[i].row].grid) {
				ns_pos p = d->l->cells[ci].pos;
				p.col += d->c[i].off; /* a cell may name two ("行政诉讼（复议后起诉）") */
				for (int o = 0; o < norigin && !dup; o++)
					dup = origin[o].page == p.page && origin[o].line == p.line &&
					      origin[o].col == p.col;
				if (!dup && norigin < 48)
					origin[norigin++] = p;
			}
			int r = t4_heading_words[h[m].k].row, c = t4_heading_words[h[m].k].col;
			/* two blocks' headings in one cell ("行政复议 行政诉讼", a line
			 * of reading-order text): where they stand is no column */
			if (c < 0 && ci >= 0) {
				for (int o = 0; o < nblockcell; o++)
					rx_known &= blockcell[o] != ci;
				if (nblockcell < 8)
					blockcell[nblockcell++] = ci;
			}
			if (!dup && c >= 0 && ncol < 16) {
				/* a heading that labels a row of values (transposed) */
				int q = h[m].e;
				while (q < le && (d->c[q].fold == ' ' || d->c[q].fold == NSM_GAP_TAB ||
				                  d->c[q].fold == NSM_GAP_CELL))
					q++;
				cols_at_rows += q < le && is_digit(d->c[q].fold);
				alone += nh == 1 && other == 0 && q == le;
				cline[ncol] = lineno;
				col[ncol++] = c;
			}
			int seen = r < 0;
			for (int o = 0; o < nrow; o++)
				seen |= row[o] == r;
			if (!dup && !seen && nrow < 3) {
				float right; /* its left edge, across the page */
				rx_known &= nsm_char_extent(d, h[m].a, h[m].a + 1, &rx[nrow], &right);
				row[nrow++] = r;
			}
		}
		ls = le + 1;
		lineno++;
	}
	/* where a heading stands across the line is where it stands across the
	 * page only where lines hold the table's rows: text with each value on
	 * a line of its own (plain pdftotext's reading order, a table dumped a
	 * cell a line) starts each line at the margin, whatever its column */
	int laid_out = 0;
	for (int k = 0; k < nu && !laid_out; k++)
		for (int i = u[k].v0; i + 1 < u[k].v0 + u[k].nv && !laid_out; i++)
			laid_out = sv->sg[i].kind != NSM_SEG_ROWEND && sv->sg[i + 1].kind != NSM_SEG_ROWEND &&
			           d->c[sv->sg[i].a].row == d->c[sv->sg[i + 1].a].row;
	rx_known &= laid_out;
	int rows_known = nrow == 3;
	if (!rows_known && nrow != 0)
		return;
	if (!rows_known)
		row[0] = 0, row[1] = 1, row[2] = 2;
	int perm15[15], ok = 1, moved = 0;
	if (ncol == 5 && cols_at_rows == 5) { /* transposed: a result a row */
		if (!rows_known)
			return;
		for (int r = 0; r < 5; r++)
			for (int c = 0; c < 3; c++)
				perm15[r * 3 + c] = row[c] * 5 + col[r];
		ok = permutation(col, 5) != 0;
		moved = 1;
	} else if (ncol == 5 || ncol == 15) {
		for (int k = 0; k < 15; k++)
			perm15[k] = row[k / 5] * 5 + col[ncol == 5 ? k % 5 : k];
		/* each five headings on one line: 总计 a line above the others (a
		 * merged cell, a layout's vertical centring) is no column order,
		 * and a row "1 0 0 0 1" adds up either way.  Unless every heading
		 * is a line alone, one after the other: a table dumped a cell a
		 * line (LibreOffice's and docx2txt's DOCX to text), in its order */
		int dumped = alone == ncol;
		for (int k = 1; k < ncol && dumped; k++)
			dumped = cline[k] > cline[k - 1];
		for (int g = 0; g < ncol && ok; g += 5) {
			int p = permutation(col + g, 5);
			ok = p != 0;
			moved |= p == 2;
			for (int k = g + 1; k < g + 5 && ok && !dumped; k++)
				ok = cline[k] == cline[g];
		}
		moved |= permutation(row, 3) == 2;
	} else if (rows_known && rx_known) {
		/* the blocks' headings in another order (复议后起诉 printed before
		 * 未经复议直接起诉), the results' too wrapped in narrow cells to be
		 * read ("结果维" over "持"): the blocks in the order their headings
		 * stand across the page (行政复议 a line lower, a merged cell's
		 * text centred, is still first), the results in the template's
		 * (the places of headings that share a cell, above, are not
		 * known) */
		for (int i = 1; i < 3; i++)
			for (int j = i; j > 0 && rx[j] < rx[j - 1]; j--) {
				float tx = rx[j]; rx[j] = rx[j - 1]; rx[j - 1] = tx;
				int tr = row[j]; row[j] = row[j - 1]; row[j - 1] = tr;
			}
		for (int k = 0; k < 15; k++)
			perm15[k] = row[k / 5] * 5 + k % 5;
		moved = permutation(row, 3) == 2;
	} else if (rows_known && !laid_out && row[0] == 0) {
		/* text with a value a line: the blocks in the order their headings
		 * come, 行政复议 first (reading order takes a line of the header
		 * left to right: "结果 结果 其他 尚未 总计 复议后起诉" then
		 * "未经复议直接起诉", pieces of one line of the page) */
		for (int k = 0; k < 15; k++)
			perm15[k] = row[k / 5] * 5 + k % 5;
		moved = permutation(row, 3) == 2;
	} else {
		return;
	}
	if (!ok || !moved)
		return;
	memcpy(sv->perm15, perm15, sizeof perm15);
	/* rows of five: one header over them, or each its own, alike */
	int alike = ncol == 15 && ok && !memcmp(col, col + 5, sizeof *col * 5) &&
	            !memcmp(col, col + 10, sizeof *col * 5);
	if (((ncol == 5 && !cols_at_rows) || alike) && permutation(col, 5) == 2) {
		memcpy(sv->rowperm, col, sizeof *col * 5);
		sv->nrowperm = 5;
	}
}

/* t2's three columns of 规章 and 行政规范性文件 (本年制发件数, 本年废止件数,
 * 现行有效件数) in the order its header line names them (nsm_solver.rowperm):
 * the first line of [a, b) naming all three, each once, when it names them
 * in another order than the template's. */
static void t2_order(nsm_solver *sv, int a, int b)
{
	const nsm_doc *d = sv->d;
	pthread_once(&heading_needles_once, heading_needles_init);
	for (int ls = a < 0 ? 0 : a; ls < b && ls < d->n;) {
		int le = ls;
		while (le < b && le < d->n && d->c[le].fold != NSM_GAP_ROW)
			le++;
		heading h[4];
		int other, col[3];
		int nh = line_headings(d, ls, le, t2_needles, (int)T2_NWORDS, h, 4, &other);
		for (int m = 0; m < nh && m < 3; m++)
			col[m] = t2_heading_words[h[m].k].col;
		/* the first line of headings naming the three, each once, is the
		 * header: a note or a sentence naming them orders nothing */
		if (nh == 3 && other <= 4 && permutation(col, 3)) {
			if (permutation(col, 3) == 2) {
				memcpy(sv->rowperm, col, sizeof col);
				sv->nrowperm = 3;
			}
			return;
		}
		ls = le + 1;
	}
}

/* The year a unit's label names ("2023年", a year's figures; 9999 for
 * 本年/本年度, the report's own, 9998 for 上年), or 0. */
static int t4_row_year(const nsm_solver *sv, const unit *u)
{
	const nsm_doc *d = sv->d;
	int a = u->label_at, b = sv->sg[u->v0].a, year = 0;
	for (int i = a < 0 ? b : a; i < b && i < d->n; i++) {
		uint32_t f = d->c[i].fold;
		if (f == 0x672C && i + 1 < b && d->c[i + 1].fold == 0x5E74) /* 本年 */
			return 9999;
		if (f == 0x4E0A && i + 1 < b && d->c[i + 1].fold == 0x5E74) /* 上年 */
			return 9998;
		if (f == 0x5E74 /* 年 */)
			nsm_year_before(d, i + 1, &year);
	}
	return year;
}

/* t4 printed with two rows or more of all fifteen values (last year's
 * beside this year's, "2023年" over "2024年", 上年度 and 本年度): where
 * every such row's label names its year (本年 the latest), the row of the
 * latest, alone in *pick (1); -1 when they do not all (the first row is
 * read, as ever: a table repeated, a row of 同比增减 or 合计 after it), 0
 * with one such row or none.  The first row was read, without a word. */
static int t4_year_row(const nsm_solver *sv, const unit *u, int nu, int *pick)
{
	int full = 0, best = -1, best_year = 0, ties = 0, unnamed = 0;
	for (int k = 0; k < nu; k++) {
		if (u[k].nv < 15)
			continue;
		full++;
		int y = t4_row_year(sv, &u[k]);
		unnamed += y == 0;
		if (y > best_year)
			best = k, best_year = y, ties = 0;
		else if (y == best_year)
			ties++;
	}
	if (full < 2)
		return 0;
	if (best < 0 || unnamed || ties)
		return -1;
	*pick = best;
	return 1;
}

/* t4 is printed as one row of 15 values under a two-level header, or as
 * three rows (three lines, or three small tables of five columns) each
 * named 行政复议 / 未经复议直接起诉 / 复议后起诉.  Rows named so, each with
 * at most five values, are read as rows; anything else as the printed row
 * of 15.  A caption over a few empty cells ("行政复议 | | | |") is not a
 * value of either. */
static int read_t4(nsm_solver *sv, const unit *u, int nu)
{
	t4_order(sv, u, nu);
	int pick = -1, years = t4_year_row(sv, u, nu, &pick);
	if (years > 0) {
		nsm_unit_span one = {u[pick].v0, u[pick].nv, u[pick].nlabel - t4_header_chars(&u[pick])};
		return nsm_solve_t4(sv, &one, 1);
	}
	if (years < 0) /* read as ever (the first row), said */
		nsr_diag(sv->r, NS_WARNING, "table.rows", nsm_pos(sv->d, sv->sg[u[0].v0].a), "t4",
		         "t4 holds two rows or more of all its values, and their labels do not name "
		         "each one's year: the first row is read");
	nsm_unit_span *spans = malloc(sizeof *spans * (size_t)(nu ? nu : 1));
	if (!spans)
		return NS_ERR_NOMEM;
	int n = 0, named[3] = {-1, -1, -1}, per_row = 1, caption = -1;
	for (int k = 0; k < nu; k++) {
		if (u[k].nnum == 0 && u[k].nv < 5) {
			int end;
			caption = t4_row_named(&u[k], &end); /* names the values below it */
			continue;
		}
		if (n < 3 && per_row) {
			int end, row = t4_row_named(&u[k], &end);
			/* values apart from their label (each on a line of its own,
			 * none on the label's) under headings of columns after the
			 * row's name ("未经复议直接起诉" / "总计 结果 结果 其他 尚未" /
			 * "维持 纠正 结果 审结" / "6 2 1 1": plain pdftotext's reading
			 * order of t4's two-level header, 6 行政复议's 总计): a piece of
			 * the printed row, cut where a line of headings stood, not the
			 * row named — read as the printed row */
			if (row >= 0 && !u[k].grid && !u[k].inline_values &&
			    t4_column_words_from(&u[k], end))
				per_row = 0;
			if (row < 0)
				row = caption;
			caption = -1;
			if (u[k].nv <= 6 && row >= 0 && named[row] < 0)
				named[row] = k;
			else
				per_row = 0;
		}
		spans[n++] = (nsm_unit_span){u[k].v0, u[k].nv, u[k].nlabel - t4_header_chars(&u[k])};
	}
	int rows = (named[0] >= 0) + (named[1] >= 0) + (named[2] >= 0);
	int rc = NS_OK;
	if (per_row && rows >= 2) {
		for (int row = 0; row < 3 && rc == NS_OK; row++)
			if (named[row] >= 0)
				rc = nsm_solve_row(sv, row, u[named[row]].v0, u[named[row]].nv,
				                   u[named[row]].grid);
	} else if (n > 0) {
		/* pieces of values each on a line of its own (a PDF's reading
		 * order), a block's heading among the words between them: they
		 * come a block of the header at a time, left to right only where
		 * the sums say so (pdftotext puts 复议后起诉's "12 1 1 6" before
		 * 行政复议's 总计 where the header's lines stand so) */
		int loose = n > 1, blocks = 0, first = 1;
		for (int k = 0; k < nu && loose; k++) {
			if (u[k].nnum == 0)
				continue;
			loose = unit_loose(sv->d, sv->sg, &u[k]);
			int end;
			blocks |= !first && t4_row_named(&u[k], &end) >= 0;
			first = 0;
		}
		sv->strict = loose && blocks;
		rc = nsm_solve_t4(sv, spans, n);
		sv->strict = 0;
	}
	free(spans);
	return rc;
}

/* ---- tables --------------------------------------------------------- */

/* ---- where a table stands ------------------------------------------- */

/* Words that a table's own cells say (row labels, column headers) and its
 * prose seldom does.  A table is where many of them stand close together:
 * prose that sums up the table ("其中予以公开37件、部分公开9件…") names a
 * handful, the table names most, so a table needs `need` distinct ones. */
static const struct {
	int need;
	const char *w[18];
} table_cues[NSM_NTABLES] = {
	{4, {"第二十条第", "本年制发件数", "本年废止件数", "现行有效件数",
	     "本年处理决定数量", "本年收费金额", "行政事业性收费", "行政许可",
	     "行政处罚", "行政强制", "规章", "本年新制作数量", "对外公开总数量",
	     "上一年项目数量", "政府集中采购", NULL}},
	{8, {"本年新收", "上年结转", "予以公开", "部分公开", "国家秘密",
	     "三安全一稳定", "本机关不掌握", "另行制作", "信访举报投诉",
	     "重复申请", "公开出版物", "逾期不补正", "结转下年度", "申请人情况",
	     "商业企业", "法律服务机构", "科研机构", NULL}},
	{4, {"结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议",
	     "复议后起诉", "行政复议", "行政诉讼", NULL}},
};

/* Cue hits of consecutive positions further apart than this belong to
 * different places (a table row with its values is well under it). */
#define CUE_GAP 400

/* Prose counts what it names ("其中结果维持1件", "新收申请85件"); a table's
 * label or header is followed by a bare value, or by more labels. */
static int counted_in_prose(const nsm_doc *d, int e)
{
	while (e < d->n && nsm_gap(d->c[e].fold))
		e++;
	if (e >= d->n || !is_digit(d->c[e].fold))
		return 0;
	while (e < d->n && (is_digit(d->c[e].fold) || d->c[e].fold == '.' ||
	                    d->c[e].fold == ','))
		e++;
	while (e < d->n && d->c[e].fold == ' ')
		e++;
	return e < d->n && nsm_unit_char(d->c[e].fold);
}

typedef struct cue_run {
	int a, b;      /* first hit's start, last hit's end */
	int distinct;  /* distinct cues in it */
} cue_run;

/* The run of cue hits in [a, b) with the most distinct cues. */
/* The cues decoded once per process (then only read): best_run looks
 * for them at every character of a table's region, or of the document. */
typedef struct cue_set {
	uint32_t first[18];
	nsm_needle nd[18];
	int nw;
	uint64_t lead[16]; /* first characters, low ten bits */
} cue_set;

static cue_set cue_sets[NSM_NTABLES];
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static void cues_init(void)
{
	for (int t = 0; t < NSM_NTABLES; t++) {
		cue_set *cs = &cue_sets[t];
		while (table_cues[t].w[cs->nw]) {
			const char *w = table_cues[t].w[cs->nw];
			size_t i = 0, len = strlen(w);
			uint32_t cp = 0;
			nst_next_folded(w, len, &i, &cp);
			cs->first[cs->nw] = cp;
			nsm_needle_of(w, &cs->nd[cs->nw]);
			cs->lead[(cp >> 6) & 15] |= 1ull << (cp & 63);
			cs->nw++;
		}
	}
}

static cue_run best_run(const nsm_doc *d, int t, int a, int b)
{
	cue_run best = {-1, -1, 0}, cur = {-1, -1, 0};
	uint32_t seen = 0;
	pthread_once(&cues_once, cues_init);
	const cue_set *cs = &cue_sets[t];
	const uint32_t *first = cs->first;
	const uint64_t *lead = cs->lead;
	int nw = cs->nw;
	/* the cues' first characters as a bitmap: most characters of the
	 * document start no cue, and are passed over with one test instead of
	 * one per cue */
	if (a < 0)
		a = 0;
	if (b > d->n)
		b = d->n;
	for (int i = a; i < b; i++) {
		uint32_t f = d->c[i].fold;
		if (!((lead[(f >> 6) & 15] >> (f & 63)) & 1))
			continue;
		for (int w = 0; w < nw; w++) {
			if (f != first[w])
				continue;
			int e = nsm_match_needle(d, i, &cs->nd[w]);
			if (e < 0 || e > b || counted_in_prose(d, e))
				continue;
			if (cur.a < 0 || i - cur.b > CUE_GAP) {
				cur = (cue_run){i, e, 0};
				seen = 0;
			}
			if (!(seen >> w & 1))
				cur.distinct++;
			seen |= 1u << w;
			if (e > cur.b)
				cur.b = e;
			if (cur.distinct > best.distinct)
				best = cur;
			else if (cur.a == best.a)
				best.b = cur.b;
			break;
		}
	}
	return best;
}

static int row_start(const nsm_doc *d, int i, int max_back)
{
	int j = i;
	while (j > 0 && i - j < max_back && d->c[j - 1].fold != NSM_GAP_ROW)
		j--;
	return j;
}

/* The end of a table whose last cue ends at i: the rest of that row (its
 * values) and the rows after it that hold values and no words (values a
 * converter moved away from their label), but never past `limit`. */
static int table_end(const nsm_doc *d, int i, int limit)
{
	int rows = 0;
	while (i < limit) {
		int e = i, words = 0, digits = 0;
		while (e < limit && d->c[e].fold != NSM_GAP_ROW) {
			words += label_char(d->c[e].fold);
			digits += is_digit(d->c[e].fold);
			e++;
		}
		/* a flattened page is one row: its values follow the label */
		if (e - i > CUE_GAP && rows == 0)
			return i + CUE_GAP < limit ? i + CUE_GAP : limit;
		if (rows > 0 && (words > 4 || !digits))
			return i;
		i = e < limit ? e + 1 : limit;
		if (++rows > 3)
			break;
	}
	return i;
}

/* Where each table is read.  Under its own section heading when that holds
 * the table (its cues); otherwise — the heading missing, worded beyond
 * recognition, or the tables printed apart from the sections (an appendix,
 * a report that numbers its parts its own way) — where its cues stand
 * together in the document.  located[t] says the second. */
static void table_regions(const nsm_doc *d, const nsm_span sec[], int have[],
                          int a[], int b[], int located[])
{
	cue_run run[NSM_NTABLES];
	for (int t = 0; t < NSM_NTABLES; t++) {
		const nsm_span *s = &sec[t + 1];
		have[t] = s->head >= 0;
		located[t] = 0;
		run[t].a = -1;
		int inside = 0; /* the cues under the heading (read once) */
		if (have[t]) {
			a[t] = s->body;
			b[t] = s->end;
			inside = best_run(d, t, a[t], b[t]).distinct;
			if (inside >= table_cues[t].need)
				continue;
		}
		cue_run r = best_run(d, t, 0, d->n);
		if (r.distinct >= table_cues[t].need && r.distinct > inside)
			run[t] = r;
	}
	for (int t = 0; t < NSM_NTABLES; t++) {
		if (run[t].a < 0)
			continue;
		/* bounded by the next heading and the next table */
		int limit = d->n;
		for (int k = 0; k < NS_NSECTIONS; k++)
			if (sec[k].head > run[t].b && sec[k].head < limit)
				limit = sec[k].head;
		for (int m = 0; m < NSM_NTABLES; m++)
			if (m != t && run[m].a >= run[t].b && run[m].a < limit)
				limit = row_start(d, run[m].a, 120);
		have[t] = located[t] = 1;
		a[t] = row_start(d, run[t].a, 120);
		b[t] = table_end(d, run[t].b, limit);
	}
}

static int any_cue(const nsm_doc *d, int a, int b, const char *const *cues)
{
	for (int i = 0; cues[i]; i++)
		if (nsm_find(d, a, b, cues[i]) >= 0)
			return 1;
	return 0;
}

static ns_edition t2_edition(const nsm_doc *d, int a, int b, int year)
{
	static const char *const c2019[] = {"本年新公开数量",
		"对外公开总数量", "上一年项目数量", "其他对外管理服务事项",
		"政府集中采购", NULL};
	static const char *const c2021[] = {"本年制发件数", "本年废止件数",
		"现行有效件数", NULL};
	/* weaker: 2019's 本年新制作数量 is also how a 2021 report may word
	 * 本年制发件数 ("本年新制作数量 本年废止数量 有效件数"); what 2019's t2
	 * has no column for (repealed, in force, a fee's amount) says 2021 */
	static const char *const w2019[] = {"本年新制作数量", NULL};
	static const char *const w2021[] = {"废止", "有效件数", "现行有效", "收费金额", NULL};
	if (any_cue(d, a, b, c2021))
		return NS_EDITION_2021;
	if (any_cue(d, a, b, c2019))
		return NS_EDITION_2019;
	if (any_cue(d, a, b, w2021))
		return NS_EDITION_2021;
	if (any_cue(d, a, b, w2019))
		return NS_EDITION_2019;
	return year == 2019 || year == 2020 ? NS_EDITION_2019 : NS_EDITION_UNKNOWN;
}

/* t3 is matched against both layouts at once: the 2021 rows with the 2019
 * single row "其他处理" slotted in after them. */
static nsm_row t3_rows[32];
static int t3_nrows;

static void make_t3_union(void)
{
	const nsm_table *t21 = nsm_table_get(NSM_T3, NS_EDITION_2021);
	const nsm_table *t19 = nsm_table_get(NSM_T3, NS_EDITION_2019);
	int other = nsm_row_index(t19, "other");
	for (int r = 0; r < t21->nrows; r++) {
		if (strcmp(t21->rows[r].id, "total_handled") == 0)
			t3_rows[t3_nrows++] = t19->rows[other];
		t3_rows[t3_nrows++] = t21->rows[r];
	}
}

/* Made once, whichever thread loads first (reports load in threads too). */
static const nsm_row *t3_union(int *n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_t3_union);
	*n = t3_nrows;
	return t3_rows;
}

/* ---- t3 and t4 read as streams of values ----------------------------------
 *
 * Text a PDF gives in its reading order (pdftotext without -layout, a
 * viewer's copy) keeps a table's values in the template's order of rows but
 * parts them from their labels: the labels come in clumps elsewhere, and
 * where several rows stand close, their values come a column at a time
 * (seven blocks of k numbers for t3, one a line, blank lines between: a
 * block is one column of k rows).  Read by labels, such a table loses most
 * of its rows, or worse, takes a total for the next row's first value.
 * Read as a stream, every value in order with those blocks turned back
 * into rows, it fills the template exactly, and the template's arithmetic
 * (each row's 总计; t3's T3-1 and T3-2 in every column) tells whether that
 * reading is the table: it is taken only when every one of those sums
 * holds, no other reading of the stream's does with other values, and it
 * agrees with every row the labels read soundly. */

#define STREAM_VALUES 192 /* t3's 175 values, and page numbers among them */
#define STREAM_MAX 1024   /* values and runs of words */

typedef struct sitem {
	int num;        /* a value (else words, which end a block) */
	int a, b;       /* its characters; a < 0: a row left out of the document
	                 * as a page's number (edge_page_number), maybe a value */
	int row, line;  /* its layout row and line */
	long v;
} sitem;

/* The value of a plain count segment, or -1 (a decimal, a sign, a unit, a
 * run of digits too long for a count): then the stream is not read. */
static long count_value(const nsm_doc *d, const nsm_seg *g)
{
	if (g->dec || g->sign || g->unit || g->b - g->a > 9)
		return -1;
	if (g->b - g->a == 1 && d->c[g->a].fold == 0x96F6) /* 零 */
		return 0;
	long v = 0;
	for (int i = g->a; i < g->b; i++) {
		if (!is_digit(d->c[i].fold))
			return -1;
		v = v * 10 + (long)(d->c[i].fold - '0');
	}
	return v;
}

/* The segments v[0..n) as items, with the rows between them that the
 * document left out as page numbers; their number, or -1 when the region
 * holds what a stream of counts cannot (a blank cell, a decimal...). */
static int stream_items(const nsm_doc *d, const nsm_seg *v, int n, sitem *it)
{
	const nsl_layout *l = d->l;
	int m = 0, prow = -1;
	for (int k = 0; k < n; k++) {
		const nsm_seg *g = &v[k];
		if (g->a >= g->b || (g->kind != NSM_SEG_NUM && g->kind != NSM_SEG_TEXT))
			return -1;
		int row = d->c[g->a].row;
		for (int q = prow + 1; prow >= 0 && q < row; q++) {
			const nsl_row *lr = &l->rows[q];
			long pv = d->skip[q] && !lr->grid && lr->ncells ? nsm_number_row(l, lr) : -1;
			if (pv < 0)
				continue;
			if (m == STREAM_MAX)
				return -1;
			it[m++] = (sitem){1, -1, -1, q, l->cells[lr->first_cell].pos.line, pv};
		}
		prow = row;
		if (g->kind == NSM_SEG_TEXT && m > 0 && !it[m - 1].num)
			continue; /* words after words: one end of a block */
		long val = g->kind == NSM_SEG_NUM ? count_value(d, g) : 0;
		if (val < 0 || m == STREAM_MAX)
			return -1;
		it[m++] = (sitem){g->kind == NSM_SEG_NUM, g->a, g->b, row,
		                  l->cells[d->c[g->a].cell].pos.line, val};
	}
	return m;
}

/* The values of it[0..n) but those `drop` marks, in the order of the
 * template's rows, into out: blocks of values on consecutive lines (or one
 * line) with nothing between them, seven blocks of k ≥ 2 values a line
 * each, blank lines between, taken as seven columns of k rows.  Their
 * number, at most max. */
static int stream_order(const sitem *it, int n, const unsigned char *drop, int w, int *out,
                        int max)
{
	int start[STREAM_VALUES], size[STREAM_VALUES], cut[STREAM_VALUES], idx[STREAM_VALUES];
	int nv = 0, nb = 0, text = 1, last = -2;
	for (int k = 0; k < n; k++) {
		if (drop[k])
			continue;
		if (!it[k].num) {
			text = 1;
			continue;
		}
		if (nv == max)
			return -1;
		if (text || it[k].line > last + 1) {
			start[nb] = nv;
			size[nb] = 0;
			cut[nb++] = text; /* words before the block */
		}
		size[nb - 1]++;
		idx[nv++] = k;
		text = 0;
		last = it[k].line;
	}
	int m = 0;
	for (int b = 0; b < nb;) {
		int k = size[b], group = k >= 2 && b + w <= nb;
		for (int j = 1; group && j < w; j++)
			group = size[b + j] == k && !cut[b + j];
		for (int j = 0; group && j < w; j++)
			for (int i = 1; group && i < k; i++)
				group = it[idx[start[b + j] + i]].line > it[idx[start[b + j] + i - 1]].line;
		for (int i = 0; i < k * (group ? w : 1); i++)
			out[m++] = idx[start[b] + (group ? (i % w) * k + i / w : i)];
		b += group ? w : 1;
	}
	return m;
}

/* Do the table's sums hold over the values it[order[w * row + col]]: each
 * row's total (t3's 总计, t4's 总计 of its group), and t3's T3-1 and T3-2
 * in every column? */
static int stream_sums_hold(const nsm_table *tpl, const sitem *it, const int *order)
{
	int w = tpl->ncols;
#define X(i, j) it[order[w * (i) + (j)]].v
	for (int i = 0; i < tpl->nrows; i++) {
		long s = 0;
		for (int j = 0; j < w - 1; j++)
			s += X(i, j);
		if (s != X(i, w - 1))
			return 0;
	}
	if (w != 7)
		return 1;
	int rec = nsm_row_index(tpl, "received"), car = nsm_row_index(tpl, "carried_over");
	int tot = nsm_row_index(tpl, "total_handled"), fwd = nsm_row_index(tpl, "carried_forward");
	int first = nsm_row_index(tpl, "granted");
	for (int j = 0; j < 7; j++) {
		long s = 0;
		for (int i = first; i < tot; i++)
			s += X(i, j);
		if (s != X(tot, j) || X(rec, j) + X(car, j) != X(tot, j) + X(fwd, j))
			return 0;
	}
	return 1;
#undef X
}

/* Row i of table t as read: every cell a value as printed (none inferred)
 * and its total the sum of the others. */
static int row_sound(const ns_report *r, int t, int i)
{
	const ns_table_data *td = &r->tables[t];
	int w = td->tpl->ncols;
	double sum = 0;
	for (int j = 0; j < w; j++) {
		const ns_cell *c = &td->cells[i * w + j];
		if (!c->has_value || c->inferred)
			return 0;
		sum += j < w - 1 ? c->value : 0;
	}
	return sum == td->cells[i * w + w - 1].value;
}

static int table_sound(const ns_report *r, int t)
{
	const ns_table_data *td = &r->tables[t];
	for (int i = 0; td->cells && i < td->tpl->nrows; i++)
		if (!row_sound(r, t, i))
			return 0;
	return td->cells != NULL;
}

/* Does the stream's reading (order over it, of template tpl) agree with
 * every row of r's table that its labels read soundly? */
static int agrees(const ns_report *r, int t, const nsm_table *tpl, const sitem *it,
                  const int *order)
{
	const ns_table_data *td = &r->tables[t];
	int w = tpl->ncols;
	for (int i = 0; td->cells && i < td->tpl->nrows; i++) {
		if (!row_sound(r, t, i))
			continue;
		int row = nsm_row_index(tpl, td->tpl->rows[i].id);
		for (int j = 0; j < w; j++)
			if (row < 0 || td->cells[i * w + j].value != (double)it[order[w * row + j]].v)
				return 0;
	}
	return 1;
}

/* Table t (t3 or t4) of r read again as a stream of the value segments
 * v[0..n), when that is the table (above): 1, else 0 (r unchanged), or
 * -NS_ERR_NOMEM.  The rows left out as page numbers among the values are
 * tried as values and as page numbers (two at most left out): one reading
 * must hold. */
static int read_stream(const nsm_doc *d, ns_report *r, int t, const nsm_seg *v, int n,
                       ns_edition *ed_out)
{
	static const ns_edition eds[] = {NS_EDITION_2019, NS_EDITION_2021};
	sitem it[STREAM_MAX];
	int ni = stream_items(d, v, n, it);
	if (ni < 0)
		return 0;
	int opt[8], nopt = 0, nnum = 0;
	for (int k = 0; k < ni; k++) {
		nnum += it[k].num;
		if (it[k].a < 0 && nopt < 8)
			opt[nopt++] = k;
	}
	int order[STREAM_VALUES], best[STREAM_VALUES], found = 0;
	const nsm_table *tpl = NULL;
	/* a 2021 t3 with two rows left blank has a 2019 t3's count of values,
	 * and read so every row after the gap moved up one: the 2019 layout
	 * only where the labels found its single （六）其他处理 row, or none of
	 * the 2021 three's words stand in the region */
	const ns_table_data *td = &r->tables[t];
	int only21 = t == NSM_T3 && td->tpl && td->tpl->edition != NS_EDITION_2019 && n > 0 &&
	             (nsm_find(d, v[0].a, v[n - 1].b, "逾期不补正") >= 0 ||
	              nsm_find(d, v[0].a, v[n - 1].b, "逾期未按收费") >= 0);
	for (int e = t == NSM_T3 && !only21 ? 0 : 1; e < 2; e++) {
		const nsm_table *tp = nsm_table_get(t, eds[e]);
		int want = tp->ncols * tp->nrows, j = nnum - want;
		if (j < 0 || j > 2 || j > nopt)
			continue;
		/* every way to leave j of the page numbers out */
		for (int mask = 0; mask < 1 << nopt; mask++) {
			if (__builtin_popcount((unsigned)mask) != j)
				continue;
			unsigned char drop[STREAM_MAX] = {0};
			for (int q = 0; q < nopt; q++)
				drop[opt[q]] = (unsigned char)(mask >> q & 1);
			if (stream_order(it, ni, drop, tp->ncols, order, want) != want ||
			    !stream_sums_hold(tp, it, order) || !agrees(r, t, tp, it, order))
				continue;
			if (found) { /* two readings: the same values, or none taken */
				int same = tpl == tp;
				for (int i = 0; same && i < want; i++)
					same = it[order[i]].v == it[best[i]].v;
				if (!same)
					return 0;
				continue;
			}
			found = 1;
			tpl = tp;
			*ed_out = eds[e];
			memcpy(best, order, sizeof *order * (size_t)want);
		}
	}
	if (!found)
		return 0;
	if (nsr_table_init(r, t, *ed_out) != NS_OK)
		return -NS_ERR_NOMEM;
	const nsl_layout *l = d->l;
	int w = tpl->ncols;
	for (int i = 0; i < w * tpl->nrows; i++) {
		const sitem *x = &it[best[i]];
		ns_cell *c = nsr_cell(r, t, i / w, i % w);
		c->has_value = 1;
		c->value = (double)x->v;
		if (x->a >= 0) {
			c->pos = nsm_pos(d, x->a);
			c->raw = nsm_text(d, &r->arena, x->a, x->b, 0);
		} else {
			c->pos = l->cells[l->rows[x->row].first_cell].pos;
			char digits[24];
			snprintf(digits, sizeof digits, "%ld", x->v);
			c->raw = nsa_strdup(&r->arena, digits);
		}
		if (!c->raw)
			return -NS_ERR_NOMEM;
	}
	r->tables[t].found = 1;
	return 1;
}

/* The unit t2's fee column names in its header ("本年收费金额（单位：元）"):
 * the template's is 万元, and a report that heads the column 元 (or 千元,
 * 亿元) fills it so: 34200 for 3.42.  Said where the cell has a value,
 * which is kept as printed (plaus.fee_unit judges it): read as 万元 it was
 * ten thousand times the fee, silently. */
static void fee_header_unit(const nsm_doc *d, ns_report *r, int a, int b)
{
	const ns_table_data *td = &r->tables[NSM_T2];
	int row = td->cells ? nsm_row_index(td->tpl, "fees") : -1;
	int col = row >= 0 ? nsm_col_index(td->tpl, "amount") : -1;
	if (col < 0 || !nsm_has_cell(td->tpl, row, col))
		return;
	const ns_cell *c = &td->cells[row * td->tpl->ncols + col];
	int i = c->has_value ? nsm_find(d, a, b, "收费金额") : -1;
	/* the unit in the header's next few characters, before any figure */
	for (int k = i < 0 ? d->n : i + 4; k < d->n && k < i + 24 && !is_digit(d->c[k].fold); k++) {
		if (d->c[k].fold != 0x5143) /* 元 */
			continue;
		/* the character before it: "万 元" across spaces; where 元 starts
		 * its line ("（单位：万" ⏎ "信息内容" ⏎ "元）", a header of two lines
		 * round a label), the end of the header's own line */
		int q = k - 1;
		while (q > i && d->c[q].row == d->c[k].row && (nsm_gap(d->c[q].fold) || d->c[q].cp == 0))
			q--;
		if (d->c[q].row != d->c[k].row) {
			q = i;
			while (q + 1 < k && d->c[q + 1].row == d->c[i].row)
				q++;
			while (q > i && (nsm_gap(d->c[q].fold) || d->c[q].cp == 0))
				q--;
		}
		uint32_t p = d->c[q].fold;
		if (p == 0x4E07) /* 万元 */
			return;
		const char *unit = p == 0x5343 ? "千元" : p == 0x4EBF ? "亿元" : "元";
		double per_wan = p == 0x5343 ? 10 : p == 0x4EBF ? 1e-4 : 1e4;
		nsr_diag(r, NS_WARNING, "column.unit", nsm_pos(d, k), "t2.fees.amount",
		         "column headed %s (the template's unit: 万元); %.10g kept as printed, "
		         "%.10g in 万元", unit, c->value, c->value / per_wan);
		return;
	}
}

int nsm_tables(const nsm_doc *d, ns_report *r, const nsm_span sec[NS_NSECTIONS])
{
	int rc = NS_OK;
	ns_edition report_ed = NS_EDITION_UNKNOWN;
	int have_[NSM_NTABLES], a_[NSM_NTABLES], b_[NSM_NTABLES], located[NSM_NTABLES];
	table_regions(d, sec, have_, a_, b_, located);
	/* Does the document write table values apart?  t3 tells best: every
	 * row of it has seven values. */
	int apart = have_[NSM_T3] && rows_apart(d, a_[NSM_T3], b_[NSM_T3]) >= 3;
	for (int t = 0; t < NSM_NTABLES && rc == NS_OK; t++) {
		int a = a_[t], b = b_[t], have = have_[t];
		int mark = r->ndiag; /* the table's diagnostics start here */
		ns_edition ed_before = report_ed;
		segs sg = {0};
		unit *u = NULL;
		int nu = 0;
		/* nsm_columns: blank cells told by position (columns.c) */
		/* what a header changed: a grid's (grid_columns), one placed by
		 * position (nsm_columns), one of cells apart (text_columns) */
		int headed = 0, reordered = 0, unsure = -1;
		if (have && (tokenize(d, a, b, &sg) || (headed = grid_columns(d, t, &sg), 0) ||
		             nsm_columns(d, t, &sg.v, &sg.n, &sg.cap, &reordered) ||
		             (headed |= reordered, 0) ||
		             (headed = headed ? headed : text_columns(d, t, &sg), 0) ||
		             build_units(d, &sg, &u, &nu))) {
			free(sg.v);
			return NS_ERR_NOMEM;
		}
		nsm_solver sv;
		nsm_solver_init(&sv, d, r, t, sg.v);
		sv.apart = apart;
		for (int k = 0; k < nu; k++) {
			sv.apart |= u[k].nnum >= 2;
			sv.ruled |= u[k].nv > 0 && nsm_ruled(&sv, u[k].v0, u[k].nv);
		}
		if (t == NSM_T2) {
			ns_edition ed = have ? t2_edition(d, a, b, r->meta.year) : NS_EDITION_UNKNOWN;
			if (ed != NS_EDITION_UNKNOWN)
				report_ed = ed;
			rc = nsr_table_init(r, t, ed);
			if (have && (ed == NS_EDITION_2021 || ed == NS_EDITION_UNKNOWN))
				t2_order(&sv, a, b);
		} else {
			rc = nsr_table_init(r, t, NS_EDITION_2021);
		}
		if (rc == NS_OK && nu > 0) {
			int nrows;
			const nsm_row *rows;
			if (t == NSM_T3)
				rows = t3_union(&nrows);
			else {
				rows = r->tables[t].tpl->rows;
				nrows = r->tables[t].tpl->nrows;
			}
			int match[32];
			int *um = calloc((size_t)nu, sizeof *um);
			if (!um) {
				rc = NS_ERR_NOMEM;
			} else if (t == NSM_T4) {
				rc = read_t4(&sv, u, nu);
			} else {
				unsigned char positional[32] = {0};
				int empty_at[32], apart[32] = {0}; /* t2_apart's rows in doubt */
				if (t == NSM_T2 && t2_apart(d, &sg, rows, nrows, &u, &nu, apart) < 0)
					rc = NS_ERR_NOMEM;
				match_rows(rows, nrows, r->tables[t].tpl, (const unit *)u, nu, match, um,
				           empty_at);
				fill_by_position(rows, nrows, u, nu, match, um, positional);
				if (t == NSM_T3) {
					/* the layout follows the rows that are there */
					int m19 = -1, m21 = 0;
					for (int i = 0; i < nrows; i++) {
						if (strcmp(rows[i].id, "other") == 0)
							m19 = match[i];
						else if (strncmp(rows[i].id, "other_", 6) == 0 && match[i] >= 0)
							m21 = 1;
					}
					if (m19 >= 0 && !m21) {
						rc = nsr_table_init(r, t, NS_EDITION_2019);
						if (report_ed == NS_EDITION_UNKNOWN)
							report_ed = NS_EDITION_2019;
					}
				}
				if (t == NSM_T3 && !headed) {
					int v0[32], nv[32], n = 0;
					for (int i = 0; i < nrows && n < 32; i++)
						if (match[i] >= 0 && empty_at[i] < 0) {
							v0[n] = u[match[i]].v0;
							nv[n++] = u[match[i]].nv;
						}
					/* what the header's words say, however garbled their
					 * places: 总计 read before 自然人, a 小计 or 合计 */
					int head_end = sg.v[u[0].v0].a;
					int total = nsm_find(d, a, head_end, "总计");
					int person = nsm_find(d, a, head_end, "自然人");
					int words = (total >= 0 && person >= 0 && total < person) |
					            (nsm_find(d, a, head_end, "小计") >= 0 ||
					             nsm_find(d, a, head_end, "合计") >= 0) << 1;
					nsm_t3_columns(&sv, v0, nv, n, words);
					/* (the header's lines: up to the first row read, past
					 * figures OCR made of its rules and words) */
					int first_row = head_end;
					for (int i = 0; i < nrows; i++)
						if (match[i] >= 0 && sg.v[u[match[i]].v0].a > first_row)
							first_row = sg.v[u[match[i]].v0].a;
					for (int i = 0; i < nrows; i++)
						if (match[i] >= 0 && sg.v[u[match[i]].v0].a < first_row)
							first_row = sg.v[u[match[i]].v0].a;
					unsure = heads_out_of_order(d, a, first_row);
				}
				int scrambled = t == NSM_T3 && t3_scrambled(d, sg.v, u, nu);
				for (int i = 0; i < nrows && rc == NS_OK; i++) {
					if (match[i] < 0)
						continue;
					int row = nsm_row_index(r->tables[t].tpl, rows[i].id);
					if (row < 0)
						continue; /* the other edition's row */
					const unit *x = &u[match[i]];
					if (scrambled && empty_at[i] < 0 && label_items(d, x) >= 2) {
						/* values after a column of labels: any one's */
						char where[96];
						snprintf(where, sizeof where, "%s.%s", r->tables[t].tpl->id,
						         rows[i].id);
						sv.res[row].state = 4;
						nsr_diag(r, NS_WARNING, "cell.ambiguous", nsm_pos(d, sg.v[x->v0].a),
						         where, "values after a column of %d labels (text a PDF "
						         "gave in its reading order): which row they are cannot be "
						         "told — cells left null", label_items(d, x));
						continue;
					}
					sv.strict = scrambled;
					rc = empty_at[i] >= 0 ? nsm_solve_empty_row(&sv, row, empty_at[i])
					                      : nsm_solve_row(&sv, row, x->v0, x->nv, x->grid);
					sv.strict = 0;
					if (positional[i] && rc == NS_OK) {
						/* the matched rows around it */
						int lo = i - 1, hi = i + 1;
						while (lo >= 0 && match[lo] < 0)
							lo--;
						while (hi < nrows && match[hi] < 0)
							hi++;
						nsr_diag(r, NS_INFO, "row.positional", nsm_pos(d, sg.v[x->v0].a),
						         r->tables[t].tpl->id, "values under a label that names "
						         "no row well enough placed in row %s by their position "
						         "%s%s%s%s", rows[i].id, lo >= 0 ? "after " : "",
						         lo >= 0 ? rows[lo].id : "", lo >= 0 && hi < nrows ? " and before "
						         : hi < nrows ? "before " : "", hi < nrows ? rows[hi].id : "");
					}
				}
				for (int i = 0; i < nrows && rc == NS_OK; i++) {
					int row = apart[i] ? nsm_row_index(r->tables[t].tpl, rows[i].id) : -1;
					if (row < 0 || sv.res[row].state)
						continue;
					char where[96];
					snprintf(where, sizeof where, "%s.%s", r->tables[t].tpl->id, rows[i].id);
					sv.res[row].state = 4;
					nsr_diag(r, NS_WARNING, "cell.ambiguous", nsm_pos(d, apart[i] - 1), where,
					         "%s's values stand apart from its label (text a PDF gave in its "
					         "reading order), and its sub-table has fewer runs of values "
					         "than labels: which row each run is cannot be told — cells "
					         "left null", rows[i].label);
				}
				for (int k = 0; k < nu && rc == NS_OK; k++)
					if (um[k] == 1 && u[k].nlabel <= 40) {
						char *lab = u[k].label_at < 0 ? "" :
							nsm_text(d, &r->arena, u[k].label_at, sg.v[u[k].v0].a, 0);
						nsr_diag(r, NS_WARNING, "label.unknown",
						         nsm_pos(d, u[k].label_at < 0 ? sg.v[u[k].v0].a : u[k].label_at),
						         r->tables[t].tpl->id,
						         "values under a label that matches no row of "
						         "%s: \"%s\"", r->tables[t].tpl->id, lab ? lab : "");
					}
			}
			free(um);
			if (rc == NS_OK)
				rc = nsm_solve_finish(&sv);
		}
		/* t3 or t4 not read soundly by its labels: read as a stream of
		 * values? */
		int streamed = 0;
		ns_edition sed = NS_EDITION_UNKNOWN;
		if (rc == NS_OK && t != NSM_T2 && have && !table_sound(r, t)) {
			streamed = read_stream(d, r, t, sg.v, sg.n, &sed);
			if (streamed < 0)
				rc = -streamed;
		}
		if (streamed > 0) {
			r->ndiag = mark; /* what the reading by labels said of it */
			headed = sv.reordered = 0;
			if (t == NSM_T3 && ed_before == NS_EDITION_UNKNOWN)
				report_ed = sed == NS_EDITION_2019 ? sed : NS_EDITION_UNKNOWN;
			nsr_diag(r, NS_INFO, "table.stream", nsm_pos(d, a), r->tables[t].tpl->id,
			         "%s's values stand apart from their labels (text a PDF gave in "
			         "its reading order): read in the template's order of rows, where "
			         "every row's%s sums hold", r->tables[t].tpl->id,
			         t == NSM_T3 ? " and column's" : "");
		} else if (rc == NS_OK)
			nsm_table_report(&sv, located[t] ? nsm_pos(d, a) : have ?
			                 nsm_pos(d, sec[t + 1].head) : (ns_pos){0, 0, 0});
		if (rc == NS_OK && unsure >= 0 && !sv.reordered && r->tables[t].found)
			legal_columns_unread(d, r, unsure);
		if (sv.by_sums && sv.reordered)
			headed |= 8;
		else
			headed |= sv.reordered;
		headed |= sv.subtotal ? 2 : 0;
		if (rc == NS_OK && headed && r->tables[t].found) {
			/* what the header changed, a part for each bit of `headed` */
			static const char *const parts[] = {
				"the columns stand in another order than the template's: each value "
				"was read under its heading",
				"a subtotal column (小计 or 合计 of 法人或其他组织; the template has "
				"none) was left out",
				"columns the template has not (last year's figures, 上年…, or a 备注) "
				"were left out",
				"总计 stands in another column than the last, as every row's sums say "
				"(no heading's place said so): the values were read so"};
			char msg[512];
			size_t o = 0;
			for (int k = 0; k < 4; k++)
				if (headed & 1 << k && o < sizeof msg)
					o += (size_t)snprintf(msg + o, sizeof msg - o, "%s%s", o ? "; " : "",
					                      parts[k]);
			nsr_diag(r, NS_INFO, "table.columns", nsm_pos(d, a), r->tables[t].tpl->id, "%s",
			         msg);
		}
		if (rc == NS_OK && located[t] && r->tables[t].found)
			nsr_diag(r, NS_INFO, "table.located", nsm_pos(d, a), r->tables[t].tpl->id,
			         "table %s read where its rows and headers are, %s", r->tables[t].tpl->id,
			         sec[t + 1].head < 0 ? "with no heading of its section found"
			                             : "outside its section");
		nsm_solver_free(&sv);
		free(u);
		free(sg.v);
	}
	if (rc == NS_OK && have_[NSM_T2])
		fee_header_unit(d, r, a_[NSM_T2], b_[NSM_T2]);
	if (report_ed != NS_EDITION_UNKNOWN)
		r->meta.edition = report_ed;
	/* a layout older than the report: a defect to report, not a failure */
	const ns_table_data *t2 = &r->tables[NSM_T2], *t3 = &r->tables[NSM_T3];
	int year = r->meta.year;
	for (int t = NSM_T2; t <= NSM_T3 && rc == NS_OK; t++) {
		const ns_table_data *td = t == NSM_T2 ? t2 : t3;
		if (!td->found || td->tpl->edition != NS_EDITION_2019)
			continue;
		if (year >= 2021 || (t == NSM_T3 && t2->found &&
		                     t2->tpl->edition == NS_EDITION_2021))
			nsr_diag(r, NS_WARNING, "edition.outdated",
			         r->sections[t + 1].title_pos, td->tpl->id,
			         "%s follows the 2019 trial template (%s) in a report for %d",
			         td->tpl->id, t == NSM_T3 ? "（六）其他处理 as a single row"
			                                  : "2019 column headings", year);
	}
	return rc;
}
