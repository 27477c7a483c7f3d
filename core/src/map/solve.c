/* solve.c — values into cells, guided by the template's arithmetic. */
#include "solve.h"
#include "text/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A group: total = sum of parts, by slot index within a row's vector. */
typedef struct group {
	int total;
	int parts[8];
	int nparts;
} group;

#define STEP_LIMIT 200000
/* Blanks placed among a row's separate figures (blank_cells): any number,
 * so that "773 179 952" under seven columns has its reading with four
 * blanks, and the split 7 7 3 17 9 9 52 the sums also allow is one of two
 * (with at most three, the split was the only reading, and wrong) */
#define BLANKS_MAX 14

typedef struct search {
	const nsm_solver *sv;
	const int *tok;      /* value segment indices */
	int ntok, n;
	const group *g;
	int ng;
	nsm_slot path[NSM_MAXSLOTS];
	int room[65];        /* parts tokens ti.. can give at most: a digit each
	                      * of a splittable token, one of any other */
	nsm_cand *out;
	int nout;
	long steps;
	int overflow;
} search;

static const nsm_char *ch(const nsm_solver *sv, int i) { return &sv->d->c[i]; }

static double parse_value(const nsm_solver *sv, const nsm_seg *g, int a, int b)
{
	char buf[64];
	int n = 0;
	for (int i = a; i < b && n < 62; i++) {
		uint32_t f = ch(sv, i)->fold;
		if ((f >= '0' && f <= '9') || f == '.' || f == '-' || f == '+')
			buf[n++] = (char)f;
		else if (f == 0x51CF && n == 0) /* 减4: 2019's 本年增/减 (tokenize) */
			buf[n++] = '-';
		else if (f == 0x96F6) /* 〇 or 零 (folded), a zero alone in its cell */
			buf[n++] = '0';
	}
	buf[n] = 0;
	(void)g;
	/* Nearly every value is a whole number: up to 15 digits it is exact
	 * in a double, as strtod would give it, without strtod's cost. */
	if (n > 0 && n <= 15) {
		long long v = 0;
		int k = 0;
		while (k < n && buf[k] >= '0' && buf[k] <= '9')
			v = v * 10 + (buf[k++] - '0');
		if (k == n)
			return (double)v;
	}
	return strtod(buf, NULL);
}

/* A number whose text runs over a line's end ("4166" / ".241619", read
 * whole by tokenize): its cell says so, for the reader to check. */
static int broken_number(const nsm_solver *sv, const nsm_slot *s)
{
	if (s->kind != NSM_SEG_NUM || s->a < 0)
		return 0;
	for (int i = s->a; i < s->b; i++)
		if (sv->d->c[i].fold == NSM_GAP_ROW)
			return 1;
	return 0;
}

static nsm_slot seg_slot(const nsm_solver *sv, const nsm_seg *g)
{
	nsm_slot s = {(signed char)g->kind, 0, (unsigned char)g->unit,
	              (unsigned char)g->text, 0, g->a, g->b};
	if (g->kind == NSM_SEG_NUM)
		s.v = parse_value(sv, g, g->a, g->b);
	return s;
}

/* Do the groups' sums hold?  A group with a cell that is no number holds,
 * nothing to check; with blank_zero, such a cell counts 0 instead (cells
 * left blank: blank_cells). */
static int groups_hold(const group *g, int ng, const nsm_slot *s, int blank_zero)
{
	for (int k = 0; k < ng; k++) {
		const nsm_slot *t = &s[g[k].total];
		if (t->kind != NSM_SEG_NUM && !blank_zero)
			continue; /* a blank total: nothing to check */
		double sum = 0;
		int known = 1;
		for (int p = 0; p < g[k].nparts && known; p++) {
			const nsm_slot *x = &s[g[k].parts[p]];
			if (x->kind == NSM_SEG_NUM)
				sum += x->v;
			else
				known = blank_zero;
		}
		if (known && sum != (t->kind == NSM_SEG_NUM ? t->v : 0))
			return 0;
	}
	return 1;
}

static int same_values(const nsm_cand *x, const nsm_cand *y, int n)
{
	for (int j = 0; j < n; j++)
		if (x->s[j].kind != y->s[j].kind ||
		    (x->s[j].kind == NSM_SEG_NUM && x->s[j].v != y->s[j].v))
			return 0;
	return 1;
}

/* Record a candidate; when one with the same values exists, cells whose raw
 * text differs between the two are marked inferred with no raw text. */
static void record(search *S, const nsm_slot *path)
{
	nsm_cand c;
	memcpy(c.s, path, sizeof(nsm_slot) * (size_t)S->n);
	for (int k = 0; k < S->nout; k++) {
		if (!same_values(&S->out[k], &c, S->n))
			continue;
		for (int j = 0; j < S->n; j++)
			if (S->out[k].s[j].a != c.s[j].a || S->out[k].s[j].b != c.s[j].b) {
				S->out[k].s[j].a = -1;
				S->out[k].s[j].inferred = 1;
			}
		return;
	}
	if (S->nout == NSM_MAXCANDS) {
		S->overflow = 1;
		return;
	}
	S->out[S->nout++] = c;
}

static int splittable(const nsm_solver *sv, const nsm_seg *g)
{
	if (g->kind != NSM_SEG_NUM || g->dec || g->unit || g->sign)
		return 0;
	for (int i = g->a; i < g->b; i++)
		if (ch(sv, i)->fold < '0' || ch(sv, i)->fold > '9')
			return 0;
	return g->b - g->a >= 2 && g->b - g->a <= 48;
}

static void dfs(search *S, int ti, int np);

/* Does the group that the np-th slot completes (its last slot filled)
 * hold?  Asked as each part is placed, so that a glued row's splits are
 * cut where a block's sum fails, not at the row's end only: t4's printed
 * row glued into "726417837351134812612116 20" (72 64 178 37 351 …, a PDF
 * whose cells pypdf wrote without spaces) has 1.1 million splits of its
 * 24 digits into 14 parts, past the step limit, and was left null. */
static int settled_hold(const search *S, int np)
{
	for (int k = 0; k < S->ng; k++) {
		const group *G = &S->g[k];
		int last = G->total;
		for (int p = 0; p < G->nparts; p++)
			if (G->parts[p] > last)
				last = G->parts[p];
		if (last == np - 1 && !groups_hold(G, 1, S->path, 0))
			return 0;
	}
	return 1;
}

