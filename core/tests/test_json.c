/*
 * test_json.c — the model as JSON (docs/json-format.md), both ways, for every
 * document of the corpus (tests/corpus):
 *
 *   load → ns_report_to_json → ns_load_buffer (form detected from the bytes)
 *        → ns_report_to_json again: the identical string, compact and pretty;
 *
 * and the JSON has the documented shape: source, meta, sections with
 * anchors, table_layout, tables.<t>.<row>.<col> = {value, raw, line, col,
 * page?, inferred?} agreeing with the C accessors, diagnostics.
 */
#include "nianshen.h"
#include "t.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ns_ctx *ctx;
static const char *g_doc;

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* The JSON agrees with the C API, cell by cell and diagnostic by diagnostic. */
static void check_shape(const ns_report *r, const char *js)
{
	cJSON *root = cJSON_Parse(js);
	CHECK_MSG(root != NULL, "[%s] to_json gave invalid JSON", g_doc);
	if (!root)
		return;
	CHECK_MSG(cJSON_IsString(get(root, "nianshen")) &&
	          strcmp(get(root, "nianshen")->valuestring, ns_version()) == 0,
	          "[%s] \"nianshen\" is not the version", g_doc);
	CHECK(cJSON_IsNumber(get(root, "format")) && get(root, "format")->valueint == 1);

	const ns_meta *m = ns_report_meta(r);
	const cJSON *src = get(root, "source");
	CHECK(cJSON_IsObject(src));
	CHECK(cJSON_IsString(get(src, "path")) && strcmp(get(src, "path")->valuestring, m->path) == 0);
	CHECK(cJSON_IsString(get(src, "media_type")) &&
	      strcmp(get(src, "media_type")->valuestring, m->media_type) == 0);
	CHECK(cJSON_IsString(get(src, "encoding")) &&
	      strcmp(get(src, "encoding")->valuestring, m->encoding) == 0);
	CHECK(cJSON_IsString(get(src, "sha256")) && strlen(get(src, "sha256")->valuestring) == 64);

	const cJSON *meta = get(root, "meta");
	CHECK(cJSON_IsObject(meta));
	CHECK(cJSON_IsNumber(get(meta, "year")) && get(meta, "year")->valueint == m->year);
	CHECK(cJSON_IsString(get(meta, "agency")) && m->agency &&
	      strcmp(get(meta, "agency")->valuestring, m->agency) == 0);
	CHECK(cJSON_IsString(get(meta, "agency_type")) &&
	      strcmp(get(meta, "agency_type")->valuestring, ns_agency_type_name(m->agency_type)) == 0);
	CHECK(cJSON_IsNumber(get(meta, "edition")) && get(meta, "edition")->valueint == (int)m->edition);
	CHECK(cJSON_IsObject(get(meta, "title_pos")));
	CHECK(get(meta, "period") && get(meta, "published") && get(meta, "title"));

	const cJSON *secs = get(root, "sections");
	CHECK(cJSON_IsObject(secs) && cJSON_GetArraySize(secs) == NS_NSECTIONS);
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = ns_report_section(r, i);
		const cJSON *o = get(secs, s->id);
		CHECK_MSG(cJSON_IsObject(o), "[%s] sections.%s missing", g_doc, s->id);
		if (!o)
			continue;
		CHECK(cJSON_IsBool(get(o, "found")) && cJSON_IsTrue(get(o, "found")) == (s->found != 0));
		CHECK(cJSON_IsNumber(get(o, "line_start")) && get(o, "line_start")->valueint == s->line_start);
		CHECK(cJSON_IsNumber(get(o, "line_end")) && get(o, "line_end")->valueint == s->line_end);
		const cJSON *an = get(o, "anchors");
		CHECK(cJSON_IsArray(an));
		if (s->found) {
			CHECK(cJSON_IsString(get(o, "text")) && strcmp(get(o, "text")->valuestring, s->text) == 0);
			CHECK_MSG(cJSON_GetArraySize(an) > 0, "[%s] %s has no anchors", g_doc, s->id);
			/* [byte, line, col, page], bytes increasing */
			int prev = -1;
			const cJSON *x;
			cJSON_ArrayForEach(x, an) {
				CHECK(cJSON_IsArray(x) && cJSON_GetArraySize(x) == 4);
				int b = cJSON_GetArrayItem(x, 0)->valueint;
				CHECK(b > prev);
				prev = b;
				ns_pos p = ns_section_pos(r, i, (size_t)b);
				CHECK(p.line == cJSON_GetArrayItem(x, 1)->valueint &&
				      p.col == cJSON_GetArrayItem(x, 2)->valueint &&
				      p.page == cJSON_GetArrayItem(x, 3)->valueint);
			}
		} else {
			CHECK(cJSON_IsNull(get(o, "text")));
		}
		if (s->page_start)
			CHECK(cJSON_IsNumber(get(o, "page_start")) && cJSON_IsNumber(get(o, "page_end")));
		else
			CHECK(get(o, "page_start") == NULL);
	}

	const cJSON *layout = get(root, "table_layout"), *tables = get(root, "tables");
	CHECK(cJSON_IsObject(layout) && cJSON_IsObject(tables));
	static const char *const tids[] = {"t2", "t3", "t4"};
	int cells = 0;
	for (int t = 0; t < 3; t++) {
		const cJSON *lo = get(layout, tids[t]), *to = get(tables, tids[t]);
		CHECK_MSG(cJSON_IsObject(lo) && cJSON_IsObject(to), "[%s] %s missing", g_doc, tids[t]);
		if (!lo || !to)
			continue;
		CHECK(cJSON_IsTrue(get(lo, "found")) == (ns_table_found(r, tids[t]) != 0));
		CHECK(get(lo, "edition")->valueint == (int)ns_table_edition(r, tids[t]));
		for (int i = 0; i < ns_table_nrows(r, tids[t]); i++) {
			const char *row = ns_table_row_id(r, tids[t], i);
			const cJSON *ro = get(to, row);
			CHECK_MSG(cJSON_IsObject(ro), "[%s] tables.%s.%s missing", g_doc, tids[t], row);
			for (int j = 0; ro && j < ns_table_ncols(r, tids[t]); j++) {
				const char *col = ns_table_col_id(r, tids[t], j);
				const ns_cell *c = ns_report_cell(r, tids[t], row, col);
				const cJSON *co = get(ro, col);
				if (!c) {
					CHECK_MSG(co == NULL, "[%s] %s.%s.%s in JSON but not in the layout",
					          g_doc, tids[t], row, col);
					continue;
				}
				cells++;
				CHECK_MSG(cJSON_IsObject(co), "[%s] tables.%s.%s.%s missing", g_doc,
				          tids[t], row, col);
				if (!co)
					continue;
				const cJSON *v = get(co, "value");
				CHECK(v != NULL);
				if (c->has_value)
					CHECK(cJSON_IsNumber(v) && v->valuedouble == c->value);
				else
					CHECK(cJSON_IsNull(v));
				const cJSON *raw = get(co, "raw");
				CHECK(raw != NULL);
				if (c->raw)
					CHECK(cJSON_IsString(raw) && strcmp(raw->valuestring, c->raw) == 0);
				else
					CHECK(cJSON_IsNull(raw));
				CHECK(cJSON_IsNumber(get(co, "line")) && get(co, "line")->valueint == c->pos.line);
				CHECK(cJSON_IsNumber(get(co, "col")) && get(co, "col")->valueint == c->pos.col);
				if (c->pos.page)
					CHECK(cJSON_IsNumber(get(co, "page")) && get(co, "page")->valueint == c->pos.page);
				else
					CHECK(get(co, "page") == NULL);
				if (c->inferred)
					CHECK(cJSON_IsTrue(get(co, "inferred")));
				else
					CHECK(get(co, "inferred") == NULL);
			}
		}
	}
	CHECK(cells > 0);

	/* the documented example: tables.t3.received.total with value/raw/line/col */
	const cJSON *tot = get(get(get(tables, "t3"), "received"), "total");
	CHECK_MSG(cJSON_IsObject(tot) && get(tot, "value") && get(tot, "raw") &&
	          get(tot, "line") && get(tot, "col"),
	          "[%s] tables.t3.received.total lacks value/raw/line/col", g_doc);

	const cJSON *diags = get(root, "diagnostics");
	CHECK(cJSON_IsArray(diags) && cJSON_GetArraySize(diags) == ns_report_ndiag(r));
	for (int i = 0; i < ns_report_ndiag(r); i++) {
		const ns_diag *d = ns_report_diag(r, i);
		const cJSON *o = cJSON_GetArrayItem(diags, i);
		CHECK(cJSON_IsObject(o));
		if (!o)
			continue;
		CHECK(cJSON_IsString(get(o, "severity")) &&
		      strcmp(get(o, "severity")->valuestring, ns_severity_name(d->severity)) == 0);
		CHECK(cJSON_IsString(get(o, "code")) && strcmp(get(o, "code")->valuestring, d->code) == 0);
		CHECK(cJSON_IsString(get(o, "message")) &&
		      strcmp(get(o, "message")->valuestring, d->message) == 0);
		CHECK(get(o, "where") && (d->where ? cJSON_IsString(get(o, "where")) : cJSON_IsNull(get(o, "where"))));
		CHECK(cJSON_IsNumber(get(o, "line")) && get(o, "line")->valueint == d->pos.line);
		CHECK(cJSON_IsNumber(get(o, "col")) && get(o, "col")->valueint == d->pos.col);
	}
	cJSON_Delete(root);
}

