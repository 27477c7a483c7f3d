/* ranking.c — the ranked table on the terminal, read from the results JSON
 * so that the screen and the written files can never disagree. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* writers.c: an agency type id in Chinese */
const char *nsw_agency_type(const char *type);

static const char *str(const cJSON *o, const char *k, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : dflt;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Display width of UTF-8 text: CJK takes two columns. */
static int width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			w++;
		else if ((*p & 0xC0) != 0x80)
			w += 2;
	}
	return w;
}

/* s (made safe by cli_safe: control characters escaped) on one line of
 * the ranking, a report's row: a line break or a tab escaped too, which
 * in an agency or a file's name would forge rows or shift columns; the
 * escapes' extra width. */
static int put_row_text(FILE *f, const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (*s == '\n' || *s == '\t') {
			fputs(*s == '\n' ? "\\n" : "\\t", f);
			w += 2;
		} else {
			fputc(*s, f);
		}
	return w;
}

static void pad(FILE *f, const char *s, int cols)
{
	s = cli_safe(s);
	for (int k = width(s) + put_row_text(f, s); k < cols; k++)
		fputc(' ', f);
}

static void print_row(FILE *f, const cJSON *res)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(res, "counts");
	const cJSON *ld = cJSON_GetObjectItemCaseSensitive(res, "load_diagnostics");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(res, "score");
	const char *agency = str(res, "agency", NULL);
	/* '!' beside the rank: incomplete, ranked after every complete report */
	int inc = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "incomplete"));
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(res, "rank")))
		fprintf(f, "%4g%c ", num(res, "rank"), inc ? '!' : ' ');
	else
		fprintf(f, "   -%c ", inc ? '!' : ' ');
	if (agency) {
		pad(f, agency, 30);
	} else {
		const char *p = str(res, "path", "?");
		const char *b = strrchr(p, '/');
		pad(f, b ? b + 1 : p, 30);
	}
	const cJSON *y = cJSON_GetObjectItemCaseSensitive(res, "year");
	if (cJSON_IsNumber(y))
		fprintf(f, "%4d  ", (int)y->valuedouble);
	else
		fprintf(f, "   ?  ");
	/* the type as every other output says it (部门, 政府, 乡镇（街道）) */
	pad(f, nsw_agency_type(str(res, "agency_type", "unknown")), 12);
	fputs("  ", f);
	if (cJSON_IsNumber(score)) {
		/* as the other outputs give it, to the hundredth (13.75 was shown
		 * 13.8, 13.25 13.2): trailing zeros dropped */
		char sc[32];
		snprintf(sc, sizeof sc, "%.2f", score->valuedouble);
		char *e = sc + strlen(sc);
		while (e > sc && e[-1] == '0')
			*--e = 0;
		if (e > sc && e[-1] == '.')
			*--e = 0;
		fprintf(f, "%5s  %4g %4g %4g %4g %5g  ", sc, num(c, "error"), num(c, "warning"),
		        num(c, "info"), num(c, "not_assessable"), num(c, "rule_errors"));
	}
	else
		fprintf(f, "    —                              ");
	const char *le = str(res, "load_error", NULL);
	const char *dup = str(res, "duplicate_of", NULL);
	if (le) {
		fputs("FAILED: ", f);
		put_row_text(f, cli_safe(le));
	} else if (inc) {
		fprintf(f, "INCOMPLETE: %g check(s) broke", num(c, "rule_errors"));
	} else if (ld && (num(ld, "error") || num(ld, "warning")))
	{
		fprintf(f, "%g load error(s), %g load warning(s)", num(ld, "error"), num(ld, "warning"));
		/* which (edition.outdated...): parse FILE says where */
		const cJSON *code;
		int k = 0;
		cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(ld, "codes"))
			if (cJSON_IsString(code))
				fprintf(f, "%s%s", k++ ? ", " : ": ", code->valuestring);
	}
	if (dup) {
		fprintf(f, "%sDUPLICATE (%s) of ",
		        le || inc || (ld && (num(ld, "error") || num(ld, "warning"))) ? "; " : "",
		        strcmp(str(res, "unranked", ""), "duplicate_content") == 0
		        ? "same content" : "same agency and year");
		put_row_text(f, cli_safe(dup));
	}
	fputc('\n', f);
}

/* runout.c: the results' heads (writers.h), and one result whole */
cJSON *nse_run_summary(const ns_run *run);
cJSON *nse_run_result(const ns_run *run, int i);