/* Cut the digits of token ti from position pos into parts. */
static void cut(search *S, int ti, int pos, int np)
{
	const nsm_seg *g = &S->sv->sg[S->tok[ti]];
	int len = g->b - g->a;
	if (++S->steps > STEP_LIMIT) {
		S->overflow = 1;
		return;
	}
	if (np >= S->n)
		return;
	int first_zero = ch(S->sv, g->a + pos)->fold == '0';
	for (int e = pos + 1; e <= len && !S->overflow; e++) {
		if (first_zero && e > pos + 1)
			break; /* no leading zeros: "0" stands alone */
		if (e - pos > 15)
			break;
		/* the parts still to fill cannot outnumber what is left to fill
		 * them (and a longer part leaves less): 17 glued digits of t4's 15
		 * cells made 65,000 dead branches of 120 splits */
		if (S->n - (np + 1) > (len - e) + S->room[ti + 1])
			break;
		nsm_slot s = {NSM_SEG_NUM, 1, 0, 0, 0, g->a + pos, g->a + e};
		s.v = parse_value(S->sv, g, g->a + pos, g->a + e);
		S->path[np] = s;
		if (!settled_hold(S, np + 1))
			continue;
		if (e == len)
			dfs(S, ti + 1, np + 1);
		else
			cut(S, ti, e, np + 1);
	}
}

static void dfs(search *S, int ti, int np)
{
	if (S->overflow)
		return;
	if (ti == S->ntok) {
		if (np == S->n && groups_hold(S->g, S->ng, S->path, 0))
			record(S, S->path);
		return;
	}
	if (np + (S->ntok - ti) > S->n)
		return;
	const nsm_seg *g = &S->sv->sg[S->tok[ti]];
	if (splittable(S->sv, g)) {
		cut(S, ti, 0, np);
	} else {
		S->path[np] = seg_slot(S->sv, g);
		if (settled_hold(S, np + 1))
			dfs(S, ti + 1, np + 1);
	}
}

/* A value lost: every slot it could have stood in whose value the groups
 * fix.  Only with every present value a number. */
static void lost_cell(search *S)
{
	nsm_slot vals[NSM_MAXSLOTS];
	for (int k = 0; k < S->ntok; k++) {
		vals[k] = seg_slot(S->sv, &S->sv->sg[S->tok[k]]);
		if (vals[k].kind != NSM_SEG_NUM)
			return;
	}
	for (int p = 0; p < S->n; p++) {
		nsm_slot path[NSM_MAXSLOTS];
		for (int j = 0, k = 0; j < S->n; j++)
			if (j != p)
				path[j] = vals[k++];
		/* the group that holds p fixes its value */
		int fixed = 0;
		for (int q = 0; q < S->ng && !fixed; q++) {
			const group *G = &S->g[q];
			int is_total = G->total == p, in = is_total;
			for (int m = 0; m < G->nparts; m++)
				in |= G->parts[m] == p;
			if (!in)
				continue;
			double sum = 0;
			for (int m = 0; m < G->nparts; m++)
				if (G->parts[m] != p)
					sum += path[G->parts[m]].v;
			double x = is_total ? sum : path[G->total].v - sum;
			if (x < 0)
				break;
			path[p] = (nsm_slot){NSM_SEG_NUM, 1, 0, 0, x, -1, -1};
			fixed = 1;
		}
		if (fixed && groups_hold(S->g, S->ng, path, 0))
			record(S, path);
	}
}

/* Cells left empty without a mark: the values as written, each one value,
 * and the n - ntok cells they do not fill left blank.  A row of separate
 * figures fewer than its cells ("0 0 10 10" under five columns) reads so
 * as well as with figures split ("1 0 1 0"), and a split the sums allow
 * is then one reading of two, not the row's.  Every placement of up to
 * BLANKS_MAX blanks whose groups hold with a blank counting 0 is a candidate;
 * none when a figure cannot be one value ("00", "023": glued). */
static void place_blanks(search *S, const nsm_slot *vals, int p, int k, int left,
                         nsm_slot *path)
{
	if (S->overflow)
		return;
	if (p == S->n) {
		if (left == 0 && k == S->ntok && groups_hold(S->g, S->ng, path, 1))
			record(S, path);
		return;
	}
	if (left > 0 && S->n - p > S->ntok - k) {
		path[p] = (nsm_slot){NSM_SEG_BLANK, 0, 0, 0, 0, -1, -1};
		place_blanks(S, vals, p + 1, k, left - 1, path);
	}
	if (k < S->ntok) {
		path[p] = vals[k];
		place_blanks(S, vals, p + 1, k + 1, left, path);
	}
}

static void blank_cells(search *S)
{
	nsm_slot vals[NSM_MAXSLOTS], path[NSM_MAXSLOTS];
	int left = S->n - S->ntok;
	if (left < 1 || left > BLANKS_MAX || S->ng == 0)
		return;
	for (int k = 0; k < S->ntok; k++) {
		const nsm_seg *g = &S->sv->sg[S->tok[k]];
		vals[k] = seg_slot(S->sv, g);
		if (vals[k].kind != NSM_SEG_NUM)
			return;
		/* "00", "023": figures glued, never one value */
		if (!g->dec && g->b - g->a >= 2 && ch(S->sv, g->a)->fold == '0')
			return;
	}
	place_blanks(S, vals, 0, 0, left, path);
}

/* ---- groups of each table ------------------------------------------- */

static int row_groups(int t, int n, group *g)
{
	if (t == NSM_T3 && n == 7) {
		g[0].total = 6;
		g[0].nparts = 6;
		for (int p = 0; p < 6; p++)
			g[0].parts[p] = p;
		return 1;
	}
	if (t == NSM_T4 && n == 5) { /* one row of t4 */
		g[0].total = 4;
		g[0].nparts = 4;
		for (int p = 0; p < 4; p++)
			g[0].parts[p] = p;
		return 1;
	}
	if (t == NSM_T4 && n == 15) {
		for (int k = 0; k < 3; k++) {
			g[k].total = 5 * k + 4;
			g[k].nparts = 4;
			for (int p = 0; p < 4; p++)
				g[k].parts[p] = 5 * k + p;
		}
		return 3;
	}
	return 0;
}

void nsm_solver_init(nsm_solver *sv, const nsm_doc *d, ns_report *r, int t,
                     const nsm_seg *sg)
{
	memset(sv, 0, sizeof *sv);
	sv->perm15[0] = -1;
	sv->d = d;
	sv->r = r;
	sv->t = t;
	sv->sg = sg;
}

void nsm_solver_free(nsm_solver *sv)
{
	for (int i = 0; i < 32; i++)
		free(sv->res[i].cand);
	memset(sv->res, 0, sizeof sv->res);
	free(sv->scratch);
	sv->scratch = NULL;
}

/* Is value segment g a number from 1 to 999 alone on its line, at a page
 * break: between blank lines, or at a form feed?  So a page's
 * number stands where a page break fell inside a table (WPS and Word print
 * it so), and a converter keeps it among the table's values.  (A value of
 * the row wrapped onto a line of its own has no blank line beside it: it
 * is the row's, right or wrong.) */
