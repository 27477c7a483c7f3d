/* load.c — one loader harness per form (NS_FUZZ_FORM, set by the build):
 *
 *   bytes → ns_load_buffer (that form, forced) → walk the public API
 *         → JSON → load as JSON → JSON, which must be byte-identical;
 *   or, when the bytes do not load: an error code, the same code on the
 *   context, a non-empty message and no report.
 *
 * Every string the API hands out is read to its end (ASan sees a dangling
 * or unterminated one), every index is asked one past both ends. */
#include "fuzz.h"

#include <nianshen.h>
#include <stdint.h>
#include <string.h>

#ifndef NS_FUZZ_FORM
#define NS_FUZZ_FORM NS_FORM_AUTO
#endif

static const char *name_of(ns_form f)
{
	switch (f) {
	case NS_FORM_TXT: return "fuzz.txt";
	case NS_FORM_MD: return "fuzz.md";
	case NS_FORM_HTML: return "fuzz.html";
	case NS_FORM_DOCX: return "fuzz.docx";
	case NS_FORM_PDF: return "fuzz.pdf";
	case NS_FORM_JSON: return "fuzz.json";
	default: return "fuzz";
	}
}

static volatile size_t sink;

static void touch(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void walk(const ns_report *r)
{
	const ns_meta *m = ns_report_meta(r);
	FUZZ_CHECK(m != NULL, "no metadata");
	touch(m->path); touch(m->media_type); touch(m->encoding); touch(m->sha256);
	touch(m->agency); touch(m->title); touch(m->period); touch(m->published);
	touch(ns_agency_type_name(m->agency_type));
	for (int i = -1; i <= NS_NSECTIONS; i++) {
		const ns_section *s = ns_report_section(r, i);
		if (i < 0 || i >= NS_NSECTIONS) {
			FUZZ_CHECK(s == NULL, "section %d exists", i);
			ns_section_pos(r, i, 0);
			continue;
		}
		FUZZ_CHECK(s != NULL, "section %d missing", i);
		touch(s->id); touch(s->title); touch(s->text);
		FUZZ_CHECK(ns_report_section_by_id(r, s->id) == s, "section by id %s", s->id);
		size_t len = s->text ? strlen(s->text) : 0;
		size_t at[] = {0, 1, len / 3, len / 2, len ? len - 1 : 0, len, len + 1,
		               (size_t)INT32_MAX, SIZE_MAX};
		for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
			ns_pos p = ns_section_pos(r, i, at[k]);
			sink += (size_t)p.line + (size_t)p.col + (size_t)p.page;
		}
	}
	FUZZ_CHECK(ns_report_section_by_id(r, "s0") == NULL, "s0");
	FUZZ_CHECK(ns_report_section_by_id(r, "s7") == NULL, "s7");
	FUZZ_CHECK(ns_report_section_by_id(r, "") == NULL, "empty id");
	static const char *const tables[] = {"t2", "t3", "t4", "t1", "t5", "", "t33"};
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
		const char *id = tables[t];
		int found = ns_table_found(r, id);
		ns_edition ed = ns_table_edition(r, id);
		int nr = ns_table_nrows(r, id), nc = ns_table_ncols(r, id);
		sink += (size_t)found + (size_t)ed;
		if (t >= 3) {
			FUZZ_CHECK(nr <= 0 && nc <= 0 && !found, "table %s exists", id);
			FUZZ_CHECK(ns_report_cell(r, id, "received", "total") == NULL, "cell of %s", id);
			continue;
		}
		FUZZ_CHECK(nr > 0 && nc > 0, "table %s: %d x %d", id, nr, nc);
		FUZZ_CHECK(ns_table_row_id(r, id, -1) == NULL && ns_table_row_id(r, id, nr) == NULL,
		           "row index out of range");
		FUZZ_CHECK(ns_table_col_id(r, id, -1) == NULL && ns_table_col_id(r, id, nc) == NULL,
		           "column index out of range");
		touch(ns_table_row_label(r, id, -1)); touch(ns_table_row_label(r, id, nr));
		touch(ns_table_col_label(r, id, -1)); touch(ns_table_col_label(r, id, nc));
		for (int i = 0; i < nr; i++) {
			const char *row = ns_table_row_id(r, id, i);
			FUZZ_CHECK(row != NULL, "%s row %d has no id", id, i);
			touch(ns_table_row_label(r, id, i));
			for (int j = 0; j < nc; j++) {
				const char *col = ns_table_col_id(r, id, j);
				FUZZ_CHECK(col != NULL, "%s column %d has no id", id, j);
				touch(ns_table_col_label(r, id, j));
				const ns_cell *c = ns_report_cell(r, id, row, col);
				if (c) {
					touch(c->raw);
					sink += (size_t)c->has_value + (size_t)c->inferred +
					        (size_t)c->pos.line;
					if (c->has_value)
						sink += (size_t)(c->value == c->value);
				}
			}
			FUZZ_CHECK(ns_report_cell(r, id, row, "no-such-column") == NULL, "bogus column");
		}
		FUZZ_CHECK(ns_report_cell(r, id, "no-such-row", "total") == NULL, "bogus row");
	}
	int nd = ns_report_ndiag(r);
	FUZZ_CHECK(nd >= 0, "ndiag %d", nd);
	FUZZ_CHECK(ns_report_diag(r, -1) == NULL && ns_report_diag(r, nd) == NULL,
	           "diagnostic index out of range");
	for (int i = 0; i < nd; i++) {
		const ns_diag *d = ns_report_diag(r, i);
		FUZZ_CHECK(d != NULL && d->code && d->message, "diagnostic %d", i);
		touch(d->code); touch(d->message); touch(d->where);
		touch(ns_severity_name(d->severity));
	}
}

