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

int nsl_row_begin(nsl_layout *l, int grid)
{
	if (l->nrows == l->caprows) {
		int cap = l->caprows ? l->caprows * 2 : 256;
		nsl_row *r = realloc(l->rows, (size_t)cap * sizeof *r);
		if (!r)
			return NS_ERR_NOMEM;
		l->rows = r;
		l->caprows = cap;
	}
	nsl_row *r = &l->rows[l->nrows++];
	r->grid = grid;
	r->first_cell = l->ncells;
	r->ncells = 0;
	return NS_OK;
}

int nsl_cell_add(nsl_layout *l, const char *text, size_t len, ns_pos pos)
{
	if (l->nrows == 0 && nsl_row_begin(l, 0) != NS_OK)
		return NS_ERR_NOMEM;
	if (l->ncells == l->capcells) {
		int cap = l->capcells ? l->capcells * 2 : 1024;
		nsl_cell *c = realloc(l->cells, (size_t)cap * sizeof *c);
		if (!c)
			return NS_ERR_NOMEM;
		l->cells = c;
		l->capcells = cap;
	}
	if (len == (size_t)-1)
		len = strlen(text);
	char *t = nsl_strdup(l, text, len);
	if (!t)
		return NS_ERR_NOMEM;
	l->cells[l->ncells++] = (nsl_cell){t, len, pos};
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
