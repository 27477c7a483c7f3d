/*
 * fuzz_layouts.c — many generated reports in every layout, parsed back.
 *
 *   fuzz-layouts [-n N] [-s SEED] [-o DIR] [-l LAYOUT] [-k FAILS] [-w WORDS]
 *
 * -w tune|held|all: labels reworded as real reports print them (render.h,
 * gen_reword) from the tuning half of the generator's wordings, the half
 * held out from tuning, or both; the values and layouts stay those of the
 * same run without -w.
 *
 * Documents 0..N-1 of the run take layouts in turn; document k is made
 * from (SEED, k) alone (gen_doc), so any failure is reproduced by its
 * number.  Per layout it prints how many cells came back right, honestly
 * null (no value, with a diagnostic), wrong, or missing (lost silently),
 * the rows where the bad cells were, and the first few failures, each
 * with its document written to DIR for inspection.  Exit status 0: the
 * driver is a measuring tool, not a gate (test_roundtrip is the gate).
 */
#include "nianshen.h"
#include "render.h"
#include "map/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* -v: cells per row label as printed (the reworded ones), over all layouts */
typedef struct wstat_ {
	const char *label;
	int t, row;
	long right, wrong, other;
} wstat_;
static wstat_ wst[512];
static int nwst;

static wstat_ *wstat_of(const char *label, int t, int row)
{
	for (int i = 0; i < nwst; i++)
		if (wst[i].label == label && wst[i].t == t && wst[i].row == row)
			return &wst[i];
	if (nwst == 512)
		return NULL;
	wst[nwst] = (wstat_){label, t, row, 0, 0, 0};
	return &wst[nwst++];
}

static int wcmp(const void *a, const void *b)
{
	const wstat_ *x = a, *y = b;
	if (x->wrong != y->wrong)
		return x->wrong < y->wrong ? 1 : -1;
	return x->other < y->other ? 1 : x->other > y->other ? -1 : 0;
}

typedef struct lstat_ {
	long docs, exact, honest_docs, load_fail, render_fail;
	gen_score s;
	long bad_rows[3][32]; /* wrong + missing cells per template row */
	long wrong_rows[3][32];
	int shown;
} lstat_;