/* The first place where a and b differ, shown with some context. */
static void show_diff(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t from = i > 80 ? i - 80 : 0;
	fprintf(stderr, "first JSON differs from the second at byte %zu:\n"
	        "  first:  …%.160s\n  second: …%.160s\n", i, a + from, b + from);
}

static ns_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	ctx = ns_open();
	/* a DOCX part may inflate to 64 MiB by default: fuzzing wants speed */
	ns_limit_set(ctx, NS_LIMIT_UNZIPPED_BYTES, 8 << 20);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ns_load_opts opts = {.form = NS_FUZZ_FORM};
	ns_report *r = (ns_report *)(uintptr_t)1; /* must be set to NULL on failure */
	int rc = ns_load_buffer(ctx, data, size, name_of(NS_FUZZ_FORM), &opts, &r);
	if (rc != NS_OK) {
		FUZZ_CHECK(r == NULL, "failed load (%s) left a report", ns_strerror(rc));
		FUZZ_CHECK(ns_errcode(ctx) == rc, "rc %d but the context says %d", rc,
		           ns_errcode(ctx));
		FUZZ_CHECK(ns_errmsg(ctx) && ns_errmsg(ctx)[0], "failed load (%s) without a message",
		           ns_strerror(rc));
		return 0;
	}
	FUZZ_CHECK(r != NULL, "NS_OK without a report");
	FUZZ_CHECK(ns_errmsg(ctx) && ns_errmsg(ctx)[0] == 0, "NS_OK with a message: %s",
	           ns_errmsg(ctx));
	walk(r);
	int pretty = size & 1;
	char *j1 = ns_report_to_json(r, pretty);
	FUZZ_CHECK(j1 != NULL, "no JSON for a loaded report");
	ns_report *r2 = NULL;
	ns_load_opts jopts = {.form = NS_FORM_JSON};
	rc = ns_load_buffer(ctx, j1, strlen(j1), "roundtrip.json", &jopts, &r2);
	FUZZ_CHECK(rc == NS_OK, "the report's own JSON does not load: %s", ns_errmsg(ctx));
	walk(r2);
	char *j2 = ns_report_to_json(r2, pretty);
	FUZZ_CHECK(j2 != NULL, "no JSON for the reloaded report");
	if (strcmp(j1, j2) != 0) {
		show_diff(j1, j2);
		FUZZ_CHECK(0, "JSON → load → JSON is not the same JSON");
	}
	/* and auto-detected, as a district run would read the JSON file */
	ns_report *r3 = NULL;
	rc = ns_load_buffer(ctx, j1, strlen(j1), "roundtrip.json", NULL, &r3);
	FUZZ_CHECK(rc == NS_OK, "the report's JSON is not detected as JSON: %s", ns_errmsg(ctx));
	ns_report_release(r3);
	ns_free(j2);
	ns_free(j1);
	ns_report_release(r2);
	ns_report_release(r);
	return 0;
}
