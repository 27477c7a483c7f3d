/*
 * docx.c — Word and WPS .docx into the neutral layout (see layout.h).
 *
 * word/document.xml is read, from memory: libzip inflates it (bounded by
 * lim->unzipped_bytes, counted while inflating, since a ZIP header can lie)
 * and libxml2 builds a tree of it (no network, no entity substitution, and no
 * DTD at all: OPC's XML rules forbid one in a package, so a DOCTYPE there is
 * an attack or garbage).  word/numbering.xml (and then word/styles.xml) is
 * read the same way when there is one, for the numbers Word puts before the
 * paragraphs of a list (docxnum.c); a part of these that is missing or
 * broken only leaves the paragraphs unnumbered.
 *
 * The body is walked in order.  Every body paragraph and every table row is
 * one block (paragraphs inside a cell are not), and the block number is the
 * line of its position (ns_pos in nianshen.h).
 *   - A body paragraph becomes a non-grid row with one cell: the text of its
 *     w:t runs, w:tab as a tab, w:br/w:cr as a newline, after the label of
 *     its list if Word numbers it ("一、", "（一）", "1.").  Empty paragraphs
 *     (and no number) get no row but still use their block number, so
 *     numbers stay those of Word.
 *   - A table row becomes a grid row with one cell per grid column of the
 *     table.  A cell spanning columns (w:gridSpan) repeats its text in every
 *     column it covers; a vertically merged cell (w:vMerge continue) repeats
 *     the text of the restart cell above.  Repeated copies keep the position
 *     of the cell the text really stands in, so a cell whose position is not
 *     (its own block, its own column) is a merged copy.  Grid slots no cell
 *     covers (w:gridBefore/w:gridAfter, short rows) are empty cells.
 *   - A table inside a cell is not part of the cell text: its rows follow the
 *     row that holds it, as blocks of their own.
 * Labels are not interpreted here; the mapper does that for every form.
 */
#include "docxnum.h"
#include "mime.h"
#include "layout.h"
#include "ooxml.h"
#include "text/text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define DOCX_PART "word/document.xml"
#define DOCX_MEDIA \
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define DEFAULT_UNZIPPED (64LL << 20)
#define READ_CHUNK 65536
/* Word allows 63 columns.  The caps keep a hostile table (a wide span over
 * thousands of empty rows) from turning a small file into millions of cells
 * that the document does not hold: a report has a few thousand at most. */
#define MAX_SPAN 64
#define MAX_WIDTH 1024

/* ---- small helpers ----------------------------------------------------- */

typedef struct nodes {
	xmlNode **v;
	int n, cap;
	int oom;
} nodes;