/* Everything the C API shows is the same after the round trip. */
static void check_same(const ns_report *a, const ns_report *b)
{
	const ns_meta *x = ns_report_meta(a), *y = ns_report_meta(b);
#define SAME_STR(f) CHECK_MSG((!x->f && !y->f) || (x->f && y->f && strcmp(x->f, y->f) == 0), \
                              "[%s] meta." #f " differs after the round trip", g_doc)
	SAME_STR(path);
	SAME_STR(media_type);
	SAME_STR(encoding);
	SAME_STR(sha256);
	SAME_STR(agency);
	SAME_STR(title);
	SAME_STR(period);
	SAME_STR(published);
#undef SAME_STR
	CHECK(x->year == y->year && x->edition == y->edition && x->agency_type == y->agency_type);
	CHECK(x->title_pos.line == y->title_pos.line && x->title_pos.col == y->title_pos.col &&
	      x->title_pos.page == y->title_pos.page);
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = ns_report_section(a, i), *t = ns_report_section(b, i);
		CHECK(s->found == t->found && s->line_start == t->line_start &&
		      s->line_end == t->line_end && s->page_start == t->page_start &&
		      s->page_end == t->page_end);
		CHECK((!s->text && !t->text) || (s->text && t->text && strcmp(s->text, t->text) == 0));
		if (s->text) {
			size_t n = strlen(s->text);
			for (size_t k = 0; k < n; k += 97) {
				ns_pos p = ns_section_pos(a, i, k), q = ns_section_pos(b, i, k);
				CHECK(p.line == q.line && p.col == q.col && p.page == q.page);
			}
		}
	}
	static const char *const tids[] = {"t2", "t3", "t4"};
	for (int t = 0; t < 3; t++) {
		CHECK(ns_table_found(a, tids[t]) == ns_table_found(b, tids[t]));
		CHECK(ns_table_edition(a, tids[t]) == ns_table_edition(b, tids[t]));
		for (int i = 0; i < ns_table_nrows(a, tids[t]); i++)
			for (int j = 0; j < ns_table_ncols(a, tids[t]); j++) {
				const char *row = ns_table_row_id(a, tids[t], i);
				const char *col = ns_table_col_id(a, tids[t], j);
				const ns_cell *c = ns_report_cell(a, tids[t], row, col);
				const ns_cell *d = ns_report_cell(b, tids[t], row, col);
				CHECK((c == NULL) == (d == NULL));
				if (!c || !d)
					continue;
				CHECK_MSG(c->has_value == d->has_value && c->value == d->value &&
				          c->inferred == d->inferred && c->pos.line == d->pos.line &&
				          c->pos.col == d->pos.col && c->pos.page == d->pos.page &&
				          ((!c->raw && !d->raw) || (c->raw && d->raw && strcmp(c->raw, d->raw) == 0)),
				          "[%s] %s.%s.%s differs after the round trip", g_doc, tids[t], row, col);
			}
	}
	CHECK(ns_report_ndiag(a) == ns_report_ndiag(b));
	for (int i = 0; i < ns_report_ndiag(a) && i < ns_report_ndiag(b); i++) {
		const ns_diag *d = ns_report_diag(a, i), *e = ns_report_diag(b, i);
		CHECK(d->severity == e->severity && strcmp(d->code, e->code) == 0 &&
		      strcmp(d->message, e->message) == 0 && d->pos.line == e->pos.line &&
		      d->pos.col == e->pos.col && d->pos.page == e->pos.page &&
		      ((!d->where && !e->where) || (d->where && e->where && strcmp(d->where, e->where) == 0)));
	}
}

