/*
 * test_api.c — the C API surface of nianshen.h: version and status names,
 * contexts and limits, load options, retain/release (also from threads),
 * metadata, sections and ns_section_pos, ns_table_* iteration over the
 * layouts of both template editions, diagnostics, and NULL-safety of every
 * accessor.
 */
#include "nianshen.h"
#include "t.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ns_ctx *ctx;

static ns_report *load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, name);
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, NULL, &r);
	CHECK_MSG(rc == NS_OK, "%s: %s (%s)", name, ns_strerror(rc), ns_errmsg(ctx));
	return r;
}

/* ---- version, status codes ------------------------------------------- */

static void test_version(void)
{
	CHECK_STR(ns_version(), NS_VERSION);
	int maj = 0, min = 0, pat = 0;
	CHECK(sscanf(ns_version(), "%d.%d.%d", &maj, &min, &pat) == 3);
	CHECK_INT(maj * 10000 + min * 100 + pat, NS_VERSION_NUMBER);

	static const char *const names[] = {
		"NS_OK", "NS_ERR_ARG", "NS_ERR_NOMEM", "NS_ERR_IO", "NS_ERR_TOO_LARGE",
		"NS_ERR_EMPTY", "NS_ERR_ENCODING", "NS_ERR_FORMAT", "NS_ERR_NO_TEXT",
		"NS_ERR_ENCRYPTED", "NS_ERR_UNSUPPORTED", "NS_ERR_RULE", "NS_ERR_LIMIT",
		"NS_ERR_NOTFOUND"};
	static const int codes[] = {NS_OK, NS_ERR_ARG, NS_ERR_NOMEM, NS_ERR_IO,
		NS_ERR_TOO_LARGE, NS_ERR_EMPTY, NS_ERR_ENCODING, NS_ERR_FORMAT, NS_ERR_NO_TEXT,
		NS_ERR_ENCRYPTED, NS_ERR_UNSUPPORTED, NS_ERR_RULE, NS_ERR_LIMIT, NS_ERR_NOTFOUND};
	for (int i = 0; i < 14; i++)
		CHECK_STR(ns_strerror(codes[i]), names[i]);
	/* codes outside the enum still give a string */
	CHECK(ns_strerror(-1) != NULL && *ns_strerror(-1));
	CHECK(ns_strerror(1000) != NULL && *ns_strerror(1000));
	CHECK(strcmp(ns_strerror(1000), "NS_OK") != 0);

	CHECK_STR(ns_agency_type_name(NS_AGENCY_UNKNOWN), "unknown");
	CHECK_STR(ns_agency_type_name(NS_AGENCY_TOWNSHIP), "township");
	CHECK_STR(ns_agency_type_name(NS_AGENCY_GOVERNMENT), "government");
	CHECK_STR(ns_agency_type_name(NS_AGENCY_DEPARTMENT), "department");
	CHECK(ns_agency_type_name((ns_agency_type)42) != NULL);
	CHECK_STR(ns_form_name(NS_FORM_AUTO), "auto");
	CHECK_STR(ns_form_name(NS_FORM_TXT), "txt");
	CHECK_STR(ns_form_name(NS_FORM_MD), "md");
	CHECK_STR(ns_form_name(NS_FORM_HTML), "html");
	CHECK_STR(ns_form_name(NS_FORM_DOCX), "docx");
	CHECK_STR(ns_form_name(NS_FORM_PDF), "pdf");
	CHECK_STR(ns_form_name(NS_FORM_JSON), "json");
	CHECK(ns_form_name((ns_form)42) != NULL);
	CHECK_STR(ns_severity_name(NS_INFO), "info");
	CHECK_STR(ns_severity_name(NS_WARNING), "warning");
	CHECK_STR(ns_severity_name(NS_ERROR), "error");
	CHECK(ns_severity_name((ns_severity)9) != NULL);
}

/* ---- contexts and limits --------------------------------------------- */

