/* report.c — the immutable report: construction (for loaders and the JSON
 * reader) and the public read API. */
#include "model.h"
#include "text/text.h" /* nst_whole_chars */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ns_report *nsr_new(void)
{
	ns_report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	atomic_init(&r->refs, 1);
	for (int i = 0; i < NS_NSECTIONS; i++)
		r->sections[i].id = nsm_section_ids[i];
	return r;
}

int nsr_table_init(ns_report *r, int t, ns_edition ed)
{
	const nsm_table *tpl = nsm_table_get(t, ed);
	ns_cell *cells = nsa_alloc(&r->arena, sizeof(ns_cell) *
	                           (size_t)tpl->nrows * (size_t)tpl->ncols);
	if (!cells)
		return NS_ERR_NOMEM;
	r->tables[t].tpl = tpl;
	r->tables[t].cells = cells;
	return NS_OK;
}

/* Does a title name a year ("…2024年…", "…二〇二三年…")?  A report's does;
 * a sentence that mentions 年度报告 in passing seldom does. */
static int names_year(const char *t)
{
	static const char *const digits[] = {"〇", "零", "一", "二", "三", "四", "五",
		"六", "七", "八", "九", "０", "１", "２", "３", "４", "５", "６", "７",
		"８", "９", NULL};
	for (const char *p = t ? strstr(t, "年") : NULL; p; p = strstr(p + 1, "年")) {
		if (p > t && p[-1] >= '0' && p[-1] <= '9')
			return 1;
		for (int k = 0; digits[k]; k++) {
			size_t n = strlen(digits[k]);
			if ((size_t)(p - t) >= n && memcmp(p - n, digits[k], n) == 0)
				return 1;
		}
	}
	return 0;
}

int nsr_has_content(const ns_report *r)
{
	/* a title counts when it names a year: text that mentions 年度报告 in
	 * passing (a README, a news item about the reports) has a "title" too */
	int found = names_year(r->meta.title);
	for (int k = 0; k < NS_NSECTIONS; k++)
		found |= r->sections[k].found;
	for (int t = 0; t < NSM_NTABLES; t++)
		found |= r->tables[t].found;
	return found;
}

ns_cell *nsr_cell(ns_report *r, int t, int row, int col)
{
	ns_table_data *td = &r->tables[t];
	return &td->cells[row * td->tpl->ncols + col];
}

int nsr_diag(ns_report *r, ns_severity sev, const char *code, ns_pos pos,
             const char *where, const char *fmt, ...)
{
	if (r->ndiag >= NSR_MAX_DIAGS && strcmp(code, "diag.truncated") != 0) {
		r->dropped++;
		return 0;
	}
	if (r->ndiag == r->capdiag) {
		int cap = r->capdiag ? r->capdiag * 2 : 32;
		ns_diag *d = realloc(r->diags, (size_t)cap * sizeof *d);
		if (!d)
			return -1;
		r->diags = d;
		r->capdiag = cap;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* a message past the buffer (a long label quoted whole) is cut at a
	 * character, never inside one: the JSON and every output are UTF-8 */
	msg[nst_whole_chars(msg, strlen(msg))] = 0;
	ns_diag *d = &r->diags[r->ndiag++];
	d->severity = sev;
	d->code = nsa_strdup(&r->arena, code);
	d->message = nsa_strdup(&r->arena, msg);
	d->where = nsa_strdup(&r->arena, where);
	d->pos = pos;
	return 0;
}

ns_report *ns_report_retain(ns_report *r)
{
	if (r)
		atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
	return r;
}

void ns_report_release(ns_report *r)
{
	if (!r || atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) != 1)
		return;
	free(r->diags);
	nsa_free(&r->arena);
	free(r);
}

const ns_meta *ns_report_meta(const ns_report *r)
{
	return r ? &r->meta : NULL;
}

const ns_section *ns_report_section(const ns_report *r, int i)
{
	return r && i >= 0 && i < NS_NSECTIONS ? &r->sections[i] : NULL;
}

const ns_section *ns_report_section_by_id(const ns_report *r, const char *id)
{
	for (int i = 0; r && id && i < NS_NSECTIONS; i++)
		if (strcmp(nsm_section_ids[i], id) == 0)
			return &r->sections[i];
	return NULL;
}

ns_pos ns_section_pos(const ns_report *r, int index, size_t byte)
{
	return nsr_section_pos(r, index, byte, NULL);
}

