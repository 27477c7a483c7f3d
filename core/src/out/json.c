/* json.c — the canonical model as JSON, both ways (docs/json-format.md).
 * Writing and reading share this file so that the format is spelled once. */
#include "model/model.h"
#include "out/writers.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS_JSON_FORMAT 1

/* ---- writing --------------------------------------------------------- */

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void add_pos(cJSON *o, ns_pos p)
{
	cJSON_AddNumberToObject(o, "line", p.line);
	cJSON_AddNumberToObject(o, "col", p.col);
	if (p.page)
		cJSON_AddNumberToObject(o, "page", p.page);
}

static cJSON *pos_obj(ns_pos p)
{
	cJSON *o = cJSON_CreateObject();
	add_pos(o, p);
	return o;
}

static cJSON *cell_json(const ns_cell *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "value", c->has_value ? cJSON_CreateNumber(c->value)
	                                               : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "raw", str_or_null(c->raw));
	add_pos(o, c->pos);
	if (c->inferred)
		cJSON_AddTrueToObject(o, "inferred");
	return o;
}

char *ns_report_to_json(const ns_report *r, int pretty)
{
	if (!r)
		return NULL;
	const ns_meta *m = &r->meta;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "nianshen", NS_VERSION);
	cJSON_AddNumberToObject(root, "format", NS_JSON_FORMAT);

	cJSON *src = cJSON_AddObjectToObject(root, "source");
	cJSON_AddItemToObject(src, "path", str_or_null(m->path));
	cJSON_AddItemToObject(src, "media_type", str_or_null(m->media_type));
	cJSON_AddItemToObject(src, "encoding", str_or_null(m->encoding));
	cJSON_AddItemToObject(src, "sha256", str_or_null(m->sha256));

	cJSON *meta = cJSON_AddObjectToObject(root, "meta");
	cJSON_AddItemToObject(meta, "agency", str_or_null(m->agency));
	cJSON_AddStringToObject(meta, "agency_type", ns_agency_type_name(m->agency_type));
	cJSON_AddItemToObject(meta, "year", m->year ? cJSON_CreateNumber(m->year) : cJSON_CreateNull());
	cJSON_AddItemToObject(meta, "edition", m->edition ? cJSON_CreateNumber(m->edition) : cJSON_CreateNull());
	cJSON_AddItemToObject(meta, "title", str_or_null(m->title));
	cJSON_AddItemToObject(meta, "title_pos", pos_obj(m->title_pos));
	cJSON_AddItemToObject(meta, "period", str_or_null(m->period));
	cJSON_AddItemToObject(meta, "period_pos", pos_obj(m->period_pos));
	cJSON_AddItemToObject(meta, "published", str_or_null(m->published));
	cJSON_AddItemToObject(meta, "published_pos", pos_obj(m->published_pos));

	cJSON *secs = cJSON_AddObjectToObject(root, "sections");
	for (int i = 0; i < NS_NSECTIONS; i++) {
		const ns_section *s = &r->sections[i];
		cJSON *o = cJSON_AddObjectToObject(secs, s->id);
		cJSON_AddBoolToObject(o, "found", s->found);
		cJSON_AddItemToObject(o, "title", str_or_null(s->title));
		cJSON_AddItemToObject(o, "title_pos", pos_obj(s->title_pos));
		cJSON_AddNumberToObject(o, "line_start", s->line_start);
		cJSON_AddNumberToObject(o, "line_end", s->line_end);
		if (s->page_start) {
			cJSON_AddNumberToObject(o, "page_start", s->page_start);
			cJSON_AddNumberToObject(o, "page_end", s->page_end);
		}
		cJSON_AddItemToObject(o, "text", str_or_null(s->text));
		/* [byte, line, col, page] per piece: positions of the text */
		cJSON *an = cJSON_AddArrayToObject(o, "anchors");
		for (int k = 0; k < r->nanchors[i]; k++) {
			const nsr_anchor *x = &r->anchors[i][k];
			int v[4] = {x->byte, x->pos.line, x->pos.col, x->pos.page};
			cJSON_AddItemToArray(an, cJSON_CreateIntArray(v, 4));
		}
	}

	cJSON *layout = cJSON_AddObjectToObject(root, "table_layout");
	cJSON *tables = cJSON_AddObjectToObject(root, "tables");
	for (int t = 0; t < NSM_NTABLES; t++) {
		const ns_table_data *td = &r->tables[t];
		const nsm_table *tpl = nsr_table_tpl(r, t);
		cJSON *lo = cJSON_AddObjectToObject(layout, tpl->id);
		cJSON_AddBoolToObject(lo, "found", td->found);
		cJSON_AddNumberToObject(lo, "edition", tpl->edition);
		cJSON *to = cJSON_AddObjectToObject(tables, tpl->id);
		for (int i = 0; td->cells && i < tpl->nrows; i++) {
			cJSON *ro = cJSON_AddObjectToObject(to, tpl->rows[i].id);
			for (int j = 0; j < tpl->ncols; j++)
				if (nsm_has_cell(tpl, i, j))
					cJSON_AddItemToObject(ro, tpl->cols[j].id,
					                      cell_json(&td->cells[i * tpl->ncols + j]));
		}
	}

	cJSON *diags = cJSON_AddArrayToObject(root, "diagnostics");
	for (int i = 0; i < r->ndiag; i++) {
		const ns_diag *d = &r->diags[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "severity", ns_severity_name(d->severity));
		cJSON_AddStringToObject(o, "code", d->code);
		cJSON_AddStringToObject(o, "message", d->message);
		cJSON_AddItemToObject(o, "where", str_or_null(d->where));
		add_pos(o, d->pos);
		cJSON_AddItemToArray(diags, o);
	}
	char *out = pretty ? cJSON_Print(root) : nsw_json_line(root);
	cJSON_Delete(root);
	return out;
}

