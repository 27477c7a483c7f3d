/*
 * csv.c — the ranked table as CSV (RFC 4180, UTF-8 with a BOM so that
 * spreadsheets read the Chinese).  Chinese headers and values by default;
 * with ids (--csv-ids) the machine form of docs/results.md.  One row per
 * report (ranked first, then other years and duplicates), then one per
 * agency of the roster that published nothing; a column per group of the
 * scheme with the group's score.
 */
#include "out/wcommon.h"

#include <stdlib.h>

/* A text cell, quoted; one that starts with = + - @ (or a tab or a CR),
 * which a spreadsheet would run as a formula, gets a ' before it (OWASP's
 * advice on CSV injection: an agency or a file named "=HYPERLINK(...)" is
 * shown as text).  Numbers are not written through here: they stay
 * numbers. */
static void field(FILE *f, const char *s)
{
	fputc('"', f);
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r'))
		fputc('\'', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static const char *status_of(const cJSON *res, int ids)
{
	const char *u = str(res, "unranked", NULL);
	if (!u)
		return ids ? "ranked" : "参与排名";
	if (ids)
		return u;
	return strcmp(u, "context") == 0 ? "往年（不排名）"
	       : strcmp(u, "duplicate_content") == 0 ? "重复：内容相同（不排名）"
	       : "重复：同一单位同一年度（不排名）";
}

int nsw_write_csv(const cJSON *root, FILE *f, int ids)
{
	fputs("\xEF\xBB\xBF", f);
	if (ids)
		fputs("rank,complete,agency,agency_type,year,score,max_score,errors,warnings,infos,"
		      "not_assessable,rule_errors,load_error,path,status,duplicate_of", f);
	else
		fputs("名次,完整性,单位,类型,年度,得分,满分,严重问题,一般问题,提示,无法评估或不适用,"
		      "规则出错,读取错误,文件,排名状态,重复于", f);
	const cJSON *groups = jget(jget(root, "scheme"), "groups"), *g;
	cJSON_ArrayForEach(g, groups) {
		char *h = nsw_group_header(g, ids);
		if (!h)
			return NS_ERR_NOMEM;
		fputc(',', f);
		field(f, h);
		free(h);
	}
	fputc('\n', f);
	const cJSON *res;
	cJSON_ArrayForEach(res, jget(root, "results")) {
		const cJSON *c = jget(res, "counts");
		if (has_num(res, "rank"))
			fprintf(f, "%g", num(res, "rank"));
		fprintf(f, ",%s,", incomplete(res) ? (ids ? "incomplete" : "不完整")
		                                   : (ids ? "complete" : "完整"));
		field(f, str(res, "agency", ""));
		fputc(',', f);
		field(f, ids ? str(res, "agency_type", "") : nsw_agency_type(str(res, "agency_type", "")));
		if (has_num(res, "year"))
			fprintf(f, ",%g,", num(res, "year"));
		else
			fputs(",,", f);
		if (has_num(res, "score"))
			fprintf(f, "%g", num(res, "score"));
		fprintf(f, ",%g,%g,%g,%g,%g,%g,", num(res, "max_score"), num(c, "error"),
		        num(c, "warning"), num(c, "info"), num(c, "not_assessable"),
		        num(c, "rule_errors"));
		field(f, str(res, "load_error", ""));
		fputc(',', f);
		field(f, str(res, "path", ""));
		fputc(',', f);
		field(f, status_of(res, ids));
		fputc(',', f);
		field(f, str(res, "duplicate_of", ""));
		cJSON_ArrayForEach(g, groups) {
			fputc(',', f);
			const cJSON *rg;
			cJSON_ArrayForEach(rg, jget(res, "groups"))
				if (strcmp(str(rg, "name", ""), str(g, "name", "?")) == 0 && has_num(rg, "score"))
					fprintf(f, "%g", num(rg, "score"));
		}
		fputc('\n', f);
	}
	/* the roster's agencies with no report: a row each, no rank */
	cJSON_ArrayForEach(res, jget(root, "not_published")) {
		fputc(',', f);
		fputc(',', f);
		field(f, str(res, "agency", ""));
		fputc(',', f);
		field(f, ids ? str(res, "agency_type", "") : nsw_agency_type(str(res, "agency_type", "")));
		if (has_num(res, "year"))
			fprintf(f, ",%g", num(res, "year"));
		else
			fputc(',', f);
		fputs(",,,,,,,,,,", f);
		field(f, ids ? "not_published" : "未发布");
		fputc(',', f);
		cJSON_ArrayForEach(g, groups)
			fputc(',', f);
		fputc('\n', f);
	}
	return ferror(f) ? NS_ERR_IO : NS_OK;
}
