/*
 * render.h — generated reports for round-trip tests.
 *
 * A report model (random values that keep the template's arithmetic, some
 * blank cells, some blank rows) is rendered in one of many layouts that
 * real published reports come in; the tests then check that
 * parse(render(model)) gives back every cell.  Everything is driven by one
 * seeded PRNG, so a failing document is reproduced from (seed, index).
 *
 * Only the public API (nianshen.h) and the template as data (map/template.h,
 * where row and column ids and labels are spelled once) are used: the
 * generator must not share code with the loaders it tests.
 */
#ifndef NS_GEN_RENDER_H
#define NS_GEN_RENDER_H

#include "nianshen.h"

#include <stddef.h>
#include <stdint.h>

/* ---- a growable byte buffer ------------------------------------------ */
typedef struct gbuf {
	char *p;
	size_t n, cap;
} gbuf;

void gb_put(gbuf *b, const char *s, size_t n);
void gb_puts(gbuf *b, const char *s);
void gb_printf(gbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gb_free(gbuf *b);

/* ---- PRNG (splitmix64: tiny, seedable, same numbers on every machine) -- */
typedef struct gen_rng {
	uint64_t s;
} gen_rng;

void gen_seed(gen_rng *g, uint64_t seed);
uint64_t gen_next(gen_rng *g);
int gen_int(gen_rng *g, int lo, int hi); /* lo..hi inclusive */
int gen_chance(gen_rng *g, int percent);

/* ---- the model ------------------------------------------------------- */
/* 2021 edition only: t2 6 rows x 5 cols (10 cells in use), t3 25 x 7, t4
 * 3 x 5.  b* marks a blank cell (printed empty); blanks are only ever put
 * on cells whose value is 0, so the arithmetic holds with blank = 0, as in
 * the reports that leave zeros unwritten. */
enum { GEN_T2R = 6, GEN_T2C = 5, GEN_T3R = 25, GEN_T3C = 7, GEN_T4R = 3, GEN_T4C = 5 };

typedef struct gen_model {
	int year;            /* report year, 2021..2025 */
	char agency[96];
	int s5_variant;      /* 0: canonical section 5 title, 1: a variant */
	int item_sep;        /* numbering of t3 items: 0 "1." 1 "1、" 2 "1．" */
	double t2[GEN_T2R][GEN_T2C];
	unsigned char b2[GEN_T2R][GEN_T2C];
	double t3[GEN_T3R][GEN_T3C];
	unsigned char b3[GEN_T3R][GEN_T3C];
	double t4[GEN_T4R][GEN_T4C];
	unsigned char b4[GEN_T4R][GEN_T4C];
	int nblank_cells, nblank_rows;
	/* The labels as this report prints them: the template's (map/template.h)
	 * unless gen_reword gave the report wordings of its own. */
	const char *t2row[GEN_T2R], *t2col[GEN_T2C];
	const char *t3row[GEN_T3R], *t3col[GEN_T3C];
	const char *t4col[GEN_T4C], *t4grp[3]; /* 行政复议, 未经复议…, 复议后… */
	const char *t3legal, *t3appl;          /* 法人或其他组织, 申请人情况 */
	char t2cap[4][64];                     /* 第二十条第（一）项 … */
	char t3result[64], t3grp[4][64];       /* 三、本年度办理结果, （三）不予公开 … */
	/* numbering in front of t3's labels: top "一、" (0) "1." (1) none (2);
	 * sub "（一）" (0) "(一)" (1) none (2); items: item_sep, or 3 "（1）",
	 * 4 "①", 5 none */
	int num_top, num_sub;
	int reworded;        /* labels reworded by gen_reword (how many) */
} gen_model;

/* allow_blanks 0: every cell printed (layouts where a blank leaves no
 * trace at all, such as glued crawler text). */
void gen_model_make(gen_model *m, gen_rng *g, int allow_blanks);

/* Rewordings: the labels as real agencies print them instead of the
 * template's words (shortened, lengthened, reworded, other brackets and
 * quotes, another numbering).  The generator's table of them is split in
 * two halves: GEN_WORDS_TUNE, the half the mapper may be tuned on, and
 * GEN_WORDS_HELD, held out to measure it honestly.  gen_doc rewords a
 * model by gen_words (0: never, the template's labels) from a PRNG stream
 * of its own, so that values and layout are those of the same document
 * without rewording. */
enum { GEN_WORDS_NONE = 0, GEN_WORDS_TUNE = 1, GEN_WORDS_HELD = 2, GEN_WORDS_ALL = 3 };
extern int gen_words;
void gen_reword(gen_model *m, gen_rng *g, int halves);

/* ---- layouts --------------------------------------------------------- */
typedef enum gen_layout {
	GL_PDFTEXT,       /* pdftotext -layout: space-padded fixed columns */
	GL_TSV,           /* PDF extraction: tab-separated cells */
	GL_GLUED,         /* crawler text: cells concatenated */
	GL_MD_ROWS,       /* one small pipe table per row or block */
	GL_MD_SHRED,      /* converter Markdown: labels detached, headers shredded */
	GL_HTML,          /* rowspan/colspan, nested spans */
	GL_HTML_T4SPLIT,  /* the same, t4 as three tables of five columns */
	GL_DOCX,          /* document.xml with gridSpan / vMerge */
	GL_PDF_RULED,     /* cairo PDF, ruled tables, page breaks, header repeated */
	GL_PDF_UNRULED,   /* cairo PDF, no rules */
	GL_NLAYOUTS
} gen_layout;

const char *gen_layout_name(int layout);
const char *gen_layout_ext(int layout);   /* file extension for dumps */
int gen_layout_blanks(int layout);        /* may the model have blanks? */

/* Render m in the given layout into out (appended).  rng drives the small
 * variations (wrapping widths, page breaks, markup).  0 on success, -1 when
 * the layout cannot be made on this machine (no CJK font for PDF). */
int gen_render(int layout, const gen_model *m, gen_rng *rng, gbuf *out);

/* Document k of a run with the given seed: its own PRNG stream (so that a
 * document is reproduced from seed and k alone), its model, its bytes.
 * Returns gen_render's status. */
int gen_doc(uint64_t seed, long k, int layout, gen_model *m, gbuf *out);

/* ---- checking -------------------------------------------------------- */
/* Per cell, one of:
 *   right    the loaded cell has the model's value, or both are blank;
 *   honest   no value loaded, and the report has a diagnostic (warning or
 *            error, or any code but cell.blank) naming the cell, its row
 *            or its table; also an arithmetic-inferred 0 for a blank cell
 *            (the loader says where it put it);
 *   wrong    a value that is not the model's (always a failure);
 *   missing  no value loaded, no diagnostic: silently lost. */
enum { GC_RIGHT, GC_HONEST, GC_WRONG, GC_MISSING, GC_N };

typedef struct gen_score {
	long n[GC_N];
	char first[512]; /* the first wrong/missing cell of the last check */
} gen_score;

/* Add the counts of report r against model m to s; returns the number of
 * wrong + missing cells of this report (first[] describes the first). */
int gen_check(const ns_report *r, const gen_model *m, gen_score *s);

#endif
