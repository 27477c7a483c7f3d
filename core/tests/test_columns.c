/*
 * test_columns.c — values put under their column by position (map/columns.c)
 * when a table row of text or PDF leaves its empty cells without a mark.
 *
 * Fixtures (core/tests/fixtures/columns/): t3_layout_blanks.txt is laid out
 * as `pdftotext -layout` lays a report out (a character per column, Han
 * included, headers wrapped over lines, a label wrapped around its values,
 * a row label printed over empty cells); t3_layout_natural_only.txt has
 * every 法人或其他组织 cell empty, so no row has all seven values and only
 * the header tells the columns; t3_layout_blanks.pdf is the first drawn at
 * the same places (scripts/make-columns-pdf.c); t3_layout_wrapped.txt is
 * the first with 本年新收's 自然人 and 总计 (1212, 1216) too wide for their
 * cells, wrapped as pdftotext -layout writes them: "121" on the line above
 * the row, "2" and "6" on the line below, holes in the row between (read
 * 121 and a neighbour's value before).  empty_rows_layout.txt is
 * `pdftotext -layout` of a review's PDF (printed by Chromium from HTML)
 * whose t2 规章 and t3 7.属于行政执法案卷, 2.重复申请 and 3.要求提供公开出版物
 * are printed with every cell empty: each label alone on its line, read
 * "not found" before.  t3_layout_swapped.txt is t3_layout_blanks.txt with
 * the columns 自然人 and 总计 (headings and values) traded places: each
 * value is read under its heading (table.columns).  The expected cells
 * are the ones written into the fixtures, by hand.
 */
#include "nianshen.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define B (-1) /* a blank cell */

static const char *const t3_rows[] = {T_T3_ROWS};
static const char *const t3_cols[] = {
	"natural_person", "business", "research", "social_org", "legal_service",
	"other_org", "total",
};
static const char *const t4_rows[] = {"review", "suit_direct", "suit_after_review"};
static const char *const t4_cols[] = {"upheld", "corrected", "other", "pending", "total"};

#define Z {0, 0, 0, 0, 0, 0, 0}
/* t3_layout_blanks: as written in the fixture */
static const int blanks_t3[25][7] = {
	{12, 3, B, B, 1, B, 16},
	{2, 1, 0, 0, 0, 0, 3},
	{5, B, B, B, B, 2, 7},        /* "（一）予以公开  5  …  2  7" */
	{3, 1, B, B, 1, B, 5},        /* values on the line between the label's two */
	Z,
	{B, B, B, B, B, B, B},        /* the label alone: a blank row */
	{1, B, B, B, B, B, 1},
	Z, Z,
	{B, 1, B, B, B, B, 1},        /* the first column empty */
	Z, Z,
	{2, B, B, B, B, B, 2},
	Z, Z, Z, Z, Z, Z, Z, Z, Z, Z,
	{10, 2, B, B, 1, 2, 15},
	{4, 2, 0, 0, 0, B, 6},
};
static const int blanks_t4[3][5] = {
	{2, B, 1, B, 3},
	{B, B, B, B, B},
	{1, B, B, B, 1},
};

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/columns/%s", NS_FIXTURES_DIR, name);
	char *b = t_slurp(path, len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	return b;
}

static ns_report *load(ns_ctx *ctx, const char *name, ns_form form)
{
	size_t len = 0;
	char *buf = fixture(name, &len);
	if (!buf)
		return NULL;
	ns_load_opts o = {0};
	o.form = form;
	ns_report *r = NULL;
	int rc = ns_load_buffer(ctx, buf, len, name, &o, &r);
	CHECK_MSG(rc == NS_OK, "%s: %s", name, ns_errmsg(ctx));
	free(buf);
	return rc == NS_OK ? r : NULL;
}

/* A cell as expected: a value as written (never inferred), or blank with
 * its cell.blank diagnostic. */
static void check_cell(const ns_report *r, const char *name, const char *t,
                       const char *row, const char *col, int want)
{
	const ns_cell *c = ns_report_cell(r, t, row, col);
	char where[128];
	snprintf(where, sizeof where, "%s.%s.%s", t, row, col);
	CHECK_MSG(c != NULL, "%s: no cell %s", name, where);
	if (!c)
		return;
	if (want == B) {
		CHECK_MSG(!c->has_value, "%s: %s = %g, expected blank", name, where, c->value);
		CHECK_MSG(t_find_diag(r, "cell.blank", where), "%s: no cell.blank for %s",
		          name, where);
	} else {
		CHECK_MSG(c->has_value && c->value == want && !c->inferred,
		          "%s: %s = %s%g%s, expected %d", name, where,
		          c->has_value ? "" : "(null) ", c->value,
		          c->inferred ? " (inferred)" : "", want);
	}
}