static void nodes_push(nodes *a, xmlNode *n)
{
	if (a->oom)
		return;
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 16;
		xmlNode **v = realloc(a->v, (size_t)cap * sizeof *v);
		if (!v) {
			a->oom = 1;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = n;
}

/* Styles that set w:vanish, on or off (with what they are based on), from
 * styles.xml: a run hidden by its character style or its paragraph's style
 * is hidden as one hidden by its own w:rPr.  Hung on the tree of
 * document.xml (its _private) for the walk. */
#define STYLE_ID 64
#define MAX_STYLES 4096
typedef struct vstyle {
	char id[STYLE_ID];
	char type;        /* 'c' character, 'p' paragraph */
	signed char on;   /* 1 hidden, 0 shown, -1 not said */
	char based[STYLE_ID];
} vstyle;

typedef struct vstyles {
	vstyle *v;        /* sorted by type and id */
	int n;
	int hidden_default; /* the default paragraph style hides */
} vstyles;

static int vstyle_cmp(const void *x, const void *y)
{
	const vstyle *a = x, *b = y;
	return a->type != b->type ? a->type - b->type : strcmp(a->id, b->id);
}

/* The style `id` of `type` in vs, or NULL. */
static const vstyle *vstyle_get(const vstyles *vs, const char *id, char type)
{
	if (!id || !vs->n || strlen(id) >= STYLE_ID)
		return NULL;
	vstyle k;
	memset(&k, 0, sizeof k);
	strcpy(k.id, id);
	k.type = type;
	return bsearch(&k, vs->v, (size_t)vs->n, sizeof k, vstyle_cmp);
}

/* Is the style `id` of `type` one that hides its text (the walk's vs
 * holds only those)? */
static int vstyle_hidden(const vstyles *vs, const char *id, char type)
{
	return vstyle_get(vs, id, type) != NULL;
}

/* 1 hidden, 0 shown, -1 when the style (and those it is based on) do not
 * say. */
static int vstyle_on(const vstyles *vs, const vstyle *s)
{
	for (int k = 0; s && k < 8; k++) {
		if (s->on >= 0)
			return s->on;
		s = s->based[0] ? vstyle_get(vs, s->based, s->type) : NULL;
	}
	return -1;
}

static void vstyles_read(vstyles *vs, xmlDocPtr doc)
{
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	char dflt[STYLE_ID] = ""; /* the default paragraph style */
	if (!root)
		return;
	int n = 0;
	for (xmlNode *c = root->children; c && n < MAX_STYLES; c = c->next)
		n += is_w(c, "style");
	if (!n || !(vs->v = calloc((size_t)n, sizeof *vs->v)))
		return;
	for (xmlNode *c = root->children; c && vs->n < n; c = c->next) {
		if (!is_w(c, "style"))
			continue;
		const char *id = w_attr(c, "styleId"), *t = w_attr(c, "type");
		const char *based = w_val(child_w(c, "basedOn"));
		char type = !t || strcmp(t, "paragraph") == 0 ? 'p' :
		            strcmp(t, "character") == 0 ? 'c' : 0;
		if (!id || !type || strlen(id) >= STYLE_ID ||
		    (based && strlen(based) >= STYLE_ID))
			continue;
		vstyle *v = &vs->v[vs->n];
		strcpy(v->id, id);
		strcpy(v->based, based ? based : "");
		v->type = type;
		xmlNode *vn = child_w(child_w(c, "rPr"), "vanish");
		v->on = vn ? (signed char)w_on(vn) : -1;
		const char *on = w_attr(c, "default");
		if (type == 'p' && !dflt[0] && on &&
		    (strcmp(on, "1") == 0 || strcmp(on, "true") == 0))
			strcpy(dflt, id);
		vs->n++;
	}
	/* sorted, each resolved through what it is based on; the walk keeps
	 * the styles that hide (in order) */
	qsort(vs->v, (size_t)vs->n, sizeof *vs->v, vstyle_cmp);
	signed char *on = malloc((size_t)vs->n);
	if (!on) {
		vs->n = 0;
		return;
	}
	for (int i = 0; i < vs->n; i++)
		on[i] = (signed char)vstyle_on(vs, &vs->v[i]);
	const vstyle *d = vstyle_get(vs, dflt, 'p');
	vs->hidden_default = d && on[d - vs->v] == 1;
	int k = 0;
	for (int i = 0; i < vs->n; i++)
		if (on[i] == 1)
			vs->v[k++] = vs->v[i];
	free(on);
	vs->n = k;
}

/* A run formatted as hidden text (w:vanish): Word neither shows nor prints
 * it, and a "9" hidden before each value read 4186 as 94186.  Its own
 * w:rPr says, else its character style, else its paragraph's style (a
 * "9" hidden by a character style read 94186 too). */
static int hidden_run(const xmlNode *n)
{
	const xmlNode *rpr = child_w(n, "rPr");
	const xmlNode *v = child_w(rpr, "vanish");
	if (v)
		return w_on(v);
	const vstyles *vs = n->doc ? n->doc->_private : NULL;
	if (!vs || !vs->n)
		return 0;
	if (vstyle_hidden(vs, w_val(child_w(rpr, "rStyle")), 'c'))
		return 1;
	const xmlNode *p = n->parent;
	while (p && !is_w(p, "p"))
		p = p->parent;
	if (!p)
		return 0;
	const char *ps = w_val(child_w(child_w(p, "pPr"), "pStyle"));
	return ps ? vstyle_hidden(vs, ps, 'p') : vs->hidden_default;
}

/* Subtrees whose text is not document text: properties (w:pPr holds tab
 * stops named w:tab), deleted and moved-away revisions, ruby annotations
 * (w:rt, pinyin over the base text), the fallback copy of alternate
 * content (a text box is stored twice), and hidden runs. */
static int skipped(const xmlNode *n)
{
	static const char *const w_skip[] = {
		"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "tblGrid",
		"del", "moveFrom", "delText", "instrText", "sdtPr", "sdtEndPr",
		"fldData", "rt", NULL
	};
	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if (in_ns(n, MC_NS))
		return strcmp((const char *)n->name, "Fallback") == 0;
	for (int i = 0; w_skip[i]; i++)
		if (is_w(n, w_skip[i]))
			return 1;
	/* a content control showing its placeholder ("单击或点击此处输入文字。"
	 * in grey): empty, as Word says by w:showingPlcHdr */
	if (is_w(n, "sdtContent") && n->parent &&
	    child_w(child_w(n->parent, "sdtPr"), "showingPlcHdr"))
		return 1;
	return is_w(n, "r") && hidden_run(n);
}

/* ---- walker state ------------------------------------------------------ */

/* The parts the main part imports whole (w:altChunk: HTML or MHT a
 * writer such as html-docx-js or the OpenXML SDK embeds instead of
 * WordprocessingML), by relationship id, read before the walk. */
typedef struct chunk {
	char id[64];
	char *data;
	size_t len;
	int read;         /* 0 not yet, 1 laid out in t, -1 not HTML or not read */
	nsl_layout t;     /* its rows, read once however often it is referenced */
} chunk;

typedef struct chunks {
	chunk *v;
	int n;
} chunks;

typedef struct docx {
	nsl_layout *l;
	nsl_docxnum *nb;      /* the lists of numbering.xml; NULL when none */
	chunks *alt;          /* its altChunks' parts */
	int block;            /* last block number given out */
	int nonblank;         /* some cell has text */
	int rc;               /* first failure; stops the walk */
} docx;

static void fail(docx *d, int code, const char *msg)
{
	if (!d->rc)
		d->rc = nsl_fail(d->l, code, "%s", msg);
}

/* Every cell goes through here; the layout's caps stop merged copies from
 * growing it without bound, however the table is nested or spanned. */
static void add_cell(docx *d, const char *s, size_t n, ns_pos pos)
{
	if (d->rc)
		return;
	if ((d->rc = nsl_cell_add(d->l, s ? s : "", s ? n : 0, pos)) == NS_OK && n)
		d->nonblank = 1;
}

static void row_begin(docx *d, int grid)
{
	if (!d->rc && nsl_row_begin(d->l, grid) != NS_OK)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
}

/* ---- paragraph text ---------------------------------------------------- */

static void text_of(const xmlNode *t, nsb *b)
{
	for (xmlNode *c = t->children; c; c = c->next) {
		int text = c->type == XML_TEXT_NODE ||
		           c->type == XML_CDATA_SECTION_NODE;
		if (text && c->content)
			nsb_put(b, (const char *)c->content,
			       strlen((const char *)c->content));
	}
}

/* Where a paragraph is among Word's complex fields (w:fldChar begin,
 * separate, end): a field shows its result, never its instruction, and an
 * instruction may hold whole fields of its own ({ IF { = 4000+186 } > 0
 * "4186" "0" }), whose stored results are w:t runs: read as text they
 * glued 4186 and 4186 into 41864186.  Bit k of instr is set while the
 * field k levels deep is before its separate.  Kept per paragraph: the
 * fields that span paragraphs (a TOC) are in their result there, and a
 * field broken off (no separate, no end) hides no more than the rest of
 * its paragraph. */
typedef struct fld {
	int depth;
	unsigned instr;
} fld;

static void field_char(fld *f, const xmlNode *c)
{
	const char *t = w_attr(c, "fldCharType");
	if (!t)
		return;
	unsigned bit = f->depth >= 1 && f->depth <= 32 ? 1u << (f->depth - 1) : 0;
	if (strcmp(t, "begin") == 0) {
		if (f->depth < INT_MAX)
			f->depth++;
		if (f->depth <= 32)
			f->instr |= 1u << (f->depth - 1);
	} else if (strcmp(t, "separate") == 0) {
		f->instr &= ~bit;
	} else if (strcmp(t, "end") == 0 && f->depth > 0) {
		f->instr &= ~bit;
		f->depth--;
	}
}

static void run_text(const xmlNode *n, nsb *b, fld *f);

/* A run's w:position (half-points raised; 0 when none). */
static int run_position(const xmlNode *r)
{
	return w_int(child_w(child_w(r, "rPr"), "position"), 0, -1000, 1000);
}

/* A run's own font size (w:sz, half-points), 0 when it sets none. */
static int run_size(const xmlNode *r)
{
	return w_int(child_w(child_w(r, "rPr"), "sz"), 0, 0, 3276);
}

/* A run set in superscript or subscript (w:vertAlign), or raised or
 * lowered against the run before it (w:position, as LibreOffice writes
 * it: in a smaller size too; a paragraph shifted as a whole moves every
 * run alike), whose text is a footnote mark, right after a figure: "85"
 * then a raised "1" is 85 with its note, not 851 (nst_note_marker).  A
 * run only moved, in the size of the text around it, is no mark: "41"
 * then "86" lowered a point (Word's Font > Position, to line up two
 * fonts) is 4186, and was read 41. */
static int note_after_figure(const xmlNode *r, const nsb *b, int prev_position,
                             int prev_size, const fld *f)
{
	const char *v = w_val(child_w(child_w(r, "rPr"), "vertAlign"));
	int size = run_size(r);
	int moved = run_position(r) != prev_position && size > 0 &&
	            (prev_size == 0 || size < prev_size);
	int raised = (v && (strcmp(v, "superscript") == 0 || strcmp(v, "subscript") == 0)) ||
	             moved;
	if (!raised || !nst_ends_with_digit(b->p, b->n))
		return 0;
	nsb t = {0};
	fld g = *f;
	run_text(r, &t, &g);
	int mark = !t.oom && nst_note_marker(t.p, t.n);
	free(t.p);
	return mark;
}

/* Text of the runs under n, in order.  Paragraphs nested here (a text box
 * anchored in the paragraph) are kept, each on a line of its own. */
static void run_text(const xmlNode *n, nsb *b, fld *f)
{
	int position = 0, size = 0; /* the run before's */
	for (xmlNode *c = n->children; c; c = c->next) {
		if (skipped(c))
			continue;
		if (is_w(c, "r")) {
			int prev = position, prev_size = size;
			position = run_position(c);
			size = run_size(c);
			if (!f->instr && note_after_figure(c, b, prev, prev_size, f))
				continue;
		}
		int shown = !f->instr;
		if (is_w(c, "fldChar"))
			field_char(f, c);
		else if (is_w(c, "t")) {
			if (shown)
				text_of(c, b);
		} else if (is_w(c, "tab") || is_w(c, "ptab")) {
			if (shown)
				nsb_put(b, "\t", 1);
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			if (shown)
				nsb_put(b, "\n", 1);
		} else if (is_w(c, "noBreakHyphen")) {
			if (shown)
				nsb_put(b, "-", 1);
		} else if (is_w(c, "p")) {
			if (b->n && b->p[b->n - 1] != '\n')
				nsb_put(b, "\n", 1);
			run_text(c, b, f);
			nsb_put(b, "\n", 1);
		} else {
			run_text(c, b, f);
		}
	}
}

/* Line breaks at a paragraph's ends add nothing: one closing a paragraph
 * (or a text box's last line), or one before a value (Shift+Enter, a
 * pasted cell), which in a cell read as the end of the row. */
static void trim_newlines(nsb *b)
{
	while (b->n && b->p[b->n - 1] == '\n')
		b->p[--b->n] = 0;
	size_t k = 0;
	while (k < b->n && b->p[k] == '\n')
		k++;
	if (k) {
		memmove(b->p, b->p + k, b->n - k + 1);
		b->n -= k;
	}
}

/* Join a cell's paragraphs: Chinese runs on without a separator, but two
 * ASCII words or numbers ("1" / "2") must not glue into one. */
static void cell_join(nsb *cell, const nsb *para)
{
	if (para->n == 0)
		return;
	if (cell->n) {
		unsigned char a = (unsigned char)cell->p[cell->n - 1];
		unsigned char z = (unsigned char)para->p[0];
		if (a < 0x80 && z < 0x80 && a > ' ' && z > ' ')
			nsb_put(cell, " ", 1);
	}
	nsb_put(cell, para->p, para->n);
}

/* Put the label of the paragraph's list, if any, before its text; an
 * empty paragraph shows its label alone, as in Word. */
static void number(docx *d, const xmlNode *p, nsb *b)
{
	if (!d->nb)
		return;
	char lab[NSL_DOCXNUM_LABEL];
	int space;
	size_t n = nsl_docxnum_label(d->nb, p, lab, &space);
	if (!n || b->oom)
		return;
	nsb t = {0};
	nsb_put(&t, lab, n);
	if (b->n) {
		/* a text starting with a figure is never glued to the label:
		 * "1." and 58 would read 1.58 (Word shows a gap) */
		unsigned char z = (unsigned char)b->p[0];
		if (space || (z >= '0' && z <= '9'))
			nsb_put(&t, " ", 1);
		nsb_put(&t, b->p, b->n);
	}
	free(b->p);
	*b = t;
}

/* ---- blocks ------------------------------------------------------------ */

static void table(docx *d, xmlNode *tbl);
static const xmlNode *one_cell(const xmlNode *tbl);

/* A w:altChunk: the part it imports (HTML, or MHT: mime.c) read by the
 * HTML loader, its rows laid in here, each a block of the document (in a
 * cell, its text the cell's).  Its content was lost: a document made all
 * of one (html-docx-js) was refused as having no text. */
static void alt_chunk(docx *d, const xmlNode *n, nsb *cell)
{
	const char *id = w_attr(n, "id");
	chunk *c = NULL;
	for (int i = 0; id && d->alt && i < d->alt->n && !c; i++)
		if (strcmp(d->alt->v[i].id, id) == 0)
			c = &d->alt->v[i];
	if (!c)
		return;
	if (!c->read) {
		/* read once: a part referenced a thousand times was parsed a
		 * thousand times (a 20 KB file ran into the load's time limit) */
		c->read = -1;
		nsl_init(&c->t);
		char *html = NULL;
		size_t hn = 0;
		int mime = nsl_mime_html(c->data, c->len, &html, &hn);
		if (mime < 0) {
			fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
			return;
		}
		/* an RTF or WordprocessingML chunk (Word imports those too) is not
		 * HTML: its source is no text of the document */
		const char *x = mime ? html : c->data;
		size_t xn = mime ? hn : c->len, i = 0;
		while (i < xn && (x[i] == ' ' || x[i] == '\t' || x[i] == '\r' || x[i] == '\n'))
			i++;
		int other = (xn - i >= 5 && memcmp(x + i, "{\\rtf", 5) == 0) ||
		            (xn - i >= 4 && memcmp(x + i, "PK\x03\x04", 4) == 0) ||
		            (xn - i >= 5 && memcmp(x + i, "<?xml", 5) == 0 &&
		             memmem(x, xn < 4096 ? xn : 4096, "wordprocessingml", 16) != NULL);
		c->t.max_bytes = d->l->max_bytes;
		if (!other && nsl_load_html(&c->t, x, xn, NULL) == NS_OK)
			c->read = 1;
		free(html);
	}
	if (c->read != 1)
		return;
	const nsl_layout *t = &c->t;
	if (!d->l->title_hint && t->title_hint)
		d->l->title_hint = nsl_strdup(d->l, t->title_hint, strlen(t->title_hint));
	for (int r = 0; r < t->nrows && !d->rc; r++) {
		const nsl_row *row = &t->rows[r];
		int line = ++d->block;
		if (!cell)
			row_begin(d, row->grid);
		for (int k = 0; k < row->ncells && !d->rc; k++) {
			const nsl_cell *x = nsl_row_cell(t, row, k);
			if (!cell) {
				add_cell(d, x->text, x->len, (ns_pos){0, line, k + 1});
				continue;
			}
			nsb b = {(char *)x->text, x->len, x->len, 0};
			cell_join(cell, &b);
		}
	}
}

static void body_para(docx *d, const xmlNode *p)
{
	nsb b = {0};
	fld f = {0, 0};
	int line = ++d->block;
	run_text(p, &b, &f);
	trim_newlines(&b);
	number(d, p, &b);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	else if (b.n) {
		row_begin(d, 0);
		add_cell(d, b.p, b.n, (ns_pos){0, line, 1});
	}
	free(b.p);
}

static void cell_para(docx *d, const xmlNode *p, nsb *cell)
{
	nsb b = {0};
	fld f = {0, 0};
	run_text(p, &b, &f);
	trim_newlines(&b);
	number(d, p, &b);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	cell_join(cell, &b);
	free(b.p);
}

/* Walk block-level content: the body (cell == NULL: paragraphs and tables
 * are emitted) or a table cell (paragraphs go into `cell`, tables are set
 * aside in `nested` to follow the row).  Other elements (w:sdt, w:customXml,
 * w:ins...) are looked through.  libxml2 caps the tree depth (256 without
 * XML_PARSE_HUGE), which bounds this recursion. */
static void blocks(docx *d, const xmlNode *parent, nsb *cell, nodes *nested)
{
	for (xmlNode *n = parent->children; n && !d->rc; n = n->next) {
		if (skipped(n))
			continue;
		if (is_w(n, "p")) {
			if (cell)
				cell_para(d, n, cell);
			else
				body_para(d, n);
		} else if (is_w(n, "altChunk")) {
			alt_chunk(d, n, cell);
		} else if (is_w(n, "tbl")) {
			const xmlNode *frame = one_cell(n);
			if (frame) /* a frame, inside a cell too: its content is its place's */
				blocks(d, frame, cell, nested);
			else if (cell)
				nodes_push(nested, n);
			else
				table(d, n);
		} else {
			blocks(d, n, cell, nested);
		}
	}
}

/* ---- tables ------------------------------------------------------------ */

/* Elements named `name` under n, looking through wrappers (w:sdt,
 * w:customXml) but not into rows, cells, paragraphs or other tables. */
static void collect(const xmlNode *n, const char *name, nodes *out)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (skipped(c))
			continue;
		if (is_w(c, name))
			nodes_push(out, c);
		else if (!is_w(c, "tbl") && !is_w(c, "tr") && !is_w(c, "tc") &&
		         !is_w(c, "p"))
			collect(c, name, out);
	}
}