int main(int argc, char **argv)
{
	long n = 3000;
	unsigned long long seed = 1;
	const char *dir = "fuzz-out";
	int only = -1, maxshow = 3, verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = atol(argv[++i]);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			maxshow = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-w") && i + 1 < argc) {
			const char *w = argv[++i];
			gen_words = !strcmp(w, "tune") ? GEN_WORDS_TUNE : !strcmp(w, "held") ? GEN_WORDS_HELD
			          : !strcmp(w, "all") ? GEN_WORDS_ALL : -1;
			if (gen_words < 0) {
				fprintf(stderr, "fuzz-layouts: -w tune, held or all\n");
				return 2;
			}
		}
		else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
			const char *l = argv[++i];
			for (int k = 0; k < GL_NLAYOUTS; k++)
				if (!strcmp(l, gen_layout_name(k)))
					only = k;
			if (only < 0) {
				fprintf(stderr, "fuzz-layouts: no layout %s\n", l);
				return 2;
			}
		} else {
			fprintf(stderr, "usage: fuzz-layouts [-n N] [-s SEED] [-o DIR] [-l LAYOUT] [-k FAILS] [-w tune|held|all]\n"
			                "layouts:");
			for (int k = 0; k < GL_NLAYOUTS; k++)
				fprintf(stderr, " %s", gen_layout_name(k));
			fputc('\n', stderr);
			return 2;
		}
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		perror(dir);
		return 2;
	}
	static const char *const wn[4] = {"", ", labels reworded (tuning half)",
	                                  ", labels reworded (held-out half)",
	                                  ", labels reworded (both halves)"};
	printf("fuzz-layouts: %ld documents, seed %llu%s, failures written to %s/\n", n, seed,
	       wn[gen_words], dir);
	static lstat_ st[GL_NLAYOUTS];
	ns_ctx *ctx = ns_open();
	clock_t t0 = clock();
	for (long k = 0; k < n; k++) {
		int layout = only >= 0 ? only : (int)(k % GL_NLAYOUTS);
		lstat_ *L = &st[layout];
		gen_model m;
		gbuf b = {0};
		L->docs++;
		if (gen_doc(seed, k, layout, &m, &b) != 0) {
			L->render_fail++;
			gb_free(&b);
			continue;
		}
		char name[64];
		snprintf(name, sizeof name, "gen-%ld.%s", k, gen_layout_ext(layout));
		ns_report *r = NULL;
		int rc = ns_load_buffer(ctx, b.p, b.n, name, NULL, &r);
		int bad;
		char first[600];
		if (rc != NS_OK) {
			L->load_fail++;
			L->s.n[GC_MISSING] += 200;
			bad = 200;
			snprintf(first, sizeof first, "load failed: %s", ns_errmsg(ctx));
		} else {
			gen_score s = {0};
			bad = gen_check(r, &m, &s);
			for (int c = 0; c < GC_N; c++)
				L->s.n[c] += s.n[c];
			snprintf(first, sizeof first, "%s", s.first);
			if (!bad && !s.n[GC_HONEST])
				L->exact++;
			if (!s.n[GC_WRONG])
				L->honest_docs++;
			/* where the bad cells are, by row */
			static const char *const tabs[3] = {"t2", "t3", "t4"};
			for (int t = 0; t < 3 && (bad || verbose); t++) {
				const nsm_table *tp = nsm_table_get(t, NS_EDITION_2021);
				for (int i = 0; i < tp->nrows; i++)
					for (int j = 0; j < tp->ncols; j++) {
						if (!nsm_has_cell(tp, i, j))
							continue;
						double mv = t == 0 ? m.t2[i][j] : t == 1 ? m.t3[i][j] : m.t4[i][j];
						int mb = t == 0 ? m.b2[i][j] : t == 1 ? m.b3[i][j] : m.b4[i][j];
						const ns_cell *c = ns_report_cell(r, tabs[t], tp->rows[i].id, tp->cols[j].id);
						int has = c && c->has_value;
						int wrong = has && (mb ? !(c->inferred && c->value == 0) : c->value != mv);
						if (verbose && t < 2) {
							const char *lab = t == 0 ? m.t2row[i] : m.t3row[i];
							wstat_ *w = wstat_of(lab, t, i);
							if (w && !wrong && (has || mb))
								w->right++;
							else if (w)
								*(wrong ? &w->wrong : &w->other) += 1;
						}
						if (wrong)
							L->wrong_rows[t][i]++;
						if (wrong || (!has && !mb))
							L->bad_rows[t][i]++;
					}
			}
		}
		if (bad && L->shown < maxshow) {
			char path[512];
			snprintf(path, sizeof path, "%s/%s-%ld.%s", dir, gen_layout_name(layout), k,
			         gen_layout_ext(layout));
			FILE *f = fopen(path, "wb");
			if (f) {
				fwrite(b.p, 1, b.n, f);
				fclose(f);
			}
			printf("  %-12s doc %-6ld %s  [%s]\n", gen_layout_name(layout), k, first, path);
			L->shown++;
		}
		ns_report_release(r);
		gb_free(&b);
	}
	ns_close(ctx);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;

	printf("\n%-12s %6s %7s %7s | %8s %8s %8s %8s  cells\n", "layout", "docs", "exact",
	       "no-wrong", "right", "honest", "wrong", "missing");
	for (int l = 0; l < GL_NLAYOUTS; l++) {
		lstat_ *L = &st[l];
		if (!L->docs)
			continue;
		long tot = 0;
		for (int c = 0; c < GC_N; c++)
			tot += L->s.n[c];
		if (L->render_fail == L->docs) {
			printf("%-12s %6ld  not rendered (no CJK font for cairo?)\n", gen_layout_name(l), L->docs);
			continue;
		}
		double d = tot ? 100.0 / (double)tot : 0;
		printf("%-12s %6ld %6.1f%% %6.1f%% | %7.2f%% %7.2f%% %7.2f%% %7.2f%%  %ld%s\n",
		       gen_layout_name(l), L->docs, 100.0 * L->exact / L->docs,
		       100.0 * L->honest_docs / L->docs, L->s.n[GC_RIGHT] * d, L->s.n[GC_HONEST] * d,
		       L->s.n[GC_WRONG] * d, L->s.n[GC_MISSING] * d, tot,
		       L->load_fail ? " (some failed to load)" : "");
	}
	printf("\nrows with the most cells not right (honest + wrong + missing; wrong in brackets):\n");
	for (int l = 0; l < GL_NLAYOUTS; l++) {
		lstat_ *L = &st[l];
		if (!L->docs || !(L->s.n[GC_HONEST] + L->s.n[GC_WRONG] + L->s.n[GC_MISSING]))
			continue;
		printf("  %-12s", gen_layout_name(l));
		for (int shown = 0; shown < 6; shown++) {
			int bt = -1, bi = -1;
			long best = 0;
			for (int t = 0; t < 3; t++)
				for (int i = 0; i < 32; i++)
					if (L->bad_rows[t][i] > best)
						best = L->bad_rows[t][i], bt = t, bi = i;
			if (bt < 0)
				break;
			printf(" t%d.%s %ld(%ld)", bt + 2, nsm_table_get(bt, NS_EDITION_2021)->rows[bi].id,
			       best, L->wrong_rows[bt][bi]);
			L->bad_rows[bt][bi] = 0;
		}
		printf("\n");
	}
	if (verbose) {
		qsort(wst, (size_t)nwst, sizeof wst[0], wcmp);
		printf("\nrow labels as printed: cells right / wrong / other (honest or missing)\n");
		for (int i = 0; i < nwst; i++)
			if (wst[i].wrong || wst[i].other)
				printf("  t%d.%-28s %6ld %6ld %6ld  %s\n", wst[i].t + 2,
				       nsm_table_get(wst[i].t, NS_EDITION_2021)->rows[wst[i].row].id,
				       wst[i].right, wst[i].wrong, wst[i].other, wst[i].label);
	}
	printf("\n%.1f s CPU\n", secs);
	return 0;
}
