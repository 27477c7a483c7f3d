/* map.c — flattening the layout, sections and metadata; the mapper's entry. */
#include "map.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the flattened document ------------------------------------------ */

static int push(nsm_doc *d, int *cap, nsm_char ch)
{
	if (d->n == *cap) {
		int nc = *cap ? *cap * 2 : 4096;
		nsm_char *p = realloc(d->c, (size_t)nc * sizeof *p);
		if (!p)
			return -1;
		d->c = p;
		*cap = nc;
	}
	d->c[d->n++] = ch;
	return 0;
}

/* Page furniture: "-3-", "— 4 —", "第 3 页", "第3页 共5页", "3/5". */
static int is_page_marker(const nsl_layout *l, const nsl_row *row)
{
	char buf[64];
	size_t n = 0;
	for (int k = 0; k < row->ncells; k++) {
		const nsl_cell *c = nsl_row_cell(l, row, k);
		size_t i = 0;
		while (i < c->len) {
			uint32_t cp;
			int len = nst_utf8_decode(c->text + i, c->len - i, &cp);
			if (!len)
				return 0;
			i += (size_t)len;
			cp = nst_fold(cp);
			if (nst_is_space(cp))
				continue;
			if (n + 4 >= sizeof buf)
				return 0;
			n += (size_t)nst_utf8_encode(cp, buf + n);
		}
	}
	buf[n] = 0;
	if (n == 0)
		return 0;
	const char *p = buf;
	int dash = 0;
	while (*p == '-') { p++; dash++; }
	if (dash && *p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9') p++;
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

int nsm_doc_build(nsm_doc *d, const nsl_layout *l)
{
	memset(d, 0, sizeof *d);
	d->l = l;
	int cap = 0;
	d->skip = calloc((size_t)l->nrows + 1, 1);
	if (!d->skip)
		return NS_ERR_NOMEM;
	for (int r = 0; r < l->nrows; r++) {
		const nsl_row *row = &l->rows[r];
		if (!row->grid && is_page_marker(l, row)) {
			d->skip[r] = 1;
			continue;
		}
		for (int k = 0; k < row->ncells; k++) {
			int ci = row->first_cell + k;
			const nsl_cell *c = &l->cells[ci];
			/* a colspan copy (same origin as the cell before it) is one
			 * cell of the document, not two values */
			if (row->grid && k > 0 && c->pos.line && c->pos.line == c[-1].pos.line &&
			    c->pos.col == c[-1].pos.col && c->pos.page == c[-1].pos.page)
				continue;
			if (row->grid || k > 0) {
				nsm_char g = {row->grid ? NSM_GAP_CELL : NSM_GAP_TAB, 0, ci, 0, 0, r};
				if (push(d, &cap, g))
					return NS_ERR_NOMEM;
			}
			size_t i = 0;
			int off = 0;
			while (i < c->len) {
				uint32_t cp;
				int len = nst_utf8_decode(c->text + i, c->len - i, &cp);
				if (!len) { /* loaders give UTF-8; be safe anyway */
					cp = 0xFFFD;
					len = 1;
				}
				uint32_t f = nst_fold(cp);
				if (nst_is_space(f) && f != '\n')
					f = ' ';
				nsm_char ch = {f, cp, ci, (int)i, off, r};
				if (push(d, &cap, ch))
					return NS_ERR_NOMEM;
				i += (size_t)len;
				off++;
			}
		}
		nsm_char e = {NSM_GAP_ROW, 0, -1, 0, 0, r};
		if (push(d, &cap, e))
			return NS_ERR_NOMEM;
	}
	return NS_OK;
}

void nsm_doc_free(nsm_doc *d)
{
	free(d->c);
	free(d->skip);
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
	uint64_t *seen = calloc(hcap, sizeof *seen);
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
			an[nan++] = (nsr_anchor){(int)(o - buf), nsm_pos(d, i)};
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

/* Does the folded text at i start with utf8 (itself folded), skipping
 * spaces in the document?  Returns the index after the match, or -1. */
int nsm_match_at(const nsm_doc *d, int i, const char *s)
{
	size_t n = strlen(s), k = 0;
	while (k < n) {
		uint32_t cp;
		int len = nst_utf8_decode(s + k, n - k, &cp);
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

int nsm_find(const nsm_doc *d, int from, int to, const char *s)
{
	if (to > d->n)
		to = d->n;
	for (int i = from < 0 ? 0 : from; i < to; i++)
		if (nsm_match_at(d, i, s) >= 0)
			return i;
	return -1;
}

/* ---- sections -------------------------------------------------------- */

static const char *const numerals[NS_NSECTIONS] = {"一", "二", "三", "四", "五", "六"};

/* Keywords that must follow the number within the title (any of a group;
 * every group must match).  Kept loose: titles vary in the wild. */
static const char *const sec_keys[NS_NSECTIONS][2][4] = {
	{{"总体情况", "概述", "总体", NULL}, {NULL}},
	{{"主动公开", NULL}, {NULL}},
	{{"收到和处理", "申请情况", "依申请公开情况", NULL}, {NULL}},
	{{"行政复议", "行政诉讼", NULL}, {NULL}},
	{{"问题", NULL}, {"改进", "整改", "措施", NULL}},
	{{"其他需要报告", "其他事项", "需要报告的事项", NULL}, {NULL}},
};

static int is_gap(uint32_t f)
{
	return f == ' ' || f == NSM_GAP_CELL || f == NSM_GAP_TAB || f == NSM_GAP_ROW;
}

static int line_start(const nsm_doc *d, int i)
{
	for (int j = i - 1; j >= 0; j--) {
		if (d->c[j].fold == NSM_GAP_ROW)
			return 1;
		if (!is_gap(d->c[j].fold))
			return 0;
	}
	return 1;
}

/* A heading for section k at i?  Returns the index after its title. */
static int heading_at(const nsm_doc *d, int k, int i)
{
	if (d->c[i].fold != (uint32_t)(unsigned char)numerals[k][0] &&
	    nsm_match_at(d, i, numerals[k]) < 0)
		return -1;
	int j = nsm_match_at(d, i, numerals[k]);
	if (j < 0)
		return -1;
	/* not "（三）", "第三", "三是" … */
	if (i > 0) {
		uint32_t p = d->c[i - 1].fold;
		if (p == '(' || p == 0x7B2C /* 第 */ || p == 0x5341 /* 十 */)
			return -1;
	}
	while (j < d->n && d->c[j].fold == ' ')
		j++;
	if (j >= d->n)
		return -1;
	uint32_t sep = d->c[j].fold;
	if (sep == 0x3001 /* 、 */ || sep == '.' || sep == ',' || sep == 0xFF64)
		j++;
	else if (!nst_is_han(sep))
		return -1;
	/* the title: up to the end of the row or 40 characters */
	int end = j, chars = 0;
	while (end < d->n && d->c[end].fold != NSM_GAP_ROW && chars < 40) {
		end++;
		chars++;
	}
	for (int g = 0; g < 2; g++) {
		if (!sec_keys[k][g][0])
			continue;
		int ok = 0;
		for (int w = 0; sec_keys[k][g][w] && !ok; w++) {
			int at = nsm_find(d, j, end, sec_keys[k][g][w]);
			/* the first keyword must come early: it is a title, not a
			 * sentence that happens to start with a numeral */
			if (at >= 0 && (g > 0 || at - j <= 12))
				ok = 1;
		}
		if (!ok)
			return -1;
	}
	/* The title ends at its first "情况"/"事项"/"措施" when there is one
	 * (documents flattened into one line run on into the body), else at
	 * the end of its row. */
	static const char *const enders[] = {"情况", "事项", "措施", NULL};
	int t = -1;
	for (int w = 0; enders[w]; w++) {
		int at = nsm_find(d, j, end, enders[w]);
		if (at >= 0) {
			int e = nsm_match_at(d, at, enders[w]);
			if (t < 0 || e < t)
				t = e;
		}
	}
	if (t < 0)
		t = end;
	return t;
}

void nsm_sections(const nsm_doc *d, nsm_span out[NS_NSECTIONS])
{
	int from = 0;
	for (int k = 0; k < NS_NSECTIONS; k++) {
		out[k].head = out[k].body = out[k].end = -1;
		/* The first candidate wins when it starts a line; a candidate in
		 * mid-line wins only when no line-start candidate follows or its row
		 * is a long flattened line (portal text saved as one line). */
		int first = -1, first_end = -1, ls = -1, ls_end = -1;
		for (int i = from; i < d->n; i++) {
			if (d->c[i].cell < 0)
				continue;
			int e = heading_at(d, k, i);
			if (e < 0)
				continue;
			if (first < 0)
				first = i, first_end = e;
			if (line_start(d, i)) {
				ls = i, ls_end = e;
				break;
			}
		}
		int best = ls, best_end = ls_end;
		if (first >= 0 && first != ls) {
			int row_len = 0;
			for (int i = first; i > 0 && d->c[i - 1].fold != NSM_GAP_ROW; i--)
				row_len++;
			for (int i = first; i < d->n && d->c[i].fold != NSM_GAP_ROW; i++)
				row_len++;
			if (ls < 0 || row_len > 400)
				best = first, best_end = first_end;
		}
		if (best >= 0) {
			out[k].head = best;
			out[k].body = best_end;
			from = best_end;
		}
	}
	/* A section out of template order was passed over above: look for its
	 * heading at the start of a line anywhere else (fill_sections reports
	 * the order). */
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (out[k].head >= 0)
			continue;
		for (int i = 0; i < d->n; i++) {
			if (d->c[i].cell < 0 || !line_start(d, i))
				continue;
			int inside = 0;
			for (int m = 0; m < NS_NSECTIONS; m++)
				inside |= out[m].head >= 0 && i >= out[m].head && i < out[m].body;
			int e = inside ? -1 : heading_at(d, k, i);
			if (e >= 0) {
				out[k].head = i;
				out[k].body = e;
				break;
			}
		}
	}
	/* each body ends where the next heading in the document starts */
	for (int k = 0; k < NS_NSECTIONS; k++) {
		if (out[k].head < 0)
			continue;
		out[k].end = d->n;
		for (int m = 0; m < NS_NSECTIONS; m++)
			if (out[m].head > out[k].head && out[m].head < out[k].end)
				out[k].end = out[m].head;
	}
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

static void fill_sections(const nsm_doc *d, ns_report *r, const nsm_span sec[])
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
		s->title = nsm_text(d, &r->arena, sec[k].head, sec[k].body, 0);

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
}

int nsm_map(const nsl_layout *l, ns_report *r, const ns_load_opts *o)
{
	nsm_doc d;
	int rc = nsm_doc_build(&d, l);
	if (rc) {
		nsm_doc_free(&d);
		return rc;
	}
	nsm_span sec[NS_NSECTIONS];
	nsm_sections(&d, sec);
	fill_sections(&d, r, sec);
	nsm_metadata(&d, r, o, sec);
	rc = nsm_tables(&d, r, sec);
	if (rc == NS_OK && l->tables_as_images)
		nsr_diag(r, NS_ERROR, "table.images", (ns_pos){0, 0, 0}, NULL,
		         "the document shows images where its tables belong; the "
		         "tables cannot be read");
	if (rc == NS_OK && r->dropped)
		nsr_diag(r, NS_INFO, "diag.truncated", (ns_pos){0, 0, 0}, NULL,
		         "%d more diagnostics were not kept", r->dropped);
	nsm_doc_free(&d);
	return rc;
}