enum { VM_NONE, VM_RESTART, VM_CONTINUE };

static int tc_span(const xmlNode *tc)
{
	return w_int(child_w(child_w(tc, "tcPr"), "gridSpan"), 1, 1, MAX_SPAN);
}

static int tc_merge(const xmlNode *tc, const char *which)
{
	xmlNode *m = child_w(child_w(tc, "tcPr"), which);
	if (!m)
		return VM_NONE;
	const char *v = w_val(m);
	return v && strcmp(v, "restart") == 0 ? VM_RESTART : VM_CONTINUE;
}

static int tr_grid(const xmlNode *tr, const char *which)
{
	return w_int(child_w(child_w(tr, "trPr"), which), 0, 0, MAX_WIDTH);
}

/* A row deleted with tracked changes is not in the document any more. */
static int tr_deleted(const xmlNode *tr)
{
	return child_w(child_w(tr, "trPr"), "del") != NULL;
}

/* A cell deleted with changes tracked (w:cellDel): the document as it
 * stands has it no more (its row read one value too many, all null). */
static int tc_deleted(const xmlNode *tc)
{
	return child_w(child_w(tc, "tcPr"), "cellDel") != NULL;
}

static int row_extent(const xmlNode *tr, nodes *tcs)
{
	long w = tr_grid(tr, "gridBefore") + tr_grid(tr, "gridAfter");
	for (int i = 0; i < tcs->n; i++)
		w += tc_deleted(tcs->v[i]) ? 0 : tc_span(tcs->v[i]);
	return w > MAX_WIDTH ? MAX_WIDTH : (int)w;
}