static void test_context(void)
{
	ns_ctx *a = ns_open(), *b = ns_open();
	CHECK(a && b && a != b);
	CHECK_INT(ns_errcode(a), NS_OK);
	CHECK_STR(ns_errmsg(a), "");
	CHECK(ns_limit_get(a, NS_LIMIT_INPUT_BYTES) == 64LL << 20);
	CHECK(ns_limit_get(a, NS_LIMIT_RULE_MEMORY) == 64LL << 20);
	CHECK(ns_limit_get(a, NS_LIMIT_RULE_STEPS) == 50000000LL);
	CHECK(ns_limit_get(a, NS_LIMIT_UNZIPPED_BYTES) == 64LL << 20);
	CHECK_INT(ns_limit_set(a, NS_LIMIT_INPUT_BYTES, 12345), NS_OK);
	CHECK_INT(ns_limit_set(a, NS_LIMIT_RULE_STEPS, 7), NS_OK);
	CHECK_INT(ns_limit_set(a, NS_LIMIT_RULE_MEMORY, 1LL << 40), NS_OK);
	CHECK(ns_limit_get(a, NS_LIMIT_INPUT_BYTES) == 12345);
	CHECK(ns_limit_get(a, NS_LIMIT_RULE_STEPS) == 7);
	CHECK(ns_limit_get(a, NS_LIMIT_RULE_MEMORY) == 1LL << 40);
	/* per context */
	CHECK(ns_limit_get(b, NS_LIMIT_INPUT_BYTES) == 64LL << 20);
	/* refused values leave the limit alone and say why */
	CHECK_INT(ns_limit_set(a, NS_LIMIT_INPUT_BYTES, 0), NS_ERR_ARG);
	CHECK_INT(ns_errcode(a), NS_ERR_ARG);
	CHECK(ns_errmsg(a)[0] != 0);
	CHECK_INT(ns_limit_set(a, NS_LIMIT_INPUT_BYTES, -1), NS_ERR_ARG);
	CHECK_INT(ns_limit_set(a, (ns_limit)-1, 10), NS_ERR_ARG);
	CHECK_INT(ns_limit_set(a, (ns_limit)NS_NLIMITS, 10), NS_ERR_ARG);
	CHECK_INT(ns_limit_set(a, NS_LIMIT_RULE_SECONDS, 3), NS_OK);
	CHECK(ns_limit_get(a, NS_LIMIT_RULE_SECONDS) == 3);
	CHECK(ns_limit_get(b, NS_LIMIT_RULE_SECONDS) == 10);
	CHECK(ns_limit_get(a, NS_LIMIT_INPUT_BYTES) == 12345);
	CHECK(ns_limit_get(a, (ns_limit)NS_NLIMITS) < 0);
	CHECK(ns_limit_get(a, (ns_limit)-1) < 0);
	/* a later success clears the message */
	CHECK_INT(ns_limit_set(a, NS_LIMIT_INPUT_BYTES, 1000), NS_OK);
	CHECK_STR(ns_errmsg(a), "");
	CHECK_INT(ns_errcode(a), NS_OK);
	/* NULL contexts */
	CHECK(ns_limit_get(NULL, NS_LIMIT_INPUT_BYTES) < 0);
	CHECK_INT(ns_limit_set(NULL, NS_LIMIT_INPUT_BYTES, 10), NS_ERR_ARG);
	CHECK_INT(ns_errcode(NULL), NS_ERR_ARG);
	CHECK(ns_errmsg(NULL) != NULL && ns_errmsg(NULL)[0]);
	ns_close(a);
	ns_close(b);
	ns_close(NULL);
}

/* ---- load options ---------------------------------------------------- */