/* ---- reading --------------------------------------------------------- */

static const char *jstr(nsa_arena *a, const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? nsa_strdup(a, v->valuestring) : NULL;
}

/* A number of the file as an int.  The file is input like any other: a
 * value an int cannot hold ("year": 1e10, NaN from a hand-edited file)
 * would make the cast undefined, so it reads as absent (0). */
static int num_int(const cJSON *v)
{
	if (!cJSON_IsNumber(v))
		return 0;
	double d = v->valuedouble;
	if (!(d >= (double)INT_MIN && d <= (double)INT_MAX)) /* NaN fails too */
		return 0;
	return (int)d;
}

static int jint(const cJSON *o, const char *key)
{
	return num_int(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Positions and anchor offsets are counts: a negative one, or one so large
 * that counting on from it (ns_section_pos adds columns) overflows, reads
 * as "no position". */
#define MAX_POS (1 << 30)
static int pos_int(const cJSON *v)
{
	int x = num_int(v);
	return x < 0 || x > MAX_POS ? 0 : x;
}

static ns_pos jpos(const cJSON *o)
{
	return (ns_pos){pos_int(cJSON_GetObjectItemCaseSensitive(o, "page")),
	                pos_int(cJSON_GetObjectItemCaseSensitive(o, "line")),
	                pos_int(cJSON_GetObjectItemCaseSensitive(o, "col"))};
}

static ns_agency_type agency_type_from(const char *s)
{
	for (int t = NS_AGENCY_UNKNOWN; t <= NS_AGENCY_DEPARTMENT; t++)
		if (s && strcmp(s, ns_agency_type_name((ns_agency_type)t)) == 0)
			return (ns_agency_type)t;
	return NS_AGENCY_UNKNOWN;
}

static const char *static_or_copy(nsa_arena *a, const cJSON *o, const char *key,
                                  const char *const *known)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v))
		return NULL;
	for (int i = 0; known[i]; i++)
		if (strcmp(known[i], v->valuestring) == 0)
			return known[i];
	return nsa_strdup(a, v->valuestring);
}

