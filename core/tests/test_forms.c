/*
 * test_forms.c — "every form": one known report as TXT, Markdown, HTML, DOCX
 * and PDF must load to the same model, apart from positions.
 *
 * The report (青川县市场监督管理局, 2024, fictional) lives in fixtures/forms/:
 *   report.html  the source: a clean HTML document with real <table>s, the
 *                merged cells of the national template (rowspan/colspan);
 *   report.txt   the same report as PDF text extraction lays it out (tab-
 *                separated cells, one table row per line, merged labels once
 *                at the middle of their span, page numbers in between);
 *   report.md    the same report with pipe tables (a merged cell keeps its
 *                text in its top-left slot, the others are empty);
 *   report.docx, report.pdf  made from report.html by LibreOffice with
 *                scripts/make-form-fixtures.sh (not run by this test).
 *
 * The TXT model must hold every cell listed below (read from the source, not
 * from a parser); every other form is compared with the TXT model cell by
 * cell, and every difference is reported as table.row.col, form, both values.
 * Then, per form, bad files must give clear errors and never crash, through
 * the public API with form autodetection.
 *
 * Set NS_FORMS_VERBOSE=1 to print every diagnostic of every form.
 */
#include "nianshen.h"
#include "t.h"
#include "tcells.h"
#include "tzip.h"

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FORMS_DIR NS_FIXTURES_DIR "/forms/"

enum { F_TXT, F_MD, F_HTML, F_DOCX, F_PDF, NFORMS };

static const char *const form_ext[NFORMS] = {"txt", "md", "html", "docx", "pdf"};
static const char *const form_media[NFORMS] = {
	"text/plain", "text/markdown", "text/html",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/pdf"};

/* ---- the known report, as written in report.html ----------------------- */

#define AGENCY "青川县市场监督管理局"
#define TITLE AGENCY "2024年政府信息公开工作年度报告"
#define PERIOD "2024年1月1日至12月31日"

static const char *const sec_titles[NS_NSECTIONS] = {
	"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
	"六、其他需要报告的事项"};

/* Sentences of each section's prose, whitespace aside. */
static const char *const sec_prose[NS_NSECTIONS][4] = {
	{"持续深化政府信息公开，全年主动公开政府信息1126条，新收政府信息公开申请85件",
	 "（一）主动公开", "其中门户网站742条、政务新媒体384条",
	 "全年未发生因政府信息公开工作引发的责任追究情况。"},
	{"第二十条第（一）项", "行政规范性文件", "本年收费金额（单位：万元）", NULL},
	{"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
	 "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", NULL},
	{"行政复议", "未经复议直接起诉", "复议后起诉", NULL},
	{"一是政策解读形式较为单一", "针对上述问题，2025年本局将重点做好以下工作",
	 "上年度问题整改情况：针对2023年度报告中提出的“主动公开栏目更新不及时”问题",
	 NULL},
	{"（一）信息处理费收取情况。", "本局2024年未收取信息处理费。",
	 "全年累计查询2.6万人次。", "青川县市场监督管理局2025年1月20日"},
};

static const struct {
	const char *row, *col, *raw;
	double value;
} t2_cells[] = {
	{"regulations", "issued", "0", 0},
	{"regulations", "repealed", "0", 0},
	{"regulations", "in_force", "0", 0},
	{"normative_documents", "issued", "3", 3},
	{"normative_documents", "repealed", "1", 1},
	{"normative_documents", "in_force", "12", 12},
	{"licensing", "decisions", "4186", 4186},
	{"penalty", "decisions", "263", 263},
	{"coercion", "decisions", "37", 37},
	{"fees", "amount", "3.42", 3.42},
};
#define NT2 ((int)(sizeof t2_cells / sizeof t2_cells[0]))

static const char *const t3_rows[25] = {
	"received", "carried_over", "granted", "partially_granted",
	"refused_state_secret", "refused_law_prohibited",
	"refused_security_stability", "refused_third_party",
	"refused_internal_affairs", "refused_process_info",
	"refused_enforcement_file", "refused_inquiry", "unavailable_not_held",
	"unavailable_needs_creation", "unavailable_unclear",
	"not_processed_complaint", "not_processed_duplicate",
	"not_processed_publication", "not_processed_excessive",
	"not_processed_confirmation", "other_no_correction", "other_unpaid_fee",
	"other_other", "total_handled", "carried_forward"};
static const char *const t3_cols[7] = {
	"natural_person", "business", "research", "social_org", "legal_service",
	"other_org", "total"};
static const int t3_vals[25][7] = {
	{58, 17, 1, 2, 4, 3, 85}, /* received */
	{3, 1, 0, 0, 0, 0, 4},    /* carried_over */
	{24, 8, 1, 1, 2, 1, 37},  /* granted */
	{6, 2, 0, 0, 1, 0, 9},    /* partially_granted */
	{0, 0, 0, 0, 0, 0, 0},    /* refused_state_secret */
	{1, 0, 0, 0, 0, 0, 1},    /* refused_law_prohibited */
	{0, 0, 0, 0, 0, 0, 0},    /* refused_security_stability */
	{2, 1, 0, 0, 1, 0, 4},    /* refused_third_party */
	{1, 0, 0, 0, 0, 0, 1},    /* refused_internal_affairs */
	{2, 1, 0, 0, 0, 0, 3},    /* refused_process_info */
	{1, 0, 0, 0, 0, 0, 1},    /* refused_enforcement_file */
	{3, 1, 0, 0, 0, 1, 5},    /* refused_inquiry */
	{9, 2, 0, 1, 0, 0, 12},   /* unavailable_not_held */
	{2, 1, 0, 0, 0, 0, 3},    /* unavailable_needs_creation */
	{1, 0, 0, 0, 0, 0, 1},    /* unavailable_unclear */
	{3, 0, 0, 0, 0, 0, 3},    /* not_processed_complaint */
	{1, 1, 0, 0, 0, 0, 2},    /* not_processed_duplicate */
	{0, 0, 0, 0, 0, 0, 0},    /* not_processed_publication */
	{0, 0, 0, 0, 0, 0, 0},    /* not_processed_excessive */
	{1, 0, 0, 0, 0, 0, 1},    /* not_processed_confirmation */
	{1, 0, 0, 0, 0, 1, 2},    /* other_no_correction */
	{0, 0, 0, 0, 0, 0, 0},    /* other_unpaid_fee */
	{1, 0, 0, 0, 0, 0, 1},    /* other_other */
	{59, 17, 1, 2, 4, 3, 86}, /* total_handled */
	{2, 1, 0, 0, 0, 0, 3},    /* carried_forward */
};

static const char *const t4_rows[3] = {"review", "suit_direct", "suit_after_review"};
static const char *const t4_cols[5] = {"upheld", "corrected", "other", "pending", "total"};
static const int t4_vals[3][5] = {{3, 1, 1, 1, 6}, {2, 0, 1, 1, 4}, {1, 1, 0, 0, 2}};

static const char *const tables[3] = {"t2", "t3", "t4"};

/* The known report balances (report-model.md §5), so that no form can get
 * a cell right by the template's arithmetic alone without it showing. */
static void test_known_balances(void)
{
	for (int j = 0; j < 7; j++) {
		/* T3-1: received + carried_over = total_handled + carried_forward */
		CHECK_INT(t3_vals[0][j] + t3_vals[1][j], t3_vals[23][j] + t3_vals[24][j]);
		/* T3-2: total_handled = the detail rows granted .. other_other */
		int sum = 0;
		for (int i = 2; i <= 22; i++)
			sum += t3_vals[i][j];
		CHECK_INT(sum, t3_vals[23][j]);
	}
	for (int i = 0; i < 25; i++) { /* T3-3: total = the six applicants */
		int sum = 0;
		for (int j = 0; j < 6; j++)
			sum += t3_vals[i][j];
		CHECK_INT(sum, t3_vals[i][6]);
	}
	for (int i = 0; i < 3; i++) /* T4-1 */
		CHECK_INT(t4_vals[i][0] + t4_vals[i][1] + t4_vals[i][2] + t4_vals[i][3],
		          t4_vals[i][4]);
}

/* ---- helpers ------------------------------------------------------------ */

static char *fixture(int form, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, FORMS_DIR "report.%s", form_ext[form]);
	char *b = t_slurp(path, len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	return b;
}

/* s without any whitespace (ASCII, NBSP, U+3000), malloc'd. */
static char *squeeze(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *o = malloc(n + 1), *p = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			i++;
		} else if (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			i += 2;
		} else if (c == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
		           (unsigned char)s[i + 2] == 0x80) {
			i += 3;
		} else {
			*p++ = s[i++];
		}
	}
	*p = 0;
	return o;
}