static int lone_number(const nsm_solver *sv, const nsm_seg *g)
{
	const nsm_doc *d = sv->d;
	const nsl_layout *l = d->l;
	if (g->kind != NSM_SEG_NUM || g->a >= g->b)
		return 0;
	int r = d->c[g->a].row;
	const nsl_row *row = &l->rows[r];
	if (row->grid || row->ncells != 1 || nsm_number_row(l, row) < 1)
		return 0;
	int line = l->cells[row->first_cell].pos.line;
	const nsl_row *prev = r > 0 ? &l->rows[r - 1] : NULL;
	const nsl_row *next = r + 1 < l->nrows ? &l->rows[r + 1] : NULL;
	int before = !prev || !prev->ncells || l->cells[prev->first_cell].pos.line < line - 1;
	int after = !next || !next->ncells || l->cells[next->first_cell].pos.line > line + 1;
	return line > 0 && ((before && after) || row->page_break || (next && next->page_break));
}

static int solve_vector(nsm_solver *sv, const int *tok, int ntok, int n, int grid,
                        nsm_rowres *res);

/* res read again from rest[0, nrest) (n cells), the row's values without
 * the page's number that starts at char a: 1 when that reading stands (a
 * settled one, or with `settled` 0 any), else 0 and res as it was. */
static int read_without(nsm_solver *sv, const int *rest, int nrest, int n, int grid, int a,
                        int settled, nsm_rowres *res)
{
	nsm_rowres alt = *res;
	alt.cand = NULL;
	if (solve_vector(sv, rest, nrest, n, grid, &alt) != NS_OK ||
	    (settled ? alt.state != 1 : alt.ncand == 0)) {
		free(alt.cand);
		return 0;
	}
	free(res->cand);
	*res = alt;
	res->nvalues = nrest; /* the row's own, without the page's number */
	res->dropped = 1 + a;
	return 1;
}

/* The values fill the cells but the table's sums do not hold, and one of
 * them, and one only, is a number alone on its line (lone_number): read without
 * it, as a page's number, when the rest then has a reading whose sums
 * hold.  Said (cell.page_number): a row that does not add up is the
 * auditor's finding, and this reading is the one that adds up. */
static int without_page_number(nsm_solver *sv, const int *tok, int n, int grid,
                               const group *g, int ng, nsm_rowres *res)
{
	nsm_slot path[NSM_MAXSLOTS];
	int lone = -1;
	for (int j = 0; j < n; j++) {
		const nsm_seg *sg = &sv->sg[tok[j]];
		path[j] = seg_slot(sv, sg);
		if (path[j].kind != NSM_SEG_NUM)
			return 0;
		if (lone_number(sv, sg)) {
			if (lone >= 0)
				return 0; /* values a line each: no page's number among them */
			lone = j;
		}
	}
	if (lone < 0 || groups_hold(g, ng, path, 0))
		return 0;
	int rest[NSM_MAXSLOTS];
	for (int j = 0, k = 0; j < n; j++)
		if (j != lone)
			rest[k++] = tok[j];
	return read_without(sv, rest, n - 1, n, grid, sv->sg[tok[lone]].a, 0, res);
}

/* One value more than the row's cells, the first or the last a number
 * from 1 to 999 alone on its line, the others all on one line (pdftotext
 * without -layout, a viewer's copy: a page's number between two rows of a
 * table, or between t4's headings and its row, no blank line beside it).
 * The row's values are complete on their line — a value wrapped onto a
 * line of its own leaves that line one short — so the lone number is the
 * page's, whether or not the rest adds up (a row that does not is the
 * auditor's finding, as written).  1 when so. */
static int past_full_line(nsm_solver *sv, const int *tok, int ntok, int n, int grid,
                          nsm_rowres *res)
{
	const nsm_doc *d = sv->d;
	const nsl_layout *l = d->l;
	if (grid || n < 1 || ntok != n + 1 || n > NSM_MAXSLOTS)
		return 0;
	for (int lone = 0; lone <= n; lone += n) {
		const nsm_seg *pn = &sv->sg[tok[lone]];
		if (pn->kind != NSM_SEG_NUM || pn->a >= pn->b)
			continue;
		const nsl_row *row = &l->rows[d->c[pn->a].row];
		if (row->grid || row->ncells != 1 || nsm_number_row(l, row) < 1)
			continue;
		int line = l->cells[row->first_cell].pos.line, vline = -1, ok = 1;
		const int *rest = tok + (lone == 0);
		for (int j = 0; j < n && ok; j++) {
			const nsm_seg *g = &sv->sg[rest[j]];
			const nsl_row *at = g->a < g->b ? &l->rows[d->c[g->a].row] : NULL;
			int ln = at ? l->cells[at->first_cell].pos.line : -1;
			ok = g->kind == NSM_SEG_NUM && at && !at->grid && (vline < 0 || ln == vline);
			vline = ln;
		}
		if (!ok || vline < 0 || (lone ? vline >= line : vline <= line) ||
		    !read_without(sv, rest, n, n, grid, pn->a, 1, res))
			continue;
		res->dropped_over = 1;
		return 1;
	}
	return 0;
}

/* Is the figure at sub of eight t3 figures v a 小计 of the 法人 columns:
 * the sum of the five others among them, the row's total theirs and
 * 自然人's once it is left out? */
static int subtotal_at(const double *v, int sub)
{
	double r[7], legal = 0;
	for (int j = 0, k = 0; j < 8; j++)
		if (j != sub)
			r[k++] = v[j];
	for (int k = 1; k <= 5; k++)
		legal += r[k];
	return fabs(v[sub] - legal) < 1e-6 && fabs(r[6] - r[0] - legal) < 1e-6;
}

/* The n values tok[0, n) as numbers into v: 0 when one is none. */
static int figures(nsm_solver *sv, const int *tok, int n, double *v)
{
	for (int j = 0; j < n; j++) {
		nsm_slot s = seg_slot(sv, &sv->sg[tok[j]]);
		if (s.kind != NSM_SEG_NUM)
			return 0;
		v[j] = s.v;
	}
	return 1;
}

/* A t3 row of eight figures, the table's 小计 column among them (its
 * place found by every such row's sums: nsm_t3_columns): left out, the
 * row read from the seven others.  1 when so. */
static int without_subtotal(nsm_solver *sv, const int *tok, int grid, nsm_rowres *res)
{
	double v[8];
	int at = sv->subtotal_at;
	if (at <= 0 || !figures(sv, tok, 8, v) || !subtotal_at(v, at))
		return 0;
	int rest[7];
	for (int j = 0, k = 0; j < 8; j++)
		if (j != at)
			rest[k++] = tok[j];
	nsm_rowres alt = *res;
	alt.cand = NULL;
	if (solve_vector(sv, rest, 7, 7, grid, &alt) != NS_OK || alt.ncand != 1) {
		free(alt.cand);
		return 0;
	}
	free(res->cand);
	*res = alt;
	sv->subtotal = 1;
	return 1;
}

