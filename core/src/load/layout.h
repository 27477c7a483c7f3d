/*
 * layout.h — the neutral layout every loader produces (internal).
 *
 * A loader turns its form (TXT, MD, HTML, DOCX, PDF) into a flat sequence of
 * rows.  A row is either a paragraph/line of text (grid = 0: one or more
 * cells, where splitting into cells only reflects visible gaps such as tabs or
 * runs of spaces; an empty cell there is a field a tab-separated row left
 * empty between two values, a blank) or a real table row
 * (grid = 1: one cell per column after rowspan/colspan are laid out, where an
 * empty cell is a blank the document left).  Every cell carries its source
 * position.  The one mapper (map/) reads only this: the knowledge of how
 * reports are written lives there, once.
 *
 * Loaders never print; they return NS_* codes and write a message with
 * nsl_fail().  All text is UTF-8, copied into the layout's own storage.
 */
#ifndef NS_LAYOUT_H
#define NS_LAYOUT_H

#include "nianshen.h"
#include "model/model.h"
#include <stddef.h>

typedef struct nsl_cell {
	const char *text; /* UTF-8, NUL-terminated, owned by the layout */
	size_t len;
	ns_pos pos;
	/* Horizontal extent of the cell, left and right edge: points on the page
	 * for PDF; for text without tabs, 0-based character columns, one per
	 * code point, Han included (the grid `pdftotext -layout` writes: see
	 * txt.c).  0/0: unknown — grid rows (HTML, MD, DOCX) carry their empty
	 * cells explicitly and need none.  The mapper uses it to put values
	 * under their column where a row of text leaves blank cells out. */
	float x0, x1;
	/* 1: an empty field of a tab-separated row (txt.c) that is a blank cell
	 * or layout (a merged label cell, padding, a trailing tab), which the
	 * row alone cannot tell: the mapper takes it as a blank only where the
	 * row's fields after its label are exactly the template row's cells
	 * (solve.c, tab_fields), and passes over it otherwise.  0 for every
	 * other cell: an empty one is a blank */
	int soft;
} nsl_cell;

typedef struct nsl_row {
	int grid;         /* 1: cells of a real table row */
	int first_cell;   /* index into layout->cells */
	int ncells;
	int page_break;   /* 1: a page ends just before this row (text: a form
	                   * feed, as pdftotext ends each page with; PDF: the
	                   * row starts a page) */
} nsl_row;

typedef struct nsl_layout {
	nsl_row *rows;
	int nrows, caprows;
	nsl_cell *cells;
	int ncells, capcells;
	nsa_arena arena;           /* text storage */
	/* Caps on what the layout may hold.  Copies of merged cells multiply
	 * text: a small file must not grow a huge layout, whatever its form.
	 * nsl_init sets defaults; a loader may lower max_bytes to what its
	 * input justifies.  nsl_cell_add fails with NS_ERR_TOO_LARGE past them. */
	long long bytes, max_bytes;
	int max_cells;
	/* what the loader learnt about the source */
	const char *media_type;    /* static string */
	const char *encoding;      /* static string: "UTF-8", "GB18030", nst_enc_mixed */
	size_t encoding_at;        /* nst_enc_mixed: offset of the first GB18030 line */
	char *title_hint;          /* e.g. HTML <title> or a portal "标题:" */
	char *published_hint;      /* YYYY-MM-DD when the page says so */
	ns_pos published_pos;      /* where it says so, when known */
	int tables_as_images;      /* loader saw <img> where tables belong */
	char errmsg[256];
} nsl_layout;

void nsl_init(nsl_layout *l);
void nsl_clear(nsl_layout *l);
/* Start a new row; cells added after this belong to it.  NS_OK/NS_ERR_NOMEM */
int nsl_row_begin(nsl_layout *l, int grid);
/* Append a cell to the current row (text copied; len may be (size_t)-1 for
 * strlen).  Whitespace is kept as given: the mapper normalises.  On failure
 * (NS_ERR_NOMEM, or NS_ERR_TOO_LARGE past the caps) l->errmsg says why. */
int nsl_cell_add(nsl_layout *l, const char *text, size_t len, ns_pos pos);
/* The same with the cell's horizontal extent (see nsl_cell.x0/x1). */
int nsl_cell_add_x(nsl_layout *l, const char *text, size_t len, ns_pos pos,
                   float x0, float x1);
/* Convenience: a one-cell, non-grid row. */
int nsl_para_add(nsl_layout *l, const char *text, size_t len, ns_pos pos);
char *nsl_strdup(nsl_layout *l, const char *s, size_t len);
/* Is s[0..n) a figure alone: digits with , or ., nothing else?  What a
 * figure wrapped inside a narrow table cell leaves on a line (pdf.c,
 * txt.c). */
int nsl_is_figure(const char *s, size_t n);
/* Record an error message on the layout and return code. */
int nsl_fail(nsl_layout *l, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline const nsl_cell *nsl_row_cell(const nsl_layout *l,
                                           const nsl_row *r, int i)
{
	return &l->cells[r->first_cell + i];
}

/* Loaders.  `buf` is the raw file content (any encoding); limits come from
 * the context.  Each returns NS_OK with the layout filled, or an NS_ERR_*
 * code with l->errmsg set. */
typedef struct nsl_limits {
	long long input_bytes;
	long long unzipped_bytes;
	/* the text and Markdown loaders' bytes are UTF-8 without a NUL, as
	 * ns_load_buffer found them: not validated a second time */
	int utf8;
} nsl_limits;

int nsl_load_txt(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim);
int nsl_load_md(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim);
int nsl_load_html(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim);
int nsl_load_docx(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim);
int nsl_load_pdf(nsl_layout *l, const char *buf, size_t len, const nsl_limits *lim);

/* Form detection by content (extension only as a tie-breaker). */
ns_form nsl_detect(const char *buf, size_t len, const char *name);

#endif