static int contains_squeezed(const char *hay, const char *needle)
{
	char *h = squeeze(hay), *n = squeeze(needle);
	int ok = h && n && strstr(h, n) != NULL;
	free(h);
	free(n);
	return ok;
}

/* Code points of a UTF-8 string (no validation needed: loaders give
 * UTF-8), sorted: the multiset of its characters. */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static uint32_t *sorted_cps(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	uint32_t *v = malloc((len + 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		int m = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		uint32_t cp = m == 1 ? c : c & (0xFF >> (m + 1));
		for (int j = 1; j < m && i + j < len; j++)
			cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
		v[k++] = cp;
		i += (size_t)m;
	}
	qsort(v, k, sizeof *v, cmp_u32);
	*n = k;
	return v;
}

static size_t put_cp(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* 1 when a and b hold the same characters, in any order.  Otherwise the
 * characters b has more of than a (and a more than b) go to out as
 * "+字×n ... -字×n", the most repeated first: repeated merged cells show. */
static int same_multiset(const char *a, const char *b, char *out, size_t outsz)
{
	size_t na, nb;
	uint32_t *x = sorted_cps(a, &na), *y = sorted_cps(b, &nb);
	int same = x && y && na == nb && memcmp(x, y, na * sizeof *x) == 0;
	out[0] = 0;
	if (!same && x && y) {
		/* differences by code point: (cp, b count - a count) */
		size_t cap = na + nb + 1, nd = 0, i = 0, j = 0;
		struct dd { uint32_t cp; long n; } *d = malloc(cap * sizeof *d);
		while (d && (i < na || j < nb)) {
			uint32_t cp = j >= nb || (i < na && x[i] < y[j]) ? x[i] : y[j];
			long n = 0;
			while (i < na && x[i] == cp) i++, n--;
			while (j < nb && y[j] == cp) j++, n++;
			if (n)
				d[nd++] = (struct dd){cp, n};
		}
		size_t o = 0;
		for (int shown = 0; d && shown < 16 && o + 24 < outsz; shown++) {
			size_t best = nd;
			for (size_t k = 0; k < nd; k++)
				if (d[k].n && (best == nd || labs(d[k].n) > labs(d[best].n)))
					best = k;
			if (best == nd)
				break;
			out[o++] = d[best].n > 0 ? '+' : '-';
			o += put_cp(d[best].cp, out + o);
			o += (size_t)snprintf(out + o, outsz - o, "x%ld ", labs(d[best].n));
			d[best].n = 0;
		}
		out[o] = 0;
		free(d);
	}
	free(x);
	free(y);
	return same;
}

/* Byte offset of the first difference of a and b, backed up to the start
 * of a UTF-8 character. */
static size_t first_diff(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* Up to `chars` characters of s from byte offset `at`, into out. */
static const char *excerpt(const char *s, size_t at, int chars, char *out, size_t outsz)
{
	size_t n = strlen(s), i = at < n ? at : n, o = 0;
	for (int c = 0; c < chars && i < n; c++) {
		size_t j = i + 1;
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (o + (j - i) + 1 >= outsz)
			break;
		memcpy(out + o, s + i, j - i);
		o += j - i;
		i = j;
	}
	out[o] = 0;
	return out;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

#define S(x) ((x) ? (x) : "(null)")

/* "6", "null (raw \"/\")", "absent" */
static const char *cell_str(const ns_cell *c, char *buf, size_t n)
{
	if (!c)
		snprintf(buf, n, "absent");
	else if (!c->has_value)
		snprintf(buf, n, "null (raw \"%s\")", S(c->raw));
	else
		snprintf(buf, n, "%g%s", c->value, c->inferred ? " (inferred)" : "");
	return buf;
}

static void print_diags(const char *what, const ns_report *r)
{
	if (!getenv("NS_FORMS_VERBOSE"))
		return;
	printf("== %s: %d diagnostics\n", what, ns_report_ndiag(r));
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *g = ns_report_diag(r, i);
		printf("  %s %d:%d:%d %s %s: %s\n", ns_severity_name(g->severity),
		       g->pos.page, g->pos.line, g->pos.col, g->code, S(g->where),
		       g->message);
	}
}

/* Load a fixture form through the public API with autodetection. */
static ns_report *load_form(ns_ctx *ctx, int form)
{
	char path[512];
	snprintf(path, sizeof path, FORMS_DIR "report.%s", form_ext[form]);
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, NULL, &r);
	CHECK_MSG(rc == NS_OK && r, "%s: load failed: %s (%s)", form_ext[form],
	          ns_strerror(rc), ns_errmsg(ctx));
	if (!r)
		return NULL;
	const ns_meta *m = ns_report_meta(r);
	CHECK_MSG(m->media_type && strcmp(m->media_type, form_media[form]) == 0,
	          "%s: detected as %s, expected %s", form_ext[form],
	          S(m->media_type), form_media[form]);
	CHECK_MSG(same_str(m->encoding, "UTF-8"), "%s: encoding %s, expected UTF-8",
	          form_ext[form], S(m->encoding));
	print_diags(form_ext[form], r);
	return r;
}

/* ---- the TXT model against the source ---------------------------------- */

static void check_cell(const ns_report *r, const char *form, const char *t,
                       const char *row, const char *col, double want,
                       const char *raw)
{
	const ns_cell *c = ns_report_cell(r, t, row, col);
	char got[96];
	CHECK_MSG(c && c->has_value && fabs(c->value - want) < 1e-9 && !c->inferred,
	          "%s: %s.%s.%s is %s, expected %g", form, t, row, col,
	          cell_str(c, got, sizeof got), want);
	if (c && raw)
		CHECK_MSG(c->raw && strcmp(c->raw, raw) == 0,
		          "%s: %s.%s.%s raw \"%s\", expected \"%s\"", form, t, row,
		          col, S(c->raw), raw);
}

/* Everything written in the source, checked on one model. */
static void check_known(const ns_report *r, const char *form)
{
	const ns_meta *m = ns_report_meta(r);
	CHECK_STR(m->agency, AGENCY);
	CHECK_INT(m->agency_type, NS_AGENCY_DEPARTMENT);
	CHECK_INT(m->year, 2024);
	CHECK_INT(m->edition, NS_EDITION_2021);
	CHECK_STR(m->title, TITLE);
	CHECK_STR(m->period, PERIOD);
	for (int k = 0; k < NS_NSECTIONS; k++) {
		const ns_section *s = ns_report_section(r, k);
		CHECK_MSG(s && s->found, "%s: section s%d not found", form, k + 1);
		if (!s || !s->found)
			continue;
		CHECK_MSG(same_str(s->title, sec_titles[k]),
		          "%s: s%d title \"%s\", expected \"%s\"", form, k + 1,
		          S(s->title), sec_titles[k]);
		for (int p = 0; p < 4 && sec_prose[k][p]; p++)
			CHECK_MSG(contains_squeezed(s->text, sec_prose[k][p]),
			          "%s: s%d text lacks \"%s\"", form, k + 1, sec_prose[k][p]);
	}
	for (int t = 0; t < 3; t++) {
		CHECK_MSG(ns_table_found(r, tables[t]), "%s: %s not found", form, tables[t]);
		CHECK_MSG(ns_table_edition(r, tables[t]) == NS_EDITION_2021,
		          "%s: %s edition %d", form, tables[t],
		          (int)ns_table_edition(r, tables[t]));
	}
	CHECK_INT(ns_table_nrows(r, "t3"), 25);
	CHECK_INT(ns_table_ncols(r, "t3"), 7);
	CHECK_INT(ns_table_nrows(r, "t4"), 3);
	CHECK_INT(ns_table_ncols(r, "t4"), 5);
	/* a pair outside t2's captioned sub-tables does not exist */
	CHECK(ns_report_cell(r, "t2", "regulations", "decisions") == NULL);
	for (int i = 0; i < NT2; i++)
		check_cell(r, form, "t2", t2_cells[i].row, t2_cells[i].col,
		           t2_cells[i].value, t2_cells[i].raw);
	for (int i = 0; i < 25; i++) {
		CHECK_STR(ns_table_row_id(r, "t3", i), t3_rows[i]);
		for (int j = 0; j < 7; j++) {
			char raw[16];
			snprintf(raw, sizeof raw, "%d", t3_vals[i][j]);
			check_cell(r, form, "t3", t3_rows[i], t3_cols[j], t3_vals[i][j], raw);
		}
	}
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 5; j++) {
			char raw[16];
			snprintf(raw, sizeof raw, "%d", t4_vals[i][j]);
			check_cell(r, form, "t4", t4_rows[i], t4_cols[j], t4_vals[i][j], raw);
		}
}

/* ---- one model against the reference, cell by cell -------------------- */

/* Compare r (form `form`) with ref (form `rform`); every difference is one
 * failed check naming what differs and both values.  Returns the number of
 * differences. */
static int compare(const ns_report *ref, const char *rform, const ns_report *r,
                   const char *form)
{
	int before = t_fail;
	const ns_meta *a = ns_report_meta(ref), *b = ns_report_meta(r);
	CHECK_MSG(same_str(a->agency, b->agency), "meta.agency: %s gives \"%s\", %s "
	          "gives \"%s\"", form, S(b->agency), rform, S(a->agency));
	CHECK_MSG(a->year == b->year, "meta.year: %s gives %d, %s gives %d", form,
	          b->year, rform, a->year);
	CHECK_MSG(a->edition == b->edition, "meta.edition: %s gives %d, %s gives %d",
	          form, (int)b->edition, rform, (int)a->edition);
	CHECK_MSG(a->agency_type == b->agency_type, "meta.agency_type: %s gives %s, "
	          "%s gives %s", form, ns_agency_type_name(b->agency_type), rform,
	          ns_agency_type_name(a->agency_type));
	CHECK_MSG(same_str(a->title, b->title), "meta.title: %s gives \"%s\", %s "
	          "gives \"%s\"", form, S(b->title), rform, S(a->title));
	CHECK_MSG(same_str(a->period, b->period), "meta.period: %s gives \"%s\", %s "
	          "gives \"%s\"", form, S(b->period), rform, S(a->period));
	CHECK_MSG(same_str(a->published, b->published), "meta.published: %s gives "
	          "\"%s\", %s gives \"%s\"", form, S(b->published), rform,
	          S(a->published));

	for (int k = 0; k < NS_NSECTIONS; k++) {
		const ns_section *x = ns_report_section(ref, k), *y = ns_report_section(r, k);
		CHECK_MSG(x->found == y->found, "s%d: found in %s %d, in %s %d", k + 1,
		          form, y->found, rform, x->found);
		if (!x->found || !y->found)
			continue;
		CHECK_MSG(same_str(x->title, y->title), "s%d.title: %s gives \"%s\", %s "
		          "gives \"%s\"", k + 1, form, S(y->title), rform, S(x->title));
		char *p = squeeze(x->text), *q = squeeze(y->text);
		if (p && q && strcmp(p, q) != 0) {
			/* Sections holding a table also hold its cells' text, and
			 * the reading order of merged header cells is the form's
			 * own (a PDF line, a grid row): the same characters in
			 * another order are the same text.  Anything else differs. */
			char surplus[400];
			int same = same_multiset(p, q, surplus, sizeof surplus);
			size_t at = first_diff(p, q);
			char e1[200], e2[200];
			CHECK_MSG(same, "s%d.text: %s differs from %s (%zu vs %zu bytes, "
			          "whitespace aside); from byte %zu %s has \"%s\", %s has "
			          "\"%s\"; characters %s has more (+) or fewer (-): %s",
			          k + 1, form, rform, strlen(q), strlen(p), at, form,
			          excerpt(q, at, 30, e2, sizeof e2), rform,
			          excerpt(p, at, 30, e1, sizeof e1), form, surplus);
		}
		free(p);
		free(q);
	}

	for (int t = 0; t < 3; t++) {
		const char *id = tables[t];
		CHECK_MSG(ns_table_found(ref, id) == ns_table_found(r, id),
		          "%s: found in %s %d, in %s %d", id, form,
		          ns_table_found(r, id), rform, ns_table_found(ref, id));
		CHECK_MSG(ns_table_edition(ref, id) == ns_table_edition(r, id),
		          "%s: edition %d in %s, %d in %s", id,
		          (int)ns_table_edition(r, id), form,
		          (int)ns_table_edition(ref, id), rform);
		int nr = ns_table_nrows(ref, id), nc = ns_table_ncols(ref, id);
		if (nr != ns_table_nrows(r, id) || nc != ns_table_ncols(r, id)) {
			CHECK_MSG(0, "%s: %dx%d in %s, %dx%d in %s", id,
			          ns_table_nrows(r, id), ns_table_ncols(r, id), form, nr,
			          nc, rform);
			continue;
		}
		for (int i = 0; i < nr; i++) {
			const char *row = ns_table_row_id(ref, id, i);
			CHECK_MSG(same_str(row, ns_table_row_id(r, id, i)),
			          "%s: row %d is %s in %s, %s in %s", id, i,
			          S(ns_table_row_id(r, id, i)), form, S(row), rform);
			for (int j = 0; j < nc; j++) {
				const char *col = ns_table_col_id(ref, id, j);
				const ns_cell *c = ns_report_cell(ref, id, row, col);
				const ns_cell *d = ns_report_cell(r, id, row, col);
				if (!c && !d)
					continue; /* not a cell of this layout */
				int same = c && d && c->has_value == d->has_value &&
				           (!c->has_value || fabs(c->value - d->value) < 1e-9);
				char v1[96], v2[96];
				CHECK_MSG(same, "%s.%s.%s: %s gives %s, %s gives %s", id, row,
				          col, form, cell_str(d, v2, sizeof v2), rform,
				          cell_str(c, v1, sizeof v1));
				if (same && c->has_value)
					CHECK_MSG(c->inferred == d->inferred, "%s.%s.%s: %g %s in %s, "
					          "%s in %s", id, row, col, c->value,
					          d->inferred ? "inferred" : "read", form,
					          c->inferred ? "inferred" : "read", rform);
			}
		}
	}
	return t_fail - before;
}

/* A clean report loads without warnings: each one names a cause. */
static void check_clean(const ns_report *r, const char *form)
{
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *g = ns_report_diag(r, i);
		CHECK_MSG(g->severity < NS_WARNING, "%s: %s %s at %d:%d:%d (%s): %s", form,
		          ns_severity_name(g->severity), g->code, g->pos.page,
		          g->pos.line, g->pos.col, S(g->where), g->message);
	}
}

