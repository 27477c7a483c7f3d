/*
 * test_roundtrip.c — parse(render(model)) must give back every cell.
 *
 * Reports are generated (core/tests/gen/render.c): random values that keep
 * the template's arithmetic, some blank cells and blank rows, rendered in
 * the layouts real reports come in.  Each loaded cell is classed right /
 * honest (null with a diagnostic) / wrong / missing (render.h).  A fixed
 * seed makes every run the same documents; `fuzz-layouts` runs thousands
 * with any seed and writes failures out for inspection.
 *
 * Several layouts do not round-trip with today's loaders; the table below
 * says, per layout, what is asserted, so that this test passes now and
 * catches regressions, and a layout moves up a level when its loader is
 * fixed (the printed accuracy tells when).
 */
#include "nianshen.h"
#include "render.h"
#include "t.h"

#include <time.h>

#define SEED 20240601ULL
#define DOCS_PER_LAYOUT 30

enum {
	EXP_EXACT,  /* every cell right in every document */
	EXP_HONEST, /* no wrong value anywhere (null with a diagnostic is fine) */
	EXP_GAP     /* known not to work yet: measured and printed, not asserted */
};
static const char *const exp_name[] = {"exact", "honest", "gap"};

/* What each layout is held to, on this test's fixed seed.  Grid forms
 * (Markdown, HTML, DOCX) give back every cell; the forms where an empty
 * cell leaves no mark (-layout text and PDF: the mapper puts values under
 * their columns by position, map/columns.c; TSV with empty fields omitted:
 * nothing to tell) and glued crawler text give back every cell right or
 * honestly null with a diagnostic, never a wrong value.
 *
 * `fuzz-layouts -n 3000` (make fuzz-layouts) still finds a few wrong or
 * silently missing cells in 3000 documents with other seeds, in classes
 * too rare for this seed; they are the loaders' work list:
 *   - -layout text: a row whose label wraps beside the merged group label
 *     and whose values sit between its label lines takes a neighbour's
 *     value (about 1 document in 3000);
 *   - TSV with empty fields omitted reads the short rows as null (honest).
 * Raise a level when a fix lands and fuzz-layouts shows it holds. */
static const int expect[GL_NLAYOUTS] = {
	[GL_PDFTEXT] = EXP_HONEST,
	[GL_TSV] = EXP_HONEST,
	[GL_GLUED] = EXP_HONEST,
	[GL_MD_ROWS] = EXP_EXACT,
	[GL_MD_SHRED] = EXP_EXACT,
	[GL_HTML] = EXP_EXACT,
	[GL_HTML_T4SPLIT] = EXP_HONEST,
	[GL_DOCX] = EXP_EXACT,
	[GL_PDF_RULED] = EXP_HONEST,
	[GL_PDF_UNRULED] = EXP_HONEST,
};

/* The generator itself must keep the template's arithmetic, or a cell that
 * comes back "wrong" could be the generator's fault. */
static int model_balances(const gen_model *m)
{
	for (int j = 0; j < GEN_T3C; j++) {
		if (m->t3[0][j] + m->t3[1][j] != m->t3[23][j] + m->t3[24][j])
			return 0;
		double s = 0;
		for (int i = 2; i <= 22; i++)
			s += m->t3[i][j];
		if (s != m->t3[23][j])
			return 0;
	}
	for (int i = 0; i < GEN_T3R; i++) {
		double s = 0;
		for (int j = 0; j < 6; j++)
			s += m->t3[i][j];
		if (s != m->t3[i][6])
			return 0;
	}
	for (int i = 0; i < GEN_T4R; i++)
		if (m->t4[i][0] + m->t4[i][1] + m->t4[i][2] + m->t4[i][3] != m->t4[i][4])
			return 0;
	for (int i = 0; i < GEN_T3R; i++)
		for (int j = 0; j < GEN_T3C; j++)
			if (m->b3[i][j] && m->t3[i][j] != 0)
				return 0;
	return 1;
}

int main(void)
{
	ns_ctx *ctx = ns_open();
	clock_t t0 = clock();
	printf("%-12s %-6s %5s %6s | %7s %7s %7s %7s\n", "layout", "expect", "docs", "exact",
	       "right", "honest", "wrong", "missing");
	for (int l = 0; l < GL_NLAYOUTS; l++) {
		gen_score tot = {0};
		int docs = 0, exact = 0, skipped = 0;
		char first[600] = "";
		for (int d = 0; d < DOCS_PER_LAYOUT; d++) {
			long k = (long)d * GL_NLAYOUTS + l;
			gen_model m;
			gbuf b = {0};
			int rc = gen_doc(SEED, k, l, &m, &b);
			CHECK_MSG(model_balances(&m), "doc %ld: the generated model does not balance", k);
			if (rc != 0) {
				/* only PDF can refuse: no CJK font on this machine (scripts/setup.sh
				 * installs fonts-wqy-zenhei) */
				skipped++;
				gb_free(&b);
				continue;
			}
			char name[64];
			snprintf(name, sizeof name, "gen-%ld.%s", k, gen_layout_ext(l));
			ns_report *r = NULL;
			rc = ns_load_buffer(ctx, b.p, b.n, name, NULL, &r);
			docs++;
			/* whatever the level, a generated report must load: a refusal is
			 * a regression in every layout */
			CHECK_MSG(rc == NS_OK, "%s doc %ld: %s", gen_layout_name(l), k, ns_errmsg(ctx));
			gen_score s = {0};
			int bad;
			if (rc != NS_OK) {
				s.n[GC_MISSING] = 200;
				bad = 200;
				snprintf(s.first, sizeof s.first, "load failed: %s", ns_errmsg(ctx));
			} else
				bad = gen_check(r, &m, &s);
			for (int c = 0; c < GC_N; c++)
				tot.n[c] += s.n[c];
			if (!bad && !s.n[GC_HONEST])
				exact++;
			if (bad && !first[0])
				snprintf(first, sizeof first, "doc %ld: %s", k, s.first);
			if (expect[l] == EXP_EXACT)
				CHECK_MSG(rc == NS_OK && bad == 0 && s.n[GC_HONEST] == 0,
				          "%s doc %ld (seed %llu): %s", gen_layout_name(l), k, SEED, s.first);
			else if (expect[l] == EXP_HONEST)
				CHECK_MSG(rc == NS_OK && s.n[GC_WRONG] == 0,
				          "%s doc %ld (seed %llu): %s", gen_layout_name(l), k, SEED, s.first);
			ns_report_release(r);
			gb_free(&b);
		}
		long cells = tot.n[0] + tot.n[1] + tot.n[2] + tot.n[3];
		double p = cells ? 100.0 / (double)cells : 0;
		if (skipped == DOCS_PER_LAYOUT) {
			printf("%-12s %-6s skipped: no CJK font for cairo\n", gen_layout_name(l),
			       exp_name[expect[l]]);
			continue;
		}
		printf("%-12s %-6s %5d %5.0f%% | %6.2f%% %6.2f%% %6.2f%% %6.2f%%\n", gen_layout_name(l),
		       exp_name[expect[l]], docs, 100.0 * exact / (docs ? docs : 1), tot.n[GC_RIGHT] * p,
		       tot.n[GC_HONEST] * p, tot.n[GC_WRONG] * p, tot.n[GC_MISSING] * p);
		if (first[0] && expect[l] == EXP_GAP)
			printf("    first failure: %s\n", first);
	}
	ns_close(ctx);
	printf("(%.1f s CPU; fuzz-layouts runs thousands with any seed)\n",
	       (double)(clock() - t0) / CLOCKS_PER_SEC);
	return t_done("test_roundtrip");
}