/* wrapped: received's 自然人 and 总计 as t3_layout_wrapped.txt has them */
static void check_blanks_as(ns_ctx *ctx, const char *name, ns_form form, int wrapped)
{
	ns_report *r = load(ctx, name, form);
	if (!r)
		return;
	for (int i = 0; i < 25; i++)
		for (int j = 0; j < 7; j++)
			check_cell(r, name, "t3", t3_rows[i], t3_cols[j],
			           wrapped && i == 0 && j == 0 ? 1212 :
			           wrapped && i == 0 && j == 6 ? 1216 : blanks_t3[i][j]);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++)
			check_cell(r, name, "t4", t4_rows[i], t4_cols[j], blanks_t4[i][j]);
	/* read as written: nothing guessed, nothing left unread, no row lost */
	CHECK_INT(t_count_diag(r, "row.short", NULL), 0);
	CHECK_INT(t_count_diag(r, "cell.ambiguous", NULL), 0);
	CHECK_INT(t_count_diag(r, "row.missing", NULL), 0);
	CHECK_INT(t_count_diag(r, "cell.glued", NULL), 0);
	CHECK_MSG(!t_find_diag(r, "table.columns", "t3") == !strstr(name, "swapped"),
	          "%s: table.columns", name);
	ns_report_release(r);
}

static void check_blanks(ns_ctx *ctx, const char *name, ns_form form)
{
	check_blanks_as(ctx, name, form, 0);
}

/* Only 自然人 and 总计 filled: the header alone places them. */
static void check_natural_only(ns_ctx *ctx)
{
	const char *name = "t3_layout_natural_only.txt";
	ns_report *r = load(ctx, name, NS_FORM_TXT);
	if (!r)
		return;
	for (int i = 0; i < 25; i++) {
		int nat = blanks_t3[i][0] == B ? 0 : blanks_t3[i][0];
		if (i == 5) /* the blank row */
			nat = B;
		if (i == 19) {
			/* "…已获取信息 0": one space between label and value, one cell
			 * of text: no extent for the value, the row is not placed and
			 * two values for seven cells are not guessed */
			const ns_cell *c = ns_report_cell(r, "t3", t3_rows[i], "natural_person");
			CHECK(c && !c->has_value);
			continue;
		}
		check_cell(r, name, "t3", t3_rows[i], "natural_person", nat);
		check_cell(r, name, "t3", t3_rows[i], "total", nat);
		for (int j = 1; j < 6; j++)
			check_cell(r, name, "t3", t3_rows[i], t3_cols[j], B);
	}
	static const int t4[3][5] = {{1, 0, 0, 0, 1}, {B, B, B, B, B}, {B, B, B, B, B}};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++)
			check_cell(r, name, "t4", t4_rows[i], t4_cols[j], t4[i][j]);
	ns_report_release(r);
}

/* Rows printed with every cell empty are rows left blank, not missing. */
static void check_empty_rows(ns_ctx *ctx)
{
	const char *name = "empty_rows_layout.txt";
	ns_report *r = load(ctx, name, NS_FORM_TXT);
	if (!r)
		return;
	static const char *const t2_cols[] = {"issued", "repealed", "in_force"};
	for (int j = 0; j < 3; j++)
		check_cell(r, name, "t2", "regulations", t2_cols[j], B);
	static const char *const empty[] = {"refused_enforcement_file", "not_processed_duplicate",
	                                    "not_processed_publication"};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 7; j++)
			check_cell(r, name, "t3", empty[i], t3_cols[j], B);
	CHECK(!t_find_diag(r, "row.missing", "t2.regulations"));
	CHECK(!t_find_diag(r, "row.missing", "t3.not_processed_duplicate"));
	/* the row after 规章 keeps its own values */
	check_cell(r, name, "t2", "normative_documents", "issued", 9);
	check_cell(r, name, "t2", "normative_documents", "in_force", 62);
	ns_report_release(r);
}

/* Text with tabs has no columns to trust: the same table with its cells
 * separated by tabs (and the empty ones left out) is not placed by
 * position — the row is left to the solver, which cannot read it. */
static void check_tabs_unknown(ns_ctx *ctx)
{
	size_t len = 0;
	char *buf = fixture("t3_layout_blanks.txt", &len);
	if (!buf)
		return;
	/* the first "  " run of the granted row becomes a tab */
	char *p = strstr(buf, "（一）予以公开");
	CHECK(p != NULL);
	if (p) {
		p += strlen("（一）予以公开");
		char *e = p;
		while (*e == ' ')
			e++;
		memmove(p + 1, e, strlen(e) + 1);
		*p = '\t';
		ns_load_opts o = {0};
		o.form = NS_FORM_TXT;
		ns_report *r = NULL;
		CHECK(ns_load_buffer(ctx, buf, strlen(buf), "tabs.txt", &o, &r) == NS_OK);
		if (r) {
			const ns_cell *c = ns_report_cell(r, "t3", "granted", "business");
			CHECK(c && !c->has_value);
			CHECK(t_find_diag(r, "cell.ambiguous", "t3.granted") ||
			      t_find_diag(r, "row.short", "t3.granted"));
			ns_report_release(r);
		}
	}
	free(buf);
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	check_blanks(ctx, "t3_layout_blanks.txt", NS_FORM_TXT);
	check_blanks(ctx, "t3_layout_blanks.pdf", NS_FORM_PDF);
	check_blanks(ctx, "t3_layout_swapped.txt", NS_FORM_TXT);
	check_natural_only(ctx);
	check_blanks_as(ctx, "t3_layout_wrapped.txt", NS_FORM_TXT, 1);
	check_tabs_unknown(ctx);
	check_empty_rows(ctx);
	ns_close(ctx);
	return t_done("test_columns");
}