static int cmp_year(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Is res (a report not ranked) the report `back` years before a ranked
 * one that compares with it (ctx.previous: 1, previous2: 2)?  Its result
 * says so (compared_with); the years say which. */
static int previous_of_ranked(const cJSON *res, int ranked_year, int back)
{
	return str(res, "compared_with", NULL) && (int)num(res, "year") == ranked_year - back;
}

void cli_print_ranking(FILE *f, const ns_run *run, const ns_scheme *s, long top)
{
	/* the results' heads, made without parsing any result (parsing every
	 * result, and printing the document to parse it back as this did
	 * first, cost more than scoring a district) */
	cJSON *root = nse_run_summary(run);
	if (!root)
		return;
	const cJSON *sch = cJSON_GetObjectItemCaseSensitive(root, "scheme");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(root, "summary");
	const cJSON *year = cJSON_GetObjectItemCaseSensitive(sum, "year");
	int ranked_year = (int)num(sum, "year"); /* 0: every year ranked */
	fprintf(f, "%s  (max %g points, scheme sha256 %.12s)", cli_safe(ns_scheme_name(s)),
	        num(sch, "max_score"), ns_scheme_sha256(s));
	if (cJSON_IsNumber(year))
		fprintf(f, "  — ranking of %d", (int)year->valuedouble);
	fputs("\n\n", f);
	fprintf(f, "rank  ");
	pad(f, "agency", 30);
	fprintf(f, "year  type          score   err warn info  n/a  rule  loading\n");
	const cJSON *res;
	long shown = 0, ranked = 0;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(res, "ranked")))
			continue;
		ranked++;
		if (top > 0 && shown >= top)
			continue;
		shown++;
		print_row(f, res);
	}
	if (top > 0 && ranked > shown)
		fprintf(f, "  … %ld more ranked (--top %ld)\n", ranked - shown, top);
	/* what is not ranked: the previous year of a ranked report (read as
	 * ctx.previous), other years, then duplicates, each under its own
	 * heading */
	char other_head[160];
	if (cJSON_IsNumber(year))
		snprintf(other_head, sizeof other_head, "not ranked: other years (ranked: %d; "
		         "--year all ranks every year)", (int)year->valuedouble);
	else
		snprintf(other_head, sizeof other_head, "not ranked: other years");
	const char *const heads[] = {
		"not ranked: the previous year of a ranked report (compared with it)",
		other_head, "not ranked: duplicates (same content, or same agency and year)"};
	const cJSON *results = cJSON_GetObjectItemCaseSensitive(root, "results");
	/* rows not ranked are context: a folder holding 1,000 copies of one
	 * report would print 999 rows of DUPLICATE; the first UNRANKED_ROWS of
	 * each list, then their count (the result files list every one) */
	enum { UNRANKED_ROWS = 20 };
	long cap = top > 0 ? top : UNRANKED_ROWS;
	for (int h = 0; h < 3; h++) {
		int any = 0;
		cJSON_ArrayForEach(res, results) {
			const char *u = str(res, "unranked", "");
			if (h == 2 ? strncmp(u, "duplicate_", 10) != 0
			           : strcmp(u, "context") != 0 || previous_of_ranked(res, ranked_year, 1) != (h == 0))
				continue;
			if (!any++)
				fprintf(f, "\n%s:\n", heads[h]);
			if (any <= cap)
				print_row(f, res);
		}
		if (any > cap)
			fprintf(f, "  … %ld more%s\n", any - cap,
			        top > 0 ? "" : " (--out, --csv, --html and --xlsx list each)");
	}
	const cJSON *np = cJSON_GetObjectItemCaseSensitive(root, "not_published");
	if (cJSON_GetArraySize(np) > 0) {
		fprintf(f, "\nnot published (未发布; on the roster, no report%s):\n",
		        cJSON_IsNumber(year) ? " of the year" : "");
		const cJSON *a;
		cJSON_ArrayForEach(a, np) {
			fputs("   -  ", f);
			pad(f, str(a, "agency", "?"), 30);
			fputs("      ", f);
			pad(f, nsw_agency_type(str(a, "agency_type", "")), 12);
			const char *near = str(a, "closest", NULL);
			if (near)
				fprintf(f, "未发布 (a report of %s was scored: the same agency, misspelt or shortened?)\n",
				        cli_safe(near));
			else
				fputs("未发布\n", f);
		}
	}
	static const char *const outcome[] = {"all passed", "warnings",
		"failures", "rule or load errors"};
	int oc = (int)num(sum, "outcome");
	fprintf(f, "\n%g report%s, %g loaded, %g failed to load, %g incomplete; outcome %d: %s\n",
	        num(sum, "reports"), num(sum, "reports") == 1 ? "" : "s", num(sum, "loaded"),
	        num(sum, "failed_to_load"),
	        num(sum, "incomplete"), oc, oc >= 0 && oc <= 3 ? outcome[oc] : "?");
	if (num(sum, "context") > 0 || num(sum, "duplicates") > 0 || num(sum, "not_published") > 0)
		fprintf(f, "%g ranked, %g of other years, %g duplicates, %g not published\n",
		        num(sum, "ranked"), num(sum, "context"), num(sum, "duplicates"),
		        num(sum, "not_published"));
	/* most reports of other years (a folder of different agencies'
	 * different years): the way to rank them all, in one line */
	/* (not the ranked reports' years before: compared with, not idle) */
	int *years = NULL, n = 0;
	if (cJSON_IsNumber(year) && num(sum, "context") > num(sum, "ranked") &&
	    (years = malloc(sizeof *years * (size_t)(cJSON_GetArraySize(results) + 1))))
		cJSON_ArrayForEach(res, results)
			if (strcmp(str(res, "unranked", ""), "context") == 0 && num(res, "year") > 0 &&
			    !str(res, "compared_with", NULL))
				years[n++] = (int)num(res, "year");
	if (years && n > num(sum, "ranked")) {
		/* the year most of them are of: ranking it is what was meant,
		 * more often than every year mixed (one report of a later year, or
		 * a title's typo, made its year the latest) */
		int most = 0, count = 0;
		qsort(years, (size_t)n, sizeof *years, cmp_year);
		for (int i = 0, same = 0; i < n; i++) {
			same = i > 0 && years[i] == years[i - 1] ? same + 1 : 1;
			if (same >= count) /* the later year of a tie */
				most = years[i], count = same;
		}
		fprintf(f, "most reports are not of %d and not ranked: %d of them are of %d "
		        "(--year %d ranks those; --year all ranks every year together)\n",
		        (int)year->valuedouble, count, most, most);
	}
	free(years);
	fprintf(f, "(err/warn/info: failing findings by severity; n/a: not assessable or not "
	        "applicable (无法评估或不适用);\n rule: checks that broke; loading: load "
	        "diagnostics, what reading the file found (an old template, a table not "
	        "found...),\n each shown by nianshen parse FILE)\n");
	if (num(sum, "incomplete") > 0)
		fprintf(f, "(!: incomplete: a check broke on the report or it did not load; "
		        "ranked after every complete report, its score not comparable)\n");
	cJSON_Delete(root);
}