/* What a column's last cell was, for a vertical merge below it. */
typedef struct vslot {
	const char *text;  /* in layout storage, stable */
	size_t len;
	ns_pos pos;
	int open;          /* the cell took part in a vertical merge */
} vslot;

typedef struct trow {
	int line, col, width;
	vslot *above;
} trow;

static void blank_slots(docx *d, trow *r, int upto)
{
	if (upto > r->width)
		upto = r->width;
	for (; r->col < upto && !d->rc; r->col++) {
		add_cell(d, "", 0, (ns_pos){0, r->line, r->col + 1});
		r->above[r->col].open = 0;
	}
}

/* Lay one w:tc into its grid slots: its own text, or the text of the cell
 * it continues (vertical merge above, legacy w:hMerge to the left). */
static void table_cell(docx *d, trow *r, const xmlNode *tc, nodes *nested)
{
	int span = tc_span(tc);
	if (span > r->width - r->col)
		span = r->width - r->col;
	if (span <= 0)
		return;
	nsb b = {0};
	blocks(d, tc, &b, nested);
	if (b.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	int vm = tc_merge(tc, "vMerge");
	vslot src = {b.p, b.n, {0, r->line, r->col + 1}, vm != VM_NONE};
	if (vm == VM_CONTINUE && r->above[r->col].open)
		src = r->above[r->col];
	else if (tc_merge(tc, "hMerge") == VM_CONTINUE && r->col > 0)
		src = r->above[r->col - 1];
	int first = d->l->ncells;
	for (int k = 0; k < span && !d->rc; k++)
		add_cell(d, src.text, src.len, src.pos);
	if (!d->rc) {
		/* point at the layout's copy: the scratch buffer goes away */
		src.text = d->l->cells[first].text;
		for (int k = 0; k < span; k++)
			r->above[r->col + k] = src;
	}
	r->col += span;
	free(b.p);
}

static void table_row(docx *d, const xmlNode *tr, trow *r)
{
	nodes tcs = {0}, nested = {0};
	collect(tr, "tc", &tcs);
	r->line = ++d->block;
	r->col = 0;
	row_begin(d, 1);
	blank_slots(d, r, tr_grid(tr, "gridBefore"));
	for (int i = 0; i < tcs.n && !d->rc; i++)
		if (!tc_deleted(tcs.v[i]))
			table_cell(d, r, tcs.v[i], &nested);
	blank_slots(d, r, r->width);
	if (tcs.oom || nested.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	/* tables inside the row's cells follow it, in document order */
	for (int i = 0; i < nested.n && !d->rc; i++)
		table(d, nested.v[i]);
	free(tcs.v);
	free(nested.v);
}

/* The grid is as wide as the widest row.  w:tblGrid is not used: it only
 * describes column widths, and nothing forces a writer to keep it in step
 * with the cells the rows really hold. */
static int table_width(nodes *rows)
{
	int width = 1;
	for (int i = 0; i < rows->n; i++) {
		nodes tcs = {0};
		collect(rows->v[i], "tc", &tcs);
		int w = row_extent(rows->v[i], &tcs);
		if (w > width)
			width = w;
		free(tcs.v);
	}
	return width;
}

/* The cell of a table of one cell, or NULL.  Such a table is layout (a
 * document wrapped in a frame, as pages converted to Word often are; a
 * value boxed inside a table's cell): its content is the place's that
 * holds it, its paragraphs paragraphs and its tables tables, not one cell
 * holding the whole report, nor a table after the row whose value it is
 * (that cell read blank). */
static const xmlNode *one_cell(const xmlNode *tbl)
{
	nodes rows = {0}, cells = {0};
	collect(tbl, "tr", &rows);
	if (rows.n == 1 && !rows.oom)
		collect(rows.v[0], "tc", &cells);
	const xmlNode *c = cells.n == 1 && !cells.oom && !tr_deleted(rows.v[0]) ? cells.v[0] : NULL;
	free(cells.v);
	free(rows.v);
	return c;
}

static void table(docx *d, xmlNode *tbl)
{
	nodes rows = {0};
	collect(tbl, "tr", &rows);
	trow r = {0, 0, table_width(&rows), NULL};
	r.above = calloc((size_t)r.width, sizeof *r.above);
	if (!r.above || rows.oom)
		fail(d, NS_ERR_NOMEM, "out of memory reading DOCX");
	for (int i = 0; i < rows.n && !d->rc; i++)
		if (!tr_deleted(rows.v[i]))
			table_row(d, rows.v[i], &r);
	free(r.above);
	free(rows.v);
}

/* ---- the ZIP container ------------------------------------------------- */

static const unsigned char OLE_MAGIC[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1
};

/* An OLE compound file: Office's wrapper of an encrypted .docx (a stream
 * named EncryptedPackage, its name in UTF-16LE), or a legacy .doc/.wps. */
static int ole_file(nsl_layout *l, const char *buf, size_t len)
{
	static const char name[] = "EncryptedPackage";
	char u16[2 * sizeof name];
	for (size_t i = 0; i < sizeof name - 1; i++) {
		u16[2 * i] = name[i];
		u16[2 * i + 1] = 0;
	}
	if (memmem(buf, len, u16, 2 * (sizeof name - 1)))
		return nsl_fail(l, NS_ERR_ENCRYPTED,
		                "DOCX is password-protected (encrypted OLE package)");
	return nsl_fail(l, NS_ERR_FORMAT,
	                "not a DOCX: an OLE compound file (legacy .doc/.wps?)");
}

static int entry_open_error(nsl_layout *l, zip_t *za, const char *part)
{
	int ze = zip_error_code_zip(zip_get_error(za));
	if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD ||
	    ze == ZIP_ER_ENCRNOTSUPP)
		return nsl_fail(l, NS_ERR_ENCRYPTED, "DOCX part %s is encrypted", part);
	return nsl_fail(l, NS_ERR_FORMAT, "cannot open %s in the DOCX: %s", part,
	                zip_strerror(za));
}

/* Inflate in chunks and count what comes out: the declared size is only a
 * claim, a bomb may declare a few bytes and inflate to gigabytes.  Returns
 * NS_OK or the NS_ERR_* code, for the caller to report or not. */
static int inflate_raw(zip_file_t *f, long long max, char **out,
                       size_t *outlen)
{
	size_t cap = READ_CHUNK + 1, used = 0;
	char *p = malloc(cap);
	if (!p)
		return NS_ERR_NOMEM;
	for (;;) {
		if (cap - used < READ_CHUNK + 1) {
			char *np = realloc(p, cap * 2);
			if (!np) {
				free(p);
				return NS_ERR_NOMEM;
			}
			p = np;
			cap *= 2;
		}
		zip_int64_t n = zip_fread(f, p + used, READ_CHUNK);
		if (n < 0) {
			free(p);
			return NS_ERR_FORMAT;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if ((long long)used > max) {
			free(p);
			return NS_ERR_TOO_LARGE;
		}
	}
	p[used] = 0;
	*out = p;
	*outlen = used;
	return NS_OK;
}

static int inflate_entry(nsl_layout *l, zip_file_t *f, const char *part, long long max,
                         char **out, size_t *outlen)
{
	int rc = inflate_raw(f, max, out, outlen);
	if (rc == NS_ERR_NOMEM)
		return nsl_fail(l, rc, "out of memory reading DOCX");
	if (rc == NS_ERR_FORMAT)
		return nsl_fail(l, rc, "DOCX is damaged: %s cannot be inflated (%s)",
		                part, zip_file_strerror(f));
	if (rc == NS_ERR_TOO_LARGE)
		return nsl_fail(l, rc, "%s inflates to more than the limit of %lld "
		                "bytes (zip bomb?)", part, max);
	return rc;
}

static int read_entry(nsl_layout *l, zip_t *za, char *part, long long max, char **out,
                      size_t *outlen)
{
	zip_int64_t idx = zip_name_locate(za, part, ZIP_FL_NOCASE);
	if (idx < 0)
		return nsl_fail(l, NS_ERR_FORMAT,
		                "not a Word document: the ZIP has no %s", part);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0)
		return nsl_fail(l, NS_ERR_FORMAT, "DOCX is damaged: %s",
		                zip_strerror(za));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE)
		return nsl_fail(l, NS_ERR_ENCRYPTED, "DOCX part %s is encrypted",
		                part);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)max)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "%s declares %llu bytes inflated, over the limit "
		                "of %lld", part, (unsigned long long)st.size,
		                max);
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f)
		return entry_open_error(l, za, part);
	int rc = inflate_entry(l, f, part, max, out, outlen);
	zip_fclose(f);
	return rc;
}

