/*
 * writers.c — a district run's results as JSON, CSV, HTML and XLSX.
 * Every writer reads the same result tree (nse_run_tree) so that the files
 * agree with each other and with the terminal.
 */
#include "model/model.h"
#include "out/outfile.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

cJSON *nse_run_tree(const ns_run *run);
ns_ctx *nse_run_ctx(const ns_run *run);

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

static int has_num(const cJSON *o, const char *k)
{
	return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* A result whose checks did not all run to their end (or that did not
 * load): its score is not comparable, and every writer says so where the
 * rank stands (docs/results.md). */
static int incomplete(const cJSON *res)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "incomplete"));
}

/* ---- CSV: the ranked table (RFC 4180, UTF-8 with BOM for spreadsheets) */

static void csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int write_csv(const cJSON *root, FILE *f)
{
	fputs("\xEF\xBB\xBF", f);
	fputs("rank,complete,agency,agency_type,year,score,max_score,errors,warnings,infos,"
	      "not_assessable,rule_errors,load_error,path\n", f);
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(res, "counts");
		fprintf(f, "%g,%s,", num(res, "rank"), incomplete(res) ? "incomplete" : "complete");
		csv_field(f, str(res, "agency", ""));
		fputc(',', f);
		csv_field(f, str(res, "agency_type", ""));
		if (has_num(res, "year"))
			fprintf(f, ",%g,", num(res, "year"));
		else
			fputs(",,", f);
		if (has_num(res, "score"))
			fprintf(f, "%g", num(res, "score"));
		fprintf(f, ",%g,%g,%g,%g,%g,%g,", num(res, "max_score"), num(c, "error"),
		        num(c, "warning"), num(c, "info"), num(c, "not_assessable"),
		        num(c, "rule_errors"));
		csv_field(f, str(res, "load_error", ""));
		fputc(',', f);
		csv_field(f, str(res, "path", ""));
		fputc('\n', f);
	}
	return ferror(f) ? NS_ERR_IO : NS_OK;
}

/* ---- HTML: a readable report for people ---------------------------- */

static void html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void html_evidence(FILE *f, const cJSON *evidence)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, evidence) {
		const char *kind = str(e, "kind", "");
		fputs("<span class=ev>", f);
		if (strcmp(kind, "cell") == 0) {
			html_text(f, str(e, "cell", ""));
			fputs(" = ", f);
			html_text(f, str(e, "raw", "空"));
		} else if (strcmp(kind, "text") == 0) {
			fputs("“", f);
			html_text(f, str(e, "text", ""));
			fputs("”", f);
		} else {
			html_text(f, str(e, kind, str(e, "text", kind)));
		}
		if (num(e, "page") > 0)
			fprintf(f, " (第%g页 ", num(e, "page"));
		else
			fputs(" (", f);
		fprintf(f, "第%g行)</span> ", num(e, "line"));
	}
}