static void test_every_form(ns_report *rep[NFORMS])
{
	ns_ctx *ctx = ns_open();
	for (int f = 0; f < NFORMS; f++)
		rep[f] = load_form(ctx, f);
	/* the same bytes as a nameless buffer: the content alone tells the form,
	 * and the model is the one of the file */
	for (int f = 0; f < NFORMS; f++) {
		size_t len;
		char *b = fixture(f, &len);
		ns_report *r = NULL;
		int rc = b ? ns_load_buffer(ctx, b, len, NULL, NULL, &r) : -1;
		CHECK_MSG(rc == NS_OK, "%s as a buffer: %s (%s)", form_ext[f],
		          ns_strerror(rc), ns_errmsg(ctx));
		if (r) {
			CHECK_MSG(same_str(ns_report_meta(r)->media_type, form_media[f]),
			          "%s as a buffer: detected as %s", form_ext[f],
			          S(ns_report_meta(r)->media_type));
			if (rep[f]) {
				char what[32];
				snprintf(what, sizeof what, "%s buffer", form_ext[f]);
				compare(rep[f], form_ext[f], r, what);
			}
			ns_report_release(r);
		}
		free(b);
	}
	ns_close(ctx);
	if (!rep[F_TXT])
		return;
	check_known(rep[F_TXT], "txt");
	for (int f = 0; f < NFORMS; f++) {
		if (!rep[f])
			continue;
		if (f != F_TXT) {
			int n = compare(rep[F_TXT], "txt", rep[f], form_ext[f]);
			printf("forms: %s against txt: %d difference%s\n", form_ext[f], n,
			       n == 1 ? "" : "s");
		}
		check_clean(rep[f], form_ext[f]);
	}
}