/* Are the value segments tok[0..ntok) one number written again and again
 * (the same characters)? */
static int copies(const nsm_solver *sv, const int *tok, int ntok)
{
	const nsm_seg *a = &sv->sg[tok[0]];
	if (a->kind != NSM_SEG_NUM)
		return 0;
	for (int k = 1; k < ntok; k++) {
		const nsm_seg *b = &sv->sg[tok[k]];
		if (b->kind != NSM_SEG_NUM || b->b - b->a != a->b - a->a)
			return 0;
		for (int i = 0; i < a->b - a->a; i++)
			if (ch(sv, a->a + i)->fold != ch(sv, b->a + i)->fold)
				return 0;
	}
	return 1;
}

/* A table's vertical rule as OCR reads it: |, ｜, │, [ or ], or where a
 * loader cut the line into cells at a | (a pipe table's row, md.c). */
static int rule_char(uint32_t f)
{
	return f == '|' || f == 0xFF5C || f == 0x2502 || f == '[' || f == ']' ||
	       f == NSM_GAP_CELL;
}

/* Do the values tok[0..ntok) stand apart by a rule read as a character in
 * some of their gaps and by none in others?  That is text an OCR engine
 * made of a ruled table ("| 1 | 0 | 0 | 0 1 0 11112"): a rule it did not
 * read as | it read as a 1 (or l, I) apart or glued to a figure, or lost
 * with the figure's gap.  A text table written by a program puts its
 * rule in every gap or in none (a grid's cells: one value each). */
static int ruled_apart(const nsm_solver *sv, const int *tok, int ntok)
{
	int ruled = 0, bare = 0;
	for (int j = 0; j + 1 < ntok; j++) {
		int a = sv->sg[tok[j]].b, b = sv->sg[tok[j + 1]].a, rule = 0;
		for (int i = a; i < b && !rule; i++)
			rule = rule_char(ch(sv, i)->fold);
		ruled += rule;
		bare += !rule;
	}
	return ruled && bare;
}

/* Is char i an empty field of a tab-separated row that may be a blank
 * cell (a soft cell, txt.c)? */
static int soft_field(const nsm_solver *sv, int i)
{
	const nsm_char *c = ch(sv, i);
	return c->fold == NSM_GAP_TAB && c->cell >= 0 && sv->d->l->cells[c->cell].soft;
}

/* The fields of a tab-separated row, some left empty (txt.c keeps each as
 * a soft cell: a blank, or layout such as a merged label cell), as the
 * row's n cells: when the values tok[0..ntok), each in a field of its
 * own, and the empty fields around and between them (before the first
 * value on its line, after the last on its, all between) are exactly n,
 * each field is a column, the empty ones blank ("⇥⇥3⇥1⇥0⇥0⇥4⇥…", t4's row
 * with its first two cells blank).  Taken only where the row's sums hold
 * with the blanks as 0 (none to check: t2): an empty field that is layout
 * while a cell was lost elsewhere moves values under the wrong column, and
 * the sums say so.  The slots in path[0..n), in the columns' order (the
 * headings' order, where they give one: perm15, rowperm); 1 when so,
 * 2 when an empty field before the first value or after the last was
 * taken: a stray tab there and a figure lost elsewhere read the same (and
 * t2 has no sums to tell them apart), which nsm_solve_finish says. */
static int tab_fields(const nsm_solver *sv, const int *tok, int ntok, int n, nsm_slot *path)
{
	if (ntok < 1 || ntok >= n || n > NSM_MAXSLOTS || sv->strict)
		return 0;
	int from = sv->sg[tok[0]].a, to = sv->sg[tok[ntok - 1]].b;
	while (from > 0 && nsm_row_gap(ch(sv, from - 1)->fold))
		from--;
	while (to < sv->d->n && nsm_row_gap(ch(sv, to)->fold))
		to++;
	nsm_slot at[NSM_MAXSLOTS];
	int k = 0, t = 0, soft = 0, last_cell = -1, at_end = 0;
	for (int i = from; i < to; i++) {
		if (t < ntok && i == sv->sg[tok[t]].a) {
			const nsm_seg *g = &sv->sg[tok[t]];
			int cell = ch(sv, g->a)->cell;
			if (k == n || (g->b > g->a && cell == last_cell))
				return 0; /* two values in one field: no row of fields */
			last_cell = g->b > g->a ? cell : -1;
			at[k++] = seg_slot(sv, g);
			t++;
			if (g->b > g->a)
				i = g->b - 1;
			else
				i--; /* a blank (a == b): the char may be a field's too */
			continue;
		}
		if (soft_field(sv, i)) {
			if (k == n && t == ntok)
				break; /* past the row's last cell: a tab after it, layout */
			if (k == n)
				return 0;
			at[k++] = (nsm_slot){NSM_SEG_BLANK, 0, 0, 0, 0, i, i};
			soft++;
			at_end |= t == 0 || t == ntok;
		}
	}
	if (t != ntok || k != n || !soft)
		return 0;
	group g[3];
	int ng = row_groups(sv->t, n, g);
	if (ng && !groups_hold(g, ng, at, 1))
		return 0;
	const int *perm = n == 15 && sv->perm15[0] >= 0 ? sv->perm15
	                : sv->nrowperm == n ? sv->rowperm : NULL;
	for (int j = 0; j < n; j++)
		path[perm ? perm[j] : j] = at[j];
	return at_end ? 2 : 1;
}