static void test_options(void)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/yuanzhou_hechuan_xiang_2023.txt", NS_CORPUS_DIR);
	ns_load_opts o = {NS_FORM_AUTO, NS_AGENCY_DEPARTMENT, "某某局", 2022};
	ns_report *r = NULL;
	CHECK_INT(ns_load_file(ctx, path, &o, &r), NS_OK);
	if (r) {
		const ns_meta *m = ns_report_meta(r);
		CHECK_STR(m->agency, "某某局");
		CHECK_INT(m->agency_type, NS_AGENCY_DEPARTMENT);
		CHECK_INT(m->year, 2022);
		/* the document is read all the same */
		const ns_cell *c = ns_report_cell(r, "t3", "received", "total");
		CHECK(c && c->has_value && c->value == 0);
		ns_report_release(r);
	}
	/* the form may be forced: the Markdown file read as plain text */
	snprintf(path, sizeof path, "%s/shanghai_shizhengfu_bgt_2025.md", NS_CORPUS_DIR);
	ns_load_opts txt = {NS_FORM_TXT, 0, NULL, 0};
	r = NULL;
	CHECK_INT(ns_load_file(ctx, path, &txt, &r), NS_OK);
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/plain");
		ns_report_release(r);
	}
	r = NULL;
	CHECK_INT(ns_load_file(ctx, path, NULL, &r), NS_OK);
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "text/markdown");
		ns_report_release(r);
	}
	/* a buffer's name shows in meta.path; without one, a placeholder */
	static const char doc[] = "某某乡2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n";
	r = NULL;
	CHECK_INT(ns_load_buffer(ctx, doc, sizeof doc - 1, "named.txt", NULL, &r), NS_OK);
	if (r) {
		CHECK_STR(ns_report_meta(r)->path, "named.txt");
		ns_report_release(r);
	}
	r = NULL;
	CHECK_INT(ns_load_buffer(ctx, doc, sizeof doc - 1, NULL, NULL, &r), NS_OK);
	if (r) {
		CHECK(ns_report_meta(r)->path != NULL);
		ns_report_release(r);
	}
}

/* ---- refcounting ----------------------------------------------------- */

static void *hammer(void *arg)
{
	ns_report *r = arg;
	for (int i = 0; i < 20000; i++) {
		ns_report *x = ns_report_retain(r);
		if (x != r)
			return (void *)1;
		/* read while holding a reference */
		if (ns_report_meta(x)->year != 2023)
			return (void *)1;
		ns_report_release(x);
	}
	return NULL;
}

static void test_refcount(void)
{
	ns_report *r = load("yuanzhou_hechuan_xiang_2023.txt");
	if (!r)
		return;
	CHECK(ns_report_retain(r) == r);
	CHECK(ns_report_retain(r) == r);
	ns_report_release(r);
	ns_report_release(r);
	/* still alive with the first reference */
	CHECK_INT(ns_report_meta(r)->year, 2023);
	pthread_t th[8];
	for (int i = 0; i < 8; i++)
		CHECK(pthread_create(&th[i], NULL, hammer, r) == 0);
	for (int i = 0; i < 8; i++) {
		void *res = (void *)1;
		pthread_join(th[i], &res);
		CHECK(res == NULL);
	}
	CHECK_STR(ns_report_meta(r)->agency, "原州区河川乡");
	/* a reference handed over outlives the first */
	ns_report *keep = ns_report_retain(r);
	ns_report_release(r);
	CHECK_INT(ns_report_meta(keep)->year, 2023);
	ns_report_release(keep); /* freed now: ASan would see a double free */
	CHECK(ns_report_retain(NULL) == NULL);
	ns_report_release(NULL);
}

/* ---- metadata, sections, positions ------------------------------------ */

