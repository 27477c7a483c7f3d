/* layout.c — storage for the neutral layout (see layout.h). */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nsl_init(nsl_layout *l)
{
	memset(l, 0, sizeof *l);
	l->encoding = "UTF-8";
	l->media_type = "text/plain";
	l->max_bytes = 256ll << 20;
	l->max_cells = 1 << 20; /* a report has about a thousand */
}

void nsl_clear(nsl_layout *l)
{
	nsa_free(&l->arena);
	free(l->rows);
	free(l->cells);
	nsl_init(l);
}

char *nsl_strdup(nsl_layout *l, const char *s, size_t len)
{
	if (len == (size_t)-1)
		len = strlen(s);
	return nsa_strndup(&l->arena, s, len);
}

int nsl_is_figure(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ',' || s[i] == '.'))
			return 0;
	return n > 0;
}

int nsl_row_begin(nsl_layout *l, int grid)
{
	if (l->nrows == l->caprows) {
		int cap = l->caprows ? l->caprows * 2 : 256;
		nsl_row *r = realloc(l->rows, (size_t)cap * sizeof *r);
		if (!r)
			return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
		l->rows = r;
		l->caprows = cap;
	}
	nsl_row *r = &l->rows[l->nrows++];
	r->grid = grid;
	r->first_cell = l->ncells;
	r->ncells = 0;
	r->page_break = 0;
	return NS_OK;
}

int nsl_cell_add(nsl_layout *l, const char *text, size_t len, ns_pos pos)
{
	return nsl_cell_add_x(l, text, len, pos, 0, 0);
}

int nsl_cell_add_x(nsl_layout *l, const char *text, size_t len, ns_pos pos,
                   float x0, float x1)
{
	if (len == (size_t)-1)
		len = strlen(text);
	if (l->ncells >= l->max_cells || l->bytes + (long long)len + 1 > l->max_bytes)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "layout too large: over %d cells or "
		                "%lld bytes of text (merged cells copied too often?)",
		                l->max_cells, l->max_bytes);
	if (l->nrows == 0 && nsl_row_begin(l, 0) != NS_OK)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
	if (l->ncells == l->capcells) {
		int cap = l->capcells ? l->capcells * 2 : 1024;
		nsl_cell *c = realloc(l->cells, (size_t)cap * sizeof *c);
		if (!c)
			return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
		l->cells = c;
		l->capcells = cap;
	}
	char *t = nsl_strdup(l, text, len);
	if (!t)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory");
	l->bytes += (long long)len + 1;
	l->cells[l->ncells++] = (nsl_cell){t, len, pos, x0, x1, 0};
	l->rows[l->nrows - 1].ncells++;
	return NS_OK;
}

int nsl_para_add(nsl_layout *l, const char *text, size_t len, ns_pos pos)
{
	int rc = nsl_row_begin(l, 0);
	return rc ? rc : nsl_cell_add(l, text, len, pos);
}

int nsl_fail(nsl_layout *l, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->errmsg, sizeof l->errmsg, fmt, ap);
	va_end(ap);
	return code;
}