/* Solve a vector of n slots from value segments tok[0..ntok). */
static int solve_vector(nsm_solver *sv, const int *tok, int ntok, int n, int grid,
                        nsm_rowres *res)
{
	group g[3];
	int ng = row_groups(sv->t, n, g);
	/* The search may find NSM_MAXCANDS candidates (12 KiB); a row nearly
	 * always has one.  Room for all of them per row made t3 take 300 KiB
	 * of heap and give it back at every report, a page fault per page:
	 * the search fills the solver's scratch, the row keeps what it found. */
	if (!sv->scratch && !(sv->scratch = malloc(sizeof(nsm_cand) * NSM_MAXCANDS)))
		return NS_ERR_NOMEM;
	res->nvalues = ntok;
	/* a grid row with more cells than the template: trailing, then
	 * leading blanks are layout (spans), not values */
	int lo = 0, hi = ntok;
	while (grid && hi - lo > n && sv->sg[tok[hi - 1]].kind == NSM_SEG_BLANK)
		hi--;
	while (grid && hi - lo > n && sv->sg[tok[lo]].kind == NSM_SEG_BLANK)
		lo++;
	tok += lo;
	ntok = hi - lo;
	/* a one-cell row's value in each grid cell its merged cell spans, as a
	 * converter copies it (pandas: "| 行政许可 | 4186 | 4186 | 4186 |"): the
	 * value once (the row was left null, row.long) */
	if (grid && n == 1 && ntok > 1 && copies(sv, tok, ntok))
		ntok = 1;
	search S = {sv, tok, ntok, n, g, ng, {{0}}, {0}, sv->scratch, 0, 0, 0};
	for (int k = ntok - 1; k >= 0 && k < 64; k--) {
		const nsm_seg *sg = &sv->sg[tok[k]];
		S.room[k] = S.room[k + 1] + (splittable(sv, sg) ? sg->b - sg->a : 1);
	}
	if (ntok == n && ng > 0 && !grid && without_page_number(sv, tok, n, grid, g, ng, res))
		return NS_OK;
	if (sv->t == NSM_T3 && n == 7 && ntok == 8 && without_subtotal(sv, tok, grid, res))
		return NS_OK;
	if (past_full_line(sv, tok, ntok, n, grid, res))
		return NS_OK;
	/* OCR's text of a ruled table (this row's or another's rules read in
	 * some gaps and not others): a 1 among the values may be a rule, a
	 * digit misread, so no split, no lost cell and no row that does not
	 * add up is read */
	int ruled = ng > 0 && (sv->ruled || ruled_apart(sv, tok, ntok));
	int fields;
	if (!grid && (fields = tab_fields(sv, tok, ntok, n, S.path)) > 0) {
		record(&S, S.path);
		res->how = fields == 2 ? 3 : 0;
	} else if (ntok == n) {
		for (int j = 0; j < n; j++)
			S.path[j] = seg_slot(sv, &sv->sg[tok[j]]);
		if (ruled && !groups_hold(g, ng, S.path, 0))
			res->ruled = 1;
		else
			record(&S, S.path);
		res->how = 0;
	} else if (ruled && ntok < n) {
		res->ruled = 1;
	} else if (ntok < n && ng == 0 && (ntok > 1 || sv->apart)) {
		/* no sums to check a split against, and the table writes its
		 * values apart: a cell was left empty without a mark, and which
		 * one only its position could tell (columns.c, where known) */
		res->how = 1;
	} else if (ntok < n) {
		dfs(&S, 0, 0);
		res->how = 1;
		/* t4's printed row of figures apart, fewer than its cells and no
		 * split to try: the cells left blank (plain pdftotext drops a
		 * blank cell), placed where the blocks' sums say, each block
		 * where every placement agrees (nsm_solve_t4) */
		if (!S.overflow && ntok > 1 && (S.nout > 0 || (sv->t == NSM_T4 && n == 15)))
			blank_cells(&S);
		if (S.nout == 0 && !S.overflow && ntok == n - 1 && ng > 0) {
			lost_cell(&S);
			res->how = 2;
		}
	}
	res->cand = malloc(sizeof(nsm_cand) * (size_t)(S.nout ? S.nout : 1));
	if (!res->cand)
		return NS_ERR_NOMEM;
	memcpy(res->cand, S.out, sizeof(nsm_cand) * (size_t)S.nout);
	res->ncand = S.overflow ? 0 : S.nout;
	res->state = res->ncand == 1 ? 1 : res->ncand > 1 ? 2 : 3;
	return NS_OK;
}

static int collect(nsm_solver *sv, int v0, int end, int *tok, int max)
{
	int n = 0;
	for (int k = v0; k < end && n < max; k++) {
		int kind = sv->sg[k].kind;
		if (kind == NSM_SEG_NUM || kind == NSM_SEG_BLANK)
			tok[n++] = k;
	}
	return n;
}

int nsm_ruled(const nsm_solver *sv, int v0, int nv)
{
	int tok[64];
	int ntok = collect((nsm_solver *)sv, v0, v0 + nv, tok, 64);
	return ruled_apart(sv, tok, ntok);
}

/* Do words stand between value segments s0 and s1 (a text segment with a
 * Han character but a unit's, or a letter)? */
static int words_between(const nsm_solver *sv, int s0, int s1)
{
	for (int j = s0 + 1; j < s1; j++) {
		const nsm_seg *g = &sv->sg[j];
		if (g->kind != NSM_SEG_TEXT)
			continue;
		for (int i = g->a; i < g->b; i++) {
			uint32_t f = ch(sv, i)->fold;
			/* a value's unit after a space ("3 件") is no word */
			if ((nst_is_han(f) && !nsm_unit_char(f)) || (f >= 'a' && f <= 'z') ||
			    (f >= 'A' && f <= 'Z'))
				return 1;
		}
	}
	return 0;
}

/* Do the table's sums hold over the values tok[0..n) as placed: 1, 0, or
 * -1 when there are none to check (a blank, no groups)? */
static int sums_hold(const nsm_solver *sv, const int *tok, int n)
{
	group g[3];
	int ng = row_groups(sv->t, n, g);
	nsm_slot path[NSM_MAXSLOTS];
	if (!ng || n > NSM_MAXSLOTS)
		return -1;
	for (int j = 0; j < n; j++) {
		path[j] = seg_slot(sv, &sv->sg[tok[j]]);
		if (path[j].kind != NSM_SEG_NUM)
			return -1;
	}
	return groups_hold(g, ng, path, 0);
}

/* The values as the headings place them (nsm_solver.perm15, rowperm),
 * when there are as many as the headings name: each under its own. */
static void permute(nsm_solver *sv, int *tok, int ntok, const int *perm, int n)
{
	if (perm[0] < 0 || ntok != n)
		return;
	int out[15];
	for (int k = 0; k < n; k++)
		out[perm[k]] = tok[k];
	/* headings misread (a layout's lines out of order) must not undo a
	 * reading whose sums hold: the order is taken where they hold after
	 * it, or failed before it */
	if (sums_hold(sv, tok, n) == 1 && sums_hold(sv, out, n) == 0)
		return;
	memcpy(tok, out, sizeof *tok * (size_t)n);
	sv->reordered = 1;
}