/* The same report with marks a reader does not take into a figure: footnote
 * marks raised after values (<sup>1</sup>, <sub>*</sub>, ①, [3], 注; in
 * DOCX the runs LibreOffice raises from them), and in hidden.html digits a
 * browser hides (font-size:0, visibility:hidden) or raises (a span styled
 * vertical-align:super).  85<sup>1</sup> was read as 851, 3<span
 * style="font-size:0">9</span>7 as 397, silently.  And what is no mark:
 * tables inside a wrapper of font-size 0 or visibility:hidden that they
 * set again (hidden.html: they were dropped whole), digits of a figure a
 * size smaller on its baseline (smalldigits.pdf: 41 of 4186 was kept,
 * 86 taken for a mark), runs a paragraph shifts as a whole (positions.docx,
 * w:position on every run: 5 of 58).  Every cell is as in the source. */
static void test_marks(void)
{
	/* checked in full, or (PDFs: their text runs differently from the
	 * source's, as report.pdf's) cell by cell against a model checked so */
	static const struct { const char *file, *like; } files[] = {
		{"marks.html", NULL}, {"marks.docx", NULL}, {"hidden.html", NULL},
		{"positions.docx", NULL}, {"marks.pdf", "marks.html"}, {"smalldigits.pdf", "report.html"},
	};
	ns_ctx *ctx = ns_open();
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		char path[512];
		snprintf(path, sizeof path, FORMS_DIR "%s", files[k].file);
		ns_report *r = NULL, *like = NULL;
		CHECK_MSG(ns_load_file(ctx, path, NULL, &r) == NS_OK, "%s: %s", files[k].file,
		          ns_errmsg(ctx));
		if (!r)
			continue;
		if (files[k].like) {
			snprintf(path, sizeof path, FORMS_DIR "%s", files[k].like);
			CHECK(ns_load_file(ctx, path, NULL, &like) == NS_OK);
			CHECK_MSG(like && compare(like, files[k].like, r, files[k].file) == 0,
			          "%s differs from %s", files[k].file, files[k].like);
			ns_report_release(like);
		} else {
			check_known(r, files[k].file);
		}
		check_clean(r, files[k].file);
		ns_report_release(r);
	}
	ns_close(ctx);
}

/* The report with its numerals given by Word's list numbering
 * (numbered.docx): the headings 一、…六、 by a list linked to their style
 * (styles.xml), （一）…（五） and t3's items 1.… by lists on their
 * paragraphs (numbering.xml), their text without them.  Before numbering
 * was read, every heading lost its numeral and was taken loosely
 * (section.loose: "no numeral"), and t3's items theirs.  It must read as
 * report.docx does, cell for cell and section for section. */
static void test_numbered(void)
{
	ns_ctx *ctx = ns_open();
	ns_report *r = NULL, *ref = NULL;
	CHECK_MSG(ns_load_file(ctx, FORMS_DIR "numbered.docx", NULL, &r) == NS_OK,
	          "numbered.docx: %s", ns_errmsg(ctx));
	CHECK(ns_load_file(ctx, FORMS_DIR "report.docx", NULL, &ref) == NS_OK);
	if (r) {
		check_known(r, "numbered.docx");
		check_clean(r, "numbered.docx");
		for (int i = 0; i < ns_report_ndiag(r); i++) {
			const ns_diag *g = ns_report_diag(r, i);
			CHECK_MSG(strcmp(g->code, "section.loose") != 0,
			          "numbered.docx: %s at line %d: %s", g->code,
			          g->pos.line, g->message);
		}
	}
	if (r && ref)
		CHECK_MSG(compare(ref, "report.docx", r, "numbered.docx") == 0,
		          "numbered.docx differs from report.docx");
	ns_report_release(r);
	ns_report_release(ref);
	ns_close(ctx);
}

/* The report as Word lays it out by default and LibreOffice prints it
 * (pagebreak.pdf): cells aligned to their tops, labels wrapped in a narrow
 * column, the header rows repeated atop each page, and a row of t3 broken
 * over a page (its values on one page, its label's tail after the header
 * on the next).  The header's words were read as labels, and every t3 row
 * after the break took its neighbour's values (15 cells), silently.  And
 * the same with its zeros left blank (blanks_top.pdf): rows wholly blank
 * between rows of values, their labels read as the next row's, which
 * gave the next row's values to the blank row (31 cells, silently).  Every
 * cell of t3 and t4 is as in report.html, a zero left blank aside (null).
 * typo_item.pdf: the same aligned to the top, its zeros printed, one item
 * misnumbered ("6.属于三类内部事务信息" for 5): the label names its row, the
 * number does not (the number's row was given its values).
 * blanks_paren.pdf, blanks_circled.pdf: blanks_top.pdf's layout with the
 * items numbered "（1）" and "①" (rows after a blank one took their
 * neighbours' values, as with "1.").
 * blanks_mid.pdf, blanks_dash.pdf: LibreOffice's print of report.html with
 * its zeros left blank or written "—", every cell centred: 三（五）3 and 4
 * print no value, their labels and the lines of （五）不予处理 beside them run
 * into 三（五）5's label, wrapped around its values; blanks_vertical.pdf:
 * the same from a DOCX whose group labels run vertically.  三（五）5 and
 * 三（六）1 went unread (5 cells null, label.unknown). */
static void test_pagebreak(void)
{
	static const char *const files[] = {"pagebreak.pdf", "blanks_top.pdf", "typo_item.pdf",
	                                    "blanks_paren.pdf", "blanks_circled.pdf",
	                                    "blanks_mid.pdf", "blanks_dash.pdf", "blanks_vertical.pdf"};
	ns_ctx *ctx = ns_open();
	ns_report *html = NULL;
	CHECK(ns_load_file(ctx, FORMS_DIR "report.html", NULL, &html) == NS_OK);
	for (size_t f = 0; html && f < sizeof files / sizeof files[0]; f++) {
		char path[512];
		snprintf(path, sizeof path, FORMS_DIR "%s", files[f]);
		ns_report *pdf = NULL;
		CHECK_MSG(ns_load_file(ctx, path, NULL, &pdf) == NS_OK, "%s", files[f]);
		int blanks = strncmp(files[f], "blanks", 6) == 0;
		for (int t = 1; pdf && t < (blanks ? 2 : 3); t++)
			for (int i = 0; i < ns_table_nrows(html, tables[t]); i++)
				for (int j = 0; j < ns_table_ncols(html, tables[t]); j++) {
					const char *row = ns_table_row_id(html, tables[t], i);
					const char *col = ns_table_col_id(html, tables[t], j);
					const ns_cell *a = ns_report_cell(html, tables[t], row, col);
					const ns_cell *b = ns_report_cell(pdf, tables[t], row, col);
					if (!a)
						continue;
					int blank = blanks && a->value == 0 && b && !b->has_value;
					CHECK_MSG(blank || (b && b->has_value == a->has_value &&
					                    b->value == a->value),
					          "%s: %s.%s.%s is %g, report.html's %g", files[f], tables[t],
					          row, col, b && b->has_value ? b->value : -1, a->value);
				}
		ns_report_release(pdf);
	}
	ns_report_release(html);
	ns_close(ctx);
}

/* The report set in two text columns (twocol.pdf: a DOCX of report.html
 * whose one section has two columns, the tables' text at 7.5 pt, printed by
 * LibreOffice): the title, the front matter and the prose of each section
 * run down the left column and on in the right, t2 beside the prose, t3 and
 * t4 in the columns of the pages after.  Read a line across the page, the
 * lines of the two columns ran into each other: the period and section
 * three's heading unread, t3's rows mixed with the other column's (114
 * cells null, 4 wrong, silently).  The title, period, publication date,
 * every section (with its prose in order, s3's aside: its sentences are
 * t3's header cells, wrapped in the column), and every value read must be
 * report.html's; a cell may be left null only in 三（四）2, whose vertical
 * group label's 无 sits on its values' line in the narrow column (a
 * row.long diagnostic), apart from the columns. */