static void test_meta_sections(void)
{
	ns_report *r = load("yuanzhou_hechuan_xiang_2023.txt");
	if (!r)
		return;
	const ns_meta *m = ns_report_meta(r);
	CHECK(strstr(m->path, "yuanzhou_hechuan_xiang_2023.txt") != NULL);
	CHECK_STR(m->media_type, "text/plain");
	CHECK_STR(m->encoding, "UTF-8");
	/* sha256sum of the file */
	CHECK_STR(m->sha256, "39cc61d6ba4d1c5b1ca47f64f48cfc3096c7a68159cd4b46d0c11a775cfaebba");
	CHECK_STR(m->agency, "原州区河川乡");
	CHECK_INT(m->agency_type, NS_AGENCY_TOWNSHIP);
	CHECK_INT(m->year, 2023);
	CHECK_INT(m->edition, NS_EDITION_2021);
	CHECK(m->title && strstr(m->title, "年政府信息公开工作年度报告"));
	CHECK(m->period && strstr(m->period, "1月1日") && strstr(m->period, "12月31日"));
	CHECK_INT(m->title_pos.line, 1);
	CHECK_INT(m->title_pos.col, 1);
	CHECK_INT(m->title_pos.page, 0);

	static const int starts[6] = {5, 31, 48, 79, 86, 92};
	static const char *const ids[6] = {"s1", "s2", "s3", "s4", "s5", "s6"};
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = ns_report_section(r, i);
		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK_STR(s->id, ids[i]);
		CHECK(s == ns_report_section_by_id(r, ids[i]));
		CHECK(s->found);
		CHECK_INT(s->line_start, starts[i]);
		CHECK_INT(s->title_pos.line, starts[i]);
		CHECK(s->line_end >= s->line_start);
		if (i < 5)
			CHECK(s->line_end < starts[i + 1]);
		CHECK_INT(s->page_start, 0);
		CHECK(s->title && s->text);
	}
	CHECK_STR(ns_report_section(r, 4)->title, "五、存在的主要问题及改进情况");
	CHECK_INT(ns_report_section(r, 5)->line_end, 100);

	/* ns_section_pos: the character at a byte offset of the text */
	const ns_section *s5 = ns_report_section(r, 4);
	ns_pos p = ns_section_pos(r, 4, 0);
	CHECK(p.line == 88 && p.col == 1);
	const char *at = strstr(s5->text, "二是信息发布内容");
	CHECK(at != NULL);
	if (at) {
		p = ns_section_pos(r, 4, (size_t)(at - s5->text));
		CHECK_MSG(p.line == 88 && p.col == 100, "二是 at %d:%d, expected 88:100", p.line, p.col);
	}
	at = strstr(s5->text, "2024年,原州区河川乡将");
	CHECK(at != NULL);
	if (at) {
		p = ns_section_pos(r, 4, (size_t)(at - s5->text));
		CHECK_MSG(p.line == 90 && p.col == 1, "2024年 at %d:%d, expected 90:1", p.line, p.col);
		/* 年 after four ASCII digits */
		ns_pos q = ns_section_pos(r, 4, (size_t)(at - s5->text) + 4);
		CHECK(q.line == 90 && q.col == 5);
	}
	/* past the end: clamped to the end, still a real position */
	p = ns_section_pos(r, 4, 1u << 30);
	CHECK(p.line == 90);
	p = ns_section_pos(r, 6, 0);
	CHECK(p.line == 0 && p.col == 0);
	p = ns_section_pos(r, -1, 0);
	CHECK(p.line == 0);
	p = ns_section_pos(NULL, 0, 0);
	CHECK(p.line == 0 && p.col == 0 && p.page == 0);

	/* diagnostics */
	int n = ns_report_ndiag(r);
	CHECK_INT(n, 4); /* meta.published among them: the file states no date */
	CHECK(t_find_diag(r, "meta.published", NULL));
	for (int i = 0; i < n; i++) {
		const ns_diag *d = ns_report_diag(r, i);
		CHECK(d && d->code && d->message && *d->message);
		CHECK(d->severity == NS_INFO || d->severity == NS_WARNING || d->severity == NS_ERROR);
	}
	CHECK(ns_report_diag(r, n) == NULL);
	CHECK(ns_report_diag(r, -1) == NULL);
	ns_report_release(r);

	/* a PDF: pages in positions and section spans */
	r = load("huaian_shi_2024.pdf");
	if (r) {
		CHECK_STR(ns_report_meta(r)->media_type, "application/pdf");
		const ns_section *s3 = ns_report_section_by_id(r, "s3");
		CHECK(s3 && s3->found && s3->page_start == 4 && s3->page_end >= 4);
		CHECK(s3 && s3->title_pos.page == 4);
		ns_pos q = ns_section_pos(r, 2, 0);
		CHECK(q.page == 4);
		ns_report_release(r);
	}
}

