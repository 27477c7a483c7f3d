/*
 * tcells.h — what the tests that compare a reading with a reference share:
 * a list of cells ("t3", "t3.row", "t3.row.col") and the check that no cell
 * read holds a value the reference's has not.
 */
#ifndef NS_TCELLS_H
#define NS_TCELLS_H

#include "t.h"

/* Is t.row.col among the cells `list` names: "t3.row" (the whole row),
 * "t3.row.col", or, with `whole`, "t3" (all of it)? */
static inline int t_listed(const char *const *list, const char *t, const char *row,
                           const char *col, int whole)
{
	char rw[96], cw[128];
	snprintf(rw, sizeof rw, "%s.%s", t, row);
	snprintf(cw, sizeof cw, "%s.%s.%s", t, row, col);
	for (int i = 0; list && list[i]; i++)
		if (strcmp(list[i], rw) == 0 || strcmp(list[i], cw) == 0 ||
		    (whole && strcmp(list[i], t) == 0))
			return 1;
	return 0;
}

/* Every cell of the tables `tables` ("t2 t4"; NULL: all three) that r
 * reads holds the value ref gives it: none wrong (a text that leaves many
 * cells unread, an OCR's).  The cells `must` lists (t_listed, "t3" all of
 * it) that ref has a value for are read besides; with same_cells, r's
 * tables have every cell ref's have (one edition of the template).  Returns how many cells
 * r reads right. */
static inline int t_none_wrong(const char *name, const ns_report *ref, const ns_report *r,
                               const char *tables, const char *const *must, int same_cells)
{
	static const char *const all[] = {"t2", "t3", "t4"};
	int right = 0;
	for (int t = 0; ref && r && t < 3; t++) {
		const char *tb = all[t];
		if (tables && !strstr(tables, tb))
			continue;
		for (int i = 0; i < ns_table_nrows(ref, tb); i++) {
			const char *row = ns_table_row_id(ref, tb, i);
			for (int j = 0; j < ns_table_ncols(ref, tb); j++) {
				const char *col = ns_table_col_id(ref, tb, j);
				const ns_cell *want = ns_report_cell(ref, tb, row, col);
				const ns_cell *got = ns_report_cell(r, tb, row, col);
				int has = want && want->has_value;
				CHECK_MSG(!same_cells || !want || got, "%s: %s.%s.%s is no cell of its table",
				          name, tb, row, col);
				if (!got || !got->has_value) {
					CHECK_MSG(!has || !t_listed(must, tb, row, col, 1),
					          "%s: %s.%s.%s not read, expected %g", name, tb, row, col,
					          want->value);
					continue;
				}
				CHECK_MSG(has && got->value == want->value, "%s: %s.%s.%s = %g, expected %s%g",
				          name, tb, row, col, got->value, has ? "" : "none ",
				          has ? want->value : 0);
				right += has && got->value == want->value;
			}
		}
	}
	return right;
}

#endif