static void test_two_columns(void)
{
	ns_ctx *ctx = ns_open();
	ns_report *r = NULL, *html = NULL;
	CHECK(ns_load_file(ctx, FORMS_DIR "report.html", NULL, &html) == NS_OK);
	CHECK_MSG(ns_load_file(ctx, FORMS_DIR "twocol.pdf", NULL, &r) == NS_OK,
	          "twocol.pdf: %s", ns_errmsg(ctx));
	if (r && html) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_STR(m->title, TITLE);
		CHECK_STR(m->period, PERIOD);
		CHECK(same_str(m->published, ns_report_meta(html)->published));
		for (int k = 0; k < NS_NSECTIONS; k++) {
			const ns_section *s = ns_report_section(r, k);
			CHECK_MSG(s && s->found, "twocol.pdf: section s%d not found", k + 1);
			/* (s3's sentences are t3's header cells, wrapped in the column) */
			for (int p = 0; k != 2 && s && s->found && p < 4 && sec_prose[k][p]; p++)
				CHECK_MSG(contains_squeezed(s->text, sec_prose[k][p]),
				          "twocol.pdf: s%d text lacks \"%s\"", k + 1, sec_prose[k][p]);
		}
		int right = 0, cells = 0;
		for (int t = 0; t < 3; t++)
			for (int i = 0; i < ns_table_nrows(html, tables[t]); i++)
				for (int j = 0; j < ns_table_ncols(html, tables[t]); j++) {
					const char *row = ns_table_row_id(html, tables[t], i);
					const char *col = ns_table_col_id(html, tables[t], j);
					const ns_cell *a = ns_report_cell(html, tables[t], row, col);
					const ns_cell *b = ns_report_cell(r, tables[t], row, col);
					if (!a || !a->has_value)
						continue;
					cells++;
					int null = !b || !b->has_value;
					right += !null && b->value == a->value;
					CHECK_MSG(null ? strcmp(row, "unavailable_needs_creation") == 0
					               : b->value == a->value,
					          "twocol.pdf: %s.%s.%s is %g, report.html's %g", tables[t],
					          row, col, null ? -1 : b->value, a->value);
				}
		CHECK_MSG(cells == 200 && right >= 193, "twocol.pdf: %d of %d cells right",
		          right, cells);
	}
	ns_report_release(r);
	ns_report_release(html);
	ns_close(ctx);
}

/* A PDF and the HTML it was printed from (pair[0], pair[1]), from FORMS_DIR */
static void load_pair(ns_ctx *ctx, const char *const pair[2], ns_report **pdf,
                      ns_report **html)
{
	char path[512];
	*pdf = *html = NULL;
	snprintf(path, sizeof path, FORMS_DIR "%s", pair[1]);
	CHECK_MSG(ns_load_file(ctx, path, NULL, html) == NS_OK, "%s", pair[1]);
	snprintf(path, sizeof path, FORMS_DIR "%s", pair[0]);
	CHECK_MSG(ns_load_file(ctx, path, NULL, pdf) == NS_OK, "%s", pair[0]);
}

/* Rows left blank before a row whose label is wrapped around its values,
 * in LibreOffice's prints of HTML with every cell centred, the zeros of t3
 * left blank; each PDF is read against the HTML it was printed from.
 * blanks_skip.pdf: 三（五）1–3 blank above "4.无正当理由大" / values /
 * "量反复申请": the values went to 重复申请, the first row whose label
 * begins in the lines above them (silently).  blanks_traded.pdf: report.html
 * with 三（五）2 and 4's values traded, its label column 100 wide: the
 * values under "…4.无正当理由大" went to 重复申请, its last three characters
 * in the next label's "大量反复申请"; and so on down the table.
 * blanks_traded6.pdf: 三（六）1 and 2's traded: "…缴纳费用、行政机关" +
 * "不再处理其政府信息公开申请" went to 三（六）1 by the wording the two
 * rows share (silently; 三（六）2 stays unread, honestly). */
static void test_blank_rows(void)
{
	static const char *const files[][2] = {{"blanks_skip.pdf", "blanks_skip.html"},
	                                       {"blanks_traded.pdf", "blanks_traded.html"},
	                                       {"blanks_traded6.pdf", "blanks_traded6.html"}};
	ns_ctx *ctx = ns_open();
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		ns_report *pdf, *html;
		load_pair(ctx, files[f], &pdf, &html);
		for (int i = 0; pdf && html && i < ns_table_nrows(html, tables[1]); i++)
			for (int j = 0; j < ns_table_ncols(html, tables[1]); j++) {
				const char *row = ns_table_row_id(html, tables[1], i);
				const char *col = ns_table_col_id(html, tables[1], j);
				const ns_cell *a = ns_report_cell(html, tables[1], row, col);
				const ns_cell *b = ns_report_cell(pdf, tables[1], row, col);
				int av = a && a->has_value, bv = b && b->has_value;
				/* blanks_traded6.pdf: no cell wrong, 三（六）2 unread */
				if (f == 2 && strcmp(row, "other_unpaid_fee") == 0 && !bv)
					continue;
				CHECK_MSG(av == bv && (!av || a->value == b->value),
				          "%s: t3.%s.%s is %g, the HTML's %g", files[f][0], row, col,
				          bv ? b->value : -1, av ? a->value : -1);
			}
		ns_report_release(pdf);
		ns_report_release(html);
	}
	ns_close(ctx);
}

/* A table of two columns of prose (a 问题 | 措施 or 建议 | 提案 table, common
 * in real reports) on one-column pages: its cell gap looks like a gutter
 * with prose on both sides.  texttable.pdf puts one between t3 and t4, on
 * t3's last page: the band of "columns" ran on through the gap of t3's last
 * rows and t4's header, cut only at lines with text on both sides, so a
 * wrapped label or a heading with text on one side kept the tables in it:
 * t3's last 24 figures and all of t4 null, silently.  Every cell must be
 * as in the HTML it was printed from. */
static void test_text_table(void)
{
	ns_ctx *ctx = ns_open();
	static const char *const pair[2] = {"texttable.pdf", "texttable.html"};
	ns_report *r, *html;
	load_pair(ctx, pair, &r, &html);
	if (r && html) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_STR(m->title, TITLE);
		CHECK_STR(m->period, PERIOD);
		for (int k = 0; k < NS_NSECTIONS; k++) {
			const ns_section *s = ns_report_section(r, k);
			CHECK_MSG(s && s->found, "texttable.pdf: section s%d not found", k + 1);
		}
		static const char *const all[] = {"t2", "t3", "t4", NULL};
		int cells = t_none_wrong("texttable.pdf", html, r, NULL, all, 1);
		CHECK_MSG(cells == 200, "texttable.pdf: %d cells right", cells);
	}
	ns_report_release(r);
	ns_report_release(html);
	ns_close(ctx);
}

/* Prose wrapped on both sides of a centred frame (a figure) leaves a strip
 * free of glyphs on each of its lines with prose filling both sides, as two
 * columns do; but it reads line by line across the frame.  wrapfigure.pdf
 * was read left pieces first: "严格落实公文公开属性源头认定制度，" then
 * "公开”或“不予公开”属性。…".  A strip wider than a gutter is taken for none. */
static void test_wrapped_figure(void)
{
	ns_ctx *ctx = ns_open();
	ns_report *r = NULL;
	CHECK_MSG(ns_load_file(ctx, FORMS_DIR "wrapfigure.pdf", NULL, &r) == NS_OK,
	          "wrapfigure.pdf: %s", ns_errmsg(ctx));
	const ns_section *s = r ? ns_report_section(r, 0) : NULL;
	CHECK_MSG(s && s->found, "wrapfigure.pdf: section s1 not found");
	static const char *const lines[] = {
		"严格落实公文公开属性源头认定制度，拟制公文时同步明确“主动公开”“依申请",
		"公开”或“不予公开”属性。开展行政规范性文件集中清理，对本局现行有效的件",
		"优化县人民政府门户网站本局专栏设置，新增“双随机、一公开”“食品安全抽检信",
		NULL};
	for (int i = 0; s && s->found && lines[i]; i++)
		CHECK_MSG(contains_squeezed(s->text, lines[i]), "wrapfigure.pdf: s1 text lacks \"%s\"",
		          lines[i]);
	ns_report_release(r);
	ns_close(ctx);
}

/* Headings glued: LibreOffice prints a table's narrow header cells closer
 * than the gap that parts cells on a line, so neighbouring headings are one
 * cell ("自然人法律服务", "商业企业其他"; "总计复议后起诉" where t4's header
 * breaks over a page).  glued_t3.pdf prints t3's 法人 columns in another
 * order, glued_t4.pdf t4's suits traded: each was read in the template's
 * order, two columns or two rows swapped (22 and 10 cells), silently, since
 * the sums hold either way.  glued_t3_middle.pdf: 社会公益组织 wrapped over
 * three lines, its middle "公益" glued after "商业企业" (a piece that is
 * neither a heading nor the start of one: the glued token was cut to its
 * first heading and the rest dropped, so 社会公益组织 went unfound and the
 * template's order was taken, silently).  Every cell must be as in the HTML
 * it was printed from, and the order said (table.columns). */
