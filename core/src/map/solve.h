/*
 * solve.h — placing a row's values into its cells (internal).
 *
 * A row's values arrive as segments: numbers, blanks, and numbers glued
 * together without separators.  When their count equals the row's cells they
 * are placed as written, balanced or not (judging is the rules' business).
 * Otherwise the template's arithmetic chooses: every split of the glued
 * digits, every placement of cells left blank among separate figures, or
 * every place a lost cell could have stood, that satisfies the row's own
 * sums (and, for t3, the column sums across rows) is a candidate; the
 * cells are filled only when all candidates agree, marked inferred where
 * a reading split them.
 */
#ifndef NS_SOLVE_H
#define NS_SOLVE_H

#include "map.h"

enum { NSM_SEG_TEXT, NSM_SEG_NUM, NSM_SEG_BLANK, NSM_SEG_ROWEND };

typedef struct nsm_seg {
	int kind;
	int a, b;   /* char range; a == b: an empty grid cell */
	int dec;    /* a decimal point */
	int unit;   /* a unit (元, 件…) follows: 1, or 2 when it counts in 万 */
	int sign;   /* a leading + or - */
	int text;   /* BLANK standing for words where a number belongs */
} nsm_seg;

/* A unit a report writes after a count or an amount (件, 条, 个, 次, 人, 项,
 * 万, 元, 份): after a figure, the figure's, not a word. */
static inline int nsm_unit_char(uint32_t f)
{
	switch (f) {
	case 0x4EF6: case 0x6761: case 0x4E2A: case 0x6B21: case 0x4EBA:
	case 0x9879: case 0x4E07: case 0x5143: case 0x4EFD:
		return 1;
	}
	return 0;
}

#define NSM_MAXSLOTS 16
#define NSM_MAXCANDS 32

typedef struct nsm_slot {
	signed char kind;   /* NSM_SEG_NUM, NSM_SEG_BLANK, or -1: unknown */
	unsigned char inferred;
	unsigned char unit;
	unsigned char text;  /* words where a number belongs */
	double v;
	int a, b;           /* raw text range; a < 0: none */
} nsm_slot;

typedef struct nsm_cand {
	nsm_slot s[NSM_MAXSLOTS];
} nsm_cand;

typedef struct nsm_rowres {
	int state;          /* 0 absent, 1 placed, 2 pending, 3 unreadable, 4 left
	                     * null by the caller, who said why */
	int ncand;
	nsm_cand *cand;     /* state 1: cand[0]; state 2: ncand candidates */
	int how;            /* 0 as written, 1 glued split, 2 lost cell, 3 a
	                     * tab-separated row's fields, an empty one at an
	                     * end taken for a blank (solve.c, tab_fields) */
	int a, b;           /* char range of the row's values, for messages */
	int nvalues;        /* values seen */
	int cells;          /* the cells they were read for: 15 for t4's printed
	                     * row (its rows share one reading), else 0 (the row's) */
	int dropped;        /* 1 + the char index of a number taken for a page's
	                     * number (lone_number), else 0 */
	int dropped_over;   /* that number was one value more than the cells,
	                     * the others all on one line (past_full_line) */
	int ruled;          /* left null: rules read between some values, not
	                     * others, and the row does not add up (ruled_apart) */
	int strict;         /* a reading refused by nsm_solver.strict */
} nsm_rowres;

typedef struct nsm_solver {
	const nsm_doc *d;
	ns_report *r;
	int t;
	const nsm_seg *sg;
	nsm_rowres res[32];
	/* the table writes a row's values apart (two numbers in a row): a
	 * single run of digits is then one value, never values glued
	 * together, where no sums can check a split */
	int apart;
	/* where a row's search collects its candidates (NSM_MAXCANDS); a row
	 * keeps only those it found */
	nsm_cand *scratch;
	/* columns under headings in another order than the template's: for
	 * t4's printed row of 15, the cell (5 * row + column) of printed value
	 * k (perm15); for a row of nrowperm cells (t4's five, t2's three), the
	 * column of its value k (rowperm); -1 at [0], 0: as printed */
	int perm15[15], rowperm[8], nrowperm;
	int by_sums;   /* rowperm is t3's total column found by the sums */
	int subtotal_at; /* t3's 小计 column among eight figures (0: none) … */
	int subtotal;    /* … left out of a row */
	int reordered; /* a permutation was applied (table.columns) */
	int ruled;     /* a row of the table has rules read between some of its
	                * values and not others: OCR's text (nsm_ruled) */
	/* the row about to be solved (nsm_solve_row) is a guess of where its
	 * values stand (a table in a PDF's reading order, its values apart
	 * from their labels and their rows' counts off): placed only as
	 * written and adding up, no cell inferred; t4's printed row
	 * (nsm_solve_t4) of pieces in that order: as written only adding up */
	int strict;
} nsm_solver;

/* Where a unit's values are, and how long its label is. */
typedef struct nsm_unit_span {
	int v0, nv;    /* value segments */
	int nlabel;    /* label characters */
} nsm_unit_span;

void nsm_solver_init(nsm_solver *sv, const nsm_doc *d, ns_report *r, int t,
                     const nsm_seg *sg);
void nsm_solver_free(nsm_solver *sv);
/* Do the values of segments [v0, v0 + nv) stand apart by a rule read as
 * a character in some of their gaps and by none in others (OCR's text of
 * a ruled table)? */
int nsm_ruled(const nsm_solver *sv, int v0, int nv);
int nsm_solve_row(nsm_solver *sv, int row, int v0, int nv, int grid);
/* What t3's rows' sums say of its columns where no heading places them
 * (headings garbled by a narrow print), before the rows are solved: 总计
 * printed in another column than the last (the row order, rowperm), a 小计
 * column of 法人 among eight figures (subtotal_at) — each only where the
 * header's words name it too (words: 1 总计 read before 自然人, 2 a 小计 or
 * 合计).  v0/nv: the value segments of the n rows matched. */
void nsm_t3_columns(nsm_solver *sv, const int *v0, const int *nv, int n, int words);
/* A row printed with every cell empty, its label at char `at`: its cells
 * blank (raw ""), placed at the label. */
int nsm_solve_empty_row(nsm_solver *sv, int row, int at);
/* t4: one printed row of 15: the first unit's values, continued by the
 * following units while they have short (row or header) labels. */
int nsm_solve_t4(nsm_solver *sv, const nsm_unit_span *u, int nu);
/* Resolve pending rows by column arithmetic and write every cell. */
int nsm_solve_finish(nsm_solver *sv);
/* found flag, "table.missing" and "row.missing" diagnostics. */
void nsm_table_report(nsm_solver *sv, ns_pos table_pos);

/* columns.c: in the segments v[0..*n) of table t's region, rows of text
 * whose values have known horizontal extents get a blank segment (a == b)
 * for each column they leave empty, and a row label printed alone inside
 * the table gets one per cell, when the table's columns can be told from
 * its headings or its full rows; otherwise nothing changes.  Where t3's
 * headings stand in another order than the template's, its rows' values
 * are put in the template's, and *reordered is set.  *v may be replaced
 * (*cap is its new capacity).  0, or -1 out of memory. */
int nsm_columns(const nsm_doc *d, int t, nsm_seg **v, int *n, int *cap, int *reordered);
/* Horizontal extent of chars [a, b) of one cell, by their share of the
 * cell's characters (exact for text, where a character is a column; close
 * enough for PDF, where a cell holding more than one value is rare); 0
 * when the cell has none (grids). */
int nsm_char_extent(const nsm_doc *d, int a, int b, float *x0, float *x1);

#endif