void nsm_t3_columns(nsm_solver *sv, const int *v0, const int *nv, int n, int words)
{
	if (sv->t != NSM_T3)
		return;
	/* a 小计 column: the place among the 法人 columns that is their sum in
	 * every row of eight figures, and the only such place in one */
	int eights = 0, fits[7] = {0}, alone[7] = {0};
	for (int i = 0; i < n; i++) {
		int tok[64];
		double v[8];
		if (collect(sv, v0[i], v0[i] + nv[i], tok, 64) != 8 || !figures(sv, tok, 8, v))
			continue;
		eights++;
		int ok[7] = {0}, nok = 0;
		for (int sub = 1; sub <= 6; sub++)
			nok += ok[sub] = subtotal_at(v, sub);
		for (int sub = 1; sub <= 6; sub++) {
			fits[sub] += ok[sub];
			alone[sub] += ok[sub] && nok == 1;
		}
	}
	/* (a column: in rows enough to be one, not a footnote's mark before
	 * one row's figures) */
	for (int sub = 1; eights >= 3 && (words & 2) && sub <= 6; sub++)
		if (fits[sub] == eights && alone[sub])
			sv->subtotal_at = sub;
	if (sv->nrowperm || !(words & 1))
		return;
	/* per column p: in how many rows of seven figures, not all 0, the
	 * figure in column p is the sum of the other six */
	int rows = 0, holds[7] = {0};
	for (int i = 0; i < n; i++) {
		int tok[64];
		double v[7], all = 0;
		if (collect(sv, v0[i], v0[i] + nv[i], tok, 64) != 7 || !figures(sv, tok, 7, v))
			continue;
		for (int k = 0; k < 7; k++)
			all += v[k];
		if (all == 0)
			continue;
		rows++;
		for (int p = 0; p < 7; p++)
			holds[p] += fabs(2 * v[p] - all) < 1e-6;
	}
	/* the template's order fails in every such row, one other column holds
	 * the sum in every one of them: the total stands there */
	if (rows < 3 || holds[6] > 0)
		return;
	int at = -1;
	for (int p = 0; p < 6; p++)
		if (holds[p] == rows)
			at = at < 0 ? p : 7; /* (two: no one column) */
	if (at < 0 || at == 7)
		return;
	for (int k = 0; k < 7; k++)
		sv->rowperm[k] = k == at ? 6 : k < at ? k : k - 1;
	sv->nrowperm = 7;
	sv->by_sums = 1;
}

int nsm_solve_row(nsm_solver *sv, int row, int v0, int nv, int grid)
{
	const nsm_table *tpl = sv->r->tables[sv->t].tpl;
	int tok[64];
	int ntok = collect(sv, v0, v0 + nv, tok, 64);
	if (sv->nrowperm && nsm_row_ncells(sv->r->tables[sv->t].tpl, row) == sv->nrowperm)
		permute(sv, tok, ntok, sv->rowperm, sv->nrowperm);
	nsm_rowres *res = &sv->res[row];
	free(res->cand);
	memset(res, 0, sizeof *res);
	res->a = sv->sg[v0].a;
	res->b = sv->sg[v0 + nv - 1].b;
	int n = nsm_row_ncells(tpl, row);
	int rc = solve_vector(sv, tok, ntok, n, grid, res);
	if (rc == NS_OK && sv->strict && res->state == 1) {
		group g[3];
		int ng = row_groups(sv->t, n, g);
		if (res->how != 0 || (ng && !groups_hold(g, ng, res->cand[0].s, 1))) {
			res->state = 3;
			res->ncand = 0;
			res->strict = 1;
		}
	}
	return rc;
}

int nsm_solve_empty_row(nsm_solver *sv, int row, int at)
{
	nsm_rowres *res = &sv->res[row];
	free(res->cand);
	memset(res, 0, sizeof *res);
	if (!(res->cand = calloc(1, sizeof *res->cand)))
		return NS_ERR_NOMEM;
	for (int j = 0; j < nsm_row_ncells(sv->r->tables[sv->t].tpl, row); j++)
		res->cand[0].s[j] = (nsm_slot){NSM_SEG_BLANK, 0, 0, 0, 0, at, at};
	res->ncand = 1;
	res->state = 1;
	res->a = res->b = at;
	return NS_OK;
}

int nsm_solve_t4(nsm_solver *sv, const nsm_unit_span *u, int nu)
{
	int tok[64];
	int ntok = 0;
	const nsm_unit_span *first = u, *last = u;
	for (int k = 0; k < nu && ntok < 15; k++) {
		const nsm_unit_span *x = &u[k];
		if (k > 0 && x->nlabel > 12)
			break; /* prose, not a row of the table */
		ntok += collect(sv, x->v0, x->v0 + x->nv, tok + ntok, 64 - ntok);
		last = x;
	}
	/* a run of values at the end, after words, that fills the printed row
	 * alone (or but for one lost cell): the numbers before those words are
	 * a sentence's or a caption's ("共发生行政复议7件、行政诉讼10件，具体
	 * 如下：", "表3"), not the table's.  (t4's two halves, five values and
	 * ten, are words apart too: neither run fills the row alone.) */
	int run = ntok - 1;
	while (run > 0 && !words_between(sv, tok[run - 1], tok[run]))
		run--;
	if (run > 0 && ntok - run >= 14) {
		memmove(tok, tok + run, sizeof *tok * (size_t)(ntok - run));
		ntok -= run;
		first = NULL;
	}
	permute(sv, tok, ntok, sv->perm15, 15);
	nsm_rowres all = {0};
	all.cells = 15;
	all.a = first ? sv->sg[first->v0].a : sv->sg[tok[0]].a;
	all.b = sv->sg[last->v0 + last->nv - 1].b;
	int rc = solve_vector(sv, tok, ntok, 15, 0, &all);
	if (rc)
		return rc;
	if (sv->strict && all.state == 1 && all.how == 0) {
		/* pieces in a PDF's reading order: in the printed row's order
		 * only where its blocks add up so */
		group g[3];
		int ng = row_groups(NSM_T4, 15, g);
		if (!groups_hold(g, ng, all.cand[0].s, 1)) {
			all.state = 3;
			all.ncand = 0;
			all.strict = 1;
		}
	}
	for (int k = 0; k < 3; k++) {
		nsm_rowres *res = &sv->res[k];
		*res = all;
		res->cand = malloc(sizeof(nsm_cand) * (size_t)(all.ncand ? all.ncand : 1));
		if (!res->cand) {
			free(all.cand);
			return NS_ERR_NOMEM;
		}
		/* the readings of the printed row may differ in one of its rows
		 * only: the others are read */
		int nc = 0;
		for (int c = 0; c < all.ncand; c++) {
			nsm_cand *x = &res->cand[nc];
			memcpy(x->s, all.cand[c].s + 5 * k, sizeof(nsm_slot) * 5);
			int seen = -1;
			for (int o = 0; o < nc && seen < 0; o++)
				if (same_values(&res->cand[o], x, 5))
					seen = o;
			if (seen < 0) {
				nc++;
				continue;
			}
			/* the same values: a cell one reading takes as written is
			 * as written (a figure kept whole by a split is not split) */
			for (int j = 0; j < 5; j++)
				if (res->cand[seen].s[j].inferred && !x->s[j].inferred)
					res->cand[seen].s[j] = x->s[j];
		}
		if (all.ncand > 1) {
			res->ncand = nc;
			res->state = nc == 1 ? 1 : 2;
			int inferred = 0;
			for (int j = 0; nc == 1 && j < 5; j++)
				inferred |= res->cand[0].s[j].inferred;
			if (nc == 1 && !inferred)
				res->how = 0;
		}
	}
	free(all.cand);
	return NS_OK;
}