/* One kind of rule error: the same rule failing with the same message
 * (rule NULL: a report that could not be scored at all). */
typedef struct err_group {
	const char *rule, *msg;
	int count;
	char who[3][256]; /* the first agencies, with the year */
} err_group;

void cli_print_rule_errors(FILE *f, const ns_run *run)
{
	if (ns_run_worst(run) < NS_OUTCOME_ERRORS)
		return; /* no rule broke and every report loaded */
	/* the heads say which results have rule errors: only those are read
	 * whole; the same check failing with the same message on 20 reports
	 * is one line with the count and the first agencies */
	cJSON *root = nse_run_summary(run);
	err_group *gs = NULL;
	int ng = 0, cap = 0, i = -1;
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		i++;
		const char *who = str(res, "agency", str(res, "path", "?"));
		const cJSON *y = cJSON_GetObjectItemCaseSensitive(res, "year");
		const char *re = str(res, "rule_error", NULL);
		const cJSON *whole = NULL, *fd = NULL;
		if (num(cJSON_GetObjectItemCaseSensitive(res, "counts"), "rule_errors") > 0) {
			/* the run's own tree: kept by it, strings point in */
			whole = nse_run_result(run, i);
			const cJSON *fs = cJSON_GetObjectItemCaseSensitive(whole, "findings");
			fd = fs ? fs->child : NULL;
		}
		/* the report's own error first, then each broken finding */
		for (int first = 1; first || fd; first = 0) {
			const char *rule = NULL, *msg;
			if (first) {
				if (!re)
					continue;
				msg = re;
			} else {
				const cJSON *cur = fd;
				fd = fd->next;
				if (strcmp(str(cur, "status", ""), "error") != 0)
					continue;
				rule = str(cur, "rule", "?");
				msg = str(cur, "message", "");
			}
			int g = 0;
			while (g < ng && !((rule ? gs[g].rule && strcmp(gs[g].rule, rule) == 0 : !gs[g].rule) &&
			                   strcmp(gs[g].msg, msg) == 0))
				g++;
			if (g == ng) {
				if (ng == cap) {
					cap = cap ? cap * 2 : 16;
					err_group *m = realloc(gs, (size_t)cap * sizeof *gs);
					if (!m)
						goto done;
					gs = m;
				}
				gs[ng++] = (err_group){rule, msg, 0, {{0}}};
			}
			if (gs[g].count < 3) {
				if (cJSON_IsNumber(y))
					snprintf(gs[g].who[gs[g].count], sizeof gs[g].who[0], "%s %d", who,
					         (int)y->valuedouble);
				else
					snprintf(gs[g].who[gs[g].count], sizeof gs[g].who[0], "%s", who);
			}
			gs[g].count++;
		}
	}
	for (int g = 0; g < ng && g < 20; g++) {
		err_group *e = &gs[g];
		if (e->count == 1 && e->rule)
			fprintf(f, "nianshen: rule error: %s: %s: %s\n", cli_safe(e->who[0]), e->rule, cli_line(e->msg));
		else if (e->count == 1)
			fprintf(f, "nianshen: %s: %s\n", cli_safe(e->who[0]), cli_line(e->msg));
		else {
			fprintf(f, "nianshen: %s%s%s%s — on %d reports (", e->rule ? "rule error: " : "",
			        e->rule ? e->rule : "", e->rule ? ": " : "", cli_line(e->msg), e->count);
			for (int k = 0; k < 3 && k < e->count; k++)
				fprintf(f, "%s%s", k ? ", " : "", cli_safe(e->who[k]));
			fprintf(f, "%s)\n", e->count > 3 ? ", …" : "");
		}
	}
	if (ng > 20) {
		int more = 0;
		for (int g = 20; g < ng; g++)
			more += gs[g].count;
		fprintf(f, "nianshen: … and %d more rule errors of %d other kinds (all are in "
		        "--out/--html)\n", more, ng - 20);
	}