/* The findings that fail or broke (na = 0), or those not assessable. */
static void html_findings(FILE *f, const cJSON *findings, int na)
{
	fputs("<table><tr><th>指标</th><th>结果</th><th>扣分</th><th>说明与依据位置</th></tr>\n", f);
	const cJSON *fd;
	cJSON_ArrayForEach(fd, findings) {
		const char *st = str(fd, "status", "");
		if (strcmp(st, "pass") == 0 || (strcmp(st, "na") == 0) != na)
			continue;
		fprintf(f, "<tr class=%s><td>", st);
		html_text(f, str(fd, "title", ""));
		fputs(" <small>", f);
		html_text(f, str(fd, "rule", ""));
		fputs("</small></td><td>", f);
		fputs(strcmp(st, "fail") == 0 ? "不符合" : na ? "无法评估" : "规则出错", f);
		fprintf(f, "</td><td class=n>%g</td><td>", num(fd, "deduction"));
		html_text(f, str(fd, "message", ""));
		fputs("<br>", f);
		html_evidence(f, cJSON_GetObjectItemCaseSensitive(fd, "evidence"));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Reports that share a 五 (copy_groups, docs/results.md): each group once,
 * with its members, so that a template handed to a whole county reads as
 * one finding of the district, not one per pair. */
static void html_copy_groups(FILE *f, const cJSON *root)
{
	const cJSON *gs = cJSON_GetObjectItemCaseSensitive(root, "copy_groups");
	if (!cJSON_GetArraySize(gs))
		return;
	fputs("<h2>第五部分雷同组</h2>\n<table><tr><th>组</th><th>份数</th><th>相似度</th>"
	      "<th>单位</th></tr>\n", f);
	const cJSON *g;
	cJSON_ArrayForEach(g, gs) {
		const cJSON *sim = cJSON_GetObjectItemCaseSensitive(g, "similarity");
		fprintf(f, "<tr><td class=n>%g</td><td class=n>%g</td><td>%.0f%%–%.0f%%</td><td>",
		        num(g, "group"), num(g, "size"), num(sim, "min") * 100, num(sim, "max") * 100);
		const cJSON *m;
		int first = 1;
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(g, "members")) {
			if (!first)
				fputs("、", f);
			first = 0;
			html_text(f, str(m, "agency", str(m, "path", "?")));
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static int write_html(const cJSON *root, FILE *f)
{
	const cJSON *sch = cJSON_GetObjectItemCaseSensitive(root, "scheme");
	fputs("<!doctype html>\n<html lang=zh-CN><head><meta charset=utf-8>\n"
	      "<title>政府信息公开工作年度报告评估结果</title>\n<style>\n"
	      "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em}\n"
	      "th{background:#f3f3f3}td.n{text-align:right}.fail{color:#b00}.error{color:#a0a}\n"
	      ".na{color:#888}.ev{font-size:.85em;color:#555}h2{margin-top:2em;border-bottom:1px solid #ddd}\n"
	      "tr.incomplete td{background:#fdf0f0}.mark{color:#b00;font-weight:bold}\n"
	      "</style></head><body>\n<h1>政府信息公开工作年度报告评估结果</h1>\n<p>评估方案：", f);
	html_text(f, str(sch, "name", ""));
	fprintf(f, "（满分 %g 分）；评估时间 ", num(sch, "max_score"));
	html_text(f, str(root, "ran_at", ""));
	fputs("；方案校验值 <code>", f);
	html_text(f, str(sch, "sha256", ""));
	fputs("</code>；nianshen ", f);
	html_text(f, str(root, "nianshen", ""));
	fputs("</p>\n<h2>排名</h2>\n", f);
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(root, "summary");
	if (num(sum, "incomplete") > 0)
		fprintf(f, "<p class=mark>%g 份报告评分不完整（有指标运行出错、超出限制或未能读取），"
		        "其得分不能与完整报告相比，排在完整报告之后。</p>\n", num(sum, "incomplete"));
	fputs("<table><tr><th>名次</th><th>完整性</th><th>单位</th><th>年度</th>"
	      "<th>得分</th><th>严重问题</th><th>一般问题</th><th>无法评估</th><th>说明</th></tr>\n", f);
	const cJSON *res;
	int k = 0;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(res, "counts");
		int inc = incomplete(res);
		fprintf(f, "<tr%s><td class=n>%g</td><td>%s</td><td><a href=\"#r%d\">",
		        inc ? " class=incomplete" : "", num(res, "rank"),
		        inc ? "<span class=mark>不完整</span>" : "完整", k++);
		html_text(f, str(res, "agency", str(res, "path", "?")));
		fputs("</a></td><td>", f);
		if (has_num(res, "year"))
			fprintf(f, "%g", num(res, "year"));
		fputs("</td><td class=n>", f);
		if (has_num(res, "score"))
			fprintf(f, "%g", num(res, "score"));
		else
			fputs("—", f);
		fprintf(f, "</td><td class=n>%g</td><td class=n>%g</td><td class=n>%g</td><td>",
		        num(c, "error"), num(c, "warning"), num(c, "not_assessable"));
		const char *le = str(res, "load_error", NULL);
		if (le) {
			fputs("<span class=error>无法读取：", f);
			html_text(f, le);
			fputs("</span>", f);
		} else if (num(c, "rule_errors") > 0) {
			fprintf(f, "<span class=error>%g 条规则运行出错</span>", num(c, "rule_errors"));
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	html_copy_groups(f, root);
	k = 0;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		fprintf(f, "<h2 id=r%d>", k++);
		html_text(f, str(res, "agency", "?"));
		if (has_num(res, "year"))
			fprintf(f, " %g 年度", num(res, "year"));
		if (has_num(res, "score"))
			fprintf(f, " — %g / %g 分", num(res, "score"), num(res, "max_score"));
		if (incomplete(res))
			fputs(" <span class=mark>（评分不完整）</span>", f);
		fputs("</h2>\n<p>文件：<code>", f);
		html_text(f, str(res, "path", ""));
		fputs("</code></p>\n", f);
		if (str(res, "load_error", NULL)) {
			fputs("<p class=error>", f);
			html_text(f, str(res, "load_error", ""));
			fputs("</p>\n", f);
			continue;
		}
		/* what deducts or broke first; what could not be assessed folded
		 * away below it, so that the defects stand out */
		const cJSON *fds = cJSON_GetObjectItemCaseSensitive(res, "findings");
		int nfail = 0, nna = 0;
		const cJSON *fd;
		cJSON_ArrayForEach(fd, fds) {
			const char *st = str(fd, "status", "");
			nfail += strcmp(st, "fail") == 0 || strcmp(st, "error") == 0;
			nna += strcmp(st, "na") == 0;
		}
		if (nfail)
			html_findings(f, fds, 0);
		else
			fputs("<p>未发现问题。</p>\n", f);
		if (nna) {
			fprintf(f, "<details><summary>无法评估或不适用的指标 %d 项</summary>\n", nna);
			html_findings(f, fds, 1);
			fputs("</details>\n", f);
		}
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? NS_ERR_IO : NS_OK;
}

/* ---- XLSX: ranking and findings sheets --------------------------- */

static int write_xlsx(const cJSON *root, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return NS_ERR_IO;
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *mark = workbook_add_format(wb); /* an incomplete report */
	format_set_bold(mark);
	format_set_font_color(mark, LXW_COLOR_RED);
	lxw_worksheet *rank = workbook_add_worksheet(wb, "排名");
	lxw_worksheet *find = workbook_add_worksheet(wb, "问题清单");
	static const char *const rh[] = {"名次", "完整性", "单位", "类型", "年度", "得分", "满分",
		"严重问题", "一般问题", "提示", "无法评估", "规则出错", "读取错误", "文件"};
	for (int c = 0; c < 14; c++)
		worksheet_write_string(rank, 0, (lxw_col_t)c, rh[c], bold);
	static const char *const fh[] = {"单位", "年度", "指标", "指标名称", "严重程度",
		"结果", "扣分", "说明", "位置", "依据"};
	for (int c = 0; c < 10; c++)
		worksheet_write_string(find, 0, (lxw_col_t)c, fh[c], bold);
	worksheet_set_column(rank, 2, 2, 30, NULL);
	worksheet_set_column(rank, 13, 13, 40, NULL);
	worksheet_set_column(find, 0, 0, 28, NULL);
	worksheet_set_column(find, 3, 3, 28, NULL);
	worksheet_set_column(find, 7, 7, 70, NULL);
	worksheet_set_column(find, 8, 8, 30, NULL);
	lxw_row_t r = 1, fr = 1;
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(res, "counts");
		int inc = incomplete(res);
		worksheet_write_number(rank, r, 0, num(res, "rank"), inc ? mark : NULL);
		worksheet_write_string(rank, r, 1, inc ? "不完整" : "完整", inc ? mark : NULL);
		worksheet_write_string(rank, r, 2, str(res, "agency", ""), NULL);
		worksheet_write_string(rank, r, 3, str(res, "agency_type", ""), NULL);
		if (has_num(res, "year"))
			worksheet_write_number(rank, r, 4, num(res, "year"), NULL);
		if (has_num(res, "score"))
			worksheet_write_number(rank, r, 5, num(res, "score"), inc ? mark : NULL);
		worksheet_write_number(rank, r, 6, num(res, "max_score"), NULL);
		worksheet_write_number(rank, r, 7, num(c, "error"), NULL);
		worksheet_write_number(rank, r, 8, num(c, "warning"), NULL);
		worksheet_write_number(rank, r, 9, num(c, "info"), NULL);
		worksheet_write_number(rank, r, 10, num(c, "not_assessable"), NULL);
		worksheet_write_number(rank, r, 11, num(c, "rule_errors"), NULL);
		worksheet_write_string(rank, r, 12, str(res, "load_error", ""), NULL);
		worksheet_write_string(rank, r, 13, str(res, "path", ""), NULL);
		r++;
		const cJSON *fd;
		cJSON_ArrayForEach(fd, cJSON_GetObjectItemCaseSensitive(res, "findings")) {
			const char *st = str(fd, "status", "");
			if (strcmp(st, "pass") == 0)
				continue;
			worksheet_write_string(find, fr, 0, str(res, "agency", ""), NULL);
			if (has_num(res, "year"))
				worksheet_write_number(find, fr, 1, num(res, "year"), NULL);
			worksheet_write_string(find, fr, 2, str(fd, "rule", ""), NULL);
			worksheet_write_string(find, fr, 3, str(fd, "title", ""), NULL);
			worksheet_write_string(find, fr, 4, str(fd, "severity", ""), NULL);
			worksheet_write_string(find, fr, 5, st, NULL);
			worksheet_write_number(find, fr, 6, num(fd, "deduction"), NULL);
			worksheet_write_string(find, fr, 7, str(fd, "message", ""), NULL);
			char where[256] = "";
			const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(fd, "evidence"), 0);
			if (ev)
				snprintf(where, sizeof where, "%s 第%g行", str(ev, "cell",
				         str(ev, "section", str(ev, "row", str(ev, "table", "")))),
				         num(ev, "line"));
			worksheet_write_string(find, fr, 8, where, NULL);
			worksheet_write_string(find, fr, 9, str(fd, "basis", ""), NULL);
			fr++;
		}
	}
	/* a third sheet only when reports share a 五: one row per member */
	const cJSON *gs = cJSON_GetObjectItemCaseSensitive(root, "copy_groups");
	if (cJSON_GetArraySize(gs) > 0) {
		lxw_worksheet *cg = workbook_add_worksheet(wb, "雷同组");
		static const char *const gh[] = {"组", "份数", "最低相似度", "最高相似度", "单位",
			"年度", "文件", NULL};
		for (int c = 0; gh[c]; c++)
			worksheet_write_string(cg, 0, (lxw_col_t)c, gh[c], bold);
		worksheet_set_column(cg, 4, 4, 30, NULL);
		worksheet_set_column(cg, 6, 6, 40, NULL);
		lxw_row_t gr = 1;
		const cJSON *g, *m;
		cJSON_ArrayForEach(g, gs) {
			const cJSON *sim = cJSON_GetObjectItemCaseSensitive(g, "similarity");
			cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(g, "members")) {
				worksheet_write_number(cg, gr, 0, num(g, "group"), NULL);
				worksheet_write_number(cg, gr, 1, num(g, "size"), NULL);
				worksheet_write_number(cg, gr, 2, num(sim, "min"), NULL);
				worksheet_write_number(cg, gr, 3, num(sim, "max"), NULL);
				worksheet_write_string(cg, gr, 4, str(m, "agency", ""), NULL);
				if (has_num(m, "year"))
					worksheet_write_number(cg, gr, 5, num(m, "year"), NULL);
				worksheet_write_string(cg, gr, 6, str(m, "path", ""), NULL);
				gr++;
			}
		}
	}
	return workbook_close(wb) == LXW_NO_ERROR ? NS_OK : NS_ERR_IO;
}

static int ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), m = strlen(ext);
	return n >= m && strcasecmp(s + n - m, ext) == 0;
}

