/*
 * map.h — the one mapper shared by every form (internal).
 *
 * It reads the neutral layout and fills the canonical report: metadata,
 * sections, tables (labels → template ids, numbers, blanks, glued digits and
 * lost cells resolved only where the template's arithmetic leaves one answer)
 * and diagnostics for everything it could not read cleanly.
 */
#ifndef NS_MAP_H
#define NS_MAP_H

#include "load/layout.h"
#include "model/model.h"

#include <stdint.h>

/* Characters of the flattened document.  Gaps between cells and rows are
 * characters too, so that one index space serves sections, tables and
 * positions. */
#define NSM_GAP_CELL 0x1Fu /* start of a real table cell (grid rows) */
#define NSM_GAP_TAB '\t'   /* visible gap between cells of a text line */
#define NSM_GAP_ROW '\n'   /* end of a row */

/* A gap within a row (a space, a tab's, a cell's start) */
static inline int nsm_row_gap(uint32_t f)
{
	return f == ' ' || f == NSM_GAP_TAB || f == NSM_GAP_CELL;
}

/* ... or a row's end */
static inline int nsm_gap(uint32_t f)
{
	return nsm_row_gap(f) || f == NSM_GAP_ROW;
}

typedef struct nsm_char {
	uint32_t fold;   /* matching form (full-width folded...) */
	uint32_t cp;     /* original code point (0 for synthetic gaps) */
	int cell;        /* layout cell index, -1 for gaps */
	int byte;        /* byte offset in the cell text */
	int off;         /* character offset in the cell text */
	int row;         /* layout row index */
} nsm_char;

typedef struct nsm_doc {
	const nsl_layout *l;
	nsm_char *c;
	int n, cap;
	unsigned char *skip; /* rows dropped as page furniture (page numbers) */
	int *ink; /* per layout cell: its characters up to its last one not a
	           * space (nsm_char_extent), counted once here */
} nsm_doc;

/* keep: where d's characters are taken from and go back to (nsm_doc_free;
 * may be NULL) */
int nsm_doc_build(nsm_doc *d, const nsl_layout *l, nsa_scratch *keep);
/* The row's digits (the number they make, or -1 when the row holds
 * anything but digits and spaces, or more than three digits): a page's
 * number, where the row stands at a page break. */
int nsm_number_row(const nsl_layout *l, const nsl_row *row);
void nsm_doc_free(nsm_doc *d, nsa_scratch *keep);
ns_pos nsm_pos(const nsm_doc *d, int i);
/* Original text of chars [a, b), gaps as single spaces, trimmed; in arena. */
char *nsm_text(const nsm_doc *d, nsa_arena *a, int a0, int b0, int keep_newlines);
/* The same, recording where each piece of the text comes from. */
char *nsm_text_anchored(const nsm_doc *d, nsa_arena *a, int a0, int b0,
                        nsr_anchor **anchors, int *nanchors);

/* Section spans found by nsm_sections: start of the heading, end of the
 * heading, end of the body (next heading or end of document). -1 if absent. */
typedef struct nsm_span {
	int head, body, end;
} nsm_span;

void nsm_sections(const nsm_doc *d, nsm_span out[NS_NSECTIONS]);
/* end: where the report ends in the document (d->n, or where a second
 * report begins: find_sections) */
void nsm_metadata(const nsm_doc *d, ns_report *r, const ns_load_opts *o,
                  const nsm_span sec[NS_NSECTIONS], int end);
int nsm_tables(const nsm_doc *d, ns_report *r, const nsm_span sec[NS_NSECTIONS]);

/* Entry point: layout → report (report already carries source metadata);
 * keep: a buffer lent by the context (nsa_scratch), or NULL. */
int nsm_map(const nsl_layout *l, ns_report *r, const ns_load_opts *o, nsa_scratch *keep);

/* Helpers shared by the parts of the mapper. */
int nsm_match_at(const nsm_doc *d, int i, const char *utf8); /* folded, exact */
int nsm_find(const nsm_doc *d, int from, int to, const char *utf8);

/* A string decoded and folded once, to be matched at many places (what
 * nsm_match_at and nsm_find do with a string, without decoding it at
 * every place).  n < 0: kept as src and matched as a string. */
#define NSM_NEEDLE_MAX 64
typedef struct nsm_needle {
	uint32_t c[NSM_NEEDLE_MAX];
	int n;
	const char *src;
} nsm_needle;

void nsm_needle_of(const char *utf8, nsm_needle *nd);
int nsm_match_needle(const nsm_doc *d, int i, const nsm_needle *nd);
int nsm_find_needle(const nsm_doc *d, int from, int to, const nsm_needle *nd);
ns_agency_type nsm_agency_type(const char *name);
/* The agency and the year a report's file name gives ("…/青岚县审计局2024年
 * 政府信息公开工作年度报告.doc", its folder, its extension and an
 * attachment's "附件2：" off): the agency, malloc'd, and *year, when the name ends with
 * the report's, gives a year and an agency nsm_agency_type knows; NULL
 * (*year 0) otherwise. */
char *nsm_title_agency(const char *title, int *year);
/* Where the year "YYYY年" that ends just before i starts (spaces aside),
 * its value in *year (NULL: not wanted); -1 when none. */
int nsm_year_before(const nsm_doc *d, int i, int *year);

#endif
