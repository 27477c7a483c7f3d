/*
 * tlayout.h — what the layout tests share: printing a layout when NS_DUMP
 * is set (a debugging aid; the assertions never depend on it).
 */
#ifndef NS_TLAYOUT_H
#define NS_TLAYOUT_H

#include "load/layout.h"

#include <stdio.h>
#include <stdlib.h>

static inline void t_dump_layout(const char *name, const nsl_layout *l)
{
	if (!getenv("NS_DUMP"))
		return;
	printf("== %s: %d rows%s%s\n", name, l->nrows, l->errmsg[0] ? ": " : "",
	       l->errmsg);
	for (int i = 0; i < l->nrows; i++) {
		const nsl_row *r = &l->rows[i];
		printf("%s", r->grid ? "grid" : "para");
		for (int j = 0; j < r->ncells; j++) {
			const nsl_cell *c = nsl_row_cell(l, r, j);
			if (c->pos.page)
				printf(" [p%d:%d:%d]%s", c->pos.page, c->pos.line, c->pos.col, c->text);
			else
				printf(" [%d:%d]%s", c->pos.line, c->pos.col, c->text);
		}
		putchar('\n');
	}
}

#endif