/* ---- tables ----------------------------------------------------------- */

static void expect_ids(const ns_report *r, const char *t, int rows, const char *const *row_ids,
                       const char *const *col_ids, int ncols, const char *name)
{
	CHECK_MSG(ns_table_nrows(r, t) == rows, "[%s] %s has %d rows, expected %d", name, t,
	          ns_table_nrows(r, t), rows);
	CHECK_MSG(ns_table_ncols(r, t) == ncols, "[%s] %s has %d cols, expected %d", name, t,
	          ns_table_ncols(r, t), ncols);
	for (int i = 0; i < rows; i++) {
		CHECK_STR(ns_table_row_id(r, t, i), row_ids[i]);
		const char *lab = ns_table_row_label(r, t, i);
		CHECK(lab && *lab);
	}
	for (int j = 0; j < ncols; j++) {
		CHECK_STR(ns_table_col_id(r, t, j), col_ids[j]);
		const char *lab = ns_table_col_label(r, t, j);
		CHECK(lab && *lab);
	}
	CHECK(ns_table_row_id(r, t, rows) == NULL);
	CHECK(ns_table_row_id(r, t, -1) == NULL);
	CHECK(ns_table_row_label(r, t, rows) == NULL);
	CHECK(ns_table_col_id(r, t, ncols) == NULL);
	CHECK(ns_table_col_id(r, t, -1) == NULL);
	CHECK(ns_table_col_label(r, t, ncols) == NULL);
}

static int count_cells(const ns_report *r, const char *t)
{
	int n = 0;
	for (int i = 0; i < ns_table_nrows(r, t); i++)
		for (int j = 0; j < ns_table_ncols(r, t); j++)
			n += ns_report_cell(r, t, ns_table_row_id(r, t, i), ns_table_col_id(r, t, j)) != NULL;
	return n;
}

static const char *const T3_2021[] = {"received", "carried_over", "granted",
	"partially_granted", "refused_state_secret", "refused_law_prohibited",
	"refused_security_stability", "refused_third_party", "refused_internal_affairs",
	"refused_process_info", "refused_enforcement_file", "refused_inquiry",
	"unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
	"not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
	"not_processed_excessive", "not_processed_confirmation", "other_no_correction",
	"other_unpaid_fee", "other_other", "total_handled", "carried_forward"};
static const char *const T3_COLS[] = {"natural_person", "business", "research",
	"social_org", "legal_service", "other_org", "total"};
static const char *const T4_ROWS[] = {"review", "suit_direct", "suit_after_review"};
static const char *const T4_COLS[] = {"upheld", "corrected", "other", "pending", "total"};