static int read_tables(ns_report *r, const cJSON *root)
{
	const cJSON *layout = cJSON_GetObjectItemCaseSensitive(root, "table_layout");
	const cJSON *tables = cJSON_GetObjectItemCaseSensitive(root, "tables");
	for (int t = 0; t < NSM_NTABLES; t++) {
		const char *id = nsm_table_get(t, NS_EDITION_2021)->id;
		const cJSON *lo = cJSON_GetObjectItemCaseSensitive(layout, id);
		int ed = jint(lo, "edition");
		if (nsr_table_init(r, t, ed == 2019 ? NS_EDITION_2019 : NS_EDITION_2021))
			return NS_ERR_NOMEM;
		r->tables[t].found = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lo, "found"));
		const nsm_table *tpl = r->tables[t].tpl;
		const cJSON *to = cJSON_GetObjectItemCaseSensitive(tables, id);
		for (int i = 0; i < tpl->nrows; i++) {
			const cJSON *ro = cJSON_GetObjectItemCaseSensitive(to, tpl->rows[i].id);
			for (int j = 0; ro && j < tpl->ncols; j++) {
				if (!nsm_has_cell(tpl, i, j))
					continue;
				const cJSON *co = cJSON_GetObjectItemCaseSensitive(ro, tpl->cols[j].id);
				if (!cJSON_IsObject(co))
					continue;
				ns_cell *c = nsr_cell(r, t, i, j);
				const cJSON *v = cJSON_GetObjectItemCaseSensitive(co, "value");
				if (cJSON_IsNumber(v)) {
					c->has_value = 1;
					c->value = v->valuedouble;
				}
				c->raw = jstr(&r->arena, co, "raw");
				c->pos = jpos(co);
				c->inferred = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(co, "inferred"));
			}
		}
	}
	return NS_OK;
}

static int read_diags(ns_report *r, const cJSON *root)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "diagnostics");
	const cJSON *d;
	cJSON_ArrayForEach(d, arr) {
		const char *sev = jstr(&r->arena, d, "severity");
		ns_severity s = NS_INFO;
		if (sev && strcmp(sev, "warning") == 0)
			s = NS_WARNING;
		else if (sev && strcmp(sev, "error") == 0)
			s = NS_ERROR;
		const char *code = jstr(&r->arena, d, "code");
		const char *msg = jstr(&r->arena, d, "message");
		if (nsr_diag(r, s, code ? code : "unknown", jpos(d),
		             jstr(&r->arena, d, "where"), "%s", msg ? msg : ""))
			return NS_ERR_NOMEM;
	}
	return NS_OK;
}