ns_pos nsr_section_pos(const ns_report *r, int index, size_t byte, size_t *walked)
{
	ns_pos p = {0, 0, 0};
	if (walked)
		*walked = 0;
	if (!r || index < 0 || index >= NS_NSECTIONS || !r->sections[index].text)
		return p;
	const nsr_anchor *an = r->anchors[index];
	int n = r->nanchors[index];
	/* the last anchor at or before byte */
	int lo = 0, hi = n - 1, k = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if ((size_t)an[mid].byte <= byte) {
			k = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (k < 0)
		return n ? an[0].pos : r->sections[index].title_pos;
	p = an[k].pos;
	const char *t = r->sections[index].text;
	/* counted on from the anchor to byte or the text's end: no strlen of
	 * the whole section, which a rule's s:pos, a number's line and every
	 * match paid, each (anchors stand within the text: nsr_clamp_anchors) */
	size_t i = (size_t)an[k].byte;
	for (; i < byte && t[i]; i++)
		if (((unsigned char)t[i] & 0xC0) != 0x80)
			p.col++;
	if (walked)
		*walked = i - (size_t)an[k].byte;
	return p;
}

void nsr_clamp_anchors(ns_report *r)
{
	for (int i = 0; i < NS_NSECTIONS; i++) {
		size_t len = r->sections[i].text ? strlen(r->sections[i].text) : 0;
		for (int k = 0; k < r->nanchors[i]; k++)
			if ((size_t)r->anchors[i][k].byte > len)
				r->anchors[i][k].byte = (int)len;
	}
}

static const ns_table_data *table(const ns_report *r, const char *id)
{
	int t = nsm_table_index(id);
	return r && t >= 0 && r->tables[t].tpl ? &r->tables[t] : NULL;
}

int ns_table_found(const ns_report *r, const char *id)
{
	const ns_table_data *td = table(r, id);
	return td ? td->found : 0;
}

ns_edition ns_table_edition(const ns_report *r, const char *id)
{
	const ns_table_data *td = table(r, id);
	return td ? td->tpl->edition : NS_EDITION_UNKNOWN;
}

int ns_table_nrows(const ns_report *r, const char *id)
{
	const ns_table_data *td = table(r, id);
	return td ? td->tpl->nrows : 0;
}

int ns_table_ncols(const ns_report *r, const char *id)
{
	const ns_table_data *td = table(r, id);
	return td ? td->tpl->ncols : 0;
}

const char *ns_table_row_id(const ns_report *r, const char *id, int i)
{
	const ns_table_data *td = table(r, id);
	return td && i >= 0 && i < td->tpl->nrows ? td->tpl->rows[i].id : NULL;
}

const char *ns_table_row_label(const ns_report *r, const char *id, int i)
{
	const ns_table_data *td = table(r, id);
	return td && i >= 0 && i < td->tpl->nrows ? td->tpl->rows[i].label : NULL;
}

const char *ns_table_col_id(const ns_report *r, const char *id, int j)
{
	const ns_table_data *td = table(r, id);
	return td && j >= 0 && j < td->tpl->ncols ? td->tpl->cols[j].id : NULL;
}

const char *ns_table_col_label(const ns_report *r, const char *id, int j)
{
	const ns_table_data *td = table(r, id);
	return td && j >= 0 && j < td->tpl->ncols ? td->tpl->cols[j].label : NULL;
}

const ns_cell *ns_report_cell(const ns_report *r, const char *id,
                              const char *row, const char *col)
{
	const ns_table_data *td = table(r, id);
	if (!td)
		return NULL;
	int i = nsm_row_index(td->tpl, row), j = nsm_col_index(td->tpl, col);
	if (i < 0 || j < 0 || !nsm_has_cell(td->tpl, i, j))
		return NULL;
	return &td->cells[i * td->tpl->ncols + j];
}

int ns_report_ndiag(const ns_report *r)
{
	return r ? r->ndiag : 0;
}

const ns_diag *ns_report_diag(const ns_report *r, int i)
{
	return r && i >= 0 && i < r->ndiag ? &r->diags[i] : NULL;
}

const char *ns_severity_name(ns_severity s)
{
	switch (s) {
	case NS_INFO: return "info";
	case NS_WARNING: return "warning";
	case NS_ERROR: return "error";
	}
	return "?";
}

const char *ns_agency_type_name(ns_agency_type t)
{
	switch (t) {
	case NS_AGENCY_TOWNSHIP: return "township";
	case NS_AGENCY_GOVERNMENT: return "government";
	case NS_AGENCY_DEPARTMENT: return "department";
	default: return "unknown";
	}
}

const char *ns_form_name(ns_form f)
{
	static const char *const names[] = {"auto", "txt", "md", "html", "docx", "pdf", "json"};
	return f >= 0 && f <= NS_FORM_JSON ? names[f] : "?";
}

void ns_free(void *p)
{
	free(p);
}