/* ---- t3 column arithmetic ------------------------------------------- */

/* A column relation: sum of sign[m] * row[m] is 0 in every column. */
typedef struct relation {
	int rows[32], sign[32], n;
} relation;

/* Keep only the candidates of pending rows that take part in at least one
 * combination (with the placed rows' values) satisfying the relation in
 * every column.  Returns 1 when something was removed. */
static int prune(nsm_solver *sv, const relation *R)
{
	int pend[32], np = 0;
	long combos = 1;
	for (int m = 0; m < R->n; m++) {
		nsm_rowres *res = &sv->res[R->rows[m]];
		if (R->rows[m] < 0 || res->state == 0 || res->state >= 3)
			return 0; /* a row we cannot read: the relation says nothing */
		if (res->state == 2) {
			pend[np++] = m;
			combos *= res->ncand;
			if (combos > 20000)
				return 0;
		}
	}
	if (np == 0)
		return 0;
	unsigned char supported[32][NSM_MAXCANDS];
	memset(supported, 0, sizeof supported);
	int pick[32] = {0};
	for (long c = 0; c < combos; c++) {
		long x = c;
		for (int k = 0; k < np; k++) {
			int nc = sv->res[R->rows[pend[k]]].ncand;
			pick[k] = (int)(x % nc);
			x /= nc;
		}
		int ok = 1;
		for (int col = 0; col < 7 && ok; col++) {
			double sum = 0;
			int known = 1;
			for (int m = 0, k = 0; m < R->n && known; m++) {
				const nsm_rowres *res = &sv->res[R->rows[m]];
				const nsm_slot *sl = res->state == 2
					? &res->cand[pick[k++]].s[col] : &res->cand[0].s[col];
				if (sl->kind != NSM_SEG_NUM)
					known = 0;
				else
					sum += R->sign[m] * sl->v;
			}
			if (known && sum != 0)
				ok = 0;
		}
		if (ok)
			for (int k = 0; k < np; k++)
				supported[k][pick[k]] = 1;
	}
	int changed = 0;
	for (int k = 0; k < np; k++) {
		nsm_rowres *res = &sv->res[R->rows[pend[k]]];
		int keep = 0;
		for (int c = 0; c < res->ncand; c++)
			if (supported[k][c])
				res->cand[keep++] = res->cand[c];
		if (keep == 0)
			continue; /* nothing fits: the document does not balance */
		if (keep != res->ncand) {
			res->ncand = keep;
			res->state = keep == 1 ? 1 : 2;
			changed = 1;
		}
	}
	return changed;
}

/* t3's column arithmetic (T3-1 and T3-2) chooses among readings of glued
 * rows that the row sums alone leave open. */
static void resolve_t3(nsm_solver *sv)
{
	const nsm_table *tpl = sv->r->tables[NSM_T3].tpl;
	int tot = nsm_row_index(tpl, "total_handled");
	relation r1 = {{nsm_row_index(tpl, "received"), nsm_row_index(tpl, "carried_over"),
	                tot, nsm_row_index(tpl, "carried_forward")}, {1, 1, -1, -1}, 4};
	relation r2 = {{tot}, {1}, 1};
	for (int i = nsm_row_index(tpl, "granted"); i < tot; i++) {
		r2.rows[r2.n] = i;
		r2.sign[r2.n++] = -1;
	}
	while (prune(sv, &r1) | prune(sv, &r2))
		;
}

/* ---- writing cells ------------------------------------------------- */

static void raw_text(const nsm_solver *sv, int a, int b, char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = a; i < b && n + 5 < cap; i++) {
		uint32_t cp = ch(sv, i)->cp;
		if (cp == 0) {
			if (n && buf[n - 1] != ' ')
				buf[n++] = ' ';
			continue;
		}
		n += (size_t)nst_utf8_encode(cp, buf + n);
	}
	buf[n] = 0;
}