static void test_glued_headings(void)
{
	static const char *const files[][2] = {{"glued_t3.pdf", "glued_t3.html"},
	                                       {"glued_t4.pdf", "glued_t4.html"},
	                                       {"glued_t3_middle.pdf", "glued_t3_middle.html"}};
	ns_ctx *ctx = ns_open();
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		ns_report *pdf, *html;
		load_pair(ctx, files[f], &pdf, &html);
		int t = f == 1 ? 2 : 1, said = 0;
		const char *const whole[] = {tables[t], NULL};
		int cells = t_none_wrong(files[f][0], html, pdf, tables[t], whole, 1);
		CHECK_MSG(cells >= 15, "%s: only %d cells right", files[f][0], cells);
		for (int i = 0; pdf && i < ns_report_ndiag(pdf); i++)
			said |= strcmp(ns_report_diag(pdf, i)->code, "table.columns") == 0;
		CHECK_MSG(!pdf || said, "%s: no table.columns", files[f][0]);
		ns_report_release(pdf);
		ns_report_release(html);
	}
	ns_close(ctx);
}

/* The report saved by a browser "as a single file" (an MHT web archive:
 * MIME, the page quoted-printable, lines soft-broken at 76): detected by
 * its content, whatever its name, and read as the page, every cell and
 * section as report.html's, with a source.mime note.  It was read as
 * text, "=E4=B8=80" and all. */
static void test_mht(void)
{
	size_t len = 0;
	char *html = fixture(F_HTML, &len);
	char *mht = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&mht, &n);
	fputs("From: <Saved by Blink>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
	      "Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
	      "\tboundary=\"----MultipartBoundary--x--\"\r\n\r\n"
	      "------MultipartBoundary--x--\r\nContent-Type: text/html\r\n"
	      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", f);
	int col = 0;
	for (size_t i = 0; html && i < len; i++) {
		unsigned char c = (unsigned char)html[i];
		if (c == '\n') {
			fputs("\r\n", f);
			col = 0;
			continue;
		}
		if (col >= 72) {
			fputs("=\r\n", f);
			col = 0;
		}
		col += c >= 0x80 || c == '=' ? fprintf(f, "=%02X", c) : (fputc(c, f), 1);
	}
	fputs("\r\n------MultipartBoundary--x--\r\nContent-Type: image/png\r\n"
	      "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
	      "------MultipartBoundary--x----\r\n", f);
	fclose(f);
	ns_ctx *ctx = ns_open();
	ns_report *ref = NULL;
	CHECK(ns_load_file(ctx, FORMS_DIR "report.html", NULL, &ref) == NS_OK);
	/* named .txt; with a BOM first; opening with its Content-Type */
	char *bom = malloc(n + 3);
	if (bom) {
		memcpy(bom, "\xEF\xBB\xBF", 3);
		memcpy(bom + 3, mht, n);
	}
	const char *ct = mht ? strstr(mht, "Content-Type: multipart") : NULL;
	for (int k = 0; k < 4; k++) {
		ns_report *r = NULL;
		const char *name = k ? "报告.txt" : "report.mhtml";
		const char *buf = k == 2 ? bom : k == 3 ? ct : mht;
		size_t bn = k == 2 ? n + 3 : k == 3 && ct ? n - (size_t)(ct - mht) : n;
		CHECK_MSG(buf && ns_load_buffer(ctx, buf, bn, name, NULL, &r) == NS_OK, "%s %d: %s",
		          name, k, ns_errmsg(ctx));
		if (r && ref)
			CHECK_MSG(compare(ref, "report.html", r, name) == 0, "%s differs", name);
		int said = 0;
		for (int i = 0; r && i < ns_report_ndiag(r); i++)
			said |= strcmp(ns_report_diag(r, i)->code, "source.mime") == 0;
		CHECK_MSG(!r || said, "%s: no source.mime", name);
		ns_report_release(r);
	}
	ns_report_release(ref);
	ns_close(ctx);
	free(bom);
	free(mht);
	free(html);
	/* and a district's directory holds them as reports */
	CHECK(ns_report_name("青岚县财政局.mht") == 1 && ns_report_name("report.MHTML") == 1);
}

/* ---- bad files ---------------------------------------------------------- */

/* The library never prints: stderr is caught around every load below. */
static int saved_fd = -1;
static FILE *caught;
static long printed;

static void quiet_begin(void)
{
	fflush(stderr);
	caught = tmpfile();
	saved_fd = caught ? dup(2) : -1;
	if (saved_fd >= 0)
		dup2(fileno(caught), 2);
}

static void quiet_end(void)
{
	if (saved_fd < 0)
		return;
	fflush(stderr);
	long n = ftell(caught);
	if (n > 0) {
		char buf[200] = {0};
		rewind(caught);
		size_t k = fread(buf, 1, sizeof buf - 1, caught);
		buf[k] = 0;
		dup2(saved_fd, 2);
		fprintf(stderr, "  (the library printed: %s)\n", buf);
		printed += n;
	}
	dup2(saved_fd, 2);
	close(saved_fd);
	fclose(caught);
	saved_fd = -1;
}

/* Load a buffer with autodetection; NULL name unless given. */
static int load_buf(ns_ctx *ctx, const char *buf, size_t len, const char *name,
                    ns_report **out)
{
	quiet_begin();
	int rc = ns_load_buffer(ctx, buf, len, name, NULL, out);
	quiet_end();
	return rc;
}

/* A refusal: the code, no report, and a message that says why. */
static void expect_fail(ns_ctx *ctx, const char *what, const char *buf, size_t len,
                        int want, const char *msg_part)
{
	ns_report *r = (ns_report *)buf; /* must be reset to NULL */
	int rc = load_buf(ctx, buf, len, what, &r);
	CHECK_MSG(rc == want, "%s: %s (%s), expected %s", what, ns_strerror(rc),
	          ns_errmsg(ctx), ns_strerror(want));
	CHECK_MSG(rc == NS_OK || r == NULL, "%s: report left set on failure", what);
	CHECK_MSG(ns_errcode(ctx) == rc, "%s: errcode %d, rc %d", what,
	          ns_errcode(ctx), rc);
	const char *msg = ns_errmsg(ctx);
	if (getenv("NS_FORMS_VERBOSE"))
		printf("== %s: %s: %s\n", what, ns_strerror(rc), S(msg));
	CHECK_MSG(rc == NS_OK || (msg && strstr(msg, what)), "%s: message \"%s\" "
	          "does not name the input", what, S(msg));
	CHECK_MSG(rc == NS_OK || !msg_part || (msg && strstr(msg, msg_part)),
	          "%s: message \"%s\" lacks \"%s\"", what, S(msg), msg_part);
	if (rc == NS_OK)
		ns_report_release(r);
}

/* Cut the buffer at many points: an error with a message or a model of the
 * right form, never a crash.  Returns how many cuts loaded.  The name keeps
 * the file's extension (a tie-breaker only: Markdown cut before its first
 * table has nothing else to tell it from plain text). */
static int truncation_sweep(ns_ctx *ctx, int form, const char *buf, size_t len)
{
	int loaded = 0;
	char name[32];
	snprintf(name, sizeof name, "cut.%s", form_ext[form]);
	for (int k = 1; k < 32; k++) {
		size_t cut = len * (size_t)k / 32;
		ns_report *r = NULL;
		int rc = load_buf(ctx, buf, cut, name, &r);
		if (rc == NS_OK) {
			loaded++;
			const char *mt = r ? ns_report_meta(r)->media_type : NULL;
			CHECK_MSG(r && same_str(mt, form_media[form]),
			          "%s cut at %zu of %zu: loaded as %s", form_ext[form], cut,
			          len, S(mt));
			ns_report_release(r);
		} else {
			CHECK_MSG(r == NULL && ns_errmsg(ctx)[0], "%s cut at %zu: %s "
			          "without a message", form_ext[form], cut, ns_strerror(rc));
		}
	}
	return loaded;
}


/* A copy of s with every occurrence of `from` replaced by `to`. */
static char *replace(const char *s, const char *from, const char *to, size_t *outlen)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	for (const char *p = s; (p = strstr(p, from)); p += fl)
		n++;
	size_t len = strlen(s) + n * (tl > fl ? tl - fl : 0) + 1;
	char *o = malloc(len), *w = o;
	if (!o)
		return NULL;
	for (const char *p = s;;) {
		const char *q = strstr(p, from);
		if (!q) {
			strcpy(w, p);
			w += strlen(p);
			break;
		}
		memcpy(w, p, (size_t)(q - p));
		w += q - p;
		memcpy(w, to, tl);
		w += tl;
		p = q + fl;
	}
	*outlen = (size_t)(w - o);
	return o;
}