int ns_run_write(const ns_run *run, const char *path)
{
	return ns_run_write_as(run, path, NULL);
}

int ns_run_write_as(const ns_run *run, const char *path, const char *format)
{
	if (!run || !path)
		return NS_ERR_ARG;
	if (format && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "html") && strcmp(format, "xlsx"))
		return nsc_fail(nse_run_ctx(run), NS_ERR_ARG, "%s: unknown format '%s' "
		                "(json, csv, html, xlsx)", path, format);
	int xlsx = format ? !strcmp(format, "xlsx") : ends_with(path, ".xlsx");
	int csv = format ? !strcmp(format, "csv") : ends_with(path, ".csv");
	int html = format ? !strcmp(format, "html")
	                  : ends_with(path, ".html") || ends_with(path, ".htm");
	/* a temporary file beside path, renamed over it once complete
	 * (outfile.c): a failure leaves the previous file as it was.  It is
	 * made first: the reason goes on the context, and libxlsxwriter, which
	 * prints its own errors, is only called on a writable path */
	nso_file o;
	int e = nso_open(&o, path);
	if (e)
		return nsc_fail(nse_run_ctx(run), NS_ERR_IO, "%s: %s", path, strerror(e));
	cJSON *root = nse_run_tree(run);
	int rc;
	FILE *f = o.f;
	if (xlsx) {
		nso_release(&o);
		errno = 0; /* what libxlsxwriter met, for the message */
		rc = write_xlsx(root, o.tmp);
		if (rc != NS_OK && !o.err)
			o.err = errno;
	} else {
		if (csv) {
			rc = write_csv(root, f);
		} else if (html) {
			rc = write_html(root, f);
		} else {
			char *s = cJSON_Print(root);
			rc = s && fputs(s, f) >= 0 ? NS_OK : NS_ERR_IO;
			fputc('\n', f);
			free(s);
		}
	}
	cJSON_Delete(root);
	if (rc != NS_OK) {
		e = o.err;
		nso_abort(&o);
		return nsc_fail(nse_run_ctx(run), rc, "%s: write error%s%s; the previous file "
		                "is left as it was", path, e ? ": " : "", e ? strerror(e) : "");
	}
	if ((e = nso_commit(&o)) != 0)
		return nsc_fail(nse_run_ctx(run), NS_ERR_IO, "%s: write error: %s; the previous "
		                "file is left as it was", path, strerror(e));
	return nsc_ok(nse_run_ctx(run));
}