static void main_part(zip_t *za, size_t zipped, char *part, size_t cap);
static int archived_reports(zip_t *za);
static void read_chunks(zip_t *za, const char *part, long long max, size_t zipped,
                        chunks *alt);

/* The main part (document.xml: its name into part) into out, the lists of
 * numbering.xml into nb, the styles that hide text into vs. */
static int read_part(nsl_layout *l, const char *buf, size_t len,
                     long long max, char *part, size_t cap, char **out, size_t *outlen,
                     nsl_docxnum **nb, vstyles *vs, chunks *alt)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX");
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		int rc = nsl_fail(l, NS_ERR_FORMAT,
		                  "not a readable DOCX: damaged ZIP archive (%s)",
		                  zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	/* word/document.xml where there is one (a relationship pointing at
	 * another part, docProps/app.xml, is a writer's slip), else the part
	 * the relationships name: _rels/.rels is read only then */
	if (zip_name_locate(za, DOCX_PART, ZIP_FL_NOCASE) >= 0)
		snprintf(part, cap, "%s", DOCX_PART);
	else
		main_part(za, len, part, cap);
	int reports = zip_name_locate(za, part, ZIP_FL_NOCASE) < 0 ? archived_reports(za) : 0;
	if (reports) {
		zip_discard(za);
		return nsl_fail(l, NS_ERR_FORMAT, "a ZIP archive of %d report file%s, not a report: "
		                "unpack it and score its folder (unzip -O GB18030 keeps the "
		                "Chinese names of files zipped on Windows)", reports,
		                reports == 1 ? "" : "s");
	}
	int rc = read_entry(l, za, part, max, out, outlen);
	if (rc == NS_OK && nb)
		*nb = nsl_docxnum_read(za, max, len);
	if (rc == NS_OK && alt)
		read_chunks(za, part, max, len, alt);
	if (rc == NS_OK && vs) {
		xmlDocPtr st = nsl_ooxml_part(za, "word/styles.xml",
		                              max < (16LL << 20) ? max : (16LL << 20),
		                              len, "styles");
		vstyles_read(vs, st);
		xmlFreeDoc(st);
	}
	zip_discard(za); /* read-only: nothing to write back; frees src */
	return rc;
}

