/* ranking.c — the ranked table on the terminal, read from the results JSON
 * so that the screen and the written files can never disagree. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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

static void pad(FILE *f, const char *s, int cols)
{
	fputs(s, f);
	for (int k = width(s); k < cols; k++)
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
	fprintf(f, "%-10s  ", str(res, "agency_type", "?"));
	if (cJSON_IsNumber(score))
		fprintf(f, "%5.1f  %4g %4g %4g %4g %5g  ", score->valuedouble,
		        num(c, "error"), num(c, "warning"), num(c, "info"),
		        num(c, "not_assessable"), num(c, "rule_errors"));
	else
		fprintf(f, "    —                              ");
	const char *le = str(res, "load_error", NULL);
	const char *dup = str(res, "duplicate_of", NULL);
	if (le)
		fprintf(f, "FAILED: %s", le);
	else if (inc)
		fprintf(f, "INCOMPLETE: %g check(s) broke", num(c, "rule_errors"));
	else if (ld && (num(ld, "error") || num(ld, "warning")))
		fprintf(f, "%g error(s), %g warning(s)", num(ld, "error"), num(ld, "warning"));
	if (dup)
		fprintf(f, "%sDUPLICATE (%s) of %s", le || inc ? "; " : "",
		        strcmp(str(res, "unranked", ""), "duplicate_content") == 0
		        ? "same content" : "same agency and year", dup);
	fputc('\n', f);
}

/* run.c: the results' heads (writers.h), and one result whole */
cJSON *nse_run_summary(const ns_run *run);
cJSON *nse_run_result(const ns_run *run, int i);

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
	fprintf(f, "%s  (max %g points, scheme sha256 %.12s)", ns_scheme_name(s),
	        num(sch, "max_score"), ns_scheme_sha256(s));
	if (cJSON_IsNumber(year))
		fprintf(f, "  — ranking of %d", (int)year->valuedouble);
	fputs("\n\n", f);
	fprintf(f, "rank  ");
	pad(f, "agency", 30);
	fprintf(f, "year  type        score   err warn info  n/a  rule  loading\n");
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
	/* what is not ranked: other years (context for ctx.previous), then
	 * duplicates, each under its own heading */
	static const char *const heads[] = {"context",
		"not ranked: other years, read only as the previous year of a report",
		"duplicate_", "not ranked: duplicates (same content, or same agency and year)"};
	for (int h = 0; h < 4; h += 2) {
		int any = 0;
		cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
			if (strncmp(str(res, "unranked", ""), heads[h], strlen(heads[h])) != 0)
				continue;
			if (!any++)
				fprintf(f, "\n%s:\n", heads[h + 1]);
			if (top <= 0 || any <= top)
				print_row(f, res);
		}
		if (top > 0 && any > top)
			fprintf(f, "  … %ld more\n", any - top);
	}
	const cJSON *np = cJSON_GetObjectItemCaseSensitive(root, "not_published");
	if (cJSON_GetArraySize(np) > 0) {
		fprintf(f, "\nnot published (未发布; on the roster, no report%s):\n",
		        cJSON_IsNumber(year) ? " of the year" : "");
		const cJSON *a;
		cJSON_ArrayForEach(a, np) {
			fputs("   -  ", f);
			pad(f, str(a, "agency", "?"), 30);
			fprintf(f, "      %-10s  未发布\n", str(a, "agency_type", ""));
		}
	}
	static const char *const outcome[] = {"all passed", "warnings",
		"failures", "rule or load errors"};
	int oc = (int)num(sum, "outcome");
	fprintf(f, "\n%g reports, %g loaded, %g failed to load, %g incomplete; outcome %d: %s\n",
	        num(sum, "reports"), num(sum, "loaded"), num(sum, "failed_to_load"),
	        num(sum, "incomplete"), oc, oc >= 0 && oc <= 3 ? outcome[oc] : "?");
	if (num(sum, "context") > 0 || num(sum, "duplicates") > 0 || num(sum, "not_published") > 0)
		fprintf(f, "%g ranked, %g of other years, %g duplicates, %g not published\n",
		        num(sum, "ranked"), num(sum, "context"), num(sum, "duplicates"),
		        num(sum, "not_published"));
	fprintf(f, "(err/warn/info: failing findings by severity; n/a: not assessable; "
	        "rule: checks that broke)\n");
	if (num(sum, "incomplete") > 0)
		fprintf(f, "(!: incomplete: a check broke on the report or it did not load; "
		        "ranked after every complete report, its score not comparable)\n");
	cJSON_Delete(root);
}

void cli_print_rule_errors(FILE *f, const ns_run *run)
{
	/* the heads say which results have rule errors: only those are read
	 * whole */
	cJSON *root = nse_run_summary(run);
	int shown = 0, total = 0, i = -1;
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		i++;
		const char *who = str(res, "agency", str(res, "path", "?"));
		const char *re = str(res, "rule_error", NULL);
		if (re) {
			total++;
			if (shown++ < 20)
				fprintf(f, "nianshen: %s: %s\n", who, re);
		}
		if (num(cJSON_GetObjectItemCaseSensitive(res, "counts"), "rule_errors") <= 0)
			continue;
		const cJSON *whole = nse_run_result(run, i), *fd;
		cJSON_ArrayForEach(fd, cJSON_GetObjectItemCaseSensitive(whole, "findings")) {
			if (strcmp(str(fd, "status", ""), "error") != 0)
				continue;
			total++;
			if (shown++ < 20)
				fprintf(f, "nianshen: rule error: %s %g: %s: %s\n", who,
				        num(res, "year"), str(fd, "rule", "?"), str(fd, "message", ""));
		}
	}
	if (total > 20)
		fprintf(f, "nianshen: … and %d more rule errors (all are in --out/--html)\n",
		        total - 20);
	cJSON_Delete(root);
}