/* A re-encoded form must load to the reference model, its encoding told. */
static void expect_same(ns_ctx *ctx, const char *what, const char *buf,
                        size_t len, int form, const char *encoding,
                        const ns_report *ref)
{
	ns_report *r = NULL;
	int rc = load_buf(ctx, buf, len, what, &r);
	CHECK_MSG(rc == NS_OK, "%s: %s (%s)", what, ns_strerror(rc), ns_errmsg(ctx));
	if (rc != NS_OK)
		return;
	const ns_meta *m = ns_report_meta(r);
	CHECK_MSG(same_str(m->media_type, form_media[form]), "%s: detected as %s",
	          what, S(m->media_type));
	CHECK_MSG(same_str(m->encoding, encoding), "%s: encoding %s, expected %s",
	          what, S(m->encoding), encoding);
	if (ref) {
		int n = compare(ref, form_ext[form], r, what);
		printf("forms: %s against %s: %d difference%s\n", what, form_ext[form],
		       n, n == 1 ? "" : "s");
	}
	ns_report_release(r);
}

static void test_bad_txt(ns_ctx *ctx, const ns_report *ref)
{
	size_t len;
	char *b = fixture(F_TXT, &len);
	if (!b)
		return;
	expect_fail(ctx, "empty.txt", "", 0, NS_ERR_EMPTY, "empty");
	expect_fail(ctx, "blank.txt", " \n\t\r\n　\n", strlen(" \n\t\r\n　\n"),
	            NS_ERR_EMPTY, NULL);
	char bin[512];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7 % 32);
	bin[0] = 'x';
	expect_fail(ctx, "binary.txt", bin, sizeof bin, NS_ERR_FORMAT, "binary");
	/* bytes that are neither UTF-8 nor GB18030 (0xFF leads nothing) */
	char bad[64];
	snprintf(bad, sizeof bad, "一、总体情况\n\xFF\xFF\xFF\xFF 本年\n");
	expect_fail(ctx, "undecodable.txt", bad, strlen(bad), NS_ERR_ENCODING, "UTF-8");
	/* ...and the message points at the first byte that is wrong (0xFF), not
	 * at a byte of the valid UTF-8 before it */
	char where[32];
	snprintf(where, sizeof where, "at line 2 (offset %zu)", (size_t)(strchr(bad, '\xFF') - bad));
	CHECK_MSG(strstr(ns_errmsg(ctx), where), "undecodable.txt: message \"%s\" "
	          "does not point at the 0xFF (%s)", ns_errmsg(ctx), where);

	/* cut inside a character, in the middle of the file: the text before
	 * it loads, or the error points at the broken character */
	size_t cut = len / 2;
	while (cut > 0 && ((unsigned char)b[cut] & 0xC0) != 0x80)
		cut--; /* inside a multi-byte character */
	size_t char_start = cut;
	while (char_start > 0 && ((unsigned char)b[char_start] & 0xC0) == 0x80)
		char_start--;
	ns_report *r = NULL;
	int rc = load_buf(ctx, b, cut, "truncated.txt", &r);
	if (rc == NS_OK) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/plain");
		CHECK_STR(ns_report_meta(r)->encoding, "UTF-8");
		CHECK_STR(ns_report_meta(r)->agency, AGENCY);
		ns_report_release(r);
	} else {
		snprintf(where, sizeof where, "offset %zu", char_start);
		CHECK_MSG(rc == NS_ERR_ENCODING && strstr(ns_errmsg(ctx), where),
		          "truncated.txt (UTF-8 cut inside the character at byte %zu): "
		          "%s \"%s\"; expected a load or an error at %s", char_start,
		          ns_strerror(rc), ns_errmsg(ctx), where);
	}
	truncation_sweep(ctx, F_TXT, b, len);

	/* the same text in GBK, no declaration: detected and decoded */
	size_t gl;
	char *g = t_recode("GBK", b, len, &gl);
	CHECK(g != NULL);
	if (g)
		expect_same(ctx, "gbk.txt", g, gl, F_TXT, "GB18030", ref);
	free(g);
	free(b);
}

static void test_bad_md(ns_ctx *ctx, const ns_report *ref)
{
	size_t len;
	char *b = fixture(F_MD, &len);
	if (!b)
		return;
	expect_fail(ctx, "empty.md", "", 0, NS_ERR_EMPTY, "empty");
	/* cut in the middle of t3: loads, t4 reported missing */
	const char *at = strstr(b, "| 3.要求提供公开出版物");
	CHECK(at != NULL);
	if (at) {
		ns_report *r = NULL;
		int rc = load_buf(ctx, b, (size_t)(at - b), "truncated.md", &r);
		CHECK_MSG(rc == NS_OK, "truncated.md: %s (%s)", ns_strerror(rc),
		          ns_errmsg(ctx));
		if (r) {
			CHECK_STR(ns_report_meta(r)->media_type, "text/markdown");
			CHECK(ns_table_found(r, "t3"));
			CHECK(!ns_table_found(r, "t4"));
			const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
			CHECK(c && c->has_value && c->value == 85);
			int missing = 0;
			for (int i = 0; i < ns_report_ndiag(r); i++) {
				const ns_diag *d = ns_report_diag(r, i);
				missing += strcmp(d->code, "table.missing") == 0 &&
				           same_str(d->where, "t4");
			}
			CHECK_MSG(missing == 1, "truncated.md: %d table.missing for t4", missing);
			ns_report_release(r);
		}
	}
	truncation_sweep(ctx, F_MD, b, len);
	size_t gl;
	char *g = t_recode("GBK", b, len, &gl);
	CHECK(g != NULL);
	if (g)
		expect_same(ctx, "gbk.md", g, gl, F_MD, "GB18030", ref);
	free(g);
	/* a converter's page that opens with the portal's info bar in a <div>
	 * (pandoc -t gfm): Markdown still, whose inline tags show nothing
	 * (they were the agency's name: 'palign="center">…') */
	static const char head[] = "<div class=\"info\">\n\n浏览次数：35\n\n</div>\n\n";
	char *d = malloc(len + 128);
	if (d) {
		memcpy(d, head, sizeof head - 1);
		memcpy(d + sizeof head - 1, b, len);
		expect_same(ctx, "div-first.md", d, sizeof head - 1 + len, F_MD, "UTF-8", ref);
		/* the title "# …" written <p align="center">…</p> */
		static const char tag[] = "<p align=\"center\">";
		const char *eol = memchr(b, '\n', len);
		size_t first = eol ? (size_t)(eol - b) : len, n = 0;
		memcpy(d, tag, sizeof tag - 1);
		n += sizeof tag - 1;
		memcpy(d + n, b + 2, first - 2);
		n += first - 2;
		memcpy(d + n, "</p>", 4);
		n += 4;
		memcpy(d + n, b + first, len - first);
		n += len - first;
		expect_same(ctx, "tagged-title.md", d, n, F_MD, "UTF-8", ref);
		free(d);
	}
	free(b);
}