static void round_trip(const char *path, const char *name)
{
	g_doc = name;
	ns_report *r = NULL;
	int rc = ns_load_file(ctx, path, NULL, &r);
	CHECK_MSG(rc == NS_OK, "[%s] load: %s (%s)", name, ns_strerror(rc), ns_errmsg(ctx));
	if (!r)
		return;
	for (int pretty = 0; pretty <= 1; pretty++) {
		char *js = ns_report_to_json(r, pretty);
		CHECK_MSG(js != NULL, "[%s] to_json returned NULL", name);
		if (!js)
			continue;
		if (!pretty)
			check_shape(r, js);
		/* no name: the form must be recognised from the bytes */
		ns_report *back = NULL;
		rc = ns_load_buffer(ctx, js, strlen(js), NULL, NULL, &back);
		CHECK_MSG(rc == NS_OK, "[%s] JSON (pretty %d) does not load back: %s (%s)", name,
		          pretty, ns_strerror(rc), ns_errmsg(ctx));
		if (back) {
			char *js2 = ns_report_to_json(back, pretty);
			CHECK_MSG(js2 && strcmp(js, js2) == 0,
			          "[%s] JSON (pretty %d) differs after a round trip", name, pretty);
			if (js2 && strcmp(js, js2) != 0 && getenv("NS_DUMP")) {
				size_t k = 0;
				while (js[k] && js[k] == js2[k])
					k++;
				fprintf(stderr, "  first difference at byte %zu: ...%.80s\n  vs ...%.80s\n",
				        k, js + (k > 20 ? k - 20 : 0), js2 + (k > 20 ? k - 20 : 0));
			}
			check_same(r, back);
			/* and a second trip changes nothing either */
			ns_report *again = NULL;
			if (js2 && ns_load_buffer(ctx, js2, strlen(js2), "again.json", NULL, &again) == NS_OK) {
				char *js3 = ns_report_to_json(again, pretty);
				CHECK(js3 && strcmp(js, js3) == 0);
				ns_free(js3);
				ns_report_release(again);
			}
			ns_free(js2);
			ns_report_release(back);
		}
		/* the JSON's own sha256 is of the source document, kept as is */
		ns_free(js);
	}
	ns_report_release(r);
}