/* ---- XML --------------------------------------------------------------- */

/* The first complaint of libxml2 says most about what is wrong; later ones
 * are echoes ("Premature end of data"). */
typedef struct xml_err {
	char msg[160];
	int line;
} xml_err;

static void first_error(void *ctx, xmlErrorPtr e)
{
	xml_err *x = ctx;
	if (x->msg[0] || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	size_t n = strlen(e->message);
	while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	if (n >= sizeof x->msg)
		n = sizeof x->msg - 1;
	memcpy(x->msg, e->message, n);
	x->msg[n] = 0;
	x->line = e->line;
}

static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* SAX hook for <!DOCTYPE: stop before any entity is declared. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* The tree libxml2 builds costs some 100-200 bytes per element and per
 * attribute, and deflate packs `<w:p/>` a thousand to one: a 60 KB file of
 * empty paragraphs or runs took 1.5 GB.  So the parse counts what it
 * builds and stops past a budget that grows with the file as given (the
 * compressed size): a floor no real report comes near (the largest in the
 * corpus have some tens of thousands), then 8 per compressed byte (Word's
 * XML runs about one per compressed byte). */
#define XML_FLOOR 262144LL
#define XML_PER_BYTE 8LL

typedef struct xml_budget {
	long long left, limit;
	int over;
	startElementNsSAX2Func start;
} xml_budget;

static void counted_start(void *ctx, const xmlChar *localname,
                          const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	xml_budget *b = c->_private;
	b->left -= 1 + (nb_attributes > 0 ? nb_attributes : 0);
	if (b->left < 0) {
		b->over = 1;
		xmlStopParser(c);
		return;
	}
	b->start(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	         nb_attributes, nb_defaulted, attributes);
}

static int xml_error(nsl_layout *l, const char *part, xmlParserCtxtPtr ctxt,
                     const xml_err *x)
{
	const xml_budget *b = ctxt->_private;
	if (b && b->over)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%s has more than %lld XML elements "
		                "and attributes, over what a DOCX of this size can hold "
		                "(a file of empty paragraphs or runs?)", part,
		                b->limit);
	if (ctxt->errNo == XML_ERR_USER_STOP)
		return nsl_fail(l, NS_ERR_FORMAT,
		                "%s has a DOCTYPE, which OPC forbids", part);
	if (ctxt->errNo == XML_ERR_NO_MEMORY)
		return nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX");
	return nsl_fail(l, NS_ERR_FORMAT, "%s is not well-formed XML (line %d: "
	                "%s)", part, x->line,
	                x->msg[0] ? x->msg : "unknown error");
}

