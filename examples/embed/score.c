/*
 * score.c — a C host of libnianshen: scores a district and prints each
 * report's rank, score and path, then its top findings (the failures that
 * cost most), through the findings API (no JSON).
 *
 *   cc score.c $(pkg-config --cflags --libs nianshen) -o score
 *   ./score DISTRICT_DIR [SCHEME.lua]     (default: the installed default scheme)
 */
#include <nianshen.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The top findings: failures (and broken checks) by deduction, at most 3. */
static void print_top(const ns_result *res)
{
	int n = ns_result_nfindings(res), shown[3] = {-1, -1, -1};
	for (int t = 0; t < 3; t++) {
		double best = -1;
		for (int k = 0; k < n; k++) {
			const ns_finding *f = ns_result_finding(res, k);
			const char *st = ns_finding_status(f);
			if (strcmp(st, "fail") && strcmp(st, "error"))
				continue;
			if (k == shown[0] || k == shown[1])
				continue;
			if (ns_finding_deduction(f) > best) {
				best = ns_finding_deduction(f);
				shown[t] = k;
			}
		}
		if (shown[t] < 0)
			break;
		const ns_finding *f = ns_result_finding(res, shown[t]);
		printf("    -%g %s %s: %s", ns_finding_deduction(f), ns_finding_severity(f),
		       ns_finding_rule(f), ns_finding_message(f));
		if (ns_finding_nevidence(f) > 0 && ns_finding_evidence_line(f, 0) > 0)
			printf(" (line %d)", ns_finding_evidence_line(f, 0));
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DISTRICT_DIR [SCHEME.lua]\n", argv[0]);
		return 64;
	}
	char scheme_path[4096];
	if (argc > 2)
		snprintf(scheme_path, sizeof scheme_path, "%s", argv[2]);
	else
		snprintf(scheme_path, sizeof scheme_path, "%s/schemes/default.lua", ns_rules_dir());
	printf("scheme\t%s\n", scheme_path);

	ns_ctx *ctx = ns_open();
	ns_scheme *s;
	if (ns_scheme_load(ctx, scheme_path, &s) != NS_OK) {
		fprintf(stderr, "%s\n", ns_errmsg(ctx));
		return 3;
	}
	ns_run *run = ns_run_new(ctx, s);

	/* the report files of the directory, in name order (as `nianshen score`) */
	DIR *d = opendir(argv[1]);
	if (!d) {
		perror(argv[1]);
		return 3;
	}
	char *names[1024];
	int nn = 0;
	struct dirent *e;
	while ((e = readdir(d)) && nn < 1024)
		if (ns_report_name(e->d_name) == 1)
			names[nn++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)nn, sizeof *names, by_name);
	for (int i = 0; i < nn; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		ns_report *r;
		if (ns_load_file(ctx, path, NULL, &r) == NS_OK) {
			ns_run_add(run, r);
			ns_report_release(r); /* the run holds its own reference */
		} else {
			ns_run_add_failure(run, path, ns_errcode(ctx), ns_errmsg(ctx));
		}
		free(names[i]);
	}

	if (ns_run_execute(run, 2) != NS_OK) {
		fprintf(stderr, "%s\n", ns_errmsg(ctx));
		return 3;
	}
	for (int i = 0; i < ns_run_count(run); i++) {
		const ns_result *res = ns_run_result(run, i);
		if (ns_result_load_error(res))
			printf("%d\t-\t%s\t%s\n", ns_result_rank(res), ns_result_path(res),
			       ns_result_load_error(res));
		else
			printf("%d\t%g\t%s\n", ns_result_rank(res), ns_result_score(res),
			       ns_result_path(res));
		print_top(res);
	}
	int worst = ns_run_worst(run);
	ns_run_free(run);      /* every result and string above dies here */
	ns_scheme_free(s);     /* after the run: its results refer to the scheme */
	ns_close(ctx);
	return worst;
}