static void test_tables_2021(void)
{
	ns_report *r = load("huaian_shi_2024.pdf");
	if (!r)
		return;
	static const char *const t2rows[] = {"regulations", "normative_documents", "licensing",
		"penalty", "coercion", "fees"};
	static const char *const t2cols[] = {"issued", "repealed", "in_force", "decisions", "amount"};
	CHECK(ns_table_found(r, "t2") && ns_table_found(r, "t3") && ns_table_found(r, "t4"));
	CHECK_INT(ns_table_edition(r, "t2"), NS_EDITION_2021);
	CHECK_INT(ns_table_edition(r, "t3"), NS_EDITION_2021);
	expect_ids(r, "t2", 6, t2rows, t2cols, 5, "2021");
	expect_ids(r, "t3", 25, T3_2021, T3_COLS, 7, "2021");
	expect_ids(r, "t4", 3, T4_ROWS, T4_COLS, 5, "2021");
	CHECK_INT(count_cells(r, "t2"), 10);
	CHECK_INT(count_cells(r, "t3"), 175);
	CHECK_INT(count_cells(r, "t4"), 15);
	/* pairs outside the captioned sub-tables do not exist */
	CHECK(ns_report_cell(r, "t2", "regulations", "decisions") == NULL);
	CHECK(ns_report_cell(r, "t2", "fees", "issued") == NULL);
	CHECK(ns_report_cell(r, "t2", "licensing", "amount") == NULL);
	CHECK(ns_report_cell(r, "t3", "other", "total") == NULL); /* the 2019 row */
	CHECK(ns_report_cell(r, "t3", "received", "subtotal") == NULL);
	CHECK(ns_report_cell(r, "t9", "received", "total") == NULL);
	/* ns_template_check tells a misspelt id from a cell the edition lacks */
	ns_ctx *ctx = ns_open();
	CHECK_INT(ns_template_check(ctx, "t3", "other", "total"), NS_OK); /* the 2019 row */
	CHECK_INT(ns_template_check(ctx, "t2", "regulations", "decisions"), NS_OK);
	CHECK_INT(ns_template_check(ctx, "t3", NULL, NULL), NS_OK);
	CHECK_INT(ns_template_check(ctx, "t3", "recieved", "total"), NS_ERR_ARG);
	CHECK(strncmp(ns_errmsg(ctx), "t3 has no row 'recieved' (did you mean 'received'? known: ", 58) == 0);
	CHECK(strstr(ns_errmsg(ctx), " other") != NULL); /* both editions' ids */
	CHECK_INT(ns_template_check(ctx, "t3", "received", "totl"), NS_ERR_ARG);
	CHECK(strncmp(ns_errmsg(ctx), "t3 has no column 'totl' (did you mean 'total'?", 46) == 0);
	CHECK_INT(ns_template_check(ctx, "t33", NULL, NULL), NS_ERR_ARG);
	CHECK_STR(ns_errmsg(ctx), "no table 't33' (did you mean 't3'? known: t2 t3 t4)");
	CHECK_INT(ns_template_check(ctx, NULL, "received", NULL), NS_ERR_ARG);
	ns_close(ctx);
	/* iterate: the sum of t3 received equals its total (3119) */
	double sum = 0;
	for (int j = 0; j < 6; j++) {
		const ns_cell *c = ns_report_cell(r, "t3", "received", ns_table_col_id(r, "t3", j));
		CHECK(c && c->has_value);
		sum += c ? c->value : 0;
	}
	const ns_cell *tot = ns_report_cell(r, "t3", "received", "total");
	CHECK(tot && tot->has_value && tot->value == 3119 && sum == 3119);
	CHECK(tot && tot->raw && strcmp(tot->raw, "3119") == 0);
	CHECK(tot && tot->pos.page == 4 && tot->pos.line > 0 && tot->pos.col > 0);
	CHECK(tot && !tot->inferred);
	CHECK_STR(ns_table_col_label(r, "t3", 0), "自然人");
	CHECK_STR(ns_table_row_label(r, "t4", 0), "行政复议");
	/* unknown tables */
	CHECK(!ns_table_found(r, "t1"));
	CHECK_INT(ns_table_nrows(r, "t5"), 0);
	CHECK_INT(ns_table_ncols(r, "x"), 0);
	CHECK(ns_table_row_id(r, "t5", 0) == NULL);
	CHECK_INT(ns_table_edition(r, "t5"), NS_EDITION_UNKNOWN);
	ns_report_release(r);
}