done:
	free(gs);
	cJSON_Delete(root);
}

/* --profile (ns_run_costs): a line per check, the dearest first, with its
 * share of all the checks' time, its time per report and the report it
 * took longest on: where a scheme's time goes, and which rule to look at. */
static int by_seconds(const void *a, const void *b)
{
	const ns_check_cost *x = *(const ns_check_cost *const *)a, *y = *(const ns_check_cost *const *)b;
	if (x->seconds != y->seconds)
		return x->seconds < y->seconds ? 1 : -1;
	return strcmp(x->indicator, y->indicator);
}

void cli_print_costs(FILE *f, const ns_run *run)
{
	int n = ns_run_costs(run);
	const ns_check_cost **order = n > 0 ? malloc(sizeof *order * (size_t)n) : NULL;
	if (!order) {
		fprintf(f, "profile: none (%s)\n", n > 0 ? "out of memory"
		        : "no memory for it, or the run did not get to scoring");
		return;
	}
	double all = 0;
	long long most = 0, stopped = 0;
	for (int k = 0; k < n; k++) {
		order[k] = ns_run_cost(run, k);
		all += order[k]->seconds;
		stopped += order[k]->stopped;
		if (order[k]->reports > most)
			most = order[k]->reports;
	}
	qsort(order, (size_t)n, sizeof *order, by_seconds);
	fprintf(f, "profile: %d check%s on %lld report%s, %.3f s of checks in all (wall clock, "
	        "every scoring process)%s\n", n, n == 1 ? "" : "s", most, most == 1 ? "" : "s", all,
	        stopped ? "; stopped: the checks' time to the stop" : "");
	fprintf(f, "%-32s %8s %7s %10s %7s %10s %10s  %s\n", "check", "reports", "stopped",
	        "total s", "share", "us/report", "longest ms", "(on)");
	for (int k = 0; k < n; k++) {
		const ns_check_cost *c = order[k];
		if (!c->reports) {
			fprintf(f, "%-32s %8s %7s %10s %7s %10s %10s\n", cli_line(c->indicator), "0", "-",
			        "-", "-", "-", "-");
			continue;
		}
		fprintf(f, "%-32s %8lld %7lld %10.3f %6.1f%% %10.1f %10.2f  %s\n", cli_line(c->indicator),
		        c->reports, c->stopped, c->seconds, all > 0 ? 100 * c->seconds / all : 0.0,
		        1e6 * c->seconds / (double)c->reports, 1e3 * c->max_seconds,
		        c->max_path ? cli_line(c->max_path) : "");
	}
	free(order);
}