/* Replace the first `from` in s (malloc'd) by `to`. */
static char *replaced(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (!at)
		return NULL;
	size_t n = strlen(s) - strlen(from) + strlen(to);
	char *o = malloc(n + 1);
	if (o)
		snprintf(o, n + 1, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return o;
}

/* A model from anywhere: a year, a publication date or a sha256 that is
 * none is read as unknown (the sha256: the model's own), with a warning. */
static void forged_model(void)
{
	ns_report *r = NULL;
	CHECK(ns_load_file(ctx, NS_CORPUS_DIR "/pingtan_zhqu_2023.txt", NULL, &r) == NS_OK);
	char *js = r ? ns_report_to_json(r, 0) : NULL;
	ns_report_release(r);
	char *a = js ? replaced(js, "\"year\":2023", "\"year\":-2023") : NULL;
	char *b = a ? replaced(a, "\"sha256\":\"", "\"sha256\":\"zz") : NULL;
	CHECK(b != NULL);
	ns_report *f = NULL;
	if (b && ns_load_buffer(ctx, b, strlen(b), "forged.json", NULL, &f) == NS_OK) {
		CHECK_INT(ns_report_meta(f)->year, 0);
		const char *sha = ns_report_meta(f)->sha256;
		CHECK(sha && strlen(sha) == 64 && strspn(sha, "0123456789abcdef") == 64);
		CHECK(t_find_diag(f, "meta.invalid", NULL));
		ns_report_release(f);
	}
	free(a);
	free(b);
	ns_free(js);
}

int main(void)
{
	ctx = ns_open();
	CHECK(ctx != NULL);
	DIR *dir = opendir(NS_CORPUS_DIR);
	CHECK_MSG(dir != NULL, "cannot open %s", NS_CORPUS_DIR);
	if (!dir || !ctx)
		return t_done("test_json");
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", NS_CORPUS_DIR, e->d_name);
		round_trip(path, e->d_name);
		n++;
	}
	closedir(dir);
	CHECK_MSG(n >= 10, "only %d corpus documents", n);
	forged_model();
	ns_close(ctx);
	return t_done("test_json");
}