static void test_tables_2019(void)
{
	ns_report *r = load("pingtan_zhqu_2019.txt");
	if (!r)
		return;
	static const char *const t2rows[] = {"regulations", "normative_documents", "licensing",
		"other_services", "penalty", "coercion", "fees", "procurement"};
	static const char *const t2cols[] = {"made", "published", "public_total", "prev_items",
		"change", "decisions", "items", "amount"};
	const char *t3rows[23];
	for (int i = 0; i < 20; i++)
		t3rows[i] = T3_2021[i];
	t3rows[20] = "other";
	t3rows[21] = "total_handled";
	t3rows[22] = "carried_forward";
	CHECK_INT(ns_table_edition(r, "t2"), NS_EDITION_2019);
	CHECK_INT(ns_table_edition(r, "t3"), NS_EDITION_2019);
	CHECK_INT(ns_table_edition(r, "t4"), NS_EDITION_2021); /* unchanged in 2019 */
	CHECK_INT(ns_report_meta(r)->edition, NS_EDITION_2019);
	expect_ids(r, "t2", 8, t2rows, t2cols, 8, "2019");
	expect_ids(r, "t3", 23, t3rows, T3_COLS, 7, "2019");
	expect_ids(r, "t4", 3, T4_ROWS, T4_COLS, 5, "2019");
	CHECK_INT(count_cells(r, "t2"), 22);
	CHECK_INT(count_cells(r, "t3"), 161);
	CHECK(ns_report_cell(r, "t2", "procurement", "amount") != NULL);
	CHECK(ns_report_cell(r, "t2", "fees", "decisions") == NULL);
	CHECK(ns_report_cell(r, "t2", "regulations", "issued") == NULL); /* 2021 column */
	CHECK(ns_report_cell(r, "t3", "other_other", "total") == NULL);  /* 2021 row */
	const ns_cell *c = ns_report_cell(r, "t3", "other", "total");
	CHECK(c && c->has_value && c->value == 0);
	ns_report_release(r);
}

/* ---- NULL safety ------------------------------------------------------ */

static void test_null_safety(void)
{
	CHECK(ns_report_meta(NULL) == NULL);
	CHECK(ns_report_section(NULL, 0) == NULL);
	CHECK(ns_report_section_by_id(NULL, "s1") == NULL);
	CHECK(!ns_table_found(NULL, "t3"));
	CHECK_INT(ns_table_edition(NULL, "t3"), NS_EDITION_UNKNOWN);
	CHECK_INT(ns_table_nrows(NULL, "t3"), 0);
	CHECK_INT(ns_table_ncols(NULL, "t3"), 0);
	CHECK(ns_table_row_id(NULL, "t3", 0) == NULL);
	CHECK(ns_table_row_label(NULL, "t3", 0) == NULL);
	CHECK(ns_table_col_id(NULL, "t3", 0) == NULL);
	CHECK(ns_table_col_label(NULL, "t3", 0) == NULL);
	CHECK(ns_report_cell(NULL, "t3", "received", "total") == NULL);
	CHECK_INT(ns_report_ndiag(NULL), 0);
	CHECK(ns_report_diag(NULL, 0) == NULL);
	CHECK(ns_report_to_json(NULL, 0) == NULL);
	ns_free(NULL);

	ns_report *r = load("yuanzhou_hechuan_xiang_2023.txt");
	if (!r)
		return;
	CHECK(ns_report_section(r, -1) == NULL);
	CHECK(ns_report_section(r, NS_NSECTIONS) == NULL);
	CHECK(ns_report_section_by_id(r, NULL) == NULL);
	CHECK(ns_report_section_by_id(r, "s7") == NULL);
	CHECK(ns_report_section_by_id(r, "") == NULL);
	CHECK(!ns_table_found(r, NULL));
	CHECK_INT(ns_table_nrows(r, NULL), 0);
	CHECK(ns_table_row_id(r, NULL, 0) == NULL);
	CHECK(ns_report_cell(r, NULL, "received", "total") == NULL);
	CHECK(ns_report_cell(r, "t3", NULL, "total") == NULL);
	CHECK(ns_report_cell(r, "t3", "received", NULL) == NULL);
	CHECK(ns_report_cell(r, "t3", "nonsense", "total") == NULL);
	CHECK(ns_report_cell(r, "t3", "received", "nonsense") == NULL);
	CHECK(ns_report_cell(r, "T3", "received", "total") == NULL);
	ns_report_release(r);
}

int main(void)
{
	ctx = ns_open();
	CHECK(ctx != NULL);
	if (!ctx)
		return t_done("test_api");
	test_version();
	test_context();
	test_options();
	test_refcount();
	test_meta_sections();
	test_tables_2021();
	test_tables_2019();
	test_null_safety();
	ns_close(ctx);
	return t_done("test_api");
}