int nsm_solve_finish(nsm_solver *sv)
{
	ns_report *r = sv->r;
	const nsm_table *tpl = r->tables[sv->t].tpl;
	if (sv->t == NSM_T3)
		resolve_t3(sv);
	for (int row = 0; row < tpl->nrows; row++) {
		nsm_rowres *res = &sv->res[row];
		if (res->state == 0 || res->state == 4)
			continue;
		char where[96], raw[512];
		/* the row's id only for a diagnostic (below); most rows have none */
		int diag_row = res->state != 1 || res->how != 0 || res->dropped;
		for (int col = 0, k = 0; !diag_row && col < tpl->ncols; col++)
			if (nsm_has_cell(tpl, row, col)) {
				const nsm_slot *s = &res->cand[0].s[k++];
				diag_row = s->kind == NSM_SEG_BLANK || (s->kind == NSM_SEG_NUM && s->unit) ||
				           broken_number(sv, s);
			}
		if (diag_row)
			snprintf(where, sizeof where, "%s.%s", tpl->id, tpl->rows[row].id);
		ns_pos rowpos = nsm_pos(sv->d, res->a);
		int n = res->cells ? res->cells : nsm_row_ncells(tpl, row);
		if (res->state != 1 && res->ruled) {
			raw_text(sv, res->a, res->b, raw, sizeof raw);
			nsr_diag(r, NS_WARNING, "row.rules", rowpos, where,
			         "%d value(s) for %d cells%s in \"%s\": the table's rules were "
			         "read as characters between some of its values and not "
			         "between others (text made by OCR), and the row %s — a rule "
			         "read as a 1 beside a figure, or a digit misread, would do "
			         "that; cells left null",
			         res->nvalues, n, res->cells ? " (t4's printed row)" : "", raw,
			         res->nvalues == n ? "does not add up as read"
			                           : "has fewer values than cells");
			continue;
		}
		if (res->strict) {
			raw_text(sv, res->a, res->b, raw, sizeof raw);
			nsr_diag(r, NS_WARNING, "cell.ambiguous", rowpos, where,
			         "%d value(s) for %d cells in \"%s\", apart from their label in a "
			         "table whose values stand apart from their rows (text a PDF gave "
			         "in its reading order): %s, so they may be another row's — cells "
			         "left null", res->nvalues, n, raw,
			         res->nvalues == n ? "they do not add up" : "a cell would be inferred");
			continue;
		}
		if (res->state != 1) {
			raw_text(sv, res->a, res->b, raw, sizeof raw);
			nsr_diag(r, NS_WARNING, res->nvalues > n ? "row.long" :
			         res->how == 2 ? "row.short" : "cell.ambiguous", rowpos, where,
			         "%d value(s) for %d cells%s in \"%s\"; %s — cells left null",
			         res->nvalues, n, res->cells ? " (t4's printed row)" : "", raw,
			         res->ncand > 1 ? "the table's arithmetic allows more than one reading"
			                        : "no reading fits the table's arithmetic");
			continue;
		}
		const nsm_cand *c = &res->cand[0];
		if (res->how == 1)
			nsr_diag(r, NS_INFO, "cell.glued", rowpos, where,
			         "values written without separators were split where the "
			         "table's arithmetic allows only one reading");
		int said = 0; /* t4's rows share one reading of the printed row */
		for (int o = 0; o < row && res->dropped; o++)
			said |= sv->res[o].dropped == res->dropped && sv->res[o].state == 1;
		if (res->dropped && !said) {
			raw_text(sv, res->dropped - 1, res->dropped, raw, sizeof raw);
			nsr_diag(r, NS_WARNING, "cell.page_number", nsm_pos(sv->d, res->dropped - 1),
			         where, "\"%s\", alone on its line among the row's values, was "
			         "read as a page's number: %s", raw,
			         res->dropped_over ? "the row's other line held every cell's value"
			                           : "with it the row does not add up, without it it does");
		}
		int fields_said = 0; /* t4's printed row: said at its first row */
		for (int o = 0; o < row && res->cells; o++)
			fields_said |= sv->res[o].how == 3 && sv->res[o].a == res->a;
		if (res->how == 3 && !fields_said) {
			raw_text(sv, res->a, res->b, raw, sizeof raw);
			nsr_diag(r, NS_WARNING, "row.tab_fields", rowpos, where,
			         "%d value(s) for %d cells%s in \"%s\", a row of tab-separated "
			         "fields with an empty one before its first figure or after its "
			         "last: each field was read as a column, the empty ones blank%s — "
			         "if a tab there is stray and a figure was lost, the figures "
			         "stand a column off", res->nvalues, n,
			         res->cells ? " (t4's printed row)" : "", raw,
			         sv->t == NSM_T2 ? "" : ", as the row's sums allow");
		}
		if (res->how == 2)
			nsr_diag(r, NS_WARNING, "row.short", rowpos, where,
			         "%d values for %d cells%s; the missing cell was placed by "
			         "the table's arithmetic (marked inferred)", res->nvalues, n,
			         res->cells ? " (t4's printed row)" : "");
		for (int col = 0, k = 0; col < tpl->ncols; col++) {
			if (!nsm_has_cell(tpl, row, col))
				continue;
			const nsm_slot *s = &c->s[k++];
			ns_cell *cell = nsr_cell(r, sv->t, row, col);
			cell->inferred = s->inferred;
			cell->pos = s->a >= 0 ? nsm_pos(sv->d, s->a) : rowpos;
			if (s->a >= 0) {
				raw_text(sv, s->a, s->b, raw, sizeof raw);
				cell->raw = nsa_strdup(&r->arena, s->a == s->b ? "" : raw);
				if (s->kind == NSM_SEG_NUM && s->unit) {
					/* include the unit in the raw text */
					int e = s->b;
					while (e < sv->d->n && ch(sv, e)->cp && e < s->b + 2 &&
					       ch(sv, e)->fold > 0x4000)
						e++;
					raw_text(sv, s->a, e, raw, sizeof raw);
					cell->raw = nsa_strdup(&r->arena, raw);
				}
			}
			/* "1.2345万" in a count's cell is 12345; in an amount's (万元
			 * already) "3.42万" is 3.42 */
			int wan = s->kind == NSM_SEG_NUM && s->unit == 2 &&
			          strcmp(tpl->cols[col].id, "amount") != 0;
			if (s->kind == NSM_SEG_NUM) {
				cell->has_value = 1;
				cell->value = wan ? round(s->v * 1e4 * 1e6) / 1e6 : s->v;
			}
			/* the cell's id only for a diagnostic: formatting it for every
			 * cell was a tenth of mapping a report */
			int broken = broken_number(sv, s);
			if (s->kind != NSM_SEG_BLANK && !(s->kind == NSM_SEG_NUM && s->unit) && !broken)
				continue;
			char cw[128];
			snprintf(cw, sizeof cw, "%s.%s", where, tpl->cols[col].id);
			if (s->kind == NSM_SEG_BLANK && s->text)
				nsr_diag(r, NS_WARNING, "cell.text", cell->pos, cw,
				         "words where the template expects a number: \"%s\"",
				         cell->raw ? cell->raw : "");
			else if (s->kind == NSM_SEG_BLANK)
				nsr_diag(r, NS_INFO, "cell.blank", cell->pos, cw,
				         "blank cell (\"%s\") where the template expects a number",
				         cell->raw ? cell->raw : "");
			if (wan)
				nsr_diag(r, NS_WARNING, "cell.unit", cell->pos, cw,
				         "unit written inside the cell: \"%s\", counted in 万: %.10g",
				         cell->raw, cell->value);
			else if (s->kind == NSM_SEG_NUM && s->unit)
				nsr_diag(r, NS_WARNING, "cell.unit", cell->pos, cw,
				         "unit written inside the cell: \"%s\"", cell->raw);
			if (broken)
				nsr_diag(r, NS_WARNING, "cell.wrapped", cell->pos, cw,
				         "a number broken across lines before its decimal point "
				         "(\"%s\") was read whole: %.10g", cell->raw, cell->value);
		}
	}
	return NS_OK;
}

void nsm_table_report(nsm_solver *sv, ns_pos table_pos)
{
	ns_report *r = sv->r;
	const nsm_table *tpl = r->tables[sv->t].tpl;
	int found = 0;
	for (int row = 0; row < tpl->nrows; row++)
		found |= sv->res[row].state != 0;
	r->tables[sv->t].found = found;
	if (!found) {
		nsr_diag(r, NS_ERROR, "table.missing", table_pos, tpl->id,
		         "table %s (%s) not found", tpl->id, tpl->title);
		return;
	}
	for (int row = 0; row < tpl->nrows; row++)
		if (sv->res[row].state == 0) {
			char where[96];
			snprintf(where, sizeof where, "%s.%s", tpl->id, tpl->rows[row].id);
			nsr_diag(r, NS_WARNING, "row.missing", table_pos, where,
			         "row %s %s (%s) not found", tpl->rows[row].no,
			         tpl->rows[row].label, where);
		}
}