/* Parse with libxml2's error output silenced: the library never prints.
 * The handlers are per thread in libxml2, so saving and restoring them
 * around the call leaves a host's own settings alone.  A failure is
 * reported on l, or (l NULL: an optional part) only by the NULL. */
static xmlDocPtr parse_xml(nsl_layout *l, const char *part, const char *xml,
                           size_t len, size_t zipped, int *rc)
{
	xmlStructuredErrorFunc old_s = xmlStructuredError;
	void *old_sctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_g = xmlGenericError;
	void *old_gctx = xmlGenericErrorContext;
	xml_err x = {"", 0};
	xmlSetStructuredErrorFunc(&x, first_error);
	xmlSetGenericErrorFunc(NULL, quiet_generic);

	xmlDocPtr doc = NULL;
	xml_budget budget = {0, 0, 0, NULL};
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		*rc = l ? nsl_fail(l, NS_ERR_NOMEM, "out of memory reading DOCX")
		        : NS_ERR_NOMEM;
	} else {
		ctxt->sax->internalSubset = on_doctype;
		budget.limit = budget.left = XML_FLOOR + XML_PER_BYTE * (long long)zipped;
		budget.start = ctxt->sax->startElementNs;
		if (budget.start) {
			ctxt->_private = &budget;
			ctxt->sax->startElementNs = counted_start;
		}
		doc = xmlCtxtReadMemory(ctxt, xml, (int)len, part, NULL,
		                        XML_PARSE_NONET | XML_PARSE_NOERROR |
		                        XML_PARSE_NOWARNING);
		if (!doc || ctxt->errNo == XML_ERR_USER_STOP || budget.over) {
			*rc = l ? xml_error(l, part, ctxt, &x) : NS_ERR_FORMAT;
			xmlFreeDoc(doc);
			doc = NULL;
		}
		xmlFreeParserCtxt(ctxt);
	}
	xmlSetStructuredErrorFunc(old_sctx, old_s);
	xmlSetGenericErrorFunc(old_gctx, old_g);
	return doc;
}

/* An optional part (numbering.xml, styles.xml), quietly: -1 when it is
 * missing, encrypted, damaged or over max. */
static int read_optional(zip_t *za, const char *name, long long max,
                         char **out, size_t *outlen)
{
	zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return -1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0 ||
	    ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	     st.encryption_method != ZIP_EM_NONE) ||
	    ((st.valid & ZIP_STAT_SIZE) && st.size > (zip_uint64_t)max))
		return -1;
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f)
		return -1;
	int rc = inflate_raw(f, max, out, outlen);
	zip_fclose(f);
	return rc == NS_OK ? 0 : -1;
}

/* The root of an optional part's tree if it is the element `root` (see
 * ooxml.h). */
xmlDocPtr nsl_ooxml_part(zip_t *za, const char *name, long long max,
                         size_t zipped, const char *root)
{
	char *xml = NULL;
	size_t len = 0;
	if (read_optional(za, name, max, &xml, &len) != 0)
		return NULL;
	int rc = NS_OK;
	xmlDocPtr doc = len <= INT_MAX ? parse_xml(NULL, name, xml, len, zipped,
	                                           &rc) : NULL;
	free(xml);
	xmlNode *r = doc ? xmlDocGetRootElement(doc) : NULL;
	if (doc && !(r && is_w(r, root))) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}


/* A relationship of a package's .rels part, inside the package (one whose
 * TargetMode is External points elsewhere: nothing there is read). */
typedef void (*rel_fn)(void *ud, const char *type, const char *target, const char *id);

/* fn for each relationship of the .rels part `name`, in order. */
static void each_rel(zip_t *za, const char *name, size_t zipped, rel_fn fn, void *ud)
{
	char *xml = NULL;
	size_t len = 0;
	if (read_optional(za, name, 1 << 20, &xml, &len) != 0)
		return;
	int rc = NS_OK;
	xmlDocPtr doc = parse_xml(NULL, name, xml, len, zipped, &rc);
	free(xml);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Relationship") != 0)
			continue;
		xmlChar *type = xmlGetProp(c, (const xmlChar *)"Type");
		xmlChar *target = xmlGetProp(c, (const xmlChar *)"Target");
		xmlChar *mode = xmlGetProp(c, (const xmlChar *)"TargetMode");
		xmlChar *id = xmlGetProp(c, (const xmlChar *)"Id");
		if (type && target && !mode)
			fn(ud, (const char *)type, (const char *)target, id ? (const char *)id : "");
		xmlFree(type);
		xmlFree(target);
		xmlFree(mode);
		xmlFree(id);
	}
	xmlFreeDoc(doc);
}

/* Does a relationship's Type end with /tail (transitional and strict
 * OOXML name the same kinds under other prefixes)? */
static int rel_is(const char *type, const char *tail)
{
	size_t n = strlen(type), m = strlen(tail);
	return n > m && type[n - m - 1] == '/' && strcasecmp(type + n - m, tail) == 0;
}

typedef struct main_ud {
	char *part;
	size_t cap;
} main_ud;

