/*
 * template.h — the national template as data (internal).
 *
 * One table of data that the mapper, the JSON reader and writer, the Lua view
 * and (through the Lua view) the rules all read: ids are spelled once, here.
 * Both editions: 2021 (国办公开办函〔2021〕30号) and the 2019 trial template
 * (国办公开办函〔2019〕60号).  See docs/report-model.md §3–§4.
 */
#ifndef NS_TEMPLATE_H
#define NS_TEMPLATE_H

#include "nianshen.h"

#define NSM_MAXCOLS 8

typedef struct nsm_col {
	const char *id;
	const char *label;
} nsm_col;

typedef struct nsm_row {
	const char *id;
	const char *no;        /* template numbering, e.g. "三（三）1" */
	const char *label;     /* canonical label */
	const char *variants[4]; /* other wordings seen in the wild, NULL-ended */
	const char *group;     /* t2: the caption of its sub-table; t3: group */
	unsigned colmask;      /* bit j set: column j exists for this row */
} nsm_row;

typedef struct nsm_table {
	const char *id;        /* "t2", "t3", "t4" */
	ns_edition edition;
	const char *title;     /* canonical section title it belongs to */
	const nsm_row *rows;
	int nrows;
	const nsm_col *cols;
	int ncols;
} nsm_table;

enum { NSM_T2 = 0, NSM_T3, NSM_T4, NSM_NTABLES };

/* The layout of table `t` (NSM_T2...) in the given edition (2019 or 2021;
 * anything else gives 2021). */
const nsm_table *nsm_table_get(int t, ns_edition ed);
/* "t2" → NSM_T2, or -1. */
int nsm_table_index(const char *id);
int nsm_row_index(const nsm_table *t, const char *id);
int nsm_col_index(const nsm_table *t, const char *id);
static inline int nsm_has_cell(const nsm_table *t, int row, int col)
{
	return (t->rows[row].colmask >> col) & 1u;
}
static inline int nsm_row_ncells_of(const nsm_row *r)
{
	return __builtin_popcount(r->colmask);
}
/* Number of cells a row has (popcount of its mask). */
int nsm_row_ncells(const nsm_table *t, int row);

/* Section ids and canonical titles, s1..s6. */
extern const char *const nsm_section_ids[NS_NSECTIONS];
extern const char *const nsm_section_titles[NS_NSECTIONS];

#endif