static void test_bad_html(ns_ctx *ctx, const ns_report *ref)
{
	size_t len;
	char *b = fixture(F_HTML, &len);
	if (!b)
		return;
	expect_fail(ctx, "empty.html", "", 0, NS_ERR_EMPTY, "empty");
	const char *shell = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
	                    "</head><body><p> </p></body></html>";
	expect_fail(ctx, "shell.html", shell, strlen(shell), NS_ERR_EMPTY, NULL);

	/* no tables at all (say, a page that lost them): loads, and says so */
	char *nt = malloc(len + 1), *w = nt;
	const char *p = b;
	while (nt) {
		const char *t0 = strstr(p, "<table");
		const char *t1 = t0 ? strstr(t0, "</table>") : NULL;
		if (!t1) {
			strcpy(w, p);
			w += strlen(p);
			break;
		}
		memcpy(w, p, (size_t)(t0 - p));
		w += t0 - p;
		p = t1 + strlen("</table>");
	}
	if (nt) {
		ns_report *r = NULL;
		int rc = load_buf(ctx, nt, (size_t)(w - nt), "no-tables.html", &r);
		CHECK_MSG(rc == NS_OK, "no-tables.html: %s (%s)", ns_strerror(rc),
		          ns_errmsg(ctx));
		if (r) {
			CHECK_STR(ns_report_meta(r)->media_type, "text/html");
			CHECK_STR(ns_report_meta(r)->agency, AGENCY);
			for (int k = 0; k < NS_NSECTIONS; k++)
				CHECK_MSG(ns_report_section(r, k)->found,
				          "no-tables.html: s%d not found", k + 1);
			for (int t = 0; t < 3; t++) {
				CHECK_MSG(!ns_table_found(r, tables[t]),
				          "no-tables.html: %s found", tables[t]);
				int n = 0;
				for (int i = 0; i < ns_report_ndiag(r); i++) {
					const ns_diag *d = ns_report_diag(r, i);
					n += strcmp(d->code, "table.missing") == 0 &&
					     same_str(d->where, tables[t]) &&
					     d->severity == NS_ERROR;
				}
				CHECK_MSG(n == 1, "no-tables.html: %d table.missing errors "
				          "for %s, expected 1", n, tables[t]);
			}
			const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
			CHECK(!c || !c->has_value);
			ns_report_release(r);
		}
		free(nt);
	}

	/* wrong charset, both ways: the bytes win over the declaration */
	size_t gl;
	char *g = t_recode("GBK", b, len, &gl);
	CHECK(g != NULL);
	if (g) {
		CHECK(strstr(g, "charset=\"utf-8\"") != NULL);
		expect_same(ctx, "gbk-declared-utf8.html", g, gl, F_HTML, "GB18030", ref);
	}
	free(g);
	size_t ul;
	char *u = replace(b, "charset=\"utf-8\"", "charset=\"gb2312\"", &ul);
	CHECK(u != NULL);
	if (u)
		expect_same(ctx, "utf8-declared-gb2312.html", u, ul, F_HTML, "UTF-8", ref);
	free(u);

	/* cut in the middle: loads what is there */
	ns_report *r = NULL;
	int rc = load_buf(ctx, b, len / 2, "half.html", &r);
	CHECK_MSG(rc == NS_OK, "half.html: %s (%s)", ns_strerror(rc), ns_errmsg(ctx));
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/html");
		CHECK_STR(ns_report_meta(r)->agency, AGENCY);
		ns_report_release(r);
	}
	truncation_sweep(ctx, F_HTML, b, len);
	free(b);
}

/* ---- ZIPs ---------------------------------------------------------------- */

/* A well-formed word/document.xml of `size` bytes: one paragraph of '0'. */
static char *bomb_xml(size_t size)
{
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
	                   "xmlns:w=\"http://schemas.openxmlformats.org/"
	                   "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";
	const char *tail = "</w:t></w:r></w:p></w:body></w:document>";
	char *x = malloc(size + 1);
	if (!x)
		return NULL;
	size_t h = strlen(head), t = strlen(tail);
	memcpy(x, head, h);
	memset(x + h, '0', size - h - t);
	memcpy(x + size - t, tail, t);
	x[size] = 0;
	return x;
}

static char *bomb_docx(size_t size, size_t *len)
{
	char *x = bomb_xml(size);
	if (!x)
		return NULL;
	const char *types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas."
	                    "openxmlformats.org/package/2006/content-types\"/>";
	zent e[] = {{"[Content_Types].xml", types, strlen(types), 0},
	            {"word/document.xml", x, size, 0}};
	char *z = make_zip(e, 2, len);
	free(x);
	return z;
}

/* Patch the declared uncompressed size of word/document.xml, in its local
 * header and in the central directory, to `size`: a bomb that lies. */
static void lie_about_size(char *b, size_t len, unsigned size)
{
	unsigned char v[4] = {size & 0xFF, (size >> 8) & 0xFF, (size >> 16) & 0xFF,
	                      size >> 24};
	const char *name = "word/document.xml";
	size_t nl = strlen(name);
	for (size_t i = 0; i + 46 + nl < len; i++) {
		if (memcmp(b + i, "PK\3\4", 4) == 0 && memcmp(b + i + 30, name, nl) == 0)
			memcpy(b + i + 22, v, 4);
		else if (memcmp(b + i, "PK\1\2", 4) == 0 &&
		         memcmp(b + i + 46, name, nl) == 0)
			memcpy(b + i + 24, v, 4);
	}
}

static void test_bad_docx(ns_ctx *ctx)
{
	size_t len;
	char *b = fixture(F_DOCX, &len);
	if (!b)
		return;
	expect_fail(ctx, "truncated.docx", b, len / 2, NS_ERR_FORMAT, "ZIP");
	int loaded = truncation_sweep(ctx, F_DOCX, b, len);
	CHECK_MSG(loaded == 0, "docx: %d truncated copies loaded", loaded);
	/* random bytes behind a ZIP signature */
	char rnd[2048];
	unsigned x = 2024;
	for (size_t i = 0; i < sizeof rnd; i++) {
		x = x * 1103515245u + 12345u;
		rnd[i] = (char)(x >> 16);
	}
	memcpy(rnd, "PK\3\4", 4);
	expect_fail(ctx, "junk.docx", rnd, sizeof rnd, NS_ERR_FORMAT, "ZIP");
	free(b);

	/* A zip bomb posing as DOCX: 16 MiB of document.xml in ~16 KiB, against
	 * a context limit of 1 MiB per part; then the same lying about its
	 * size; then one over the default limit (64 MiB). */
	size_t bl = 0;
	char *bomb = bomb_docx(16u << 20, &bl);
	CHECK(bomb != NULL);
	if (bomb) {
		CHECK_MSG(bl < 100000, "bomb is %zu bytes", bl);
		ns_ctx *small = ns_open();
		CHECK_INT(ns_limit_set(small, NS_LIMIT_UNZIPPED_BYTES, 1 << 20), NS_OK);
		expect_fail(small, "bomb.docx", bomb, bl, NS_ERR_TOO_LARGE, NULL);
		lie_about_size(bomb, bl, 100);
		expect_fail(small, "lying-bomb.docx", bomb, bl, NS_ERR_TOO_LARGE, NULL);
		ns_close(small);
		free(bomb);
	}
	bomb = bomb_docx((64u << 20) + 4096, &bl);
	CHECK(bomb != NULL);
	if (bomb) {
		expect_fail(ctx, "big-bomb.docx", bomb, bl, NS_ERR_TOO_LARGE, NULL);
		free(bomb);
	}
}

static void test_bad_pdf(ns_ctx *ctx)
{
	size_t len;
	char *b = fixture(F_PDF, &len);
	if (!b)
		return;
	expect_fail(ctx, "truncated.pdf", b, len / 2, NS_ERR_FORMAT, "PDF");
	truncation_sweep(ctx, F_PDF, b, len);
	/* a PDF header over junk */
	char junk[1024];
	memset(junk, 'x', sizeof junk);
	memcpy(junk, "%PDF-1.6\n", 9);
	expect_fail(ctx, "junk.pdf", junk, sizeof junk, NS_ERR_FORMAT, "PDF");
	free(b);

	/* the encrypted fixture, by path */
	const char *path = NS_FIXTURES_DIR "/pdf/encrypted.pdf";
	ns_report *r = NULL;
	quiet_begin();
	int rc = ns_load_file(ctx, path, NULL, &r);
	quiet_end();
	CHECK_MSG(rc == NS_ERR_ENCRYPTED, "encrypted.pdf: %s (%s)", ns_strerror(rc),
	          ns_errmsg(ctx));
	CHECK(r == NULL);
	CHECK_MSG(strstr(ns_errmsg(ctx), "encrypted.pdf") &&
	          strstr(ns_errmsg(ctx), "encrypted"), "encrypted.pdf: message \"%s\"",
	          ns_errmsg(ctx));
}

int main(void)
{
	ns_report *rep[NFORMS] = {0};
	test_known_balances();
	test_every_form(rep);
	test_marks();
	test_numbered();
	test_pagebreak();
	test_blank_rows();
	test_glued_headings();
	test_two_columns();
	test_text_table();
	test_wrapped_figure();
	test_mht();
	ns_ctx *ctx = ns_open();
	test_bad_txt(ctx, rep[F_TXT]);
	test_bad_md(ctx, rep[F_MD]);
	test_bad_html(ctx, rep[F_HTML]);
	test_bad_docx(ctx);
	test_bad_pdf(ctx);
	CHECK_MSG(printed == 0, "the library printed %ld bytes to stderr", printed);
	ns_close(ctx);
	for (int f = 0; f < NFORMS; f++)
		ns_report_release(rep[f]);
	return t_done("test_forms");
}