static void main_rel(void *ud, const char *type, const char *target, const char *id)
{
	main_ud *u = ud;
	(void)id;
	while (*target == '/')
		target++;
	if (rel_is(type, "officeDocument") && *target && strlen(target) < u->cap)
		snprintf(u->part, u->cap, "%s", target);
}

/* The files of a ZIP that are reports by their names (ns_report_name),
 * when it is no Office package ([Content_Types].xml): a district's reports
 * zipped, given where a report was. */
static int archived_reports(zip_t *za)
{
	if (zip_name_locate(za, "[Content_Types].xml", ZIP_FL_NOCASE) >= 0)
		return 0;
	int n = 0;
	zip_int64_t k = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < k; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		const char *base = name ? strrchr(name, '/') : NULL;
		n += name && ns_report_name(base ? base + 1 : name) == 1;
	}
	return n;
}

/* The main part's name where there is no word/document.xml (read_part):
 * the one the package's relationships (_rels/.rels) name the office
 * document, as Word finds it (a writer may call it word/document2.xml, or
 * put it elsewhere), else word/document.xml.  cap >= sizeof DOCX_PART. */
static void main_part(zip_t *za, size_t zipped, char *part, size_t cap)
{
	snprintf(part, cap, "%s", DOCX_PART);
	main_ud u = {part, cap};
	each_rel(za, "_rels/.rels", zipped, main_rel, &u);
}

typedef struct chunk_ud {
	zip_t *za;
	const char *part;
	size_t dir;        /* the main part's folder, the targets' base */
	long long left;    /* bytes the chunks may still take */
	chunks *alt;
} chunk_ud;

static void chunk_rel(void *ud, const char *type, const char *target, const char *id)
{
	chunk_ud *u = ud;
	chunk *v;
	if (!rel_is(type, "aFChunk") || u->alt->n >= 64 || strlen(id) >= sizeof v->id ||
	    !(v = realloc(u->alt->v, sizeof *v * (size_t)(u->alt->n + 1))))
		return;
	u->alt->v = v;
	v = &u->alt->v[u->alt->n];
	memset(v, 0, sizeof *v);
	char name[600];
	if (target[0] == '/')
		snprintf(name, sizeof name, "%s", target + 1);
	else
		snprintf(name, sizeof name, "%.*s%s", (int)u->dir, u->part, target);
	strcpy(v->id, id);
	if (read_optional(u->za, name, u->left, &v->data, &v->len) == 0) {
		u->left -= (long long)v->len;
		u->alt->n++;
	}
}

/* The parts the main part's relationships (word/_rels/document.xml.rels)
 * import as altChunks (Type …/aFChunk, inside the package), by id: up to
 * 64 of them, and no more bytes in all than a part may inflate to. */
static void read_chunks(zip_t *za, const char *part, long long max, size_t zipped,
                        chunks *alt)
{
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
	char rels[600];
	snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
	chunk_ud u = {za, part, dir, max, alt};
	each_rel(za, rels, zipped, chunk_rel, &u);
}

static int load_document(nsl_layout *l, const char *part, const char *xml, size_t len,
                         long long max, size_t zipped, nsl_docxnum *nb,
                         vstyles *vs, chunks *alt)
{
	if (len > INT_MAX)
		return nsl_fail(l, NS_ERR_TOO_LARGE, "%s is too large to parse", part);
	int rc = NS_OK;
	xmlDocPtr doc = parse_xml(l, part, xml, len, zipped, &rc);
	if (!doc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *body = root && is_w(root, "document") ? child_w(root, "body")
	                                                : NULL;
	if (!body) {
		xmlFreeDoc(doc);
		return nsl_fail(l, NS_ERR_FORMAT,
		                "%s is not a WordprocessingML document (no w:body)", part);
	}
	l->max_bytes = max; /* text no larger than the part it comes from */
	docx d = {l, nb, alt, 0, 0, NS_OK};
	doc->_private = vs;
	blocks(&d, body, NULL, NULL);
	doc->_private = NULL;
	xmlFreeDoc(doc);
	if (d.rc)
		return d.rc;
	if (!d.nonblank)
		return nsl_fail(l, NS_ERR_EMPTY, "DOCX body has no text");
	return NS_OK;
}

int nsl_load_docx(nsl_layout *l, const char *buf, size_t len,
                  const nsl_limits *lim)
{
	long long max_in = lim && lim->input_bytes > 0 ? lim->input_bytes : 0;
	long long max_unz = lim && lim->unzipped_bytes > 0 ? lim->unzipped_bytes
	                                                   : DEFAULT_UNZIPPED;
	l->media_type = DOCX_MEDIA;
	l->encoding = "UTF-8";
	if (!buf || len == 0)
		return nsl_fail(l, NS_ERR_EMPTY, "empty input: no DOCX data");
	if (max_in && (long long)len > max_in)
		return nsl_fail(l, NS_ERR_TOO_LARGE,
		                "DOCX of %zu bytes is over the input limit of %lld",
		                len, max_in);
	if (len >= sizeof OLE_MAGIC &&
	    memcmp(buf, OLE_MAGIC, sizeof OLE_MAGIC) == 0)
		return ole_file(l, buf, len);
	if (len < 4 || memcmp(buf, "PK", 2) != 0)
		return nsl_fail(l, NS_ERR_FORMAT, "not a DOCX: no ZIP signature");
	xmlInitParser();
	char *xml = NULL;
	size_t xlen = 0;
	nsl_docxnum *nb = NULL;
	vstyles vs = {NULL, 0, 0};
	char part[256];
	chunks alt = {NULL, 0};
	int rc = read_part(l, buf, len, max_unz, part, sizeof part, &xml, &xlen, &nb, &vs, &alt);
	if (rc == NS_OK)
		rc = load_document(l, part, xml, xlen, max_unz, len, nb, &vs, &alt);
	for (int i = 0; i < alt.n; i++) {
		free(alt.v[i].data);
		if (alt.v[i].read)
			nsl_clear(&alt.v[i].t);
	}
	free(alt.v);
	free(vs.v);
	free(xml);
	nsl_docxnum_free(nb);
	return rc;
}