/* How deep arrays and objects are open at buf[end) (strings skipped). */
static int nesting(const char *buf, size_t end)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < end; i++) {
		char c = buf[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return depth;
}

int nsr_from_json(ns_ctx *ctx, const char *buf, size_t len, ns_report **out)
{
	cJSON *root = cJSON_ParseWithLength(buf, len);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		long off = at && at >= buf && at <= buf + len ? (long)(at - buf) : -1;
		if (off >= 0 && nesting(buf, (size_t)off + 1) > CJSON_NESTING_LIMIT)
			return nsc_fail(ctx, NS_ERR_FORMAT, "JSON nested deeper than %d levels "
			                "(near byte %ld): no report model is", CJSON_NESTING_LIMIT, off);
		return nsc_fail(ctx, NS_ERR_FORMAT, "invalid JSON near byte %ld", off);
	}
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "nianshen")) ||
	    jint(root, "format") != NS_JSON_FORMAT) {
		cJSON_Delete(root);
		return nsc_fail(ctx, NS_ERR_FORMAT,
		                "not a nianshen report (format %d expected)", NS_JSON_FORMAT);
	}
	ns_report *r = nsr_new();
	if (!r) {
		cJSON_Delete(root);
		return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
	}
	static const char *const media[] = {"text/plain", "text/markdown", "text/html",
		"application/pdf",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		NULL};
	static const char *const encs[] = {"UTF-8", "GB18030", NULL};
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
	ns_meta *m = &r->meta;
	m->path = jstr(&r->arena, src, "path");
	m->media_type = static_or_copy(&r->arena, src, "media_type", media);
	m->encoding = static_or_copy(&r->arena, src, "encoding", encs);
	m->sha256 = jstr(&r->arena, src, "sha256");
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	m->agency = jstr(&r->arena, meta, "agency");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(meta, "agency_type");
	m->agency_type = agency_type_from(cJSON_IsString(at) ? at->valuestring : NULL);
	m->year = jint(meta, "year");
	int ed = jint(meta, "edition");
	m->edition = ed == 2019 ? NS_EDITION_2019 : ed == 2021 ? NS_EDITION_2021 : NS_EDITION_UNKNOWN;
	m->title = jstr(&r->arena, meta, "title");
	m->title_pos = jpos(cJSON_GetObjectItemCaseSensitive(meta, "title_pos"));
	m->period = jstr(&r->arena, meta, "period");
	m->period_pos = jpos(cJSON_GetObjectItemCaseSensitive(meta, "period_pos"));
	m->published = jstr(&r->arena, meta, "published");
	m->published_pos = jpos(cJSON_GetObjectItemCaseSensitive(meta, "published_pos"));
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(root, "sections");
	for (int i = 0; i < NS_NSECTIONS; i++) {
		ns_section *s = &r->sections[i];
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(secs, s->id);
		s->found = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "found"));
		s->title = jstr(&r->arena, o, "title");
		s->text = jstr(&r->arena, o, "text");
		s->title_pos = jpos(cJSON_GetObjectItemCaseSensitive(o, "title_pos"));
		s->line_start = jint(o, "line_start");
		s->line_end = jint(o, "line_end");
		s->page_start = jint(o, "page_start");
		s->page_end = jint(o, "page_end");
		const cJSON *an = cJSON_GetObjectItemCaseSensitive(o, "anchors");
		int n = cJSON_IsArray(an) ? cJSON_GetArraySize(an) : 0;
		if (n > 0) {
			r->anchors[i] = nsa_alloc(&r->arena, (size_t)n * sizeof(nsr_anchor));
			if (!r->anchors[i]) {
				cJSON_Delete(root);
				ns_report_release(r);
				return nsc_fail(ctx, NS_ERR_NOMEM, "out of memory");
			}
			r->nanchors[i] = n;
			/* one pass over the list: cJSON_GetArrayItem walks it from
			 * the start each time, and a loop of it is quadratic in
			 * the anchors (2 MB of them took minutes) */
			int k = 0;
			const cJSON *x;
			cJSON_ArrayForEach(x, an) {
				int v[4] = {0, 0, 0, 0}, m = 0;
				const cJSON *e;
				if (cJSON_IsArray(x))
					cJSON_ArrayForEach(e, x) {
						if (m == 4)
							break;
						v[m++] = pos_int(e);
					}
				r->anchors[i][k++] = (nsr_anchor){v[0], {v[3], v[1], v[2]}};
			}
		}
	}
	nsr_clamp_anchors(r); /* a crafted file's offsets past the text */
	int rc = read_tables(r, root);
	if (rc == NS_OK)
		rc = read_diags(r, root);
	cJSON_Delete(root);
	if (rc != NS_OK) {
		ns_report_release(r);
		return nsc_fail(ctx, rc, "out of memory");
	}
	/* The same test as for every other form (load.c): a model with no
	 * title, no section and no table holds no report, and ranking it
	 * would score an empty file as an agency's report. */
	if (!nsr_has_content(r)) {
		ns_report_release(r);
		return nsc_fail(ctx, NS_ERR_FORMAT, "not an annual report: the model "
		                "has no title, no section and no table");
	}
	*out = r;
	return NS_OK;
}
